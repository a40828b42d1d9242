"""extractor.load: the same DataFrames, with the documented dtypes, from every output format;
extractor.duck: the tables in one DuckDB file, written atomically."""

from __future__ import annotations

import doctest
import importlib
import os
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import extractor
from extractor.duck import (
    DUCKDB_NAME,
    duckdb_batches,
    parquet_to_duckdb,
    read_duckdb,
    write_duckdb,
)
from extractor.errors import ExtractorError
from extractor.io import read_inputs, write_tables
from extractor.load import CORE_TABLES, LOAD_FORMATS, TablesNotFoundError, parse_published
from extractor.model import (
    CAMPAIGN_KINDS,
    FORMS,
    LEVELS,
    RECIPIENTS,
    Article,
    AwardFact,
    Campaign,
    ExtractionResult,
    Mention,
)
from extractor.parallel import results_of

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "articles.jsonl"


@pytest.fixture(scope="module")
def corpus_frames() -> dict[str, pd.DataFrame]:
    """The tables of the bundled corpus, as to_frames gives them (not written)."""
    return extractor.to_frames(results_of(read_inputs([str(CORPUS)])))


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory: pytest.TempPathFactory,
                corpus_frames: dict[str, pd.DataFrame]) -> dict[str, Path]:
    """One run of the extractor on corpus/ per format: format -> output folder."""
    base = tmp_path_factory.mktemp("runs")
    runs = {}
    for fmt in ("parquet", "csv", "jsonl"):
        summary = extractor.run_job([str(CORPUS)], base / fmt, fmt=fmt)
        assert summary.failed == 0
        runs[fmt] = base / fmt
    write_duckdb(corpus_frames, base / "duckdb" / DUCKDB_NAME)
    runs["duckdb"] = base / "duckdb"
    return runs


@pytest.fixture(scope="module")
def loaded(corpus_runs: dict[str, Path]) -> dict[str, dict[str, pd.DataFrame]]:
    return {fmt: extractor.load(folder) for fmt, folder in corpus_runs.items()}


# -- the same frames from every format ---------------------------------------------------

def test_every_format_is_found(corpus_runs: dict[str, Path]) -> None:
    assert set(corpus_runs) == set(LOAD_FORMATS)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "duckdb"])
def test_load_gives_identical_frames_for_every_format(
        loaded: dict[str, dict[str, pd.DataFrame]], fmt: str) -> None:
    reference = loaded["parquet"]
    assert list(loaded[fmt]) == list(reference) == list(CORE_TABLES)
    for name in CORE_TABLES:
        assert_frame_equal(loaded[fmt][name], reference[name], check_exact=True,
                           obj=f"{fmt} {name}")


def test_loaded_values_are_those_extracted(loaded: dict[str, dict[str, pd.DataFrame]],
                                           corpus_frames: dict[str, pd.DataFrame]) -> None:
    frames = loaded["csv"]
    assert len(frames["awards"]) == 112 and len(frames["campaigns"]) == 22
    for name in CORE_TABLES:
        got = frames[name].drop(columns=["year"] if name == "awards" else [])
        want = corpus_frames[name]
        assert list(got.columns) == list(want.columns)
        for col in want.columns:
            if col == "published":
                assert got[col].dt.strftime("%Y-%m-%d").tolist() == want[col].tolist()
            else:
                assert got[col].astype(object).tolist() == want[col].astype(object).tolist(), \
                    (name, col)


def test_documented_dtypes(loaded: dict[str, dict[str, pd.DataFrame]]) -> None:
    frames = loaded["jsonl"]
    awards, campaigns, articles = frames["awards"], frames["campaigns"], frames["articles"]
    for col, codes in (("form", FORMS), ("level", LEVELS), ("recipient", RECIPIENTS)):
        assert isinstance(awards[col].dtype, pd.CategoricalDtype)
        assert tuple(awards[col].cat.categories) == codes
    assert tuple(campaigns["kind"].cat.categories) == CAMPAIGN_KINDS
    for col in ("count", "start", "end", "sentence_start", "sentence_end", "year"):
        assert str(awards[col].dtype) == "Int64"
    assert str(awards["approx"].dtype) == str(awards["total"].dtype) == "boolean"
    assert str(campaigns["year"].dtype) == "Int64"
    assert str(articles["published"].dtype) == "datetime64[ns]"
    for col in ("n_chars", "n_awards", "n_campaigns"):
        assert str(articles[col].dtype) == "Int64"
    for col in ("article_id", "evidence", "conferrer", "province"):
        assert isinstance(awards[col].dtype, pd.StringDtype)
    assert list(awards.columns)[-1] == "year"


def test_award_year_is_the_year_of_the_article(loaded: dict[str, dict[str, pd.DataFrame]]
                                               ) -> None:
    frames = loaded["parquet"]
    published = frames["articles"].set_index("article_id")["published"]
    for _, row in frames["awards"].iterrows():
        assert row["year"] == published[row["article_id"]].year


def test_load_reads_a_duckdb_file_directly(corpus_runs: dict[str, Path],
                                           loaded: dict[str, dict[str, pd.DataFrame]]) -> None:
    frames = extractor.load(corpus_runs["duckdb"] / DUCKDB_NAME)
    for name in CORE_TABLES:
        assert_frame_equal(frames[name], loaded["parquet"][name])


# -- round-trip traps: empty strings, "None", booleans, NA --------------------------------

AWKWARD = ["None", "NA", "nan", "null", "True", "0", " lề ", 'có "ngoặc", dấu phẩy',
           "dòng\nmới", "CRLF\r\nở đây"]


def _awkward_frames() -> dict[str, pd.DataFrame]:
    """Tables whose strings are those a CSV or JSON round trip tends to break."""
    text = "x" * 200
    results = []
    for i, word in enumerate(AWKWARD):
        fact = AwardFact(
            fact_id=f"a{i}:f1", form=FORMS[i % len(FORMS)], level=LEVELS[i % len(LEVELS)],
            recipient=RECIPIENTS[i % len(RECIPIENTS)], count=i * 1000, approx=i % 2 == 0,
            total=i % 3 == 0, conferrer=None if i % 2 else word, award=word,
            campaign="" if i == 1 else word, evidence=word, start=i, end=i + 1,
            sentence_start=0, sentence_end=10, rule="award_after",
            mentions=(Mention(evidence=word, start=5, end=6),), province=word,
            province_2025=None)
        campaign = Campaign(campaign_id=f"a{i}:c1", name=word,
                            kind=CAMPAIGN_KINDS[i % len(CAMPAIGN_KINDS)],
                            year=None if i % 2 else 2020 + i, evidence=word, start=1, end=2)
        published = ["2024-03-12", "12/03/2024", "hôm qua", None, "2024-03-12T23:30:00+07:00",
                     "0001-01-01", "", "None"][i % 8]
        article = Article(id=f"a{i}", text=text, title=word, url=None, published=published,
                          source=word)
        results.append(ExtractionResult(article=article, facts=(fact,), campaigns=(campaign,)))
    results.append(ExtractionResult(article=Article(id="bad", text="", source="f:9"),
                                    status="error", error="not JSON: Expecting value"))
    return extractor.to_frames(results)


@pytest.fixture(scope="module")
def awkward_loaded(tmp_path_factory: pytest.TempPathFactory
                   ) -> dict[str, dict[str, pd.DataFrame]]:
    base = tmp_path_factory.mktemp("awkward")
    frames = _awkward_frames()
    out = {}
    for fmt in ("parquet", "csv", "jsonl"):
        write_tables(frames, base / fmt, fmt)
        out[fmt] = extractor.load(base / fmt)
    write_duckdb(frames, base / "duckdb" / DUCKDB_NAME)
    out["duckdb"] = extractor.load(base / "duckdb")
    return out


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "duckdb"])
def test_awkward_values_round_trip_the_same_in_every_format(
        awkward_loaded: dict[str, dict[str, pd.DataFrame]], fmt: str) -> None:
    for name in CORE_TABLES:
        assert_frame_equal(awkward_loaded[fmt][name], awkward_loaded["parquet"][name],
                           check_exact=True, obj=f"{fmt} {name}")


def test_awkward_values_keep_their_meaning(awkward_loaded: dict[str, dict[str, pd.DataFrame]]
                                           ) -> None:
    awards = awkward_loaded["csv"]["awards"]
    assert awards["evidence"].tolist() == AWKWARD  # "None", "NA", "nan" stay text
    assert awards["campaign"].isna().tolist() == [i == 1 for i in range(len(AWKWARD))]
    assert awards["conferrer"].isna().tolist() == [i % 2 == 1 for i in range(len(AWKWARD))]
    assert awards["province_2025"].isna().all()
    assert awards["count"].tolist() == [i * 1000 for i in range(len(AWKWARD))]
    assert awards["approx"].tolist() == [i % 2 == 0 for i in range(len(AWKWARD))]
    assert awards["total"].tolist() == [i % 3 == 0 for i in range(len(AWKWARD))]
    campaigns = awkward_loaded["jsonl"]["campaigns"]
    assert campaigns["year"].isna().tolist() == [i % 2 == 1 for i in range(len(AWKWARD))]
    articles = awkward_loaded["jsonl"]["articles"]
    assert articles["status"].tolist()[-1] == "error"
    assert articles["error"].isna().sum() == len(AWKWARD)
    published = articles["published"].tolist()
    assert published[:3] == [pd.Timestamp("2024-03-12")] * 2 + [pd.NaT]
    assert published[4] == pd.Timestamp("2024-03-12 23:30")  # wall-clock time kept
    assert pd.isna(published[3]) and pd.isna(published[5]) and pd.isna(published[6])
    assert pd.isna(published[7]) and pd.isna(published[-1])
    assert awkward_loaded["parquet"]["awards"]["year"].tolist()[:3] == [2024, 2024, pd.NA]


def test_parse_published_doctests() -> None:
    module = importlib.import_module("extractor.load")
    assert doctest.testmod(module).failed == 0
    assert parse_published(" 2023-12-20 ") == pd.Timestamp("2023-12-20")
    assert parse_published("Cập nhật 08:30 ngày 5/1/2024") == pd.Timestamp("2024-01-05")


# -- extra tables ------------------------------------------------------------------------------

def _write_everywhere(frames: dict[str, pd.DataFrame], base: Path
                      ) -> dict[str, dict[str, pd.DataFrame]]:
    loaded = {}
    for fmt in ("parquet", "csv", "jsonl"):
        write_tables(frames, base / fmt, fmt)
        loaded[fmt] = extractor.load(base / fmt)
    write_duckdb(frames, base / "duckdb" / DUCKDB_NAME)
    loaded["duckdb"] = extractor.load(base / "duckdb")
    return loaded


def test_discrepancies_are_loaded_when_present(tmp_path: Path) -> None:
    check = importlib.import_module("extractor.check")
    frames = _awkward_frames()
    rows = [("total_mismatch", "123", None, "bang_khen", "province", "collective", 25, 24,
             "25 tập thể", 3, 13),
            ("claim_not_found", "a2", "", "giay_khen", "", "individual", 7, None, None, None,
             None)]
    frames["discrepancies"] = pd.DataFrame(rows, columns=list(check.COLUMNS)).astype(
        check.empty_frame().dtypes.to_dict())
    loaded = _write_everywhere(frames, tmp_path)
    reference = loaded["parquet"]["discrepancies"]
    assert_frame_equal(reference, frames["discrepancies"].replace("", pd.NA))
    assert reference["article_id"].tolist() == ["123", "a2"]  # digits stay text
    for fmt, tables in loaded.items():
        assert list(tables) == [*CORE_TABLES, "discrepancies"]
        assert_frame_equal(tables["discrepancies"], reference, obj=fmt)


def test_unknown_columns_are_typed_from_their_values(tmp_path: Path) -> None:
    frames = _awkward_frames()
    n = len(frames["mentions"])
    frames["mentions"] = frames["mentions"].assign(
        n_gold=pd.array([3, None] + [12] * (n - 2), dtype="Int64"),
        ok=pd.array([True, None] + [False] * (n - 2), dtype="boolean"),
        share=pd.array([0.5, None] + [1.25] * (n - 2), dtype="Float64"),
        note=pd.array(["", "None"] + ["12a"] * (n - 2), dtype="string"))
    loaded = _write_everywhere(frames, tmp_path)
    reference = loaded["parquet"]["mentions"]
    assert [str(t) for t in reference.dtypes.iloc[-4:]] == ["Int64", "boolean", "Float64",
                                                            "string"]
    assert reference["note"].isna().tolist()[:2] == [True, False]
    for fmt, tables in loaded.items():
        assert_frame_equal(tables["mentions"], reference, obj=fmt)


def test_empty_tables_keep_their_columns_and_dtypes(tmp_path: Path) -> None:
    frames = extractor.to_frames([])
    loaded = {}
    for fmt in ("parquet", "csv", "jsonl"):
        write_tables(frames, tmp_path / fmt, fmt)
        loaded[fmt] = extractor.load(tmp_path / fmt)
    for fmt in ("csv", "jsonl"):
        for name in CORE_TABLES:
            assert_frame_equal(loaded[fmt][name], loaded["parquet"][name])
    assert len(loaded["jsonl"]["awards"]) == 0
    assert isinstance(loaded["jsonl"]["awards"]["form"].dtype, pd.CategoricalDtype)


# -- errors ------------------------------------------------------------------------------------

def test_a_folder_without_tables_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("không phải bảng", encoding="utf-8")
    with pytest.raises(TablesNotFoundError) as info:
        extractor.load(tmp_path)
    assert isinstance(info.value, FileNotFoundError)
    assert isinstance(info.value, ExtractorError)
    assert str(tmp_path) in str(info.value) and "awards" in str(info.value)
    with pytest.raises(FileNotFoundError, match="no such file"):
        extractor.load(tmp_path / "missing")
    with pytest.raises(TablesNotFoundError):
        extractor.load(tmp_path / "notes.txt")


def test_two_formats_in_one_folder_need_fmt(tmp_path: Path) -> None:
    frames = _awkward_frames()
    write_tables(frames, tmp_path, "csv")
    write_tables(frames, tmp_path, "jsonl")
    with pytest.raises(ExtractorError, match="csv and jsonl: pass fmt="):
        extractor.load(tmp_path)
    assert_frame_equal(extractor.load(tmp_path, fmt="csv")["awards"],
                       extractor.load(tmp_path, fmt="jsonl")["awards"])
    with pytest.raises(TablesNotFoundError, match="no parquet tables"):
        extractor.load(tmp_path, fmt="parquet")
    with pytest.raises(ValueError, match="unknown format"):
        extractor.load(tmp_path, fmt="xlsx")


def test_a_missing_core_table_is_an_error(tmp_path: Path) -> None:
    frames = _awkward_frames()
    del frames["mentions"]
    write_tables(frames, tmp_path, "parquet")
    with pytest.raises(ExtractorError, match="no mentions table"):
        extractor.load(tmp_path)


def test_bad_values_name_the_file_and_column(tmp_path: Path) -> None:
    frames = _awkward_frames()
    write_tables(frames, tmp_path, "csv")
    path = tmp_path / "awards.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",bang_khen,", ",bang-khen,", 1),
                    encoding="utf-8")
    with pytest.raises(ExtractorError, match=r"awards\.csv: column 'form': unknown code"):
        extractor.load(tmp_path)
    frames["campaigns"] = frames["campaigns"].drop(columns=["kind"])
    write_tables(frames, tmp_path, "csv")
    with pytest.raises(ExtractorError, match=r"campaigns\.csv: no column kind"):
        extractor.load(tmp_path)


# -- DuckDB ------------------------------------------------------------------------------------

def test_read_duckdb_gives_back_the_frames_written(tmp_path: Path,
                                                   corpus_frames: dict[str, pd.DataFrame]
                                                   ) -> None:
    path = write_duckdb(corpus_frames, tmp_path / DUCKDB_NAME)
    assert path == tmp_path / DUCKDB_NAME
    back = read_duckdb(path)
    assert sorted(back) == sorted(corpus_frames)
    for name, df in corpus_frames.items():
        assert_frame_equal(back[name], df, check_exact=True)
    assert sorted(os.listdir(tmp_path)) == [DUCKDB_NAME]  # no temporary file left


def test_write_duckdb_replaces_the_file_whole(tmp_path: Path,
                                              corpus_frames: dict[str, pd.DataFrame]) -> None:
    path = tmp_path / DUCKDB_NAME
    write_duckdb(corpus_frames, path)
    write_duckdb({"awards": corpus_frames["awards"].head(3)}, path)
    assert list(read_duckdb(path)) == ["awards"]
    assert len(read_duckdb(path)["awards"]) == 3


def test_a_failed_write_leaves_the_previous_file(tmp_path: Path,
                                                 corpus_frames: dict[str, pd.DataFrame]
                                                 ) -> None:
    path = tmp_path / DUCKDB_NAME
    write_duckdb(corpus_frames, path)
    bad = pd.DataFrame({"x": [1, "mixed", object()]})
    with pytest.raises(ExtractorError, match="cannot write table 'broken'"):
        write_duckdb({"awards": corpus_frames["awards"].head(1), "broken": bad}, path)
    assert len(read_duckdb(path)["awards"]) == len(corpus_frames["awards"])
    assert sorted(os.listdir(tmp_path)) == [DUCKDB_NAME]


def test_a_killed_write_leaves_no_file(tmp_path: Path, corpus_frames: dict[str, pd.DataFrame],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("extractor.duck.os.replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_duckdb(corpus_frames, tmp_path / DUCKDB_NAME)
    assert os.listdir(tmp_path) == []


def test_write_duckdb_needs_tables(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no tables"):
        write_duckdb({}, tmp_path / DUCKDB_NAME)
    with pytest.raises(ExtractorError, match="cannot read as a DuckDB database"):
        (tmp_path / "x.duckdb").write_text("not a database", encoding="utf-8")
        read_duckdb(tmp_path / "x.duckdb")


def test_parquet_to_duckdb_streams_the_files_into_one_database(
        tmp_path: Path, corpus_frames: dict[str, pd.DataFrame]) -> None:
    files = write_tables(corpus_frames, tmp_path / "parts", "parquet")
    path = parquet_to_duckdb({f.stem: f for f in files}, tmp_path / "db" / DUCKDB_NAME)
    back = read_duckdb(path)
    for name, df in corpus_frames.items():
        assert_frame_equal(back[name], df, check_exact=True)
    assert sorted(os.listdir(tmp_path / "db")) == [DUCKDB_NAME]
    assert all(f.is_file() for f in files)  # the sources are left in place
    with pytest.raises(ExtractorError, match="cannot write table 'awards'"):
        parquet_to_duckdb({"awards": tmp_path / "missing.parquet"}, path)
    assert sorted(read_duckdb(path)) == sorted(corpus_frames)  # previous file kept


def test_duckdb_batches_stream_a_table_in_order(tmp_path: Path,
                                                corpus_frames: dict[str, pd.DataFrame]) -> None:
    path = write_duckdb(corpus_frames, tmp_path / DUCKDB_NAME)
    batches = list(duckdb_batches(path, "awards", ["article_id", "count"], batch_size=50))
    assert [b.num_rows for b in batches] == [50, 50, 12]
    assert batches[0].schema.names == ["article_id", "count"]
    ids = [v for b in batches for v in b.column(0).to_pylist()]
    assert ids == corpus_frames["awards"]["article_id"].tolist()
    with pytest.raises(ExtractorError, match="cannot read table 'nope'"):
        list(duckdb_batches(path, "nope"))
