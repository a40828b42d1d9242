import re

from extractor.normalize import fold
from extractor.patterns import compile_phrases, key


def test_matches_on_syllable_edges_only() -> None:
    p = compile_phrases(["xã"])
    assert p.search(fold("UBND xã Tân Mỹ"))
    assert not p.search(fold("xãy ra"))


def test_spaces_around_punctuation_are_optional() -> None:
    p = compile_phrases(["hội đồng thi đua - khen thưởng"])
    assert p.search(fold("Hội đồng Thi đua-Khen thưởng huyện"))
    assert p.search(fold("Hội đồng Thi đua  -  Khen thưởng huyện"))


def test_slots_and_optional_parts() -> None:
    p = compile_phrases(["huân chương {k} [hạng {c}]"],
                        {"k": ["lao động", "chiến công"], "c": ["nhất", "nhì", "ba"]})
    text = "trao Huân chương Lao động hạng Ba cho"
    m = p.search(fold(text))
    assert m is not None and text[m.start():m.end()] == "Huân chương Lao động hạng Ba"
    m = p.search(fold("Huân chương Chiến công các hạng"))
    assert m is not None and m.group(0) == "huân chương chiến công"


def test_longest_alternative_wins() -> None:
    p = compile_phrases(["phong trào", "phong trào thi đua"])
    assert re.match(p, "phong trào thi đua").group(0) == "phong trào thi đua"  # type: ignore[union-attr]


def test_key() -> None:
    assert key("  Uỷ  ban ") == "ủy ban"
