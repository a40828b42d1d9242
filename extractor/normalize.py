"""Canonical text and the folded "match text" the recognisers search.

Two strings matter for an article:

* the **canonical text**: the input in Unicode NFC. Every offset the package emits
  indexes into it (characters, half-open). :func:`canonical` builds it once, at load.
* the **match text**: a same-length copy of the canonical text, lower-cased, with the
  tone mark of syllable-final *oa / oe / uy* moved to one convention ("uỷ" -> "ủy",
  "hoà" -> "hòa") and exotic spaces, quotes and dashes folded (see
  ``resources/vi/normalization.yaml``). Because it has the same length, an offset found in
  the match text is an offset in the canonical text, and no map is needed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .lexicon import load_resource


def canonical(text: str) -> str:
    """Return ``text`` in Unicode NFC (the form every offset refers to).

    >>> canonical("Hoa\u0300") == "Hoà"
    True
    """
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], re.Pattern[str]]:
    data = load_resource("normalization")
    table: dict[int, str] = {}
    for ch in data["spaces"]:
        table[ord(ch)] = " "
    for ch in data["quotes"]:
        table[ord(ch)] = '"'
    for ch in data["dashes"]:
        table[ord(ch)] = "-"
    pairs = "|".join(re.escape(d) for d in data["tone_diphthongs"])
    # (in NFD) a listed diphthong whose second vowel carries only a tone mark, at the end
    # of the syllable: no other mark and no letter follows
    pattern = re.compile(
        rf"({pairs})([\u0300\u0301\u0303\u0309\u0323])"
        r"(?![\w\u0300-\u036f])"
    )
    return table, pattern


def fold(text: str) -> str:
    """Return the match text of ``text``: same length, lower case, one tone convention.

    ``text`` must be NFC. The result has ``len(fold(text)) == len(text)`` and the same
    syllable boundaries, so a regex match in it gives offsets valid in ``text``.

    >>> fold("Uỷ ban nhân dân tỉnh Khánh Hoà")
    'ủy ban nhân dân tỉnh khánh hòa'
    >>> fold("Hoàng")
    'hoàng'
    """
    global _last_fold
    memo = _last_fold
    if memo[0] is text or (len(text) > 200 and memo[0] == text):
        return memo[1]  # an article's text is folded by several recognisers in a row
    table, pattern = _tables()
    lowered = text.lower()
    if len(lowered) != len(text) or "\u03a3" in text:
        # a character lower-cases to several ("İ"), or a capital sigma (str.lower() gives
        # final sigma by context): lower-case one character at a time, keeping those whole
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    lowered = lowered.translate(table)
    result = _fold_tones(text, lowered, pattern)
    if len(text) > 200:
        _last_fold = (text, result)
    return result


_last_fold: tuple[str, str] = ("", "")
"""The last long text folded and its match text (one-entry memo, replaced atomically)."""


def _fold_tones(text: str, lowered: str, pattern: re.Pattern[str]) -> str:
    if not any(c in lowered for c in "àáảãạèéẻẽẹỳýỷỹỵ"):
        return lowered
    decomposed_hits = pattern.search(unicodedata.normalize("NFD", lowered))
    if decomposed_hits is None:
        return lowered
    # Work syllable by syllable on NFD so the tone mark can move, then recompose each
    # syllable: NFC of a syllable never changes its length relative to its NFC input.
    out = re.sub(r"\w+", lambda m: _fold_syllable(m.group(0), pattern), lowered)
    return out if len(out) == len(text) else lowered


def _fold_syllable(syllable: str, pattern: re.Pattern[str]) -> str:
    nfd = unicodedata.normalize("NFD", syllable)
    moved = pattern.sub(_move_tone_nfd, nfd)
    result = unicodedata.normalize("NFC", moved)
    return result if len(result) == len(syllable) else syllable


def _move_tone_nfd(match: re.Match[str]) -> str:
    pair, tone = match.group(1), match.group(2)
    return pair[0] + tone + pair[1:]
