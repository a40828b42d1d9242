"""Encoding detection and Vietnamese legacy encodings (extractor.encodings_vi).

The sentences below were written for these tests. Legacy bytes are made with
``encode_legacy`` (the reverse tables), whose tables are themselves checked entry by entry,
letter by letter, and for TCVN3 against glibc's ``iconv`` when it is installed.
"""

from __future__ import annotations

import codecs
import importlib.util
import random
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from extractor.encodings_vi import (
    ENCODINGS,
    LEGACY_ENCODINGS,
    Decoded,
    _is_syllable,
    _tables,
    decode_bytes,
    encode_legacy,
    repair_legacy,
)
from extractor.errors import DecodeError, ExtractorError
from extractor.lexicon import load_resource

SENTENCES = [
    "Chủ tịch UBND huyện vừa ký quyết định tặng Giấy khen cho 8 tập thể và 31 cá nhân "
    "đã có thành tích tiêu biểu trong phong trào thi đua “Chung sức xây dựng nông thôn mới” "
    "giai đoạn 2021-2025.",
    "Nhân dịp kỷ niệm 80 năm Ngày truyền thống, Đảng ủy xã trao Huy hiệu 40 năm tuổi Đảng "
    "cho 6 đảng viên; Trường THCS Quảng Phước được tặng Cờ thi đua của tỉnh.",
    "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2023 biểu dương những gương người "
    "tốt, việc tốt, điển hình tiên tiến ở các thôn, tổ dân phố.",
    "BAN THI ĐUA - KHEN THƯỞNG TỈNH\nQuyết định số 1520/QĐ-UBND về việc khen thưởng các "
    "đơn vị xuất sắc trong cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa”.",
]

# Windows-1252 bytes of a TCVN3 text, as read by a browser: the brief's two examples.
TCVN3_MOJIBAKE = "Chñ tÞch UBND tØnh"
VNI_MOJIBAKE = "Chuû tòch UBND tænh"

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
LOWER = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
ALPHABET = LOWER + [c.upper() for c in LOWER]  # 146 letters: 12 x 6 + đ, in both cases
# The 32 capitals with a tone that TCVN3 has no code for (TCVN 5712:1993 VN1 puts them in
# 0x80-0x9F, which the VN3 fonts leave to Windows-1252 punctuation).
TCVN3_LOWERED = set("ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ")


def tcvn3_expected(text: str) -> str:
    """What TCVN3 can give back for ``text``: those 32 capitals in lower case."""
    return "".join(ch.lower() if ch in TCVN3_LOWERED else ch for ch in text)


# ======================================================================================
# Unicode encodings
# ======================================================================================


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"), "utf-32-le"),
        (lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be"), "utf-32-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be",
         "utf-32-le-bom", "utf-32-be-bom"],
)
def test_unicode_encodings(text, encode, encoding) -> None:
    assert decode_bytes(encode(text)) == Decoded(text, encoding)


def test_python_utf16_codec_output_is_read_with_its_bom() -> None:
    text = SENTENCES[0]
    assert decode_bytes(text.encode("utf-16")).text == text  # native order, with a mark
    assert decode_bytes(text.encode("utf-32")).text == text


def test_plain_ascii_and_empty() -> None:
    text = "UBND tinh Quang Nam khen thuong 12 tap the (ban khong dau).\r\n"
    assert decode_bytes(text.encode("ascii")) == Decoded(text, "ascii")
    assert decode_bytes(b"") == Decoded("", "ascii")


def test_utf8_is_not_normalised() -> None:
    nfd = unicodedata.normalize("NFD", SENTENCES[1])
    assert decode_bytes(nfd.encode("utf-8")) == Decoded(nfd, "utf-8")


# ======================================================================================
# Vietnamese legacy encodings
# ======================================================================================


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("encoding", ["cp1258", "vni"])
def test_legacy_encodings(text, encoding) -> None:
    assert decode_bytes(encode_legacy(text, encoding)) == Decoded(text, encoding)


@pytest.mark.parametrize("text", SENTENCES)
def test_tcvn3(text) -> None:
    assert decode_bytes(encode_legacy(text, "tcvn3")) == Decoded(tcvn3_expected(text), "tcvn3")


def test_tcvn3_bytes_of_the_example() -> None:
    data = TCVN3_MOJIBAKE.encode("cp1252")
    assert data == b"Ch\xf1 t\xdech UBND t\xd8nh"
    assert decode_bytes(data) == Decoded("Chủ tịch UBND tỉnh", "tcvn3")


def test_tcvn3_capitals_without_a_code_come_back_lower_case() -> None:
    heading = "QUYẾT ĐỊNH VỀ VIỆC TẶNG BẰNG KHEN"
    data = encode_legacy(heading, "tcvn3")
    # Ế Ị Ề Ệ Ặ Ằ: only Ị, Ệ and Ặ lack a code
    assert decode_bytes(data) == Decoded("QUYẾT ĐịNH VỀ VIệC TặNG BẰNG KHEN", "tcvn3")


def test_windows_1258_needs_its_own_normal_form() -> None:
    """Python's cp1258 codec has no combining circumflex, breve or horn: plain NFD does not
    encode; Windows-1258 keeps â ê ô ă ơ ư precomposed and adds the tone mark."""
    with pytest.raises(UnicodeEncodeError):
        unicodedata.normalize("NFD", "Khen thưởng").encode("cp1258")
    data = encode_legacy("Khen thưởng", "cp1258")
    assert data == b"Khen th\xfd\xf5\xd2ng"  # ư ơ + combining hook above (0xD2)
    assert decode_bytes(data) == Decoded("Khen thưởng", "cp1258")


def test_windows_1258_decoding_is_nfc() -> None:
    # the tone as a combining mark after every vowel, as Windows' own encoder writes it
    # ă = 0xE3, ư = 0xFD, ơ = 0xF5; grave 0xCC, hook 0xD2, acute 0xEC (Windows-1258)
    data = b"B\xe3\xccng khen cu\xd2a Thu\xd2 t\xfd\xf5\xecng Chi\xecnh phu\xd2"
    decoded = decode_bytes(data)
    assert decoded == Decoded("Bằng khen của Thủ tướng Chính phủ", "cp1258")
    assert unicodedata.is_normalized("NFC", decoded.text)


def test_plain_latin_text_is_windows_1252() -> None:
    text = "Le comité a décerné 12 médailles – “déjà vu” à Genève, façade naïve."
    assert decode_bytes(text.encode("cp1252")) == Decoded(text, "cp1252")


def test_a_long_legacy_document() -> None:
    text = "\n".join(SENTENCES) * 500
    for encoding in LEGACY_ENCODINGS:
        expected = tcvn3_expected(text) if encoding == "tcvn3" else text
        assert decode_bytes(encode_legacy(text, encoding)) == Decoded(expected, encoding)


# ======================================================================================
# Not text
# ======================================================================================


def test_png_is_binary() -> None:
    rng = random.Random(7)
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(600))
    with pytest.raises(DecodeError, match=r"^binary data: \d+ NUL bytes") as info:
        decode_bytes(data)
    assert info.value.reason.startswith("binary data")
    assert isinstance(info.value, ExtractorError)


@pytest.mark.parametrize("data", [b"\x00" * 64, b"\x00A\x00\x00B\x00" * 20, b"abc\x00def"])
def test_nul_bytes_that_are_not_utf16(data) -> None:
    with pytest.raises(DecodeError, match=r"binary data: .*NUL bytes"):
        decode_bytes(data)


def test_random_bytes_without_nul() -> None:
    rng = random.Random(11)
    for size in (50, 500, 5000):
        data = bytes(rng.randrange(1, 256) for _ in range(size))
        with pytest.raises(DecodeError, match=r"^(binary data|not text in a supported encoding)"):
            decode_bytes(data)


def test_random_high_bytes_are_not_text() -> None:
    rng = random.Random(3)
    data = bytes(rng.randrange(0xA0, 0x100) for _ in range(400))
    with pytest.raises(DecodeError, match="not text in a supported encoding"):
        decode_bytes(data)


def test_control_bytes_are_binary() -> None:
    with pytest.raises(DecodeError, match=r"binary data: 20 control bytes in 40"):
        decode_bytes(b"\x03\x07" * 10 + b"a" * 20)


def test_other_scripts_in_8_bit_encodings_are_not_supported() -> None:
    data = "Ủy ban nhân dân".encode()  # sanity: UTF-8 works
    assert decode_bytes(data).encoding == "utf-8"
    with pytest.raises(DecodeError, match="not text in a supported encoding"):
        decode_bytes("Постановление о награждении почётной грамотой".encode("cp1251"))


def test_invalid_text_after_a_bom() -> None:
    with pytest.raises(DecodeError, match="utf-8-sig byte order mark, but the rest is not"):
        decode_bytes(codecs.BOM_UTF8 + b"Th\xe0nh t\xedch")
    with pytest.raises(DecodeError, match="utf-16-le byte order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00b")  # odd length


# ======================================================================================
# repair_legacy
# ======================================================================================


def test_repair_the_examples() -> None:
    assert repair_legacy(TCVN3_MOJIBAKE) == ("Chủ tịch UBND tỉnh", "tcvn3")
    assert repair_legacy(VNI_MOJIBAKE) == ("Chủ tịch UBND tỉnh", "vni")


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("read_as", ["cp1252", "latin-1"])
def test_repair_mojibake(text, read_as) -> None:
    tcvn3 = encode_legacy(text, "tcvn3")
    vni = encode_legacy(text, "vni")
    try:
        broken_tcvn3, broken_vni = tcvn3.decode(read_as), vni.decode(read_as)
    except UnicodeDecodeError:
        pytest.skip("a byte Windows-1252 leaves undefined")
    # read as Latin-1, “ ” are C1 controls: the repair writes them as Windows-1252 quotes
    assert repair_legacy(broken_tcvn3) == (tcvn3_expected(text), "tcvn3")
    assert repair_legacy(broken_vni) == (text, "vni")


@pytest.mark.parametrize(
    "text",
    [*SENTENCES, "", "UBND tỉnh", "Tôi là cán bộ", "Le café de la gare", "Zürich, 12 €",
     "Bằng khen · “Dân vận khéo” – 2024", "â", "Cà phê ôtô xe bò",
     "Xây nhà bằng bêtông và ximăng, mua ôtô"],
)
def test_repair_leaves_clean_text_alone(text) -> None:
    result, encoding = repair_legacy(text)
    assert result is text
    assert encoding is None


def test_repair_is_quick_on_clean_text() -> None:
    import time

    text = "\n".join(SENTENCES) * 3000  # about 1 MB
    start = time.perf_counter()
    assert repair_legacy(text)[1] is None
    assert time.perf_counter() - start < 0.05


# ======================================================================================
# The tables
# ======================================================================================

DATA = load_resource("legacy_encodings")


@pytest.mark.parametrize(("code", "letter"), sorted(DATA["tcvn3"].items()))
def test_every_tcvn3_entry_round_trips(code, letter) -> None:
    assert encode_legacy(letter, "tcvn3") == bytes([code])
    data = b"Th\xf8 " + bytes([code]) + b" n\xb5y"
    assert decode_bytes(data) == Decoded(f"Thứ {letter} này", "tcvn3")


@pytest.mark.parametrize(("code", "letter"), sorted(DATA["vni"].items()))
def test_every_vni_entry_round_trips(code, letter) -> None:
    seq = bytes.fromhex(code)
    assert encode_legacy(letter, "vni") == seq
    data = b"Th\xf6\xf9 " + seq + b" na\xf8y"
    assert decode_bytes(data) == Decoded(f"Thứ {letter} này", "vni")


@pytest.mark.parametrize("letter", ALPHABET)
@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_every_letter_round_trips(letter, encoding) -> None:
    word = f"Bằng khen {letter} của tỉnh"
    expected = tcvn3_expected(word) if encoding == "tcvn3" else word
    assert decode_bytes(encode_legacy(word, encoding)) == Decoded(expected, encoding)


def test_tables_cover_the_alphabet() -> None:
    marked = {c for c in ALPHABET if not c.isascii()}
    assert len(ALPHABET) == 146 and len(marked) == 134
    assert set(DATA["vni"].values()) == marked
    assert set(DATA["tcvn3"].values()) == marked - TCVN3_LOWERED
    assert len(DATA["tcvn3"]) == 134 - 32


def test_vni_is_base_letter_then_mark() -> None:
    for code, letter in DATA["vni"].items():
        seq = bytes.fromhex(code)
        if len(seq) == 2:
            base = unicodedata.normalize("NFD", letter)[0]
            assert seq[:1].decode("cp1252") in (base, {"o": "ô", "u": "ö", "O": "Ô", "U": "Ö"}
                                                .get(base)), (code, letter)


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv is not installed")
def test_tcvn3_table_agrees_with_glibc_iconv() -> None:
    """glibc's TCVN5712-1 charmap (TCVN 5712:1993 VN1) is the reference for every byte."""
    codes = sorted(DATA["tcvn3"])
    data = b"\n".join(bytes([c]) for c in codes)
    result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data,
                            capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"iconv has no TCVN5712-1: {result.stderr.decode(errors='replace')}")
    assert result.stdout.decode("utf-8").split("\n") == [DATA["tcvn3"][c] for c in codes]


def test_encoding_names() -> None:
    assert set(LEGACY_ENCODINGS) < set(ENCODINGS)
    for text in ("a", ""):
        with pytest.raises(ValueError, match="unknown legacy encoding 'viscii'"):
            encode_legacy(text, "viscii")


def test_encoders_refuse_what_they_cannot_write() -> None:
    with pytest.raises(UnicodeEncodeError):
        encode_legacy("Müller", "tcvn3")  # ü is 0xFC, TCVN3's ỹ
    with pytest.raises(UnicodeEncodeError):
        encode_legacy("Müller", "vni")  # 0xC0-0xFF are VNI letters and marks
    with pytest.raises(UnicodeEncodeError):
        encode_legacy("北京", "vni")


# ======================================================================================
# The syllable check behind the Vietnamese-likeness score
# ======================================================================================


def _viet74k() -> list[str]:
    """The syllables of underthesea's Viet74K word list (a dependency), lower case."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(spec.submodule_search_locations[0]) / "corpus" / "data" / "Viet74K.txt"
    if not path.is_file():
        return []
    words = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).lower().split()
    return sorted({w for w in words if w.isalpha()})


VIET74K = _viet74k()
TABLES = _tables()
CLEAN_SYLLABLES = [w for w in VIET74K if not w.isascii() and _is_syllable(w, TABLES)] \
    or DATA["common_syllables"]
# those a Windows-1252 decoding could give: the ones repair_legacy has to look at
LATIN1_SYLLABLES = [w for w in CLEAN_SYLLABLES if all(ord(c) < 0x100 for c in w)]


@pytest.mark.skipif(not VIET74K, reason="underthesea's Viet74K.txt is not installed")
def test_syllable_check_accepts_the_dictionary() -> None:
    """The onsets, rhymes and spelling rules accept the syllables of a real dictionary; what
    they reject is loanwords (ôtô, ximăng, bêtông), letters (â, đ) and misspellings (qúy)."""
    marked = [w for w in VIET74K if not w.isascii() and all(c in TABLES.letters for c in w)]
    rejected = [w for w in marked if not _is_syllable(w, TABLES)]
    assert len(marked) > 7000
    assert len(rejected) / len(marked) < 0.06, rejected[:50]
    for loanword in ("ôtô", "ximăng", "bêtông", "qúy"):
        assert loanword in rejected


@pytest.mark.parametrize("text", SENTENCES)
def test_syllable_check_accepts_the_sentences(text) -> None:
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        assert _is_syllable(word, TABLES) or word.isascii() or word == "qđ", word


@pytest.mark.parametrize(
    ("word", "valid"),
    [("quốc", True), ("quỳnh", True), ("hòa", True), ("hoà", True), ("khuỷu", True),
     ("ngoái", True), ("giếng", True), ("gì", True), ("kỳ", True), ("nghe", True),
     ("tòch", False),  # a grave tone on a rhyme closed by ch
     ("cê", False), ("nge", False), ("quoác", False),  # spelling rules of c/k, ng/ngh, qu
     ("caù", False), ("seõ", False),  # tone on the wrong vowel: VNI read as Windows-1252
     ("tých", False), ("chñ", False), ("tønh", False)],
)
def test_syllable_examples(word, valid) -> None:
    assert _is_syllable(word, TABLES) is valid


# ======================================================================================
# Properties
# ======================================================================================

vietnamese_text = st.lists(
    st.one_of(st.sampled_from(LATIN1_SYLLABLES), st.sampled_from(CLEAN_SYLLABLES),
              st.sampled_from(DATA["common_syllables"]),
              st.sampled_from(["UBND", "HĐND", "2024", "12/QĐ-UBND", "COVID", "online"])),
    min_size=1, max_size=40,
).flatmap(lambda words: st.tuples(
    st.just(words),
    st.lists(st.sampled_from([" ", " ", ", ", ". ", "\n", " – ", "“", "”: "]),
             min_size=len(words), max_size=len(words)),
    st.lists(st.sampled_from(["lower", "title", "upper"]), min_size=len(words),
             max_size=len(words)),
)).map(lambda t: "".join(getattr(w, case)() + sep for w, sep, case in zip(*t, strict=True)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vietnamese_text)
def test_clean_vietnamese_is_never_repaired(text) -> None:
    """Text whose words are all Vietnamese syllables (or ASCII) has nothing to repair, even
    when every character is one Windows-1252 could give (the real invariant: more than half
    of its non-ASCII words must be impossible syllables before a repair is tried)."""
    result, encoding = repair_legacy(text)
    assert result is text and encoding is None


_OUTSIDE_CP1252 = st.characters(min_codepoint=0x100).filter(
    lambda c: c not in "ŒœŠšŽžŸƒˆ˜–—‘’‚“”„†‡•…‰‹›€™")


@settings(max_examples=300, deadline=None)
@given(st.text(), _OUTSIDE_CP1252, st.text())
def test_text_beyond_windows_1252_is_never_repaired(before, char, after) -> None:
    text = before + char + after
    result, encoding = repair_legacy(text)
    assert result is text and encoding is None


_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_CONTROLS),
               max_size=200).filter(lambda t: not t.startswith("\ufeff")))
def test_utf8_decodes_to_itself(text) -> None:
    """The real invariant: UTF-8 without a byte order mark and without C0 control characters
    (which UTF-16 without a mark or binary data would bring) decodes to itself, named ascii
    or utf-8. A leading U+FEFF *is* a byte order mark; NUL and other controls are binary."""
    expected = Decoded(text, "ascii" if text.isascii() else "utf-8")
    assert decode_bytes(text.encode("utf-8")) == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(DATA["common_syllables"]), min_size=4, max_size=30),
       st.sampled_from(LEGACY_ENCODINGS))
def test_common_vietnamese_words_survive_every_legacy_encoding(words, encoding) -> None:
    text = " ".join(words).capitalize() + "."
    assume(not text.isascii())
    expected = tcvn3_expected(text) if encoding == "tcvn3" else text
    data = encode_legacy(text, encoding)
    found = decode_bytes(data)
    assert found.text == expected
    # some texts are the same bytes in two encodings (VNI and Windows-1258 both write "í"
    # as 0xED): then another name is right too, but only then
    if found.encoding != encoding:
        assert found.encoding in LEGACY_ENCODINGS
        assert encode_legacy(text, found.encoding) == data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_decode_bytes_returns_a_known_encoding_or_raises(data) -> None:
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        assert exc.reason
    else:
        assert decoded.encoding in ENCODINGS


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=())) | st.text(st.characters(max_codepoint=0xFF)))
def test_repair_legacy_accepts_any_string(text) -> None:
    result, encoding = repair_legacy(text)
    assert (result is text and encoding is None) or encoding in ("tcvn3", "vni")



def test_a_stray_nul_in_text_is_dropped_and_counted() -> None:
    text = "Chủ tịch UBND tỉnh tặng Bằng khen cho 12 tập thể và 25 cá nhân. " * 4
    data = text.encode("utf-8")
    found = decode_bytes(data[:50] + b"\x00" + data[50:])
    assert (found.text, found.encoding, found.nuls_removed) == (text, "utf-8", 1)
    with pytest.raises(DecodeError, match="binary data"):
        decode_bytes(data[:50] + b"\x00\x00" + data[50:])  # two in 250 bytes: binary
