"""Arbitrary and mutated text never breaks extraction, and every row stays traceable."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractor
from extractor.errors import InputError
from extractor.normalize import canonical

from .conftest import CORPUS

SAMPLES = [json.loads(line)["text"] for line in (CORPUS / "articles.jsonl").open(encoding="utf-8")]


def _check(text: str) -> None:
    try:
        result = extractor.extract(text, article_id="fuzz")
    except InputError:
        assert not canonical(text).strip()
        return
    body = result.article.text
    for f in result.facts:
        assert body[f.start:f.end] == f.evidence
        assert isinstance(f.count, int) and f.count >= 0
        for m in f.mentions:
            assert body[m.start:m.end] == m.evidence
    for c in result.campaigns:
        assert body[c.start:c.end] == c.evidence


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_unicode(text: str) -> None:
    _check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SAMPLES),
    st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 40),
                       st.text(alphabet="0123456789.,;:“”\"()-–\n ạáàảãâầấậẫẩăằắặẳẵđ"
                                        "\u200b\u00ad\ufeff\u00a0\r\u0300\u0301\u0323",
                               max_size=8)), max_size=6),
    st.booleans(),
)
def test_mutated_corpus_articles(text: str, edits: list[tuple[int, int, str]], nfd: bool
                                 ) -> None:
    for pos, length, insert in edits:
        pos %= max(1, len(text))
        text = text[:pos] + insert + text[pos + length:]
    _check(unicodedata.normalize("NFD", text) if nfd else text)
