"""The main job: read inputs, extract every article, write the tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from .io import FORMATS, ReadFailure, read_inputs, write_tables
from .model import Article, ExtractionResult
from .pipeline import extract_many, load_resources
from .tables import to_frames


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of one run: records read, articles extracted, records failed, rows written."""

    read: int
    extracted: int
    failed: int
    awards: int
    campaigns: int
    out_dir: Path

    def line(self) -> str:
        """The closing line printed by the command."""
        return (f"read {self.read}, extracted {self.extracted}, failed {self.failed}: "
                f"{self.awards} award rows, {self.campaigns} campaigns -> {self.out_dir}")


def default_corpus() -> Path:
    """The bundled sample corpus: ``corpus/articles.jsonl`` of the working directory, else of
    the source checkout the package was installed from."""
    here = Path("corpus") / "articles.jsonl"
    if here.is_file():
        return here
    return Path(__file__).resolve().parent.parent / "corpus" / "articles.jsonl"


def _results(records: Iterable[Article | ReadFailure]) -> Iterator[ExtractionResult]:
    articles: list[Article] = []
    for rec in records:
        if isinstance(rec, ReadFailure):
            yield from extract_many(articles)
            articles = []
            yield ExtractionResult(article=Article(id=rec.id, text="", source=rec.source),
                                   status="error", error=rec.reason)
        else:
            articles.append(rec)
            if len(articles) >= 64:
                yield from extract_many(articles)
                articles = []
    yield from extract_many(articles)


def run_job(inputs: Iterable[str | Path], out_dir: str | Path, fmt: str = "parquet",
            progress: bool = False) -> Summary:
    """Extract every article of ``inputs`` and write the tables to ``out_dir``.

    Args:
        inputs: files and folders, as accepted by :func:`extractor.io.read_inputs`.
        out_dir: output folder; ``awards``, ``campaigns``, ``articles`` and ``mentions``
            tables are written there in ``fmt``.
        fmt: ``parquet``, ``csv`` or ``jsonl``.
        progress: show a progress bar (articles per second) on stderr.

    Returns:
        A :class:`Summary`. Records that could not be read or extracted are counted in
        ``failed`` and appear in the ``articles`` table with ``status == "error"``.

    Raises:
        ResourceError: a language-data file is broken; nothing is written.
        ValueError: unknown ``fmt``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    load_resources()
    results = []
    for result in tqdm(_results(read_inputs(inputs)), disable=not progress, unit=" articles",
                       desc="extract"):
        results.append(result)
    frames = to_frames(results)
    write_tables(frames, out_dir, fmt)
    failed = sum(r.status != "ok" for r in results)
    return Summary(read=len(results), extracted=len(results) - failed, failed=failed,
                   awards=len(frames["awards"]), campaigns=len(frames["campaigns"]),
                   out_dir=Path(out_dir))
