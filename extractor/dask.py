"""Extraction on Dask, for corpora that outgrow one machine (``pip install 'extractor[dask]'``).

Two ways in:

* :func:`extract_bag` / :func:`extract_dataframe` map the extractor over the partitions of
  a ``dask.bag.Bag`` of records or of a ``dask.dataframe.DataFrame`` of articles and
  return the output tables as lazy Dask DataFrames, for further Dask work::

      import dask, dask.bag as db, json
      from distributed import Client
      from extractor.dask import extract_bag

      client = Client("tcp://scheduler:8786")          # or LocalCluster()
      bag = db.read_text("s3://news/*.jsonl.gz").map(json.loads)
      tables = extract_bag(bag)                         # {"awards": dd.DataFrame, ...}
      awards, articles = dask.compute(tables["awards"], tables["articles"])

  Compute the tables you need **in one** ``dask.compute`` call (or ``persist`` them):
  they share the extraction tasks, and computing them one by one extracts each
  partition again.

* ``extractor run INPUT --out DIR --dask-scheduler ADDRESS`` (:func:`extractor.run_job`
  with ``dask_scheduler``): this process streams the inputs and writes the tables as in a
  local run (same rows, same order, ``--resume`` and atomic writes), and the scheduler's
  workers do the extraction, one batch per task.

Every Dask worker must be able to import ``extractor`` (same version); each builds the
pipeline once, on its first task.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .io import TABLES, RawLine, ReadFailure, article_from
from .model import Article
from .parallel import results_of
from .tables import to_frames


def _records(items: Iterable[Any], label: str, text_column: str, id_column: str | None
             ) -> list[Article | ReadFailure]:
    out: list[Article | ReadFailure] = []
    for n, item in enumerate(items, start=1):
        where = f"{label}:{n}"
        if isinstance(item, Article | ReadFailure):
            out.append(item)
        elif isinstance(item, RawLine):
            out.append(item.parse())
        elif isinstance(item, Mapping):
            out.append(article_from(item, where, text_column, id_column))
        else:
            out.append(ReadFailure(where, where,
                                   f"not a record: {type(item).__name__} (expected a "
                                   "mapping with a text field, or an Article)"))
    return out


def extract_partition(items: Iterable[Any], label: str = "partition", *,
                      text_column: str = "text", id_column: str | None = None
                      ) -> dict[str, pd.DataFrame]:
    """Extract one partition of records into the output tables.

    Args:
        items: records: mappings (JSON objects, rows) with a ``text_column`` field and
            optional ``id`` (or ``id_column``), ``title``, ``url``, ``published``; or
            :class:`~extractor.model.Article` objects. Anything else becomes an ``error``
            row.
        label: prefix of the position ``label:N`` given to a record without an id.
        text_column, id_column: as in :func:`extractor.io.read_inputs`.

    Returns:
        ``{"awards", "campaigns", "mentions", "articles"}`` pandas DataFrames with the
        columns of :mod:`extractor.tables` (offsets in characters).

    Raises:
        ResourceError: the language data is broken.
    """
    return to_frames(results_of(_records(items, label, text_column, id_column)))


def _extract_rows(frame: pd.DataFrame, label: str, text_column: str, id_column: str | None
                  ) -> dict[str, pd.DataFrame]:
    rows = (
        {k: (None if _is_missing(v) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    )
    return extract_partition(rows, label, text_column=text_column, id_column=id_column)


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists, arrays: not a scalar, not missing
        return False


def _tables(parts: list[Any], meta: dict[str, pd.DataFrame]) -> dict[str, Any]:
    import dask.dataframe as dd

    return {name: dd.from_delayed([p[name] for p in parts], meta=meta[name],
                                  verify_meta=False)
            for name in TABLES}


def extract_bag(bag: Any, *, text_column: str = "text", id_column: str | None = None
                ) -> dict[str, Any]:
    """Map the extractor over a Dask bag of records.

    Args:
        bag: a ``dask.bag.Bag`` of mappings (e.g. ``db.read_text(...).map(json.loads)``)
            or of :class:`~extractor.model.Article` objects.
        text_column, id_column: as in :func:`extractor.io.read_inputs`. A record without
            an id gets ``bag:<partition>:<n>``.

    Returns:
        ``{"awards", "campaigns", "mentions", "articles"}`` lazy
        ``dask.dataframe.DataFrame`` objects with the columns and dtypes of
        :func:`extractor.tables.to_frames`, one partition per bag partition, rows in bag
        order (the index restarts in each partition). Compute them together (see the
        module docstring).

    Raises:
        ImportError: ``dask`` is not installed.
    """
    from dask import delayed

    parts = [delayed(extract_partition)(part, f"bag:{i}", text_column=text_column,
                                        id_column=id_column)
             for i, part in enumerate(bag.to_delayed())]
    return _tables(parts, to_frames([]))


def extract_dataframe(df: Any, *, text_column: str = "text", id_column: str | None = None
                      ) -> dict[str, Any]:
    """Map the extractor over a Dask DataFrame with one article per row.

    Args:
        df: a ``dask.dataframe.DataFrame`` (e.g. ``dd.read_parquet(...)``) with a
            ``text_column`` column and optional ``id`` (or ``id_column``), ``title``,
            ``url``, ``published`` columns. Missing values count as absent.
        text_column, id_column: as in :func:`extractor.io.read_inputs`. A row without an
            id gets ``dataframe:<partition>:<n>``.

    Returns:
        The four tables as lazy Dask DataFrames, as :func:`extract_bag` does.

    Raises:
        ImportError: ``dask`` is not installed.
    """
    from dask import delayed

    parts = [delayed(_extract_rows)(part, f"dataframe:{i}", text_column, id_column)
             for i, part in enumerate(df.to_delayed())]
    return _tables(parts, to_frames([]))
