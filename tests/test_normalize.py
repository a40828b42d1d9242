import pytest

from extractor.normalize import canonical, fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Uỷ ban nhân dân", "ủy ban nhân dân"),
        ("Ủy ban nhân dân", "ủy ban nhân dân"),
        ("tỉnh Khánh Hoà", "tỉnh khánh hòa"),
        ("sức khoẻ", "sức khỏe"),
        ("Hoàng Văn Thụ", "hoàng văn thụ"),  # tone before a final consonant stays
        ("“Dân vận khéo”", '"dân vận khéo"'),
        ("2015\u20132020", "2015-2020"),
        ("Bằng\u00a0khen", "bằng khen"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


def test_fold_keeps_length_on_odd_characters() -> None:
    text = "İstanbul ǅ ß ﬁ 𝔘 \u0300"
    assert len(fold(text)) == len(text)


def test_canonical_is_nfc() -> None:
    nfd = "Ho\u0300a"
    assert canonical(nfd) == "Hòa"
