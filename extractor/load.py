"""Load the output tables of a run into pandas, with the same dtypes whatever the format.

``extractor.load(DIR)`` reads ``awards``, ``campaigns``, ``articles`` and ``mentions`` (and
``discrepancies`` when the folder has it) from ``DIR/<table>.parquet``, ``.csv`` or
``.jsonl``, or from ``DIR/extractor.duckdb`` (a ``.duckdb`` file can also be given
directly), and gives every format the same DataFrames:

=====================================  ================================================
column                                 dtype
=====================================  ================================================
awards ``form``, ``level``,            ``category``, with the fixed categories of
``recipient``; campaigns ``kind``      :data:`extractor.model.FORMS`, ``LEVELS``,
                                       ``RECIPIENTS``, ``CAMPAIGN_KINDS`` (in that order;
                                       unordered; absent codes stay as categories)
counts and offsets (``count``,         nullable ``Int64``
``start``, ``end``, ``year``,
``n_chars``...)
``approx``, ``total``                  nullable ``boolean``
articles ``published``                 ``datetime64[ns]``; NaT when missing or not a date
awards ``year`` (added)                ``Int64``: year of the article's ``published``
every other column                     pandas ``string`` (NA for missing)
=====================================  ================================================

Round trips are normalised so that the formats agree: an empty string is NA (CSV cannot
tell them apart), text such as ``"None"``, ``"NA"`` or ``"nan"`` stays text, ``True`` /
``False`` / ``true`` / ``1`` / ``0`` are booleans, ``"3"`` and ``3.0`` are the integer 3.
``discrepancies`` (written by ``extractor check``) keeps the dtypes of
:func:`extractor.check.find_discrepancies`. Columns this module does not know (added by a
later version, or to a table by hand) are typed from their values: ``boolean`` when all are
true/false, ``Int64`` when all are integers, ``Float64`` when all are numbers, else
``string``.

``published`` is parsed as an ISO 8601 date or date-time (``2024-03-12``,
``2024-03-12T08:30:00+07:00``: the wall-clock time is kept, the offset dropped), else as
the first ``dd/mm/yyyy`` date in the text (``Thứ Ba, 12/03/2024 - 08:30`` -> 2024-03-12, as
Vietnamese sites write it); anything else is NaT.
"""

from __future__ import annotations

import errno
import json
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .duck import DUCKDB_NAME, duckdb_tables, nullable_dtype, read_duckdb
from .errors import ExtractorError
from .model import CAMPAIGN_KINDS, FORMS, LEVELS, RECIPIENTS
from .tables import to_frames

CORE_TABLES = ("awards", "campaigns", "articles", "mentions")
"""Tables every run writes; :func:`load` needs all four."""

OPTIONAL_TABLES = ("discrepancies",)
"""Tables loaded when present."""

FILE_FORMATS = ("parquet", "csv", "jsonl")
"""Formats stored as one file per table, ``DIR/<table>.<fmt>``."""

LOAD_FORMATS = (*FILE_FORMATS, "duckdb")
"""Every format :func:`load` reads."""

CATEGORIES: dict[str, dict[str, tuple[str, ...]]] = {
    "awards": {"form": FORMS, "level": LEVELS, "recipient": RECIPIENTS},
    "campaigns": {"kind": CAMPAIGN_KINDS},
}
"""Categorical columns and their fixed categories, per table."""

DATE_COLUMNS: dict[str, tuple[str, ...]] = {"articles": ("published",)}
"""Columns parsed as ``datetime64[ns]``, per table."""


class TablesNotFoundError(ExtractorError, FileNotFoundError):
    """The path does not exist or holds none of the output tables (``.filename`` is it)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.ENOENT, reason, str(path))


def load(path: str | Path, fmt: str | None = None) -> dict[str, pd.DataFrame]:
    """Load the output tables of a run, with the documented dtypes (module docstring).

    Args:
        path: an output folder (``extractor run --out DIR``) or a ``.duckdb`` file.
        fmt: ``parquet``, ``csv``, ``jsonl`` or ``duckdb``; only needed when the folder
            holds tables in more than one format.

    Returns:
        ``{"awards", "campaigns", "articles", "mentions"}`` (plus ``"discrepancies"``
        when present) -> DataFrame with a fresh ``RangeIndex``, rows in file order,
        columns in the order the package writes them (:mod:`extractor.tables`; columns
        it does not know after them). ``awards`` gets one more column, ``year``
        (``Int64``): the year of its article's ``published`` date, NA when unknown. The
        frames are equal (:func:`pandas.testing.assert_frame_equal`) whichever format the
        run wrote.

    Raises:
        TablesNotFoundError: ``path`` does not exist or holds no table (also a
            ``FileNotFoundError``; the message names the path and what was looked for).
        ExtractorError: the folder holds tables in several formats and ``fmt`` is None;
            one of the four core tables is missing; a file cannot be read; a column the
            table must have is absent from a non-empty table; a value cannot be given its
            dtype (an unknown ``form`` code, ``count`` = ``"abc"``...). The message names
            the file and the column.
        ValueError: unknown ``fmt``.
    """
    if fmt is not None and fmt not in LOAD_FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(LOAD_FORMATS)})")
    source = Path(path)
    if not source.exists():
        raise TablesNotFoundError(source, "no such file or folder")
    raw = _read_raw(source, fmt)
    frames = {name: _normalise(name, df, where) for name, (df, where) in raw.items()}
    if "year" not in frames["awards"].columns:
        frames["awards"]["year"] = article_years(frames["awards"]["article_id"],
                                                 frames["articles"])
    return frames


# -- reading -----------------------------------------------------------------------------

_KNOWN_TABLES = (*CORE_TABLES, *OPTIONAL_TABLES)


def _read_raw(source: Path, fmt: str | None) -> dict[str, tuple[pd.DataFrame, str]]:
    """table -> (DataFrame as stored, where it came from), core tables checked."""
    if source.is_file():
        if fmt not in (None, "duckdb") or source.suffix.lower() != ".duckdb":
            raise TablesNotFoundError(source, "not an output folder nor a .duckdb file")
        return _read_duckdb(source)
    present = _formats_in(source)
    if fmt is None:
        if not present:
            looked = ", ".join(f"<table>.{f}" for f in FILE_FORMATS)
            raise TablesNotFoundError(
                source, f"no output tables here (looked for {looked} and {DUCKDB_NAME}, "
                        f"<table> one of {', '.join(_KNOWN_TABLES)})")
        if len(present) > 1:
            raise ExtractorError(f"{source}: holds tables in {' and '.join(present)}: "
                                 f"pass fmt= one of them")
        fmt = present[0]
    elif fmt not in present:
        raise TablesNotFoundError(source, f"no {fmt} tables here")
    if fmt == "duckdb":
        return _read_duckdb(source / DUCKDB_NAME)
    out: dict[str, tuple[pd.DataFrame, str]] = {}
    for name in _KNOWN_TABLES:
        file = source / f"{name}.{fmt}"
        if file.is_file():
            out[name] = (_read_file(file, fmt), str(file))
    _check_core(source, out, fmt)
    return out


def _formats_in(folder: Path) -> list[str]:
    found = [f for f in FILE_FORMATS
             if any((folder / f"{name}.{f}").is_file() for name in _KNOWN_TABLES)]
    if (folder / DUCKDB_NAME).is_file():
        found.append("duckdb")
    return found


def _check_core(source: Path, tables: Mapping[str, object], fmt: str) -> None:
    missing = [name for name in CORE_TABLES if name not in tables]
    if missing:
        raise ExtractorError(f"{source}: no {', '.join(missing)} table in {fmt} "
                             f"(a run writes {', '.join(CORE_TABLES)})")


def _read_duckdb(file: Path) -> dict[str, tuple[pd.DataFrame, str]]:
    stored = set(duckdb_tables(file))
    names = [n for n in _KNOWN_TABLES if n in stored]
    _check_core(file, dict.fromkeys(names), "duckdb")
    return {name: (df, f"{file}:{name}")
            for name, df in read_duckdb(file, tables=names).items()}


def _read_file(file: Path, fmt: str) -> pd.DataFrame:
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.read_table(file).to_pandas(types_mapper=nullable_dtype)
        if fmt == "csv":
            # every field as text; only an empty field is missing ("None", "NA" stay text)
            return pd.read_csv(file, dtype="string", keep_default_na=False, na_values=[""],
                               encoding="utf-8")
        with file.open(encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        # object dtype keeps ints as ints and strings as strings (no inference)
        return pd.DataFrame(records, dtype=object)
    except pd.errors.EmptyDataError:  # a CSV file with no header
        return pd.DataFrame()
    except Exception as exc:  # pyarrow, the csv parser and json all raise their own
        raise ExtractorError(f"{file}: cannot read: {type(exc).__name__}: {exc}") from exc


# -- dtypes --------------------------------------------------------------------------------

def _empty_table(name: str) -> pd.DataFrame | None:
    """The table ``name`` with no row, as the package writes it, else None (unknown)."""
    empty = to_frames([])
    if name in empty:
        return empty[name]
    if name == "discrepancies":
        try:  # extractor.check writes it (``extractor check``)
            from .check import empty_frame
        except ImportError:  # pragma: no cover - a build without the check command
            return None
        return empty_frame()
    return None


def _schema(name: str) -> dict[str, str]:
    """column -> target dtype name of a known table (``category``/``datetime`` marked)."""
    empty = _empty_table(name)
    if empty is None:
        return {}
    dtypes = {str(col): str(dtype) for col, dtype in empty.dtypes.items()}
    for col in CATEGORIES.get(name, {}):
        dtypes[col] = "category"
    for col in DATE_COLUMNS.get(name, ()):
        dtypes[col] = "datetime"
    return dtypes


def _normalise(name: str, df: pd.DataFrame, where: str) -> pd.DataFrame:
    schema = _schema(name)
    missing = [c for c in schema if c not in df.columns]
    if missing and len(df):
        raise ExtractorError(f"{where}: no column {', '.join(missing)} "
                             f"(written by another version of extractor?)")
    extra = [str(c) for c in df.columns if c not in schema]
    columns: dict[str, pd.Series] = {}
    for col, kind in schema.items():
        values = df[col] if col in df.columns else pd.Series([None] * len(df), dtype=object)
        columns[col] = _convert(values, kind, name, col, where)
    for col in extra:
        columns[col] = _convert(df[col], "infer", name, col, where)
    out = pd.DataFrame(columns)
    out.index = pd.RangeIndex(len(out))
    return out


def _convert(values: pd.Series, kind: str, table: str, col: str, where: str) -> pd.Series:
    values = values.reset_index(drop=True)
    try:
        if kind == "string":
            return _as_string(values)
        if kind == "Int64":
            return _as_int(values)
        if kind == "boolean":
            return _as_bool(values)
        if kind == "category":
            return _as_category(values, CATEGORIES[table][col])
        if kind == "datetime":
            return as_datetime(values)
        return _infer(values)
    except (ValueError, TypeError) as exc:
        raise ExtractorError(f"{where}: column {col!r}: {exc}") from exc


def _as_string(values: pd.Series) -> pd.Series:
    out = values.astype("string")
    return out.mask(out.eq("").fillna(False).astype(bool))


def _as_int(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.Int64Dtype):
        return values
    if pd.api.types.is_bool_dtype(values.dtype):
        raise ValueError("booleans where integers were expected")
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.astype("Int64")
    text = _as_string(values).str.strip()
    return pd.to_numeric(text).astype("Int64")


_BOOL_WORDS = {"true": True, "false": False, "1": True, "0": False}


def _as_bool(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean")
    text = _as_string(values).str.strip().str.lower()
    bad = sorted(set(text.dropna()) - set(_BOOL_WORDS))
    if bad:
        raise ValueError(f"not a boolean: {', '.join(map(repr, bad[:5]))}")
    return text.map(_BOOL_WORDS).astype("boolean")


def _as_category(values: pd.Series, categories: tuple[str, ...]) -> pd.Series:
    text = _as_string(values)
    unknown = sorted(set(text.dropna()) - set(categories))
    if unknown:
        raise ValueError(f"unknown code(s) {', '.join(map(repr, unknown[:5]))} "
                         f"(known: {', '.join(categories)})")
    return text.astype(pd.CategoricalDtype(list(categories)))


_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_DMY_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")  # 12/03/2024


def parse_published(text: str) -> pd.Timestamp | None:
    """A ``published`` string as a timestamp (rules in the module docstring), else None.

    >>> parse_published("2024-03-12")
    Timestamp('2024-03-12 00:00:00')
    >>> parse_published("2024-03-12T08:30:00+07:00")
    Timestamp('2024-03-12 08:30:00')
    >>> parse_published("Thứ Ba, 12/03/2024 - 08:30")
    Timestamp('2024-03-12 00:00:00')
    >>> parse_published("31/02/2024") is None, parse_published("hôm qua") is None
    (True, True)
    """
    text = text.strip()
    try:
        if _ISO_DATE.match(text):
            ts = pd.Timestamp(text)
            if ts.tzinfo is not None:
                ts = ts.tz_localize(None)
        else:
            m = _DMY_DATE.search(text)
            if m is None:
                return None
            day, month, year = (int(g) for g in m.groups())
            ts = pd.Timestamp(year=year, month=month, day=day)
        return ts.as_unit("ns")  # raises beyond the ns range (years 1677-2262)
    except (ValueError, OverflowError):
        return None


def as_datetime(values: pd.Series) -> pd.Series:
    """``published`` values (text, or already dates) as ``datetime64[ns]``, index kept;
    text is parsed by :func:`parse_published`, NaT where it gives None."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        return values.astype("datetime64[ns]")
    text = _as_string(values)
    parsed = {v: parse_published(v) for v in text.dropna().unique()}
    return pd.Series([None if v is pd.NA else parsed[v] for v in text],
                     index=values.index, dtype="datetime64[ns]")


_INT = re.compile(r"[+-]?\d+")


def _infer(values: pd.Series) -> pd.Series:
    """Type a column of an unknown table from the text of its values (module docstring)."""
    text = _as_string(values)
    present = text.dropna().str.strip()
    if present.empty:
        return text
    if present.str.lower().isin(["true", "false"]).all():
        return _as_bool(text)
    if present.str.fullmatch(_INT).all():
        return _as_int(text)
    numbers = pd.to_numeric(present, errors="coerce")
    if numbers.notna().all():
        return pd.to_numeric(text.str.strip()).astype("Float64")
    return text


def article_years(article_ids: pd.Series, articles: pd.DataFrame) -> pd.Series:
    """The year of each id's article in ``articles`` (its ``published`` date, text or
    ``datetime64``), as ``Int64`` with the index of ``article_ids``; NA when the article
    is not there or its date is unknown."""
    published = articles.drop_duplicates("article_id").set_index("article_id")["published"]
    years = as_datetime(published).dt.year.astype("Int64")
    return article_ids.map(years).astype("Int64")
