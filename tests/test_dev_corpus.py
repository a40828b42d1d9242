"""Scores on the development corpus in ../shared (skipped when it is absent)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import read_jsonl
from .scoring import gold_tuples, predicted_tuples


def test_seed_article_gives_its_gold_rows(shared_dir: Path) -> None:
    articles = {a["id"]: a for a in read_jsonl(shared_dir / "corpus/dev/articles.jsonl")}
    gold = {g["id"]: g for g in read_jsonl(shared_dir / "corpus/dev/gold.jsonl")}
    seed = "seed-kien-luong-2024"
    assert predicted_tuples(articles[seed]) == gold_tuples(gold[seed]["awards"])


@pytest.mark.dev_corpus
def test_dev_scores(shared_dir: Path, tmp_path: Path) -> None:
    dev = shared_dir / "corpus" / "dev"
    subprocess.run([sys.executable, "-m", "extractor", "run", str(dev / "articles.jsonl"),
                    "--out", str(tmp_path), "--format", "jsonl", "--quiet"], check=True)
    out = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), "--gold", str(dev / "gold.jsonl"),
         "--awards", str(tmp_path / "awards.jsonl"), "--campaigns",
         str(tmp_path / "campaigns.jsonl"), "--json"],
        check=True, capture_output=True, text=True)
    scores = json.loads(out.stdout)
    assert scores["strict"]["f1"] >= 0.70
    assert scores["counts"]["f1"] >= 0.80
