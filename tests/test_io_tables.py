from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import extractor
from extractor.io import ReadFailure, read_inputs, write_tables
from extractor.tables import ARTICLE_COLUMNS, AWARD_COLUMNS, CAMPAIGN_COLUMNS

TEXT = ("Qua phong trào thi đua “Vì người nghèo”, Chủ tịch UBND huyện tặng giấy khen cho "
        "4 tập thể, 7 cá nhân.")


def test_frames_have_fixed_columns() -> None:
    frames = extractor.to_frames([extractor.extract(TEXT, article_id="x")])
    assert tuple(frames["awards"].columns) == AWARD_COLUMNS
    assert tuple(frames["campaigns"].columns) == CAMPAIGN_COLUMNS
    assert tuple(frames["articles"].columns) == ARTICLE_COLUMNS
    aw = frames["awards"]
    assert aw["count"].tolist() == [4, 7]
    assert str(aw["count"].dtype) == "Int64"
    assert aw["campaign"].tolist() == ["Vì người nghèo", "Vì người nghèo"]
    for _, row in aw.iterrows():
        assert TEXT[row["start"]:row["end"]] == row["evidence"]


def test_empty_frames_keep_columns() -> None:
    frames = extractor.to_frames([])
    assert tuple(frames["awards"].columns) == AWARD_COLUMNS
    assert len(frames["awards"]) == 0


def _write_inputs(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"id": "ok1", "url": None, "title": "T", "published": "2024-01-02",
                    "text": TEXT}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "notext"}),
        "",
        json.dumps(["a", "list"]),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_records_are_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    records = list(read_inputs([_write_inputs(tmp_path)]))
    assert [type(r).__name__ for r in records] == [
        "Article", "ReadFailure", "ReadFailure", "ReadFailure", "ReadFailure"]
    failures = [r for r in records if isinstance(r, ReadFailure)]
    assert failures[0].id.endswith("in.jsonl:2") and "not JSON" in failures[0].reason
    assert (failures[1].id, failures[1].reason) == ("empty", "empty text")
    assert (failures[2].id, failures[2].reason) == ("notext", "no 'text' field (fields: id)")


def test_txt_and_folder_inputs(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.txt").write_text("\ufeff" + TEXT, encoding="utf-8")  # BOM is dropped
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")  # reported, not skipped
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")  # hidden: skipped
    records = list(read_inputs([tmp_path]))
    assert [r.id for r in records] == ["a", "b", str(tmp_path / "notes.md")]
    assert records[0].text == TEXT
    assert isinstance(records[2], ReadFailure)
    assert records[2].reason.startswith("not an input file (expected .txt, .html")


def test_missing_path_is_a_failure(tmp_path: Path) -> None:
    (rec,) = read_inputs([tmp_path / "nope.jsonl"])
    assert isinstance(rec, ReadFailure) and rec.reason == "no such file or folder"


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_run_job_writes_every_table(tmp_path: Path, fmt: str) -> None:
    summary = extractor.run_job([_write_inputs(tmp_path)], tmp_path / "out", fmt=fmt)
    assert (summary.read, summary.extracted, summary.failed) == (5, 1, 4)
    for name in ("awards", "campaigns", "articles", "mentions"):
        assert (tmp_path / "out" / f"{name}.{fmt}").is_file()
    if fmt == "parquet":
        articles = pd.read_parquet(tmp_path / "out" / "articles.parquet")
        assert articles["status"].tolist() == ["ok", "error", "error", "error", "error"]
        awards = pd.read_parquet(tmp_path / "out" / "awards.parquet")
        assert awards["count"].tolist() == [4, 7]
    assert not list((tmp_path / "out").glob(".*tmp"))


def test_unknown_format_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format 'xlsx'"):
        write_tables({}, tmp_path, "xlsx")


def test_extract_rejects_empty_text() -> None:
    with pytest.raises(extractor.InputError, match="empty text"):
        extractor.extract("  \n ", article_id="e")


def test_csv_gz_input_and_positions(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "in.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        f.write('id,text,title\nc1,"' + TEXT + '",T\n\n,"' + TEXT + '",\n')
    records = list(read_inputs([path]))
    assert [r.id for r in records] == ["c1", f"{path}:4"]
    assert records[0].title == "T" and records[1].title is None


def test_not_a_parquet_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    path.write_text("not parquet", encoding="utf-8")
    (rec,) = read_inputs([path])
    assert isinstance(rec, ReadFailure) and rec.reason.startswith("cannot read Parquet")


def test_non_string_text_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "n", "text": 42}) + "\n", encoding="utf-8")
    (rec,) = read_inputs([path])
    assert isinstance(rec, ReadFailure) and rec.reason == "text is int, not a string"


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_streaming_writer_matches_write_tables(tmp_path: Path, fmt: str) -> None:
    from extractor.io import TableWriter

    results = [extractor.extract(TEXT, article_id=f"x{i}") for i in range(5)]
    write_tables(extractor.to_frames(results), tmp_path / "a", fmt)
    with TableWriter(tmp_path / "b", fmt, flush_rows=2) as writer:
        for r in results:
            writer.write(extractor.to_frames([r]))
    for name in ("awards", "campaigns", "articles", "mentions"):
        a, b = tmp_path / "a" / f"{name}.{fmt}", tmp_path / "b" / f"{name}.{fmt}"
        if fmt == "parquet":
            pd.testing.assert_frame_equal(pd.read_parquet(a), pd.read_parquet(b))
        elif name != "mentions" or fmt == "csv":  # an empty JSONL table is "" or "\n"
            assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")
