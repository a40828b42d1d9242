"""An HTML evidence report: one self-contained page, a section per article.

:func:`render_report` returns the page as a string. It needs nothing at view time: the
CSS is inline, there is no script, no image and no link outside the page (every ``href``
is a ``#fragment``); an article's URL is shown as text, not as a link. The page declares
``<meta charset="utf-8">`` and uses a font stack with Vietnamese glyphs ("Noto Sans",
"Segoe UI", Roboto, Arial...).

Each article section holds

* the text, with every count (``doc.spans["numbers"]`` of kind ``cardinal``), award form
  (``"forms"``), authority (``"authorities"``) and campaign (``"campaigns"``)
  highlighted (classes ``hl hl-count``, ``hl-form``, ``hl-auth``, ``hl-camp``, label in
  the ``title`` attribute), found by running :func:`extractor.pipeline.process` on the
  article; the evidence of each fact and mention is wrapped in an element of class
  ``ev`` with ``id="art-<i>-ev-<start>-<end>"`` (character offsets into the article
  text), each discrepancy's evidence in one of class ``disc`` with
  ``id="art-<i>-d<k>"``. Spans that overlap are split into several elements; the first
  carries the id, the others class ``cont`` and ``data-ref`` = that id;
* the facts table (``table.facts``): one row per fact, whose evidence cell links
  (``href="#art-<i>-ev-<start>-<end>"``) to its highlight, mentions likewise; a row
  whose evidence overlaps a discrepancy's has class ``flagged``;
* the campaigns table, and the discrepancies of the article (``table.discrepancies``),
  each linking to its highlighted evidence.

``<i>`` is the article's position in ``results`` (ids are unique whatever the article
ids hold); the article id itself is in ``data-article-id``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

from .model import ExtractionResult

FONT_STACK = ('"Noto Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, '
              '"Liberation Sans", "DejaVu Sans", sans-serif')
"""CSS font stack: fonts that carry the Vietnamese letters, most common first."""

_CSS = """
:root { color-scheme: light; }
body { font-family: FONT_STACK; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem;
       line-height: 1.55; color: #1d232a; background: #fbfbfa; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin: 0 0 .3rem; }
h3 { font-size: 1rem; margin: 1.1rem 0 .4rem; }
.meta { color: #5a6570; font-size: .9rem; margin: 0 0 .6rem; overflow-wrap: anywhere; }
section.article { background: #fff; border: 1px solid #d9dde1; border-radius: 6px;
                  padding: 1rem 1.2rem; margin: 1.4rem 0; }
section.article.has-disc { border-left: 6px solid #d9480f; }
.text { white-space: pre-wrap; font-size: 1.02rem; padding: .6rem .8rem; background: #fcfcfc;
        border: 1px solid #eceff1; border-radius: 4px; }
.hl { border-radius: 3px; padding: 0 1px; }
.hl-count, .key-count { background: #ffe08a; font-weight: 600; }
.hl-form, .key-form { background: #b8e6c6; }
.hl-auth, .key-auth { background: #cfe0ff; }
.hl-camp, .key-camp { background: #f5d0f0; }
.ev, .key-ev { border-bottom: 2px solid #2f7d4f; }
.ev-camp { border-bottom-color: #a23b96; }
.ev:target { outline: 2px solid #1565c0; outline-offset: 1px; background-color: #e3f0ff; }
.disc, .key-disc { text-decoration: underline wavy #d9480f; text-decoration-thickness: 1.5px;
        text-underline-offset: 4px; }
.disc:target { outline: 2px solid #d9480f; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .3rem 0; }
th, td { border: 1px solid #dfe3e6; padding: .25rem .45rem; text-align: left;
         vertical-align: top; }
th { background: #f1f3f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged td { background: #fff0e6; }
tr.flagged td:first-child::before { content: "\\26A0\\FE0E  "; color: #d9480f; }
tr:target td { background: #e3f0ff; }
tr.kind-claim_confirmed td { background: #ebfbee; }
.error { color: #c92a2a; }
.legend span { margin-right: .8rem; }
table.summary { width: auto; min-width: 16rem; }
a { color: #1565c0; }
""".replace("FONT_STACK", FONT_STACK)


@dataclass(frozen=True, slots=True)
class _Mark:
    """A highlighted range ``[start, end)`` of the text (characters)."""

    start: int
    end: int
    layer: int
    classes: str
    title: str = ""
    id: str = ""

    def open(self, first: bool) -> str:
        attrs = [f'class="{self.classes}{"" if first or not self.id else " cont"}"']
        if self.id:
            attrs.append(f'id="{self.id}"' if first else f'data-ref="{self.id}"')
        if self.title:
            attrs.append(f'title="{html.escape(self.title)}"')
        return f"<span {' '.join(attrs)}>"


def _markup(text: str, marks: Iterable[_Mark]) -> str:
    """``text`` escaped, with each mark as a ``<span>``; overlapping marks are split so
    the elements nest (the first piece keeps the id)."""
    kept = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    opens: dict[int, list[_Mark]] = {}
    for m in sorted(kept, key=lambda m: (m.start, -m.end, m.layer)):
        opens.setdefault(m.start, []).append(m)
    bounds = sorted({0, len(text)} | {m.start for m in kept} | {m.end for m in kept})
    out: list[str] = []
    stack: list[_Mark] = []
    for pos, nxt in pairwise(bounds):
        if any(m.end == pos for m in stack):
            reopen = []
            while any(m.end == pos for m in stack):
                m = stack.pop()
                out.append("</span>")
                if m.end != pos:
                    reopen.append(m)
            for m in reversed(reopen):
                out.append(m.open(first=False))
                stack.append(m)
        for m in opens.get(pos, ()):
            out.append(m.open(first=True))
            stack.append(m)
        out.append(html.escape(text[pos:nxt]))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def _e(value: object) -> str:
    """Escaped text of a cell; empty for null."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value))


def _ev_id(i: int, start: int, end: int) -> str:
    return f"art-{i}-ev-{start}-{end}"


def _span_marks(result: ExtractionResult) -> list[_Mark]:
    """Counts, award forms, authorities and campaigns of the article's Doc."""
    from .pipeline import process, records

    try:
        doc = process(result.article)
    except Exception:  # a report shows what it can: the facts' evidence is still marked
        return []
    marks = [_Mark(n.start, n.end, 5, "hl hl-count", f"count: {n.surface}")
             for n in records(doc, "numbers") if n.kind == "cardinal"]
    marks += [_Mark(f.start, f.end, 4, "hl hl-form",
                    f"award: {f.label} ({f.info.get('award', '')})")
              for f in records(doc, "forms")]
    marks += [_Mark(a.start, a.end, 3, "hl hl-auth",
                    f"authority: {a.info.get('canonical', '')} ({a.label})")
              for a in records(doc, "authorities")]
    marks += [_Mark(c.start, c.end, 2, "hl hl-camp",
                    f"campaign: {c.name or '(refers back)'} ({c.kind})")
              for c in records(doc, "campaigns")]
    return marks


def _int(value: object) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return int(value)  # type: ignore[call-overload]


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _article_section(i: int, result: ExtractionResult, disc: list[tuple[int, dict]],
                     index_of: dict[str, int], incoming: list[tuple[int, int, dict]]) -> str:
    a = result.article
    d_spans = [(s, e) for _, d in disc if d["kind"] != "claim_confirmed"
               and (s := _int(d["start"])) is not None and (e := _int(d["end"])) is not None]
    flagged_here = bool([d for _, d in disc if d["kind"] != "claim_confirmed"])
    parts = [f'<section class="article{" has-disc" if flagged_here else ""}" id="art-{i}" '
             f'data-article-id="{_e(a.id)}">',
             f"<h2>{_e(a.id)}{': ' + _e(a.title) if a.title else ''}</h2>"]
    meta = [f"{label}: {_e(value)}" for label, value in
            (("source", a.source), ("url", a.url), ("published", a.published)) if value]
    if meta:
        parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
    if result.status != "ok":
        parts.append(f'<p class="error">Not extracted: {_e(result.error)}</p></section>')
        return "\n".join(parts)
    marks = _span_marks(result)
    for f in result.facts:
        marks.append(_Mark(f.start, f.end, 1, "ev", f"fact {f.fact_id}", _ev_id(i, f.start, f.end)))
        for men in f.mentions:
            marks.append(_Mark(men.start, men.end, 1, "ev ev-mention",
                               f"restates {f.fact_id}", _ev_id(i, men.start, men.end)))
    for c in result.campaigns:
        marks.append(_Mark(c.start, c.end, 1, "ev ev-camp", f"campaign {c.campaign_id}",
                           _ev_id(i, c.start, c.end)))
    for k, d in disc:
        s, e = _int(d["start"]), _int(d["end"])
        if s is not None and e is not None:
            marks.append(_Mark(s, e, 0, f"disc disc-{d['kind']}",
                               f"{d['kind']}: expected {_e(d['expected'])}, "
                               f"found {_e(d['found'])}", f"art-{i}-d{k}"))
    # one element per id: several facts of one count group share their evidence
    unique: dict[str, _Mark] = {}
    plain: list[_Mark] = []
    for mark in marks:
        if not mark.id:
            plain.append(mark)
        elif mark.id in unique:
            old = unique[mark.id]
            unique[mark.id] = _Mark(old.start, old.end, old.layer, old.classes,
                                    f"{old.title}; {mark.title}", old.id)
        else:
            unique[mark.id] = mark
    parts.append('<h3>Text</h3>')
    parts.append(f'<div class="text" lang="vi">{_markup(a.text, [*plain, *unique.values()])}'
                 "</div>")
    parts.append(_facts_table(i, result, d_spans))
    if result.campaigns:
        parts.append(_campaigns_table(i, result))
    parts.append(_disc_table(i, disc, index_of, incoming))
    parts.append("</section>")
    return "\n".join(parts)


def _facts_table(i: int, result: ExtractionResult, d_spans: list[tuple[int, int]]) -> str:
    if not result.facts:
        return '<h3>Facts</h3>\n<p class="meta">No award fact extracted.</p>'
    rows = ['<h3>Facts</h3>', '<table class="facts">',
            "<thead><tr><th>#</th><th>form</th><th>level</th><th>recipient</th>"
            "<th>count</th><th>total</th><th>conferrer</th><th>award</th><th>campaign</th>"
            "<th>evidence</th><th>also stated</th></tr></thead><tbody>"]
    for n, f in enumerate(result.facts, 1):
        spans = [(f.start, f.end), *((m.start, m.end) for m in f.mentions)]
        flagged = any(_overlaps(s, e, d_spans) for s, e in spans)
        count = f"{'~' if f.approx else ''}{f.count}"
        mentions = " ".join(
            f'<a class="ev-link" href="#{_ev_id(i, m.start, m.end)}">{_e(m.evidence)}</a>'
            for m in f.mentions)
        css = ' class="flagged"' if flagged else ""
        rows.append(
            f'<tr id="art-{i}-f{n}" data-fact-id="{_e(f.fact_id)}"{css}>'
            f"<td>{n}</td><td>{_e(f.form)}</td><td>{_e(f.level)}</td>"
            f"<td>{_e(f.recipient)}</td><td class=\"num\">{_e(count)}</td>"
            f"<td>{'yes' if f.total else ''}</td><td>{_e(f.conferrer)}</td>"
            f"<td>{_e(f.award)}</td><td>{_e(f.campaign)}</td>"
            f'<td><a class="ev-link" href="#{_ev_id(i, f.start, f.end)}">{_e(f.evidence)}</a>'
            f"</td><td>{mentions}</td></tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _campaigns_table(i: int, result: ExtractionResult) -> str:
    rows = ['<h3>Campaigns</h3>', '<table class="campaigns">',
            "<thead><tr><th>name</th><th>kind</th><th>year</th><th>evidence</th></tr></thead>"
            "<tbody>"]
    for c in result.campaigns:
        rows.append(f"<tr><td>{_e(c.name)}</td><td>{_e(c.kind)}</td><td>{_e(c.year)}</td>"
                    f'<td><a class="ev-link" href="#{_ev_id(i, c.start, c.end)}">'
                    f"{_e(c.evidence)}</a></td></tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _disc_table(i: int, disc: list[tuple[int, dict]], index_of: dict[str, int],
                incoming: list[tuple[int, int, dict]]) -> str:
    if not disc and not incoming:
        return '<h3>Discrepancies</h3>\n<p class="meta">None found.</p>'
    rows = ['<h3>Discrepancies</h3>', '<table class="discrepancies">',
            "<thead><tr><th>kind</th><th>form</th><th>level</th><th>recipient</th>"
            "<th>expected</th><th>found</th><th>other article</th><th>evidence</th></tr>"
            "</thead><tbody>"]
    for k, d in disc:
        other = d["other_article_id"]
        other_cell = ""
        if _e(other):
            j = index_of.get(str(other))
            other_cell = (f'<a href="#art-{j}">{_e(other)}</a>' if j is not None
                          else _e(other))
        if _int(d["start"]) is not None:
            ev = f'<a class="disc-link" href="#art-{i}-d{k}">{_e(d["evidence"])}</a>'
        elif _e(d["evidence"]):
            ev = f'{_e(d["evidence"])} <span class="meta">(title)</span>'
        else:
            ev = '<span class="meta">(none)</span>'
        css = "flagged" if d["kind"] != "claim_confirmed" else ""
        rows.append(f'<tr id="art-{i}-disc{k}" class="kind-{_e(d["kind"])} {css}">'
                    f"<td>{_e(d['kind'])}</td><td>{_e(d['form'])}</td><td>{_e(d['level'])}</td>"
                    f"<td>{_e(d['recipient'])}</td><td class=\"num\">{_e(d['expected'])}</td>"
                    f"<td class=\"num\">{_e(d['found'])}</td><td>{other_cell}</td>"
                    f"<td>{ev}</td></tr>")
    for j, k, d in incoming:
        rows.append(f'<tr class="kind-{_e(d["kind"])} flagged">'
                    f"<td>{_e(d['kind'])}</td><td>{_e(d['form'])}</td><td>{_e(d['level'])}</td>"
                    f"<td>{_e(d['recipient'])}</td><td class=\"num\">{_e(d['found'])}</td>"
                    f"<td class=\"num\">{_e(d['expected'])}</td>"
                    f'<td><a href="#art-{j}">{_e(d["article_id"])}</a></td>'
                    f'<td><a href="#art-{j}-disc{k}">see there</a></td></tr>')
    rows.append("</tbody></table>")
    return "\n".join(rows)


def render_report(results: Iterable[ExtractionResult],
                  discrepancies: pd.DataFrame | None = None, *,
                  title: str = "Báo cáo kiểm chứng khen thưởng / Commendation fact-check"
                  ) -> str:
    """Render one self-contained HTML page for ``results``.

    Args:
        results: extraction results, in the order of the sections. Each ``ok`` article is
            run through :func:`extractor.pipeline.process` again for its highlights.
        discrepancies: a table as :func:`extractor.check.find_discrepancies` returns
            (columns of :data:`extractor.check.COLUMNS`), or None for none. Rows are
            shown in the section of their ``article_id`` (a ``cross_article`` row also
            in its ``other_article_id``'s); their ``start``/``end`` are character offsets
            into that article's text. Rows about an article not in ``results`` are
            listed in a section of their own.
        title: the page's title (escaped).

    Returns:
        The page, a ``str`` of HTML5 with ``<meta charset="utf-8">``; write it as UTF-8.
        It references nothing outside itself: inline CSS, no script, every ``href`` a
        fragment of the page. All text from the articles and tables is escaped with
        :func:`html.escape`. The ids and classes are described in the module docstring.

    Raises:
        KeyError: ``discrepancies`` lacks a column of :data:`extractor.check.COLUMNS`.
    """
    results = list(results)
    index_of: dict[str, int] = {}
    for i, r in enumerate(results):
        index_of.setdefault(r.article.id, i)
    records: list[dict] = []
    if discrepancies is not None and len(discrepancies):
        from .check import COLUMNS

        records = discrepancies[list(COLUMNS)].astype(object).where(
            discrepancies[list(COLUMNS)].notna(), None).to_dict("records")
    per_article: dict[int, list[tuple[int, dict]]] = {}
    incoming: dict[int, list[tuple[int, int, dict]]] = {}
    orphans: list[dict] = []
    for k, d in enumerate(records):
        at = index_of.get(str(d["article_id"]))
        if at is None:
            orphans.append(d)
            continue
        per_article.setdefault(at, []).append((k, d))
        other = d.get("other_article_id")
        if other is not None and str(other) in index_of:
            incoming.setdefault(index_of[str(other)], []).append((at, k, d))
    failing = [d for d in records if d["kind"] != "claim_confirmed"]
    by_kind: dict[str, int] = {}
    for d in records:
        by_kind[str(d["kind"])] = by_kind.get(str(d["kind"]), 0) + 1
    n_facts = sum(len(r.facts) for r in results)
    head = [
        "<!DOCTYPE html>", '<html lang="vi">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="meta">{len(results)} article(s), {n_facts} fact(s), '
        f"{len(failing)} discrepancy(ies).</p>",
        '<p class="legend">Legend: <span class="hl key-count">count</span>'
        '<span class="hl key-form">award</span><span class="hl key-auth">authority</span>'
        '<span class="hl key-camp">campaign</span><span class="key-ev">fact evidence</span>'
        '<span class="key-disc">discrepancy</span></p>',
    ]
    if by_kind:
        head.append('<table class="summary"><thead><tr><th>kind</th><th>rows</th></tr>'
                    "</thead><tbody>")
        head += [f"<tr><td>{_e(k)}</td><td class=\"num\">{n}</td></tr>"
                 for k, n in sorted(by_kind.items())]
        head.append("</tbody></table>")
    toc = ['<nav><h3>Articles</h3><ol class="toc">']
    for i, r in enumerate(results):
        n_disc = sum(1 for _, d in per_article.get(i, []) if d["kind"] != "claim_confirmed")
        flag = f" — {n_disc} discrepancy(ies)" if n_disc else ""
        toc.append(f'<li><a href="#art-{i}">{_e(r.article.id)}</a>'
                   f"{_e(' — ' + r.article.title) if r.article.title else ''}{flag}</li>")
    toc.append("</ol></nav>")
    body = [_article_section(i, r, per_article.get(i, []), index_of, incoming.get(i, []))
            for i, r in enumerate(results)]
    if orphans:
        body.append('<section class="article has-disc" id="not-in-input">'
                    "<h2>Rows about articles not in the input</h2>"
                    '<table class="discrepancies"><thead><tr><th>kind</th><th>article</th>'
                    "<th>form</th><th>level</th><th>recipient</th><th>expected</th></tr>"
                    "</thead><tbody>")
        body += [f'<tr class="flagged"><td>{_e(d["kind"])}</td><td>{_e(d["article_id"])}</td>'
                 f"<td>{_e(d['form'])}</td><td>{_e(d['level'])}</td>"
                 f"<td>{_e(d['recipient'])}</td><td class=\"num\">{_e(d['expected'])}</td></tr>"
                 for d in orphans]
        body.append("</tbody></table></section>")
    return "\n".join([*head, *toc, *body, "</body>", "</html>", ""])
