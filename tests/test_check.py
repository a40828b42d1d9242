"""Fact-check rules (extractor.check) and the ``check`` command, on articles written for
the purpose: one per kind of discrepancy, and clean ones that must give none."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd
import pytest

from extractor import extract
from extractor.check import (
    COLUMNS,
    KINDS,
    ClaimsError,
    failing,
    find_discrepancies,
    read_claims,
)
from extractor.commands import add_subcommands
from extractor.model import ExtractionResult

# -- articles ---------------------------------------------------------------------------

CLEAN_TITLE = "Huyện Hải Lăng tổng kết công tác thi đua, khen thưởng năm 2024"
CLEAN = (
    "Ngày 10/1, UBND huyện Hải Lăng tổ chức hội nghị tổng kết công tác thi đua, khen "
    "thưởng năm 2024. Dịp này, Chủ tịch UBND huyện tặng giấy khen cho 35 tập thể và 55 cá "
    "nhân.\n"
    "Theo báo cáo, Chủ tịch UBND huyện tặng giấy khen cho 35 tập thể và 55 cá nhân, gồm 15 "
    "tập thể và 20 cá nhân có thành tích xuất sắc trong phong trào thi đua “Chung sức xây "
    "dựng nông thôn mới”, 20 tập thể và 35 cá nhân có thành tích trong công tác cải cách "
    "hành chính. Cũng tại hội nghị, 3 tập thể được Chủ tịch UBND tỉnh tặng bằng khen vì đã "
    "hoàn thành xuất sắc nhiệm vụ.")

TOTAL_EXCEEDED = (
    "Chiều 18/12, Liên đoàn Lao động huyện Vĩnh Linh tổ chức tổng kết hoạt động công đoàn "
    "năm 2024. Dịp này, Chủ tịch UBND tỉnh tặng bằng khen cho 46 tập thể và cá nhân, trong "
    "đó có 20 tập thể và 30 cá nhân.")

TOTAL_NOT_REACHED = (
    "Tại hội nghị, 12 tập thể và cá nhân được khen thưởng, gồm 5 tập thể và 4 cá nhân có "
    "thành tích xuất sắc trong năm.")

TOTAL_OTHER_FORMS = (
    "Năm 2024, UBND huyện khen thưởng 25 tập thể, trong đó Chủ tịch UBND tỉnh tặng bằng khen "
    "cho 10 tập thể, Chủ tịch UBND huyện tặng giấy khen cho 20 tập thể.")

TOTAL_NEXT_SENTENCE = (
    "Tổng kết phong trào, huyện đã khen thưởng 40 cá nhân. Trong số đó có 25 cá nhân được "
    "tặng giấy khen, còn lại 10 cá nhân.")

PARTIAL_BREAKDOWN = (
    "Năm 2024, UBND huyện khen thưởng 30 tập thể, trong đó Chủ tịch UBND tỉnh tặng bằng khen "
    "cho 10 tập thể.")

HEADLINE_LEAD = (
    "Sáng 5/4, Chủ tịch UBND tỉnh Quảng Trị tặng bằng khen cho 46 tập thể và cá nhân có "
    "thành tích xuất sắc trong công tác phòng, chống thiên tai.\n"
    "Theo đó, 18 tập thể được tặng bằng khen của Chủ tịch UBND tỉnh vì đã huy động lực lượng "
    "ứng cứu kịp thời. Bên cạnh đó, 30 cá nhân được Chủ tịch UBND tỉnh tặng bằng khen vì có "
    "nhiều đóng góp trong công tác cứu hộ.")

HEADLINE_TITLE = "Tặng bằng khen cho 46 tập thể và cá nhân"
HEADLINE_TITLE_BODY = (
    "Chiều 2/10, Chủ tịch UBND tỉnh tặng bằng khen cho 18 tập thể và 30 cá nhân có thành "
    "tích trong công tác cứu hộ, cứu nạn.")

RESTATED = (
    "Sáng 12/3, UBND huyện Tân Phú tổ chức hội nghị tổng kết phong trào thi đua “Dân vận "
    "khéo” năm 2024.\n"
    "Theo báo cáo, Chủ tịch UBND huyện đã tặng giấy khen cho 18 cá nhân có thành tích xuất "
    "sắc trong phong trào. Phát biểu tại hội nghị, ông Trần Văn Bình, Bí thư Huyện ủy, ghi "
    "nhận những kết quả đạt được. Kết thúc hội nghị, Chủ tịch UBND huyện trao giấy khen cho "
    "16 cá nhân có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo”.")

TWO_YEARS = (
    "Năm 2023, Chủ tịch UBND huyện tặng giấy khen cho 18 cá nhân. Năm 2024, Chủ tịch UBND "
    "huyện tặng giấy khen cho 16 cá nhân.")

CROSS_A = (
    "Chiều 20/11, Chủ tịch UBND huyện Cam Lộ tặng giấy khen cho 12 tập thể có thành tích "
    "xuất sắc trong phong trào thi đua “Xây dựng nông thôn mới”.")
CROSS_B = (
    "Tại hội nghị tổng kết phong trào thi đua “Xây dựng nông thôn mới”, Chủ tịch UBND huyện "
    "Cam Lộ đã tặng giấy khen cho 14 tập thể.")
CROSS_C = (
    "Hội nghị tổng kết phong trào thi đua “Xây dựng nông thôn mới” của huyện Cam Lộ diễn ra "
    "chiều 20/11; Chủ tịch UBND huyện tặng giấy khen cho 12 tập thể.")


def rows(df: pd.DataFrame, kind: str) -> list[dict]:
    return df[df["kind"] == kind].to_dict("records")


def assert_evidence(result: ExtractionResult, row: dict) -> None:
    assert result.article.text[row["start"]:row["end"]] == row["evidence"]


# -- table shape ----------------------------------------------------------------------------

def test_columns_and_dtypes_even_when_empty() -> None:
    df = find_discrepancies([])
    assert tuple(df.columns) == COLUMNS
    assert [str(df[c].dtype) for c in ("expected", "found", "start", "end")] == ["Int64"] * 4
    assert str(df["kind"].dtype) == "string"


def test_clean_article_gives_no_discrepancy() -> None:
    result = extract(CLEAN, "clean", title=CLEAN_TITLE)
    assert any(f.total for f in result.facts) or len(result.facts) >= 5  # it is not trivial
    assert find_discrepancies([result]).empty


def test_partial_breakdown_is_not_a_mismatch() -> None:
    # "trong đó" may list only some of the 30: 10 < 30 is no discrepancy
    assert find_discrepancies([extract(PARTIAL_BREAKDOWN, "p")]).empty


# -- total_mismatch -----------------------------------------------------------------------

def test_total_exceeded_by_its_breakdown() -> None:
    result = extract(TOTAL_EXCEEDED, "t1")
    df = find_discrepancies([result])
    [row] = rows(df, "total_mismatch")
    assert (row["form"], row["recipient"], row["expected"], row["found"]) == (
        "bang_khen", "unknown", 46, 50)  # "tập thể và cá nhân" = collective + individual
    assert row["evidence"].startswith("bằng khen cho 46 tập thể và cá nhân")
    assert row["evidence"].endswith("20 tập thể và 30 cá nhân")
    assert_evidence(result, row)
    assert len(df) == 1


def test_complete_breakdown_not_reaching_the_total() -> None:
    result = extract(TOTAL_NOT_REACHED, "t2")
    [row] = rows(find_discrepancies([result]), "total_mismatch")
    assert (row["expected"], row["found"]) == (12, 9)
    assert "gồm 5 tập thể và 4 cá nhân" in row["evidence"]
    assert_evidence(result, row)


def test_breakdown_by_other_forms_counts_towards_the_total() -> None:
    result = extract(TOTAL_OTHER_FORMS, "t3")
    [row] = rows(find_discrepancies([result]), "total_mismatch")
    assert (row["form"], row["recipient"], row["expected"], row["found"]) == (
        "unspecified", "collective", 25, 30)  # 10 bằng khen + 20 giấy khen
    assert row["evidence"].endswith("giấy khen cho 20 tập thể")
    assert_evidence(result, row)


def test_breakdown_in_the_next_sentence() -> None:
    result = extract(TOTAL_NEXT_SENTENCE, "t4")
    [row] = rows(find_discrepancies([result]), "total_mismatch")
    assert (row["recipient"], row["expected"], row["found"]) == ("individual", 40, 35)
    assert_evidence(result, row)


# -- headline_mismatch ----------------------------------------------------------------------

def test_lead_count_the_body_does_not_add_up_to() -> None:
    result = extract(HEADLINE_LEAD, "h1")
    df = find_discrepancies([result])
    [row] = rows(df, "headline_mismatch")
    assert (row["form"], row["recipient"], row["expected"], row["found"]) == (
        "bang_khen", "unknown", 46, 48)
    assert row["evidence"] == "bằng khen cho 46 tập thể và cá nhân"
    assert_evidence(result, row)
    assert len(df) == 1


def test_title_count_the_body_does_not_add_up_to() -> None:
    result = extract(HEADLINE_TITLE_BODY, "h2", title=HEADLINE_TITLE)
    [row] = rows(find_discrepancies([result]), "headline_mismatch")
    assert (row["expected"], row["found"]) == (46, 48)
    assert row["evidence"] == "bằng khen cho 46 tập thể và cá nhân"
    assert row["evidence"] in HEADLINE_TITLE
    assert pd.isna(row["start"]) and pd.isna(row["end"])  # the title is not in the text


def test_title_restated_in_the_body_is_consistent() -> None:
    body = HEADLINE_TITLE_BODY.replace("30 cá nhân", "28 cá nhân")
    assert find_discrepancies([extract(body, "h3", title=HEADLINE_TITLE)]).empty


# -- restated_differently -------------------------------------------------------------------

def test_same_award_restated_with_another_count() -> None:
    result = extract(RESTATED, "r1")
    df = find_discrepancies([result])
    [row] = rows(df, "restated_differently")
    assert (row["form"], row["level"], row["recipient"], row["expected"], row["found"]) == (
        "giay_khen", "district", "individual", 18, 16)
    assert row["evidence"] == "giấy khen cho 16 cá nhân"
    assert_evidence(result, row)
    assert len(df) == 1


def test_different_years_are_different_events() -> None:
    assert find_discrepancies([extract(TWO_YEARS, "r2")]).empty


# -- cross_article --------------------------------------------------------------------------

def test_two_articles_report_one_event_with_different_counts() -> None:
    a = extract(CROSS_A, "baoA", published="2024-11-21")
    b = extract(CROSS_B, "baoB", published="2024-11-22")
    df = find_discrepancies([a, b])
    [row] = rows(df, "cross_article")
    assert (row["article_id"], row["other_article_id"]) == ("baoA", "baoB")
    assert (row["form"], row["recipient"], row["expected"], row["found"]) == (
        "giay_khen", "collective", 12, 14)
    assert row["evidence"] == "giấy khen cho 12 tập thể"
    assert_evidence(a, row)


def test_two_articles_agreeing_give_nothing() -> None:
    a = extract(CROSS_A, "baoA", published="2024-11-21")
    c = extract(CROSS_C, "baoC", published="2024-11-21")
    assert find_discrepancies([a, c]).empty


def test_same_campaign_in_another_year_is_another_event() -> None:
    a = extract(CROSS_A, "baoA", published="2023-11-21")
    b = extract(CROSS_B, "baoB", published="2024-11-22")
    assert find_discrepancies([a, b]).empty


# -- claims ---------------------------------------------------------------------------------

CLAIMS = (
    "article_id,url,form,level,recipient,count,campaign\n"
    "baoA,,giay_khen,district,collective,12,Xây dựng nông thôn mới\n"
    ",https://baoa.example.vn/tin-1/,giay_khen,,collective,10,\n"
    "baoA,,bang_khen,province,individual,3,\n"
    "baoZ,,giay_khen,,collective,3,\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_claims_confirmed_contradicted_not_found(tmp_path: Path) -> None:
    claims = read_claims(write(tmp_path / "claims.csv", CLAIMS))
    assert claims["line"].tolist() == [2, 3, 4, 5]
    a = extract(CROSS_A, "baoA", url="https://baoa.example.vn/tin-1")
    df = find_discrepancies([a], claims)
    assert df["kind"].tolist() == ["claim_confirmed", "claim_contradicted", "claim_not_found",
                                   "claim_not_found"]
    confirmed, contradicted, missing, unknown = df.to_dict("records")
    assert (confirmed["expected"], confirmed["found"]) == (12, 12)
    assert_evidence(a, confirmed)
    assert confirmed["evidence"] == "giấy khen cho 12 tập thể"
    # found by url (trailing slash ignored); any level
    assert contradicted["article_id"] == "baoA" and pd.isna(contradicted["level"])
    assert (contradicted["expected"], contradicted["found"]) == (10, 12)
    assert_evidence(a, contradicted)
    assert (missing["form"], missing["expected"]) == ("bang_khen", 3)
    assert pd.isna(missing["found"]) and pd.isna(missing["evidence"]) and pd.isna(
        missing["start"])
    assert unknown["article_id"] == "baoZ"  # not among the inputs
    assert failing(df)["kind"].tolist() == ["claim_contradicted", "claim_not_found",
                                            "claim_not_found"]


def test_bad_claims_rows_are_all_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv",
                 "article_id,form,level,recipient,count\n"
                 "a1,bangkhen,province,collective,12\n"
                 ",giay_khen,tinh,collective,x\n"
                 "a3,giay_khen,,individual,5\n")
    with pytest.raises(ClaimsError) as info:
        read_claims(path)
    message = str(info.value)
    assert "line 2: form 'bangkhen' is not one of" in message
    assert "line 3: article_id / url: both empty" in message
    assert "line 3: level 'tinh'" in message
    assert "line 3: count 'x' is not a whole number" in message
    assert "line 4" not in message


def test_claims_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "article_id,form,recipient,count\na1,giay_khen,x,1\n")
    with pytest.raises(ClaimsError, match=r"missing column.*level"):
        read_claims(path)
    with pytest.raises(ClaimsError, match="article_id or url"):
        read_claims(write(tmp_path / "b.csv", "form,level,recipient,count\n"))
    with pytest.raises(ClaimsError, match="cannot read"):
        read_claims(tmp_path / "absent.csv")


def test_claims_header_case_bom_and_thousands(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes("\ufeffArticle_ID, Form ,LEVEL,recipient,count\n"
                     "a1,Bang_Khen,Province,collective,1.200\n".encode())
    claims = read_claims(path)
    assert claims.iloc[0][["article_id", "form", "level", "count"]].tolist() == [
        "a1", "bang_khen", "province", 1200]


def test_every_kind_is_documented() -> None:
    import extractor.check as check

    for kind in KINDS:
        assert f"``{kind}``" in (check.__doc__ or "")


# -- the check command ----------------------------------------------------------------------

def run_check(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="extractor")
    add_subcommands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def test_check_exits_1_on_discrepancy_and_writes_tables(tmp_path: Path, capsys) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": "t1", "text": TOTAL_EXCEEDED},
                                        {"id": "clean", "title": CLEAN_TITLE, "text": CLEAN}])
    out = tmp_path / "out"
    assert run_check(["check", str(src), "--out", str(out), "--format", "csv"]) == 1
    for table in ("awards", "campaigns", "articles", "mentions", "discrepancies"):
        assert (out / f"{table}.csv").is_file()
    df = pd.read_csv(out / "discrepancies.csv")
    assert tuple(df.columns) == COLUMNS
    assert df[["kind", "article_id", "expected", "found"]].values.tolist() == [
        ["total_mismatch", "t1", 46, 50]]
    err = capsys.readouterr().err
    assert "total_mismatch: t1" in err and "1 discrepancies" in err


def test_check_no_fail_exits_0(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": "t1", "text": TOTAL_EXCEEDED}])
    assert run_check(["check", str(src), "--out", str(tmp_path / "o"), "--no-fail",
                      "--format", "jsonl", "--quiet"]) == 0
    assert (tmp_path / "o" / "discrepancies.jsonl").read_text(encoding="utf-8").strip()


def test_check_clean_input_exits_0(tmp_path: Path) -> None:
    src = tmp_path / "clean.txt"
    src.write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "o"
    assert run_check(["check", str(src), "--out", str(out)]) == 0
    assert pd.read_parquet(out / "discrepancies.parquet").empty
    assert len(pd.read_parquet(out / "awards.parquet")) > 0


def test_check_with_claims(tmp_path: Path, capsys) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": "baoA", "text": CROSS_A}])
    good = write(tmp_path / "good.csv",
                 "article_id,form,level,recipient,count\nbaoA,giay_khen,district,collective,12\n")
    assert run_check(["check", str(src), "--out", str(tmp_path / "o1"), "--claims",
                      str(good), "--format", "csv"]) == 0  # confirmed claims do not fail
    df = pd.read_csv(tmp_path / "o1" / "discrepancies.csv")
    assert df["kind"].tolist() == ["claim_confirmed"]
    wrong = write(tmp_path / "wrong.csv",
                  "article_id,form,level,recipient,count\nbaoA,giay_khen,,collective,15\n"
                  "nope,giay_khen,,collective,15\n")
    assert run_check(["check", str(src), "--out", str(tmp_path / "o2"), "--claims",
                      str(wrong), "--format", "csv"]) == 1
    df = pd.read_csv(tmp_path / "o2" / "discrepancies.csv")
    assert df["kind"].tolist() == ["claim_contradicted", "claim_not_found"]
    assert "claims line 3: article 'nope' is not among the inputs" in capsys.readouterr().err


def test_check_bad_claims_exits_2(tmp_path: Path, capsys) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": "baoA", "text": CROSS_A}])
    bad = write(tmp_path / "bad.csv", "article_id,form,level,recipient,count\nbaoA,x,,y,1\n")
    assert run_check(["check", str(src), "--out", str(tmp_path / "o"), "--claims",
                      str(bad)]) == 2
    assert "line 2: form 'x'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_check_nothing_readable_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    assert run_check(["check", str(bad), "--out", str(tmp_path / "o"), "--quiet"]) == 2


def test_empty_frame_has_the_schema() -> None:
    from extractor.check import empty_frame

    empty, found = empty_frame(), find_discrepancies([extract(TOTAL_EXCEEDED, "t")])
    assert list(empty.columns) == list(found.columns)
    assert list(empty.dtypes.astype(str)) == list(found.dtypes.astype(str))
