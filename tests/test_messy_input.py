"""Messy Unicode gives the facts of the clean text, with offsets into the text as given."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import extractor
from extractor.normalize import canonical, normalize

CLEAN = (
    "Sáng 12/3, UBND huyện Krông Bông tổ chức tổng kết phong trào thi đua "
    "\"Chung sức xây dựng nông thôn mới\" năm 2024.\n"
    "Dịp này, 3 tập thể và 5 cá nhân được Chủ tịch UBND tỉnh Đắk Lắk tặng Bằng khen; "
    "12 tập thể, 20 cá nhân được Chủ tịch UBND huyện tặng Giấy khen.\n"
    "Ủy ban nhân dân huyện cũng khen thưởng 4 hộ gia đình tiêu biểu."
)


def _facts(result: extractor.ExtractionResult) -> list[tuple[object, ...]]:
    return [(f.form, f.level, f.recipient, f.count, f.total, f.conferrer, f.award, f.campaign,
             f.rule) for f in result.facts]


def _assert_traceable(result: extractor.ExtractionResult) -> None:
    text = result.article.text
    for f in result.facts:
        assert text[f.start:f.end] == f.evidence
        assert 0 <= f.sentence_start <= f.start <= f.end <= f.sentence_end <= len(text)
        for m in f.mentions:
            assert text[m.start:m.end] == m.evidence
    for c in result.campaigns:
        assert text[c.start:c.end] == c.evidence


@pytest.fixture(scope="module")
def clean() -> extractor.ExtractionResult:
    result = extractor.extract(CLEAN, article_id="a")
    assert [(f.form, f.level, f.recipient, f.count) for f in result.facts] == [
        ("bang_khen", "province", "collective", 3),
        ("bang_khen", "province", "individual", 5),
        ("giay_khen", "district", "collective", 12),
        ("giay_khen", "district", "individual", 20),
        ("unspecified", "district", "household", 4),
    ]
    return result


def _zero_width_inside_words(text: str) -> str:
    return text.replace("Bằng", "Bằng\u200b").replace("tập thể", "tập\u200c thể").replace(
        "Giấy", "Gi\u00adấy")


MESSES = {
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "mixed_nfc_nfd": lambda t: " ".join(unicodedata.normalize("NFD" if i % 2 else "NFC", w)
                                        for i, w in enumerate(t.split(" "))),
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "lone_cr": lambda t: t.replace("\n", "\r"),
    "zero_width": _zero_width_inside_words,
    "bom_inside": lambda t: "\ufeff" + t.replace("\n", "\n\ufeff"),
    "nbsp": lambda t: t.replace("Bằng khen", "Bằng\u00a0khen").replace(" cá nhân",
                                                                        "\u00a0cá\u202fnhân"),
    "curly_quotes": lambda t: t.replace("\"Chung", "\u201cChung").replace("mới\"",
                                                                          "mới\u201d"),
    "old_tones": lambda t: t.replace("Ủy", "Uỷ").replace("hòa", "hoà"),
    "dashes": lambda t: t.replace("; ", " \u2013 "),
    "all": lambda t: unicodedata.normalize("NFD", _zero_width_inside_words(
        t.replace("\n", "\r\n").replace("Bằng khen", "Bằng\u00a0khen"))),
}


@pytest.mark.parametrize("mess", sorted(MESSES))
def test_messy_text_gives_the_clean_facts(mess: str, clean: extractor.ExtractionResult
                                          ) -> None:
    given_text = MESSES[mess](CLEAN)
    assert given_text != CLEAN
    result = extractor.extract(given_text, article_id="a")
    assert result.article.text == given_text  # kept as given
    assert _facts(result) == _facts(clean)
    assert [c.name for c in result.campaigns] == [c.name for c in clean.campaigns]
    _assert_traceable(result)


@pytest.mark.parametrize("mess", ["nfd", "mixed_nfc_nfd", "crlf", "zero_width",
                                  "bom_inside"])
def test_evidence_is_the_given_form_of_the_clean_evidence(
        mess: str, clean: extractor.ExtractionResult) -> None:
    result = extractor.extract(MESSES[mess](CLEAN), article_id="a")
    for messy, tidy in zip(result.facts, clean.facts, strict=True):
        assert canonical(messy.evidence) == tidy.evidence
        # no invisible character at either end of a span
        assert messy.evidence == messy.evidence.strip("\u200b\u200c\u00ad\ufeff")


def test_clean_text_has_the_identity_map() -> None:
    norm = normalize(CLEAN)
    assert norm.text is CLEAN
    assert norm.map.identity
    assert norm.map.span(4, 9) == (4, 9)


def test_map_of_nfd_and_crlf() -> None:
    given_text = unicodedata.normalize("NFD", "Bằng khen.\r\nCho 5 tập thể")
    norm = normalize(given_text)
    assert norm.text == "Bằng khen.\nCho 5 tập thể"
    start = norm.text.index("5 tập thể")
    a, b = norm.map.span(start, len(norm.text))
    assert unicodedata.normalize("NFC", given_text[a:b]) == "5 tập thể"
    # the "\r\n" is one canonical character: a span ending on it takes both
    nl = norm.text.index("\n")
    a, b = norm.map.span(0, nl + 1)
    assert given_text[a:b].endswith("khen.\r\n")


def test_removed_characters_stay_out_of_spans() -> None:
    given_text = "\u200bBằng khen\u200b cho 5 tập thể\u00ad"
    norm = normalize(given_text)
    assert norm.text == "Bằng khen cho 5 tập thể"
    assert given_text[slice(*norm.map.span(0, 9))] == "Bằng khen"
    end = len(norm.text)
    assert given_text[slice(*norm.map.span(end - 9, end))] == "5 tập thể"


def test_only_invisible_characters_is_empty_text() -> None:
    with pytest.raises(extractor.InputError, match="empty text"):
        extractor.extract("\u200b\u200b \ufeff\r\n", article_id="x")


VI_LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxy"
              "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=VI_LETTERS + VI_LETTERS.upper() + " 0123456789\n",
                                  min_size=1, max_size=12),
                          st.sampled_from(["", "\u200b", "\r\n", "\u00ad", "\ufeff", "\r"]),
                          st.booleans()),
                max_size=20),
       st.data())
def test_every_canonical_span_maps_to_its_given_text(
        parts: list[tuple[str, str, bool]], data: st.DataObject) -> None:
    given_text = "".join((unicodedata.normalize("NFD", w) if nfd else w) + junk
                         for w, junk, nfd in parts)
    norm = normalize(given_text)
    n = len(norm.text)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    ga, gb = norm.map.span(a, b)
    assert 0 <= ga <= gb <= len(given_text)
    # (a zero-width space at the edge of a slice has no word on one side: removed there)
    assert normalize(given_text[ga:gb]).text.strip() == norm.text[a:b].strip()


@pytest.mark.parametrize("wrapped", [
    "cho 8\ntập thể và 15 cá nhân",      # before a lower-case letter
    "cho 8 tập thể và\n15 cá nhân",      # after a word that cannot end a sentence
    "cho 8 tập thể,\r\n15 cá nhân",      # after a comma (CRLF)
    "cho 8 tập thể và\n  15 cá nhân",    # indented continuation
])
def test_a_line_wrapped_inside_a_sentence_is_read_as_a_space(wrapped: str) -> None:
    text = "Chủ tịch UBND tỉnh tặng Bằng khen " + wrapped + "."
    result = extractor.extract(text, article_id="w")
    assert [(f.recipient, f.count) for f in result.facts] == [("collective", 8),
                                                              ("individual", 15)]
    _assert_traceable(result)


def test_line_breaks_between_sentences_and_list_items_stay() -> None:
    text = "Tặng Bằng khen cho 8 tập thể.\nBuổi lễ kết thúc.\nGồm:\n- 5 tập thể,\n- 3 cá nhân."
    assert normalize(text).text == text
    assert normalize("Chủ\u200btịch UBND tỉnh").text == "Chủ tịch UBND tỉnh"
    assert normalize("\u200bBằng khen\u200b.").text == "Bằng khen."
