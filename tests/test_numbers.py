"""Tests of the number recogniser (``extractor.numbers``).

Grouped as in price-parser's test-suite: core cases (one table per feature), bugs caught
in the wild (news-style sentences written for these tests), known failures (marked
``xfail(strict=True)``: they must keep failing until fixed), properties checked with
hypothesis (words rendered by num2words, the test-only oracle, are read back exactly), and
the loading and validation of ``resources/vi/numbers.yaml``.

Cases are written as text with the expected mentions between ``[[`` and ``]]``; the helper
strips the markers, so every case also asserts the exact character span of each number
and that nothing else is found.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import time
import unicodedata
from importlib.resources import files

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from num2words import num2words

from extractor.errors import ResourceError
from extractor.numbers import (
    KINDS,
    NumberMention,
    compile_lexicon,
    find_numbers,
    load_lexicon,
)

Want = tuple  # (value, kind) or (value, kind, approx)
_MARK = re.compile(r"\[\[(.*?)\]\]")


def expected(marked: str, wants: list[Want]) -> tuple[str, list[NumberMention]]:
    """The plain text of ``marked`` and the mentions its ``[[...]]`` marks stand for."""
    text = ""
    spans = []
    pos = 0
    for m in _MARK.finditer(marked):
        text += marked[pos : m.start()]
        spans.append((len(text), len(text) + len(m.group(1))))
        text += m.group(1)
        pos = m.end()
    text += marked[pos:]
    assert len(spans) == len(wants), f"{len(spans)} marks but {len(wants)} expected values"
    out = []
    for (start, end), want in zip(spans, wants, strict=True):
        value, kind = want[0], want[1]
        approx = want[2] if len(want) > 2 else kind == "vague"
        out.append(NumberMention(start, end, text[start:end], value, approx, kind))
    return text, out


def check(marked: str, wants: list[Want]) -> None:
    text, want = expected(marked, wants)
    got = find_numbers(text)
    assert got == want
    for g, w in zip(got, want, strict=True):
        assert type(g.value) is type(w.value), (g, w)  # 1200 is an int, 1.5 a float


def well_formed(text: str, mentions: list[NumberMention]) -> None:
    """Invariants that hold for every text."""
    prev_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
        assert m.start >= prev_end, "mentions overlap or are out of order"
        prev_end = m.end
        assert m.kind in KINDS
        assert m.value is None or type(m.value) in (int, float)
        if m.kind == "vague":
            assert m.value is None and m.approx
        if m.kind == "cardinal":
            assert type(m.value) is int


# ======================================================================================
# Core cases
# ======================================================================================

DIGITS = [
    ("[[7]] tập thể", [(7, "cardinal")]),
    ("[[07]] cá nhân", [(7, "cardinal")]),
    ("[[0]] trường hợp", [(0, "cardinal")]),
    ("[[1.200]] hội viên", [(1200, "cardinal")]),
    ("[[12.500]] lượt người", [(12500, "cardinal")]),
    ("[[1.200.000]] người", [(1200000, "cardinal")]),
    ("[[1,5]]", [(1.5, "decimal")]),
    ("tăng [[1,5]] lần", [(1.5, "decimal")]),
    ("[[12.500,5]] tấn", [(12500.5, "decimal")]),
    ("[[1,200]] người", [(1.2, "decimal")]),  # Vietnamese decimal comma, never a count
    ("[[1,200,000]] người", [(1200000, "cardinal")]),  # two comma groups: thousands
    ("[[20.08.2014]]", [(None, "date")]),
    ("có [[1.200]] người, khai mạc [[20.08.2014]]", [(1200, "cardinal"), (None, "date")]),
    ("[[2.5]] lần", [(2.5, "decimal")]),  # a dot not followed by 3 digits
    ("[[12]]\u00a0tập thể", [(12, "cardinal")]),
    ("[[12\u00a0500]] người", [(12500, "cardinal")]),  # no-break space groups thousands
]

WORDS = [
    ("[[một trăm]]", [(100, "cardinal")]),
    ("[[mười]]", [(10, "cardinal")]),
    ("[[mười hai]]", [(12, "cardinal")]),
    ("[[mười lăm]]", [(15, "cardinal")]),
    ("[[mười tư]] người", [(14, "cardinal")]),
    ("[[hai mươi]]", [(20, "cardinal")]),
    ("[[hai mươi mốt]]", [(21, "cardinal")]),
    ("[[hai mươi một]]", [(21, "cardinal")]),
    ("[[hai mươi tư]]", [(24, "cardinal")]),
    ("[[hai mươi bốn]]", [(24, "cardinal")]),
    ("[[hai mươi lăm]]", [(25, "cardinal")]),
    ("[[hai mươi nhăm]]", [(25, "cardinal")]),
    ("[[bảy]] người, [[bẩy]] người", [(7, "cardinal"), (7, "cardinal")]),
    ("[[một trăm linh năm]]", [(105, "cardinal")]),
    ("[[một trăm lẻ năm]]", [(105, "cardinal")]),
    ("[[một trăm linh tư]]", [(104, "cardinal")]),
    ("[[ba nghìn hai trăm]]", [(3200, "cardinal")]),
    ("[[ba ngàn hai trăm]]", [(3200, "cardinal")]),
    ("[[một nghìn không trăm linh năm]]", [(1005, "cardinal")]),
    ("[[hai chục]] người", [(20, "cardinal")]),
    ("[[một triệu]]", [(1000000, "cardinal")]),
    ("[[hai tỷ]] đồng, [[ba tỉ]] đồng", [(2_000_000_000, "money"), (3_000_000_000, "money")]),
    ("[[một triệu hai trăm nghìn]]", [(1200000, "cardinal")]),
    ("[[hai vạn]] người", [(20000, "cardinal")]),
    ("[[hai trăm rưỡi]] người", [(250, "cardinal")]),
    ("[[hai triệu rưỡi]] đồng", [(2500000, "money")]),
    ("[[hai phẩy năm]] lần", [(2.5, "decimal")]),
    ("[[Mười hai]] cá nhân được khen thưởng", [(12, "cardinal")]),
    ("Năm nay. [[Ba]] tập thể được khen", [(3, "cardinal")]),
    ("[[HAI]] TẬP THỂ ĐƯỢC KHEN", [(2, "cardinal")]),
    ("không", []),  # "không" alone is "not", never 0
]

MIXED = [
    ("[[1,2 nghìn]] người", [(1200, "cardinal")]),
    ("[[3 trăm]] hộ", [(300, "cardinal")]),
    ("[[27 nghìn]] lượt", [(27000, "cardinal")]),
    ("[[27 ngàn]] lượt", [(27000, "cardinal")]),
    ("[[1 tỷ 200 triệu]] đồng", [(1_200_000_000, "money")]),
    ("[[3 triệu 500 nghìn]] đồng", [(3_500_000, "money")]),
    ("[[2 nghìn 5 trăm]] người", [(2500, "cardinal")]),
    ("[[2 triệu rưỡi]] đồng", [(2_500_000, "money")]),
    ("[[1,5 tỷ]] đồng", [(1_500_000_000, "money")]),
    ("[[300 nghìn tỷ]] đồng", [(300_000_000_000_000, "money")]),
]

APPROX = [
    ("hơn [[1.200]] người", [(1200, "cardinal", True)]),
    ("trên [[50]] tập thể", [(50, "cardinal", True)]),
    ("gần [[300]] hộ", [(300, "cardinal", True)]),
    ("khoảng [[20]] cá nhân", [(20, "cardinal", True)]),
    ("xấp xỉ [[40]] đơn vị", [(40, "cardinal", True)]),
    ("ngót [[100]] người", [(100, "cardinal", True)]),
    ("gần như [[100]]% hộ", [(100, "percent", True)]),
    ("trên dưới [[50]] người", [(50, "cardinal", True)]),
    ("hơn [[hai mươi]] tập thể", [(20, "cardinal", True)]),
    ("có [[20]] tập thể", [(20, "cardinal", False)]),
]

VAGUE = [
    ("[[hàng chục]] tập thể", [(None, "vague")]),
    ("[[hàng trăm]] người", [(None, "vague")]),
    ("[[hàng nghìn]] lượt", [(None, "vague")]),
    ("[[hàng ngàn]] lượt", [(None, "vague")]),
    ("[[hàng chục nghìn]] người", [(None, "vague")]),
    ("[[vài trăm]] hộ", [(None, "vague")]),
    ("[[mấy chục]] người", [(None, "vague")]),
    ("[[một số]] cá nhân", [(None, "vague")]),
    ("[[nhiều]] tập thể", [(None, "vague")]),
    ("[[mười mấy]] người", [(None, "vague")]),
    ("[[hai ba]] người", [(None, "vague")]),  # "two or three"
    ("[[2 - 3]] cá nhân", [(None, "vague")]),
    ("[[2-3]] cá nhân", [(None, "vague")]),
    ("từ [[5 đến 7]] tập thể", [(None, "vague")]),
    ("[[hai triệu ba trăm]]", [(None, "vague")]),  # 2 000 300 or 2 300 000
    ("[[một trăm mốt]] người", [(None, "vague")]),  # elided, not certain
    ("mức lương [[2 triệu 5]].", [(None, "vague")]),
    ("[[12 500]] người", [(None, "vague")]),  # a plain space: one number or two?
    ("các tập thể và cá nhân", []),
]

YEARS = [
    ("năm [[2024]]", [(2024, "year")]),
    ("Năm [[2024]], [[5]] tập thể", [(2024, "year"), (5, "cardinal")]),
    ("giai đoạn [[2020]]-[[2025]]", [(2020, "year"), (2025, "year")]),
    ("([[1994]] – [[2019]])", [(1994, "year"), (2019, "year")]),
    ("nhiệm kỳ [[2020]] - [[2025]]", [(2020, "year"), (2025, "year")]),
    ("năm học [[2024]]-[[2025]]", [(2024, "year"), (2025, "year")]),
    ("có [[1950]] hộ", [(1950, "cardinal")]),  # a counted noun beats the year look
    ("Năm [[2024]] tỷ lệ hộ nghèo", [(2024, "year")]),  # "tỷ" of "tỷ lệ" is no scale
]

DATES = [
    ("[[18-8]]", [(None, "date")]),
    ("Sáng [[18-8]], tại hội trường", [(None, "date")]),
    ("[[19/8/2025]]", [(None, "date")]),
    ("[[20.08.2014]]", [(None, "date")]),
    ("ngày [[5/1]]", [(None, "date")]),
    ("ngày [[20.08]]", [(None, "date")]),
    ("tháng [[12]]", [(12, "date")]),
    ("tháng [[8/2025]]", [(None, "date")]),
    ("ngày [[2]] tháng [[9]] năm [[1945]]", [(2, "date"), (9, "date"), (1945, "year")]),
    ("Cách mạng Tháng [[Tám]]", [(8, "date")]),
    ("lúc [[14h30]]", [(None, "date")]),
    ("quý [[I]]/[[2025]]", [(1, "date"), (2025, "year")]),
]

ORDINALS = [
    ("lần thứ [[năm]]", [(5, "ordinal")]),
    ("thứ [[3]]", [(3, "ordinal")]),
    ("lần thứ [[XI]]", [(11, "ordinal")]),
    ("thứ [[tư]]", [(4, "ordinal")]),
    ("thứ [[nhất]]", [(1, "ordinal")]),
    ("vào thứ [[Năm]]", [(5, "ordinal")]),
    ("lần thứ [[hai mươi]]", [(20, "ordinal")]),
    ("Quốc hội khóa [[XV]]", [(15, "ordinal")]),
    ("Đại hội [[XIII]] của Đảng", [(13, "ordinal")]),
    ("Đại hội Đảng bộ tỉnh lần thứ [[XVII]]", [(17, "ordinal")]),
    ("tái đắc cử lần [[2]]", [(2, "ordinal")]),
    ("tổ [[1]], [[2]] và [[3]]", [(1, "ordinal"), (2, "ordinal"), (3, "ordinal")]),
    ("thôn [[3]] xã Ea Tu", [(3, "ordinal")]),
    ("mở [[3]] lớp [[150]] học viên", [(3, "cardinal"), (150, "cardinal")]),
]

CLASSES = [
    ("hạng [[Ba]]", [(3, "class")]),
    ("hạng [[Nhì]]", [(2, "class")]),
    ("hạng [[Nhất]]", [(1, "class")]),
    ("hạng [[III]]", [(3, "class")]),
    ("hạng [[3]]", [(3, "class")]),
    ("giải [[Nhất]]", [(1, "class")]),
    ("giải [[ba]]", [(3, "class")]),
    ("giải [[Nhất]], [[Nhì]], [[Ba]]", [(1, "class"), (2, "class"), (3, "class")]),
    ("hạng [[I]], [[II]] và [[III]]", [(1, "class"), (2, "class"), (3, "class")]),
    ("giải Khuyến khích", []),
]

DOCNOS = [
    ("Quyết định số [[163/QĐ-UBND]]", [(163, "docno")]),
    ("số [[12]]", [(12, "docno")]),
    ("Nghị định [[91/2017/NĐ-CP]].", [(91, "docno")]),
    ("Chỉ thị số [[05-CT/TU]]", [(5, "docno")]),
    ("Trường THCS số [[1]]", [(1, "docno")]),
    ("khoản [[1]] Điều [[2]]", [(1, "docno"), (2, "docno")]),
    ("tổng số [[120]] tập thể", [(120, "cardinal")]),
]

PERCENTS = [
    ("[[90]]%", [(90, "percent")]),
    ("[[77,97]]%", [(77.97, "percent")]),
    ("[[50]] phần trăm", [(50, "percent")]),
    ("[[0,5]] %", [(0.5, "percent")]),
    ("tăng [[10]]-[[15]]%", [(10, "percent"), (15, "percent")]),
    ("đạt [[20]], [[30]]%", [(20, "percent"), (30, "percent")]),
]

MONEY = [
    ("[[2 triệu]] đồng", [(2_000_000, "money")]),
    ("[[500.000]] đồng", [(500_000, "money")]),
    ("[[10 tỷ]] đồng", [(10_000_000_000, "money")]),
    ("[[500.000]]đ/người", [(500_000, "money")]),
    ("[[5]] đồng chí", [(5, "cardinal")]),  # "đồng chí" is comrade, not the currency
    ("[[200]] USD", [(200, "money")]),
]

DURATIONS = [
    ("[[90]] ngày đêm", [(90, "duration")]),
    ("[[5]] năm", [(5, "duration")]),
    ("[[3]] tháng", [(3, "duration")]),
    ("[[mười]] năm qua", [(10, "duration")]),
    ("[[hai mươi]] năm nay", [(20, "duration")]),
    ("[[năm mươi]] năm", [(50, "duration")]),
    ("từ [[5]] đến [[7]] ngày", [(5, "duration"), (7, "duration")]),
    ("[[một]] năm rưỡi", [(1.5, "duration")]),
    ("cụ bà [[80]] tuổi", [(80, "duration")]),
]

SERVICE = [
    ("Huy hiệu [[50]] năm tuổi Đảng", [(50, "years_of_service")]),
    ("Huy hiệu [[30]] năm", [(30, "years_of_service")]),
    ("Huy hiệu [[30]], [[40]], [[45]] năm tuổi Đảng",
     [(30, "years_of_service"), (40, "years_of_service"), (45, "years_of_service")]),
    ("Huy hiệu [[năm mươi]] năm tuổi Đảng", [(50, "years_of_service")]),
    ("đảng viên [[60]] tuổi Đảng", [(60, "years_of_service")]),
]

BARE_NAM = [
    ("[[năm]] tập thể", [(5, "cardinal")]),
    ("[[Năm]] cá nhân được khen", [(5, "cardinal")]),
    ("[[năm mươi]]", [(50, "cardinal")]),
    ("[[hai mươi lăm]]", [(25, "cardinal")]),
    ("[[một trăm linh năm]]", [(105, "cardinal")]),
    ("[[năm trăm]] hộ", [(500, "cardinal")]),
    ("[[năm nghìn]] người", [(5000, "cardinal")]),
    ("năm nay", []),
    ("năm qua", []),
    ("năm học mới", []),
    ("cả năm", []),
    ("hằng năm", []),
    ("hằng năm tổ chức", []),
    ("cả năm tập thể", []),
    ("Năm nay có [[năm]] đơn vị", [(5, "cardinal")]),
    ("[[một]] tập thể", [(1, "cardinal")]),
    ("là một trong những", []),
    ("tư nhân", []),
    ("thời trang mốt", []),
    ("số lẻ", []),
    ("linh hoạt", []),
    ("[[hai mươi năm]] tập thể", [(None, "vague")]),  # 25 misspelt, or "20 years"?
]

ADJACENT = [
    ("[[mười lăm]] tập thể và [[ba]] cá nhân", [(15, "cardinal"), (3, "cardinal")]),
    ("[[2]] tập thể, [[5]] cá nhân", [(2, "cardinal"), (5, "cardinal")]),
    ("[[1]] tập thể [[2]] cá nhân", [(1, "cardinal"), (2, "cardinal")]),
    ("[[hai]] tập thể [[ba]] cá nhân", [(2, "cardinal"), (3, "cardinal")]),
    ("[[1 tỷ]] đồng, [[2]] tập thể", [(1_000_000_000, "money"), (2, "cardinal")]),
    ("[[2 triệu]] [[5]] suất", [(2_000_000, "cardinal"), (5, "cardinal")]),
]

NOT_NUMBERS = [
    ("huyện Ba Vì", []),
    ("ông Ba và bà Năm", []),
    ("Ba Vì có [[5]] xã", [(5, "cardinal")]),
    ("quận Hai Bà Trưng", []),
    ("ba mẹ các em", []),
    ("chín chắn", []),
    ("COVID-19", []),
    ("chỉ số F0", []),
    ("Quốc lộ 1A", []),
    ("dài 5km", []),
    ("thứ trưởng", []),
    ("VI", []),  # Roman numerals need a context
    ("Chương trình X", []),
]

TABLES = {
    "digits": DIGITS,
    "words": WORDS,
    "mixed": MIXED,
    "approx": APPROX,
    "vague": VAGUE,
    "years": YEARS,
    "dates": DATES,
    "ordinals": ORDINALS,
    "classes": CLASSES,
    "docnos": DOCNOS,
    "percents": PERCENTS,
    "money": MONEY,
    "durations": DURATIONS,
    "service": SERVICE,
    "bare_nam": BARE_NAM,
    "adjacent": ADJACENT,
    "not_numbers": NOT_NUMBERS,
}

CORE = [
    pytest.param(marked, wants, id=f"{table}-{i}")
    for table, cases in TABLES.items()
    for i, (marked, wants) in enumerate(cases)
]


@pytest.mark.parametrize(("marked", "wants"), CORE)
def test_core(marked: str, wants: list[Want]) -> None:
    check(marked, wants)


def test_every_kind_is_covered() -> None:
    seen = {w[1] for _, cases in TABLES.items() for _, wants in cases for w in wants}
    assert seen == set(KINDS)


def test_mention_is_frozen_with_slots() -> None:
    (m,) = find_numbers("7 tập thể")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.value = 8  # type: ignore[misc]
    assert not hasattr(m, "__dict__")
    assert [f.name for f in dataclasses.fields(NumberMention)] == [
        "start", "end", "surface", "value", "approx", "kind",
    ]


def test_offsets_are_characters_not_bytes() -> None:
    text = "Đồng chí Nguyễn Thị Hằng và 12 tập thể"
    (m,) = find_numbers(text)
    assert (m.start, m.end) == (text.index("12"), text.index("12") + 2)
    assert len(text.encode()) > len(text)


def test_empty_and_numberless_text() -> None:
    assert find_numbers("") == []
    assert find_numbers("Hội nghị biểu dương các tập thể, cá nhân tiêu biểu.") == []


def test_fast_enough_for_corpora() -> None:
    text = (
        "Sáng 19/8/2025, UBND tỉnh tổ chức hội nghị tổng kết giai đoạn 2020-2025; Chủ tịch "
        "UBND tỉnh tặng Bằng khen cho 15 tập thể và hai mươi mốt cá nhân, hơn 1.200 hội "
        "viên được khen theo Quyết định số 163/QĐ-UBND, trao Huy hiệu 50 năm tuổi Đảng cho "
        "3 đồng chí, hỗ trợ 2 triệu đồng mỗi hộ, tỷ lệ đạt 90%."
    )
    assert 280 <= len(text) <= 320
    find_numbers(text)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(50):
            find_numbers(text)
        best = min(best, (time.perf_counter() - t0) / 50)
    assert best < 0.001, f"{best * 1e6:.0f} µs per 300-character sentence"


# ======================================================================================
# Bugs caught in the wild: news phrasing (sentences written for these tests)
# ======================================================================================

WILD = [
    ("Chủ tịch UBND tỉnh vừa ký quyết định tặng Bằng khen cho [[12]] tập thể và [[27]] cá "
     "nhân có thành tích xuất sắc trong phong trào thi đua năm [[2024]].",
     [(12, "cardinal"), (27, "cardinal"), (2024, "year")]),
    ("Theo Quyết định số [[2150/QĐ-UBND]] ngày [[15/9/2025]] của UBND tỉnh, [[3]] tập thể "
     "được tặng Cờ thi đua.",
     [(2150, "docno"), (None, "date"), (3, "cardinal")]),
    ("[[Mười lăm]] tập thể và [[ba]] cá nhân được Thủ tướng Chính phủ tặng Bằng khen.",
     [(15, "cardinal"), (3, "cardinal")]),
    ("Dịp này, hơn [[200]] đoàn viên được Tỉnh đoàn khen thưởng.",
     [(200, "cardinal", True)]),
    ("Huân chương Lao động hạng [[Ba]] được trao cho [[1]] tập thể, Huy hiệu [[55]] năm tuổi "
     "Đảng cho [[4]] đồng chí.",
     [(3, "class"), (1, "cardinal"), (55, "years_of_service"), (4, "cardinal")]),
    ("Năm nay, toàn huyện có [[năm]] đơn vị đạt danh hiệu Tập thể lao động xuất sắc.",
     [(5, "cardinal")]),
    ("Sau [[90]] ngày đêm thi đua cao điểm, [[1.350]] hộ đã hoàn thành xây dựng nhà ở.",
     [(90, "duration"), (1350, "cardinal")]),
    ("Đại hội Đảng bộ tỉnh lần thứ [[XVII]], nhiệm kỳ [[2025]] – [[2030]] thành công tốt đẹp.",
     [(17, "ordinal"), (2025, "year"), (2030, "year")]),
    ("Tổng kinh phí khen thưởng gần [[1,5 tỷ]] đồng, mỗi tập thể được thưởng [[3 triệu]] đồng.",
     [(1_500_000_000, "money", True), (3_000_000, "money")]),
    ("Tỷ lệ hộ đạt danh hiệu Gia đình văn hóa là [[96,5]]%, tăng [[2,1]]% so với năm [[2023]].",
     [(96.5, "percent"), (2.1, "percent"), (2023, "year")]),
    ("[[Hàng trăm]] đoàn viên thanh niên tham gia ra quân.", [(None, "vague")]),
    ("Có [[1]] tập thể [[2]] cá nhân được tặng Giấy khen.", [(1, "cardinal"), (2, "cardinal")]),
    ("Trong [[5]] năm qua, [[hai mươi tư]] tập thể được tặng Cờ thi đua.",
     [(5, "duration"), (24, "cardinal")]),
    ("Quận Hai Bà Trưng có [[7]] tập thể được khen.", [(7, "cardinal")]),
    ("Hai Bà Trưng có [[7]] tập thể được khen.", [(7, "cardinal")]),
    ("Hội trao [[50]] suất quà, mỗi suất trị giá [[500.000]] đồng.",
     [(50, "cardinal"), (500_000, "money")]),
    ("Trao Huy hiệu [[30]], [[40]], [[45]] năm tuổi Đảng cho [[18]] đảng viên.",
     [(30, "years_of_service"), (40, "years_of_service"), (45, "years_of_service"),
      (18, "cardinal")]),
    ("Toàn xã có [[17.800]]/18.600 hộ đạt danh hiệu Gia đình văn hóa.", [(17800, "cardinal")]),
    ("Năm [[2024]] tỷ lệ hộ nghèo giảm còn [[2,3]]%.", [(2024, "year"), (2.3, "percent")]),
    ("Gia đình ông Tư và bà Sáu được tặng quà.", []),
    ("Hằng năm, xã trao [[hai]] suất học bổng.", [(2, "cardinal")]),
    ("Cách đây [[hai mươi]] năm, xã chỉ có [[ba]] chi bộ.", [(20, "duration"), (3, "cardinal")]),
    ("Kỷ niệm [[79]] năm Cách mạng Tháng [[Tám]] và Quốc khánh [[2/9]].",
     [(79, "duration"), (8, "date"), (None, "date")]),
    ("Tặng [[01]] Huân chương Lao động hạng [[Nhì]] cho Sở Y tế.",
     [(1, "cardinal"), (2, "class")]),
    ("Sáng [[18-8]], hội nghị khen thưởng [[36]] tập thể và [[56]] cá nhân.",
     [(None, "date"), (36, "cardinal"), (56, "cardinal")]),
    ("Khen thưởng cho [[2 - 3]] cá nhân mỗi đơn vị.", [(None, "vague")]),
    ("Đến nay, [[5]]/7 xã đạt chuẩn nông thôn mới.", [(5, "cardinal")]),
    ("Trước đó, ngày [[5/1]], [[một số]] cá nhân đã được biểu dương.",
     [(None, "date"), (None, "vague")]),
    ("Hội nghị lần thứ [[năm]] Ban Chấp hành Đảng bộ tỉnh khóa [[XV]] bế mạc.",
     [(5, "ordinal"), (15, "ordinal")]),
    ("Xã có hơn [[1.000]] hộ nghèo.", [(1000, "cardinal", True)]),
]


@pytest.mark.parametrize(("marked", "wants"), [pytest.param(m, w, id=f"wild-{i}")
                                               for i, (m, w) in enumerate(WILD)])
def test_bugs_caught_in_the_wild(marked: str, wants: list[Want]) -> None:
    check(marked, wants)


# ======================================================================================
# Known failures: must keep failing (strict) until the recogniser learns them
# ======================================================================================

KNOWN_FAILURES = [
    pytest.param(
        "Không có [[không]] tập thể nào", [(0, "cardinal")], id="standalone-khong",
        marks=pytest.mark.xfail(strict=True, reason=(
            "a standalone 'không' is read as the negation 'not/no', never as 0"))),
    pytest.param(
        "[[12 500]] người tham gia", [(12500, "cardinal")], id="space-grouped-thousands",
        marks=pytest.mark.xfail(strict=True, reason=(
            "digit groups split by a plain space may be two numbers: reported as vague"))),
    pytest.param(
        "[[một trăm hai]] người", [(120, "cardinal")], id="elided-final-digit",
        marks=pytest.mark.xfail(strict=True, reason=(
            "spoken elision (trăm hai = 120, nghìn hai = 1200) is not certain: vague"))),
    pytest.param(
        "nghỉ [[năm]] ngày", [(5, "duration")], id="bare-nam-before-unit",
        marks=pytest.mark.xfail(strict=True, reason=(
            "a bare 'năm' is 5 only before a counted noun ('năm tháng' is 'time')"))),
    pytest.param(
        "trong [[năm]] xã có [[3]] xã đạt chuẩn", [(5, "cardinal"), (3, "cardinal")],
        id="bare-nam-after-trong",
        marks=pytest.mark.xfail(strict=True, reason=(
            "after 'trong' a bare 'năm' is taken as the noun 'year' ('trong năm')"))),
    pytest.param(
        "hơn [[trăm]] người", [(100, "cardinal", True)], id="bare-hundred",
        marks=pytest.mark.xfail(strict=True, reason=(
            "a scale word without a digit ('trăm người') is not read"))),
]


@pytest.mark.parametrize(("marked", "wants"), KNOWN_FAILURES)
def test_known_failures(marked: str, wants: list[Want]) -> None:
    check(marked, wants)


# ======================================================================================
# Properties
# ======================================================================================

# Regional and positional variants applied to num2words' output (which uses "nghìn",
# "lẻ", "mốt", "bốn", "lăm" and "bảy").
VARIANTS = (
    ("lẻ", "linh"),
    ("nghìn", "ngàn"),
    ("mươi bốn", "mươi tư"),
    ("mười bốn", "mười tư"),
    ("mươi lăm", "mươi nhăm"),
    ("mươi mốt", "mươi một"),
    ("bảy", "bẩy"),
)


def test_num2words_oracle_shape() -> None:
    """What num2words(..., lang="vi") renders: the properties below rely on it."""
    assert num2words(21, lang="vi") == "hai mươi mốt"
    assert num2words(24, lang="vi") == "hai mươi bốn"
    assert num2words(25, lang="vi") == "hai mươi lăm"
    assert num2words(105, lang="vi") == "một trăm lẻ năm"
    assert num2words(1005, lang="vi") == "một nghìn lẻ năm"
    assert num2words(1010, lang="vi") == "một nghìn lẻ mười"
    assert num2words(10000, lang="vi") == "mười nghìn"
    assert num2words(1000000, lang="vi") == "một triệu"


@st.composite
def vietnamese_number(draw: st.DrawFn, low: int = 0) -> tuple[int, str]:
    n = draw(st.integers(min_value=low, max_value=999_999))
    words = num2words(n, lang="vi")
    for old, new in draw(st.sets(st.sampled_from(VARIANTS))):
        words = re.sub(rf"\b{old}\b", new, words)
    return n, words


@given(vietnamese_number(low=1))
@settings(max_examples=400, deadline=None)
def test_words_read_back_alone(case: tuple[int, str]) -> None:
    n, words = case
    got = find_numbers(words)
    if words in ("một", "năm"):
        assert got == []  # alone they are the article "a" and the noun "year"
        return
    assert got == [NumberMention(0, len(words), words, n, False, "cardinal")]


@given(vietnamese_number(low=1))
@settings(max_examples=400, deadline=None)
def test_words_read_back_between_recipient_nouns(case: tuple[int, str]) -> None:
    n, words = case
    text = f"Có {words} tập thể và 3 cá nhân được tặng bằng khen"
    start = len("Có ")
    three = text.index(" 3 ") + 1
    assert find_numbers(text) == [
        NumberMention(start, start + len(words), words, n, False, "cardinal"),
        NumberMention(three, three + 1, "3", 3, False, "cardinal"),
    ]


@given(vietnamese_number(low=1))
@settings(max_examples=200, deadline=None)
def test_capitalised_words_at_sentence_start(case: tuple[int, str]) -> None:
    n, words = case
    words = words[0].upper() + words[1:]
    text = f"Hội nghị diễn ra sáng nay. {words} cá nhân được khen thưởng."
    start = text.index(words)
    assert find_numbers(text) == [
        NumberMention(start, start + len(words), words, n, False, "cardinal")
    ]


@given(vietnamese_number(low=1), vietnamese_number(low=1))
@settings(max_examples=200, deadline=None)
def test_two_word_numbers_are_never_joined(a: tuple[int, str], b: tuple[int, str]) -> None:
    text = f"{a[1]} tập thể và {b[1]} cá nhân"
    got = find_numbers(text)
    assert [(m.value, m.kind) for m in got] == [(a[0], "cardinal"), (b[0], "cardinal")]
    assert got[0].start == 0 and got[1].surface == b[1]


@given(st.integers(min_value=0, max_value=10**12))
@settings(max_examples=300, deadline=None)
def test_dot_grouped_digits_read_back(n: int) -> None:
    digits = f"{n:,}".replace(",", ".")
    text = f"Có {digits} hội viên"
    assert find_numbers(text) == [NumberMention(3, 3 + len(digits), digits, n, False, "cardinal")]


@given(st.integers(min_value=1, max_value=999),
       st.sampled_from([("trăm", 100), ("nghìn", 1000), ("ngàn", 1000), ("triệu", 10**6),
                        ("tỷ", 10**9)]))
@settings(max_examples=200, deadline=None)
def test_digits_times_scale_word(n: int, scale: tuple[str, int]) -> None:
    surface = f"{n} {scale[0]}"
    (m,) = find_numbers(f"có {surface} người")
    assert (m.surface, m.value, m.kind) == (surface, n * scale[1], "cardinal")


_VOCAB = [
    "năm", "Năm", "một", "hai", "ba", "Ba", "tư", "mốt", "lăm", "nhăm", "linh", "lẻ", "mười",
    "mươi", "chục", "trăm", "nghìn", "ngàn", "triệu", "tỷ", "rưỡi", "phẩy", "không", "hạng",
    "thứ", "lần", "giải", "Nhất", "Nhì", "III", "XV", "khóa", "ngày", "tháng", "số", "hơn",
    "gần", "hàng", "vài", "mấy", "tập thể", "cá nhân", "đồng", "đồng chí", "năm tuổi Đảng",
    "Huy hiệu", "%", "-", "–", "/", ",", ".", "và", "đến", "1", "07", "1.200", "1,5",
    "19/8/2025", "2020-2025", "163/QĐ-UBND", "14h30", "500.000đ", "F0", "COVID-19", "\n",
    "2", "3", "12", "2024", "100", "1.000.000", "tỷ lệ",
]


@given(st.lists(st.sampled_from(_VOCAB), max_size=25), st.sampled_from([" ", "", "\u00a0"]))
@settings(max_examples=500, deadline=None)
def test_fuzz_number_vocabulary(words: list[str], sep: str) -> None:
    text = sep.join(words)
    well_formed(text, find_numbers(text))


@given(st.text(max_size=200))
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_arbitrary_text_never_raises(text: str) -> None:
    well_formed(text, find_numbers(text))


@pytest.mark.parametrize("marked", [c.values[0] for c in CORE] + [m for m, _ in WILD])
def test_tables_are_well_formed(marked: object) -> None:
    text = _MARK.sub(r"\1", str(marked))
    well_formed(text, find_numbers(text))
    nfd = unicodedata.normalize("NFD", text)  # not NFC: read less well, but never raises
    well_formed(nfd, find_numbers(nfd))


# ======================================================================================
# The language data file
# ======================================================================================


def _source() -> str:
    return (files("extractor") / "resources/vi/numbers.yaml").read_text(encoding="utf-8")


def test_lexicon_is_loaded_once() -> None:
    assert load_lexicon() is load_lexicon()


def test_data_file_documents_its_source_and_every_key() -> None:
    source = _source()
    header = source[: source.index("\ndigits:")]
    assert header.startswith("# ")
    assert "Source:" in header
    lines = [line for line in source.splitlines() if re.match(r"[a-z_]+:", line)]
    for line in lines:
        key = line.split(":")[0]
        assert f"#   {key}:" in header, f"key {key!r} is not described in the header"


def test_no_word_lists_in_the_code() -> None:
    """Vietnamese words live in numbers.yaml; the code's strings (docstrings aside) hold none."""
    code = (files("extractor") / "numbers.py").read_text(encoding="utf-8")
    tree = ast.parse(code)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            for word in re.findall(r"[^\W\d_]+", node.value):
                assert not any(not c.isascii() and c.islower() for c in word), (
                    f"Vietnamese word {word!r} in a string of numbers.py (line {node.lineno})"
                )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("\ndigits:\n", "\nlevle:\n  - x\ndigits:\n", "unknown key"),
        ("\ncounted_nouns:\n", "\ncounted_nouns:\n  - cá nhân\n", "duplicate entry"),
        ("\ndigits:\n  không: 0\n", "\ndigits:\n  không: 0\n  không: 0\n", "duplicate key"),
        ("\ncounted_nouns:\n",
         "\ncounted_nouns:\n  - " + unicodedata.normalize("NFD", "người thân") + "\n", "NFC"),
        ("\ncounted_nouns:\n", "\ncounted_nouns:\n  - Người thân\n", "lower case"),
        ("\ncounted_nouns:\n", "\ncounted_nouns:\n  - tháng\n", "unit"),
        ("\n  class:\n    - hạng\n", "\n  class:\n    - hạng\n    - thứ\n", "both"),
        ("\n  date:\n    - ngày\n", "\n  time:\n    - giờ\n  date:\n    - ngày\n", "unknown kind"),
        ("\ndigits:\n  không: 0\n", "\ndigits:\n  không: zero\n", "integer"),
        ("\nroman_prefixes:\n", "\nroman_prefixes:\n  - chương trình\n", "prefix_kinds"),
    ],
)
def test_invalid_data_is_rejected(old: str, new: str, message: str) -> None:
    source = _source()
    assert old in source
    with pytest.raises(ResourceError) as info:
        compile_lexicon(source.replace(old, new, 1))
    text = str(info.value)
    assert text.startswith("numbers.yaml: ")
    assert message in text


def test_data_without_header_is_rejected() -> None:
    body = _source()
    body = body[body.index("\ndigits:") + 1 :]
    with pytest.raises(ResourceError, match="comment header"):
        compile_lexicon(body)


def test_missing_key_is_rejected() -> None:
    source = _source().replace("\nvague_tails:\n  - mấy\n", "\n")
    with pytest.raises(ResourceError, match="missing keys: vague_tails"):
        compile_lexicon(source)


def test_invalid_yaml_is_rejected() -> None:
    with pytest.raises(ResourceError, match="invalid YAML"):
        compile_lexicon("# header\ndigits: [\n")
