"""Provinces before and after the 2025 merger, and the central authorities of authorities.yaml."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from extractor.awards import AuthorityRecognizer
from extractor.errors import ResourceError
from extractor.lexicon import load_resource
from extractor.normalize import fold
from extractor.places import (
    Province,
    find_province,
    provinces_in,
    units_2025,
    units_before_2025,
    validate_provinces,
)

DATA = load_resource("provinces")
HCM = "Thành phố Hồ Chí Minh"


def _aliases() -> list[tuple[str, Province]]:
    """Every searchable alias of provinces.yaml with the unit it names."""
    out: list[tuple[str, Province]] = []
    for entry in DATA["before_2025"]:
        p = Province(entry["name"], entry["part_of"], entry["centrally_run"])
        out += [(a, p) for a in entry["aliases"]]
    for entry in DATA["after_2025"]:
        p = Province(entry["name"], entry["name"], entry["centrally_run"])
        out += [(a, p) for a in entry.get("aliases", [])]
    return out


ALIASES = _aliases()
LOOKUP_ONLY = [(a, Province(e["name"], e["part_of"], e["centrally_run"]))
               for e in DATA["before_2025"] for a in e.get("lookup_only", [])]


def _title(alias: str) -> str:
    """The alias as a name is written: each syllable capitalised ("tỉnh kiên giang" ->
    "Tỉnh Kiên Giang", "tp.hcm" -> "Tp.hcm")."""
    return " ".join(w[:1].upper() + w[1:] for w in alias.split(" "))


def test_counts() -> None:
    before, after = units_before_2025(), units_2025()
    assert len(before) == 63
    assert len({p.name for p in before}) == 63
    assert len(after) == 34
    assert all(p.name == p.name_2025 for p in after)
    assert {p.name_2025 for p in before} == {p.name for p in after}
    assert sorted(p.name for p in after if p.centrally_run) == sorted(
        ["Hà Nội", HCM, "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"])
    assert sorted(p.name for p in before if p.centrally_run) == sorted(
        ["Hà Nội", HCM, "Hải Phòng", "Đà Nẵng", "Cần Thơ"])
    # 11 units were left as they were, 23 were formed from the other 52
    sizes = {p.name: sum(q.name_2025 == p.name for q in before) for p in after}
    assert sum(n == 1 for n in sizes.values()) == 11
    assert sum(n for n in sizes.values() if n > 1) == 52


@pytest.mark.parametrize(("alias", "province"), ALIASES + LOOKUP_ONLY,
                         ids=[a for a, _ in ALIASES + LOOKUP_ONLY])
def test_find_province_knows_every_alias(alias: str, province: Province) -> None:
    assert find_province(alias) == province
    assert find_province(_title(alias)) == province
    assert find_province(alias.upper()) == province


@pytest.mark.parametrize(("alias", "province"), ALIASES, ids=[a for a, _ in ALIASES])
def test_provinces_in_finds_every_alias(alias: str, province: Province) -> None:
    surface = _title(alias)
    text = f"Đoàn công tác đến {surface} hôm qua."
    start = text.index(surface)
    assert provinces_in(text) == [(start, start + len(surface), province)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # Nghị quyết 202/2025/QH15, Điều 1
        ("Kiên Giang", "An Giang"),
        ("Bà Rịa - Vũng Tàu", HCM),
        ("Bình Dương", HCM),
        ("Quảng Nam", "Đà Nẵng"),
        ("Hà Giang", "Tuyên Quang"),
        ("Yên Bái", "Lào Cai"),
        ("Bắc Kạn", "Thái Nguyên"),
        ("Vĩnh Phúc", "Phú Thọ"),
        ("Hòa Bình", "Phú Thọ"),
        ("Bắc Giang", "Bắc Ninh"),
        ("Thái Bình", "Hưng Yên"),
        ("Hải Dương", "Hải Phòng"),
        ("Hà Nam", "Ninh Bình"),
        ("Nam Định", "Ninh Bình"),
        ("Quảng Bình", "Quảng Trị"),
        ("Kon Tum", "Quảng Ngãi"),
        ("Bình Định", "Gia Lai"),
        ("Ninh Thuận", "Khánh Hòa"),
        ("Đắk Nông", "Lâm Đồng"),
        ("Bình Thuận", "Lâm Đồng"),
        ("Phú Yên", "Đắk Lắk"),
        ("Bình Phước", "Đồng Nai"),
        ("Long An", "Tây Ninh"),
        ("Sóc Trăng", "Cần Thơ"),
        ("Hậu Giang", "Cần Thơ"),
        ("Bến Tre", "Vĩnh Long"),
        ("Trà Vinh", "Vĩnh Long"),
        ("Tiền Giang", "Đồng Tháp"),
        ("Bạc Liêu", "Cà Mau"),
        # Nghị quyết 175/2024/QH15: thành phố Huế from tỉnh Thừa Thiên Huế
        ("Thừa Thiên Huế", "Huế"),
        # left as they were
        ("Cao Bằng", "Cao Bằng"),
        ("Nghệ An", "Nghệ An"),
    ],
)
def test_merger(old: str, new: str) -> None:
    p = find_province(old)
    assert p is not None and p.name == old and p.name_2025 == new


def test_status_as_it_was() -> None:
    assert find_province("tỉnh Thừa Thiên Huế") == Province("Thừa Thiên Huế", "Huế", False)
    assert find_province("TP Huế") == Province("Huế", "Huế", True)
    assert find_province("Hải Dương") == Province("Hải Dương", "Hải Phòng", False)
    assert find_province("TP. Hải Phòng") == Province("Hải Phòng", "Hải Phòng", True)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Khánh Hoà", "Khánh Hòa"),
        ("THANH HOÁ", "Thanh Hóa"),
        ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("TP.  HCM", HCM),
        ("  tỉnh\u00a0Đăk Lăk ", "Đắk Lắk"),
        ("Thừa Thiên – Huế", "Thừa Thiên Huế"),
    ],
)
def test_find_province_folds_spelling(name: str, expected: str) -> None:
    p = find_province(name)
    assert p is not None and p.name == expected


@pytest.mark.parametrize("name", ["UBND tỉnh Kiên Giang", "huyện Phong Thổ", "Hà Tây", ""])
def test_find_province_none(name: str) -> None:
    assert find_province(name) is None


def test_provinces_in_a_paragraph() -> None:
    text = ("Chủ tịch UBND tỉnh Kiên Giang (nay là tỉnh An Giang) và lãnh đạo TP.HCM dự lễ "
            "tại Thừa Thiên - Huế.")
    got = [(text[s:e], p.name, p.name_2025) for s, e, p in provinces_in(text)]
    assert got == [
        ("tỉnh Kiên Giang", "Kiên Giang", "An Giang"),
        ("tỉnh An Giang", "An Giang", "An Giang"),
        ("TP.HCM", HCM, HCM),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế", "Huế"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Kỷ niệm chương vì hòa bình và hữu nghị",       # "hòa bình": peace, not a province
        "tuần tra trên Thái Bình Dương",                 # not_provinces
        "kỷ niệm chiến thắng Điện Biên Phủ",             # not_provinces
        "Đoàn TNCS Hồ Chí Minh tặng giấy khen",          # lookup_only
        "Hội Nông dân tỉnh tặng bằng khen",
    ],
)
def test_provinces_in_ignores(text: str) -> None:
    assert provinces_in(text) == []


def test_offsets_are_characters_on_syllable_edges() -> None:
    text = "Khánh Hoà, Bắc Giangg, Cà Mau"   # old tone placement; "Giangg" is no syllable
    got = [(s, e, text[s:e]) for s, e, _ in provinces_in(text)]
    assert got == [(0, 9, "Khánh Hoà"), (23, 29, "Cà Mau")]


# --- validator ----------------------------------------------------------------------------


def _data() -> dict[str, Any]:
    return copy.deepcopy(DATA)


def test_shipped_file_is_valid() -> None:
    validate_provinces(_data())


def test_duplicate_alias_is_rejected() -> None:
    data = _data()
    data["before_2025"][0]["aliases"].append("kiên giang")
    with pytest.raises(ResourceError, match=r"provinces.yaml: entry before_2025\[\d+\] "
                                            r"'Kiên Giang': alias 'kiên giang' also names "
                                            r"'Hà Nội'"):
        validate_provinces(data)


def test_duplicate_alias_after_folding_is_rejected() -> None:
    data = _data()
    data["before_2025"][0]["aliases"].append("tp.  hà nội")   # same key as "tp. hà nội"
    with pytest.raises(ResourceError, match="repeated"):
        validate_provinces(data)


def test_unknown_entry_key_is_rejected() -> None:
    data = _data()
    data["before_2025"][3]["merged_into"] = "Lai Châu"
    with pytest.raises(ResourceError, match=r"provinces.yaml: entry before_2025\[3\] "
                                            r"'.+': unknown key\(s\) \['merged_into'\]"):
        validate_provinces(data)


def test_unknown_top_level_key_is_rejected() -> None:
    data = _data()
    data["provinces"] = []
    with pytest.raises(ResourceError, match=r"provinces.yaml: unknown key\(s\) \['provinces'\]"):
        validate_provinces(data)


def test_non_nfc_alias_is_rejected() -> None:
    data = _data()
    data["before_2025"][0]["aliases"].append("ha\u0300 no\u0323i")
    with pytest.raises(ResourceError, match="not NFC"):
        validate_provinces(data)


def test_part_of_must_name_a_unit_of_2025() -> None:
    data = _data()
    entry = next(e for e in data["before_2025"] if e["name"] == "Kiên Giang")
    entry["part_of"] = "Kiên Giang"
    with pytest.raises(ResourceError, match=r"'Kiên Giang': 'part_of' 'Kiên Giang' is not"):
        validate_provinces(data)


def test_unit_of_2025_needs_an_old_unit() -> None:
    data = _data()
    data["after_2025"].append({"name": "Hà Tây", "centrally_run": False, "aliases": ["hà tây"]})
    with pytest.raises(ResourceError, match="'Hà Tây': no unit of 'before_2025'"):
        validate_provinces(data)


# --- central authorities of authorities.yaml ----------------------------------------------

CENTRAL = [(alias, entry["canonical"])
           for entry in load_resource("authorities")["central"] for alias in entry["aliases"]]


@pytest.fixture(scope="module")
def authorities() -> AuthorityRecognizer:
    return AuthorityRecognizer()


@pytest.mark.parametrize(("alias", "canonical"), CENTRAL, ids=[a for a, _ in CENTRAL])
def test_central_alias_is_central(authorities: AuthorityRecognizer, alias: str,
                                  canonical: str) -> None:
    for surface in (alias, _title(alias)):
        text = f"được {surface} tặng bằng khen"
        start = text.index(surface)
        end = start + len(surface)
        found = [m for m in authorities.find(text, fold(text))
                 if m.start <= start and m.end >= end]
        assert len(found) == 1, (text, authorities.find(text, fold(text)))
        assert found[0].label == "central"
        assert str(found[0].info["canonical"]).endswith(canonical)
