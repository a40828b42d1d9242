"""The output tables in one DuckDB database file (``extractor run --format duckdb``).

:func:`write_duckdb` writes every DataFrame of a ``{name: DataFrame}`` dict (as
:func:`extractor.to_frames` returns, ``discrepancies`` included when present) to a table of
the same name in one ``.duckdb`` file; in an output folder that file is
``DIR/extractor.duckdb`` (:data:`DUCKDB_NAME`). :func:`parquet_to_duckdb` does the same from
Parquet files, one per table, streaming their rows (memory stays flat whatever their size):
a streaming writer can append chunks to Parquet files and build the database at commit.

Either way the file is built in a hidden temporary folder beside the target
(``.extractor.duckdb.XXXX.tmp/``) and moved into place with :func:`os.replace`, so a killed
run leaves either the previous file or the new one, never a half-written database (only
that temporary folder, which can be deleted).

Column types follow the frames: pandas ``string`` -> ``VARCHAR``, ``Int64`` -> ``BIGINT``,
``boolean`` -> ``BOOLEAN`` (NA -> ``NULL``). ``articles.published`` stays the text the input
gave; in SQL, ``year(try_cast(published AS DATE))`` gives its year (README, "Working in
notebooks"). :func:`read_duckdb` reads the tables back as they were written,
:func:`duckdb_batches` streams one; :func:`extractor.load` reads them with the documented
dtypes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import ExtractorError

DUCKDB_NAME = "extractor.duckdb"
"""File name of the database in an output folder."""

_SOURCE = "_extractor_source"


def _quote(name: str) -> str:
    """``name`` as a DuckDB identifier (double-quoted, inner quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def _build(target: Path, names: Sequence[str], fill: Callable[[Any, str], None]) -> Path:
    """Create a database with ``fill(connection, name)`` for each table name, atomically."""
    import duckdb
    import pyarrow as pa

    if not names:
        raise ValueError("no tables to write to a DuckDB file")
    if any(not name for name in names):
        raise ValueError("a table name is empty")
    target.parent.mkdir(parents=True, exist_ok=True)
    # DuckDB also writes a .wal file next to the database: build both in a private folder
    # beside the target (same file system, so os.replace is atomic), then move the file.
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        tmp = work / target.name
        con = duckdb.connect(str(tmp))
        try:
            for name in names:
                try:
                    fill(con, name)
                except (duckdb.Error, pa.ArrowException) as exc:
                    raise ExtractorError(f"{target}: cannot write table {name!r}: "
                                         f"{type(exc).__name__}: {exc}") from exc
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def write_duckdb(frames: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write each DataFrame to a table of the same name in one DuckDB file, atomically.

    Args:
        frames: table name -> DataFrame (as :func:`extractor.to_frames` returns; any other
            table, such as ``discrepancies``, is written the same way). Row order is kept.
        path: the database file to write (``DIR/extractor.duckdb`` for an output folder);
            its folder is created if missing. An existing file is replaced whole.

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Raises:
        ValueError: ``frames`` is empty or a table name is empty.
        ExtractorError: a frame cannot be converted or DuckDB could not write it (the
            message names the table); the previous file at ``path``, if any, is left as it
            was, and no temporary file remains.
    """
    import pyarrow as pa

    def fill(con: Any, name: str) -> None:
        con.register(_SOURCE, pa.Table.from_pandas(frames[name], preserve_index=False))
        con.execute(f"CREATE TABLE {_quote(name)} AS SELECT * FROM {_SOURCE}")
        con.unregister(_SOURCE)

    return _build(Path(path), list(frames), fill)


def parquet_to_duckdb(files: Mapping[str, str | Path], path: str | Path) -> Path:
    """Build a DuckDB file from Parquet files, one table per file, atomically.

    DuckDB streams the rows, so memory does not grow with the files.

    Args:
        files: table name -> Parquet file (such as the temporary files a streaming writer
            appended chunks to); rows keep their order. The files are left in place.
        path: the database file, as in :func:`write_duckdb`.

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Raises:
        ValueError: ``files`` is empty or a table name is empty.
        ExtractorError: a file cannot be read as Parquet (the message names the table);
            the previous file at ``path`` is left as it was.
    """
    def fill(con: Any, name: str) -> None:
        source = str(files[name]).replace("'", "''")
        con.execute(f"CREATE TABLE {_quote(name)} AS SELECT * FROM read_parquet('{source}')")

    return _build(Path(path), list(files), fill)


def nullable_dtype(arrow_type: Any) -> Any:
    """The nullable pandas dtype for an Arrow type (``Int64``, ``boolean``, ``string``),
    else None (pyarrow's default conversion); a ``types_mapper`` for ``to_pandas``."""
    import pyarrow as pa

    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()
    return None


def _connect_read_only(source: Path) -> Any:
    import duckdb

    if not source.is_file():
        raise FileNotFoundError(2, "no such DuckDB file", str(source))
    try:
        return duckdb.connect(str(source), read_only=True)
    except duckdb.Error as exc:
        raise ExtractorError(f"{source}: cannot read as a DuckDB database: {exc}") from exc


def duckdb_tables(path: str | Path) -> list[str]:
    """Names of the tables in the ``main`` schema of a DuckDB file, sorted.

    Raises:
        FileNotFoundError: ``path`` is not a file.
        ExtractorError: it is not a DuckDB database.
    """
    with _connect_read_only(Path(path)) as con:
        rows = con.execute("SELECT table_name FROM duckdb_tables() "
                           "WHERE schema_name = 'main' ORDER BY table_name").fetchall()
    return [str(r[0]) for r in rows]


def _select(con: Any, source: Path, table: str, columns: Sequence[str] | None) -> Any:
    import duckdb

    wanted = "*" if columns is None else ", ".join(map(_quote, columns))
    try:
        return con.sql(f"SELECT {wanted} FROM {_quote(table)}")
    except duckdb.Error as exc:
        raise ExtractorError(f"{source}: cannot read table {table!r}: {exc}") from exc


def read_duckdb(path: str | Path, tables: Sequence[str] | None = None
                ) -> dict[str, pd.DataFrame]:
    """Read tables of a DuckDB file, as written, into DataFrames.

    Args:
        path: a ``.duckdb`` file (opened read-only).
        tables: the tables to read (default: every table of the ``main`` schema).

    Returns:
        table name -> DataFrame, rows in the order they were written; ``VARCHAR`` as pandas
        ``string``, integers as ``Int64``, ``BOOLEAN`` as ``boolean`` (``NULL`` -> NA),
        other types as pyarrow converts them. Use :func:`extractor.load` for the
        documented dtypes (categories, dates).

    Raises:
        FileNotFoundError: ``path`` is not a file.
        ExtractorError: it is not a DuckDB database, or a table named is not in it.
    """
    source = Path(path)
    names = duckdb_tables(source) if tables is None else list(tables)
    out: dict[str, pd.DataFrame] = {}
    with _connect_read_only(source) as con:
        for name in names:
            relation = _select(con, source, name, None)
            # to_arrow_table: DuckDB >= 1.4; arrow() gives the same table before that
            fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
            out[name] = fetch().to_pandas(types_mapper=nullable_dtype)
    return out


def duckdb_batches(path: str | Path, table: str, columns: Sequence[str] | None = None,
                   batch_size: int = 65536) -> Iterator[Any]:
    """Stream one table of a DuckDB file as ``pyarrow.RecordBatch`` es, in row order
    (memory stays flat: for copying committed rows or reading their ids).

    Args:
        path: a ``.duckdb`` file (opened read-only while the iterator runs).
        table: the table.
        columns: the columns to read (default: all).
        batch_size: rows per batch, at most.

    Raises:
        FileNotFoundError: ``path`` is not a file.
        ExtractorError: it is not a DuckDB database, or has no such table or column.
    """
    source = Path(path)
    with _connect_read_only(source) as con:
        relation = _select(con, source, table, columns)
        # to_arrow_reader: DuckDB >= 1.4; fetch_record_batch before that
        reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
        yield from reader(batch_size)
