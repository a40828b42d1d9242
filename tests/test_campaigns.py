import pytest

from extractor.campaigns import campaign_recognizer


def _names(text: str):
    return [(c.kind, c.name, c.year) for c in campaign_recognizer().find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hưởng ứng phong trào thi đua “Cả nước chung tay vì người nghèo” năm 2023.",
         [("phong_trao_thi_dua", "Cả nước chung tay vì người nghèo", 2023)]),
        ("phát động đợt thi đua “Trăm ngày đêm về đích” trong toàn ngành.",
         [("dot_thi_dua", "Trăm ngày đêm về đích", None)]),
        ("Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” tiếp tục lan tỏa.",
         [("cuoc_van_dong", "Người Việt Nam ưu tiên dùng hàng Việt Nam", None)]),
        ("phát động thi đua chuyên đề “Sạch nhà, đẹp ngõ năm 2025”.",
         [("thi_dua_chuyen_de", "Sạch nhà, đẹp ngõ năm 2025", 2025)]),
        ("kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2024, xã đã",
         [("phong_trao", "toàn dân bảo vệ an ninh Tổ quốc", 2024)]),
        ("phong trào thi đua năm 2024 với chủ đề “Đoàn kết, sáng tạo”.",
         [("phong_trao_thi_dua", "Đoàn kết, sáng tạo", 2024)]),
    ],
)
def test_named_campaigns(text: str, expected: list) -> None:
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tổng kết phong trào thi đua yêu nước giai đoạn 2020-2025.",
        "các phong trào thi đua được triển khai sâu rộng.",
        "phong trào thi đua do UBND huyện phát động đã lan tỏa.",
        "những phong trào này được duy trì.",
    ],
)
def test_generic_mentions_are_not_campaigns(text: str) -> None:
    assert _names(text) == []


def test_evidence_covers_cue_and_quoted_name() -> None:
    text = "Qua cuộc vận động “Ngày thứ Bảy xanh”, xã đã"
    (c,) = campaign_recognizer().find(text)
    assert text[c.start:c.end] == "cuộc vận động “Ngày thứ Bảy xanh”"


def test_anaphor_is_an_empty_name() -> None:
    text = "Qua phong trào này, xã đã"
    (c,) = campaign_recognizer().find(text)
    assert (c.name, text[c.start:c.end]) == ("", "phong trào này")


def test_one_campaign_named_twice_takes_its_quoted_title() -> None:
    from extractor.campaigns import campaign_rows, canonical_names

    text = ("Huyện phát động phong trào chuyển đổi số trong trường học. Kết thúc phong trào "
            "thi đua “Chuyển đổi số trong quản lý trường học”, 5 tập thể được khen.")
    mentions = canonical_names(campaign_recognizer().find(text))
    (row,) = campaign_rows(mentions, "a", text)
    assert row.name == "Chuyển đổi số trong quản lý trường học"
    assert text[row.start:row.end] == row.evidence


def test_a_list_of_quoted_titles_gives_one_campaign_each() -> None:
    text = ("gắn với những phong trào: “Ngày thứ Bảy xanh”, “Khu phố không rác” và "
            "“Nhà sạch, vườn đẹp”, cùng phong trào Đêm hội “Trăng rằm”, “Đèn lồng đỏ”.")
    assert [n for _, n, _ in _names(text)] == [
        "Ngày thứ Bảy xanh", "Khu phố không rác", "Nhà sạch, vườn đẹp",
        "Đêm hội “Trăng rằm”", "Đèn lồng đỏ"]


def test_a_name_never_runs_onto_the_next_line() -> None:
    assert _names("sơ kết của phong trào thi đua\nTrần Văn Bình") == []


def test_abbreviation_defined_in_the_text_is_written_out() -> None:
    text = ("Đại hội Thi đua Quyết thắng (TĐQT) của huyện. Qua phong trào TĐQT, "
            "5 tập thể được khen.")
    assert _names(text) == [("phong_trao", "Thi đua Quyết thắng", None)]


def test_recurring_campaign_named_without_a_cue() -> None:
    text = "Tỉnh đoàn tổng kết Tháng Thanh niên năm 2025."
    assert [(k, n) for k, n, _ in _names(text)] == [("phong_trao", "Tháng Thanh niên")]


def test_scope_after_the_name_is_not_part_of_it() -> None:
    assert [n for _, n, _ in _names("trong phong trào thi đua Quyết thắng LLVT huyện.")] == [
        "Quyết thắng"]


def test_a_semicolon_list_gives_one_campaign_per_item() -> None:
    text = ("Hội phát động nhiều phong trào như phong trào nông dân giỏi năm 2025; trồng cây "
            "nhớ ơn Bác; phong trào sạch làng, đẹp ngõ, an toàn giao thông; vận động xây dựng "
            "quỹ hỗ trợ hội viên.")
    assert _names(text) == [
        ("phong_trao", "nông dân giỏi", 2025),
        ("phong_trao", "trồng cây nhớ ơn Bác", None),
        ("phong_trao", "sạch làng, đẹp ngõ, an toàn giao thông", None),
        ("cuoc_van_dong", "vận động xây dựng quỹ hỗ trợ hội viên", None),
    ]
