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

Duplicate ids: ``article_id`` is unique in the ``articles`` table. A record whose id was
already used in the run is compared with the first by ``text_hash``: the same text is a
repeat (status ``duplicate``, no rows in the other tables, the first one's source in
``error``); another text is a different article and is kept under ``<id>~2`` (``~3``...),
which its ``notes`` say, in every table.

Checkpoints (``checkpoint_every``): every that many records the tables are committed, so
a killed run loses at most the records since the last checkpoint and ``--resume`` goes
on from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from .io import FORMATS, RawLine, ReadFailure, TableWriter, read_inputs, written_ids
from .model import Article
from .parallel import BatchRunner, Chunk, batched
from .pipeline import load_resources
from .prefilter import cue_phrases
from .tables import IdRegistry


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of one run: records read, articles extracted, records failed, rows written,
    records skipped because a previous run had written them (``resume``), and repeats of
    an earlier record (same id and text). ``read == extracted + failed + duplicates``."""

    read: int
    extracted: int
    failed: int
    awards: int
    campaigns: int
    out_dir: Path
    skipped: int = 0
    duplicates: int = 0

    def line(self) -> str:
        """The closing line printed by the command."""
        skipped = f", skipped {self.skipped} already written" if self.skipped else ""
        repeats = f", {self.duplicates} duplicates" if self.duplicates else ""
        return (f"read {self.read}, extracted {self.extracted}, failed {self.failed}"
                f"{repeats}{skipped}: {self.awards} award rows, {self.campaigns} campaigns "
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


class _UniqueIds:
    """Keeps ``article_id`` unique over a run's chunks (see the module docstring), with an
    :class:`~extractor.tables.IdRegistry`."""

    def __init__(self) -> None:
        self.ids = IdRegistry()
        self.duplicates = 0

    def __call__(self, chunk: Chunk) -> Chunk:
        arts = chunk.frames["articles"]
        ids = arts["article_id"].tolist()
        if not any(self.ids.seen(i) for i in ids) and len(set(ids)) == len(ids):
            for rid, digest, source in zip(ids, arts["text_hash"].tolist(),
                                           arts["source"].tolist(), strict=True):
                self.ids.add(rid, _na(digest), _na(source))
            return chunk
        return self._resolve(chunk)

    def _resolve(self, chunk: Chunk) -> Chunk:
        frames = {name: df.copy() for name, df in chunk.frames.items()}
        arts = frames["articles"]
        col = {name: arts.columns.get_loc(name) for name in ("article_id", "status", "error",
                                                              "notes")}
        repeats: set[int] = set()
        renamed: dict[int, tuple[str, str]] = {}  # articles row -> (old id, new id)
        rows = zip(arts["article_id"].tolist(), arts["text_hash"].tolist(),
                   arts["source"].tolist(), strict=True)
        for row, (rid, digest, source) in enumerate(rows):
            new, first = self.ids.assign(rid, _na(digest), _na(source))
            if first is None:
                continue
            if new == rid:
                repeats.add(row)
                arts.iat[row, col["status"]] = "duplicate"
                arts.iat[row, col["error"]] = IdRegistry.repeat_reason(first)
            else:
                renamed[row] = (rid, new)
                note = IdRegistry.rename_note(rid, new, first)
                old_note = _na(arts.iat[row, col["notes"]])
                arts.iat[row, col["notes"]] = f"{old_note}; {note}" if old_note else note
                arts.iat[row, col["article_id"]] = new
        # the rows of each article follow the articles table's order, n_awards and
        # n_campaigns of them; mentions follow their facts
        fact_owner = np.repeat(np.arange(len(arts)), arts["n_awards"].fillna(0).to_numpy(int))
        camp_owner = np.repeat(np.arange(len(arts)),
                               arts["n_campaigns"].fillna(0).to_numpy(int))
        mention_owner = _mention_owners(frames["awards"], fact_owner, frames["mentions"])
        frames["awards"] = _rekey(frames["awards"], fact_owner, repeats, renamed, "fact_id")
        frames["campaigns"] = _rekey(frames["campaigns"], camp_owner, repeats, renamed,
                                     "campaign_id")
        frames["mentions"] = _rekey(frames["mentions"], mention_owner, repeats, renamed,
                                    "fact_id")
        if repeats:
            for name in ("n_awards", "n_campaigns"):
                arts.iloc[sorted(repeats), arts.columns.get_loc(name)] = 0
        self.duplicates += len(repeats)
        return Chunk(frames=frames, records=chunk.records,
                     extracted=chunk.extracted - len(repeats), failed=chunk.failed,
                     awards=len(frames["awards"]), campaigns=len(frames["campaigns"]))


def _na(value: object) -> str | None:
    return None if value is None or value is pd.NA or value != value else str(value)


def _mention_owners(awards: pd.DataFrame, fact_owner: np.ndarray, mentions: pd.DataFrame
                    ) -> np.ndarray:
    """The articles row of each mention: mentions are written fact by fact, in the order
    of the awards rows, so one pass over both finds each mention's fact."""
    owners = np.zeros(len(mentions), dtype=int)
    facts = awards["fact_id"].tolist()
    i = 0
    for m, fact_id in enumerate(mentions["fact_id"].tolist()):
        while facts[i] != fact_id:
            i += 1
        owners[m] = fact_owner[i]
    return owners


def _rekey(df: pd.DataFrame, owner: np.ndarray, repeats: set[int],
           renamed: dict[int, tuple[str, str]], id_col: str) -> pd.DataFrame:
    """Drop the rows whose article (``owner``: its row in the articles table) is a repeat,
    and give the rows of renamed articles the new id (``article_id`` and the prefix of
    ``id_col``)."""
    if df.empty:
        return df
    keep = ~np.isin(owner, sorted(repeats)) if repeats else np.ones(len(df), dtype=bool)
    ids, items = df["article_id"].tolist(), df[id_col].tolist()
    for pos, row in enumerate(owner.tolist()):
        if row in renamed:
            old, new = renamed[row]
            ids[pos], items[pos] = new, new + items[pos][len(old):]
    out = df.assign(article_id=pd.array(ids, dtype="string"),
                    **{id_col: pd.array(items, dtype="string")})
    return out.loc[keep].reset_index(drop=True)


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
    unique = _UniqueIds()
    read = extracted = failed = awards = campaigns = 0
    since_checkpoint = 0
    with BatchRunner(workers, scheduler=dask_scheduler) as runner, \
            TableWriter(out_dir, fmt, append=resume, keep_ids=done) as writer, \
            tqdm(disable=not progress, unit=" articles", desc="extract",
                 dynamic_ncols=True) as bar:
        for done_chunk in runner.map(batched(skipper(records), batch_size), bar.update):
            chunk = unique(done_chunk)
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
                   campaigns=campaigns, out_dir=Path(out_dir), skipped=skipper.skipped,
                   duplicates=unique.duplicates)
