"""Worker processes: warm start, shared state, start methods, and the benchmark's measures.

Nothing here is timed: throughput is measured by ``benchmarks/throughput.py``.
"""

from __future__ import annotations

import gc
import importlib.util
import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor import parallel
from extractor.model import Article

from .conftest import CORPUS

AWARD = "Chủ tịch UBND tỉnh Kiên Giang tặng bằng khen cho 3 tập thể, 5 cá nhân."
NEWS = "Sáng nay, nhiệt độ tại các tỉnh miền Bắc giảm mạnh, có nơi dưới 10 độ C."
ROOT = Path(__file__).resolve().parent.parent

needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the fork start method is not available here")


def _records() -> list[Article]:
    return [Article(id=f"r{i}", text=AWARD if i % 3 == 0 else NEWS) for i in range(9)]


def _rows(chunks: list[parallel.Chunk]) -> dict[str, list[dict]]:
    return {name: [row for c in chunks for row in c.frames[name].to_dict("records")]
            for name in ("awards", "campaigns", "articles", "mentions")}


def _probe(records: list, progress: object = None) -> tuple[bool, int, bool]:
    """Run in a worker instead of process_batch: what the worker had before its first
    batch."""
    import sys as worker_sys

    return ("underthesea" in worker_sys.modules, gc.get_freeze_count(),
            parallel.warm_up.cache_info().currsize == 1)


@needs_fork
def test_forked_workers_start_warm_and_frozen(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "process_batch", _probe)
    with parallel.BatchRunner(2, start_method="fork") as runner:
        assert gc.get_freeze_count() > 0  # the parent froze its objects before forking
        probes = list(runner.map([[1], [2], [3]]))
    for has_splitter, frozen, warmed in probes:
        # the sentence splitter was imported, the caches filled, in the parent
        assert has_splitter and warmed
        assert frozen > 0  # the inherited objects are out of the collector's reach
    assert gc.get_freeze_count() == 0  # and the parent is unfrozen when the runner closes


def test_warm_up_is_done_once() -> None:
    parallel.warm_up()
    assert parallel.warm_up.cache_info().currsize == 1
    parallel.warm_up()
    assert parallel.warm_up.cache_info().hits >= 1


@pytest.mark.parametrize("start_method", [
    pytest.param("fork", marks=needs_fork),
    "spawn",
])
def test_workers_give_the_rows_of_one_process(start_method: str) -> None:
    batches = list(parallel.batched(_records(), 2))
    alone = [parallel.process_batch(b) for b in batches]
    with parallel.BatchRunner(2, start_method=start_method) as runner:
        assert not runner.in_process
        pooled = list(runner.map(batches))
    assert _rows(pooled) == _rows(alone)
    assert [c.records for c in pooled] == [len(b) for b in batches]


def test_raw_lines_are_parsed_in_the_workers(tmp_path: Path) -> None:
    from extractor.io import RawLine, read_inputs

    lines = list(read_inputs([CORPUS / "articles.jsonl"], defer=True))
    assert lines and all(isinstance(r, RawLine) for r in lines)
    parsed = list(read_inputs([CORPUS / "articles.jsonl"]))
    with parallel.BatchRunner(2) as runner:
        pooled = list(runner.map(parallel.batched(lines, 4)))
    alone = [parallel.process_batch(b) for b in parallel.batched(parsed, 4)]
    assert _rows(pooled) == _rows(alone)


# -- the benchmark's measures ------------------------------------------------------------

def _benchmark():
    spec = importlib.util.spec_from_file_location("throughput",
                                                  ROOT / "benchmarks" / "throughput.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_memory_sampler_sums_a_process_tree() -> None:
    bench = _benchmark()
    # a parent holding 40 MB that forks a child: the child shares the parent's pages
    code = ("import os, time\n"
            "b = bytearray(40 * 2**20)\n"
            "for i in range(0, len(b), 4096): b[i] = 1\n"
            "pid = os.fork()\n"
            "time.sleep(1.5)\n"
            "os._exit(0) if pid == 0 else os.waitpid(pid, 0)\n")
    proc = subprocess.Popen([sys.executable, "-c", code])
    sampler = bench.MemorySampler(proc.pid)
    sampler.start()
    proc.wait()
    sampler.stop.set()
    sampler.join()
    assert len(sampler.peak_hwm_kb) == 2  # the parent and its child were both seen
    rss, pss = sampler.peak_rss_sum_kb / 1024, sampler.peak_pss_sum_kb / 1024
    # RSS counts the 40 shared MB in both processes, PSS once
    assert rss >= 80
    assert 40 <= pss < rss - 30


def test_cpu_busy_counts_up() -> None:
    bench = _benchmark()
    before = bench.cpu_busy()
    sum(i * i for i in range(2_000_000))
    assert bench.cpu_busy() >= before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG)")
def test_workers_end_when_the_run_is_killed(tmp_path: Path) -> None:
    """A run killed with SIGKILL cannot stop its pool: the kernel must end the workers."""
    script = tmp_path / "run.py"
    script.write_text(
        "import multiprocessing, time\n"
        "from extractor.parallel import BatchRunner\n"
        "with BatchRunner(2) as runner:\n"
        "    children = multiprocessing.active_children()\n"
        "    print(' '.join(str(p.pid) for p in children), flush=True)\n"
        "    time.sleep(60)\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [p for p in pids if _running(p)]
    assert alive == []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ")[1][0] not in "ZX"  # a zombie has ended
    except FileNotFoundError:
        return False
