"""Command line: ``extractor run [INPUT ...] --out DIR [--format parquet|csv|jsonl]
[--workers N] [--resume] [--text-column NAME] [--id-column NAME]
[--dask-scheduler ADDRESS]``.

A thin layer: it validates arguments and calls :func:`extractor.run_job`.
Also runs as ``python -m extractor``.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from . import __version__
from .commands import add_input_options, add_subcommands
from .errors import ExtractorError
from .io import FORMATS
from .job import default_corpus, run_job


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


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
        description="Read articles (.txt and .html files; .jsonl, .jsonl.gz, .csv or "
                    ".parquet files with fields id, url, title, published, text or html; "
                    "folders of them) and write awards, campaigns, articles and mentions "
                    "tables to --out.",
    )
    add_input_options(run)
    run.add_argument("--out", required=True, type=Path, metavar="DIR",
                     help="output folder (created if missing)")
    run.add_argument("--format", choices=FORMATS, default="parquet",
                     help="table format (default: parquet)")
    run.add_argument("--workers", type=_positive, default=1, metavar="N",
                     help="worker processes (default: 1, this process); the tables are "
                          "the same for any N")
    run.add_argument("--resume", action="store_true",
                     help="skip the articles whose id is already in DIR/articles.<format> "
                          "and append the new rows to the tables there")
    run.add_argument("--dask-scheduler", default=None, metavar="ADDRESS",
                     help="extract on the workers of a running Dask scheduler "
                          "(e.g. tcp://10.0.0.5:8786; needs extractor[dask])")
    run.add_argument("--batch-size", type=_positive, default=None, metavar="N",
                     help="articles per unit of work (default: 1024 in this process, 512 "
                          "with --workers or --dask-scheduler)")
    run.add_argument("--checkpoint-every", type=_non_negative, default=50_000, metavar="N",
                     help="commit the tables every N records, so that --resume after a "
                          "killed run loses little (default: 50000; 0: only at the end)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    add_subcommands(sub)
    return parser


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM: unwind like Ctrl-C, so temporary files are removed."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``extractor`` command; returns the exit status.

    Exit status: 0 when at least one record was extracted, or (``--resume``) every record
    had been written before (bad records are reported in the ``articles`` table); 1 when
    nothing could be read; 2 on bad arguments, broken language data, or a folder that
    cannot be resumed; 130 / 143 when interrupted (the tables already in DIR are left as
    they were at the last checkpoint).
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command in ("run", "check") and args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out}: exists and is not a folder")
    if args.command in ("check", "report"):
        return int(args.handler(args))
    if args.command == "run":
        if args.dask_scheduler and args.workers > 1:
            parser.error("--workers and --dask-scheduler exclude each other: the Dask "
                         "cluster's workers do the work")
        inputs = args.inputs or [str(default_corpus())]
        previous = None
        if (threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL):
            previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            summary = run_job(inputs, args.out, fmt=args.format, progress=not args.quiet,
                              workers=args.workers, resume=args.resume,
                              text_column=args.text_column, id_column=args.id_column,
                              dask_scheduler=args.dask_scheduler,
                              batch_size=args.batch_size,
                              checkpoint_every=args.checkpoint_every)
        except ExtractorError as exc:
            print(f"extractor: {exc}", file=sys.stderr)
            return 2
        except ImportError as exc:
            if not args.dask_scheduler:
                raise
            print(f"extractor: {exc} (install the extra: pip install 'extractor[dask]')",
                  file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("extractor: interrupted; tables in DIR are as of the last checkpoint",
                  file=sys.stderr)
            return 130
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        print(summary.line(), file=sys.stderr)
        return 0 if summary.extracted > 0 or summary.skipped > 0 else 1
    return 2  # pragma: no cover - argparse enforces the subcommand


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
