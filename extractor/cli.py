"""Command line: ``extractor run [INPUT ...] --out DIR [--format parquet|csv|jsonl]``.

A thin layer: it validates arguments and calls :func:`extractor.run_job`.
Also runs as ``python -m extractor``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import ExtractorError
from .io import FORMATS
from .job import default_corpus, run_job


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Extract emulation campaigns and commendations (thi đua, khen thưởng) "
                    "from Vietnamese news into tables.",
    )
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run", help="extract awards, campaigns and articles tables",
        description="Read articles (.txt files, folders of them, or .jsonl files with fields "
                    "id, url, title, published, text) and write awards, campaigns, articles "
                    "and mentions tables to --out.",
    )
    run.add_argument("inputs", nargs="*", metavar="INPUT",
                     help="a .txt file, a folder, or a .jsonl file (default: the bundled "
                          "corpus/)")
    run.add_argument("--out", required=True, type=Path, metavar="DIR",
                     help="output folder (created if missing)")
    run.add_argument("--format", choices=FORMATS, default="parquet",
                     help="table format (default: parquet)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``extractor`` command; returns the exit status.

    Exit status: 0 when at least one record was read (bad records are reported in the
    ``articles`` table), 1 when nothing could be read, 2 on bad arguments or broken
    language data.
    """
    args = _parser().parse_args(argv)
    if args.command == "run":
        inputs = args.inputs or [str(default_corpus())]
        try:
            summary = run_job(inputs, args.out, fmt=args.format, progress=not args.quiet)
        except ExtractorError as exc:
            print(f"extractor: {exc}", file=sys.stderr)
            return 2
        print(summary.line(), file=sys.stderr)
        return 0 if summary.extracted > 0 else 1
    return 2  # pragma: no cover - argparse enforces the subcommand


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
