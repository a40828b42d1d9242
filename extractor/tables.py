"""Results to pandas DataFrames with fixed, documented columns.

The columns are listed in :data:`AWARD_COLUMNS`, :data:`CAMPAIGN_COLUMNS`,
:data:`ARTICLE_COLUMNS` and :data:`MENTION_COLUMNS` and described in README.md.
Offsets (``start``, ``end``, ``sentence_start``, ``sentence_end``) are character offsets
into the article text as read, half-open: ``text[start:end] == evidence``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import replace

import pandas as pd

from .model import ExtractionResult

AWARD_COLUMNS = (
    "article_id", "fact_id", "form", "level", "recipient", "count", "approx", "total",
    "conferrer", "award", "campaign", "evidence", "start", "end", "sentence_start",
    "sentence_end", "rule", "province", "province_2025",
)
CAMPAIGN_COLUMNS = ("article_id", "campaign_id", "name", "kind", "year", "evidence", "start",
                    "end")
ARTICLE_COLUMNS = ("article_id", "source", "title", "url", "published", "encoding",
                   "text_hash", "n_chars", "n_awards", "n_campaigns", "status", "error",
                   "notes")
MENTION_COLUMNS = ("article_id", "fact_id", "evidence", "start", "end")

_DTYPES: dict[str, dict[str, str]] = {
    "awards": {"count": "Int64", "start": "Int64", "end": "Int64", "sentence_start": "Int64",
               "sentence_end": "Int64", "approx": "boolean", "total": "boolean"},
    "campaigns": {"year": "Int64", "start": "Int64", "end": "Int64"},
    "articles": {"n_chars": "Int64", "n_awards": "Int64", "n_campaigns": "Int64"},
    "mentions": {"start": "Int64", "end": "Int64"},
}


def _frame(rows: list[dict[str, object]], columns: tuple[str, ...], name: str) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns))
    df = df.astype(_DTYPES[name])
    for col in columns:
        if col not in _DTYPES[name]:
            df[col] = df[col].astype("string")
    return df


def text_hash(text: str) -> str:
    """A 16-hex-digit BLAKE2b digest of ``text`` (its UTF-8 bytes): equal texts have equal
    hashes, so the ``articles`` table shows one article published under two ids."""
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


class IdRegistry:
    """The run's rule for ids used twice, shared by the job and the readers of its output.

    :meth:`assign` is called once per record, in input order. The first record with an id
    keeps it; a later one with the same text (same :func:`text_hash`) is a repeat; a later
    one with another text is a different article and gets ``<id>~2`` (``~3``...).

    Memory: the id string, a dict slot and one int per id (about 150 bytes for a 40-character
    id): the text hash (64 bits) and the first record's source are packed into the int,
    the source as the number of its file (file names are kept once) and its line.
    """

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}
        self._files: dict[str, int] = {}
        self._names: list[str] = []

    def _pack(self, digest: str | None, source: str | None) -> int:
        path, _, line = (source or "").rpartition(":")
        if not line.isdigit():
            path, line = source or "", "0"
        index = self._files.setdefault(path, len(self._names))
        if index == len(self._names):
            self._names.append(path)
        # bit 0: a digest is present; bits 1-64: the digest; then the line, then the file
        value = int(digest, 16) if digest is not None else 0
        return ((index << 40 | int(line)) << 65) | (value << 1) | (digest is not None)

    def _source(self, packed: int) -> str:
        place = packed >> 65
        path, line = self._names[place >> 40], place & ((1 << 40) - 1)
        return f"{path}:{line}" if line else path

    def assign(self, rid: str, digest: str | None, source: str | None
               ) -> tuple[str, str | None]:
        """Return ``(id, None)`` for a new id, ``(id, first_source)`` for a repeat (same id
        and a text with the same hash; ``digest`` None never repeats), and
        ``(new_id, first_source)`` for a renamed record."""
        first = self._seen.get(rid)
        if first is None:
            self._seen[rid] = self._pack(digest, source)
            return rid, None
        if digest is not None and first & 1 and (first >> 1) & ((1 << 64) - 1) == int(
                digest, 16):
            return rid, self._source(first)
        n = 2
        while f"{rid}~{n}" in self._seen:
            n += 1
        new = f"{rid}~{n}"
        self._seen[new] = self._pack(digest, source)
        return new, self._source(first)

    @staticmethod
    def repeat_reason(first: str) -> str:
        """The ``error`` of a repeat of the record read at ``first``."""
        return f"same id and text as {first}"

    @staticmethod
    def rename_note(old: str, new: str, first: str) -> str:
        """The note of a record renamed from ``old`` to ``new``."""
        return f"id {old!r} already used by {first}: renamed {new!r}"

    def seen(self, rid: str) -> bool:
        """True when ``rid`` was assigned already."""
        return rid in self._seen

    def add(self, rid: str, digest: str | None, source: str | None) -> None:
        """Record a new id without the checks of :meth:`assign` (the caller knows it is
        new)."""
        self._seen[rid] = self._pack(digest, source)


def unique_ids(results: Iterable[ExtractionResult]) -> Iterator[ExtractionResult]:
    """Apply the run's rule for ids used twice (:class:`IdRegistry`) to results, as
    ``extractor run`` does to its tables: a repeat becomes a ``duplicate`` result with no
    facts, a different article under a used id gets ``<id>~2`` in its article, fact and
    campaign ids, and a note."""
    registry = IdRegistry()
    for r in results:
        a = r.article
        rid, first = registry.assign(a.id, text_hash(a.text) if a.text else None, a.source)
        if first is None:
            yield r
        elif rid == a.id:
            yield ExtractionResult(article=a, status="duplicate",
                                   error=IdRegistry.repeat_reason(first))
        else:
            note = IdRegistry.rename_note(a.id, rid, first)
            article = replace(a, id=rid, notes=f"{a.notes}; {note}" if a.notes else note)
            n = len(a.id)
            yield replace(
                r, article=article,
                facts=tuple(replace(f, fact_id=rid + f.fact_id[n:]) for f in r.facts),
                campaigns=tuple(replace(c, campaign_id=rid + c.campaign_id[n:])
                                for c in r.campaigns))


def to_frames(results: Iterable[ExtractionResult]) -> dict[str, pd.DataFrame]:
    """Turn extraction results into the output tables.

    Args:
        results: any iterable of :class:`~extractor.model.ExtractionResult`.

    Returns:
        ``{"awards": ..., "campaigns": ..., "articles": ..., "mentions": ...}``, each a
        DataFrame with exactly the columns of the module constants, in that order
        (strings as pandas ``string``, counts and offsets as nullable ``Int64``, flags as
        ``boolean``). Each input result gives one ``articles`` row, errors included.
    """
    awards: list[dict[str, object]] = []
    campaigns: list[dict[str, object]] = []
    articles: list[dict[str, object]] = []
    mentions: list[dict[str, object]] = []
    for r in results:
        a = r.article
        for f in r.facts:
            awards.append({"article_id": a.id, **{c: getattr(f, c) for c in AWARD_COLUMNS[1:]}})
            for m in f.mentions:
                mentions.append({"article_id": a.id, "fact_id": f.fact_id,
                                 "evidence": m.evidence, "start": m.start, "end": m.end})
        for c in r.campaigns:
            campaigns.append({"article_id": a.id,
                              **{k: getattr(c, k) for k in CAMPAIGN_COLUMNS[1:]}})
        articles.append({
            "article_id": a.id, "source": a.source, "title": a.title, "url": a.url,
            "published": a.published, "encoding": a.encoding,
            "text_hash": text_hash(a.text) if a.text else None, "n_chars": len(a.text),
            "n_awards": len(r.facts), "n_campaigns": len(r.campaigns), "status": r.status,
            "error": r.error, "notes": a.notes,
        })
    return {
        "awards": _frame(awards, AWARD_COLUMNS, "awards"),
        "campaigns": _frame(campaigns, CAMPAIGN_COLUMNS, "campaigns"),
        "articles": _frame(articles, ARTICLE_COLUMNS, "articles"),
        "mentions": _frame(mentions, MENTION_COLUMNS, "mentions"),
    }
