"""HTML pages to article text, with trafilatura.

Scraped corpora hold whole pages: menus, footers, related links and comments around the
report. :func:`main_text` keeps the main text (trafilatura's extraction, tuned for
recall so that award lists in tables and bullet lists stay), with the page's title and
publication date when the page states them. Offsets of the facts then index that main
text (``Article.text``), not the HTML.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_HTML_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Page:
    """The main ``text`` of a page; its ``title`` and ``published`` date (ISO
    ``YYYY-MM-DD``) when the page gives them; ``how`` names the method that found the
    text (``"trafilatura"``, or ``"html2txt"`` when trafilatura found no main block and all
    the page's visible text was kept)."""

    text: str
    title: str | None
    published: str | None
    how: str


@lru_cache(maxsize=1)
def _trafilatura() -> Any:
    """trafilatura, imported on first use (it is slow to import and most corpora hold no
    HTML), with its and its helpers' notes about odd pages silenced."""
    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return trafilatura


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts (after blanks and comments) with ``<!doctype html``,
    ``<html``, ``<head`` or ``<body``: a page saved as ``.txt`` or put in a ``text``
    field."""
    return _HTML_START.match(text[:4096]) is not None


def main_text(html: str) -> Page:
    """The main text, title and date of an HTML page.

    Args:
        html: the page's markup, already decoded to ``str``.

    Returns:
        A :class:`Page`; ``text`` is ``""`` when the page holds no visible text.

    The date is the one the page states for itself (meta tags, ``<time>``...), never a
    guess from its text or today's date (htmldate with ``extensive_search=False``).
    """
    trafilatura = _trafilatura()
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, favor_recall=True, include_comments=False,
        include_tables=True, deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = getattr(doc, "text", None) or ""
    title = getattr(doc, "title", None) or None
    published = getattr(doc, "date", None) or None
    if text.strip():
        return Page(text, title, published, "trafilatura")
    return Page(trafilatura.html2txt(html) or "", title, published, "html2txt")
