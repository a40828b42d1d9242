import pytest
import spacy

from extractor.segment import SyllableTokenizer, paragraph_spans, sentence_spans

AWKWARD = [
    "",
    " ",
    "\n\n",
    "Chủ tịch UBND huyện tặng giấy khen 1.200 tập thể,  12 cá nhân.",
    "ngày 19/8/2025 (77,97%) số 163/QĐ-UBND\t\u00a0 xong",
    "“Dân vận khéo”—2021…",
    "a_b __ 🎉 ﬁ",
]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("xx")
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    return nlp


@pytest.mark.parametrize("text", AWKWARD)
def test_tokenizer_keeps_text(nlp, text: str) -> None:
    doc = nlp(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text


def test_tokens_are_syllables_numbers_and_marks(nlp) -> None:
    doc = nlp("tặng 1.200 tập thể, 12 cá nhân (77,97%)")
    assert [t.text for t in doc] == ["tặng", "1.200", "tập", "thể", ",", "12", "cá", "nhân",
                                     "(", "77,97", "%", ")"]


def test_tokenizer_pickles(nlp) -> None:
    import pickle

    tok = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert [t.text for t in tok("Bằng khen.")] == ["Bằng", "khen", "."]


def test_sentences_recover_offsets_and_quotes() -> None:
    text = "Ông A nói: “Rất tốt.” Sau đó 5 tập thể được khen.\n  Đoạn hai. Câu ba!"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Ông A nói: “Rất tốt.”", "Sau đó 5 tập thể được khen.", "Đoạn hai.", "Câu ba!"]


def test_paragraphs_are_stripped_lines() -> None:
    text = " a b \n\n c\n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["a b", "c"]


@pytest.mark.parametrize("text", [t for t in AWKWARD if t.strip()] + [" lead", "a \n b  c\t"])
def test_words_and_spaces_follow_spacy(text: str) -> None:
    from spacy.util import get_words_and_spaces

    from extractor.segment import _TOKEN, words_and_spaces

    words = [m.group(0) for m in _TOKEN.finditer(text)]
    assert words_and_spaces(text) == get_words_and_spaces(words, text)
