"""Canonical text, its offset map to the text as given, and the folded "match text".

Three strings matter for an article:

* the **text as given** (``Article.text``): what the reader decoded. Every offset the
  package emits indexes into it (characters, half-open), so ``text[start:end] ==
  evidence`` holds for the input itself, NFD or CRLF or zero-width spaces and all.
* the **canonical text**: the text in Unicode NFC, with invisible characters (zero-width
  joiners, soft hyphens...) removed, every line break made ``"\n"``, and a line break
  inside a sentence (hard-wrapped text) made a space (see
  ``resources/vi/normalization.yaml``). The recognisers run on it. :func:`normalize`
  builds it with an :class:`OffsetMap` back to the text as given; for the common clean
  input it is the text itself and the map is the identity.
* the **match text**: a same-length copy of the canonical text, lower-cased, with the
  tone mark of syllable-final *oa / oe / uy* moved to one convention ("uỷ" -> "ủy",
  "hoà" -> "hòa") and exotic spaces, quotes and dashes folded. Because it has the same
  length, an offset found in the match text is an offset in the canonical text.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import load_resource


def canonical(text: str) -> str:
    """Return the canonical text of ``text`` (NFC, invisible characters removed, line
    breaks as ``"\n"``); :func:`normalize` gives the same string with its offset map.

    >>> canonical("Hoa\u0300\r\nB\u1eb1ng\u200b khen") == "Hoà\nBằng khen"
    True
    """
    return normalize(text).text


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in a canonical text back to the text it was made from.

    The canonical text is cut into consecutive non-empty segments; segment ``i`` covers
    canonical ``[c_start[i], c_start[i+1])`` and given ``[g_start[i], g_end[i])``. A
    segment is *aligned* when both sides have the same length and each character maps
    to the one at the same place (text NFC already, a lone ``"\r"`` made ``"\n"``);
    otherwise it is one rewritten piece (a letter and its combining marks composed,
    ``"\r\n"`` made ``"\n"``). Removed characters fall between segments and belong to
    no span. ``identity`` maps have no segments. All offsets are in characters.
    """

    length: int
    """Length of the canonical text."""
    given_length: int
    """Length of the text as given."""
    c_start: array = None  # type: ignore[assignment]
    g_start: array = None  # type: ignore[assignment]
    g_end: array = None  # type: ignore[assignment]
    aligned: bytes = b""

    @property
    def identity(self) -> bool:
        """True when the canonical text is the text as given."""
        return self.c_start is None

    def start(self, offset: int) -> int:
        """The offset in the given text of a span starting at canonical ``offset``
        (``0 <= offset <= length``): the first given character of what it starts at;
        invisible characters before it are left out of the span."""
        if self.c_start is None:
            return offset
        if offset >= self.length:
            return self.given_length
        i = bisect_right(self.c_start, offset) - 1
        inside = offset - self.c_start[i]
        if self.aligned[i] or inside == 0:
            return self.g_start[i] + inside
        return min(self.g_start[i] + inside, self.g_end[i] - 1)

    def end(self, offset: int) -> int:
        """The offset in the given text of a span ending at canonical ``offset``
        (exclusive, ``0 <= offset <= length``): just after the last given character of
        the span; invisible characters after it are left out."""
        if self.c_start is None:
            return offset
        if offset <= 0:
            return 0
        i = bisect_left(self.c_start, offset) - 1
        inside = offset - self.c_start[i]
        seg_end = self.c_start[i + 1] if i + 1 < len(self.c_start) else self.length
        if self.aligned[i] or offset < seg_end:
            return min(self.g_start[i] + inside, self.g_end[i])
        return self.g_end[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``(start, end)`` of a canonical span, in the given text (``start <= end``)."""
        given_start = self.start(start)
        return given_start, max(given_start, self.end(end))


@dataclass(frozen=True, slots=True)
class Normalized:
    """The canonical ``text`` of an input and the :class:`OffsetMap` back to it."""

    text: str
    map: OffsetMap


def is_nfc_and_visible(text: str) -> bool:
    """True when ``text`` is NFC and holds no removed character, word separator or
    ``"\r"``: its canonical text then differs from it at most by wrapped lines joined
    (same length, same words). Checked in C: a few microseconds per article."""
    _, not_canonical, _, _ = _dirty_pattern()
    return unicodedata.is_normalized("NFC", text) and not_canonical.search(text) is None


def normalize(text: str) -> Normalized:
    """Canonicalise ``text`` and keep the map of offsets back to it.

    Args:
        text: any ``str`` (NFD, mixed NFC/NFD, CRLF, zero-width spaces...).

    Returns:
        :class:`Normalized`: the canonical text (see the module docstring) and its
        :class:`OffsetMap`. Clean input (NFC, no removed character, ``"\n"`` line
        breaks: checked in C, no copy) gives ``text`` itself and the identity map.
    """
    dirty, removed, breaks, separators = _dirty_pattern()
    if is_nfc_and_visible(text):
        return Normalized(_join_wrapped_lines(text), OffsetMap(len(text), len(text)))
    out: list[str] = []
    c_start, g_start, g_end = array("q"), array("q"), array("q")
    aligned = bytearray()
    pos = clen = 0

    def add(piece: str, g0: int, g1: int, same: bool) -> None:
        nonlocal clen
        if not piece:
            return
        if same and aligned and aligned[-1] and g_end[-1] == g0:
            g_end[-1] = g1  # extend the aligned segment before
        else:
            c_start.append(clen)
            g_start.append(g0)
            g_end.append(g1)
            aligned.append(1 if same else 0)
        out.append(piece)
        clen += len(piece)

    def add_plain(g0: int, g1: int) -> None:
        plain = text[g0:g1]
        composed = unicodedata.normalize("NFC", plain)
        if len(composed) == len(plain):
            add(composed, g0, g1, True)
        else:  # a rare composition without combining marks (Hangul jamo...)
            add(composed, g0, g1, False)

    for match in dirty.finditer(text):
        g0, g1 = match.span()
        if g0 > pos:
            add_plain(pos, g0)
        piece = match.group(0)
        if piece in breaks:
            add("\n", g0, g1, g1 - g0 == 1)
        elif piece in separators:
            if out and out[-1][-1:].isalnum() and text[g1:g1 + 1].isalnum():
                add(" ", g0, g1, True)  # "Chủ\u200btịch": a space between two words
        elif removed.fullmatch(piece) is None:
            composed = unicodedata.normalize("NFC", piece)
            add(composed, g0, g1, len(composed) == len(piece))
        pos = g1
    if pos < len(text):
        add_plain(pos, len(text))
    canonical_text = _join_wrapped_lines("".join(out))
    return Normalized(canonical_text, OffsetMap(len(canonical_text), len(text), c_start,
                                                g_start, g_end, bytes(aligned)))


def _join_wrapped_lines(text: str) -> str:
    """``text`` with each line break inside a sentence made a space (same length, so no
    offset moves): a single ``"\n"`` (no blank line) before a lower-case letter, or after
    a comma or a ``continues_after`` word and before a letter or digit ("cho 8 tập thể
    và\n15 cá nhân", "Bằng\nkhen"). A line that starts a list item (``-``, ``•``...) is
    never joined."""
    if "\n" not in text:
        return text
    words = _continuation_words()

    def join(m: re.Match[str]) -> str:
        nxt = text[m.end()]
        if nxt.islower():
            return " " * len(m.group())
        if nxt.isalnum():
            before = text[max(0, m.start() - 24):m.start()]
            tail = before.split()
            if before.endswith(",") or (tail and tail[-1].lower() in words):
                return " " * len(m.group())
        return m.group()

    joined = _LONE_BREAK.sub(join, text)
    return text if joined == text else joined


_LONE_BREAK = re.compile(r"(?<=\S)[^\S\n]*\n[^\S\n]*(?=\S)")


@lru_cache(maxsize=1)
def _continuation_words() -> frozenset[str]:
    return frozenset(load_resource("normalization")["continues_after"])


@lru_cache(maxsize=1)
def _dirty_pattern() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str],
                              frozenset[str]]:
    """(what :func:`normalize` rewrites, what makes a text not canonical besides NFC,
    the line breaks read as ``"\n"``, the word separators)."""
    data = load_resource("normalization")
    line_breaks = frozenset(b for b in data["line_breaks"] if b != "\n")
    removed_chars = "".join(re.escape(c) for c in [*data["removed"],
                                                   *data["word_separators"]])
    breaks = "|".join(re.escape(b) for b in sorted(line_breaks, key=len, reverse=True))
    marks = _combining_class()
    dirty = re.compile(rf"[^{marks}]?[{marks}]+|{breaks}|[{removed_chars}]")
    # one character class (every break sequence starts with one of its characters): a
    # class is scanned several times faster than an alternation
    starts = "".join(re.escape(b[0]) for b in line_breaks)
    not_canonical = re.compile(rf"[{starts}{removed_chars}]")
    return dirty, not_canonical, line_breaks, frozenset(data["word_separators"])


def _combining_class() -> str:
    """A regex character class body of every code point with a non-zero canonical
    combining class (the marks NFC may compose with the letter before them). Only planes
    0 and 1 are searched: no code point above U+1FFFF has one (Unicode 15)."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x20000):
        if unicodedata.combining(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                   for a, b in ranges)


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
