"""Newsroom fact-check: consistency checks over extracted facts, and a claims comparison.

:func:`find_discrepancies` takes :class:`~extractor.model.ExtractionResult` objects (as
:func:`extractor.extract` or :func:`extractor.extract_many` give them) and returns one
DataFrame with the columns of :data:`COLUMNS`, in that order:

============================  ===============================================================
``kind``                      one of :data:`KINDS` (below)
``article_id``                the article the row is about
``other_article_id``          ``cross_article`` only: the other article; else null
``form``, ``level``,          codes of the fact concerned (see README / GUIDELINES.md); for
``recipient``                 a claim, the claim's own (``level`` null when the claim left
                              it empty)
``expected``                  the count the text (or the claim) states first, see each kind
``found``                     the count it is checked against; null when there is none
``evidence``                  verbatim text the row is about: ``text[start:end]``
``start``, ``end``            character offsets (Python ``str`` indices into the
                              article text as read, half-open) of ``evidence``; null when the
                              evidence is in the title (not part of the text) or there is
                              no evidence (``claim_not_found``)
============================  ===============================================================

Vocabulary used by the rules. A *row* is an :class:`~extractor.model.AwardFact`, or one
of its mentions (a later place that restates it, with the fact's form, level, recipient
and count). Two rows are *one statement* when they come from one count group (same
evidence offsets: "20 tập thể và 30 cá nhân"). A row is *approximate* when its count is
qualified ("hơn 100"); approximate counts are never compared. The *lead* is the first
paragraph of the text when the text has two paragraphs or more.

Breakdowns (how totals are tied to the rows that break them down). ``extractor.link``
marks a row ``total`` when a total cue ("trong đó", "trong số đó", "gồm", "bao gồm",
"cụ thể") follows it in its sentence and a count follows the cue:

1. *In a sentence*: the rows of a total statement (``total == True``, or a mention
   followed in its sentence by a total cue and by rows) are broken down by the non-total
   rows of the same sentence that follow it, up to the next total statement. A total
   statement counts only when the total cue is the next thing after it: when another
   statement starts between it and the cue ("7 tập thể nhận Cờ thi đua; 36 tập thể ...,
   trong đó ..."), the cue breaks down that one. When a total statement is followed at
   once by another total statement after the cue, that one (a sub-total) is its
   breakdown. The parts may have any form and conferrer ("khen thưởng 25 tập thể, trong
   đó Chủ tịch UBND tỉnh tặng bằng khen 10 tập thể, ... giấy khen 15 tập thể": both parts
   count towards 25).
2. *In the next sentence*: a sentence opening with "Trong số đó", "Trong số", "Trong
   đó", "Cụ thể", "Bao gồm" or "Gồm", right after a sentence with rows (nothing but
   white space between them), breaks down a statement of that sentence: the one its
   rows add up to, else the last one (the linker's ``breakdown_of_previous`` rule, and
   the same shape with an award named). Its parts are its rows that are not themselves
   parts of a total of their own sentence.

A breakdown is *complete* when its cue is "gồm", "bao gồm" or "cụ thể", or when a part
is introduced by "còn lại" (the rest); "trong đó" / "trong số đó" may list only some
parts. A part is matched to a total row by recipient type: a total of recipient
``unknown`` ("46 tập thể và cá nhân") is broken down by all its parts (collective,
individual, household and unknown ones); a total of a type by the parts of that type.

Kinds, and the rule of each:

``total_mismatch``
    For each total row *T* with at least one matching part: *expected* = T's count,
    *found* = the sum of the matching parts' counts. Reported when found > expected (the
    breakdown exceeds the total), or when the breakdown is complete and found <
    expected (for a typed total: only when no part is of recipient ``unknown``, which
    could hold the missing ones). Evidence: from the start of T to the end of the last
    matching part.
``headline_mismatch``
    Each top-level statement (one that is no part of a breakdown) of the lead, and each
    fact extracted from the article's title, is a *headline row* *H* (its rows one by
    one; named recipients not counted). The *body* is every row outside the lead (for
    a title row: every row of the text), rows of named recipients left out. A body row
    is *compatible* with H when its form is H's (any form when H's form is
    ``unspecified``), its level is H's (or either is ``unknown``), and its recipient is
    H's (any when H's is ``unknown``). H is consistent when one body statement, or one
    body sentence (its compatible rows, parts of a compatible total left out), states
    H's count. Otherwise *found* = the sum of the counts of the compatible body rows,
    each fact counted once (a fact and its mentions are one), parts of a compatible total
    left out (the total already counts them); reported when found > expected, or when
    found < expected and the body covers H's recipients: a row of H's type, or for an
    ``unknown`` H an ``unknown`` row or both collective and individual rows. Evidence:
    H's (the title's words when H is from the title, then ``start``/``end`` are null).
``restated_differently``
    Two rows of one article, in different sentences, neither in the lead, neither a part
    of a breakdown, neither approximate nor of named recipients, form neither
    ``unspecified`` nor ``khac`` (both cover unlike awards), with the same form, level,
    recipient, award (which names the conferrer) and campaign (both null counts as the
    same), and different counts. Left out are rows whose sentence marks another set of
    recipients or a running tally ("riêng", "cũng", "bên cạnh", "ngoài ra", "thêm",
    "khác", "còn", "đến nay", "nâng tổng số", "tổng số", "tổng cộng", "lũy kế", "tính
    đến", "từ trước đến nay"), and pairs whose sentences name different years ("năm
    2023" / "năm 2024": two events). *expected* = the first row's count, *found* = the
    later row's; evidence: the later row. One discrepancy per distinct later count.
``cross_article``
    Two articles (different ids) report the same award event: rows with the same form,
    the same conferrer (named, compared without case), the same recipient type, and
    either the same campaign (then published years must not differ when both are known)
    or the same publication date (first ten characters of ``published``). Each
    article's *figures* for the event are the sums, sentence by sentence, of its
    matching rows (parts of a matching total left out). Reported when the two articles
    have no figure in common; *expected* = the first figure of ``article_id`` (the
    earlier article in input order), *found* = the first figure of
    ``other_article_id``; evidence: ``article_id``'s first statement of it.
``claim_confirmed`` / ``claim_contradicted`` / ``claim_not_found``
    For each claims row (see :func:`read_claims`): the rows of its article (by id, else
    by url) with the claim's form, recipient, level (any when empty) and campaign (when
    given; compared without case and quotes). ``claim_not_found``: the article is not
    among the results or no row matches (*found*, evidence null). ``claim_confirmed``:
    the claimed count equals a matching row's count or the sum of the matching rows of
    one sentence (parts of a matching total left out); evidence: that row or sentence's
    rows. ``claim_contradicted``: otherwise; *found* = the sum of the first sentence
    with matching rows, evidence: those rows. *expected* is always the claimed count.

Only ``claim_confirmed`` rows are not discrepancies (see :func:`failing`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

import pandas as pd

from .errors import ExtractorError
from .model import FORMS, LEVELS, RECIPIENTS, ExtractionResult

COLUMNS = ("kind", "article_id", "other_article_id", "form", "level", "recipient",
           "expected", "found", "evidence", "start", "end")
"""Columns of the discrepancies table, in order."""

KINDS = ("total_mismatch", "headline_mismatch", "restated_differently", "cross_article",
         "claim_contradicted", "claim_not_found", "claim_confirmed")
"""Values of the ``kind`` column."""

PASSING_KINDS = frozenset({"claim_confirmed"})
"""Kinds that are listed but are not discrepancies."""

CLAIM_COLUMNS = ("line", "article_id", "url", "form", "level", "recipient", "count",
                 "campaign")
"""Columns of the DataFrame :func:`read_claims` returns."""

_INT_COLUMNS = ("expected", "found", "start", "end")

_TOTAL_CUE = re.compile(r"\b(trong số đó|trong đó|bao gồm|gồm|cụ thể)\b", re.IGNORECASE)
_COMPLETE_CUES = ("bao gồm", "gồm", "cụ thể")
_REMAINDER = re.compile(r"\bcòn lại\b", re.IGNORECASE)
_OPENING_CUE = re.compile(r"^\W*(trong số đó|trong số|trong đó|cụ thể|bao gồm|gồm)\b",
                          re.IGNORECASE)
_OTHER_SET = re.compile(
    r"\b(riêng|cũng|bên cạnh|ngoài ra|thêm|khác|còn|đến nay|nâng tổng số|tổng số|tổng cộng|"
    r"lũy kế|tính đến|từ trước đến nay)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_QUOTES = "\"'“”‘’«»"


class ClaimsError(ExtractorError):
    """A claims file cannot be read or holds bad rows; the message names the file and
    each bad row by line number and column."""


# -- rows and breakdowns -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Row:
    idx: int
    fact_id: str
    form: str
    level: str
    recipient: str
    count: int
    approx: bool
    total: bool
    conferrer: str | None
    award: str
    campaign: str | None
    start: int
    end: int
    sentence: tuple[int, int]
    rule: str
    mention: bool


@dataclass(slots=True)
class _Breakdown:
    totals: list[_Row]
    parts: list[_Row]
    complete: bool


@dataclass(slots=True)
class _Analysis:
    """One article's rows, breakdowns and lead."""

    result: ExtractionResult
    rows: list[_Row]
    breakdowns: list[_Breakdown] = field(default_factory=list)
    part_of: dict[int, list[_Row]] = field(default_factory=dict)
    lead: tuple[int, int] | None = None

    @property
    def text(self) -> str:
        return self.result.article.text

    @property
    def article_id(self) -> str:
        return self.result.article.id

    def in_lead(self, row: _Row) -> bool:
        return self.lead is not None and self.lead[0] <= row.start < self.lead[1]

    def is_part(self, row: _Row) -> bool:
        return row.idx in self.part_of

    def top_level(self, rows: Iterable[_Row], compatible: Callable[[_Row], bool]
                  ) -> list[_Row]:
        """``rows`` that are compatible, without the parts of a compatible total."""
        return [r for r in rows if compatible(r) and not any(
            compatible(t) for t in self.part_of.get(r.idx, ()))]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    from .segment import paragraph_spans

    return list(paragraph_spans(text))


def _sentence_of(sentences: Sequence[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for s in sentences:
        if s[0] <= pos < s[1]:
            return s
    return None


def _rows_of(result: ExtractionResult) -> list[_Row]:
    """Facts and their mentions as rows, in text order (``idx`` = position)."""
    text = result.article.text
    raw: list[tuple[int, int, _Row]] = []
    sentences: list[tuple[int, int]] | None = None
    for order, f in enumerate(result.facts):
        row = _Row(idx=-1, fact_id=f.fact_id, form=f.form, level=f.level,
                   recipient=f.recipient, count=int(f.count), approx=bool(f.approx),
                   total=bool(f.total), conferrer=f.conferrer, award=f.award,
                   campaign=f.campaign, start=f.start, end=f.end,
                   sentence=(f.sentence_start, f.sentence_end), rule=f.rule, mention=False)
        raw.append((f.start, order, row))
        for m in f.mentions:
            if sentences is None:
                from .segment import sentence_spans

                sentences = sentence_spans(text)
            sent = _sentence_of(sentences, m.start) or (m.start, m.end)
            raw.append((m.start, order, replace(row, total=False, start=m.start, end=m.end,
                                                sentence=sent, mention=True)))
    raw.sort(key=lambda t: (t[0], t[1]))
    return [replace(r, idx=i) for i, (_, _, r) in enumerate(raw)]


def _statements(rows: Sequence[_Row]) -> list[list[_Row]]:
    """Consecutive rows of one count group (same offsets, same total flag)."""
    out: list[list[_Row]] = []
    for r in rows:
        last = out[-1][-1] if out else None
        if last is not None and (last.start, last.end, last.total) == (r.start, r.end, r.total):
            out[-1].append(r)
        else:
            out.append([r])
    return out


def _mention_totals(text: str, rows: list[_Row]) -> list[_Row]:
    """A mention followed in its sentence by a total cue and by fact rows is a total."""
    out = []
    for r in rows:
        if r.mention:
            later = [o for o in rows if o.sentence == r.sentence and o.start >= r.end
                     and not o.mention]
            if later and _TOTAL_CUE.search(text[r.end:later[0].end]):
                r = replace(r, total=True)
        out.append(r)
    return out


def _analyse(result: ExtractionResult) -> _Analysis:
    """Rows, breakdowns and lead of one article (see the module docstring)."""
    text = result.article.text
    rows = _mention_totals(text, _rows_of(result))
    paragraphs = _paragraphs(text)
    a = _Analysis(result=result, rows=rows,
                  lead=paragraphs[0] if len(paragraphs) >= 2 else None)
    by_sentence: dict[tuple[int, int], list[_Row]] = {}
    for r in rows:
        by_sentence.setdefault(r.sentence, []).append(r)
    # 1. in a sentence
    for sent_rows in by_sentence.values():
        groups = _statements(sent_rows)
        for i, g in enumerate(groups):
            if not g[0].total or not _leads_to_cue(text, g, groups[i + 1:]):
                continue
            parts: list[_Row] = []
            j = i + 1
            while j < len(groups) and not groups[j][0].total:
                parts.extend(groups[j])
                j += 1
            if not parts and j < len(groups):
                parts = list(groups[j])  # a sub-total breaks the total down
            if parts:
                _add_breakdown(a, g, parts, text[g[0].start:parts[-1].end])
    # 2. in the next sentence
    order = sorted(by_sentence)
    for prev, sent in pairwise(order):
        adjacent = not text[prev[1]:sent[0]].strip()
        if not adjacent or not _OPENING_CUE.match(text[sent[0]:sent[1]]):
            continue
        parts = [r for r in by_sentence[sent] if not a.is_part(r)]
        if not parts:
            continue
        candidates = [g for g in _statements(by_sentence[prev]) if not a.is_part(g[0])]
        source = next((g for g in candidates if _adds_up(g, parts)),
                      _statements(by_sentence[prev])[-1])
        _add_breakdown(a, source, parts, text[sent[0]:parts[-1].end])
    return a


def _matching_parts(total: _Row, parts: Sequence[_Row]) -> list[_Row]:
    """The parts that break ``total`` down: all of them for a total of recipient
    ``unknown``, else those of its recipient type."""
    if total.recipient == "unknown":
        return list(parts)
    return [p for p in parts if p.recipient == total.recipient]


def _adds_up(totals: Sequence[_Row], parts: Sequence[_Row]) -> bool:
    """Every total row of a statement equals the sum of its matching parts (and one has
    some)."""
    pairs = [(t, _matching_parts(t, parts)) for t in totals]
    return any(m for _, m in pairs) and all(
        not m or t.count == sum(p.count for p in m) for t, m in pairs)


def _leads_to_cue(text: str, group: list[_Row], later: list[list[_Row]]) -> bool:
    """A total cue follows ``group`` in its sentence with no other statement starting
    between them ("7 tập thể nhận Cờ thi đua; 36 tập thể ..., trong đó ...": the cue
    breaks down 36, not 7)."""
    end, sentence_end = group[0].end, group[0].sentence[1]
    cue = _TOTAL_CUE.search(text, end, max(end, sentence_end))
    if cue is None:
        return False
    return not any(end <= g[0].start < cue.start() for g in later)


def _add_breakdown(a: _Analysis, totals: list[_Row], parts: list[_Row], window: str) -> None:
    cue = _TOTAL_CUE.search(window)
    complete = bool(cue and cue.group(1).lower() in _COMPLETE_CUES) or bool(
        _REMAINDER.search(window))
    a.breakdowns.append(_Breakdown(list(totals), list(parts), complete))
    for p in parts:
        a.part_of.setdefault(p.idx, list(totals))


# -- the checks ----------------------------------------------------------------------------

def _record(kind: str, article_id: str, row: _Row | None, expected: int | None,
            found: int | None, text: str | None, span: tuple[int, int] | None, *,
            other: str | None = None, form: str | None = None, level: str | None = None,
            recipient: str | None = None, evidence: str | None = None
            ) -> dict[str, object]:
    if span is not None and text is not None:
        evidence = text[span[0]:span[1]]
    return {
        "kind": kind, "article_id": article_id, "other_article_id": other,
        "form": form if form is not None else (row.form if row else None),
        "level": level if level is not None else (row.level if row else None),
        "recipient": recipient if recipient is not None else (row.recipient if row else None),
        "expected": expected, "found": found, "evidence": evidence,
        "start": span[0] if span else None, "end": span[1] if span else None,
    }


def _span(rows: Iterable[_Row]) -> tuple[int, int]:
    rows = list(rows)
    return min(r.start for r in rows), max(r.end for r in rows)


def _total_mismatches(a: _Analysis) -> list[dict[str, object]]:
    out = []
    for b in a.breakdowns:
        for t in b.totals:
            parts = _matching_parts(t, b.parts)
            if not parts or t.approx or any(p.approx for p in parts):
                continue
            found = sum(p.count for p in parts)
            untyped = t.recipient != "unknown" and any(p.recipient == "unknown"
                                                       for p in b.parts)
            if found > t.count or (b.complete and not untyped and found < t.count):
                out.append(_record("total_mismatch", a.article_id, t, t.count, found, a.text,
                                   _span([t, *parts])))
    return out


def _compatible(h: _Row) -> Callable[[_Row], bool]:
    def ok(r: _Row) -> bool:
        return ((h.form == "unspecified" or r.form == h.form)
                and (h.level == "unknown" or r.level == "unknown" or r.level == h.level)
                and (h.recipient == "unknown" or r.recipient == h.recipient))
    return ok


def _once_per_fact(rows: Iterable[_Row]) -> list[_Row]:
    seen: set[str] = set()
    out = []
    for r in rows:
        if r.fact_id not in seen:
            seen.add(r.fact_id)
            out.append(r)
    return out


def _headline_check(a: _Analysis, h: _Row, body: list[_Row]) -> int | None:
    """The body's sum for headline row ``h`` when it disagrees, else None."""
    if h.approx:
        return None
    compatible = _compatible(h)
    body = [r for r in body if r.rule != "named_recipients"]
    rows = _once_per_fact(a.top_level(body, compatible))
    if not rows or any(r.approx for r in rows):
        return None
    statements = [sum(r.count for r in g if compatible(r)) for g in _statements(body)]
    if h.count in statements or any(n == h.count for n, _ in _figures(a, body, compatible)):
        return None  # a body statement or sentence restates the headline's count
    found = sum(r.count for r in rows)
    types = {r.recipient for r in rows}
    covered = h.recipient != "unknown" or "unknown" in types or {
        "collective", "individual"} <= types
    if found > h.count or (covered and found < h.count):
        return found
    return None


def _headline_mismatches(a: _Analysis, title_rows: Sequence[_Row], title: str | None
                         ) -> list[dict[str, object]]:
    out = []
    if a.lead is not None:
        body = [r for r in a.rows if not a.in_lead(r)]
        for h in a.rows:
            if a.in_lead(h) and not a.is_part(h) and h.rule != "named_recipients":
                found = _headline_check(a, h, body)
                if found is not None:
                    out.append(_record("headline_mismatch", a.article_id, h, h.count, found,
                                       a.text, (h.start, h.end)))
    for h in title_rows:
        if h.rule == "named_recipients" or title is None:
            continue
        found = _headline_check(a, h, a.rows)
        if found is not None:
            out.append(_record("headline_mismatch", a.article_id, h, h.count, found, None,
                               None, evidence=title[h.start:h.end]))
    return out


def _title_rows(result: ExtractionResult) -> list[_Row]:
    title = result.article.title
    if not title or not title.strip():
        return []
    from .pipeline import extract

    try:
        facts = extract(title, article_id=f"{result.article.id}:title")
    except ExtractorError:
        return []
    return [r for r in _analyse(facts).rows if not r.mention]


def _years(text: str) -> set[str]:
    return set(_YEAR.findall(text))


def _restated(a: _Analysis) -> list[dict[str, object]]:
    out = []
    keyed: dict[tuple[object, ...], list[_Row]] = {}
    for r in a.rows:
        if (r.mention or a.in_lead(r) or a.is_part(r) or r.approx
                or r.form in ("unspecified", "khac") or r.rule == "named_recipients"
                or _OTHER_SET.search(a.text[r.sentence[0]:r.sentence[1]])):
            continue
        key = (r.form, r.level, r.recipient, r.award, _norm(r.campaign))
        keyed.setdefault(key, []).append(r)
    for rows in keyed.values():
        first = rows[0]
        reported: set[int] = {first.count}
        first_years = _years(a.text[first.sentence[0]:first.sentence[1]])
        for r in rows[1:]:
            if r.sentence == first.sentence or r.count in reported:
                continue
            years = _years(a.text[r.sentence[0]:r.sentence[1]])
            if first_years and years and first_years.isdisjoint(years):
                continue
            reported.add(r.count)
            out.append(_record("restated_differently", a.article_id, r, first.count, r.count,
                               a.text, (r.start, r.end)))
    return out


def _norm(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip().strip(_QUOTES).strip().casefold()
    text = re.sub(r"\s+", " ", text)
    return text or None


def _figures(a: _Analysis, rows: list[_Row], compatible: Callable[[_Row], bool]
             ) -> list[tuple[int, list[_Row]]]:
    """Per sentence (in text order), the sum of ``rows`` without the parts of a compatible
    total, with the rows summed."""
    kept = a.top_level(rows, compatible)
    by_sentence: dict[tuple[int, int], list[_Row]] = {}
    for r in kept:
        by_sentence.setdefault(r.sentence, []).append(r)
    return [(sum(r.count for r in rs), rs) for _, rs in sorted(by_sentence.items())]


def _cross_article(analyses: Sequence[_Analysis]) -> list[dict[str, object]]:
    events: dict[tuple[object, ...], dict[int, list[_Row]]] = {}
    for i, a in enumerate(analyses):
        for r in a.rows:
            if r.mention or r.approx or not r.conferrer:
                continue
            base = (r.form, _norm(r.conferrer), r.recipient)
            published = (a.result.article.published or "").strip()
            if r.campaign:
                events.setdefault((*base, "campaign", _norm(r.campaign)), {}).setdefault(
                    i, []).append(r)
            if len(published) >= 10:
                events.setdefault((*base, "date", published[:10]), {}).setdefault(
                    i, []).append(r)
    out: list[dict[str, object]] = []
    seen: set[tuple[object, ...]] = set()
    for key, per_article in events.items():
        form, conferrer, recipient = key[:3]

        def same_event(r: _Row, form: object = form, conferrer: object = conferrer,
                       recipient: object = recipient) -> bool:
            return (r.form, _norm(r.conferrer), r.recipient) == (form, conferrer, recipient)

        members = sorted(per_article)
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                a, b = analyses[i], analyses[j]
                if a.article_id == b.article_id:
                    continue
                if key[3] == "campaign" and _years_differ(a, b):
                    continue
                pair = (i, j, form, conferrer, recipient)
                if pair in seen:
                    continue
                fa = _figures(a, per_article[i], same_event)
                fb = _figures(b, per_article[j], same_event)
                if not fa or not fb or {n for n, _ in fa} & {n for n, _ in fb}:
                    continue
                seen.add(pair)
                rows_a = fa[0][1]
                out.append(_record("cross_article", a.article_id, rows_a[0], fa[0][0], fb[0][0],
                                   a.text, _span(rows_a), other=b.article_id))
    position: dict[object, int] = {}
    for i, a in enumerate(analyses):
        position.setdefault(a.article_id, i)
    out.sort(key=lambda d: (position.get(d["article_id"], -1),
                            position.get(d["other_article_id"], -1), d["start"] or 0))
    return out


def _years_differ(a: _Analysis, b: _Analysis) -> bool:
    ya = (a.result.article.published or "")[:4]
    yb = (b.result.article.published or "")[:4]
    return bool(ya.isdigit() and yb.isdigit() and ya != yb)


def normalise_url(url: object) -> str | None:
    """``url`` as claims are matched to articles: stripped, without case and trailing
    slashes; None for an empty value."""
    text = _norm(url)
    return text.rstrip("/") if text else None


def _claims(analyses: Sequence[_Analysis], claims: pd.DataFrame) -> list[dict[str, object]]:
    missing = {"form", "recipient", "count"} - set(claims.columns)
    if missing or not ({"article_id", "url"} & set(claims.columns)):
        raise ClaimsError("claims need the columns article_id or url, form, level, "
                          f"recipient, count (missing: {', '.join(sorted(missing)) or 'id'})")
    by_id = {a.article_id: a for a in analyses if a.result.status == "ok"}
    by_url = {normalise_url(a.result.article.url): a for a in analyses
              if a.result.status == "ok" and a.result.article.url}
    out = []
    for claim in claims.to_dict("records"):
        cid = _text_or_none(claim.get("article_id"))
        url = normalise_url(claim.get("url"))
        a = by_id.get(cid) if cid else None
        if a is None and url:
            a = by_url.get(url)
        form, recipient = str(claim["form"]), str(claim["recipient"])
        level = _text_or_none(claim.get("level"))
        campaign = _norm(claim.get("campaign"))
        count = int(claim["count"])
        article_id = a.article_id if a is not None else (cid or _text_or_none(claim.get("url"))
                                                          or "")
        common = {"form": form, "level": level or "", "recipient": recipient}

        def matches(r: _Row, level: str | None = level, campaign: str | None = campaign,
                    form: str = form, recipient: str = recipient) -> bool:
            return (r.form == form and r.recipient == recipient
                    and (not level or r.level == level)
                    and (campaign is None or _norm(r.campaign) == campaign))

        rows = [r for r in a.rows if not r.mention and matches(r)] if a is not None else []
        if a is None or not rows:
            rec = _record("claim_not_found", article_id, None, count, None, None, None,
                          **common)
        else:
            sums = _figures(a, rows, matches) or [(rows[0].count, [rows[0]])]
            figures = [(r.count, [r]) for r in rows] + sums
            hit = next((rs for n, rs in figures if n == count), None)
            if hit is not None:
                rec = _record("claim_confirmed", article_id, None, count, count, a.text,
                              _span(hit), **common)
            else:
                rec = _record("claim_contradicted", article_id, None, count, sums[0][0],
                              a.text, _span(sums[0][1]), **common)
        if not level:
            rec["level"] = None
        out.append(rec)
    return out


def _text_or_none(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _frame(records: list[dict[str, object]]) -> pd.DataFrame:
    df = pd.DataFrame(records, columns=list(COLUMNS))
    for col in COLUMNS:
        df[col] = df[col].astype("Int64" if col in _INT_COLUMNS else "string")
    return df


def empty_frame() -> pd.DataFrame:
    """A discrepancies table with no row: the columns (:data:`COLUMNS`) and dtypes that
    :func:`find_discrepancies` gives (``extractor.load`` uses it for the schema)."""
    return _frame([])


def find_discrepancies(results: Iterable[ExtractionResult],
                       claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Check extracted facts for internal and cross-article consistency, and against
    claims.

    Args:
        results: extraction results, in input order (``status == "error"`` ones are
            skipped; a claim about one of them is ``claim_not_found``).
        claims: a DataFrame as :func:`read_claims` returns (at least the columns
            ``article_id`` or ``url``, ``form``, ``recipient``, ``count``; ``level`` and
            ``campaign`` optional), or None.

    Returns:
        A DataFrame with exactly the columns of :data:`COLUMNS`, in that order (strings
        as pandas ``string``; ``expected``, ``found``, ``start``, ``end`` as nullable
        ``Int64``), one row per finding, as the module docstring defines each kind:
        per article in input order its ``total_mismatch``, ``headline_mismatch`` and
        ``restated_differently`` rows, then ``cross_article`` rows, then one row per
        claim in the claims' order. ``start``/``end`` are character offsets into the
        text of ``article_id`` as read: ``text[start:end] == evidence``; null for evidence in
        the title and for ``claim_not_found``. An article with consistent facts gives no
        row.

    Raises:
        ClaimsError: ``claims`` lacks a required column.
    """
    analyses = [_analyse(r) for r in results if r.status == "ok"]
    records: list[dict[str, object]] = []
    for a in analyses:
        records.extend(_total_mismatches(a))
        records.extend(_headline_mismatches(a, _title_rows(a.result), a.result.article.title))
        records.extend(_restated(a))
    records.extend(_cross_article(analyses))
    if claims is not None:
        records.extend(_claims(analyses, claims))
    return _frame(records)


def failing(discrepancies: pd.DataFrame) -> pd.DataFrame:
    """The rows that are discrepancies: every kind but ``claim_confirmed``."""
    return discrepancies[~discrepancies["kind"].isin(PASSING_KINDS)]


# -- claims file ---------------------------------------------------------------------------

def _parse_count(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):  # "1.200": thousands separators
        return int(re.sub(r"[.,]", "", text))
    return None


def read_claims(path: str | Path) -> pd.DataFrame:
    """Read and validate a claims CSV file.

    The file is UTF-8 (a byte-order mark is allowed) with a header row. Column names are
    matched without case and surrounding spaces; other columns are ignored.

    Required columns: ``article_id`` or ``url`` (at least one; each row must fill one of
    them), ``form`` (a code of :data:`extractor.model.FORMS`), ``level`` (a code of
    :data:`extractor.model.LEVELS`, or empty for any level), ``recipient`` (a code of
    :data:`extractor.model.RECIPIENTS`), ``count`` (a whole number >= 0; "1.200" and
    "1,200" read as 1200). Optional: ``campaign`` (the campaign's name).

    Returns:
        A DataFrame with the columns of :data:`CLAIM_COLUMNS`: ``line`` (the row's line
        number in the file, header = 1) and ``count`` as ``Int64``, the others as
        ``string`` (codes lower-cased; null for an empty cell).

    Raises:
        ClaimsError: the file cannot be read, has no header, lacks a required column, or
            has bad rows; the message lists every bad row as
            ``<path> line N: <column> <problem>`` (the first 20, then how many more).
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            body = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ClaimsError(f"{path}: cannot read the claims file ({exc})") from exc
    if not header:
        raise ClaimsError(f"{path}: empty claims file (a header row is needed)")
    names = [h.strip().lower() for h in header]
    required = ["form", "level", "recipient", "count"]
    missing = [c for c in required if c not in names]
    if "article_id" not in names and "url" not in names:
        missing.insert(0, "article_id or url")
    if missing:
        raise ClaimsError(f"{path}: missing column(s) {', '.join(missing)} "
                          f"(found: {', '.join(names) or 'none'})")
    problems: list[str] = []
    rows: list[dict[str, object]] = []
    for line, values in body:
        if not any(v.strip() for v in values):
            continue  # blank line
        if len(values) != len(names):
            problems.append(f"{path} line {line}: {len(values)} fields, the header has "
                            f"{len(names)}")
            continue
        rec = {n: v.strip() for n, v in zip(names, values, strict=True)}
        bad: list[str] = []
        if not rec.get("article_id") and not rec.get("url"):
            bad.append("article_id / url: both empty (one is needed)")
        for column, allowed in (("form", FORMS), ("recipient", RECIPIENTS)):
            value = rec[column].lower()
            if value not in allowed:
                bad.append(f"{column} {rec[column]!r} is not one of {', '.join(allowed)}")
        level = rec["level"].lower()
        if level and level not in LEVELS:
            bad.append(f"level {rec['level']!r} is not one of {', '.join(LEVELS)} "
                       "(or empty)")
        count = _parse_count(rec["count"])
        if count is None:
            bad.append(f"count {rec['count']!r} is not a whole number >= 0")
        if bad:
            problems.extend(f"{path} line {line}: {b}" for b in bad)
            continue
        rows.append({"line": line, "article_id": rec.get("article_id") or None,
                     "url": rec.get("url") or None, "form": rec["form"].lower(),
                     "level": level or None, "recipient": rec["recipient"].lower(),
                     "count": count, "campaign": rec.get("campaign") or None})
    if problems:
        shown = problems[:20]
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ClaimsError(f"{path}: {len(problems)} problem(s) in the claims file:\n"
                          + "\n".join(shown) + more)
    df = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    for col in CLAIM_COLUMNS:
        df[col] = df[col].astype("Int64" if col in ("line", "count") else "string")
    return df
