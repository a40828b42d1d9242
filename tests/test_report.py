"""The HTML evidence report (extractor.report) and the ``report`` command, checked by
parsing the page (the browser test is tests/test_browser.py)."""

from __future__ import annotations

import argparse
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extractor import extract
from extractor.check import find_discrepancies
from extractor.commands import add_subcommands
from extractor.model import Article, ExtractionResult
from extractor.report import FONT_STACK, _Mark, _markup, render_report

from .test_check import CLEAN, CLEAN_TITLE, HEADLINE_LEAD, RESTATED, TOTAL_OTHER_FORMS


class Page(HTMLParser):
    """Collects elements: tag, attributes, and the text inside each id'd element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = {k: v or "" for k, v in attrs}
        self.elements.append((tag, d))
        if tag not in ("meta", "br", "link", "img", "input"):
            self.stack.append((tag, d))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else None}")
            return
        self.stack.pop()

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.elements if "id" in a]

    def with_class(self, name: str) -> list[dict[str, str]]:
        return [a for _, a in self.elements if name in a.get("class", "").split()]


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, "unclosed elements"
    return p


@pytest.fixture(scope="module")
def results() -> list[ExtractionResult]:
    return [
        extract(CLEAN, "clean", title=CLEAN_TITLE, url="https://baomau.example.vn/tin/1"),
        extract(HEADLINE_LEAD, "lead <b>&"),  # an id that needs escaping
        extract(TOTAL_OTHER_FORMS, "total"),
        extract(RESTATED, "restated"),
        ExtractionResult(article=Article(id="broken", text=""), status="error",
                         error="line 3: not JSON <oops>"),
    ]


@pytest.fixture(scope="module")
def page(results: list[ExtractionResult]) -> str:
    return render_report(results, find_discrepancies(results))


def test_self_contained_utf8_page(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert FONT_STACK in page and '"Noto Sans"' in FONT_STACK
    p = parse(page)
    # nothing is loaded or linked from outside: no src, every href a fragment
    assert not [a for _, a in p.elements if "src" in a]
    assert all(a["href"].startswith("#") for _, a in p.elements if "href" in a)
    assert not [t for t, _ in p.elements if t in ("script", "link", "img", "iframe", "object")]
    assert "@import" not in page and "url(" not in page
    # the only "://" is the article's URL, shown as text
    assert [m.start() for m in re.finditer("://", page)] == [page.index("://baomau")]
    assert not re.search(r"\b(?:href|src)\s*=\s*[\"']?\s*(?:https?:)?//", page)


def test_vietnamese_text_is_kept_and_escaped(page: str) -> None:
    assert "Chủ tịch UBND huyện tặng giấy khen cho" in page  # NFC, not entities
    assert "lead &lt;b&gt;&amp;" in page and "lead <b>&" not in page
    assert "not JSON &lt;oops&gt;" in page


def test_highlights_and_fact_links(results: list[ExtractionResult], page: str) -> None:
    p = parse(page)
    ids = p.ids()
    assert len(ids) == len(set(ids)), "duplicate ids"
    for cls in ("hl-count", "hl-form", "hl-auth", "hl-camp", "ev"):
        assert p.with_class(cls), cls
    counts = [a["title"] for a in p.with_class("hl-count")]
    assert "count: 35" in counts and "count: 46" in counts
    assert any("campaign: Chung sức xây dựng nông thôn mới" in a["title"]
               for a in p.with_class("hl-camp"))
    # one facts table per article with facts; each row links to an element that exists
    fact_rows = [a for t, a in p.elements if t == "tr" and a.get("data-fact-id")]
    assert len(fact_rows) == sum(len(r.facts) for r in results)
    links = [a["href"][1:] for a in p.with_class("ev-link")]
    assert links and set(links) <= set(ids)
    # the evidence element of a fact holds exactly its evidence text
    clean = results[0]
    f = clean.facts[0]
    target = f"art-0-ev-{f.start}-{f.end}"
    assert target in links
    inner = re.search(rf'<span class="ev" id="{target}"[^>]*>(.*?)</span>(?=[^<]*?(?:<|$))',
                      page, re.S)
    assert inner is not None
    assert re.sub(r"<[^>]+>", "", page[inner.start(1):]).startswith(f.evidence)


def test_discrepancies_are_flagged(page: str) -> None:
    p = parse(page)
    disc_kinds = {c for a in p.with_class("disc") for c in a["class"].split()
                  if c.startswith("disc-")}
    assert disc_kinds == {"disc-headline_mismatch", "disc-total_mismatch",
                          "disc-restated_differently"}
    # each discrepancy row links to its highlighted evidence
    disc_links = [a["href"][1:] for a in p.with_class("disc-link")]
    assert len(disc_links) == 3 and set(disc_links) <= set(p.ids())
    # facts overlapping a discrepancy are flagged; the clean article has none
    flagged = [a for t, a in p.elements if t == "tr" and "flagged" in a.get("class", "")
               and a.get("data-fact-id")]
    assert flagged
    assert not [a for a in flagged if a["data-fact-id"].startswith("clean:")]
    sections = {a["data-article-id"]: a["class"] for t, a in p.elements
                if t == "section" and "data-article-id" in a}
    assert sections["clean"] == "article"
    assert "has-disc" in sections["total"]


def test_without_discrepancies_and_empty() -> None:
    page = render_report([])
    parse(page)
    assert "0 article(s)" in page
    result = extract(CLEAN, "c")
    p = parse(render_report([result]))
    assert p.with_class("hl-count") and not p.with_class("disc")


def test_overlapping_marks_nest_and_split() -> None:
    text = "abcdefghij"
    html = _markup(text, [_Mark(0, 6, 0, "a", id="A"), _Mark(3, 9, 1, "b", id="B"),
                          _Mark(3, 9, 2, "c")])
    p = parse(html)
    assert re.sub(r"<[^>]+>", "", html) == text
    assert p.ids() == ["A", "B"]
    assert [a.get("data-ref") for a in p.with_class("cont")] == ["B"]
    assert _markup("a<b>&", []) == "a&lt;b&gt;&amp;"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="extractor")
    add_subcommands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_report_command_writes_the_page(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [
        {"id": "lead", "title": "Quảng Trị khen thưởng", "text": HEADLINE_LEAD},
        {"id": "clean", "text": CLEAN}]), encoding="utf-8")
    out = tmp_path / "sub" / "report.html"
    assert run(["report", str(src), "--out", str(out), "--title", "Kiểm chứng"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>Kiểm chứng</title>" in page
    assert "headline_mismatch" in page
    assert not list(out.parent.glob(".*.tmp"))
    assert "1 discrepancies" in capsys.readouterr().err


def test_report_command_nothing_readable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert run(["report", str(bad), "--out", str(out), "--quiet"]) == 1
    assert "Not extracted" in out.read_text(encoding="utf-8")
