"""Load and validate the language data in ``extractor/resources/vi``.

Each YAML file starts with a comment block giving its source (law article, decree,
official list) and the meaning of every key. :func:`load_resource` checks, on load, that

* the file starts with that comment block;
* its top-level keys are the allowed ones (:data:`SCHEMAS`);
* every string is NFC;
* no list holds the same entry twice, and no alias stands in two categories;

and raises :class:`extractor.errors.ResourceError` naming the file and the entry
otherwise. Results are cached: the files are read once per process.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from .errors import ResourceError

SCHEMAS: dict[str, frozenset[str]] = {
    "awards": frozenset({"slots", "forms", "not_awards", "party_years_award"}),
    "authorities": frozenset(
        {
            "central",
            "unit",
            "heads",
            "local_bodies",
            "leveled_bodies",
            "admin_units",
            "centrally_run_cities",
            "national_suffixes",
            "generic",
            "unit_subjects",
            "city_names_alone",
        }
    ),
    "recipients": frozenset(
        {
            "collective",
            "individual",
            "household",
            "combined",
            "classifiers",
            "named_individual_titles",
            "named_collective_heads",
            "name_stop_words",
        }
    ),
    "cues": frozenset(
        {
            "award_verbs",
            "reward_verbs",
            "linkers",
            "proposal",
            "plan",
            "decision",
            "total",
            "remainder",
            "non_award",
            "conjunctions",
            "breakdown_start",
            "mixed_levels",
            "not_cues",
            "count_joiners",
            "left_links",
            "list_breakers",
            "delegation",
            "possessives",
            "post_prefixes",
            "item_joiners",
            "campaign_links",
            "receipt_chain",
            "receipt_verbs",
        }
    ),
    "campaigns": frozenset(
        {"cues", "umbrella", "generic_after_cue", "stop_words", "max_syllables", "anaphors",
         "named_campaigns", "list_openers", "plurals", "title_periods", "title_links",
         "title_namers", "title_joiners"}
    ),
    "normalization": frozenset({"tone_diphthongs", "spaces", "quotes", "dashes", "removed",
                               "line_breaks", "continues_after", "word_separators"}),
    "provinces": frozenset({"after_2025", "before_2025", "not_provinces"}),
    "prefilter": frozenset({"cues"}),
    "legacy_encodings": frozenset({"tcvn3", "vni", "common_syllables", "onsets", "rhymes",
                                   "onset_only_before", "onset_not_before",
                                   "rhymes_after_qu", "tone_either"}),
}
"""Allowed top-level keys of each resource file (file stem -> keys)."""

ENTRY_KEYS: dict[str, frozenset[str]] = {
    "awards.forms": frozenset({"form", "name", "patterns", "level", "recipient",
                               "designation"}),
    "authorities.central": frozenset({"canonical", "aliases"}),
    "authorities.unit": frozenset({"canonical", "aliases"}),
    "authorities.local_bodies": frozenset({"canonical", "aliases"}),
    "authorities.leveled_bodies": frozenset({"canonical", "level", "aliases"}),
}
"""Allowed keys of the entries of list-of-mapping sections."""

# Sections whose aliases must be unique across the whole file (one alias, one meaning).
_DISJOINT: dict[str, tuple[str, ...]] = {
    "recipients": ("collective", "individual", "household", "combined"),
    "authorities": ("central", "unit", "local_bodies", "leveled_bodies"),
}


def resource_path(name: str) -> Any:
    """The ``Traversable`` of ``resources/vi/<name>.yaml`` inside the installed package."""
    return files("extractor") / "resources" / "vi" / f"{name}.yaml"


@cache
def load_resource(name: str) -> dict[str, Any]:
    """Parse and validate ``resources/vi/<name>.yaml``.

    Args:
        name: the file stem, a key of :data:`SCHEMAS` (``"awards"``, ``"cues"``...).

    Returns:
        The parsed mapping. Treat it as read-only: it is cached and shared.

    Raises:
        ResourceError: the file is missing, has no provenance header, is not valid YAML,
            or breaks a rule listed in the module docstring. The message names the file
            and the entry.
    """
    filename = f"{name}.yaml"
    if name not in SCHEMAS:
        raise ResourceError(f"{filename}: no schema for this resource")
    try:
        raw = resource_path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"{filename}: cannot read: {exc}") from exc
    if not raw.startswith("#"):
        raise ResourceError(f"{filename}: must start with a comment giving its source")
    try:
        data = parse_yaml(raw, lambda node: _no_duplicate_keys(filename, node))
    except yaml.YAMLError as exc:
        raise ResourceError(f"{filename}: invalid YAML: {exc}") from exc
    validate(filename, data, SCHEMAS[name])
    return data


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (about 10x faster), else PyYAML's."""


def parse_yaml(raw: str, check: Any = None) -> Any:
    """Parse ``raw`` once (safe loader): compose the node tree, pass it to ``check`` (which
    may raise), then build the Python data from it.

    Raises:
        yaml.YAMLError: ``raw`` is not valid YAML (or holds several documents).
    """
    loader = _Loader(raw)
    try:
        node = loader.get_single_node()
        if check is not None:
            check(node)
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def _no_duplicate_keys(filename: str, node: yaml.Node | None, path: str = "") -> None:
    """``yaml.safe_load`` silently keeps the last of two equal keys: reject them instead."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for k, v in node.value:
            label = str(k.value)
            if label in seen:
                raise ResourceError(f"{filename}: duplicate key {path}{label!r}")
            seen.add(label)
            _no_duplicate_keys(filename, v, f"{path}{label}.")
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _no_duplicate_keys(filename, v, f"{path}[{i}].")


def validate(filename: str, data: Any, allowed: frozenset[str]) -> None:
    """Check one parsed resource; raise :class:`ResourceError` on the first problem.

    Args:
        filename: used in messages (``"awards.yaml"``).
        data: the parsed YAML document.
        allowed: the allowed top-level keys.
    """
    if not isinstance(data, dict):
        raise ResourceError(f"{filename}: top level must be a mapping")
    unknown = set(data) - allowed
    if unknown:
        raise ResourceError(
            f"{filename}: unknown key(s) {sorted(unknown)} (allowed: {sorted(allowed)})"
        )
    for path, text in _strings(data, ""):
        if unicodedata.normalize("NFC", text) != text:
            raise ResourceError(f"{filename}: entry {path} {text!r} is not NFC")
    stem = filename.rsplit(".", 1)[0]
    for section, value in data.items():
        entry_keys = ENTRY_KEYS.get(f"{stem}.{section}")
        if entry_keys is not None:
            for i, entry in enumerate(value):
                if not isinstance(entry, dict):
                    raise ResourceError(f"{filename}: {section}[{i}] must be a mapping")
                bad = set(entry) - entry_keys
                if bad:
                    raise ResourceError(
                        f"{filename}: entry {section}[{i}] "
                        f"{entry.get('canonical', entry.get('form', ''))!r}: unknown key(s) "
                        f"{sorted(bad)} (allowed: {sorted(entry_keys)})"
                    )
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            _no_duplicates(filename, section, value)
    if stem == "awards":
        owner: dict[str, str] = {}
        for i, entry in enumerate(data.get("forms", [])):
            for pattern in entry.get("patterns", []):
                if pattern in owner:
                    raise ResourceError(f"{filename}: pattern {pattern!r} is in both "
                                        f"{owner[pattern]} and forms[{i}]")
                owner[pattern] = f"forms[{i}]"
    seen: dict[str, str] = {}
    for section in _DISJOINT.get(stem, ()):
        for alias in _aliases(data.get(section, [])):
            other = seen.get(alias)
            if other is not None and other != section:
                raise ResourceError(
                    f"{filename}: alias {alias!r} is in both {other!r} and {section!r}"
                )
            if other == section and isinstance(data.get(section), list) and any(
                isinstance(e, dict) for e in data[section]
            ):
                raise ResourceError(f"{filename}: alias {alias!r} repeated in {section!r}")
            seen[alias] = section


def _no_duplicates(filename: str, section: str, values: list[str]) -> None:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise ResourceError(f"{filename}: duplicate entry {v!r} in {section!r}")
        seen.add(v)


def _aliases(section: Any) -> Iterator[str]:
    if isinstance(section, list):
        for entry in section:
            if isinstance(entry, str):
                yield entry
            elif isinstance(entry, dict):
                yield from entry.get("aliases", [])


def _strings(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(k, f"{path}.{k}")
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{path}[{i}]")
