"""Aggregates and displays for notebooks, over the tables :func:`extractor.load` returns.

The common question, "how many collectives and individuals received each form at each
level, per province and year", is :func:`recipients_by_form_level`. Its counting rule:

* a row whose ``total`` is True is **not** counted: it is a total that other rows break
  down ("khen thưởng 25 tập thể, 40 cá nhân, trong đó ... bằng khen cho 4 tập thể ..."),
  and the breakdown rows are counted instead, so nobody is counted twice;
* every other row adds its ``count`` to the column of its ``recipient`` type
  (``collectives``, ``individuals``, ``households``, ``unknown`` for a combined "tập thể và
  cá nhân" count); an approximate count ("hơn 100") adds the number written; a missing
  count adds nothing;
* the year is that of the article's ``published`` date; rows whose province or year is
  unknown are kept, as a group with NA there.

:func:`summary` gives a small overview of a run, :func:`highlight` and
:func:`article_evidence_html` show an article with its evidence spans marked.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from .io import ReadFailure, read_inputs
from .load import CATEGORIES, article_years
from .model import Article
from .tables import IdRegistry, text_hash

RECIPIENT_COLUMNS = {"collective": "collectives", "individual": "individuals",
                     "household": "households", "unknown": "unknown"}
"""``recipient`` code -> column of :func:`recipients_by_form_level`."""

COUNT_COLUMNS = tuple(RECIPIENT_COLUMNS.values())
"""The count columns of :func:`recipients_by_form_level`, in order."""


def _categorical(values: pd.Series, column: str) -> pd.Series:
    """``form`` / ``level`` / ``recipient`` with the fixed categories of extractor.load."""
    dtype = pd.CategoricalDtype(list(CATEGORIES["awards"][column]))
    return values.astype("string").astype(dtype)


def _years(awards: pd.DataFrame, articles: pd.DataFrame | None) -> pd.Series:
    if articles is not None:
        return article_years(awards["article_id"], articles)
    if "year" in awards.columns:
        return awards["year"].astype("Int64")
    return pd.Series(pd.NA, index=awards.index, dtype="Int64")


def recipients_by_form_level(awards: pd.DataFrame, articles: pd.DataFrame | None = None,
                             *, place: str = "province") -> pd.DataFrame:
    """Recipients of each award form at each level, per province and year (tidy).

    Counting rule (module docstring): rows with ``total`` True are left out, as their
    breakdown rows are counted; the others add ``count`` to their recipient type.

    Args:
        awards: the ``awards`` table (from :func:`extractor.load`, or
            :func:`extractor.to_frames`: string codes are made categorical here).
        articles: the ``articles`` table; the year is taken from its ``published``
            (parsed as :func:`extractor.load` does). None: the ``year`` column that
            :func:`extractor.load` adds to ``awards``, NA when there is none.
        place: ``"province"`` (as the article names it) or ``"province_2025"`` (after the
            2025 merger).

    Returns:
        One row per (``place``, ``year``, ``form``, ``level``) that has at least one
        counted row, sorted by them (codes in the order of :mod:`extractor.model`, NA
        last), with columns ``place`` (``string``), ``year`` (``Int64``), ``form`` and
        ``level`` (``category``), then ``collectives``, ``individuals``, ``households``,
        ``unknown`` (``Int64``, 0 when none). Summing a count column gives the recipients
        of that type in the table, each counted once.

    Raises:
        KeyError: a column this needs is missing from ``awards``.
    """
    needed = ["article_id", "form", "level", "recipient", "count", "total", place]
    missing = [c for c in needed if c not in awards.columns]
    if missing:
        raise KeyError(f"awards has no column {', '.join(missing)}")
    counted = ~awards["total"].astype("boolean").fillna(False).astype(bool)
    rows = awards[counted]
    count = rows["count"].astype("Int64").fillna(0)
    recipient = rows["recipient"].astype("string")
    keys = pd.DataFrame({
        place: rows[place].astype("string"),
        "year": _years(rows, articles),
        "form": _categorical(rows["form"], "form"),
        "level": _categorical(rows["level"], "level"),
    })
    for code, column in RECIPIENT_COLUMNS.items():
        keys[column] = count.where(recipient.eq(code).fillna(False).astype(bool), 0)
    out = (keys.groupby([place, "year", "form", "level"], dropna=False, observed=True,
                        sort=True)[list(COUNT_COLUMNS)]
           .sum()
           .reset_index())
    out[place] = out[place].astype("string")
    out["year"] = out["year"].astype("Int64")
    for column in COUNT_COLUMNS:
        out[column] = out[column].astype("Int64")
    return out


def form_level_table(tidy: pd.DataFrame, values: Sequence[str] = COUNT_COLUMNS
                     ) -> pd.DataFrame:
    """Recipients by form (rows) and level (columns), from
    :func:`recipients_by_form_level`.

    Args:
        tidy: the frame :func:`recipients_by_form_level` returns.
        values: the count columns added up (default: all recipient types).

    Returns:
        Index ``form`` (forms present), columns ``level`` (levels present), ``Int64``
        cells, 0 where none.
    """
    total = tidy[list(values)].sum(axis=1).astype("Int64")
    table = (total.groupby([tidy["form"], tidy["level"]], observed=True).sum()
             .unstack("level", fill_value=0))
    return table.astype("Int64")


def collectives_vs_individuals(tidy: pd.DataFrame, by: str = "province") -> pd.DataFrame:
    """Collectives and individuals per ``by`` (a key column of
    :func:`recipients_by_form_level`: ``province``, ``year``...).

    Returns:
        Index ``by`` (NA kept, last), columns ``collectives`` and ``individuals``
        (``Int64``), sorted by their sum, largest first.
    """
    sums = tidy.groupby(by, dropna=False, observed=True)[["collectives", "individuals"]].sum()
    order = sums.sum(axis=1).sort_values(ascending=False, kind="stable").index
    return sums.loc[order].astype("Int64")


def summary(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """A small overview of a run: how many articles, rows, recipients, campaigns.

    Args:
        frames: the tables, as :func:`extractor.load` returns them.

    Returns:
        One column ``value`` (``Int64``) indexed by measure: ``articles``,
        ``articles_ok``, ``articles_error``, ``award_rows``, ``total_rows``,
        ``recipients`` (counted as in :func:`recipients_by_form_level`), ``collectives``,
        ``individuals``, ``households``, ``unknown_recipients``, ``campaigns``,
        ``mentions``, ``provinces`` (distinct), ``first_year`` and ``last_year``
        (published), and ``discrepancies`` when that table is present.

    Raises:
        KeyError: one of the four core tables is missing.
    """
    awards, articles = frames["awards"], frames["articles"]
    tidy = recipients_by_form_level(awards, articles)
    years = article_years(articles["article_id"], articles).dropna()
    status = articles["status"].astype("string")
    values: dict[str, int | None] = {
        "articles": len(articles),
        "articles_ok": int(status.eq("ok").sum()),
        "articles_error": int(status.eq("error").sum()),
        "award_rows": len(awards),
        "total_rows": int(awards["total"].astype("boolean").fillna(False).sum()),
        "recipients": int(tidy[list(COUNT_COLUMNS)].to_numpy().sum()),
        "collectives": int(tidy["collectives"].sum()),
        "individuals": int(tidy["individuals"].sum()),
        "households": int(tidy["households"].sum()),
        "unknown_recipients": int(tidy["unknown"].sum()),
        "campaigns": len(frames["campaigns"]),
        "mentions": len(frames["mentions"]),
        "provinces": int(awards["province"].nunique()),
        "first_year": int(years.min()) if len(years) else None,
        "last_year": int(years.max()) if len(years) else None,
    }
    if "discrepancies" in frames:
        values["discrepancies"] = len(frames["discrepancies"])
    return pd.DataFrame({"value": pd.array(list(values.values()), dtype="Int64")},
                        index=pd.Index(list(values), name="measure"))


Span = tuple[int, int] | tuple[int, int, str]


def highlight(text: str, spans: Iterable[Span]) -> str:
    """``text`` as HTML with each span wrapped in ``<mark>``, for ``IPython.display.HTML``.

    Args:
        text: the article text the offsets index into (as read).
        spans: ``(start, end)`` or ``(start, end, label)`` character offsets, half-open;
            they may overlap or repeat (overlaps are marked once, with every label).

    Returns:
        A ``<div>`` keeping line breaks (``white-space: pre-wrap``); text and labels are
        HTML-escaped; a marked run's labels, joined by "; ", are its ``title`` (shown on
        hover; none when its spans have no label). Zero-length spans are ignored.

    Raises:
        ValueError: a span is not within ``0 <= start <= end <= len(text)``.

    >>> highlight("a <b> c", [(2, 5, "x")])
    '<div style="white-space: pre-wrap">a <mark title="x">&lt;b&gt;</mark> c</div>'
    """
    marks: list[tuple[int, int, str]] = []
    for span in spans:
        start, end = int(span[0]), int(span[1])
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span ({start}, {end}) is outside the text (0, {len(text)})")
        if start < end:
            marks.append((start, end, str(span[2]) if len(span) > 2 else ""))
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    pieces = []
    for a, b in itertools.pairwise(cuts):
        segment = html.escape(text[a:b])
        labels = [label for start, end, label in marks if start < b and end > a]
        title = "; ".join(dict.fromkeys(x for x in labels if x))
        if title:
            pieces.append(f'<mark title="{html.escape(title)}">{segment}</mark>')
        elif labels:
            pieces.append(f"<mark>{segment}</mark>")
        else:
            pieces.append(segment)
    return '<div style="white-space: pre-wrap">' + "".join(pieces) + "</div>"


def article_evidence_html(text: str, article_id: str, awards: pd.DataFrame,
                          mentions: pd.DataFrame | None = None) -> str:
    """One article with the evidence of its ``awards`` rows (and ``mentions``) marked.

    Args:
        text: the article text (:func:`article_texts`).
        article_id: whose rows to mark.
        awards, mentions: the tables (their ``start``/``end`` index into ``text``).

    Returns:
        HTML as :func:`highlight`; each mark's title says ``form · level · recipient ×
        count`` (``total`` noted) or which fact a mention restates.

    Raises:
        ValueError: an offset is outside ``text`` (the text is not the one extracted).
    """
    spans: list[Span] = []
    for row in awards[awards["article_id"] == article_id].to_dict("records"):
        label = f"{row['form']} · {row['level']} · {row['recipient']} × {row['count']}"
        if row["total"] is True:
            label += " (total)"
        spans.append((int(row["start"]), int(row["end"]), label))
    if mentions is not None:
        for row in mentions[mentions["article_id"] == article_id].to_dict("records"):
            spans.append((int(row["start"]), int(row["end"]), f"mention of {row['fact_id']}"))
    return highlight(text, spans)


def article_texts(inputs: Iterable[str | Path], ids: Iterable[str] | None = None
                  ) -> dict[str, str]:
    """The texts of articles, as the extractor read them (the offsets index into them).

    Args:
        inputs: files and folders, as for :func:`extractor.run_job`.
        ids: keep only these article ids (default: every readable article).

    Returns:
        article id -> text, under the ids of the output tables: an id used twice keeps
        its first text, and a different text under it is ``<id>~2`` as in the run
        (:class:`extractor.tables.IdRegistry`); records that cannot be read are left out.
    """
    wanted = None if ids is None else set(ids)
    registry = IdRegistry()
    texts: dict[str, str] = {}
    for rec in read_inputs(inputs):
        if isinstance(rec, ReadFailure):
            registry.assign(rec.id, None, rec.source)
        elif isinstance(rec, Article):
            rid, first = registry.assign(rec.id, text_hash(rec.text), rec.source)
            if (first is None or rid != rec.id) and (wanted is None or rid in wanted):
                texts[rid] = rec.text
    return texts
