"""The ``check`` and ``report`` subcommands of ``extractor``.

``extractor check [INPUT ...] --out DIR [--claims CLAIMS.csv] [--format FMT] [--no-fail]``
    extracts every article, checks the facts (:func:`extractor.check.find_discrepancies`)
    and writes ``DIR/discrepancies.<fmt>`` beside the usual tables (``awards``,
    ``campaigns``, ``mentions``, ``articles``). Exit status: 0 when no discrepancy was
    found (``claim_confirmed`` rows are not discrepancies) or ``--no-fail`` was given; 1
    when one was; 2 on a bad claims file, broken language data, or when no input record
    could be read (the tables are still written in that last case).
``extractor report [INPUT ...] --out report.html [--claims CLAIMS.csv]``
    writes one self-contained HTML page (:func:`extractor.report.render_report`) with the
    discrepancies flagged. Exit status: 0 when written, 1 when no input record could be
    read (the page is still written), 2 on a bad claims file or broken language data.

:func:`add_subcommands` adds both to an :mod:`argparse` subparsers object; each parser
sets ``handler`` to its command function, which takes the parsed namespace and returns
the exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .check import failing, find_discrepancies, normalise_url, read_claims
from .duck import DUCKDB_NAME
from .errors import ExtractorError
from .io import FORMATS, INPUT_SUFFIXES, read_inputs, write_tables
from .model import ExtractionResult

MAX_LISTED = 20
"""Discrepancies listed on stderr by ``check`` (all are in the table)."""


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Add what ``run``, ``check`` and ``report`` read alike: the INPUT paths and
    ``--text-column`` / ``--id-column`` (see :func:`extractor.io.read_inputs`)."""
    kinds = ", ".join(INPUT_SUFFIXES)
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help=f"a {kinds} file (any other name is read as a .txt), or a "
                             "folder of them (default: the bundled corpus/)")
    parser.add_argument("--text-column", default="text", metavar="NAME",
                        help="field/column holding the text in JSONL, CSV and Parquet "
                             "inputs (default: text; a record without it is read from its "
                             "html field)")
    parser.add_argument("--id-column", default=None, metavar="NAME",
                        help="field/column holding the article id (default: id when "
                             "present, else the record's file:line)")


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    parser.add_argument("--claims", type=Path, default=None, metavar="CLAIMS.csv",
                        help="claims to compare with the text: a CSV file with columns "
                             "article_id or url, form, level, recipient, count and "
                             "optionally campaign")
    parser.add_argument("--quiet", action="store_true",
                        help="print only the summary line")


def add_subcommands(subparsers: Any) -> None:
    """Add the ``check`` and ``report`` parsers to ``subparsers`` (what
    :meth:`argparse.ArgumentParser.add_subparsers` returns). Each sets
    ``handler`` (:func:`check_command` / :func:`report_command`) in the namespace."""
    check = subparsers.add_parser(
        "check", help="check extracted facts for discrepancies (and against claims)",
        description="Extract every article, then look for totals their breakdown does not "
                    "match, headline counts the body does not add up to, awards restated "
                    "with other counts, articles reporting one award event with different "
                    "counts and, with --claims, claims the text contradicts or lacks. "
                    "Writes DIR/discrepancies.<format> with the usual tables. Exit status 1 "
                    "when a discrepancy is found (unless --no-fail).")
    _add_inputs(check)
    check.add_argument("--out", required=True, type=Path, metavar="DIR",
                       help="output folder (created if missing)")
    check.add_argument("--format", choices=FORMATS, default="parquet",
                       help="table format (default: parquet)")
    check.add_argument("--no-fail", action="store_true",
                       help="exit 0 even when discrepancies are found")
    check.set_defaults(handler=check_command)
    report = subparsers.add_parser(
        "report", help="write a self-contained HTML evidence report",
        description="Extract every article and write one HTML page (no network access "
                    "needed to view it): each article's text with counts, awards, "
                    "authorities and campaigns highlighted, its facts linked to their "
                    "evidence, and its discrepancies flagged.")
    _add_inputs(report)
    report.add_argument("--out", required=True, type=Path, metavar="report.html",
                        help="the HTML file to write (its folder is created if missing)")
    report.add_argument("--title", default=None, help="title of the page")
    report.set_defaults(handler=report_command)


def _inputs(args: argparse.Namespace) -> list[str]:
    if args.inputs:
        return [str(p) for p in args.inputs]
    from .job import default_corpus

    return [str(default_corpus())]


def _extract(args: argparse.Namespace) -> list[ExtractionResult]:
    """Every record of the inputs, extracted, in order (unreadable ones as errors; ids
    used twice as ``extractor run`` treats them, :func:`extractor.tables.unique_ids`).

    Raises:
        ResourceError: broken language data.
    """
    from .parallel import results_of
    from .pipeline import load_resources
    from .tables import unique_ids

    load_resources()
    records = read_inputs(_inputs(args), text_column=args.text_column,
                          id_column=args.id_column)
    return list(unique_ids(results_of(records)))


def _counts(results: Sequence[ExtractionResult]) -> str:
    """``read N, extracted N, failed N[, N duplicates]``, as ``extractor run`` says it."""
    ok = sum(r.status == "ok" for r in results)
    repeats = sum(r.status == "duplicate" for r in results)
    return (f"read {len(results)}, extracted {ok}, failed {len(results) - ok - repeats}"
            + (f", {repeats} duplicates" if repeats else ""))


def _claims(args: argparse.Namespace) -> Any:
    return read_claims(args.claims) if args.claims is not None else None


def _warn_unknown_claims(claims: Any, results: Sequence[ExtractionResult]) -> None:
    if claims is None:
        return
    ids = {r.article.id for r in results if r.status == "ok"}
    urls = {normalise_url(r.article.url) for r in results if r.status == "ok"} - {None}
    for claim in claims.to_dict("records"):
        cid = claim["article_id"] if isinstance(claim["article_id"], str) else None
        url = normalise_url(claim["url"]) if isinstance(claim["url"], str) else None
        if (cid is None or cid not in ids) and (url is None or url not in urls):
            print(f"extractor: claims line {claim['line']}: article "
                  f"{cid or url!r} is not among the inputs", file=sys.stderr)


def _read(args: argparse.Namespace) -> tuple[Any, list[Any]] | int:
    """The claims and extraction results of ``args``, or exit status 2 after printing why
    (a bad claims file, broken language data)."""
    try:
        return _claims(args), _extract(args)
    except ExtractorError as exc:
        print(f"extractor: {exc}", file=sys.stderr)
        return 2


def check_command(args: argparse.Namespace) -> int:
    """Run ``extractor check`` with parsed arguments.

    Args:
        args: ``inputs``, ``out``, ``format``, ``claims``, ``no_fail``, ``text_column``,
            ``id_column``, ``quiet`` (as :func:`add_subcommands` defines them).

    Returns:
        The exit status: 0 no discrepancy (or ``--no-fail``), 1 discrepancies found, 2
        bad claims file, broken language data, or no record could be read. Writes
        ``awards``, ``campaigns``, ``articles``, ``mentions`` and ``discrepancies``
        tables to ``args.out`` in ``args.format``.
    """
    read = _read(args)
    if isinstance(read, int):
        return read
    claims, results = read
    from .tables import to_frames

    discrepancies = find_discrepancies(results, claims)
    frames = to_frames(results)
    frames["discrepancies"] = discrepancies
    write_tables(frames, args.out, args.format)
    bad = failing(discrepancies)
    ok = sum(r.status == "ok" for r in results)
    by_kind = discrepancies["kind"].value_counts().sort_index()
    kinds = ", ".join(f"{k} {n}" for k, n in by_kind.items())
    if not args.quiet:
        _warn_unknown_claims(claims, results)
        for row in bad.head(MAX_LISTED).to_dict("records"):
            other = f" vs {row['other_article_id']}" if isinstance(
                row["other_article_id"], str) else ""
            evidence = row["evidence"] if isinstance(row["evidence"], str) else ""
            found = "-" if pd.isna(row["found"]) else row["found"]
            print(f"{row['kind']}: {row['article_id']}{other}: {row['form']} "
                  f"{row['recipient']} expected {row['expected']}, found {found}"
                  f"{': «' + evidence + '»' if evidence else ''}", file=sys.stderr)
        if len(bad) > MAX_LISTED:
            print(f"... and {len(bad) - MAX_LISTED} more", file=sys.stderr)
    name = DUCKDB_NAME if args.format == "duckdb" else f"discrepancies.{args.format}"
    out = Path(args.out) / name
    confirmed = len(discrepancies) - len(bad)
    also = f", {confirmed} claims confirmed" if confirmed else ""
    kinds = f" ({kinds})" if kinds else ""
    print(f"{_counts(results)}: {len(bad)} discrepancies{also}{kinds} -> {out}",
          file=sys.stderr)
    if ok == 0:
        print("extractor: no input record could be read", file=sys.stderr)
        return 2
    return 1 if len(bad) and not args.no_fail else 0


def report_command(args: argparse.Namespace) -> int:
    """Run ``extractor report`` with parsed arguments.

    Args:
        args: ``inputs``, ``out`` (the HTML file), ``claims``, ``title``, ``text_column``,
            ``id_column``, ``quiet``.

    Returns:
        The exit status: 0 written, 1 written but no record could be read, 2 bad claims
        file or broken language data (nothing written). The page is written as UTF-8,
        atomically (a temporary file in the same folder, then renamed).
    """
    from .report import render_report

    read = _read(args)
    if isinstance(read, int):
        return read
    claims, results = read
    discrepancies = find_discrepancies(results, claims)
    page = render_report(results, discrepancies, **({"title": args.title} if args.title
                                                      else {}))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    ok = sum(r.status == "ok" for r in results)
    print(f"{_counts(results)}: {len(failing(discrepancies))} discrepancies -> {out}",
          file=sys.stderr)
    return 0 if ok else 1

