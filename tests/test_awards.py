"""The award-language recognisers on sentences written for these tests."""

import pytest

from extractor.awards import recognizers
from extractor.normalize import fold


def _find(kind: int, text: str, method: str = "find"):
    rec = recognizers()[kind]
    return [(m.label, text[m.start:m.end], dict(m.info))
            for m in getattr(rec, method)(text, fold(text))]


@pytest.mark.parametrize(
    ("text", "form", "surface"),
    [
        ("được tặng Bằng khen của Chủ tịch", "bang_khen", "Bằng khen"),
        ("nhận giấy khen", "giay_khen", "giấy khen"),
        ("trao Huân chương Lao động hạng Ba cho", "huan_chuong", "Huân chương Lao động hạng Ba"),
        ("Huân chương Bảo vệ Tổ quốc hạng III", "huan_chuong",
         "Huân chương Bảo vệ Tổ quốc hạng III"),
        ("Huy chương Quân kỳ quyết thắng", "huy_chuong", "Huy chương Quân kỳ quyết thắng"),
        ("danh hiệu Nhà giáo ưu tú", "danh_hieu_vinh_du", "Nhà giáo ưu tú"),
        ("Chiến sỹ thi đua cấp tỉnh", "chien_si_thi_dua", "Chiến sỹ thi đua cấp tỉnh"),
        ("Cờ thi đua của UBND tỉnh", "co_thi_dua", "Cờ thi đua"),
        ("danh hiệu Tập thể lao động xuất sắc", "danh_hieu_thi_dua", "Tập thể lao động xuất sắc"),
        ("Kỷ niệm chương Vì sự nghiệp giáo dục", "ky_niem_chuong", "Kỷ niệm chương"),
        ("Huy hiệu 40 năm tuổi Đảng", "huy_hieu", "Huy hiệu 40 năm tuổi Đảng"),
        ("nhận thư khen của Chủ tịch", "khac", "thư khen"),
    ],
)
def test_award_forms(text: str, form: str, surface: str) -> None:
    found = _find(0, text)
    assert [(f[0], f[1]) for f in found] == [(form, surface)]


def test_sports_medals_are_not_awards() -> None:
    assert _find(0, "đội tuyển giành 3 huy chương vàng, 2 huy chương bạc") == []


def test_huan_chuong_level_is_central_by_law() -> None:
    ((_, _, info),) = _find(0, "Huân chương Lao động hạng Nhì")
    assert info["level"] == "central"


@pytest.mark.parametrize(
    ("text", "level", "canonical", "place"),
    [
        ("được Chủ tịch UBND tỉnh tặng", "province", "Chủ tịch UBND tỉnh", None),
        ("Chủ tịch Uỷ ban nhân dân huyện Tân Phước tặng", "district", "Chủ tịch UBND huyện",
         "Tân Phước"),
        ("UBND xã Mỹ Lợi khen thưởng", "commune", "UBND xã", "Mỹ Lợi"),
        ("UBND phường tặng", "commune", "UBND phường", None),
        ("Thủ tướng Chính phủ tặng", "central", "Thủ tướng Chính phủ", None),
        ("Bộ trưởng Bộ Y tế tặng", "central", "Bộ trưởng Bộ Y tế", None),
        ("Ban Thường vụ Tỉnh ủy tặng", "province", "Ban Thường vụ Tỉnh ủy", None),
        ("Chủ tịch UBND TP Cần Thơ tặng", "province", "Chủ tịch UBND thành phố", "Cần Thơ"),
        ("Chủ tịch UBND thành phố Vĩnh Long tặng", "district", "Chủ tịch UBND thành phố",
         "Vĩnh Long"),
        ("UBND thành phố tặng", "city", "UBND thành phố", None),
        ("Giám đốc Công an tỉnh tặng", "province", "Giám đốc Công an tỉnh", None),
        ("Hội Nông dân Việt Nam tặng", "central", "Trung ương Hội Nông dân Việt Nam", None),
        ("Bộ Tư lệnh Quân khu 7 tặng", "unit", "Bộ Tư lệnh Quân khu", None),
        ("các cấp khen thưởng", "unknown", "các cấp", None),
    ],
)
def test_authorities(text: str, level: str, canonical: str, place: str | None) -> None:
    found = _find(1, text)
    assert len(found) == 1, found
    got_level, _, info = found[0]
    assert (got_level, info["canonical"], info["place"]) == (level, canonical, place)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("5 tập thể, 12 cá nhân", ["collective", "individual"]),
        ("48 tập thể và cá nhân", ["unknown"]),
        ("253 cá nhân cùng 153 hộ gia đình", ["individual", "household"]),
        ("369 lượt tập thể", ["classifier", "collective"]),
    ],
)
def test_recipient_nouns(text: str, labels: list[str]) -> None:
    assert [f[0] for f in _find(2, text)] == labels


def test_named_recipients() -> None:
    text = "trao cho Đại tá Nguyễn Văn Bình và Trường Tiểu học Tân Lập"
    assert [(f[0], f[1]) for f in _find(2, text, "named")] == [
        ("individual", "Đại tá Nguyễn Văn Bình"), ("collective", "Trường Tiểu học Tân Lập")]


def test_cues() -> None:
    text = "Hội đồng thống nhất đề nghị tặng bằng khen"
    labels = {f[0] for f in _find(3, text)}
    assert {"proposal", "award_verbs"} <= labels
