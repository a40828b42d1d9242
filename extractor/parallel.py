"""Extraction of record batches: in this process, in worker processes, or on a Dask cluster.

The unit of work is a *batch*: a list of records (:class:`~extractor.model.Article`,
:class:`~extractor.io.ReadFailure`, or a :class:`~extractor.io.RawLine` that the worker
parses, so the reading process only moves bytes) that :func:`process_batch` turns into a
:class:`Chunk`, the four output tables of those records (DataFrames, as
:func:`extractor.tables.to_frames` gives them) and their counts. The article texts do
not travel back from a worker, only the rows.

:class:`BatchRunner` maps :func:`process_batch` over a stream of batches and yields the
chunks **in input order**, with at most ``window`` batches in flight, so memory stays
bounded however long the stream. Results do not depend on the number of workers: each
article is extracted on its own, and ``fact_id`` / ``campaign_id`` are numbered per
article.

Worker processes are forked (where the platform can) from a parent that has loaded
everything extraction needs and run one article through it (:func:`warm_up`): the language
data, the spaCy pipeline, the modules and tables loaded on first use (underthesea's
sentence splitter, ``provinces.yaml``, pandas' string arrays...). The workers start at once
and share those memory pages with the parent, copy-on-write; the parent's objects are moved
out of the garbage collector's reach first (:func:`gc.freeze`), so a collection in a worker
does not write to, and so copy, the pages it shares. With the ``spawn`` start method each
worker warms up on its own.
"""

from __future__ import annotations

import ctypes
import gc
import json
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any, TypeVar

import pandas as pd

from .io import RawLine, ReadFailure
from .model import Article, ExtractionResult
from .pipeline import extract_many, load_resources
from .tables import to_frames

T = TypeVar("T")
Record = Article | ReadFailure | RawLine


@dataclass(slots=True)
class Chunk:
    """The output of one batch.

    ``frames``: ``{"awards", "campaigns", "articles", "mentions"}`` DataFrames;
    ``records``: records in the batch; ``extracted`` / ``failed``: of them, ``ok`` and
    ``error`` rows; ``awards`` / ``campaigns``: rows in those tables.
    """

    frames: dict[str, pd.DataFrame]
    records: int
    extracted: int
    failed: int
    awards: int
    campaigns: int


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items (the last may be shorter), read lazily."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def results_of(records: Iterable[Record]) -> Iterator[ExtractionResult]:
    """Extract each record in order: an Article gives its result (through the prefilter,
    see :func:`extractor.pipeline.extract_many`), a ReadFailure an ``error`` result with
    its reason; a RawLine is parsed first.

    Raises:
        ResourceError: the language data is broken.
    """
    articles: list[Article] = []
    for item in records:
        rec = item.parse() if isinstance(item, RawLine) else item
        if isinstance(rec, ReadFailure):
            yield from extract_many(articles)
            articles = []
            yield ExtractionResult(article=Article(id=rec.id, text="", source=rec.source),
                                   status="error", error=rec.reason)
        else:
            articles.append(rec)
    yield from extract_many(articles)


def process_batch(records: list[Record], progress: Callable[[int], object] | None = None
                  ) -> Chunk:
    """Extract one batch and build its rows.

    Args:
        records: Articles, ReadFailures and RawLines, in input order.
        progress: called with 1 after each record (a progress bar's ``update``).

    Returns:
        A :class:`Chunk` whose tables hold the rows of these records, in their order.

    Raises:
        ResourceError: the language data is broken.
    """
    results = []
    for result in results_of(records):
        results.append(result)
        if progress is not None:
            progress(1)
    frames = to_frames(results)
    failed = sum(r.status != "ok" for r in results)
    return Chunk(frames=frames, records=len(results), extracted=len(results) - failed,
                 failed=failed, awards=len(frames["awards"]),
                 campaigns=len(frames["campaigns"]))


_WARM_UP_TEXT = ("Qua phong trào thi đua chuyên đề năm 2024, 1 tập thể, 2 cá nhân được Chủ "
                 "tịch UBND tỉnh Kiên Giang tặng bằng khen; 7 tập thể được Chủ tịch UBND "
                 "huyện tặng giấy khen.")


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Load everything extraction loads on first use, in this process (once: later calls
    return at once).

    :func:`~extractor.pipeline.load_resources`, then one short award article, as a JSON
    line, through :func:`process_batch`'s steps (parsing, extraction, building the tables):
    that fills the caches no resource loader covers (underthesea's sentence splitter is
    imported, ``provinces.yaml`` read, normalisation tables built, pandas' and pyarrow's
    lazily imported modules loaded). Called in the parent before workers are forked, so
    each worker does not pay, and hold in its own memory, the same ~0.3 s of first-use
    costs.

    Raises:
        ResourceError: the language data is broken.
    """
    load_resources()
    line = json.dumps({"id": "warm-up", "title": "Khen thưởng", "text": _WARM_UP_TEXT},
                      ensure_ascii=False).encode("utf-8")
    to_frames(list(results_of([RawLine(data=line, where="warm-up:1")])))


def _init_worker(forked: bool, parent: int) -> None:
    # Ctrl-C is for the parent, which shuts the pool down; a worker just stops. SIGTERM
    # ends a worker at once (the command's handler, inherited by fork, cleans up files).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    if not forked:  # a forked worker has the parent's warmed-up state
        warm_up()


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """Have the kernel end this worker when the process that started it dies, even by
    SIGKILL (Linux ``prctl(PR_SET_PDEATHSIG)``); otherwise a killed run would leave its
    workers blocked on a pipe forever. Elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)


def _worker_pid() -> int:
    return os.getpid()


def default_start_method() -> str:
    """``fork`` where the platform has it (workers start at once and share the parent's
    loaded language data), else ``spawn``."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


class BatchRunner:
    """Map :func:`process_batch` over batches, in order, with bounded memory.

    Use as a context manager; :meth:`map` yields one :class:`Chunk` per batch, in the
    order of the batches.

    Args:
        workers: 1 extracts in this process; N > 1 starts N worker processes
            (:class:`concurrent.futures.ProcessPoolExecutor`), all started when the runner
            is entered (forked after :func:`warm_up`, see the module docstring), while
            this process reads the input and writes the tables.
        scheduler: address of a running Dask scheduler (``tcp://host:8786``): batches go
            to its workers through a ``distributed.Client`` instead (``workers`` is then
            ignored). Each Dask worker must be able to import ``extractor``.
        window: batches in flight at once (default: twice the workers, or four per Dask
            worker; at least 2).
        start_method: multiprocessing start method (default :func:`default_start_method`).

    Raises:
        ValueError: ``workers`` < 1.
        ImportError: ``scheduler`` given but ``dask.distributed`` is not installed
            (``pip install 'extractor[dask]'``).
        ResourceError: the language data is broken: on entering, with forked workers
            (the parent loads it, :func:`warm_up`), else from :meth:`map`.
        concurrent.futures.process.BrokenProcessPool: from :meth:`map`, a worker died
            (killed, out of memory).
    """

    def __init__(self, workers: int = 1, *, scheduler: str | None = None,
                 window: int | None = None, start_method: str | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.scheduler = scheduler
        self._window = window
        self.window = window or max(2, 2 * workers)
        self.start_method = start_method or default_start_method()
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        self._frozen = False

    def __enter__(self) -> BatchRunner:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def _start(self) -> None:
        if self.scheduler is not None:
            from distributed import Client

            self._client = Client(self.scheduler)
            n = len(self._client.scheduler_info().get("workers", {})) or 1
            self.window = self._window or max(2, 4 * n)
        elif self.workers > 1:
            forked = self.start_method == "fork"
            if forked:
                warm_up()
                # Objects alive now (the language data, the pipeline) are shared with the
                # forked workers: frozen, the workers' garbage collector never walks them
                # (walking them copies the shared memory pages and costs CPU time). No
                # gc.collect() first: it finds nothing here and walks the whole heap
                # (~0.1 s); the gc documentation advises freezing without it.
                gc.freeze()
                self._frozen = True
            context = multiprocessing.get_context(self.start_method)
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                             initializer=_init_worker,
                                             initargs=(forked, os.getpid()))
            # start every worker now, before any other thread (a progress bar) exists
            for future in [self._pool.submit(_worker_pid) for _ in range(self.workers)]:
                future.result()

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes (pending batches are cancelled) or the Dask client."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def in_process(self) -> bool:
        """Whether batches are extracted in this process (no pool, no cluster)."""
        return self._client is None and self._pool is None

    def map(self, batches: Iterable[list[Record]],
            progress: Callable[[int], object] | None = None) -> Iterator[Chunk]:
        """Yield the :class:`Chunk` of each batch, in the order of ``batches``.

        ``progress`` is called with the number of records done: after each record when
        extracting in this process, after each batch otherwise.
        """
        if self.in_process:
            for batch in batches:
                yield process_batch(batch, progress)
            return
        pending: deque[Any] = deque()  # futures, in batch order
        for batch in batches:
            pending.append(self._submit(batch))
            if len(pending) >= self.window:
                yield self._result(pending.popleft(), progress)
        while pending:
            yield self._result(pending.popleft(), progress)

    def _submit(self, batch: list[Record]) -> Any:
        if self._client is not None:
            return self._client.submit(process_batch, batch, pure=False)
        assert self._pool is not None
        return self._pool.submit(process_batch, batch)

    def _result(self, future: Future[Chunk] | Any,
                progress: Callable[[int], object] | None) -> Chunk:
        chunk: Chunk = future.result()
        if progress is not None:
            progress(chunk.records)
        return chunk
