import pytest

from extractor.errors import ResourceError
from extractor.lexicon import SCHEMAS, load_resource, validate


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_resource_loads(name: str) -> None:
    data = load_resource(name)
    assert set(data) <= SCHEMAS[name]


def test_unknown_key_names_file_and_entry() -> None:
    data = {"central": [{"canonical": "Chủ tịch nước", "levle": "central", "aliases": []}]}
    with pytest.raises(ResourceError, match=r"authorities.yaml: entry central\[0\] "
                                            r"'Chủ tịch nước': unknown key\(s\) \['levle'\]"):
        validate("authorities.yaml", data, SCHEMAS["authorities"])


def test_unknown_top_level_key() -> None:
    with pytest.raises(ResourceError, match="unknown key"):
        validate("cues.yaml", {"award_verb": ["tặng"]}, SCHEMAS["cues"])


def test_non_nfc_entry_is_rejected() -> None:
    with pytest.raises(ResourceError, match="not NFC"):
        validate("cues.yaml", {"plan": ["se\u0303"]}, SCHEMAS["cues"])


def test_duplicate_entry_is_rejected() -> None:
    with pytest.raises(ResourceError, match="duplicate entry 'sẽ'"):
        validate("cues.yaml", {"plan": ["sẽ", "sẽ"]}, SCHEMAS["cues"])


def test_alias_in_two_categories_is_rejected() -> None:
    data = {"collective": ["đơn vị"], "individual": ["đơn vị"]}
    with pytest.raises(ResourceError, match="'đơn vị' is in both 'collective' and 'individual'"):
        validate("recipients.yaml", data, SCHEMAS["recipients"])


def test_aliases_are_single_spaced_lower_case() -> None:
    """Lexicons must use the surface form the matcher folds to (spaCy's Vietnamese stop
    words, written with underscores, never match: this guards against that mistake)."""
    for name in ("recipients", "cues", "authorities"):
        data = load_resource(name)
        for section, value in data.items():
            entries = value if isinstance(value, list) else []
            for entry in entries:
                aliases = entry.get("aliases", []) if isinstance(entry, dict) else [entry]
                for alias in aliases:
                    assert alias == alias.lower(), (name, section, alias)
                    assert "_" not in alias and "  " not in alias, (name, section, alias)


def test_duplicate_yaml_key_is_rejected(monkeypatch) -> None:
    from extractor import lexicon

    class Fake:
        def read_text(self, encoding: str) -> str:
            return "# source: test\nplan: [sẽ]\nplan: [dự kiến]\n"

    monkeypatch.setattr(lexicon, "resource_path", lambda name: Fake())
    lexicon.load_resource.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"cues\.yaml: duplicate key 'plan'"):
            lexicon.load_resource("cues")
    finally:
        lexicon.load_resource.cache_clear()


def test_missing_provenance_header_is_rejected(monkeypatch) -> None:
    from extractor import lexicon

    class Fake:
        def read_text(self, encoding: str) -> str:
            return "plan: [sẽ]\n"

    monkeypatch.setattr(lexicon, "resource_path", lambda name: Fake())
    lexicon.load_resource.cache_clear()
    try:
        with pytest.raises(ResourceError, match="must start with a comment giving its source"):
            lexicon.load_resource("cues")
    finally:
        lexicon.load_resource.cache_clear()


def test_award_pattern_in_two_forms_is_rejected() -> None:
    data = {"slots": {}, "forms": [{"form": "bang_khen", "patterns": ["bằng khen"]},
                                   {"form": "giay_khen", "patterns": ["bằng khen"]}]}
    with pytest.raises(ResourceError, match="pattern 'bằng khen' is in both forms"):
        validate("awards.yaml", data, SCHEMAS["awards"])
