"""Compile lexicon phrases into regular expressions over the match text.

A phrase is written as the tokenizer emits it: syllables separated by one space,
lower case (``"chủ tịch ubnd"``). Inside a phrase, ``{slot}`` stands for any entry of a
named list and ``[ ... ]`` marks an optional part. The compiled pattern

* matches on syllable edges only (never inside a word: "xã" does not match in "xãy");
* lets any run of spaces stand for one space, and spaces around punctuation be absent
  ("thi đua - khen thưởng" matches "thi đua-khen thưởng").

Patterns run on :func:`extractor.normalize.fold` output, whose offsets equal those of
the article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from .normalize import fold

_PIECE = re.compile(r"\{(\w+)\}|\[|\]|[^\W_]+|\d+|[^\w\s]")
_LEFT_EDGE = r"(?<![^\W_])"
_RIGHT_EDGE = r"(?![^\W_])"


def phrase_regex(phrase: str, slots: Mapping[str, Sequence[str]] | None = None) -> str:
    """Return the regex source (no edges) that matches ``phrase`` in the match text.

    >>> re.fullmatch(phrase_regex("thi đua - khen thưởng"), "thi đua-khen thưởng") is not None
    True
    >>> bool(re.fullmatch(phrase_regex("hạng {c}", {"c": ["ba", "nhì"]}), "hạng  nhì"))
    True
    """
    slots = slots or {}
    out: list[str] = []
    prev_kind = ""  # "word", "punct" or "" (start / after an open bracket)
    for m in _PIECE.finditer(fold(phrase)):
        tok = m.group(0)
        if tok == "[":
            out.append("(?:")
            out.append(_SEP_MARK)
            prev_kind = "open"
            continue
        if tok == "]":
            out.append(")?")
            prev_kind = "word"
            continue
        if m.group(1):
            alternatives = sorted({fold(a) for a in slots[m.group(1)]}, key=len, reverse=True)
            body = "(?:" + "|".join(phrase_regex(a) for a in alternatives) + ")"
            kind = "word"
        else:
            body = re.escape(tok)
            kind = "punct" if not (tok[0].isalnum()) else "word"
        if prev_kind == "open":
            out[-1] = r"\s*" if kind == "punct" else r"\s+"
        elif prev_kind:
            out.append(r"\s*" if "punct" in (kind, prev_kind) else r"\s+")
        out.append(body)
        prev_kind = kind
    return "".join(out)


_SEP_MARK = "\x00"


def compile_phrases(phrases: Iterable[str], slots: Mapping[str, Sequence[str]] | None = None
                    ) -> re.Pattern[str]:
    """One pattern matching any of ``phrases`` on syllable edges, longest alternatives first.

    Raises:
        ValueError: ``phrases`` is empty.
    """
    sources = sorted({phrase_regex(p, slots) for p in phrases}, key=len, reverse=True)
    if not sources:
        raise ValueError("compile_phrases: no phrases")
    return re.compile(_LEFT_EDGE + "(?:" + "|".join(sources) + ")" + _RIGHT_EDGE)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation (no group) of ``words`` as written, spaces as ``\\s+``, longest
    first, for a pattern that places its own edges (:func:`compile_phrases` adds syllable
    edges and reads slots)."""
    return "|".join(r"\s+".join(map(re.escape, w.split()))
                    for w in sorted(words, key=len, reverse=True))


def key(text: str) -> str:
    """The lookup key of a matched phrase: folded, single-spaced, no spaces around marks.

    >>> key("Thi đua -  Khen thưởng")
    'thi đua-khen thưởng'
    """
    folded = re.sub(r"\s+", " ", fold(text)).strip()
    return re.sub(r"\s*([^\w\s])\s*", r"\1", folded)
