"""Every entry of the language data is recognised in a minimal sentence.

A data file that gains an alias the matcher cannot see (a typo, an underscore, a stray
capital) fails here, naming the entry.
"""

from __future__ import annotations

import re

import pytest

from extractor.awards import recognizers
from extractor.lexicon import load_resource
from extractor.normalize import fold


def _render(pattern: str, slots: dict[str, list[str]]) -> str:
    text = re.sub(r"\{(\w+)\}", lambda m: str(slots[m.group(1)][0]), pattern)
    return re.sub(r"[\[\]]", "", text)


def _award_cases() -> list:
    data = load_resource("awards")
    return [pytest.param(entry["form"], _render(pattern, data["slots"]), id=pattern)
            for entry in data["forms"] for pattern in entry["patterns"]]


@pytest.mark.parametrize(("form", "phrase"), _award_cases())
def test_every_award_pattern_is_recognised(form: str, phrase: str) -> None:
    text = f"Dịp này, đơn vị được tặng {phrase} cho"
    found = [(m.label, text[m.start:m.end]) for m in recognizers()[0].find(text, fold(text))]
    assert (form, phrase) in [(lbl, s.lower()) for lbl, s in found] or (form, phrase) in found


def _recipient_cases() -> list:
    data = load_resource("recipients")
    labels = {"collective": "collective", "individual": "individual",
              "household": "household", "combined": "unknown"}
    return [pytest.param(label, noun, id=f"{section}:{noun}")
            for section, label in labels.items() for noun in data[section]]


@pytest.mark.parametrize(("label", "noun"), _recipient_cases())
def test_every_recipient_noun_is_recognised(label: str, noun: str) -> None:
    text = f"Có 5 {noun} được khen"
    found = [(m.label, text[m.start:m.end]) for m in recognizers()[2].find(text, fold(text))]
    assert (label, noun) in found


def _authority_cases() -> list:
    data = load_resource("authorities")
    cases = [pytest.param("unit", alias, id=f"unit:{alias}")
             for e in data["unit"] for alias in e["aliases"]]
    cases += [pytest.param(e["level"], alias, id=f"leveled:{alias}")
              for e in data["leveled_bodies"] for alias in e["aliases"]]
    for unit, level in data["admin_units"].items():
        for e in data["local_bodies"]:
            for alias in e["aliases"]:
                cases.append(pytest.param(level, f"{alias} {unit}", id=f"local:{alias} {unit}"))
    return cases


@pytest.mark.parametrize(("level", "phrase"), _authority_cases())
def test_every_authority_alias_has_its_level(level: str, phrase: str) -> None:
    text = f"Dịp này, {phrase} tặng bằng khen"
    found = recognizers()[1].find(text, fold(text))
    covering = [m for m in found if m.start <= 9 and m.end >= 9 + len(phrase)]
    assert [m.label for m in covering] == [level], found
