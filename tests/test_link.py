"""Linking rules, each on phrasing written for these tests.

Every row is checked as (form, level, recipient, count) plus the rule that made it, and
every evidence span is checked against the text it claims to cut.
"""

from __future__ import annotations

import pytest

import extractor


def rows(text: str, **kw) -> list[tuple]:
    result = extractor.extract(text, article_id="t", **kw)
    for f in result.facts:
        assert result.article.text[f.start:f.end] == f.evidence
        assert result.article.text[f.sentence_start:f.sentence_end].find(f.evidence) >= 0
    return [(f.form, f.level, f.recipient, f.count) for f in result.facts]


def rules(text: str) -> list[str]:
    return [f.rule for f in extractor.extract(text, article_id="t").facts]


CORE = [
    pytest.param(
        "Năm nay huyện có 3 tập thể, 4 cá nhân được Chủ tịch UBND tỉnh tặng bằng khen; "
        "6 tập thể, 9 cá nhân được Chủ tịch UBND huyện tặng giấy khen.",
        [("bang_khen", "province", "collective", 3), ("bang_khen", "province", "individual", 4),
         ("giay_khen", "district", "collective", 6), ("giay_khen", "district", "individual", 9)],
        id="passive-two-clauses",
    ),
    pytest.param(
        "Dịp này, Chủ tịch UBND huyện tặng giấy khen cho 8 tập thể và 15 cá nhân.",
        [("giay_khen", "district", "collective", 8), ("giay_khen", "district", "individual", 15)],
        id="active-award-before",
    ),
    pytest.param(
        "Bằng khen của Thủ tướng Chính phủ được trao cho 2 cá nhân.",
        [("bang_khen", "central", "individual", 2)],
        id="award-conferrer-after-cua",
    ),
    pytest.param(
        "Có 11 tập thể nhận Cờ thi đua của UBND tỉnh.",
        [("co_thi_dua", "province", "collective", 11)],
        id="count-nhan-award",
    ),
    pytest.param(
        "Sở Y tế tặng Cờ thi đua cho 4 đơn vị và giấy khen cho 20 đơn vị.",
        [("co_thi_dua", "province", "collective", 4), ("giay_khen", "province", "collective", 20)],
        id="two-awards-one-sentence",
    ),
    pytest.param(
        "Trong năm, UBND xã Tân Hòa đã biểu dương, khen thưởng 7 tập thể và 19 cá nhân.",
        [("unspecified", "commune", "collective", 7),
         ("unspecified", "commune", "individual", 19)],
        id="reward-verb-unspecified",
    ),
    pytest.param(
        "Kết quả, 30 tập thể và cá nhân được Chủ tịch UBND tỉnh tặng bằng khen.",
        [("bang_khen", "province", "unknown", 30)],
        id="combined-count",
    ),
    pytest.param(
        "Huy hiệu 60 năm tuổi Đảng: 3 đồng chí; Huy hiệu 40 năm tuổi Đảng: 12 đồng chí.",
        [("huy_hieu", "province", "individual", 3), ("huy_hieu", "province", "individual", 12)],
        id="colon-list",
    ),
    pytest.param(
        "Trường vinh dự được Chủ tịch nước tặng Huân chương Lao động hạng Nhì.",
        [],
        id="no-count-no-name",
    ),
    pytest.param(
        "Dịp này, Chủ tịch nước trao Huân chương Lao động hạng Ba cho Trường THCS Hòa Bình.",
        [("huan_chuong", "central", "collective", 1)],
        id="named-collective",
    ),
    pytest.param(
        "Thủ tướng Chính phủ tặng bằng khen cho ông Lê Văn Tâm và bà Trần Thị Lựu.",
        [("bang_khen", "central", "individual", 2)],
        id="named-individuals",
    ),
    pytest.param(
        "UBND tỉnh đã trao 6 bằng khen cho các đơn vị thuộc lực lượng vũ trang huyện.",
        [("bang_khen", "province", "collective", 6)],
        id="counted-award-objects",
    ),
]

MORE = [
    pytest.param(
        "Năm qua, toàn huyện có 52 tập thể lao động tiên tiến và 140 chiến sĩ thi đua cơ sở.",
        [("danh_hieu_thi_dua", "district", "collective", 52),
         ("chien_si_thi_dua", "district", "individual", 140)],
        id="count-opens-award-title",
    ),
    pytest.param(
        "Thủ tướng Chính phủ tặng bằng khen cho 60 tập thể, cá nhân. Trong số đó, "
        "tỉnh Bình Phước có 4 tập thể và 9 cá nhân.",
        [("bang_khen", "central", "unknown", 60), ("bang_khen", "central", "collective", 4),
         ("bang_khen", "central", "individual", 9)],
        id="breakdown-of-previous-sentence",
    ),
    pytest.param(
        "Bằng khen của Chủ tịch UBND tỉnh và Bộ trưởng Bộ Công an được trao cho 20 tập thể.",
        [("bang_khen", "unknown", "collective", 20)],
        id="two-conferrers-of-two-tiers",
    ),
    pytest.param(
        "Trong 5 năm, 40 lượt tập thể và 95 lượt cá nhân nhận các hình thức khen thưởng.",
        [("unspecified", "unknown", "collective", 40),
         ("unspecified", "unknown", "individual", 95)],
        id="mixed-tiers",
    ),
    pytest.param(
        "UBND tỉnh đã trao 30 Cờ thi đua và Bằng khen cho các đơn vị.",
        [("unspecified", "province", "collective", 30)],
        id="counted-objects-of-two-forms",
    ),
    pytest.param(
        "Dịp này, 40 đảng viên, 6 chi bộ trực thuộc và 1 đảng bộ được Ban Thường vụ Tỉnh ủy "
        "tặng bằng khen.",
        [("bang_khen", "province", "individual", 40), ("bang_khen", "province", "collective", 6),
         ("bang_khen", "province", "collective", 1)],
        id="list-with-qualifier",
    ),
    pytest.param(
        "Năm 2024 có 1.204 hộ đạt danh hiệu gia đình văn hóa và 31 thôn đạt danh hiệu "
        "thôn văn hóa.",
        [("danh_hieu_thi_dua", "commune", "household", 1204),
         ("danh_hieu_thi_dua", "district", "collective", 31)],
        id="cultural-titles-by-law",
    ),
]

MORE += [
    pytest.param(
        "Dịp này, Hội Nông dân Việt Nam tặng bằng khen cho ông Lê Văn An (xã Tân Lập) và "
        "bà Trần Thị Bé (xã Mỹ Hòa).",
        [("bang_khen", "central", "individual", 2)],
        id="names-with-places-in-parentheses",
    ),
    pytest.param(
        "Cụ thể, tỉnh Bình Định được Chủ tịch nước tặng Huân chương Lao động hạng Nhất, "
        "còn 9 cá nhân nhận hạng Nhì.",
        [("huan_chuong", "central", "individual", 9),
         ("huan_chuong", "central", "collective", 1)],
        id="named-subject-and-a-count",
    ),
    pytest.param(
        "Các hình thức khen thưởng của Trung ương Đoàn được Ban Thường vụ Tỉnh đoàn trao cho "
        "3 chi đoàn và 8 đoàn viên.",
        [("unspecified", "central", "collective", 3), ("unspecified", "central", "individual", 8)],
        id="reward-of-named-conferrer-handed-over",
    ),
]

MORE += [
    pytest.param(
        "Chủ tịch UBND tỉnh quyết định tặng Cờ thi đua cho 3 tập thể; bằng khen cho 10 tập "
        "thể, 12 cá nhân.",
        [("co_thi_dua", "province", "collective", 3), ("bang_khen", "province", "collective", 10),
         ("bang_khen", "province", "individual", 12)],
        id="conferrer-named-once-for-a-list",
    ),
    pytest.param(
        "UBND tỉnh tặng bằng khen cho 5 tập thể.",
        [("bang_khen", "province", "collective", 5)],
        id="level-from-the-body-without-its-head",
    ),
    pytest.param(
        "Bộ Chỉ huy BĐBP tỉnh tặng giấy khen cho 4 đồn biên phòng.",
        [("giay_khen", "province", "collective", 4)],
        id="provincial-border-guard-command",
    ),
    pytest.param(
        "Có 15 cá nhân đạt danh hiệu CSTĐ cơ sở.",
        [("chien_si_thi_dua", "unknown", "individual", 15)],
        id="abbreviated-title-no-setting",
    ),
]

NO_ROWS = [
    pytest.param("Hội đồng thống nhất đề nghị Thủ tướng tặng bằng khen cho 5 cá nhân.",
                 id="proposal"),
    pytest.param("Năm tới, huyện sẽ khen thưởng 20 tập thể có thành tích.", id="plan"),
    pytest.param("Phấn đấu 90% tập thể đạt danh hiệu tập thể lao động tiên tiến.", id="target"),
    pytest.param("Hơn 200 đoàn viên tham gia ra quân dọn vệ sinh.", id="participants"),
    pytest.param("Đội tuyển của huyện giành 4 huy chương vàng, 2 huy chương bạc.",
                 id="sports-medals"),
    pytest.param("Hội đồng thống nhất đề nghị cấp trên xem xét: Cờ thi đua cho 2 tập thể; "
                 "bằng khen của Chủ tịch UBND tỉnh cho 9 cá nhân. Bằng khen của Thủ tướng "
                 "Chính phủ đối với 3 cá nhân.", id="proposal-list-over-two-sentences"),
    pytest.param("Hội nghị gửi đề nghị lên UBND tỉnh, cụ thể:\n– Bằng khen: 02 hợp tác xã.",
                 id="proposal-list-on-new-lines"),
    pytest.param("Hội nghị có 120 đại biểu tham dự, trong đó có 35 cá nhân tiêu biểu.",
                 id="delegates"),
    pytest.param("Kỳ thi năm nay, 15 học sinh của trường đạt giải cấp tỉnh.", id="exam-results"),
    pytest.param("Công an huyện đã bắt giữ 7 đối tượng, thu 3 xe máy.", id="arrests"),
    pytest.param("Dự kiến cuối năm, huyện sẽ tặng giấy khen cho 30 tập thể.", id="future"),
    pytest.param("Tiêu chuẩn xét tặng: cá nhân có 2 năm liên tục đạt danh hiệu Lao động tiên "
                 "tiến.", id="criteria"),
]


@pytest.mark.parametrize(("text", "expected"), CORE)
def test_core(text: str, expected: list[tuple]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), MORE)
def test_more_shapes(text: str, expected: list[tuple]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize("text", NO_ROWS)
def test_no_rows(text: str) -> None:
    assert rows(text) == []


def test_a_council_decision_is_a_fact() -> None:
    text = "Hội đồng thống nhất tặng giấy khen cho 5 tập thể."
    assert rows(text) == [("giay_khen", "unknown", "collective", 5)]


def test_rules_are_named() -> None:
    assert rules("Chủ tịch UBND huyện tặng giấy khen cho 8 tập thể.") == ["award_before_linked"]
    assert rules("8 tập thể được Chủ tịch UBND huyện tặng giấy khen.") == ["award_after"]
    assert rules("UBND xã khen thưởng 7 tập thể.") == ["reward_verb"]


def test_restated_fact_is_one_row_with_a_mention() -> None:
    text = ("Chủ tịch UBND tỉnh tặng bằng khen cho 5 tập thể.\n"
            "Ảnh: 5 tập thể nhận bằng khen của Chủ tịch UBND tỉnh.")
    result = extractor.extract(text, article_id="t")
    assert len(result.facts) == 1
    (mention,) = result.facts[0].mentions
    assert text[mention.start:mention.end] == mention.evidence


def test_approx_count() -> None:
    (fact,) = extractor.extract("Hơn 120 cá nhân được UBND huyện tặng giấy khen.").facts
    assert (fact.count, fact.approx) == (120, True)


def test_campaign_in_same_sentence() -> None:
    text = ("Qua phong trào thi đua “Xanh – Sạch – Đẹp”, 4 tập thể được Chủ tịch UBND "
            "huyện tặng giấy khen.")
    (fact,) = extractor.extract(text).facts
    assert fact.campaign == "Xanh – Sạch – Đẹp"


def test_city_level_follows_the_article() -> None:
    text = "Chủ tịch UBND thành phố tặng bằng khen cho 9 tập thể."
    assert rows("Đà Nẵng: " + text) == [("bang_khen", "province", "collective", 9)]
    assert rows("Thành phố Bảo Lộc: " + text) == [("bang_khen", "district", "collective", 9)]


def test_word_numbers() -> None:
    assert rows("Chủ tịch UBND huyện tặng giấy khen cho mười hai cá nhân và năm tập thể.") == [
        ("giay_khen", "district", "individual", 12), ("giay_khen", "district", "collective", 5)]


def test_campaign_is_the_one_the_count_was_earned_in() -> None:
    text = ("Chủ tịch UBND huyện tặng giấy khen cho 5 tập thể có thành tích trong đợt thi đua "
            "“Mùa khô không cháy rừng” và 2 cá nhân có thành tích trong phong trào thi đua "
            "“Nông thôn mới kiểu mẫu”.")
    facts = extractor.extract(text).facts
    assert [(f.count, f.campaign) for f in facts] == [
        (5, "Mùa khô không cháy rừng"), (2, "Nông thôn mới kiểu mẫu")]


def test_campaign_anaphor_points_back() -> None:
    text = ("Huyện phát động phong trào thi đua “Vì người nghèo” năm 2024.\n"
            "Qua phong trào này, 6 tập thể được Chủ tịch UBND huyện tặng giấy khen.\n"
            "Huyện cũng hưởng ứng cuộc vận động “Ngày thứ Bảy xanh”.")
    (fact,) = extractor.extract(text).facts
    assert fact.campaign == "Vì người nghèo"


@pytest.mark.parametrize(
    ("text", "count", "approx"),
    [
        ("Có 07 tập thể được Chủ tịch UBND tỉnh tặng bằng khen.", 7, False),
        ("Có 1.200 cá nhân được Chủ tịch UBND tỉnh tặng bằng khen.", 1200, False),
        ("Có hai mươi mốt hộ được Chủ tịch UBND xã tặng giấy khen.", 21, False),
        ("Mười lăm cá nhân được Chủ tịch UBND xã tặng giấy khen.", 15, False),
        ("Có gần 50 cá nhân được Chủ tịch UBND xã tặng giấy khen.", 50, True),
        ("Có khoảng 1,2 nghìn hộ được Chủ tịch UBND xã tặng giấy khen.", 1200, True),
    ],
)
def test_counts_use_the_number_recogniser(text: str, count: int, approx: bool) -> None:
    (fact,) = extractor.extract(text).facts
    assert (fact.count, fact.approx) == (count, approx)


@pytest.mark.parametrize(
    "text",
    [
        "Có hàng trăm cá nhân được Chủ tịch UBND xã tặng giấy khen.",
        "Ông được tặng Huy hiệu 50 năm tuổi Đảng theo Quyết định số 12/QĐ-TU.",
        "Mỗi cá nhân được tặng giấy khen kèm 2 triệu đồng.",
    ],
)
def test_numbers_that_are_not_counts_give_no_row(text: str) -> None:
    assert extractor.extract(text).facts == ()


def test_unspecified_restatement_is_a_mention() -> None:
    text = ("Chủ tịch UBND tỉnh trao bằng khen cho 12 tập thể.\n"
            "12 tập thể được khen thưởng đều có thành tích xuất sắc.")
    result = extractor.extract(text)
    assert [(f.form, f.count, f.fact_id) for f in result.facts] == [("bang_khen", 12, "doc:f1")]
    assert [m.evidence for m in result.facts[0].mentions] == ["12 tập thể được khen thưởng"]


def test_province_of_the_conferrer_and_its_2025_name() -> None:
    text = "Dịp này, Chủ tịch UBND tỉnh Quảng Nam tặng bằng khen cho 3 tập thể."
    (fact,) = extractor.extract(text).facts
    assert (fact.province, fact.province_2025) == ("Quảng Nam", "Đà Nẵng")


def test_province_from_the_title() -> None:
    text = "Chủ tịch UBND huyện tặng giấy khen cho 8 cá nhân."
    (fact,) = extractor.extract(text, title="Hà Giang: huyện Bắc Mê tổng kết thi đua").facts
    assert (fact.province, fact.province_2025) == ("Hà Giang", "Tuyên Quang")


def test_no_province_when_the_article_names_none() -> None:
    (fact,) = extractor.extract("Chủ tịch UBND huyện tặng giấy khen cho 8 cá nhân.").facts
    assert fact.province is None and fact.province_2025 is None


RULE_CASES = [
    ("award_before_linked", "Chủ tịch UBND huyện tặng giấy khen cho 8 tập thể."),
    ("award_after", "8 tập thể được Chủ tịch UBND huyện tặng giấy khen."),
    ("award_before_shared", "Chủ tịch UBND huyện tặng giấy khen 5 tập thể có thành tích trong "
                            "đợt thi đua và 2 cá nhân có thành tích trong phong trào."),
    ("breakdown", "UBND tỉnh công nhận danh hiệu Tập thể lao động xuất sắc cho 20 tập thể, "
                  "trong đó có 12 trường tiểu học."),
    ("breakdown_of_previous", "Thủ tướng Chính phủ tặng bằng khen cho 60 tập thể. Trong số "
                              "đó, tỉnh Bình Phước có 4 tập thể."),
    ("count_award_title", "Năm qua, toàn huyện có 52 tập thể lao động tiên tiến."),
    ("reward_verb", "UBND xã khen thưởng 7 tập thể."),
    ("award_count", "UBND tỉnh đã trao 6 bằng khen cho các đơn vị."),
    ("named_recipients", "Thủ tướng Chính phủ tặng bằng khen cho ông Lê Văn Tâm."),
]


@pytest.mark.parametrize(("rule", "text"), RULE_CASES, ids=[r for r, _ in RULE_CASES])
def test_every_rule_has_a_case(rule: str, text: str) -> None:
    assert rule in rules(text)


def test_rule_cases_cover_every_rule_in_the_linker() -> None:
    from extractor.link import RULES

    assert set(RULES) == {r for r, _ in RULE_CASES}


# Bugs caught by a new-user trial (phrasing of our own, same shapes)
TRIAL = [
    pytest.param(
        "Khoảng 30 tập thể, gần 50 cá nhân được Bộ trưởng Bộ Công an tặng bằng khen.",
        [("bang_khen", "central", "collective", 30), ("bang_khen", "central", "individual", 50)],
        id="qualifier-on-the-second-count",
    ),
    pytest.param(
        "Thủ tướng Chính phủ tặng bằng khen cho bà Lê Thị Mai, Chủ tịch UBND xã Hòa An, và "
        "3 tập thể khác.",
        [("bang_khen", "central", "collective", 3), ("bang_khen", "central", "individual", 1)],
        id="a-name-then-a-count",
    ),
    pytest.param(
        "Dịp này, 15 tập thể, 30 cá nhân được UBND tỉnh tặng Cờ thi đua và bằng khen.",
        [("unspecified", "province", "collective", 15),
         ("bang_khen", "province", "individual", 30)],
        id="two-coordinated-awards",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TRIAL)
def test_trial_cases(text: str, expected: list[tuple]) -> None:
    assert rows(text) == expected


def test_a_recipients_post_is_not_the_conferrer() -> None:
    text = ("Chủ tịch nước tặng Huân chương Lao động hạng Nhì cho ông Trần Văn Hùng, nguyên Bí "
            "thư Huyện ủy; tặng Huân chương Lao động hạng Ba cho 2 tập thể.")
    assert [f.conferrer for f in extractor.extract(text).facts] == ["Chủ tịch nước"] * 2


def test_names_as_written() -> None:
    (f,) = extractor.extract("Giám đốc Sở Nội vụ tặng giấy khen cho 4 tập thể.").facts
    assert (f.conferrer, f.award) == ("Giám đốc Sở Nội vụ", "Giấy khen của Giám đốc Sở Nội vụ")
    text = "Bộ Y tế tặng Kỷ niệm chương Vì sức khỏe nhân dân cho 9 cá nhân."
    (f,) = extractor.extract(text).facts
    assert f.award == "Kỷ niệm chương Vì sức khỏe nhân dân"
    (f,) = extractor.extract("Các cấp đã khen thưởng 9 tập thể.").facts
    assert (f.level, f.conferrer) == ("unknown", None)


def test_long_article_offsets_hold() -> None:
    para = "Chủ tịch UBND huyện tặng giấy khen cho 3 tập thể.\n" + "Trời nắng. " * 200 + "\n"
    result = extractor.extract(para * 50)
    assert len(result.facts) == 1 and len(result.facts[0].mentions) == 49
    for m in result.facts[0].mentions:
        assert result.article.text[m.start:m.end] == m.evidence
