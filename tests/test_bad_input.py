"""Bad records: each gets an ``articles`` row with its status and reason; nothing is lost."""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import extractor
from extractor.encodings_vi import encode_legacy
from extractor.io import Article, ReadFailure, read_inputs
from extractor.job import run_job
from extractor.pipeline import extract_article

AWARD = ("Chủ tịch UBND tỉnh Phú Yên tặng Bằng khen cho 4 tập thể và 9 cá nhân có thành tích "
         "xuất sắc trong phong trào thi đua \"Dân vận khéo\" năm 2023.")
OTHER = "Dịp này, 6 tập thể được Chủ tịch UBND huyện Tuy An tặng Giấy khen."


def _jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))
                            + "\n" for r in records), encoding="utf-8")
    return path


def _run(tmp_path: Path, *inputs: Path, workers: int = 1, batch_size: int | None = None
         ) -> tuple[extractor.job.Summary, dict[str, pd.DataFrame]]:
    out = tmp_path / "out"
    summary = run_job(list(inputs), out, "jsonl", workers=workers, batch_size=batch_size)
    return summary, extractor.load(out)


def test_duplicate_ids_repeat_or_rename(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [
        {"id": "a", "text": AWARD},
        {"id": "a", "text": AWARD},       # the same record twice: a repeat
        {"id": "a", "text": OTHER},       # another article under the same id: renamed
        {"id": "b", "text": OTHER},
        {"id": "a", "text": OTHER},       # a repeat of the renamed one: same text as a~2
    ])
    summary, tables = _run(tmp_path, src)
    arts = tables["articles"].set_index("source")
    # a repeat keeps its id (status "duplicate"); the ids of the other rows are unique
    assert list(tables["articles"]["article_id"]) == ["a", "a", "a~2", "b", "a~3"]
    assert arts.loc[f"{src}:2", "status"] == "duplicate"
    assert arts.loc[f"{src}:2", "error"] == f"same id and text as {src}:1"
    assert arts.loc[f"{src}:3", "article_id"] == "a~2"
    assert arts.loc[f"{src}:3", "notes"] == f"id 'a' already used by {src}:1: renamed 'a~2'"
    # a~2's text is also that of the fifth record, but under id "a" it differs from the
    # first "a": it is renamed again, never silently dropped
    assert arts.loc[f"{src}:5", "article_id"] == "a~3"
    assert arts.loc[f"{src}:5", "status"] == "ok"
    assert summary.read == 5 and summary.duplicates == 1 and summary.extracted == 4
    awards = tables["awards"]
    assert sorted(awards.groupby("article_id").size().items()) == [
        ("a", 2), ("a~2", 1), ("a~3", 1), ("b", 1)]
    assert set(awards.loc[awards["article_id"] == "a~2", "fact_id"]) == {"a~2:f1"}
    kept = tables["articles"].query("status != 'duplicate'")
    assert kept["article_id"].is_unique
    assert "1 duplicates" in summary.line()


@pytest.mark.parametrize("workers,batch_size", [(1, 2), (2, 1)])
def test_duplicate_ids_across_batches_and_workers(tmp_path: Path, workers: int,
                                                  batch_size: int) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "x", "text": AWARD}, {"id": "y", "text": OTHER},
                                         {"id": "x", "text": OTHER}, {"id": "x", "text": AWARD}])
    _, tables = _run(tmp_path, src, workers=workers, batch_size=batch_size)
    assert list(tables["articles"]["article_id"]) == ["x", "y", "x~2", "x"]
    assert list(tables["articles"]["status"]) == ["ok", "ok", "ok", "duplicate"]
    assert list(tables["campaigns"]["article_id"]) == ["x"]
    assert sorted(tables["awards"]["fact_id"]) == ["x:f1", "x:f2", "x~2:f1", "y:f1"]


def test_missing_fields_and_bad_values_are_reported(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [
        {"id": "ok", "text": AWARD},
        {"id": "no-text", "body": AWARD},
        {"id": "null", "text": None},
        {"id": "number", "text": 12},
        {"id": "empty", "text": ""},
        {"id": "blank", "text": " \n\t "},
        {"id": "invisible", "text": "\u200b\ufeff"},
        "{not json",
        "[1, 2]",
        {"text": OTHER},                   # no id: its position is its id
    ])
    summary, tables = _run(tmp_path, src)
    arts = tables["articles"].set_index("article_id")
    assert arts.loc["no-text", "error"] == "no 'text' field (fields: id, body)"
    assert arts.loc["null", "error"] == "text is null"
    assert arts.loc["number", "error"] == "text is int, not a string"
    assert arts.loc["empty", "error"] == "empty text"
    assert arts.loc["blank", "error"] == "empty text"
    assert arts.loc["invisible", "error"] == "empty text"
    assert arts.loc[f"{src}:8", "error"].startswith("not JSON")
    assert arts.loc[f"{src}:9", "error"] == "not a JSON object"
    assert arts.loc[f"{src}:10", "status"] == "ok"
    assert summary.read == 10 and summary.failed == 8 and summary.extracted == 2


def test_html_field_is_reduced_to_its_main_text(tmp_path: Path) -> None:
    page = (f"<html><head><title>Tuyên dương | Báo Phú Yên</title>"
            f"<meta property=\"article:published_time\" content=\"2023-11-20T08:00:00+07:00\">"
            f"</head><body><nav>Trang chủ | Xã hội | Liên hệ</nav><article><h1>Tuyên dương</h1>"
            f"<p>{AWARD}</p><p>{OTHER}</p></article><footer>© Báo Phú Yên</footer></body></html>")
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "p", "html": page}])
    [article] = read_inputs([src])
    assert isinstance(article, Article)
    assert AWARD in article.text and "Trang chủ" not in article.text
    assert article.title == "Tuyên dương"
    assert article.published == "2023-11-20"
    assert article.notes == "HTML: main text by trafilatura"
    result = extract_article(article)
    assert [(f.form, f.recipient, f.count) for f in result.facts] == [
        ("bang_khen", "collective", 4), ("bang_khen", "individual", 9),
        ("giay_khen", "collective", 6)]
    for f in result.facts:
        assert article.text[f.start:f.end] == f.evidence


def test_html_file_and_html_saved_as_txt(tmp_path: Path) -> None:
    page = f"<!DOCTYPE html><html><body><main><p>{AWARD}</p></main></body></html>"
    (tmp_path / "p1.html").write_text(page, encoding="utf-8")
    (tmp_path / "p2.txt").write_text(page, encoding="utf-8")
    records = list(read_inputs([tmp_path]))
    assert [r.id for r in records] == ["p1", "p2"]
    for rec in records:
        assert isinstance(rec, Article)
        assert rec.text.strip() == AWARD
        assert "<p>" not in rec.text


def test_lone_surrogates_do_not_break_the_tables(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    line = json.dumps({"id": "s", "text": AWARD}, ensure_ascii=False)
    src.write_text(line.replace("Bằng", "B\\ud800ằng") + "\n"
                   + json.dumps({"id": "t", "text": OTHER}) + "\n", encoding="utf-8")
    summary, tables = _run(tmp_path, src)
    assert summary.read == 2 and summary.failed == 0
    notes = tables["articles"].set_index("article_id").loc["s", "notes"]
    assert "surrogate" in notes


def _mixed_folder(folder: Path) -> dict[str, str]:
    """A folder holding every kind of bad input; returns source -> expected status."""
    folder.mkdir()
    clean = AWARD + "\n" + OTHER + "\n"
    files: dict[str, bytes] = {
        "01_utf8.txt": clean.encode("utf-8"),
        "02_bom.txt": b"\xef\xbb\xbf" + clean.encode("utf-8"),
        "03_utf16.txt": clean.encode("utf-16"),
        "04_utf16le_no_bom.txt": clean.encode("utf-16-le"),
        "05_cp1258.txt": encode_legacy(clean, "cp1258"),
        "06_tcvn3.txt": encode_legacy(clean, "tcvn3"),
        "07_vni.txt": encode_legacy(clean, "vni"),
        "08_messy.txt": unicodedata.normalize("NFD", clean.replace("\n", "\r\n").replace(
            "Bằng khen", "Bằng\u200b\u00a0khen").replace("Ủy", "Uỷ")).encode("utf-8"),
        "09_page.html": (f"<html><head><title>Khen thưởng</title></head><body><nav>Trang chủ"
                         f"</nav><article><p>{AWARD}</p><p>{OTHER}</p></article></body></html>"
                         ).encode(),
        "10_empty.txt": b"",
        "11_blank.txt": b" \r\n\t\n",
        "12_binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "13_big.txt": ("Thời tiết hôm nay có mây, ngày nắng, chiều tối có mưa rào vài nơi.\n"
                       * 75_000 + clean).encode("utf-8"),
        "14_table.csv": ("id,text\ncsv-1," + json.dumps(AWARD, ensure_ascii=False)
                         .replace('\\"', '""') + "\n").encode("utf-8"),
        "15_truncated.jsonl.gz": gzip.compress(
            (json.dumps({"id": "gz", "text": AWARD}, ensure_ascii=False) + "\n").encode()
            * 50)[:120],
        "16_not.parquet": b"PAR1 this is not parquet",
        "17_picture.png": b"\x89PNG\r\n\x1a\n",
    }
    mojibake = encode_legacy(AWARD, "tcvn3").decode("cp1252", errors="replace")
    records = [
        {"id": "j-ok", "text": AWARD},
        "{broken json",
        {"id": "j-none", "text": None},
        {"id": "j-int", "text": 7},
        {"id": "j-nofield", "body": AWARD},
        {"id": "j-ok", "text": AWARD},
        {"id": "j-ok", "text": OTHER},
        {"id": "j-html", "html": f"<html><body><article><p>{AWARD}</p></article></body></html>"},
        {"id": "j-mojibake", "text": mojibake},
    ]
    files["18_records.jsonl"] = "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
        for r in records).encode("utf-8") + encode_legacy(
        json.dumps({"id": "j-cp1258", "text": AWARD}, ensure_ascii=False) + "\n", "cp1258")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def test_one_run_over_a_folder_of_every_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    _mixed_folder(folder)
    summary, tables = _run(tmp_path, folder, workers=2)
    arts = tables["articles"]
    by_id = arts.set_index("article_id")
    # every input is accounted for: 13 files of one record, the CSV's row, the truncated
    # gzip, the broken Parquet, the picture, and the 10 lines of the JSON Lines file
    assert len(arts) == summary.read == 13 + 1 + 1 + 1 + 1 + 10
    assert summary.read == summary.extracted + summary.failed + summary.duplicates
    decodable = ["01_utf8", "02_bom", "03_utf16", "04_utf16le_no_bom", "05_cp1258",
                 "06_tcvn3", "07_vni", "08_messy", "09_page", "13_big"]
    assert list(by_id.loc[decodable, "status"]) == ["ok"] * len(decodable)
    assert list(by_id.loc[decodable[:7], "encoding"]) == [
        "utf-8", "utf-8-sig", "utf-16-le", "utf-16-le", "cp1258", "tcvn3", "vni"]
    for name in ("10_empty", "11_blank"):
        assert by_id.loc[name, "error"] == "empty text"
    assert by_id.loc["12_binary", "status"] == "error"
    assert str(folder / "17_picture.png") in set(arts["article_id"])
    errors = arts.set_index("source")
    assert errors.loc[str(folder / "16_not.parquet"), "error"].startswith("cannot read Parquet")
    assert by_id.loc["j-html", "status"] == "ok"
    assert by_id.loc["j-ok~2", "status"] == "ok"
    assert (arts["status"] == "duplicate").sum() == 1
    assert by_id.loc["j-mojibake", "notes"] == (
        "text in the tcvn3 font encoding converted to Unicode")
    assert by_id.loc["j-cp1258", "encoding"] == "cp1258"
    # the same facts from every readable form of the same article
    awards = tables["awards"]
    expected = [("bang_khen", "province", "collective", 4), ("bang_khen", "province",
                                                             "individual", 9),
                ("giay_khen", "district", "collective", 6)]
    for name in decodable:
        rows = awards[awards["article_id"] == name]
        assert [tuple(r) for r in rows[["form", "level", "recipient", "count"]]
                .itertuples(index=False)] == expected, name
    # every row traces back to the text as read
    texts: dict[str, str] = {}
    for rec in read_inputs([folder]):
        if isinstance(rec, Article):
            texts.setdefault(rec.id, rec.text)
    texts["j-ok~2"] = OTHER
    for row in awards.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.evidence
        assert row.count >= 0


def test_a_few_broken_utf8_bytes_are_replaced_not_fatal(tmp_path: Path) -> None:
    good = (AWARD + "\n" + OTHER + "\n").encode("utf-8")
    cut = good.index("Giấy".encode()) + 3  # inside the two-byte "ấ"... a broken sequence
    (tmp_path / "broken.txt").write_bytes(good[:cut] + good[cut + 1:])
    src = tmp_path / "in.jsonl"
    line = json.dumps({"id": "j", "text": AWARD}, ensure_ascii=False).encode("utf-8")
    src.write_bytes(line.replace("Bằng".encode(), b"B\xe1\xba") + b"\n")
    [txt] = read_inputs([tmp_path / "broken.txt"])
    [rec] = read_inputs([src])
    for article in (txt, rec):
        assert isinstance(article, Article)
        assert article.encoding == "utf-8"
        assert article.notes == "1 invalid UTF-8 byte sequences replaced by U+FFFD"
        assert "\ufffd" in article.text
    assert [(f.recipient, f.count) for f in extract_article(txt).facts][:2] == [
        ("collective", 4), ("individual", 9)]


def test_check_treats_ids_used_twice_as_run_does(tmp_path: Path, capsys) -> None:
    from extractor.cli import main

    src = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": AWARD}, {"id": "a", "text": AWARD},
                                         {"id": "a", "text": OTHER}])
    assert main(["check", str(src), "--out", str(tmp_path / "out"), "--format", "csv"]) == 0
    arts = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert list(zip(arts["article_id"], arts["status"], strict=True)) == [
        ("a", "ok"), ("a", "duplicate"), ("a~2", "ok")]
    awards = pd.read_csv(tmp_path / "out" / "awards.csv")
    assert list(awards["fact_id"]) == ["a:f1", "a:f2", "a~2:f1"]
    assert "read 3, extracted 2, failed 0, 1 duplicates" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_utf32_json_lines(tmp_path: Path, encoding: str) -> None:
    lines = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\r\n"
                    for i, t in (("u1", AWARD), ("u2", OTHER)))
    (tmp_path / "w.jsonl").write_bytes(lines.encode(encoding))
    records = list(read_inputs([tmp_path / "w.jsonl"]))
    assert [(r.id, r.text) for r in records if isinstance(r, Article)] == [("u1", AWARD),
                                                                          ("u2", OTHER)]
    assert len(records) == 2


def test_a_byte_order_mark_on_a_later_line(tmp_path: Path) -> None:
    one = json.dumps({"id": "a", "text": AWARD}, ensure_ascii=False).encode()
    two = json.dumps({"id": "b", "text": OTHER}, ensure_ascii=False).encode()
    (tmp_path / "cat.jsonl").write_bytes(b"\xef\xbb\xbf" + one + b"\n\xef\xbb\xbf" + two + b"\n")
    assert [r.id for r in read_inputs([tmp_path / "cat.jsonl"]) if isinstance(r, Article)] == [
        "a", "b"]


def test_an_empty_jsonl_file_gets_a_row(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"\n \n")
    [failure] = read_inputs([tmp_path / "empty.jsonl"])
    assert isinstance(failure, ReadFailure) and failure.reason == "file holds no record"


def test_resume_recognises_positions_however_the_path_is_typed(tmp_path: Path,
                                                               monkeypatch) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    _jsonl(folder / "a.jsonl", [{"text": AWARD}, "not json"])
    monkeypatch.chdir(tmp_path)
    run_job(["d"], tmp_path / "out", "csv")
    summary = run_job([str(folder)], tmp_path / "out", "csv", resume=True)
    assert (summary.read, summary.skipped) == (0, 2)
    assert len(pd.read_csv(tmp_path / "out" / "awards.csv")) == 2  # 4 tập thể, 9 cá nhân
    assert len(pd.read_csv(tmp_path / "out" / "articles.csv")) == 2


def test_stray_nul_and_a_few_broken_bytes_are_not_fatal(tmp_path: Path) -> None:
    good = (AWARD + "\n" + OTHER + "\n").encode("utf-8")
    (tmp_path / "nul.txt").write_bytes(good.replace(b"UBND", b"UBND\x00", 1))
    (tmp_path / "bytes.txt").write_bytes(good[:60] + b"\xff\xfe\x80" + good[60:])
    broken, nul = read_inputs([tmp_path])
    assert isinstance(broken, Article) and isinstance(nul, Article)
    assert broken.notes is not None and "replaced by U+FFFD" in broken.notes
    assert nul.notes == "1 NUL bytes removed" and nul.text == AWARD + "\n" + OTHER + "\n"


def test_clear_reasons_for_pages_without_text(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "n", "html": None},
                                         {"id": "e", "html": "", "text": ""},
                                         {"id": "b", "html": "<html><body></body></html>"},
                                         {"id": "t", "text": AWARD, "title": ["a", "b"]}])
    (tmp_path / "plain.html").write_text(AWARD, encoding="utf-8")
    records = {r.id: r for r in read_inputs([src, tmp_path / "plain.html"])}
    assert records["n"].reason == "no text, and 'html' is null"
    assert records["e"].reason == "no text, and 'html' is empty"
    assert records["b"].reason == "HTML page holds no text"
    assert records["t"].title is None
    assert records["t"].notes == "title is list, not a string: left out"
    assert records["plain"].text == AWARD  # no markup: read as text
