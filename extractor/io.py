"""Readers for the input formats and writers for the output tables.

Inputs (see :func:`read_inputs`): a ``.txt`` file (one article, id = file stem), a
folder of ``.txt`` / ``.jsonl`` files, or a ``.jsonl`` file with one article per line
(fields ``id``, ``url``, ``title``, ``published``, ``text``). Readers stream: one record
at a time, whatever the corpus size.

A record that cannot be read is yielded as a :class:`ReadFailure` with its id (or
``file:line``) and the reason; reading goes on with the next record.

Outputs (see :func:`write_tables`): ``<table>.parquet``, ``.csv`` or ``.jsonl`` in a
folder, each written to a temporary file first and moved into place, so an interrupted
run never leaves a half-written table.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .model import Article
from .normalize import canonical

FORMATS = ("parquet", "csv", "jsonl")


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A record that could not be read: ``id`` (or ``file:line``), ``source``, ``reason``."""

    id: str
    source: str
    reason: str


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Article | ReadFailure]:
    """Stream articles from files and folders, in the order given (folders sorted by name).

    Yields:
        :class:`~extractor.model.Article` (text in NFC) or :class:`ReadFailure`.
        Nothing raises for a bad record; a path that does not exist gives one
        ReadFailure.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            children = sorted(p for p in path.iterdir()
                              if p.is_file() and p.suffix.lower() in (".txt", ".jsonl"))
            if not children:
                yield ReadFailure(str(path), str(path), "folder holds no .txt or .jsonl file")
            for child in children:
                yield from _read_file(child)
        elif path.is_file():
            yield from _read_file(path)
        else:
            yield ReadFailure(str(path), str(path), "no such file or folder")


def _read_file(path: Path) -> Iterator[Article | ReadFailure]:
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl(path)
    else:
        yield read_txt(path)


def read_txt(path: Path) -> Article | ReadFailure:
    """One article from a UTF-8 text file; its id is the file stem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return ReadFailure(path.stem, str(path), f"cannot read: {exc}")
    if not text.strip():
        return ReadFailure(path.stem, str(path), "empty text")
    return Article(id=path.stem, text=canonical(text), source=str(path))


def read_jsonl(path: Path) -> Iterator[Article | ReadFailure]:
    """Articles from a JSON Lines file, one per line; blank lines are skipped."""
    try:
        handle = path.open(encoding="utf-8-sig", errors="strict")
    except OSError as exc:
        yield ReadFailure(str(path), str(path), f"cannot open: {exc}")
        return
    with handle:
        lineno = 0
        while True:
            lineno += 1
            where = f"{path}:{lineno}"
            try:
                line = handle.readline()
            except UnicodeDecodeError as exc:
                yield ReadFailure(where, str(path), f"not UTF-8: {exc}")
                break
            if not line:
                break
            if not line.strip():
                continue
            yield _record(line, where)


def _record(line: str, where: str) -> Article | ReadFailure:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(where, where, f"not JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(obj, dict):
        return ReadFailure(where, where, "not a JSON object")
    rid = str(obj.get("id") or where)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return ReadFailure(rid, where, "no text" if text is None else "empty text")

    def opt(name: str) -> str | None:
        value = obj.get(name)
        return None if value is None else str(value)

    return Article(id=rid, text=canonical(text), title=opt("title"), url=opt("url"),
                   published=opt("published"), source=where)


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
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in frames.items():
        target = out / f"{name}.{fmt}"
        fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=f".{fmt}.tmp")
        os.close(fd)
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
