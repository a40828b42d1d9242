"""Detect the encoding of scraped bytes, and convert Vietnamese legacy encodings to Unicode.

Two entry points, both pure functions:

* :func:`decode_bytes` turns the bytes of a page or file into text and names the encoding it
  found: byte order marks, UTF-16 without a mark, UTF-8, then the 8-bit encodings Vietnamese
  documents were written in before Unicode (Windows-1258, TCVN3 "ABC", VNI-Windows), then
  Windows-1252 for plain Latin text. It raises :class:`~extractor.errors.DecodeError` for
  binary data and for bytes that give neither Vietnamese nor plain Latin text.
* :func:`repair_legacy` fixes text that is already a ``str`` but was decoded wrongly: TCVN3 or
  VNI bytes read as Windows-1252 or Latin-1 ("Chñ tÞch UBND tØnh", "Chuû tòch UBND tænh"),
  the usual state of old government pages. Clean Unicode text comes back unchanged.

:func:`encode_legacy` goes the other way (Unicode -> TCVN3, VNI or Windows-1258 bytes); the
tests use it to make legacy bytes.

How the 8-bit encodings are told apart: every candidate decoding is scored by how Vietnamese
it looks. The text is cut into whitespace/punctuation-separated tokens; a token that is one of
the frequent syllables counts 1, any other well-formed Vietnamese syllable counts 0.75 (0.5
when plain ASCII), other ASCII words 0, and a token holding a character or a combination no
Vietnamese syllable has (``tØnh``, ``chuû``, ``c¸c``, ``caù``) counts -1. Well-formed means: an
onset and a rhyme of the language, the spelling rules of c/k, g/gh, ng/ngh and qu, at most one
tone mark, sitting on the vowel Vietnamese spelling puts it on, and only the acute or dot-below
tone on a rhyme closed by c, ch, p or t (the data file's header has the details).
The score is the mean over the tokens (tokens with a digit, and vowel-less abbreviations such
as ``HĐND``, are left out). Only the first 20,000 characters are scored.

The conversion tables and the syllable data are language data: they live in
``extractor/resources/vi/legacy_encodings.yaml`` (sources and meaning of every key in its
header), loaded and validated once per process.

Encoding names used in :attr:`Decoded.encoding` (all but ``tcvn3`` and ``vni`` are Python
codec names): ``ascii``, ``utf-8``, ``utf-8-sig`` (UTF-8 after a byte order mark),
``utf-16-le``, ``utf-16-be``, ``utf-32-le``, ``utf-32-be`` (with or without a byte order mark,
which is never part of the text), ``cp1258``, ``tcvn3``, ``vni``, ``cp1252``.

Limits:

* TCVN3 has no code for 32 capitals with a tone (À Ả Ã Á Ạ Ặ Ậ È Ẻ Ẽ É Ẹ Ệ Ì Ỉ Ĩ Í Ị Ò Ỏ Õ Ó
  Ọ Ộ Ờ Ở Ỡ Ớ Ợ Ù Ủ Ũ): documents set them as the lower-case letter in an upper-case font
  (.VnTimeH), so converted text has those letters in lower case ("QUYẾT ĐịNH"); the font
  that made them capitals is not in the bytes.
* Very short inputs (a few words) may be ambiguous between the legacy encodings; the order
  Windows-1258, TCVN3, VNI breaks ties.
* Valid UTF-8 is accepted whatever its language; so is text after a byte order mark. Text that
  is mojibake stored as UTF-8 is returned as it is: pass it to :func:`repair_legacy`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from .errors import DecodeError, ResourceError
from .lexicon import load_resource

__all__ = [
    "ENCODINGS",
    "LEGACY_ENCODINGS",
    "DecodeError",
    "Decoded",
    "decode_bytes",
    "encode_legacy",
    "repair_legacy",
]

ENCODINGS: tuple[str, ...] = (
    "ascii", "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be",
    "cp1258", "tcvn3", "vni", "cp1252",
)
"""Every value :attr:`Decoded.encoding` can take."""

LEGACY_ENCODINGS: tuple[str, ...] = ("cp1258", "tcvn3", "vni")
"""The Vietnamese 8-bit encodings, in the order that breaks ties between equal scores."""

_FILE = "legacy_encodings.yaml"
_SAMPLE = 20_000  # characters (or bytes) scored when choosing an encoding
_MARGIN = 0.25  # how much higher a repair must score than the text it replaces

# Tone marks as combining characters (NFD): grave, acute, tilde, hook above, dot below.
_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_TONE_MARKS = frozenset((_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT))

# C0 control bytes other than \t \n \v \f \r, and DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (mark, codec for the rest, name); UTF-32 LE first: its mark starts like UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Token separators: whitespace, ASCII punctuation, and the Windows-1252 punctuation that no
# legacy encoding uses for a letter. Never U+00A1-U+00FF: TCVN3 and VNI letters live there.
_TOKEN_RE = re.compile(r"[^\s!-/:-@\[-`{-~\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
                       r"\u2030\u2039\u203a]+")


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text of some bytes, and the encoding it was read in.

    Attributes:
        text: the decoded text, without byte order mark. NFC for the legacy encodings
            (``cp1258`` decodes to combining tone marks; ``tcvn3`` and ``vni`` tables give
            precomposed letters); otherwise exactly what the bytes say.
        encoding: one of :data:`ENCODINGS`.
    """

    text: str
    encoding: str
    replaced: int = 0
    """Invalid byte sequences replaced by U+FFFD (only for ``utf-8`` text with a few broken
    bytes, see :func:`decode_bytes`)."""
    nuls_removed: int = 0
    """Stray NUL bytes dropped before decoding (see :func:`decode_bytes`)."""


class _Stats(NamedTuple):
    score: float  # mean token weight, in [-1, 1]
    viet: int  # tokens with a non-ASCII letter that are Vietnamese syllables
    bad: int  # tokens with a non-ASCII character that are not


class _Tables(NamedTuple):
    cp1252: str  # 256-character decoding table: Windows-1252, Latin-1 for its 5 holes
    tcvn3: str  # the same with the TCVN3 letters
    tcvn3_bytes: frozenset[int]  # bytes the TCVN3 table claims
    tcvn3_encode: dict[str, int]
    vni_decode: dict[str, str]  # sequence as Windows-1252 characters -> letter
    vni_encode: dict[str, bytes]
    vni_re: re.Pattern[str]
    common: frozenset[str]
    letters: frozenset[str]  # every Vietnamese letter, lower case
    vowels: frozenset[str]  # a ă â e ê i o ô ơ u ư y, any tone, lower case
    onsets: tuple[str, ...]  # longest first, then ""
    rhymes: frozenset[str]
    only_before: dict[str, frozenset[str]]
    not_before: dict[str, frozenset[str]]
    rhymes_after_qu: frozenset[str]
    tone_either: frozenset[str]


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def decode_bytes(data: bytes) -> Decoded:
    """Find the encoding of ``data`` and decode it.

    The checks run in this order, the first that applies wins:

    1. a byte order mark (UTF-32 LE/BE, UTF-8, UTF-16 LE/BE): the rest must decode strictly;
       the mark is dropped;
    2. NUL bytes: UTF-16 LE or BE without a mark when at least 30 % of the odd (LE) or even
       (BE) bytes are NUL and almost none of the others; a stray NUL in text of 200 bytes or
       more (one, and one more per 10,000 bytes) is dropped and counted in
       :attr:`Decoded.nuls_removed`; any other NUL means binary data;
    3. pure ASCII (``ascii``), then strict UTF-8 (the common case: a few milliseconds per
       megabyte), then UTF-8 with a few broken sequences (at least 5 valid multi-byte
       characters per broken one: a truncated character, a stray byte), each broken
       sequence read as U+FFFD and counted in :attr:`Decoded.replaced`;
    4. the Vietnamese 8-bit encodings Windows-1258, TCVN3 and VNI: each is tried on the first
       20,000 bytes and the one whose text looks most Vietnamese wins (see the module
       docstring), if it looks Vietnamese at all;
    5. Windows-1252, when at most a fifth of the non-blank characters are non-ASCII.

    In every case more than 1 % of control bytes (C0 other than tab, line feed, vertical tab,
    form feed, carriage return; DEL) means binary data, except that TCVN3 uses twelve of them
    for capitals.

    Args:
        data: the raw bytes of a document. ``b""`` gives ``Decoded("", "ascii")``.

    Returns:
        A :class:`Decoded`; valid UTF-8 without byte order mark and without control bytes
        always decodes to exactly ``data.decode("utf-8")``.

    Raises:
        DecodeError: binary data, an invalid sequence after a byte order mark, or bytes that
            none of the encodings above turns into Vietnamese or plain Latin text. Its
            ``reason`` says which.
        ResourceError: ``legacy_encodings.yaml`` is missing or invalid (first use only).
    """
    if not data:
        return Decoded("", "ascii")
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            try:
                text = data[len(mark):].decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"{name} byte order mark, but the rest is not {name}: {exc.reason} at "
                    f"byte {exc.start + len(mark)}"
                ) from exc
            _check_text_controls(text, name)
            return Decoded(text, name)
    if 0 in data:
        return _decode_with_nuls(data)
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    limit = len(data) // 100
    if data.isascii():
        if controls > limit:
            raise DecodeError(_binary_reason(controls, len(data)))
        return Decoded(data.decode("ascii"), "ascii")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        broken = _mostly_utf8(data)
        if broken is not None:
            if controls > limit:
                raise DecodeError(_binary_reason(controls, len(data))) from None
            return broken
    else:
        if controls > limit:
            raise DecodeError(_binary_reason(controls, len(data)))
        return Decoded(text, "utf-8")
    return _decode_legacy(data, controls, limit)


_BROKEN_UTF8_RATIO = 5
"""UTF-8 with broken bytes: at least this many valid multi-byte characters per broken
sequence (8-bit legacy text almost never forms a valid UTF-8 sequence by chance)."""


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text with a few broken sequences (a truncated character, a stray byte): the
    text with each broken sequence as U+FFFD, or None when the bytes are not mostly
    UTF-8."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    if replaced > 0 and valid >= 3 and valid >= _BROKEN_UTF8_RATIO * replaced:
        return Decoded(text, "utf-8", replaced)
    return None


def repair_legacy(text: str) -> tuple[str, str | None]:
    """Undo TCVN3 or VNI bytes having been decoded as Windows-1252 (or Latin-1).

    ``"Chñ tÞch UBND tØnh"`` (TCVN3) and ``"Chuû tòch UBND tænh"`` (VNI) both become
    ``"Chủ tịch UBND tỉnh"``. The text is converted only when all of these hold:

    * every character is one Windows-1252 or Latin-1 can give (so any ``ư``, ``ơ``, ``đ``,
      ``ạ``... of real Unicode Vietnamese stops the check at once: clean text costs next to
      nothing, and a mix of clean and broken text is left alone);
    * more than half of the words with a non-ASCII letter are impossible Vietnamese syllables
      (text whose every word is Vietnamese or ASCII is never touched, nor is clean text with
      a few loanwords; in real TCVN3 and VNI mojibake 60-100 % of them are impossible);
    * the converted text scores at least 0.25 higher (see the module docstring) and looks
      Vietnamese: it has at least two Vietnamese words with a non-ASCII letter, and they
      outnumber its impossible words two to one. A single broken word is left alone.

    Args:
        text: any string.

    Returns:
        ``(converted, "tcvn3")`` or ``(converted, "vni")`` when the text was converted,
        otherwise ``(text, None)`` with the very same string. TCVN3 capitals with a tone
        written in lower case stay lower case (see the module docstring).

    Raises:
        ResourceError: ``legacy_encodings.yaml`` is missing or invalid (first use only).
    """
    if text.isascii():
        return text, None
    raw = _mojibake_bytes(text)
    if raw is None:
        return text, None
    original = _stats(text[:_SAMPLE])
    if original.bad <= original.viet:
        return text, None
    name, best = _best_legacy(raw[:_SAMPLE], ("tcvn3", "vni"))
    if best.score >= original.score + _MARGIN and best.viet >= 2 and _looks_vietnamese(best):
        return _DECODERS[name](raw), name
    return text, None


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode Unicode text in a Vietnamese legacy encoding (the reverse of the tables).

    Args:
        text: the text; it is brought to NFC first.
        encoding: ``"tcvn3"``, ``"vni"`` or ``"cp1258"``.

    Returns:
        The bytes. Characters that are not Vietnamese letters are written in Windows-1252
        (TCVN3, VNI) or Windows-1258. In TCVN3 the 32 capitals with a tone that it cannot
        write are written as their lower-case letter (so decoding gives lower case back).
        In Windows-1258 a letter with a tone is its base letter (with circumflex, breve or
        horn when it has one) followed by the combining tone mark, as Windows writes it.

    Raises:
        ValueError: an unknown ``encoding``.
        UnicodeEncodeError (a ValueError): a character the encoding cannot write, or one
            whose Windows-1252 byte the legacy encoding uses for a letter (``ü`` in TCVN3).
        ResourceError: ``legacy_encodings.yaml`` is missing or invalid (first use only).
    """
    if encoding not in LEGACY_ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r} "
                         f"(known: {', '.join(LEGACY_ENCODINGS)})")
    text = unicodedata.normalize("NFC", text)
    if encoding == "cp1258":
        return "".join(_cp1258_form(ch) for ch in text).encode("cp1258")
    tables = _tables()
    out = bytearray()
    for i, ch in enumerate(text):
        if encoding == "tcvn3":
            code = tables.tcvn3_encode.get(ch)
            if code is not None:
                out.append(code)
                continue
            other = _cp1252_byte(text, i, encoding)
            if other in tables.tcvn3_bytes:
                raise UnicodeEncodeError(encoding, text, i, i + 1, "no TCVN3 code")
            out.append(other)
        else:
            seq = tables.vni_encode.get(ch)
            if seq is not None:
                out += seq
                continue
            other = _cp1252_byte(text, i, encoding)
            if other >= 0xC0:
                raise UnicodeEncodeError(encoding, text, i, i + 1, "no VNI code")
            out.append(other)
    return bytes(out)


# --------------------------------------------------------------------------------------
# Decoding steps
# --------------------------------------------------------------------------------------


def _decode_with_nuls(data: bytes) -> Decoded:
    """UTF-16 without byte order mark, or binary data."""
    half = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if len(data) % 2 == 0 and half:
        for name, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
            if nuls >= 0.3 * half and others <= 0.01 * half:
                try:
                    text = data.decode(name)
                except UnicodeDecodeError as exc:
                    raise DecodeError(f"binary data: NUL bytes like UTF-16 but not valid "
                                      f"{name}: {exc.reason} at byte {exc.start}") from exc
                _check_text_controls(text, name)
                return Decoded(text, name)
    nuls = even + odd
    if len(data) >= _STRAY_NUL_MIN and nuls <= 1 + len(data) // _STRAY_NULS_PER:
        # a stray NUL or two in text (a bad copy, a C string end): the text without them
        try:
            found = decode_bytes(data.replace(b"\x00", b""))
        except DecodeError:
            pass
        else:
            return Decoded(found.text, found.encoding, found.replaced, nuls)
    raise DecodeError(f"binary data: {nuls} NUL bytes "
                      f"({even} at even and {odd} at odd positions)")


_STRAY_NULS_PER = 10_000
_STRAY_NUL_MIN = 200
"""In data of at least ``_STRAY_NUL_MIN`` bytes, one NUL byte and one more per
``_STRAY_NULS_PER`` bytes are strays in text, not a sign of binary data."""


def _decode_legacy(data: bytes, controls: int, limit: int) -> Decoded:
    """Steps 4 and 5 of :func:`decode_bytes`: bytes that are not UTF-8."""
    tables = _tables()
    tcvn3_controls = sum(data.count(b) for b in tables.tcvn3_bytes if b < 0x20)
    if controls - tcvn3_controls > limit:
        raise DecodeError(_binary_reason(controls, len(data)))
    name, best = _best_legacy(data[:_SAMPLE], LEGACY_ENCODINGS)
    if _looks_vietnamese(best) and (name == "tcvn3" or controls <= limit):
        return Decoded(_DECODERS[name](data), name)
    if controls > limit:
        raise DecodeError(_binary_reason(controls, len(data)))
    text = codecs.charmap_decode(data, "strict", tables.cp1252)[0]
    holes = sum(data.count(b) for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
    sample = text[:_SAMPLE]
    non_blank = sum(1 for ch in sample if not ch.isspace())
    # typographic punctuation (“ ” – …) does not make text less Latin
    non_ascii = sum(1 for ch in sample if ord(ch) > 0x7F and ch not in _CP1252_PUNCT
                    and not ch.isspace())
    if holes == 0 and non_ascii <= 0.2 * non_blank:
        return Decoded(text, "cp1252")
    raise DecodeError(
        f"not text in a supported encoding: no Vietnamese encoding gives Vietnamese (best: "
        f"{name}, {best.viet} Vietnamese and {best.bad} impossible words) and as "
        f"Windows-1252 {non_ascii} of {non_blank} characters are not ASCII"
        + (f" and {holes} bytes are undefined" if holes else "")
    )


def _best_legacy(sample: bytes, names: tuple[str, ...]) -> tuple[str, _Stats]:
    """The encoding among ``names`` whose decoding of ``sample`` scores highest."""
    best: tuple[str, _Stats] | None = None
    for name in names:
        try:
            text = _DECODERS[name](sample)
        except UnicodeDecodeError:  # cp1258 leaves 8 bytes undefined
            continue
        stats = _stats(text)
        if best is None or stats.score > best[1].score:
            best = (name, stats)
    assert best is not None  # tcvn3 and vni decode any bytes
    return best


def _looks_vietnamese(stats: _Stats) -> bool:
    return stats.viet >= 1 and stats.viet >= 2 * stats.bad


def _binary_reason(controls: int, size: int) -> str:
    return f"binary data: {controls} control bytes in {size} (more than 1 %)"


def _check_text_controls(text: str, name: str) -> None:
    sample = text[:_SAMPLE]
    controls = len(sample) - len(sample.translate(_CONTROL_CHARS))
    if controls > len(sample) // 100:
        raise DecodeError(f"binary data: {controls} control characters in {len(sample)} "
                          f"(more than 1 %) when read as {name}")


_CONTROL_CHARS = {b: None for b in _CONTROL_BYTES}
_CP1252_PUNCT = frozenset(  # “ ” ‘ ’ – — … € ™ •, not the letters Š œ Ÿ
    ch for ch in bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
    if unicodedata.category(ch)[0] in "PS"
)


def _decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def _decode_tcvn3(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _tables().tcvn3)[0]


def _decode_vni(data: bytes) -> str:
    tables = _tables()
    text = codecs.charmap_decode(data, "strict", tables.cp1252)[0]
    parts = tables.vni_re.split(text)  # text, sequence, text, sequence, ..., text
    table = tables.vni_decode
    parts[1::2] = [table.get(seq) or _vni_fallback(seq, table) for seq in parts[1::2]]
    return "".join(parts)


def _vni_fallback(seq: str, table: dict[str, str]) -> str:
    """A base and a mark that are no VNI letter: the base alone, then the mark as it is."""
    return table.get(seq[0], seq[0]) + seq[1:]


_DECODERS: dict[str, Callable[[bytes], str]] = {
    "cp1258": _decode_cp1258,
    "tcvn3": _decode_tcvn3,
    "vni": _decode_vni,
}


def _mojibake_bytes(text: str) -> bytes | None:
    """The bytes ``text`` was decoded from, if Windows-1252 or Latin-1 could have given it."""
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError as exc:
        if not 0x80 <= ord(text[exc.start]) <= 0x9F:
            return None
    try:  # Latin-1 C1 controls mixed in: keep each as its byte
        return text.encode("cp1252", errors="extractor-latin1")
    except UnicodeEncodeError:
        return None


def _latin1_fallback(exc: UnicodeError) -> tuple[bytes, int]:
    assert isinstance(exc, UnicodeEncodeError)
    chunk = exc.object[exc.start:exc.end]
    if all(0x80 <= ord(ch) <= 0x9F for ch in chunk):
        return chunk.encode("latin-1"), exc.end
    raise exc


codecs.register_error("extractor-latin1", _latin1_fallback)


def _cp1252_byte(text: str, i: int, encoding: str) -> int:
    try:
        return text[i].encode("cp1252")[0]
    except UnicodeEncodeError:
        raise UnicodeEncodeError(encoding, text, i, i + 1,
                                 "not a Vietnamese letter nor a Windows-1252 character") from None


def _cp1258_form(ch: str) -> str:
    """``ch`` as Windows-1258 writes it: precomposed if it can, else base + tone mark."""
    try:
        ch.encode("cp1258")
        return ch
    except UnicodeEncodeError:
        pass
    nfd = unicodedata.normalize("NFD", ch)
    tones = "".join(c for c in nfd if c in _TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    return base + tones


# --------------------------------------------------------------------------------------
# Vietnamese-likeness
# --------------------------------------------------------------------------------------

_COMMON, _VALID, _OTHER, _BAD, _SKIP = range(5)


def _stats(text: str) -> _Stats:
    """Score ``text`` by how Vietnamese its tokens look (see the module docstring)."""
    total = 0.0
    counted = viet = bad = 0
    for token in _TOKEN_RE.findall(text):
        kind = _token_kind(token)
        if kind == _SKIP:
            continue
        counted += 1
        if kind in (_COMMON, _VALID):
            if token.isascii():
                total += 1.0 if kind == _COMMON else 0.5
            else:
                total += 1.0 if kind == _COMMON else 0.75
                viet += 1
        elif kind == _BAD:
            total -= 1.0
            bad += 1
    return _Stats(total / counted if counted else 0.0, viet, bad)


@lru_cache(maxsize=1 << 16)
def _token_kind(token: str) -> int:
    if any("0" <= ch <= "9" for ch in token):
        return _SKIP
    tables = _tables()
    lower = token.lower()
    if lower in tables.common:
        return _COMMON
    if all(ch in tables.letters for ch in lower):
        if _is_syllable(lower, tables):
            return _VALID
        if not any(ch in tables.vowels for ch in lower):
            return _SKIP  # an abbreviation: HĐND, QĐ, TP
        return _OTHER if lower.isascii() else _BAD
    return _OTHER if lower.isascii() else _BAD


def _is_syllable(word: str, tables: _Tables) -> bool:
    """Whether a lower-case NFC word is a well-formed Vietnamese syllable.

    Onset and rhyme from the data file, the onset's spelling rules, at most one tone, only
    the acute or dot-below tone on a rhyme closed by c, ch, p or t, and the tone on the vowel
    the spelling puts it on (see ``tone_either`` in the data file).
    """
    nfd = unicodedata.normalize("NFD", word)
    tones = [c for c in nfd if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    if len(bare) != len(word):
        return False
    if tones and bare.endswith(("c", "ch", "p", "t")) and tones[0] not in (_ACUTE, _DOT):
        return False
    toned = next((i for i, (a, b) in enumerate(zip(word, bare, strict=True)) if a != b), None)
    for onset in tables.onsets:
        rhyme = bare[len(onset):]
        if not rhyme or not bare.startswith(onset):
            continue
        if rhyme not in tables.rhymes and not (onset == "qu" and rhyme in tables.rhymes_after_qu):
            continue
        allowed = tables.only_before.get(onset)
        if (allowed is not None and rhyme[0] not in allowed) \
                or rhyme[0] in tables.not_before.get(onset, ()):
            continue
        if toned is None or toned - len(onset) in _tone_places(rhyme):
            return True
    return False


@cache
def _tone_places(rhyme: str) -> frozenset[int]:
    """Where a rhyme (without tone) may carry its tone mark: indexes into ``rhyme``."""
    tables = _tables()
    vowels = [i for i, c in enumerate(rhyme) if c in tables.vowels]
    marked = [i for i in vowels if len(unicodedata.normalize("NFD", rhyme[i])) > 1]
    if marked:
        return frozenset({marked[-1]})
    if rhyme in tables.tone_either:
        return frozenset(vowels)
    if vowels[-1] != len(rhyme) - 1 or len(vowels) == 1:
        return frozenset({vowels[-1]})
    return frozenset({vowels[len(vowels) // 2] if len(vowels) == 3 else vowels[0]})


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


@cache
def _tables() -> _Tables:
    """Load, check and compile ``legacy_encodings.yaml`` (once per process)."""
    data = load_resource("legacy_encodings")
    for key in ("tcvn3", "vni", "common_syllables", "onsets", "rhymes", "onset_only_before",
                "onset_not_before", "rhymes_after_qu", "tone_either"):
        if key not in data:
            raise ResourceError(f"{_FILE}: missing key {key!r}")
    for key in ("common_syllables", "onsets", "rhymes", "rhymes_after_qu", "tone_either"):
        for entry in data[key]:
            if not isinstance(entry, str) or entry != entry.lower() or not entry:
                raise ResourceError(f"{_FILE}: entry {entry!r} in {key!r} is not a lower-case "
                                    f"string (quote on, off, yes, no)")
    base = []
    for b in range(256):
        try:
            base.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            base.append(chr(b))
    cp1252 = "".join(base)

    letters_seen: dict[str, str] = {}

    def claim(letter: Any, code: str) -> str:
        if not isinstance(letter, str) or len(letter) != 1:
            raise ResourceError(f"{_FILE}: entry {code}: {letter!r} is not one letter")
        if letter in letters_seen:
            raise ResourceError(f"{_FILE}: letter {letter!r} has two codes: "
                                f"{letters_seen[letter]} and {code}")
        letters_seen[letter] = code
        return letter

    tcvn3 = list(base)
    tcvn3_encode: dict[str, int] = {}
    for code, letter in data["tcvn3"].items():
        if not isinstance(code, int) or not (0x01 <= code <= 0x1F or 0x80 <= code <= 0xFF) \
                or code in (0x09, 0x0A, 0x0B, 0x0C, 0x0D):
            raise ResourceError(f"{_FILE}: tcvn3 entry {code!r}: not a byte outside ASCII "
                                f"text (write it 0xA1)")
        tcvn3[code] = claim(letter, f"tcvn3 0x{code:02X}")
        tcvn3_encode[letter] = code
    for lower, code in list(tcvn3_encode.items()):
        upper = lower.upper()
        if upper != lower and upper not in tcvn3_encode:
            tcvn3_encode[upper] = code  # written in lower case in a capital font

    letters_seen.clear()
    vni_decode: dict[str, str] = {}
    vni_encode: dict[str, bytes] = {}
    for code, letter in data["vni"].items():
        try:
            seq = bytes.fromhex(str(code))
        except ValueError:
            seq = b""
        if not 1 <= len(seq) <= 2 or (len(seq) == 2 and not (seq[0] < 0x80 or seq[0] in
                                                             b"\xd4\xd6\xf4\xf6")):
            raise ResourceError(f"{_FILE}: vni entry {code!r}: not one or two bytes in hex "
                                f"(a base letter then a mark byte)")
        vni_decode[seq.decode("cp1252")] = claim(letter, f"vni {code}")
        vni_encode[letter] = seq
    vni_decode = {k: v for k, v in vni_decode.items() if k != v}  # í, ì, Í, Ì
    bases = sorted({k[0] for k in vni_decode if len(k) == 2})
    marks = sorted({k[1] for k in vni_decode if len(k) == 2})
    singles = sorted(k for k in vni_decode if len(k) == 1)
    for chars, letter in list(vni_decode.items()):
        if len(chars) == 2:  # a mark typed in the other case than its base: "Aù" for "AÙ"
            vni_decode.setdefault(chars[0] + chars[1].swapcase(), letter)
    marks = sorted({*marks, *(m.swapcase() for m in marks)})
    vni_re = re.compile(f"([{re.escape(''.join(bases))}][{re.escape(''.join(marks))}]"
                        f"|[{re.escape(''.join(singles))}])")

    letters = {chr(c) for c in range(ord("a"), ord("z") + 1)} | {"đ"}
    vowels: set[str] = set()
    for letter in list(tcvn3_encode) + list(vni_encode):
        lower = letter.lower()
        letters.add(lower)
        if lower != "đ":
            vowels.add(lower)
    vowels |= set("aeiouy")
    rules: dict[str, dict[str, frozenset[str]]] = {}
    for key in ("onset_only_before", "onset_not_before"):
        rules[key] = {}
        for onset, firsts in data[key].items():
            if onset not in data["onsets"] or not isinstance(firsts, list) \
                    or not all(isinstance(f, str) and len(f) == 1 for f in firsts):
                raise ResourceError(f"{_FILE}: {key}.{onset}: not an onset with a list of "
                                    f"letters")
            rules[key][onset] = frozenset(firsts)
    return _Tables(
        cp1252=cp1252,
        tcvn3="".join(tcvn3),
        tcvn3_bytes=frozenset(data["tcvn3"]),
        tcvn3_encode=tcvn3_encode,
        vni_decode=vni_decode,
        vni_encode=vni_encode,
        vni_re=vni_re,
        common=frozenset(data["common_syllables"]),
        letters=frozenset(letters),
        vowels=frozenset(vowels),
        onsets=(*sorted(data["onsets"], key=len, reverse=True), ""),
        rhymes=frozenset(data["rhymes"]),
        only_before=rules["onset_only_before"],
        not_before=rules["onset_not_before"],
        rhymes_after_qu=frozenset(data["rhymes_after_qu"]),
        tone_either=frozenset(data["tone_either"]),
    )
