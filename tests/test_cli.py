from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from extractor.cli import main

TEXT = "Chủ tịch UBND tỉnh tặng bằng khen cho 3 tập thể, 5 cá nhân."


def test_run_writes_tables_and_summary(tmp_path: Path, capsys) -> None:
    src = tmp_path / "one.txt"
    src.write_text(TEXT, encoding="utf-8")
    assert main(["run", str(src), "--out", str(tmp_path / "out"), "--format", "csv",
                 "--quiet"]) == 0
    awards = pd.read_csv(tmp_path / "out" / "awards.csv")
    assert awards[["article_id", "form", "level", "recipient", "count"]].values.tolist() == [
        ["one", "bang_khen", "province", "collective", 3],
        ["one", "bang_khen", "province", "individual", 5]]
    assert "read 1, extracted 1, failed 0" in capsys.readouterr().err


def test_nothing_readable_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    assert main(["run", str(bad), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    articles = pd.read_parquet(tmp_path / "out" / "articles.parquet")
    assert articles["status"].tolist() == ["error"]


def test_python_dash_m_on_bundled_corpus(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, "-m", "extractor", "run", "--out", str(tmp_path), "--format", "jsonl",
         "--quiet"], cwd=root, capture_output=True, text=True, check=True)
    assert "failed 0" in proc.stderr
    n = sum(1 for _ in (root / "corpus" / "articles.jsonl").open(encoding="utf-8"))
    rows = [json.loads(x) for x in (tmp_path / "articles.jsonl").read_text().splitlines()]
    assert len(rows) == n


def test_broken_language_data_stops_the_run(tmp_path: Path, monkeypatch, capsys) -> None:
    from extractor import errors, pipeline

    def broken() -> None:
        raise errors.ResourceError("awards.yaml: entry forms[0] 'x': unknown key(s) ['lvl']")

    monkeypatch.setattr(pipeline, "load_resources", broken)
    monkeypatch.setattr("extractor.job.load_resources", broken)
    src = tmp_path / "one.txt"
    src.write_text(TEXT, encoding="utf-8")
    assert main(["run", str(src), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "awards.yaml: entry forms[0]" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_workers_and_resume_from_the_command_line(tmp_path: Path, capsys) -> None:
    corpus = Path(__file__).resolve().parent.parent / "corpus" / "articles.jsonl"
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["run", str(corpus), "--out", str(one), "--format", "jsonl", "--quiet"]) == 0
    assert main(["run", str(corpus), "--out", str(two), "--format", "jsonl", "--quiet",
                 "--workers", "2", "--batch-size", "4"]) == 0
    for name in ("awards", "campaigns", "articles", "mentions"):
        assert (one / f"{name}.jsonl").read_bytes() == (two / f"{name}.jsonl").read_bytes()
    capsys.readouterr()
    assert main(["run", str(corpus), "--out", str(two), "--format", "jsonl", "--quiet",
                 "--resume"]) == 0
    err = capsys.readouterr().err
    assert "read 0, extracted 0, failed 0, skipped 18 already written" in err
    assert (one / "articles.jsonl").read_bytes() == (two / "articles.jsonl").read_bytes()


def test_bad_option_values_exit_2(tmp_path: Path) -> None:
    for bad in (["--workers", "0"], ["--batch-size", "-1"], ["--checkpoint-every", "-5"]):
        with pytest.raises(SystemExit) as exc:
            main(["run", "--out", str(tmp_path), *bad])
        assert exc.value.code == 2


def test_out_naming_a_file_is_refused_before_any_work(tmp_path: Path, capsys) -> None:
    import pytest

    target = tmp_path / "afile"
    target.write_text("", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        main(["run", "--out", str(target), "--quiet"])
    assert stop.value.code == 2
    assert "exists and is not a folder" in capsys.readouterr().err
