"""Corpus scale: streaming readers, chunked atomic writers, workers, resume, prefilter, Dask.

No test here is timed: throughput is measured by ``benchmarks/throughput.py``.
"""

from __future__ import annotations

import gzip
import inspect
import json
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import extractor
from extractor import parallel
from extractor.cli import main
from extractor.io import (
    TABLES,
    ReadFailure,
    TableWriter,
    read_csv,
    read_inputs,
    read_jsonl,
    read_parquet,
    write_tables,
    written_ids,
)
from extractor.model import Article
from extractor.normalize import canonical
from extractor.pipeline import extract_many
from extractor.prefilter import cue_phrases, has_cues, tone_variants, uncovered
from extractor.tables import to_frames

from .conftest import CORPUS
from .conftest import read_jsonl as read_json_lines

AWARD = "Chủ tịch UBND tỉnh tặng bằng khen cho 3 tập thể, 5 cá nhân."
NEWS = ("Sáng nay, nhiệt độ tại các tỉnh miền Bắc giảm mạnh, có nơi dưới 10 độ C. Giá lúa "
        "tại Cần Thơ tăng nhẹ, thương lái thu mua khoảng 7.500 đồng/kg.")


def _tables(out: Path, fmt: str) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in TABLES:
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            frames[name] = pd.read_parquet(path)
        elif fmt == "csv":
            frames[name] = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            frames[name] = pd.DataFrame(read_json_lines(path))
    return frames


def _assert_same_tables(a: Path, b: Path, fmt: str) -> None:
    ta, tb = _tables(a, fmt), _tables(b, fmt)
    for name in TABLES:
        pd.testing.assert_frame_equal(ta[name], tb[name], obj=name)


def _no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# -- streaming readers ------------------------------------------------------------------

def test_readers_are_generators(tmp_path: Path) -> None:
    for reader in (read_inputs, read_jsonl, read_csv, read_parquet):
        assert inspect.isgeneratorfunction(reader), reader.__name__


def test_jsonl_gz_with_custom_columns(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    lines = [json.dumps({"doc": "g1", "body": AWARD, "title": "T"}, ensure_ascii=False),
             "{broken",
             json.dumps({"body": NEWS}, ensure_ascii=False)]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    records = list(read_inputs([path], text_column="body", id_column="doc"))
    assert isinstance(records[0], Article)
    assert (records[0].id, records[0].text, records[0].title) == ("g1", AWARD, "T")
    assert isinstance(records[1], ReadFailure) and "not JSON" in records[1].reason
    assert records[2].id == f"{path}:3"  # no id: its position


def test_truncated_gzip_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    data = gzip.compress((json.dumps({"id": "a", "text": AWARD}) + "\n").encode() * 200)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    records = list(read_inputs([path]))
    assert isinstance(records[-1], ReadFailure)
    assert "cannot read" in records[-1].reason
    assert all(isinstance(r, Article) for r in records[:-1])


def test_deferred_jsonl_lines_parse_to_the_same_records(tmp_path: Path) -> None:
    from extractor.io import RawLine

    path = tmp_path / "in.jsonl"
    good = json.dumps({"id": "a", "text": AWARD}, ensure_ascii=False).encode()
    path.write_bytes(b"\xef\xbb\xbf" + good + b"\n\n{bad\n"
                     + b'{"id": "x", "text": "\xff\x01\x02\x03\x04"}\n'
                     + good.replace(b'"a"', b'"b"') + b"\n")
    deferred = list(read_inputs([path], defer=True))
    assert all(isinstance(r, RawLine) for r in deferred)
    parsed = [r.parse() for r in deferred]
    assert parsed == list(read_inputs([path]))
    assert [r.id for r in parsed] == ["a", f"{path}:3", f"{path}:4", "b"]
    assert parsed[2].reason.startswith("not UTF-8: binary data")  # and reading goes on


def test_csv_with_custom_columns_and_multiline_text(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    pd.DataFrame({"ma": ["c1", "c2", "c3"], "noi_dung": [AWARD, NEWS + "\n" + NEWS, ""],
                  "url": ["u1", None, None]}).to_csv(path, index=False)
    records = list(read_inputs([path], text_column="noi_dung", id_column="ma"))
    assert [r.id for r in records] == ["c1", "c2", "c3"]
    assert records[0].url == "u1" and records[0].source == f"{path}:2"
    assert records[1].text == NEWS + "\n" + NEWS and records[1].source == f"{path}:3"
    assert isinstance(records[2], ReadFailure) and records[2].reason == "empty text"


def test_csv_without_the_text_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,body\n1,abc\n", encoding="utf-8")
    (failure,) = read_inputs([path])
    assert isinstance(failure, ReadFailure) and "no column 'text'" in failure.reason


def test_parquet_with_custom_columns(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    pd.DataFrame({"key": [7, 8, 9], "content": [AWARD, None, NEWS],
                  "published": ["2024-01-02", None, None]}).to_parquet(path)
    records = list(read_parquet(path, text_column="content", id_column="key", batch_size=2))
    assert [r.id for r in records] == ["7", "8", "9"]
    assert records[0].published == "2024-01-02" and records[0].source == f"{path}:1"
    assert isinstance(records[1], ReadFailure) and records[1].reason == "text is null"
    assert isinstance(records[2], Article)


def test_folder_of_mixed_formats_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(AWARD, encoding="utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "b1", "text": NEWS}) + "\n")
    pd.DataFrame({"id": ["c1"], "text": [NEWS]}).to_csv(tmp_path / "c.csv", index=False)
    pd.DataFrame({"id": ["d1"], "text": [AWARD]}).to_parquet(tmp_path / "d.parquet")
    (tmp_path / "notes.md").write_text("reported", encoding="utf-8")
    assert [r.id for r in read_inputs([tmp_path])] == ["a", "b1", "c1", "d1",
                                                       str(tmp_path / "notes.md")]


def test_reading_memory_is_flat(tmp_path: Path) -> None:
    """Records are yielded one at a time: streaming 2,000 articles of 10 kB (20 MB of text)
    never holds more than a few of them."""
    body = (NEWS + " ") * 60  # ~10,000 characters
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(2000):
            f.write(json.dumps({"id": f"n{i}", "text": body}, ensure_ascii=False) + "\n")
    tracemalloc.start()
    try:
        n = sum(1 for _ in read_inputs([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 2000
    assert peak < 2_000_000, f"peak {peak} bytes while streaming 20 MB"


# -- chunked, atomic writer -------------------------------------------------------------

def _results(n: int) -> list[extractor.ExtractionResult]:
    texts = [AWARD if i % 3 == 0 else NEWS for i in range(n)]
    return [extractor.extract(t, article_id=f"a{i}") for i, t in enumerate(texts)]


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_writer_in_chunks_equals_one_shot(tmp_path: Path, fmt: str) -> None:
    results = _results(30)
    write_tables(to_frames(results), tmp_path / "once", fmt)
    with TableWriter(tmp_path / "chunks", fmt, flush_rows=4) as writer:
        for i in range(0, 30, 7):  # more rows than one chunk: several flushes per table
            writer.write(to_frames(results[i:i + 7]))
    assert writer.rows["articles"] == 30 and writer.rows["awards"] == 20
    _assert_same_tables(tmp_path / "once", tmp_path / "chunks", fmt)
    assert _no_temp_files(tmp_path / "chunks")


def test_writer_publishes_nothing_before_commit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tables(to_frames(_results(3)), out, "parquet")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    writer = TableWriter(out, "parquet", flush_rows=1)
    writer.write(to_frames(_results(9)))
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.endswith(".tmp")} \
        == before  # rows so far are only in the temporary files
    writer.abort()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_stale_temp_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".awards.deadbeef.jsonl.tmp"
    stale.write_text('{"half": ', encoding="utf-8")
    other = out / "notes.tmp"  # not ours: kept
    other.write_text("x", encoding="utf-8")
    extractor.run_job([CORPUS / "articles.jsonl"], out, fmt="jsonl")
    assert not stale.exists() and other.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{t}.jsonl" for t in TABLES] + ["notes.tmp"])


def test_tables_are_not_private_files(tmp_path: Path) -> None:
    extractor.run_job([CORPUS / "articles.jsonl"], tmp_path / "out", fmt="csv")
    probe = tmp_path / "probe"
    probe.write_text("", encoding="utf-8")
    mode = probe.stat().st_mode & 0o777
    for name in TABLES:
        assert (tmp_path / "out" / f"{name}.csv").stat().st_mode & 0o777 == mode


def test_a_killed_process_leaves_no_table_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    """SIGKILL in the middle of a run: no half-written table, only hidden temporary files,
    which the next run into the folder removes."""
    import signal
    import subprocess
    import sys
    import time

    lines = (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as f:
        for i in range(300):
            for line in lines:
                rec = json.loads(line)
                f.write(json.dumps({**rec, "id": f"{rec['id']}-{i}"}, ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "run", str(big), "--out",
                             str(out), "--quiet", "--checkpoint-every", "0"],
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not (out.is_dir() and any(p.name.endswith(".tmp") for p in out.iterdir())):
            assert proc.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no temporary file appeared"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not [p for p in out.iterdir() if not p.name.endswith(".tmp")]
    extractor.run_job([CORPUS / "articles.jsonl"], out, fmt="parquet")
    assert _no_temp_files(out)
    assert len(written_ids(out, "parquet")) == 18


def test_a_failing_run_leaves_the_previous_tables(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    extractor.run_job([CORPUS / "articles.jsonl"], out, fmt="parquet")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []

    def dies(records: list, progress: object = None) -> parallel.Chunk:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if killed in the middle
        return real(records, progress)

    real = parallel.process_batch
    monkeypatch.setattr(parallel, "process_batch", dies)
    with pytest.raises(KeyboardInterrupt):
        extractor.run_job([CORPUS / "articles.jsonl"], out, fmt="parquet", batch_size=4,
                          checkpoint_every=0)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# -- workers ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_two_workers_give_the_same_tables_as_one(tmp_path: Path, fmt: str) -> None:
    inputs = [CORPUS / "articles.jsonl", tmp_path / "missing.jsonl"]
    one = extractor.run_job(inputs, tmp_path / "one", fmt=fmt, workers=1)
    two = extractor.run_job(inputs, tmp_path / "two", fmt=fmt, workers=2, batch_size=3)
    assert one == extractor.Summary(**{**_fields(two), "out_dir": tmp_path / "one"})
    _assert_same_tables(tmp_path / "one", tmp_path / "two", fmt)
    if fmt == "jsonl":
        for name in TABLES:
            assert (tmp_path / "one" / f"{name}.jsonl").read_bytes() == \
                (tmp_path / "two" / f"{name}.jsonl").read_bytes()


def _fields(summary: extractor.Summary) -> dict:
    return {f: getattr(summary, f) for f in summary.__dataclass_fields__}


def test_batch_runner_keeps_input_order() -> None:
    records = [Article(id=f"r{i}", text=AWARD if i % 2 else NEWS) for i in range(10)]
    with parallel.BatchRunner(2, window=3) as runner:
        chunks = list(runner.map(parallel.batched(records, 2)))
    ids = [i for c in chunks for i in c.frames["articles"]["article_id"]]
    assert ids == [f"r{i}" for i in range(10)]


# -- resume -----------------------------------------------------------------------------

def _split_corpus(tmp_path: Path) -> tuple[Path, Path]:
    lines = (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(lines[:7]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[7:]) + "\n{not json\n", encoding="utf-8")
    return first, second


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_resume_skips_written_articles_and_appends(tmp_path: Path, fmt: str) -> None:
    first, second = _split_corpus(tmp_path)
    extractor.run_job([first, second], tmp_path / "fresh", fmt=fmt)
    out = tmp_path / "out"
    extractor.run_job([first], out, fmt=fmt)
    summary = extractor.run_job([first, second], out, fmt=fmt, resume=True)
    assert (summary.skipped, summary.read) == (7, 12)  # 11 articles + the bad line
    _assert_same_tables(tmp_path / "fresh", out, fmt)
    again = extractor.run_job([first, second], out, fmt=fmt, resume=True)
    assert (again.read, again.skipped, again.awards) == (0, 19, 0)
    _assert_same_tables(tmp_path / "fresh", out, fmt)
    assert _no_temp_files(out)


def test_resume_drops_rows_of_a_torn_commit(tmp_path: Path) -> None:
    first, second = _split_corpus(tmp_path)
    out = tmp_path / "out"
    extractor.run_job([first], out, fmt="jsonl")
    # a commit killed after awards.jsonl was replaced and before articles.jsonl was
    extractor.run_job([first, second], tmp_path / "full", fmt="jsonl")
    (out / "awards.jsonl").write_bytes((tmp_path / "full" / "awards.jsonl").read_bytes())
    extractor.run_job([first, second], out, fmt="jsonl", resume=True)
    _assert_same_tables(tmp_path / "full", out, "jsonl")


def test_checkpoints_let_a_killed_run_resume(tmp_path: Path, monkeypatch) -> None:
    inputs = [CORPUS / "articles.jsonl"]
    extractor.run_job(inputs, tmp_path / "fresh", fmt="parquet")
    out = tmp_path / "out"
    real = parallel.process_batch
    calls = []

    def dies(records: list, progress: object = None) -> parallel.Chunk:
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(records, progress)

    monkeypatch.setattr(parallel, "process_batch", dies)
    with pytest.raises(KeyboardInterrupt):
        extractor.run_job(inputs, out, fmt="parquet", batch_size=4, checkpoint_every=8)
    # batches of 4: committed after the second; the third was lost with the run
    assert len(written_ids(out, "parquet")) == 8
    assert _no_temp_files(out)
    monkeypatch.setattr(parallel, "process_batch", real)
    summary = extractor.run_job(inputs, out, fmt="parquet", resume=True)
    assert (summary.skipped, summary.read) == (8, 10)
    _assert_same_tables(tmp_path / "fresh", out, "parquet")


def test_resume_refuses_a_table_with_other_columns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    extractor.run_job([CORPUS / "articles.jsonl"], out, fmt="csv")
    (out / "awards.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    with pytest.raises(extractor.ExtractorError, match="cannot resume"):
        extractor.run_job([CORPUS / "articles.jsonl"], out, fmt="csv", resume=True)
    assert _no_temp_files(out)


# -- prefilter --------------------------------------------------------------------------

def test_prefilter_covers_the_language_data() -> None:
    """Every award form pattern, reward verb and campaign cue contains a prefilter.yaml
    phrase (prefilter.py would add a missing one on load; this keeps the file complete)."""
    assert uncovered() == []


@pytest.mark.parametrize("text", [
    AWARD, "Gia đình văn hoá tiêu biểu", "Gia đình văn hóa", "nhận BẰNG\u00a0 KHEN",
    "được trao Huân\nchương Lao động", "phát động phong trào “Xanh”", "khen thưởng 20 tập thể",
    "cuộc vận động toàn dân",
])
def test_prefilter_passes_award_language(text: str) -> None:
    assert has_cues(canonical(text))


def test_prefilter_drops_plain_news() -> None:
    assert not has_cues(NEWS)
    result = extractor.extract(NEWS, article_id="n")
    assert (result.status, result.facts, result.campaigns) == ("ok", (), ())


def test_tone_variants_and_phrases() -> None:
    assert tone_variants("văn hóa") == {"văn hóa", "văn hoá"}
    assert tone_variants("khen thưởng") == {"khen thưởng"}
    assert "văn hoá" in " ".join(cue_phrases())


def test_prefilter_loses_nothing_on_the_sample_corpus() -> None:
    articles = [Article(id=a["id"], text=canonical(a["text"]),
                        title=a.get("title")) for a in read_json_lines(CORPUS / "articles.jsonl")]
    with_filter = list(extract_many(articles))
    without = list(extract_many(articles, prefilter=False))
    assert with_filter == without


@pytest.mark.dev_corpus
def test_prefilter_recall_on_the_dev_corpus(shared_dir: Path) -> None:
    """Recall of the prefilter on ../shared/corpus/dev: 100% of gold facts and campaigns
    are in articles it lets through, and the extraction is the same with and without it."""
    dev = shared_dir / "corpus" / "dev"
    articles = {a["id"]: a for a in read_json_lines(dev / "articles.jsonl")}
    gold = read_json_lines(dev / "gold.jsonl")
    total = kept = 0
    for g in gold:
        n = len(g["awards"]) + len(g["campaigns"])
        total += n
        kept += n if has_cues(canonical(articles[g["id"]]["text"])) else 0
    assert total > 0 and kept == total, f"prefilter recall {kept}/{total}"
    records = [Article(id=a["id"], text=canonical(a["text"]),
                       title=a.get("title")) for a in articles.values()]
    assert list(extract_many(records)) == list(extract_many(records, prefilter=False))


# -- command line -----------------------------------------------------------------------

def test_cli_workers_resume_and_columns(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.csv"
    pd.DataFrame({"key": ["k1", "k2"], "body": [AWARD, NEWS]}).to_csv(src, index=False)
    args = ["run", str(src), "--out", str(tmp_path / "out"), "--format", "csv", "--quiet",
            "--text-column", "body", "--id-column", "key"]
    assert main([*args, "--workers", "2"]) == 0
    awards = pd.read_csv(tmp_path / "out" / "awards.csv")
    assert awards["article_id"].tolist() == ["k1", "k1"]
    assert "read 2, extracted 2, failed 0" in capsys.readouterr().err
    assert main([*args, "--resume"]) == 0  # nothing new is not a failure
    assert "read 0, extracted 0, failed 0, skipped 2 already written" in capsys.readouterr().err
    assert len(pd.read_csv(tmp_path / "out" / "articles.csv")) == 2


def test_cli_rejects_workers_with_dask(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", "--out", str(tmp_path), "--workers", "2", "--dask-scheduler", "x:1"])
    assert exc.value.code == 2


# -- Dask -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed", reason="needs extractor[dask]")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster


def test_dask_bag_gives_the_local_rows(dask_cluster, tmp_path: Path) -> None:
    import dask
    import dask.bag as db
    from distributed import Client

    from extractor.dask import extract_bag, extract_dataframe

    extractor.run_job([CORPUS / "articles.jsonl"], tmp_path / "local", fmt="parquet")
    local = _tables(tmp_path / "local", "parquet")
    records = read_json_lines(CORPUS / "articles.jsonl")
    with Client(dask_cluster):
        bag = db.from_sequence(records, npartitions=4)
        tables = extract_bag(bag)
        awards, articles = dask.compute(tables["awards"], tables["articles"])
        import dask.dataframe as dd

        frame = dd.from_pandas(pd.DataFrame(records), npartitions=3)
        (by_frame,) = dask.compute(extract_dataframe(frame)["awards"])
    pd.testing.assert_frame_equal(awards.reset_index(drop=True), local["awards"])
    pd.testing.assert_frame_equal(by_frame.reset_index(drop=True), local["awards"])
    local_articles = local["articles"].drop(columns="source")
    pd.testing.assert_frame_equal(
        articles.reset_index(drop=True).drop(columns="source"), local_articles)


def test_run_job_on_a_dask_scheduler(dask_cluster, tmp_path: Path) -> None:
    inputs = [CORPUS / "articles.jsonl"]
    extractor.run_job(inputs, tmp_path / "local", fmt="jsonl")
    summary = extractor.run_job(inputs, tmp_path / "dask", fmt="jsonl", batch_size=5,
                                dask_scheduler=dask_cluster.scheduler_address)
    assert summary.read == 18
    _assert_same_tables(tmp_path / "local", tmp_path / "dask", "jsonl")
    assert main(["run", str(inputs[0]), "--out", str(tmp_path / "cli"), "--quiet",
                 "--format", "jsonl", "--dask-scheduler", dask_cluster.scheduler_address]) == 0
    _assert_same_tables(tmp_path / "local", tmp_path / "cli", "jsonl")


# -- speed-ups that must not change results ---------------------------------------------

def _fold_reference(text: str) -> str:
    from extractor import normalize

    table, pattern = normalize._tables()
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return normalize._fold_tones(text, lowered.translate(table), pattern)


@given(st.text(alphabet=st.sampled_from(list(
    "aAăÂđĐeÊoÔƠuƯyYİΣσß ÀÁẢÃẠàáảãạỲÝỶỸỴ\u00a0\u201c–hòaHOÀUỶ\n")), max_size=400))
@settings(max_examples=300, deadline=None)
def test_fold_fast_path_is_the_per_character_fold(text: str) -> None:
    from extractor.normalize import fold

    assert fold(text) == _fold_reference(text)
    assert fold(text) == _fold_reference(text)  # again: from the one-entry memo


def test_fold_on_the_corpus_is_unchanged() -> None:
    from extractor.normalize import fold

    for a in read_json_lines(CORPUS / "articles.jsonl"):
        text = canonical(a["text"])
        assert fold(text) == _fold_reference(text)
