"""Number recogniser for Vietnamese news text.

:func:`find_numbers` finds every number of a text, written in digits ("7", "07",
"1.200", "1,5", "19/8/2025"), in words ("mười hai", "hai mươi mốt", "một trăm linh năm",
"ba nghìn hai trăm") or mixed ("1,2 nghìn", "27 nghìn", "1 tỷ 200 triệu"), and returns
each one with its character span, surface text, value and *kind*. The kind tells whether
the number can be a count of things (``"cardinal"``) or why it cannot:

================== =========================================================================
kind               examples (the mention is the number only, never the unit)
================== =========================================================================
cardinal           "**5** tập thể", "**mười lăm** cá nhân", "**1.200** hội viên"
year               "năm **2024**", "giai đoạn **2020**-**2025**", "(**1994** – **2019**)"
date               "**19/8/2025**", "**20.08.2014**", "ngày **5**", "tháng **12**", "**14h30**"
ordinal            "lần thứ **năm**", "thứ **3**", "khóa **XV**", "tổ **5**", "quận **1**"
class              "hạng **Ba**", "hạng **III**", "giải **Nhất**"
decimal            "**1,5**", "**2.5**", a ratio that cannot be a date ("**7/40**")
percent            "**90**%", "**77,97**%", "**50** phần trăm"
money              "**2 triệu** đồng", "**500.000** đồng", "**500.000**đ"
duration           "**90** ngày đêm", "**5** năm", "**3** tháng", "**80** tuổi"
docno              "số **12**", "Quyết định số **163/QĐ-UBND**"
years_of_service   "Huy hiệu **50** năm tuổi Đảng", "Huy hiệu **30** năm"
vague              "**hàng trăm**", "**một số** cá nhân", "**2 - 3** người" (value ``None``)
================== =========================================================================

Reading rules that matter for counts:

* A dot followed by exactly three digits groups thousands ("1.200" = 1200); a comma is the
  decimal comma ("1,5" = 1.5, kind ``decimal``: never a count).
* A ratio before a counted noun ("17.800/18.600 hộ") gives its numerator as the count;
  the total after the slash is not reported.
* Two numbers are never joined: "mười lăm tập thể và ba cá nhân" gives 15 and 3. Number
  words written side by side without a noun ("hai ba người") or a number range ("2 - 3
  người") are one ``vague`` mention with value ``None``.
* Ambiguous words are numbers only where they must be: a bare "năm" is 5 only before a
  counted noun ("năm tập thể"), "một" only before a counted noun or a unit, "tư", "mốt",
  "lăm", "linh", "lẻ" only inside a compound, "Nhất"/"Nhì" only after "hạng"/"giải"/
  "thứ". A capitalised number word inside a sentence is a name ("Ba Vì", "Hai Bà Trưng").
* A compound whose value is not certain ("hai triệu ba trăm": 2 000 300 or 2 300 000?) is
  reported as ``vague`` (value ``None``) rather than guessed.
* Roman numerals are read only after "hạng", "thứ", "lần thứ", "khóa", "Đại hội" and the
  like (``roman_prefixes`` of the data file), never as counts.

Language data: every word list (digit words, multipliers, regional variants, qualifiers,
counted nouns, units, prefixes) is in ``extractor/resources/vi/numbers.yaml``; its header
gives its source and the meaning of every key. It is validated when first loaded (see
:func:`load_lexicon`) and the compiled tables are cached for the process.

The recogniser is a compiled-regex tokenizer followed by a single left-to-right pass over
the tokens; it calls no NLP library and takes a few hundred microseconds on a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from .errors import ResourceError
from .lexicon import parse_yaml

__all__ = ["KINDS", "Lexicon", "NumberMention", "compile_lexicon", "find_numbers", "load_lexicon"]

KINDS: tuple[str, ...] = (
    "cardinal",
    "year",
    "date",
    "ordinal",
    "class",
    "decimal",
    "percent",
    "money",
    "duration",
    "docno",
    "years_of_service",
    "vague",
)
"""Every value of :attr:`NumberMention.kind`. Only ``"cardinal"`` numbers can be counts."""


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number found in a text.

    Attributes:
        start: character offset (a Python ``str`` index, not a byte offset) of the first
            character of the number in the text given to :func:`find_numbers`.
        end: character offset just past the number (half-open: ``[start, end)``).
        surface: ``text[start:end]``: the number as written, without its unit ("2 triệu"
            in "2 triệu đồng", "90" in "90%"); for a date, a time or a document number
            the whole code ("19/8/2025", "163/QĐ-UBND"); for a vague quantity the whole
            phrase ("hàng trăm", "2 - 3").
        value: the number: ``int`` when whole, ``float`` otherwise (1.5, 77.97). ``None``
            for vague quantities and for composite dates and times ("19/8/2025", "14h30");
            a document number has the value of its leading number (163).
        approx: ``True`` when a qualifier such as "hơn", "trên", "gần", "khoảng",
            "xấp xỉ", "ngót", "gần như" stands right before the number, and for every
            vague quantity.
        kind: one of :data:`KINDS`; only ``"cardinal"`` numbers are potential counts.
    """

    start: int
    end: int
    surface: str
    value: int | float | None
    approx: bool
    kind: str


# --------------------------------------------------------------------------------------
# Language data
# --------------------------------------------------------------------------------------

_RESOURCE = "resources/vi/numbers.yaml"
_FILE = "numbers.yaml"

_INT_MAPS = ("digits", "tens_units", "teen_units", "after_zero_tens", "scales", "ordinal_words")
_LISTS = (
    "ten",
    "tens_marker",
    "tens_multiplier",
    "zero_tens",
    "hundred",
    "half",
    "decimal_point",
    "ambiguous_after_tens",
    "year_noun_after",
    "not_numbers",
    "approx_qualifiers",
    "vague_heads",
    "vague_quantifiers",
    "vague_tails",
    "counted_nouns",
    "roman_prefixes",
    "service_prefixes",
    "service_units",
    "list_connectors",
    "range_connectors",
)
_GROUPED: dict[str, frozenset[str]] = {
    "suffix_kinds": frozenset({"money", "percent", "duration", "years_of_service"}),
    "glued_suffixes": frozenset({"money", "date"}),
    "prefix_kinds": frozenset({"year", "date", "docno", "ordinal", "class", "cardinal"}),
}
_CHOICE_MAPS: dict[str, frozenset[str]] = {
    "needs_follower": frozenset({"counted", "counted_or_unit"}),
}
_ALLOWED_KEYS = frozenset(_INT_MAPS) | frozenset(_LISTS) | frozenset(_GROUPED) | frozenset(
    _CHOICE_MAPS
)

# Tokens: a digit group (with its inner . , / - separators), a run of letters, or any
# other single non-space character. ASCII digits only: other scripts' digits are symbols.
_TOKEN_RE = re.compile(r"(?P<num>[0-9]+(?:[.,/\-][0-9]+)*)|(?P<word>[^\W\d_]+)|(?P<punct>\S)")

_Phrase = tuple[str, ...]


class _Phrases:
    """Longest-match lookup of word sequences in a token list (lower-cased tokens)."""

    __slots__ = ("firsts", "lasts", "max_len", "table")

    def __init__(self, table: Mapping[_Phrase, str]) -> None:
        self.table: dict[_Phrase, str] = dict(table)
        self.max_len = max((len(p) for p in self.table), default=0)
        self.firsts = frozenset(p[0] for p in self.table)
        self.lasts = frozenset(p[-1] for p in self.table)

    def at(self, low: list[str], i: int) -> tuple[int, str] | None:
        """Longest phrase starting at token ``i``: ``(length, value)`` or ``None``."""
        if i >= len(low) or low[i] not in self.firsts:
            return None
        for size in range(min(self.max_len, len(low) - i), 0, -1):
            value = self.table.get(tuple(low[i : i + size]))
            if value is not None:
                return size, value
        return None

    def before(self, low: list[str], i: int) -> tuple[int, str] | None:
        """Longest phrase ending just before token ``i``: ``(length, value)`` or ``None``."""
        if i <= 0 or low[i - 1] not in self.lasts:
            return None
        for size in range(min(self.max_len, i), 0, -1):
            value = self.table.get(tuple(low[i - size : i]))
            if value is not None:
                return size, value
        return None


@dataclass(frozen=True)
class Lexicon:
    """The compiled contents of ``numbers.yaml`` (see the file header for each key)."""

    digits: Mapping[str, int]
    tens_units: Mapping[str, int]
    teen_units: Mapping[str, int]
    after_zero_tens: Mapping[str, int]
    scales: Mapping[str, int]
    ordinal_words: Mapping[str, int]
    needs_follower: Mapping[str, str]
    ten: frozenset[str]
    tens_marker: frozenset[str]
    tens_multiplier: frozenset[str]
    zero_tens: frozenset[str]
    hundred: frozenset[str]
    half: frozenset[str]
    decimal_point: frozenset[str]
    ambiguous_after_tens: frozenset[str]
    year_noun_after: frozenset[str]
    vague_heads: frozenset[str]
    vague_tails: frozenset[str]
    list_connectors: frozenset[str]
    range_connectors: frozenset[str]
    glued: Mapping[str, str]
    not_numbers: _Phrases
    approx: _Phrases
    vague_quantifiers: _Phrases
    counted: _Phrases
    suffix: _Phrases
    prefix: _Phrases
    roman_prefixes: _Phrases
    service_prefixes: _Phrases
    service_units: frozenset[_Phrase]
    multipliers: frozenset[str]
    compound_next: frozenset[str]
    starters: frozenset[str]


_MULTIWORD_LISTS = frozenset(
    {
        "not_numbers",
        "approx_qualifiers",
        "vague_quantifiers",
        "counted_nouns",
        "roman_prefixes",
        "service_prefixes",
        "service_units",
    }
)


def _fail(where: str, entry: object, problem: str) -> ResourceError:
    return ResourceError(f"{_FILE}: entry {entry!r} in {where!r}: {problem}")


def _check_duplicate_keys(node: yaml.Node | None, path: str = "") -> None:
    """Raise on a mapping that repeats a key (``yaml.safe_load`` keeps the last silently)."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise _fail(path or "<top level>", key, "duplicate key")
            seen.add(key)
            _check_duplicate_keys(value_node, f"{path}.{key}" if path else key)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, path)


def _phrase(where: str, entry: object) -> _Phrase:
    """Check one entry (string, NFC, lower case, tokenizes as written) and split it."""
    if not isinstance(entry, str) or not entry.strip():
        raise _fail(where, entry, "must be a non-empty string")
    if unicodedata.normalize("NFC", entry) != entry:
        raise _fail(where, entry, "not NFC")
    if entry != entry.lower():
        raise _fail(where, entry, "must be lower case")
    words = tuple(entry.split(" "))
    if any(not w for w in words):
        raise _fail(where, entry, "words must be separated by exactly one space")
    tokens = tuple(m.group() for m in _TOKEN_RE.finditer(entry))
    if tokens != words:
        raise _fail(where, entry, f"does not tokenize as written (tokens: {list(tokens)})")
    return words


def _entries(where: str, value: object) -> list[_Phrase]:
    if not isinstance(value, list) or not value:
        raise ResourceError(f"{_FILE}: {where!r} must be a non-empty list")
    out: list[_Phrase] = []
    seen: set[_Phrase] = set()
    for entry in value:
        words = _phrase(where, entry)
        if words in seen:
            raise _fail(where, entry, "duplicate entry")
        seen.add(words)
        out.append(words)
    return out


def _int_map(where: str, value: object) -> dict[str, int]:
    if not isinstance(value, dict) or not value:
        raise ResourceError(f"{_FILE}: {where!r} must be a non-empty mapping")
    out: dict[str, int] = {}
    for key, number in value.items():
        words = _phrase(where, key)
        if len(words) != 1:
            raise _fail(where, key, "must be a single word")
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise _fail(where, key, f"value must be a non-negative integer, not {number!r}")
        out[key] = number
    return out


def _grouped(where: str, value: object, kinds: frozenset[str]) -> dict[_Phrase, str]:
    if not isinstance(value, dict) or not value:
        raise ResourceError(f"{_FILE}: {where!r} must be a non-empty mapping")
    out: dict[_Phrase, str] = {}
    for kind, items in value.items():
        if kind not in kinds:
            raise _fail(where, kind, f"unknown kind (allowed: {', '.join(sorted(kinds))})")
        for words in _entries(f"{where}.{kind}", items):
            if words in out:
                problem = f"listed under both {out[words]!r} and {kind!r}"
                raise _fail(where, " ".join(words), problem)
            out[words] = kind
    return out


def _choice_map(where: str, value: object, choices: frozenset[str]) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise ResourceError(f"{_FILE}: {where!r} must be a non-empty mapping")
    out: dict[str, str] = {}
    for key, choice in value.items():
        words = _phrase(where, key)
        if len(words) != 1:
            raise _fail(where, key, "must be a single word")
        if choice not in choices:
            raise _fail(where, key, f"value must be one of {', '.join(sorted(choices))}")
        out[key] = str(choice)
    return out


def _words_of(where: str, phrases: Iterable[_Phrase]) -> frozenset[str]:
    out = set()
    for p in phrases:
        if len(p) != 1:
            raise _fail(where, " ".join(p), "must be a single word")
        out.add(p[0])
    return frozenset(out)


def compile_lexicon(source: str) -> Lexicon:
    """Validate the text of a ``numbers.yaml`` file and compile it.

    Raises:
        ResourceError: the text has no leading comment header, is not YAML, has an
            unknown or missing key, a duplicate key or entry, a string that is not NFC or
            not lower case, or an entry in two incompatible lists. The message names the
            file and the entry.
    """
    if not source.lstrip().startswith("#"):
        raise ResourceError(f"{_FILE}: must start with a comment header giving its source")
    try:
        data: Any = parse_yaml(source, _check_duplicate_keys)
    except yaml.YAMLError as exc:
        raise ResourceError(f"{_FILE}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"{_FILE}: top level must be a mapping")
    for key in data:
        if key not in _ALLOWED_KEYS:
            allowed = ", ".join(sorted(_ALLOWED_KEYS))
            raise _fail("<top level>", key, f"unknown key (allowed: {allowed})")
    missing = sorted(_ALLOWED_KEYS - set(data))
    if missing:
        raise ResourceError(f"{_FILE}: missing keys: {', '.join(missing)}")

    ints = {k: _int_map(k, data[k]) for k in _INT_MAPS}
    lists = {k: _entries(k, data[k]) for k in _LISTS}
    grouped = {k: _grouped(k, data[k], kinds) for k, kinds in _GROUPED.items()}
    choices = {k: _choice_map(k, data[k], c) for k, c in _CHOICE_MAPS.items()}

    for key, value in ints["digits"].items():
        if value > 9:
            raise _fail("digits", key, "a digit word must have a value 0..9")
    for key in choices["needs_follower"]:
        if key not in ints["digits"]:
            raise _fail("needs_follower", key, "not in 'digits'")
    single = {k: _words_of(k, lists[k]) for k in _LISTS if k not in _MULTIWORD_LISTS}
    for key in single["ambiguous_after_tens"]:
        if key not in ints["digits"]:
            raise _fail("ambiguous_after_tens", key, "not in 'digits'")
    suffix = grouped["suffix_kinds"]
    for words in lists["counted_nouns"]:
        if words in suffix:
            raise _fail("counted_nouns", " ".join(words), f"also a {suffix[words]!r} unit")
    prefix = grouped["prefix_kinds"]
    for words in lists["roman_prefixes"]:
        if words not in prefix:
            raise _fail("roman_prefixes", " ".join(words), "not in 'prefix_kinds'")
    for words in lists["service_units"]:
        if words not in suffix:
            raise _fail("service_units", " ".join(words), "not in 'suffix_kinds'")
    glued: dict[str, str] = {}
    for words, kind in grouped["glued_suffixes"].items():
        if len(words) != 1:
            raise _fail("glued_suffixes", " ".join(words), "must be a single word")
        glued[words[0]] = kind
    number_words = (
        set(ints["digits"]) | single["ten"] | single["tens_marker"] | single["hundred"]
        | set(ints["scales"])
    )
    overlap = number_words & (single["zero_tens"] | single["half"] | single["decimal_point"])
    if overlap:
        raise _fail("zero_tens/half/decimal_point", sorted(overlap)[0], "is also a number word")

    def table(name: str) -> _Phrases:
        return _Phrases({p: name for p in lists[name]})

    multipliers = single["hundred"] | single["tens_multiplier"] | frozenset(ints["scales"])
    return Lexicon(
        digits=ints["digits"],
        tens_units=ints["tens_units"],
        teen_units=ints["teen_units"],
        after_zero_tens=ints["after_zero_tens"],
        scales=ints["scales"],
        ordinal_words=ints["ordinal_words"],
        needs_follower=choices["needs_follower"],
        ten=single["ten"],
        tens_marker=single["tens_marker"],
        tens_multiplier=single["tens_multiplier"],
        zero_tens=single["zero_tens"],
        hundred=single["hundred"],
        half=single["half"],
        decimal_point=single["decimal_point"],
        ambiguous_after_tens=single["ambiguous_after_tens"],
        year_noun_after=single["year_noun_after"],
        vague_heads=single["vague_heads"],
        vague_tails=single["vague_tails"],
        list_connectors=single["list_connectors"],
        range_connectors=single["range_connectors"],
        glued=glued,
        not_numbers=table("not_numbers"),
        approx=table("approx_qualifiers"),
        vague_quantifiers=table("vague_quantifiers"),
        counted=table("counted_nouns"),
        suffix=_Phrases(suffix),
        prefix=_Phrases(prefix),
        roman_prefixes=table("roman_prefixes"),
        service_prefixes=table("service_prefixes"),
        service_units=frozenset(lists["service_units"]),
        multipliers=multipliers,
        compound_next=multipliers | single["tens_marker"],
        starters=frozenset(ints["digits"]) | single["ten"] | frozenset(ints["ordinal_words"])
        | single["vague_heads"] | frozenset(p[0] for p in lists["vague_quantifiers"]),
    )




@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read, validate and compile ``extractor/resources/vi/numbers.yaml`` (cached).

    Raises:
        ResourceError: the file cannot be read or is invalid (see :func:`compile_lexicon`).
    """
    try:
        source = (files("extractor") / _RESOURCE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{_FILE}: cannot read: {exc}") from exc
    return compile_lexicon(source)


# --------------------------------------------------------------------------------------
# Word-number grammar
# --------------------------------------------------------------------------------------

_Group = tuple[int, int | None, str]  # (next atom index, value or None if unsure, shape)


def _tens(a: list[str], i: int, lex: Lexicon) -> _Group | None:
    """0 < n < 100 at atom ``i``: "mười lăm", "hai mươi mốt", "hai chục", "ba"."""
    n = len(a)
    if i >= n:
        return None
    w = a[i]
    if w in lex.ten:
        j = i + 1
        if j < n:
            u = a[j]
            if u in lex.ambiguous_after_tens:
                return j + 1, None, "tens"
            if u in lex.teen_units:
                return j + 1, 10 + lex.teen_units[u], "tens"
            if u in lex.digits and lex.digits[u] > 0:
                return j + 1, 10 + lex.digits[u], "tens"
        return j, 10, "tens"
    if w in lex.digits and lex.digits[w] > 0:
        d = lex.digits[w]
        j = i + 1
        if j < n and a[j] in lex.tens_marker:
            j += 1
            if j < n:
                u = a[j]
                if u in lex.ambiguous_after_tens:
                    return j + 1, None, "tens"
                if u in lex.tens_units:
                    return j + 1, d * 10 + lex.tens_units[u], "tens"
                if u in lex.digits and lex.digits[u] > 0:
                    return j + 1, d * 10 + lex.digits[u], "tens"
            return j, d * 10, "tens"
        if j < n and a[j] in lex.tens_multiplier:
            return j + 1, d * 10, "tens"
        return j, d, "single"
    return None


def _after_zero_tens(a: list[str], i: int, lex: Lexicon) -> _Group | None:
    """The part after "linh"/"lẻ" at atom ``i``: "năm", "tư", "mười", "hai mươi"."""
    if i < len(a) and a[i] in lex.after_zero_tens and a[i] not in lex.digits:
        return i + 1, lex.after_zero_tens[a[i]], "tens"
    return _tens(a, i, lex)


def _group(a: list[str], i: int, lex: Lexicon) -> _Group | None:
    """0 <= n < 1000 at atom ``i``, with the shape of what was read."""
    n = len(a)
    if i + 1 < n and a[i] in lex.digits and a[i + 1] in lex.hundred:
        h = lex.digits[a[i]]
        val = h * 100
        shape = "zero_hundreds" if h == 0 else "hundreds"
        j = i + 2
        if j >= n:
            return j, val, shape
        w = a[j]
        if w in lex.zero_tens:
            t = _after_zero_tens(a, j + 1, lex)
            if t is None:
                return None
            return t[0], None if t[1] is None else val + t[1], shape
        if w in lex.half:
            return j + 1, val + 50, shape
        t = _tens(a, j, lex)
        if t is not None:
            if t[2] == "single" or t[1] is None:
                return t[0], None, shape  # "hai trăm ba": 230 or 203?
            return t[0], val + t[1], shape
        if w in lex.tens_units or w in lex.teen_units:
            return j + 1, None, shape  # "một trăm tư", "trăm mốt": elided, not certain
        return j, val, shape
    return _tens(a, i, lex)


def _parse_int(a: list[str], i: int, lex: Lexicon) -> tuple[int, int | None, bool] | None:
    """An integer from atom ``i``: ``(next index, value or None if unsure, has scale)``."""
    n = len(a)
    g = _group(a, i, lex)
    if g is None:
        return None
    j, val, shape = g
    total = 0
    sure = val is not None
    last_scale = 0
    while True:
        if j < n and a[j] in lex.scales:
            scale = 1
            while j < n and a[j] in lex.scales:
                scale *= lex.scales[a[j]]
                j += 1
            if last_scale and scale >= last_scale:
                sure = False
            if val is None:
                sure = False
            else:
                total += val * scale
            last_scale = scale
            if j >= n:
                break
            w = a[j]
            if w in lex.half:
                total += scale // 2
                j += 1
                break
            if w in lex.zero_tens:
                t = _after_zero_tens(a, j + 1, lex)
                if t is None:
                    break
                j, val, shape = t
                shape = "exact"
                continue
            g = _group(a, j, lex)
            if g is None:
                break
            j, val, shape = g
            if j < n and a[j] in lex.scales:
                continue
            exact = shape == "zero_hundreds" or (
                scale == 1000 and shape in ("hundreds", "tens")
            )
            if not exact or val is None:
                sure = False
            else:
                total += val
            break
        if val is None:
            sure = False
        else:
            total += val
        break
    return j, total if sure else None, last_scale > 0


def _parse_atoms(a: list[str], lex: Lexicon) -> Fraction | None:
    """The value of a run of number words, or ``None`` when it is not one sure number."""
    r = _parse_int(a, 0, lex)
    if r is None:
        return None
    j, val, scaled = r
    n = len(a)
    if j < n and a[j] in lex.decimal_point:
        if scaled or val is None:
            return None
        k = j + 1
        t = _tens(a, k, lex)
        if t is not None and t[2] == "tens":
            if t[1] is None:
                return None
            decimals = str(t[1])
            k = t[0]
        else:
            digits = []
            while k < n and a[k] in lex.digits:
                digits.append(str(lex.digits[a[k]]))
                k += 1
            decimals = "".join(digits)
        if not decimals:
            return None
        number = Fraction(f"{val}.{decimals}")
        scale = 1
        while k < n and a[k] in lex.scales:
            scale *= lex.scales[a[k]]
            k += 1
        return number * scale if k == n else None
    if j != n or val is None:
        return None
    return Fraction(val)


# --------------------------------------------------------------------------------------
# Digit forms
# --------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[0-9]+")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_EN_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){2,}")
_DEC_COMMA = re.compile(r"(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),[0-9]+")
_DOT_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
_DMY = re.compile(r"([0-9]{1,2})([./\-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})")
_MONTH_YEAR = re.compile(r"([0-9]{1,2})/([0-9]{4})")
_PAIR = re.compile(r"([0-9][0-9.,]*)([/\-])([0-9][0-9.,]*)")
_DOCNO_TAIL = re.compile(r"[/\-][A-ZĐ]\w*(?:[/\-.]\w+)*")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_MAX_DIGITS = 40
_SENTENCE_OPENERS = frozenset(".!?:;…-–—•*+([{\"“‘«'")
_GROUP_SPACES = frozenset("\u00a0\u202f\u2009")  # no-break, narrow no-break, thin space
_NON_COUNT_UNITS = frozenset({"money", "percent", "duration", "years_of_service"})
_LABEL_KINDS = frozenset({"ordinal", "class", "docno"})
_NUM, _WORD, _PUNCT = 1, 2, 3  # = the group numbers of _TOKEN_RE


def _int_form(s: str) -> int | None:
    """A whole number written plainly or with dot thousands ("1200", "1.200")."""
    if _PLAIN.fullmatch(s) or _THOUSANDS.fullmatch(s):
        return int(s.replace(".", ""))
    return None


def _number_form(s: str) -> Fraction | None:
    """A plain, dot-thousands or decimal-comma number ("7", "1.200", "1,5", "1.200,5")."""
    if _PLAIN.fullmatch(s) or _THOUSANDS.fullmatch(s):
        return Fraction(int(s.replace(".", "")))
    if _DEC_COMMA.fullmatch(s):
        return Fraction(s.replace(".", "").replace(",", "."))
    return None


def _is_day_month(day: str, month: str) -> bool:
    return len(day) <= 2 and len(month) <= 2 and 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _is_year(s: str) -> bool:
    return len(s) == 4 and s[0] != "0" and 1800 <= int(s) <= 2100


def _roman_value(s: str) -> int:
    total = 0
    for ch, nxt in zip(s, [*s[1:], ""], strict=True):
        v = _ROMAN_VALUES[ch]
        total += -v if nxt and _ROMAN_VALUES[nxt] > v else v
    return total


# --------------------------------------------------------------------------------------
# Scanner
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cand:
    """A number being recognised (token indices ``[ti, tj)``, characters ``[start, end)``)."""

    ti: int
    tj: int
    start: int
    end: int
    value: Fraction | None
    kind: str | None = None  # fixed by the form or the context; else decided at the end
    approx: bool = False
    year_like: bool = False
    strong: bool = False  # a counted noun follows: a list neighbour cannot relabel it
    roman_ok: bool = False  # read in a context where Roman numerals are numbers


class _Scanner:
    """One pass over the tokens of a text, collecting :class:`_Cand` records."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        matches = list(_TOKEN_RE.finditer(text))
        self.ty: list[int] = [m.lastindex or _PUNCT for m in matches]
        self.st: list[int] = [m.start() for m in matches]
        self.en: list[int] = [m.end() for m in matches]
        raw = [m.group() for m in matches]
        self.raw = raw
        self.low = [r.lower() for r in raw]
        self.n = len(raw)
        self.cands: list[_Cand] = []

    # -- small helpers -----------------------------------------------------------------
    def _word(self, i: int) -> str | None:
        """The lower-cased word at token ``i`` (``None`` past the end or for non-words)."""
        if i < self.n and self.ty[i] == _WORD:
            return self.low[i]
        return None

    def _counted_at(self, i: int) -> bool:
        return self.lex.counted.at(self.low, i) is not None

    def _unit_at(self, i: int) -> bool:
        return self.lex.suffix.at(self.low, i) is not None

    def _follows_ok(self, i: int, mode: str) -> bool:
        return self._counted_at(i) or (mode == "counted_or_unit" and self._unit_at(i))

    def _sentence_start(self, k: int) -> bool:
        if k == 0:
            return True
        p = k - 1
        if "\n" in self.text[self.en[p] : self.st[k]]:
            return True
        return self.ty[p] == _PUNCT and self.raw[p] in _SENTENCE_OPENERS

    def _counts_previous(self, p: int, kind: str, after_number: bool) -> bool:
        """Is the label word at ``p`` ("lớp", "tổ") the counted noun of a number before it?"""
        return after_number and kind not in ("date", "year") and self._counted_at(p)

    def _glued(self, i: int) -> bool:
        """Token ``i`` touches token ``i - 1`` (no space between)."""
        return 0 < i < self.n and self.st[i] == self.en[i - 1]

    def _add(self, ti: int, tj: int, start: int, end: int, value: Fraction | None,
             kind: str | None = None, **extra: Any) -> None:
        self.cands.append(_Cand(ti, tj, start, end, value, kind, **extra))

    def _context(self, k: int) -> tuple[str | None, bool]:
        """Ordinal/class/date/year context of a word at ``k``, and whether Roman is read."""
        lex = self.lex
        hit = lex.prefix.before(self.low, k)
        if hit is not None:
            size, kind = hit
            if kind == "cardinal" or kind == "docno":
                return None, False
            after_number = bool(self.cands) and self.cands[-1].tj == k - size
            if self._counts_previous(k - size, kind, after_number):
                return None, False  # "3 lớp ..." : the word counts the number before it
            return kind, lex.roman_prefixes.before(self.low, k) is not None
        if self.cands and k >= 1:
            prev = self.cands[-1]
            if (prev.tj == k - 1 and self.low[k - 1] in lex.list_connectors
                    and prev.kind in ("ordinal", "class")):
                return prev.kind, prev.roman_ok
        return None, False

    # -- scanning ----------------------------------------------------------------------
    def scan(self) -> list[_Cand]:
        ty, low, raw, n = self.ty, self.low, self.raw, self.n
        starters = self.lex.starters
        i = 0
        while i < n:
            t = ty[i]
            if t == _NUM:
                i = self._numeric(i)
            elif t == _WORD and (low[i] in starters or (raw[i].isascii() and raw[i].isupper())):
                i = self._words(i)
            else:
                i += 1
        return self.cands

    def _skip_glued(self, i: int) -> int:
        """Skip an identifier made of glued tokens ("F0", "H5N1", "12A", "QL1A")."""
        j = i + 1
        while j < self.n and self._glued(j) and self.ty[j] != _PUNCT:
            j += 1
        return j

    def _numeric(self, i: int) -> int:
        text, s, start, end = self.text, self.raw[i], self.st[i], self.en[i]
        lex = self.lex
        if len(s) > _MAX_DIGITS:
            return i + 1
        if start > 0:
            c = text[start - 1]
            if c.isalpha() or c == "_" or (c in "-." and start > 1 and text[start - 2].isalpha()):
                return self._skip_glued(i)  # "F0", "COVID-19"
        tail = _DOCNO_TAIL.match(text, end)
        if tail:
            lead = re.match(r"[0-9]+", s)
            value = Fraction(int(lead.group())) if lead else None
            j = i + 1
            while j < self.n and self.st[j] < tail.end():
                j += 1
            self._add(i, j, start, tail.end(), value, "docno")
            return j
        if end < len(text) and text[end].isalpha():
            return self._glued_letters(i)

        number = _number_form(s)
        if number is None and _EN_THOUSANDS.fullmatch(s):
            number = Fraction(int(s.replace(",", "")))
        if number is not None:
            return self._chain(i, number, year_like=_PLAIN.fullmatch(s) is not None and _is_year(s))
        m = _DMY.fullmatch(s)
        if m and _is_day_month(m.group(1), m.group(3)):
            self._add(i, i + 1, start, end, None, "date")
            return i + 1
        m = _MONTH_YEAR.fullmatch(s)
        if m and 1 <= int(m.group(1)) <= 12:
            self._add(i, i + 1, start, end, None, "date")
            return i + 1
        m = _PAIR.fullmatch(s)
        if m:
            return self._pair(i, m)
        if _DOT_DECIMAL.fullmatch(s):  # "20.08", "2.5": not thousands
            left, right = s.split(".")
            hit = lex.prefix.before(self.low, i)
            if hit is not None and hit[1] == "date" and _is_day_month(left, right):
                self._add(i, i + 1, start, end, None, "date")
                return i + 1
            return self._chain(i, Fraction(s), year_like=False)
        return i + 1  # "1.2.3", "1/2/3/4": no reading

    def _glued_letters(self, i: int) -> int:
        """Digits followed by letters: "500.000đ" (money), "14h30" (time), else skip."""
        j = i + 1
        if j >= self.n or self.ty[j] != _WORD:
            return self._skip_glued(i)
        kind = self.lex.glued.get(self.low[j])
        s = self.raw[i]
        if kind == "money":
            number = _number_form(s)
            if number is not None and not (
                j + 1 < self.n and self._glued(j + 1) and self.ty[j + 1] == _NUM
            ):
                self._add(i, j + 1, self.st[i], self.en[i], number, "money")
                return j + 1
        elif kind == "date" and _PLAIN.fullmatch(s) and len(s) <= 2 and int(s) <= 24:
            end = self.en[j]
            k = j + 1
            if k < self.n and self._glued(k) and self.ty[k] == _NUM and _PLAIN.fullmatch(
                self.raw[k]
            ) and len(self.raw[k]) == 2:
                end = self.en[k]
                k += 1
            if not (k < self.n and self._glued(k) and self.ty[k] != _PUNCT):
                self._add(i, k, self.st[i], end, None, "date")
                return k
        return self._skip_glued(i)

    def _pair(self, i: int, m: re.Match[str]) -> int:
        """Two numbers joined by "/" or "-" in one token."""
        left, sep, right = m.group(1), m.group(2), m.group(3)
        start, end = self.st[i], self.en[i]
        a, b = _number_form(left), _number_form(right)
        if a is None or b is None:
            return i + 1
        counted = self._counted_at(i + 1)
        if sep == "/":
            if counted and a.denominator == 1 and b.denominator == 1 and a <= b:
                # "17.800/18.600 hộ": the numerator is the count, the total is not reported
                self._add(i, i + 1, start, start + len(left), a)
                return i + 1
            if _is_day_month(left, right):
                self._add(i, i + 1, start, end, None, "date")
            elif b != 0:
                self._add(i, i + 1, start, end, a / b, "decimal")
            return i + 1
        # "-": a range, or a day-month date, or two years
        if _PLAIN.fullmatch(left) and _PLAIN.fullmatch(right) and _is_year(left) and _is_year(
            right
        ):
            mid = start + len(left) + 1
            self._add(i, i + 1, start, start + len(left), a, "year")
            self._add(i, i + 1, mid, end, b, "year")
            return i + 1
        unit = self.lex.suffix.at(self.low, i + 1)
        if counted:
            self._add(i, i + 1, start, end, None, "vague", approx=True)
        elif unit is not None and unit[1] in _NON_COUNT_UNITS:
            mid = start + len(left) + 1
            self._add(i, i + 1, start, start + len(left), a, unit[1])
            self._add(i, i + 1, mid, end, b, unit[1])
        elif _is_day_month(left, right):
            self._add(i, i + 1, start, end, None, "date")
        else:
            self._add(i, i + 1, start, end, None, "vague", approx=True)
        return i + 1

    def _chain(self, i: int, number: Fraction, year_like: bool) -> int:
        """A digit number and the multiplier words after it ("27 nghìn", "1 tỷ 200 triệu")."""
        lex, low = self.lex, self.low
        start = self.st[i]
        j = i + 1
        plain = self.raw[i]
        # thousands grouped by no-break/thin spaces ("12 500"); a plain space is unsure
        if _PLAIN.fullmatch(plain) and len(plain) <= 3:
            k = i
            digits = plain
            while (k + 1 < self.n and self.ty[k + 1] == _NUM
                   and _PLAIN.fullmatch(self.raw[k + 1]) and len(self.raw[k + 1]) == 3
                   and self.st[k + 1] == self.en[k] + 1
                   and self.text[self.en[k]] in _GROUP_SPACES):
                k += 1
                digits += self.raw[k]
            if k > i:
                return self._chain_rest(i, k + 1, Fraction(int(digits)), start)
            nxt = i + 1
            if (nxt < self.n and self.ty[nxt] == _NUM and self.raw[nxt].isdigit()
                    and len(self.raw[nxt]) == 3 and self.text[self.en[i] : self.st[nxt]] == " "):
                self._add(i, nxt + 1, start, self.en[nxt], None, "vague", approx=True)
                return nxt + 1
        w = self._word(j)
        if w is None or w not in lex.multipliers or lex.not_numbers.at(low, j):
            self._add(i, j, start, self.en[i], number, year_like=year_like)
            return j
        return self._chain_rest(i, j, number, start)

    def _chain_rest(self, i: int, j: int, number: Fraction, start: int) -> int:
        lex, low = self.lex, self.low
        end = self.en[j - 1]
        total = number
        unit = Fraction(1)
        w = self._word(j)
        if w is not None and w in lex.hundred:
            total *= 100
            unit = Fraction(100)
            end = self.en[j]
            j += 1
        elif w is not None and w in lex.tens_multiplier:
            total *= 10
            unit = Fraction(10)
            end = self.en[j]
            j += 1
        scale = 1
        while (w := self._word(j)) is not None and w in lex.scales and not lex.not_numbers.at(
            low, j
        ):
            scale *= lex.scales[w]
            end = self.en[j]
            j += 1
        total *= scale
        if scale > 1:
            unit = Fraction(scale)
        sure = True
        w = self._word(j)
        if unit > 1 and w is not None and w in lex.half:
            total += unit / 2
            end = self.en[j]
            j += 1
        elif scale > 1:
            last = scale
            while j < self.n and self.ty[j] == _NUM:
                value = _int_form(self.raw[j])
                if value is None or self._glued(j):
                    break
                k = j + 1
                part = Fraction(value)
                hundreds = False
                if (w := self._word(k)) is not None and w in lex.hundred:
                    part *= 100
                    hundreds = True
                    k += 1
                sub = 1
                while (w := self._word(k)) is not None and w in lex.scales:
                    sub *= lex.scales[w]
                    k += 1
                if 1 < sub < last:
                    total += part * sub
                    last = sub
                elif sub == 1 and hundreds and last == 1000 and value < 10:
                    total += part  # "2 nghìn 5 trăm"
                    last = 1
                elif sub == 1 and not hundreds and len(self.raw[j]) <= 3 and not (
                    self._counted_at(k)
                ):
                    sure = False  # "2 triệu 5": 2 500 000 in speech, not certain
                elif sub == 1 and hundreds:
                    sure = False  # "3 triệu 5 trăm"
                else:
                    break
                end = self.en[k - 1]
                j = k
                if not sure or last == 1:
                    break
        if not sure:
            self._add(i, j, start, end, None, "vague", approx=True)
        else:
            self._add(i, j, start, end, total)
        return j

    def _words(self, k: int) -> int:
        lex, low = self.lex, self.low
        w = low[k]
        # vague quantities: "hàng trăm", "vài nghìn", "một số cá nhân"
        if w in lex.vague_heads:
            j = k + 1
            while (x := self._word(j)) is not None and x in lex.multipliers:
                j += 1
            if j > k + 1:
                self._add(k, j, self.st[k], self.en[j - 1], None, "vague", approx=True)
                return j
        hit = lex.vague_quantifiers.at(low, k)
        if hit is not None and self._counted_at(k + hit[0]):
            j = k + hit[0]
            self._add(k, j, self.st[k], self.en[j - 1], None, "vague", approx=True)
            return j
        ctx, roman_ok = self._context(k)
        raw = self.raw[k]
        if roman_ok and raw.isascii() and raw.isupper() and _ROMAN.fullmatch(raw):
            self._add(k, k + 1, self.st[k], self.en[k], Fraction(_roman_value(raw)), ctx,
                      roman_ok=True)
            return k + 1
        j = self._run(k, ctx, roman_ok)
        return j if j > k else k + 1

    def _run(self, k: int, ctx: str | None, roman_ok: bool) -> int:
        """Read a run of number words at ``k``; return the next token index (k if none)."""
        lex, low, raw = self.lex, self.low, self.raw
        # after "thứ", "hạng", "giải", "tháng"...: "Nhất", "Ba", "năm", "tư" are numbers
        relaxed = ctx == "date" or (ctx in ("ordinal", "class") and roman_ok)
        first = raw[k]
        w0 = low[k]
        if first == w0:
            style = "lower"
        elif first.isupper():
            style = "upper"
        elif first[:1].isupper() and first[1:] == w0[1:]:
            style = "title"
        else:
            return k
        if style == "title" and not relaxed and not self._sentence_start(k):
            return k  # "huyện Ba Vì", "bà Năm"
        if lex.not_numbers.at(low, k) is not None:
            return k
        atoms: list[str] = []
        j = k
        while j < self.n and self.ty[j] == _WORD:
            if j > k:
                r = raw[j]
                if style == "upper":
                    if not r.isupper():
                        break
                elif r != low[j]:
                    break
                if lex.not_numbers.at(low, j) is not None:
                    break
            if not self._admit(j, atoms, relaxed):
                break
            atoms.append(low[j])
            j += 1
        if not atoms:
            return k
        if (len(atoms) == 1 and atoms[0] in lex.needs_follower and not relaxed and k > 0
                and low[k - 1] in lex.year_noun_after):
            return k  # "cả năm", "hằng năm"
        vague = False
        if (x := self._word(j)) is not None and x in lex.vague_tails:
            vague = True
            j += 1
            while (x := self._word(j)) is not None and (
                x in lex.multipliers or x in lex.tens_marker
            ):
                j += 1
        if not relaxed:
            if style == "title" and j < self.n and self.ty[j] == _WORD and raw[j][:1].isupper():
                return k  # "Hai Bà Trưng", "Ba Vì"
            if style == "upper" and ctx is None and not (self._counted_at(j) or self._unit_at(j)):
                return k
        value: Fraction | None
        if vague:
            value = None
        elif len(atoms) == 1 and relaxed and atoms[0] in lex.ordinal_words:
            value = Fraction(lex.ordinal_words[atoms[0]])
        else:
            value = _parse_atoms(atoms, lex)
        kind = "vague" if value is None else ctx
        self._add(k, j, self.st[k], self.en[j - 1], value, kind, approx=value is None,
                  roman_ok=roman_ok)
        return j

    def _admit(self, j: int, atoms: list[str], relaxed: bool) -> bool:
        """May the word at token ``j`` continue (or start) the run ``atoms``?"""
        lex = self.lex
        w = self.low[j]
        prev = atoms[-1] if atoms else None
        nxt = self._word(j + 1)
        in_decimal = any(a in lex.decimal_point for a in atoms)
        if prev is None and relaxed and w in lex.ordinal_words:
            return True
        if w in lex.digits:
            d = lex.digits[w]
            if in_decimal:
                return True
            if d == 0:
                return nxt is not None and nxt in lex.hundred and (
                    prev is None or prev in lex.scales
                )
            mode = lex.needs_follower.get(w)
            if mode is None:
                return True
            if prev is None:
                if relaxed or (nxt is not None and nxt in lex.compound_next):
                    return True
                if self._follows_ok(j + 1, mode):
                    return True
                # "năm sáu người", "một hai người": a range, read as vague
                return (nxt is not None and nxt in lex.digits and lex.digits[nxt] > 0
                        and nxt not in lex.needs_follower)
            if prev in lex.zero_tens:
                return True
            if prev in lex.ten or prev in lex.tens_marker:
                if w in lex.ambiguous_after_tens:
                    return self._counted_at(j + 1) or (nxt is not None and nxt in lex.scales)
                return True
            if prev in lex.hundred or prev in lex.scales:
                if nxt is not None and nxt in lex.compound_next:
                    return True
                return self._follows_ok(j + 1, mode)
            return False  # "hai năm" = two years
        if w in lex.ten:
            return True
        if w in lex.tens_marker or w in lex.tens_multiplier:
            return prev is not None and lex.digits.get(prev, 0) > 0
        if w in lex.hundred:
            return prev is not None and prev in lex.digits
        if w in lex.scales:
            return prev is not None and prev not in lex.zero_tens and prev not in (
                lex.decimal_point
            )
        if w in lex.half:
            return prev is not None and (prev in lex.hundred or prev in lex.scales)
        if w in lex.zero_tens:
            return (prev is not None and (prev in lex.hundred or prev in lex.scales)
                    and nxt is not None
                    and ((lex.digits.get(nxt, 0) > 0) or nxt in lex.after_zero_tens
                         or nxt in lex.ten))
        if w in lex.decimal_point:
            return (prev is not None and not in_decimal and nxt is not None
                    and nxt in lex.digits)
        if w in lex.tens_units or w in lex.teen_units or w in lex.after_zero_tens:
            if prev is None:
                return False
            if prev in lex.tens_marker:
                return w in lex.tens_units
            if prev in lex.ten:
                return w in lex.teen_units
            if prev in lex.zero_tens:
                return w in lex.after_zero_tens
            return prev in lex.hundred or prev in lex.scales  # elided: read as vague
        return False

    # -- kinds -------------------------------------------------------------------------
    def decide(self) -> list[_Cand]:
        lex, low = self.lex, self.low
        cands = self.cands
        ends = {c.tj for c in cands}
        for c in cands:
            if lex.approx.before(low, c.ti) is not None:
                c.approx = True
            if c.kind is None:
                self._decide_one(c, ends)
        # ranges "2 - 3 người", "từ 5 đến 7 tập thể": one vague mention
        merged: list[_Cand] = []
        for c in cands:
            if merged:
                p = merged[-1]
                if (p.kind == "cardinal" and not p.strong and c.kind == "cardinal"
                        and c.ti == p.tj + 1 and low[p.tj] in lex.range_connectors):
                    merged[-1] = _Cand(p.ti, c.tj, p.start, c.end, None, "vague", approx=True)
                    continue
            merged.append(c)
        connectors = lex.list_connectors | lex.range_connectors
        # a unit after the last member labels the list: "Huy hiệu 30, 40, 45 năm tuổi Đảng"
        for idx in range(len(merged) - 2, -1, -1):
            a, b = merged[idx], merged[idx + 1]
            if (a.kind == "cardinal" and not a.strong and b.kind in _NON_COUNT_UNITS
                    and b.ti == a.tj + 1 and low[a.tj] in connectors):
                a.kind = b.kind
        # a label before the first member labels the list: "tổ 1, 2 và 3", "hạng I, II"
        for idx in range(1, len(merged)):
            a, b = merged[idx - 1], merged[idx]
            if (a.kind in _LABEL_KINDS and b.kind == "cardinal" and not b.strong
                    and b.ti == a.tj + 1 and low[a.tj] in connectors):
                b.kind = a.kind
        return merged

    def _decide_one(self, c: _Cand, ends: set[int]) -> None:
        lex, low = self.lex, self.low
        pkind: str | None = None
        hit = lex.prefix.before(low, c.ti)
        if hit is not None:
            size, kind = hit
            if self._counts_previous(c.ti - size, kind, (c.ti - size) in ends):
                kind = "cardinal"  # "3 lớp 150 học viên": "lớp" counts the 3
            pkind = None if kind == "cardinal" else kind
        sk: str | None = None
        phrase: _Phrase = ()
        counted = lex.counted.at(low, c.tj)
        unit = lex.suffix.at(low, c.tj)
        if unit is not None and (counted is None or unit[0] > counted[0]):
            sk = unit[1]
            phrase = tuple(low[c.tj : c.tj + unit[0]])
        elif counted is not None:
            sk = "count"
        service = (sk == "duration" and phrase in lex.service_units
                   and lex.service_prefixes.before(low, c.ti) is not None)
        whole = c.value is not None and c.value.denominator == 1
        if sk == "percent":
            kind = "percent"
        elif pkind == "docno":
            kind = "docno"
        elif sk == "years_of_service" or service:
            kind = "years_of_service"
        elif c.year_like and sk is None:
            kind = "year"
        elif pkind is not None and not (pkind == "year" and sk == "count" and not c.year_like):
            kind = pkind
        elif sk in ("money", "duration"):
            kind = sk
        elif not whole:
            kind = "decimal"
        else:
            kind = "cardinal"
            c.strong = sk == "count"
        c.kind = kind
        if kind == "duration" and c.value is not None and unit is not None:
            after = self._word(c.tj + unit[0])
            if after is not None and after in lex.half:  # "một năm rưỡi"
                c.value += Fraction(1, 2)


def _plain_value(value: Fraction | None) -> int | float | None:
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    return float(value)


def find_numbers(text: str) -> list[NumberMention]:
    """All numbers in ``text``, in order of position, non-overlapping.

    Args:
        text: any string (normally one NFC-normalised sentence or article). Non-NFC or
            otherwise odd input never raises; it is simply read less well.

    Returns:
        One :class:`NumberMention` per number, sorted by ``start``. Offsets are character
        offsets (``str`` indices, not bytes), half-open, and ``text[m.start:m.end] ==
        m.surface`` always holds. Only mentions with ``kind == "cardinal"`` can be counts.

    Raises:
        ResourceError: only if ``numbers.yaml`` is missing or invalid (on first use).
    """
    lex = load_lexicon()
    if not isinstance(text, str) or not text:
        return []
    scanner = _Scanner(text, lex)
    scanner.scan()
    out = []
    for c in scanner.decide():
        kind = c.kind or "cardinal"
        out.append(NumberMention(
            start=c.start,
            end=c.end,
            surface=text[c.start : c.end],
            value=_plain_value(c.value) if kind != "vague" else None,
            approx=c.approx or kind == "vague",
            kind=kind,
        ))
    return out
