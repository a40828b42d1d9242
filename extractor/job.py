"""The main job: read inputs, extract every article, write the tables.

The job is a stream: records are read one at a time (:func:`extractor.io.read_inputs`),
grouped into batches, extracted in this process, in worker processes or on a Dask
cluster (:class:`extractor.parallel.BatchRunner`, results in input order), and their rows
appended to temporary files that are moved into place at the end
(:class:`extractor.io.TableWriter`). Memory does not grow with the corpus.

Resuming (``resume=True``, ``extractor run --resume``):

1. the ids in ``DIR/articles.<fmt>`` are read; every input record whose id (for an
   unreadable record, its ``file:N`` position) is among them is skipped, ``ok`` and
   ``error`` rows alike;
2. each table starts as a copy of the committed one (``awards``, ``campaigns`` and
   ``mentions`` rows of articles missing from ``articles`` are dropped: they can only
   come from a commit torn between two files), and the new rows are appended after them;
3. the tables are committed as in a fresh run. Temporary files of a killed run are
   deleted. A table of another format in ``DIR`` is not looked at.

Checkpoints (``checkpoint_every``): every that many records the tables are committed, so
a killed run loses at most the records since the last checkpoint and ``--resume`` goes
on from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from .io import FORMATS, RawLine, ReadFailure, TableWriter, read_inputs, written_ids
from .model import Article
from .parallel import BatchRunner, batched
from .pipeline import load_resources
from .prefilter import cue_phrases


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of one run: records read, articles extracted, records failed, rows written,
    and records skipped because a previous run had written them (``resume``)."""

    read: int
    extracted: int
    failed: int
    awards: int
    campaigns: int
    out_dir: Path
    skipped: int = 0

    def line(self) -> str:
        """The closing line printed by the command."""
        skipped = f", skipped {self.skipped} already written" if self.skipped else ""
        return (f"read {self.read}, extracted {self.extracted}, failed {self.failed}"
                f"{skipped}: {self.awards} award rows, {self.campaigns} campaigns "
                f"-> {self.out_dir}")


def default_corpus() -> Path:
    """The bundled sample corpus: ``corpus/articles.jsonl`` of the working directory, else of
    the source checkout the package was installed from."""
    here = Path("corpus") / "articles.jsonl"
    if here.is_file():
        return here
    return Path(__file__).resolve().parent.parent / "corpus" / "articles.jsonl"


class _Skipper:
    """Drop records whose id was already written, counting them. Unparsed lines are
    parsed here only when there are ids to skip."""

    def __init__(self, done: set[str]) -> None:
        self.done = done
        self.skipped = 0

    def __call__(self, records: Iterable[Article | ReadFailure | RawLine]
                 ) -> Iterator[Article | ReadFailure | RawLine]:
        if not self.done:
            yield from records
            return
        for rec in records:
            parsed = rec.parse() if isinstance(rec, RawLine) else rec
            if parsed.id in self.done:
                self.skipped += 1
            else:
                yield parsed


def run_job(inputs: Iterable[str | Path], out_dir: str | Path, fmt: str = "parquet",
            progress: bool = False, *, workers: int = 1, resume: bool = False,
            text_column: str = "text", id_column: str | None = None,
            dask_scheduler: str | None = None, batch_size: int | None = None,
            checkpoint_every: int = 50_000) -> Summary:
    """Extract every article of ``inputs`` and write the tables to ``out_dir``.

    Args:
        inputs: files and folders, as accepted by :func:`extractor.io.read_inputs`.
        out_dir: output folder; ``awards``, ``campaigns``, ``articles`` and ``mentions``
            tables are written there in ``fmt``, atomically (see the module docstring).
        fmt: ``parquet``, ``csv`` or ``jsonl``.
        progress: show a progress bar (articles per second) on stderr.
        workers: worker processes (1: extract in this process). The tables do not depend
            on it.
        resume: skip the records whose id is already in ``out_dir/articles.<fmt>`` and
            append the new rows to the tables there (see the module docstring).
        text_column, id_column: field / column names of the text and the id in JSONL,
            CSV and Parquet inputs (see :func:`extractor.io.read_inputs`).
        dask_scheduler: address of a running Dask scheduler; batches are extracted on its
            workers (needs ``extractor[dask]``) and ``workers`` is ignored.
        batch_size: records per unit of work (a worker's task, a chunk of rows); default
            1024 in this process, 512 with workers or Dask.
        checkpoint_every: commit the tables every that many records (0: only at the end).

    Returns:
        A :class:`Summary`. Records that could not be read or extracted are counted in
        ``failed`` and appear in the ``articles`` table with ``status == "error"``;
        ``skipped`` counts the records a resumed run did not redo.

    Raises:
        ResourceError: a language-data file is broken; nothing is written.
        ValueError: unknown ``fmt``, ``workers`` or ``batch_size`` below 1.
        ExtractorError: ``resume`` and a table in ``out_dir`` cannot be read or appended
            to.
        ImportError: ``dask_scheduler`` without ``dask.distributed`` installed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if batch_size is None:
        # tables are built per batch at a fixed cost of ~15 ms: large batches when that is
        # all there is, smaller ones to keep several workers busy to the end
        batch_size = 1024 if workers == 1 and dask_scheduler is None else 512
    if workers < 1 or batch_size < 1:
        raise ValueError("workers and batch_size must be at least 1")
    load_resources()
    cue_phrases()
    done = written_ids(out_dir, fmt) if resume else set()
    skipper = _Skipper(done)
    # JSON Lines records travel unparsed: the workers decode them
    records = read_inputs(inputs, text_column=text_column, id_column=id_column, defer=True)
    read = extracted = failed = awards = campaigns = 0
    since_checkpoint = 0
    with BatchRunner(workers, scheduler=dask_scheduler) as runner, \
            TableWriter(out_dir, fmt, append=resume, keep_ids=done) as writer, \
            tqdm(disable=not progress, unit=" articles", desc="extract",
                 dynamic_ncols=True) as bar:
        for chunk in runner.map(batched(skipper(records), batch_size), bar.update):
            writer.write(chunk.frames)
            read += chunk.records
            extracted += chunk.extracted
            failed += chunk.failed
            awards += chunk.awards
            campaigns += chunk.campaigns
            since_checkpoint += chunk.records
            if checkpoint_every and since_checkpoint >= checkpoint_every:
                writer.checkpoint()
                since_checkpoint = 0
    return Summary(read=read, extracted=extracted, failed=failed, awards=awards,
                   campaigns=campaigns, out_dir=Path(out_dir), skipped=skipper.skipped)
