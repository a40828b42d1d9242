"""extractor.analysis: the aggregate helper (no double counting of total rows), the summary,
the evidence display, and the README's DuckDB queries."""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import extractor
from extractor import analysis
from extractor.duck import write_duckdb
from extractor.io import read_inputs
from extractor.model import FORMS, LEVELS
from extractor.parallel import results_of

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "articles.jsonl"


def _awards(rows: list[tuple]) -> pd.DataFrame:
    """An awards table (as to_frames types it) from (article_id, form, level, recipient,
    count, total, province) tuples."""
    columns = ["article_id", "form", "level", "recipient", "count", "total", "province"]
    df = pd.DataFrame(rows, columns=columns)
    return df.astype({"article_id": "string", "form": "string", "level": "string",
                      "recipient": "string", "count": "Int64", "total": "boolean",
                      "province": "string"}).assign(province_2025=df["province"].astype("string"))


ARTICLES = pd.DataFrame({
    "article_id": pd.array(["a", "b", "c"], dtype="string"),
    "published": pd.array(["2023-01-24", "12/03/2024", None], dtype="string"),
})

# "khen thưởng 25 tập thể, 40 cá nhân, trong đó Chủ tịch UBND tỉnh tặng bằng khen cho 4 tập
# thể, 6 cá nhân; Chủ tịch UBND thành phố tặng giấy khen cho 21 tập thể, 34 cá nhân"
BREAKDOWN = [
    ("a", "unspecified", "unknown", "collective", 25, True, "Vĩnh Phúc"),
    ("a", "unspecified", "unknown", "individual", 40, True, "Vĩnh Phúc"),
    ("a", "bang_khen", "province", "collective", 4, False, "Vĩnh Phúc"),
    ("a", "bang_khen", "province", "individual", 6, False, "Vĩnh Phúc"),
    ("a", "giay_khen", "district", "collective", 21, False, "Vĩnh Phúc"),
    ("a", "giay_khen", "district", "individual", 34, False, "Vĩnh Phúc"),
]


def test_total_rows_are_not_added_to_their_breakdowns() -> None:
    tidy = extractor.recipients_by_form_level(_awards(BREAKDOWN), ARTICLES)
    assert list(tidy.columns) == ["province", "year", "form", "level", "collectives",
                                  "individuals", "households", "unknown"]
    assert tidy[["form", "level"]].astype(str).values.tolist() == [
        ["bang_khen", "province"], ["giay_khen", "district"]]
    assert tidy["collectives"].tolist() == [4, 21]
    assert tidy["individuals"].tolist() == [6, 34]
    assert tidy["collectives"].sum() == 25 and tidy["individuals"].sum() == 40
    assert tidy["year"].tolist() == [2023, 2023]


def test_each_recipient_type_has_its_column_and_unknowns_are_kept() -> None:
    rows = [
        ("b", "giay_khen", "commune", "household", 12, False, "Bến Tre"),
        ("b", "giay_khen", "commune", "unknown", 48, False, "Bến Tre"),     # tập thể và cá nhân
        ("b", "giay_khen", "commune", "individual", None, False, "Bến Tre"),  # count unknown
        ("c", "huan_chuong", "central", "collective", 1, None, None),  # total NA: counted
    ]
    tidy = extractor.recipients_by_form_level(_awards(rows), ARTICLES)
    assert len(tidy) == 2
    first, last = tidy.iloc[0], tidy.iloc[1]
    assert (first["province"], first["year"]) == ("Bến Tre", 2024)  # dd/mm/yyyy published
    assert (first["households"], first["unknown"], first["individuals"]) == (12, 48, 0)
    assert pd.isna(last["province"]) and pd.isna(last["year"])  # NA groups kept, last
    assert last["collectives"] == 1


def test_dtypes_and_categories_are_those_of_load() -> None:
    tidy = extractor.recipients_by_form_level(_awards(BREAKDOWN), ARTICLES)
    assert tuple(tidy["form"].cat.categories) == FORMS
    assert tuple(tidy["level"].cat.categories) == LEVELS
    assert isinstance(tidy["province"].dtype, pd.StringDtype)
    for col in ("year", *analysis.COUNT_COLUMNS):
        assert str(tidy[col].dtype) == "Int64"


def test_year_without_articles_comes_from_the_year_column() -> None:
    awards = _awards(BREAKDOWN)
    tidy = extractor.recipients_by_form_level(awards)
    assert tidy["year"].isna().all()
    tidy = extractor.recipients_by_form_level(awards.assign(year=pd.array([2020] * 6,
                                                                          dtype="Int64")))
    assert tidy["year"].tolist() == [2020, 2020]


def test_missing_columns_are_named() -> None:
    with pytest.raises(KeyError, match="total"):
        extractor.recipients_by_form_level(_awards(BREAKDOWN).drop(columns=["total"]))


# -- on the bundled corpus ------------------------------------------------------------------

@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    extractor.run_job([str(CORPUS)], out, fmt="csv")
    return out


@pytest.fixture(scope="module")
def frames(run: Path) -> dict[str, pd.DataFrame]:
    return extractor.load(run)


@pytest.fixture(scope="module")
def tidy(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return extractor.recipients_by_form_level(frames["awards"], frames["articles"])


def test_corpus_counts_each_recipient_once(frames: dict[str, pd.DataFrame],
                                           tidy: pd.DataFrame) -> None:
    awards = frames["awards"]
    counted = awards[~awards["total"].fillna(False).astype(bool)]
    for code, column in analysis.RECIPIENT_COLUMNS.items():
        assert tidy[column].sum() == counted.loc[counted["recipient"] == code, "count"].sum()
    keys = ["province", "year", "form", "level"]
    assert not tidy.duplicated(keys).any()
    # the load-time year and the articles' published dates agree
    assert_frame_equal(extractor.recipients_by_form_level(awards), tidy)


def test_raw_and_loaded_tables_give_the_same_aggregate(run: Path, tidy: pd.DataFrame) -> None:
    # as plain pandas reads them: int64, bool, str with NaN, published as text
    raw_awards = pd.read_csv(run / "awards.csv")
    raw_articles = pd.read_csv(run / "articles.csv")
    assert_frame_equal(extractor.recipients_by_form_level(raw_awards, raw_articles), tidy)


def test_province_2025_groups_after_the_merger(frames: dict[str, pd.DataFrame]) -> None:
    merged = extractor.recipients_by_form_level(frames["awards"], frames["articles"],
                                                place="province_2025")
    assert "province_2025" in merged.columns
    assert merged["province_2025"].nunique() <= frames["awards"]["province"].nunique()


def test_wide_tables(tidy: pd.DataFrame) -> None:
    table = analysis.form_level_table(tidy)
    assert table.to_numpy().sum() == tidy[list(analysis.COUNT_COLUMNS)].to_numpy().sum()
    assert set(map(str, table.index)) <= set(FORMS)
    by_province = analysis.collectives_vs_individuals(tidy)
    assert list(by_province.columns) == ["collectives", "individuals"]
    assert by_province["collectives"].sum() == tidy["collectives"].sum()
    totals = by_province.sum(axis=1).tolist()
    assert totals == sorted(totals, reverse=True)


def test_summary(frames: dict[str, pd.DataFrame], tidy: pd.DataFrame) -> None:
    table = analysis.summary(frames)
    assert list(table.columns) == ["value"] and str(table["value"].dtype) == "Int64"
    value = table["value"]
    assert value["articles"] == 18 and value["articles_error"] == 0
    assert value["award_rows"] == len(frames["awards"])
    assert value["total_rows"] == int(frames["awards"]["total"].sum())
    assert value["recipients"] == sum(tidy[c].sum() for c in analysis.COUNT_COLUMNS)
    assert value["collectives"] + value["individuals"] + value["households"] \
        + value["unknown_recipients"] == value["recipients"]
    assert value["campaigns"] == len(frames["campaigns"])
    assert (value["first_year"], value["last_year"]) == (2022, 2025)
    assert "discrepancies" not in table.index


# -- evidence display -------------------------------------------------------------------------

def test_highlight_escapes_and_merges_overlaps() -> None:
    text = "Trao <b>bằng khen</b> & giấy khen\ncho 4 tập thể"
    b = text.index("<b>")
    g = text.index("giấy")
    html = analysis.highlight(text, [(b, b + 16, "bang_khen"), (b, b + 16, "bang_khen"),
                                     (0, 4), (g, g + 9, 'giấy "khen"'), (10, 10, "empty")])
    assert html.startswith('<div style="white-space: pre-wrap">')
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert '<mark title="bang_khen">&lt;b&gt;bằng khen&lt;/b&gt;</mark>' in html
    assert "<mark>Trao</mark>" in html and "empty" not in html
    assert 'title="giấy &quot;khen&quot;"' in html
    assert "\ncho 4 tập thể" in html  # line breaks kept
    overlapping = analysis.highlight("abcdef", [(0, 4, "x"), (2, 6, "y")])
    assert overlapping == ('<div style="white-space: pre-wrap"><mark title="x">ab</mark>'
                           '<mark title="x; y">cd</mark><mark title="y">ef</mark></div>')
    with pytest.raises(ValueError, match="outside the text"):
        analysis.highlight("abc", [(2, 5)])
    module = importlib.import_module("extractor.analysis")
    assert doctest.testmod(module).failed == 0


def test_article_evidence_marks_every_award_row(frames: dict[str, pd.DataFrame]) -> None:
    awards = frames["awards"]
    article_id = "s03-vinh-lac-tong-ket-thi-dua-2023"
    texts = analysis.article_texts([CORPUS], ids=[article_id])
    assert list(texts) == [article_id]
    html = analysis.article_evidence_html(texts[article_id], article_id, awards,
                                          frames["mentions"])
    marked = " ".join(re.findall(r"<mark[^>]*>(.*?)</mark>", html, re.S))
    rows = awards[awards["article_id"] == article_id]
    assert len(rows) > 5
    for evidence in rows["evidence"]:
        for word in evidence.split():
            assert word.replace("&", "&amp;") in marked
    assert "unspecified · unknown · collective × 25 (total)" in html


# -- the README's DuckDB queries ------------------------------------------------------------

def _readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Working in notebooks", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def test_readme_sql_queries_run_and_agree_with_the_helpers(
        tmp_path: Path, frames: dict[str, pd.DataFrame], tidy: pd.DataFrame) -> None:
    duckdb = pytest.importorskip("duckdb")
    queries = _readme_queries()
    assert len(queries) == 3
    # the tables as a run writes them (codes and dates as text)
    run_frames = extractor.to_frames(results_of(read_inputs([str(CORPUS)])))
    path = write_duckdb(run_frames, tmp_path / "extractor.duckdb")
    with duckdb.connect(str(path), read_only=True) as con:
        by_level_year, by_campaign, by_province = (
            con.sql(q).fetchdf() for q in queries)

    assert list(by_level_year.columns) == ["year", "level", "award_rows", "recipients"]
    assert by_level_year["award_rows"].sum() == len(frames["awards"])
    assert by_level_year["recipients"].sum() == tidy[list(analysis.COUNT_COLUMNS)].sum().sum()

    assert list(by_campaign.columns) == ["name", "kind", "articles", "recipients"]
    assert len(by_campaign) == frames["campaigns"][["name", "kind"]].drop_duplicates().shape[0]
    recipients = by_campaign["recipients"].tolist()
    assert recipients == sorted(recipients, reverse=True)

    expected = analysis.collectives_vs_individuals(tidy)
    got = by_province.set_index("province")
    assert {str(k): (int(v.collectives), int(v.individuals))
            for k, v in got.iterrows()} == \
        {str(k): (int(v.collectives), int(v.individuals)) for k, v in expected.iterrows()}
    assert list(got.index) == [str(k) for k in expected.index]
