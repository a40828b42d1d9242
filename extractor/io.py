"""Readers for the input formats and writers for the output tables.

Inputs (see :func:`read_inputs`), all read as streams, one record at a time, so memory
stays flat whatever the corpus size:

* ``.txt``: one article, id = file stem, in any encoding :func:`decode_bytes` detects
  (UTF-8 with or without BOM, UTF-16, Windows-1258, TCVN3, VNI);
* ``.html`` / ``.htm``: one page (same encodings), reduced to its main text by
  trafilatura (:mod:`extractor.webpage`), title and date taken from it;
* ``.jsonl`` / ``.jsonl.gz``: one JSON object per line (fields ``id``, ``url``, ``title``,
  ``published``, ``text``, or ``html`` instead of ``text``);
* ``.csv`` / ``.csv.gz``: a header row, then one article per row (same column names);
* ``.parquet``: one article per row (same column names), read a row group batch at a
  time;
* a folder: its files of the kinds above, in name order (not recursive); any other
  file in it (but hidden ones) is reported as a ReadFailure.

Texts are kept as given (no normalisation: the pipeline maps its offsets back to them),
except that text in a legacy Vietnamese font encoding read as Latin-1 (TCVN3 or VNI
mojibake, as on old government pages) is converted to Unicode, which ``notes`` says.
The text and id fields can be renamed (``text_column``, ``id_column``). A record that
cannot be read is yielded as a :class:`ReadFailure` with its id (else its position,
``file:N``) and the reason; reading goes on with the next record.

Outputs: :class:`TableWriter` streams the ``awards``, ``campaigns``, ``mentions`` and
``articles`` tables to ``<table>.<fmt>`` in a folder, chunk by chunk, into hidden
temporary files that are moved into place (:func:`os.replace`) on commit, so an
interrupted run never leaves a half-written table. :func:`write_tables` writes a dict of
DataFrames in one go, the same way.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import pandas as pd

from .duck import DUCKDB_NAME, duckdb_batches, parquet_to_duckdb, write_duckdb
from .encodings_vi import Decoded, DecodeError, decode_bytes, repair_legacy
from .errors import ExtractorError
from .model import Article
from .webpage import looks_like_html, main_text

FORMATS = ("parquet", "csv", "jsonl", "duckdb")
TABLES = ("awards", "campaigns", "mentions", "articles")
"""The output tables, in the order a commit moves them into place (``articles`` last)."""

INPUT_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz", ".csv", ".csv.gz",
                  ".parquet")
"""File kinds a folder input is searched for."""

MAX_FILE_BYTES = 200_000_000
"""A ``.txt`` or ``.html`` file larger than this is reported, not read (the pipeline takes
at most :data:`extractor.pipeline.MAX_CHARS` characters anyway)."""

_META = ("title", "url", "published")


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A record that could not be read: ``id`` (or ``file:N``), ``source``, ``reason``."""

    id: str
    source: str
    reason: str


def input_kind(path: Path) -> str | None:
    """``"txt"``, ``"html"``, ``"jsonl"``, ``"csv"`` or ``"parquet"`` from the file name
    (``.gz`` allowed after ``.jsonl`` and ``.csv``; ``.htm`` is ``"html"``), else None."""
    name = path.name.lower()
    for suffix in INPUT_SUFFIXES:
        if name.endswith(suffix):
            kind = suffix.split(".")[1]
            return "html" if kind == "htm" else kind
    return None


def read_inputs(paths: Iterable[str | Path], *, text_column: str = "text",
                id_column: str | None = None, defer: bool = False
                ) -> Iterator[Article | ReadFailure | RawLine]:
    """Stream articles from files and folders, in the order given (folders sorted by name).

    Args:
        paths: files (``.txt``, ``.html``, ``.htm``, ``.jsonl``, ``.jsonl.gz``, ``.csv``,
            ``.csv.gz``, ``.parquet``; any other name is read as one ``.txt`` article) and
            folders (their files of those kinds, not recursive; any other file but a
            hidden one gives a ReadFailure, so nothing is left out unseen).
        text_column: the field (JSONL) or column (CSV, Parquet) holding the article text.
        id_column: the field or column holding the id. None: ``id`` when the record has
            one, else its position ``file:N`` (``file`` the absolute path, so that the id
            does not depend on how the path was typed). A name given explicitly must be a column of
            a CSV or Parquet file.
        defer: yield JSON Lines records as :class:`RawLine` (bytes, parsed later by
            :meth:`RawLine.parse`, e.g. in a worker process).

    Yields:
        :class:`~extractor.model.Article` (text as given) or :class:`ReadFailure` (or, with
        ``defer``, :class:`RawLine`), one at a time: memory does not grow with the corpus
        (a folder's file names are listed once). Nothing raises for a bad record; a path
        that does not exist gives one ReadFailure.
    """
    for raw in paths:
        # positions (``file:N``) are ids: the same file must give the same ids however
        # its path is typed, or ``--resume`` would not recognise them
        path = Path(raw).resolve()
        if path.is_dir():
            names = sorted(e.name for e in os.scandir(path)
                           if e.is_file() and not e.name.startswith("."))
            if not names:
                yield ReadFailure(str(path), str(path), "folder holds no file")
            for name in names:
                if input_kind(Path(name)) is None:
                    # reported, never skipped in silence
                    yield ReadFailure(str(path / name), str(path / name),
                                      "not an input file (expected "
                                      f"{', '.join(INPUT_SUFFIXES)})")
                else:
                    yield from _read_file(path / name, text_column, id_column, defer)
        elif path.is_file():
            yield from _read_file(path, text_column, id_column, defer)
        else:
            yield ReadFailure(str(path), str(path), "no such file or folder")


def _read_file(path: Path, text_column: str, id_column: str | None, defer: bool
               ) -> Iterator[Article | ReadFailure | RawLine]:
    kind = input_kind(path)
    if kind == "jsonl":
        yield from read_jsonl(path, text_column=text_column, id_column=id_column,
                              defer=defer)
    elif kind == "csv":
        yield from read_csv(path, text_column=text_column, id_column=id_column)
    elif kind == "parquet":
        yield from read_parquet(path, text_column=text_column, id_column=id_column)
    else:
        yield read_txt(path)


def read_txt(path: Path) -> Article | ReadFailure:
    """One article from a text or HTML file; its id is the file stem.

    The bytes are decoded by :func:`decode_bytes` (UTF-8, UTF-16, Windows-1258, TCVN3,
    VNI...). A page (``.html``/``.htm``, or text that starts like HTML) is reduced to its
    main text (:func:`extractor.webpage.main_text`), title and date from the page.

    Returns:
        The Article, or a ReadFailure: the file cannot be read, is larger than
        :data:`MAX_FILE_BYTES`, is not text in a known encoding (binary), or holds no
        text.
    """
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ReadFailure(path.stem, where,
                               f"file too large: {size} bytes > {MAX_FILE_BYTES}")
        data = path.read_bytes()
    except OSError as exc:
        return ReadFailure(path.stem, where, f"cannot read: {exc}")
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        return ReadFailure(path.stem, where, exc.reason)
    notes = _decode_notes(decoded)
    if looks_like_html(decoded.text) or (input_kind(path) == "html"
                                         and "<" in decoded.text[:65536]):
        return _page_article(path.stem, decoded.text, where, decoded.encoding, notes=notes)
    return _text_article(path.stem, decoded.text, where, encoding=decoded.encoding,
                         notes=notes)


def _decode_notes(decoded: Decoded) -> list[str]:
    notes = []
    if decoded.replaced:
        notes.append(f"{decoded.replaced} invalid UTF-8 byte sequences replaced by U+FFFD")
    if decoded.nuls_removed:
        notes.append(f"{decoded.nuls_removed} NUL bytes removed")
    return notes


def _page_article(rid: str, html: str, where: str, encoding: str | None, *,
                  title: str | None = None, url: str | None = None,
                  published: str | None = None, notes: list[str] | None = None
                  ) -> Article | ReadFailure:
    try:
        page = main_text(html)
    except Exception as exc:  # lxml refuses some markup: report it, go on
        return ReadFailure(rid, where, f"cannot read HTML: {type(exc).__name__}: {exc}")
    if not page.text.strip():
        return ReadFailure(rid, where, "HTML page holds no text")
    return _text_article(rid, page.text, where, encoding=encoding,
                         title=title or page.title, url=url,
                         published=published or page.published,
                         notes=[*(notes or []), f"HTML: main text by {page.how}"])


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_article(rid: str, text: str, where: str, *, encoding: str | None,
                  title: str | None = None, url: str | None = None,
                  published: str | None = None, notes: list[str] | None = None
                  ) -> Article | ReadFailure:
    """The Article of a decoded text (legacy-font mojibake repaired), or a ReadFailure
    when it holds no text."""
    if not text.strip():
        return ReadFailure(rid, where, "empty text")
    notes = list(notes or [])
    if _SURROGATE.search(text):  # "\ud800" in JSON: not encodable, no table could hold it
        text = _SURROGATE.sub("\ufffd", text)
        notes.append("lone surrogates replaced by U+FFFD")
    repaired, legacy = repair_legacy(text)
    if legacy is not None:
        text = repaired
        notes.append(f"text in the {legacy} font encoding converted to Unicode")
    return Article(id=rid, text=text, title=title, url=url, published=published,
                   source=where, encoding=encoding, notes="; ".join(notes) or None)


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _open_text(path: Path) -> IO[str]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", errors="strict", newline="")
    return path.open(encoding="utf-8-sig", errors="strict", newline="")


# what a corrupt or truncated file raises while it is read
_STREAM_ERRORS = (UnicodeDecodeError, OSError, EOFError, gzip.BadGzipFile, csv.Error)


@dataclass(frozen=True, slots=True)
class RawLine:
    """A JSON Lines record read but not parsed yet (:func:`read_inputs` with
    ``defer=True``): the line's bytes, its position ``file:line`` and the column names.
    :meth:`parse` gives what the reader would have yielded; a worker process can do it, so
    the process that reads only moves bytes."""

    data: bytes
    where: str
    text_column: str = "text"
    id_column: str | None = None

    def parse(self) -> Article | ReadFailure:
        """The Article of this line, or a ReadFailure (not text, not a JSON object, no
        text). A line that is not UTF-8 is decoded by :func:`decode_bytes` (a record
        written in Windows-1258, TCVN3 or VNI by an old tool), which the article's
        ``encoding`` says."""
        notes: list[str] = []
        try:
            line, encoding = self.data.decode("utf-8"), None
        except UnicodeDecodeError:
            try:
                decoded = decode_bytes(self.data)
            except DecodeError as exc:
                return ReadFailure(self.where, self.where, f"not UTF-8: {exc.reason}")
            line, encoding, notes = decoded.text, decoded.encoding, _decode_notes(decoded)
        return _record(line, self.where, self.text_column, self.id_column, encoding, notes)


def read_jsonl(path: Path, *, text_column: str = "text", id_column: str | None = None,
               defer: bool = False) -> Iterator[Article | ReadFailure | RawLine]:
    """Articles from a JSON Lines file (``.jsonl``, or gzip-compressed ``.jsonl.gz``), one
    per line (``\\n``-separated, UTF-8; a byte-order mark at the start of a line is
    ignored; a UTF-16 or UTF-32 file, with or without its mark, is read as such); blank
    lines are skipped. A record's position is ``file:line``. A line that is not UTF-8 is
    decoded by :func:`decode_bytes` (see :meth:`RawLine.parse`).

    Args:
        path: the file.
        text_column, id_column: as in :func:`read_inputs`.
        defer: yield each line as a :class:`RawLine` to be parsed later.

    Yields:
        Article or ReadFailure (a line that is not text or not a JSON object, a record
        with no text), or RawLine with ``defer``. A file that cannot be opened or stops
        decompressing (truncated gzip) gives one ReadFailure and ends there; a file with
        no record (empty, or blank lines only) gives one ReadFailure.
    """
    try:
        handle = _open_binary(path)
        wide = _wide_encoding(handle)
    except _STREAM_ERRORS as exc:
        yield ReadFailure(str(path), str(path), f"cannot open: {_stream_error(exc)}")
        return
    if wide is not None:  # UTF-16/32 (Windows tools write it): read lines as text
        handle = cast(IO[bytes], _Utf8Lines(io.TextIOWrapper(handle, encoding=wide,
                                                             newline="")))
    with handle:
        lineno = 0
        records = 0
        while True:
            lineno += 1
            where = f"{path}:{lineno}"
            try:
                data = handle.readline()
            except _STREAM_ERRORS as exc:
                yield ReadFailure(where, str(path), _stream_error(exc))
                records += 1
                break
            if not data:
                break
            if data.startswith(b"\xef\xbb\xbf"):  # a BOM: line 1, or files joined by cat
                data = data[3:]
            if not data.strip():
                continue  # blank lines are not records
            records += 1
            raw = RawLine(data, where, text_column, id_column)
            yield raw if defer else raw.parse()
        if records == 0:
            yield ReadFailure(str(path), str(path), "file holds no record")


_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
              (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _wide_encoding(handle: IO[bytes]) -> str | None:
    """``"utf-16"`` or ``"utf-32"`` when the stream starts with that byte order mark (or,
    without one, with a NUL byte as the second of ASCII ``{``: UTF-16-LE/BE), else None.
    The stream is rewound."""
    head = handle.read(4)
    handle.seek(0)
    for mark, name in _WIDE_BOMS:
        if head.startswith(mark):
            return name
    if head[:2] == b"{\x00":
        return "utf-16-le"
    if head[:2] == b"\x00{":
        return "utf-16-be"
    return None


class _Utf8Lines:
    """A text stream read line by line as UTF-8 bytes (what :class:`RawLine` holds)."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self._text = text

    def readline(self) -> bytes:
        return self._text.readline().encode("utf-8", "surrogatepass")

    def __enter__(self) -> _Utf8Lines:
        return self

    def __exit__(self, *exc: object) -> None:
        self._text.close()


def _stream_error(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8: {exc}"
    return f"cannot read: {type(exc).__name__}: {exc}"


def _record(line: str, where: str, text_column: str = "text", id_column: str | None = None,
            encoding: str | None = None, notes: list[str] | None = None
            ) -> Article | ReadFailure:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(where, where, f"not JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(obj, dict):
        return ReadFailure(where, where, "not a JSON object")
    return article_from(obj, where, text_column, id_column, encoding, notes)


def _kind(value: object) -> str:
    return "null" if value is None else f"{type(value).__name__}, not a string"


HTML_FIELD = "html"
"""The field (column) read as an HTML page when a record has no text."""


def article_from(record: Mapping[str, Any], where: str, text_column: str = "text",
                 id_column: str | None = None, encoding: str | None = None,
                 notes: list[str] | None = None) -> Article | ReadFailure:
    """An Article from one mapping record (a JSON object, a CSV or Parquet row).

    Args:
        record: field name -> value; ``title``, ``url`` and ``published`` are copied when
            present. A record whose text field is missing or empty but that has an
            ``html`` field gets the main text of that page (:mod:`extractor.webpage`),
            and the page's title and date where the record has none.
        where: the record's position (``file:N``): its id when it has none, and its
            ``source``.
        text_column, id_column: as in :func:`read_inputs`.
        encoding: how the record's bytes were decoded, for the ``articles`` table.
        notes: what was done to them on the way in (see ``Article.notes``).

    Returns:
        An Article with the text as given (legacy-font mojibake converted), or a
        ReadFailure naming the problem: no text field (the fields it has are listed),
        text not a string, text empty or whitespace only.
    """
    raw_id = record.get(id_column or "id")
    rid = where if raw_id is None or raw_id == "" else str(raw_id)
    text = record.get(text_column)

    notes = list(notes or [])

    def opt(name: str) -> str | None:
        value = record.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, (str, int, float)):
            notes.append(f"{name} is {type(value).__name__}, not a string: left out")
            return None
        return _SURROGATE.sub("\ufffd", str(value))

    html = record.get(HTML_FIELD) if text_column != HTML_FIELD else None
    if text is None or text == "":
        if isinstance(html, str) and html.strip():
            return _page_article(rid, html, where, encoding, title=opt("title"),
                                 url=opt("url"), published=opt("published"), notes=notes)
        if HTML_FIELD in record:
            return ReadFailure(rid, where, f"no text, and {HTML_FIELD!r} is "
                               f"{'empty' if isinstance(html, str) else _kind(html)}")
    if text is None and text_column in record:
        return ReadFailure(rid, where, "text is null")
    if text is None:
        fields = ", ".join(map(str, record)) or "none"
        return ReadFailure(rid, where, f"no {text_column!r} field (fields: {fields})")
    if not isinstance(text, str):
        return ReadFailure(rid, where, f"text is {type(text).__name__}, not a string")
    return _text_article(rid, text, where, encoding=encoding, title=opt("title"),
                         url=opt("url"), published=opt("published"), notes=notes)


def _missing_columns(path: Path, columns: Collection[str], text_column: str,
                     id_column: str | None) -> ReadFailure | None:
    wanted = [text_column] + ([id_column] if id_column else [])
    missing = [c for c in wanted if c not in columns
               and not (c == text_column and HTML_FIELD in columns)]
    if not missing:
        return None
    return ReadFailure(str(path), str(path),
                       f"no column {', '.join(map(repr, missing))} "
                       f"(columns: {', '.join(map(str, columns)) or 'none'})")


def read_csv(path: Path, *, text_column: str = "text", id_column: str | None = None
             ) -> Iterator[Article | ReadFailure]:
    """Articles from a CSV file (``.csv`` or ``.csv.gz``, UTF-8, comma-separated, header
    row, fields quoted as Excel and pandas write them: a text may hold newlines). A
    record's position is ``file:line`` of the line it starts on.

    Yields:
        Article or ReadFailure. A file without the text column (or the ``id_column`` named)
        gives one ReadFailure; so does a file that stops decoding, and reading ends there.
    """
    _raise_csv_field_limit()
    try:
        handle = _open_text(path)
    except OSError as exc:
        yield ReadFailure(str(path), str(path), f"cannot open: {exc}")
        return
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except _STREAM_ERRORS as exc:
            yield ReadFailure(str(path), str(path), _stream_error(exc))
            return
        if header is None:
            yield ReadFailure(str(path), str(path), "empty file")
            return
        failure = _missing_columns(path, header, text_column, id_column)
        if failure is not None:
            yield failure
            return
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader, None)
            except _STREAM_ERRORS as exc:
                yield ReadFailure(f"{path}:{line}", str(path), _stream_error(exc))
                return
            if row is None:
                return
            if row:  # csv gives [] for a blank line
                yield article_from(dict(zip(header, row, strict=False)), f"{path}:{line}",
                                   text_column, id_column)
            line = reader.line_num + 1


def _raise_csv_field_limit() -> None:
    """The csv module refuses fields over 128 KiB by default; an article can be longer."""
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


def read_parquet(path: Path, *, text_column: str = "text", id_column: str | None = None,
                 batch_size: int = 256) -> Iterator[Article | ReadFailure]:
    """Articles from a Parquet file, ``batch_size`` rows at a time (only the id, text and
    metadata columns are read). A record's position is ``file:row`` (1-based).

    Yields:
        Article or ReadFailure. A file that is not Parquet, or has no text column (or no
        ``id_column`` named), gives one ReadFailure.
    """
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        names = parquet.schema_arrow.names
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError...
        yield ReadFailure(str(path), str(path), f"cannot read Parquet: {exc}")
        return
    failure = _missing_columns(path, names, text_column, id_column)
    if failure is not None:
        yield failure
        return
    wanted = [text_column, id_column or "id", HTML_FIELD, *_META]
    columns = [c for c in dict.fromkeys(wanted) if c in names]
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=batch_size, columns=columns):
            for record in batch.to_pylist():
                row += 1
                yield article_from(record, f"{path}:{row}", text_column, id_column)
    except Exception as exc:  # a corrupt row group: report it and stop this file
        yield ReadFailure(f"{path}:{row + 1}", str(path), f"cannot read Parquet: {exc}")


# -- output -----------------------------------------------------------------------------

def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def write_tables(frames: dict[str, pd.DataFrame], out_dir: str | Path, fmt: str = "parquet"
                 ) -> list[Path]:
    """Write each DataFrame to ``out_dir/<name>.<fmt>``, atomically.

    Args:
        frames: table name -> DataFrame (as returned by :func:`extractor.to_frames`).
        out_dir: created if missing.
        fmt: ``"parquet"``, ``"csv"`` (UTF-8, header row) or ``"jsonl"`` (UTF-8, one
            object per line, non-ASCII kept).

    Returns:
        The paths written.

    Raises:
        ValueError: unknown ``fmt``.
    """
    _check_format(fmt)
    out = Path(out_dir)
    if fmt == "duckdb":
        return [write_duckdb(frames, out / DUCKDB_NAME)]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in frames.items():
        target = out / f"{name}.{fmt}"
        tmp = _temp_file(out, name, fmt)
        try:
            if fmt == "parquet":
                df.to_parquet(tmp, index=False)
            elif fmt == "csv":
                df.to_csv(tmp, index=False, encoding="utf-8")
            else:
                df.to_json(tmp, orient="records", lines=True, force_ascii=False)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        written.append(target)
    return written


def written_ids(out_dir: str | Path, fmt: str = "parquet") -> set[str]:
    """The ``article_id`` values of ``out_dir/articles.<fmt>`` (empty when there is none):
    the articles a resumed run skips. Read in chunks; only the ids are kept in memory.

    Raises:
        ValueError: unknown ``fmt``.
        ExtractorError: the file exists but cannot be read or has no ``article_id``.
    """
    _check_format(fmt)
    path = Path(out_dir) / (DUCKDB_NAME if fmt == "duckdb" else f"articles.{fmt}")
    if not path.is_file():
        return set()
    return {row[0] for row in _committed_rows(path, fmt, ["article_id"])}


def _committed_rows(path: Path, fmt: str, columns: list[str]) -> Iterator[tuple[str, ...]]:
    """Yield the given columns (as str) of every row of a table written by this module."""
    try:
        if fmt in ("parquet", "duckdb"):
            import pyarrow.parquet as pq

            batches = (duckdb_batches(path, "articles", columns) if fmt == "duckdb" else
                       pq.ParquetFile(path).iter_batches(batch_size=65536, columns=columns))
            for batch in batches:
                values = [batch.column(c).to_pylist() for c in columns]
                yield from (tuple(str(v) for v in row) for row in zip(*values, strict=True))
        elif fmt == "csv":
            with path.open(encoding="utf-8", newline="") as f:
                for rec in csv.DictReader(f):
                    yield tuple(rec[c] for c in columns)
        else:
            with path.open(encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        obj = json.loads(line)
                        yield tuple(str(obj[c]) for c in columns)
    except (OSError, ValueError, KeyError, csv.Error) as exc:
        raise ExtractorError(f"{path}: cannot read the table already written "
                             f"({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # pyarrow's errors
        raise ExtractorError(f"{path}: cannot read the table already written: {exc}") from exc


class TableWriter:
    """Stream the output tables to ``out_dir/<table>.<fmt>``, atomically.

    Rows are appended, chunk by chunk, to hidden temporary files in ``out_dir``
    (``.<table>.XXXX.<fmt>.tmp``); :meth:`commit` moves each into place with
    :func:`os.replace`, ``articles`` last. A process killed before that leaves the
    previous tables untouched; its temporary files are deleted by the next writer opened
    on the same folder (so only one run may write to a folder at a time).

    Parquet tables are written with one fixed schema (that of
    :func:`extractor.tables.to_frames`) through ``pyarrow.parquet.ParquetWriter``, one row
    group per flush; CSV and JSONL files are appended to. Reading the files back gives the
    same rows as :func:`write_tables` of all the chunks at once.

    Args:
        out_dir: created if missing.
        fmt: ``parquet``, ``csv`` or ``jsonl``.
        append: start each table with the rows already committed in ``out_dir``
            (``--resume``); a missing table starts empty.
        keep_ids: with ``append``, keep only the committed ``awards``, ``campaigns`` and
            ``mentions`` rows whose ``article_id`` is in it (drops rows of articles a
            torn commit left out of ``articles``).
        flush_rows: rows buffered per table before they are written (memory bound).

    Raises:
        ValueError: unknown ``fmt``.
        ExtractorError: with ``append``, a committed table cannot be read or has other
            columns.
    """

    def __init__(self, out_dir: str | Path, fmt: str = "parquet", *, append: bool = False,
                 keep_ids: Collection[str] | None = None, flush_rows: int = 10_000) -> None:
        from .tables import to_frames

        _check_format(fmt)
        self.out_dir = Path(out_dir)
        self.fmt = fmt
        self.flush_rows = max(1, flush_rows)
        self.rows = dict.fromkeys(TABLES, 0)
        """Rows written to each table by this writer (committed rows copied not counted)."""
        self._empty = to_frames([])
        self._buffers: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
        self._buffered = dict.fromkeys(TABLES, 0)
        self._tmp: dict[str, Path] = {}
        self._handles: dict[str, Any] = {}
        self._header_done: dict[str, bool] = {}
        self._schemas: dict[str, Any] = {}
        self._is_open = False
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._remove_stale()
        self._open(append, keep_ids)

    # -- lifecycle ------------------------------------------------------------------
    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()

    def _remove_stale(self) -> None:
        for name in TABLES:
            for stale in self.out_dir.glob(f".{name}.*.{self.fmt}.tmp"):
                stale.unlink(missing_ok=True)

    def _open(self, append: bool, keep_ids: Collection[str] | None) -> None:
        try:
            for name in TABLES:
                self._tmp[name] = _temp_file(self.out_dir, name, self.fmt)
                self._header_done[name] = False
                self._open_table(name)
                target = self.target(name)
                if append and target.is_file():
                    self._copy_committed(name, target,
                                         None if name == "articles" else keep_ids)
            self._is_open = True
        except BaseException:
            self.abort()
            raise

    def _open_table(self, name: str) -> None:
        tmp = self._tmp[name]
        if self.fmt in ("parquet", "duckdb"):
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = pa.Schema.from_pandas(self._empty[name], preserve_index=False)
            self._schemas[name] = schema
            self._handles[name] = pq.ParquetWriter(tmp, schema)
        else:
            self._handles[name] = tmp.open("w", encoding="utf-8", newline="")

    def target(self, name: str) -> Path:
        """The committed file of table ``name``: ``out_dir/<name>.<fmt>``
        (``out_dir/extractor.duckdb`` for every table in ``duckdb``)."""
        if self.fmt == "duckdb":
            return self.out_dir / DUCKDB_NAME
        return self.out_dir / f"{name}.{self.fmt}"

    # -- copying committed rows (resume, checkpoints) --------------------------------
    def _copy_committed(self, name: str, target: Path, keep_ids: Collection[str] | None
                        ) -> None:
        try:
            if self.fmt in ("parquet", "duckdb"):
                self._copy_parquet(name, target, keep_ids)
            elif self.fmt == "csv":
                self._copy_csv(name, target, keep_ids)
            else:
                self._copy_jsonl(name, target, keep_ids)
        except ExtractorError:
            raise
        except Exception as exc:
            raise ExtractorError(f"{target}: cannot append to the table already written "
                                 f"({type(exc).__name__}: {exc})") from exc

    def _copy_parquet(self, name: str, target: Path, keep_ids: Collection[str] | None
                      ) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        schema = self._schemas[name]
        if self.fmt == "duckdb":
            batches = duckdb_batches(target, name)
        else:
            source = pq.ParquetFile(target)
            if source.schema_arrow.names != schema.names:
                raise ExtractorError(f"{target}: cannot resume: its columns "
                                     f"{source.schema_arrow.names} are not {schema.names}")
            batches = source.iter_batches(batch_size=65536)
        value_set = pa.array(sorted(keep_ids), pa.large_string()) if keep_ids is not None \
            else None
        for batch in batches:
            table = pa.Table.from_batches([batch]).cast(schema)
            if value_set is not None:
                table = table.filter(pc.is_in(table["article_id"], value_set=value_set))
            if table.num_rows:
                self._handles[name].write_table(table)

    def _copy_csv(self, name: str, target: Path, keep_ids: Collection[str] | None) -> None:
        handle = self._handles[name]
        columns = list(self._empty[name].columns)
        with target.open(encoding="utf-8", newline="") as src:
            if keep_ids is None:
                header = src.readline()
                if next(csv.reader([header]), []) != columns:
                    raise ExtractorError(f"{target}: cannot resume: its header is not "
                                         f"{','.join(columns)}")
                handle.write(header)
                shutil.copyfileobj(src, handle)
            else:
                reader = csv.reader(src)
                if next(reader, []) != columns:
                    raise ExtractorError(f"{target}: cannot resume: its header is not "
                                         f"{','.join(columns)}")
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(columns)
                for row in reader:
                    if row and row[0] in keep_ids:
                        writer.writerow(row)
        self._header_done[name] = True

    def _copy_jsonl(self, name: str, target: Path, keep_ids: Collection[str] | None
                    ) -> None:
        handle = self._handles[name]
        with target.open(encoding="utf-8") as src:
            if keep_ids is None:
                shutil.copyfileobj(src, handle)
                return
            for line in src:
                if line.strip() and json.loads(line).get("article_id") in keep_ids:
                    handle.write(line if line.endswith("\n") else line + "\n")

    # -- writing --------------------------------------------------------------------
    def write(self, frames: Mapping[str, pd.DataFrame]) -> None:
        """Append one chunk of rows.

        Args:
            frames: table name -> DataFrame with that table's columns, as
                :func:`extractor.tables.to_frames` returns (tables missing from it get no
                rows).

        Raises:
            KeyError: an unknown table name.
            RuntimeError: the writer was committed or aborted.
        """
        if not self._is_open:
            raise RuntimeError("TableWriter: write after commit or abort")
        for name, df in frames.items():
            if name not in self._buffers:
                raise KeyError(f"unknown table {name!r} (tables: {', '.join(TABLES)})")
            if len(df) == 0:
                continue
            self._buffers[name].append(df)
            self._buffered[name] += len(df)
            if self._buffered[name] >= self.flush_rows:
                self._flush(name)

    def _flush(self, name: str) -> None:
        chunks = self._buffers[name]
        if not chunks:
            return
        df = chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)
        self._buffers[name] = []
        self._buffered[name] = 0
        handle = self._handles[name]
        if self.fmt in ("parquet", "duckdb"):
            import pyarrow as pa

            handle.write_table(pa.Table.from_pandas(df, schema=self._schemas[name],
                                                    preserve_index=False))
        elif self.fmt == "csv":
            df.to_csv(handle, index=False, header=not self._header_done[name])
            self._header_done[name] = True
        else:
            handle.write(df.to_json(orient="records", lines=True, force_ascii=False))
        self.rows[name] += len(df)

    def _close_all(self) -> None:
        for name in TABLES:
            if name in self._handles:
                if self.fmt == "csv" and not self._header_done[name]:
                    self._empty[name].to_csv(self._handles[name], index=False)
                    self._header_done[name] = True
                self._handles.pop(name).close()

    # -- commit / abort -------------------------------------------------------------
    def commit(self) -> list[Path]:
        """Write what is buffered and move every table into place, ``articles`` last.

        Returns:
            The four table paths. The writer is closed afterwards; a second call (or
            leaving a ``with`` block after an explicit commit) does nothing more.
        """
        if not self._is_open:
            return [self.target(name) for name in TABLES]
        self._is_open = False
        try:
            for name in TABLES:
                self._flush(name)
            self._close_all()
            for name in TABLES:
                _fsync(self._tmp[name])
            if self.fmt == "duckdb":
                parquet_to_duckdb(self._tmp, self.target("articles"))
                self.abort()  # deletes the Parquet temporaries
                return [self.target(name) for name in TABLES]
            written = []
            for name in TABLES:
                os.replace(self._tmp.pop(name), self.target(name))
                written.append(self.target(name))
            return written
        except BaseException:
            self.abort()
            raise

    def checkpoint(self) -> None:
        """Commit what was written so far, then go on appending: the tables in
        ``out_dir`` are complete up to here if the process is killed later. Costs a copy
        of the committed tables (they are the start of the next temporary files)."""
        self.commit()
        self._open(append=True, keep_ids=None)

    def abort(self) -> None:
        """Close and delete the temporary files; committed tables are left as they were."""
        self._is_open = False
        for handle in self._handles.values():
            with contextlib.suppress(Exception):  # a broken file is deleted below anyway
                handle.close()
        self._handles.clear()
        for tmp in self._tmp.values():
            tmp.unlink(missing_ok=True)
        self._tmp.clear()


def _temp_file(out: Path, name: str, fmt: str) -> Path:
    """Create an empty ``out/.<name>.XXXXXXXX.<fmt>.tmp``, with the permissions a new file
    gets (``tempfile.mkstemp`` would make it private, and the table with it)."""
    while True:
        path = out / f".{name}.{secrets.token_hex(4)}.{fmt}.tmp"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
