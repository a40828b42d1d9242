"""End to end on the bundled sample corpus (corpus/), written for this project.

Each article is compared with its expected rows (corpus/gold.jsonl). Articles the
extractor does not yet get exactly right are listed in KNOWN_FAILURES and marked
``xfail(strict=True)``: fixing one turns its test into an unexpected pass, so the list only
shrinks.
"""

from __future__ import annotations

import pytest

from .conftest import CORPUS, read_jsonl
from .scoring import gold_tuples, predicted_tuples, strict_f1

ARTICLES = {a["id"]: a for a in read_jsonl(CORPUS / "articles.jsonl")}
GOLD = {g["id"]: g for g in read_jsonl(CORPUS / "gold.jsonl")}

KNOWN_FAILURES: dict[str, str] = {
    "s02-da-nang-cai-cach-hanh-chinh":
        "a restatement ('ba cá nhân nói trên, gồm hai ... và một ...') gives breakdown rows",
    "s05-thpt-thanh-lam-40-nam":
        "recipients named by a common noun ('cho tập thể nhà trường', 'trường đã được tặng')",
    "s15-ben-tre-5-khong-3-sach":
        "conferrer 'Các huyện, thành phố' (a plural subject) is not an authority mention",
}

MIN_STRICT_F1 = 0.70


def _param(aid: str):
    reason = KNOWN_FAILURES.get(aid)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(aid, marks=marks, id=aid)


def test_corpus_has_expected_rows_for_every_article() -> None:
    assert len(ARTICLES) >= 12
    assert set(ARTICLES) == set(GOLD)


@pytest.mark.parametrize("aid", [_param(a) for a in sorted(ARTICLES)])
def test_article_rows(aid: str) -> None:
    assert predicted_tuples(ARTICLES[aid]) == gold_tuples(GOLD[aid]["awards"])


def test_corpus_strict_f1() -> None:
    f1 = strict_f1((gold_tuples(GOLD[a]["awards"]), predicted_tuples(ARTICLES[a]))
                   for a in ARTICLES)
    assert f1 >= MIN_STRICT_F1
