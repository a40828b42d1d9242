"""Provinces and centrally-run cities (đơn vị hành chính cấp tỉnh), before and after 2025.

Built from ``resources/vi/provinces.yaml`` (sources and keys in its header): the 63 units
in force until the merger of 1 July 2025 and the 34 units after it (Nghị quyết
202/2025/QH15), each old unit with the unit it became part of.

* :func:`find_province` looks up one name ("Kiên Giang", "tỉnh Kiên Giang", "TP.HCM").
* :func:`provinces_in` finds every province named in a text, with character offsets.
* :func:`units_before_2025` and :func:`units_2025` list the units of each period.

A name resolves to a :class:`Province` as it was written then: ``find_province("Kiên
Giang")`` is ``Province("Kiên Giang", "An Giang", False)``; a unit that kept its name after
2025 has one record for both periods (``Province("An Giang", "An Giang", False)``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import ResourceError
from .lexicon import SCHEMAS, load_resource, validate
from .normalize import fold
from .patterns import compile_phrases, key

FILENAME = "provinces.yaml"

_AFTER_KEYS = frozenset({"name", "centrally_run", "aliases"})
_BEFORE_KEYS = frozenset({"name", "part_of", "centrally_run", "aliases", "lookup_only"})


@dataclass(frozen=True, slots=True)
class Province:
    """A province or centrally-run city.

    ``name``: the canonical name as it was written then (``"Kiên Giang"``,
    ``"Thừa Thiên Huế"``, ``"Thành phố Hồ Chí Minh"``).
    ``name_2025``: the unit it belongs to after the 2025 merger (``"An Giang"``, ``"Huế"``);
    equal to ``name`` for a unit of the 34.
    ``centrally_run``: a thành phố trực thuộc trung ương (province level) under that name:
    true for "Huế", false for the province "Thừa Thiên Huế".
    """

    name: str
    name_2025: str
    centrally_run: bool


@dataclass(frozen=True, slots=True)
class _Index:
    before: tuple[Province, ...]
    after: tuple[Province, ...]
    by_key: Mapping[str, Province]
    pattern: re.Pattern[str]
    blocked: re.Pattern[str] | None


def validate_provinces(data: Any, filename: str = FILENAME) -> None:
    """Check a parsed ``provinces.yaml`` document, as :func:`load_resource` and this module do.

    Args:
        data: the parsed YAML document (a mapping).
        filename: used in messages.

    Raises:
        ResourceError: naming the file and the entry, when a top-level or entry key is
            unknown, a required key is missing or of the wrong type, a string is not NFC,
            a name is listed twice, a ``part_of`` names no unit of ``after_2025``, a unit of
            ``after_2025`` has no unit of ``before_2025`` in it, or one alias (after
            folding case, tone placement and spacing) names two units.
    """
    validate(filename, data, SCHEMAS["provinces"])
    _build(data, filename)


def _fail(filename: str, section: str, i: int, name: object, problem: str) -> ResourceError:
    return ResourceError(f"{filename}: entry {section}[{i}] {name!r}: {problem}")


def _entries(data: Mapping[str, Any], filename: str, section: str,
             allowed: frozenset[str], required: tuple[str, ...]) -> list[dict[str, Any]]:
    value = data.get(section)
    if not isinstance(value, list) or not value:
        raise ResourceError(f"{filename}: {section!r} must be a non-empty list")
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise ResourceError(f"{filename}: {section}[{i}] must be a mapping")
        name = entry.get("name", "")
        bad = set(entry) - allowed
        if bad:
            raise _fail(filename, section, i, name,
                        f"unknown key(s) {sorted(bad)} (allowed: {sorted(allowed)})")
        missing = [k for k in required if k not in entry]
        if missing:
            raise _fail(filename, section, i, name, f"missing key(s) {missing}")
        if not isinstance(name, str) or not name:
            raise _fail(filename, section, i, name, "'name' must be a non-empty string")
        if not isinstance(entry["centrally_run"], bool):
            raise _fail(filename, section, i, name, "'centrally_run' must be true or false")
        for k in ("aliases", "lookup_only"):
            aliases = entry.get(k, [])
            if not isinstance(aliases, list) or not all(
                    isinstance(a, str) and a for a in aliases):
                raise _fail(filename, section, i, name, f"{k!r} must be a list of strings")
        for text in [name, entry.get("part_of", name), *entry.get("aliases", []),
                     *entry.get("lookup_only", [])]:
            if not isinstance(text, str) or unicodedata.normalize("NFC", text) != text:
                raise _fail(filename, section, i, name, f"{text!r} is not an NFC string")
    return value


def _build(data: Any, filename: str) -> _Index:
    if not isinstance(data, Mapping):
        raise ResourceError(f"{filename}: top level must be a mapping")
    after = _entries(data, filename, "after_2025", _AFTER_KEYS, ("name", "centrally_run"))
    before = _entries(data, filename, "before_2025", _BEFORE_KEYS,
                      ("name", "part_of", "centrally_run", "aliases"))
    records: dict[str, Province] = {}
    owners: dict[str, str] = {}  # alias key -> the name of the unit it names
    by_key: dict[str, Province] = {}
    searched: list[str] = []

    def add_alias(section: str, i: int, province: Province, alias: str, search: bool) -> None:
        k = key(alias)
        other = owners.get(k)
        if other is not None:
            problem = (f"alias {alias!r} repeated" if other == province.name
                       else f"alias {alias!r} also names {other!r}")
            raise _fail(filename, section, i, province.name, problem)
        owners[k] = province.name
        by_key[k] = province
        if search:
            searched.append(alias)

    after_status: dict[str, bool] = {}
    for i, entry in enumerate(after):
        if entry["name"] in after_status:
            raise _fail(filename, "after_2025", i, entry["name"], "listed twice")
        after_status[entry["name"]] = entry["centrally_run"]
    for i, entry in enumerate(before):
        name, part_of = entry["name"], entry["part_of"]
        if name in records:
            raise _fail(filename, "before_2025", i, name, "listed twice")
        if part_of not in after_status:
            raise _fail(filename, "before_2025", i, name,
                        f"'part_of' {part_of!r} is not a unit of 'after_2025'")
        if name in after_status and (part_of != name
                                     or after_status[name] != entry["centrally_run"]):
            raise _fail(filename, "before_2025", i, name,
                        "a unit that kept its name must be part_of itself, with the same "
                        "centrally_run as in 'after_2025'")
        if not entry["aliases"]:
            raise _fail(filename, "before_2025", i, name, "no aliases")
        province = Province(name, part_of, entry["centrally_run"])
        records[name] = province
        for alias in entry["aliases"]:
            add_alias("before_2025", i, province, alias, True)
        for alias in entry.get("lookup_only", []):
            add_alias("before_2025", i, province, alias, False)
    merged_into = {e["part_of"] for e in before}
    after_records: list[Province] = []
    for i, entry in enumerate(after):
        name = entry["name"]
        if name not in merged_into:
            raise _fail(filename, "after_2025", i, name,
                        "no unit of 'before_2025' is part_of it")
        if name in records:
            if entry.get("aliases"):
                raise _fail(filename, "after_2025", i, name, "aliases belong to the unit of "
                            "'before_2025' of the same name")
            after_records.append(records[name])
            continue
        if not entry.get("aliases"):
            raise _fail(filename, "after_2025", i, name,
                        "a new name needs its own aliases")
        province = Province(name, name, entry["centrally_run"])
        after_records.append(province)
        for alias in entry["aliases"]:
            add_alias("after_2025", i, province, alias, True)
    blocked = data.get("not_provinces") or []
    return _Index(
        before=tuple(records.values()),
        after=tuple(after_records),
        by_key=by_key,
        pattern=compile_phrases(searched),
        blocked=compile_phrases(blocked) if blocked else None,
    )


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _build(load_resource("provinces"), FILENAME)


def find_province(name: str) -> Province | None:
    """The province or centrally-run city called ``name``, or None.

    ``name`` is one name, with or without "tỉnh" / "thành phố" / "TP" before it, in any
    case and either tone placement, spaces and dashes as written in the press:
    ``"Kiên Giang"``, ``"tỉnh Kiên Giang"``, ``"KHÁNH HOÀ"``, ``"TP.HCM"``, ``"Bà Rịa-Vũng
    Tàu"``. Returns the :class:`Province` under that name (an old name gives the old unit,
    with ``name_2025`` the unit it became part of); None when the name is not a province
    (``"huyện Phong Thổ"``) or not a name alone (``"UBND tỉnh Kiên Giang"``).

    Raises:
        ResourceError: ``provinces.yaml`` is missing or malformed (first call only).
    """
    return _index().by_key.get(key(unicodedata.normalize("NFC", name)))


def provinces_in(text: str) -> list[tuple[int, int, Province]]:
    """Every province or centrally-run city named in ``text``, in text order.

    Args:
        text: NFC text (see :func:`extractor.normalize.canonical`), any length.

    Returns:
        ``(start, end, province)`` triples: ``start``/``end`` are character offsets (str
        indices, half-open) into ``text``, on syllable edges, covering the name with its
        "tỉnh" / "thành phố" / "TP" when written (``"tỉnh Kiên Giang"``). Matches do not
        overlap; the longest name wins. A name must contain a capital letter (proper names
        are capitalised: "hòa bình" is peace, "Hòa Bình" a province); a name inside a phrase
        of ``not_provinces`` ("Thái Bình Dương") and a ``lookup_only`` name ("Hồ Chí Minh"
        alone) are not reported.

    Raises:
        ResourceError: ``provinces.yaml`` is missing or malformed (first call only).
    """
    index = _index()
    folded = fold(text)
    blocked = ([(m.start(), m.end()) for m in index.blocked.finditer(folded)]
               if index.blocked else [])
    found: list[tuple[int, int, Province]] = []
    for m in index.pattern.finditer(folded):
        start, end = m.start(), m.end()
        if not any(c.isupper() for c in text[start:end]):
            continue
        if any(s < end and start < e for s, e in blocked):
            continue
        province = index.by_key.get(key(m.group(0)))
        if province is not None:
            found.append((start, end, province))
    return found


def units_before_2025() -> tuple[Province, ...]:
    """The 63 provinces and centrally-run cities before the 2025 merger, as named then.

    Raises:
        ResourceError: ``provinces.yaml`` is missing or malformed.
    """
    return _index().before


def units_2025() -> tuple[Province, ...]:
    """The 34 provinces and centrally-run cities from 1 July 2025 (``name == name_2025``).

    Raises:
        ResourceError: ``provinces.yaml`` is missing or malformed.
    """
    return _index().after
