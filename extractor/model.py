"""Plain data objects that flow between the pipeline stages and into the tables.

Offsets everywhere are **character** offsets (Python ``str`` indices, not bytes) into
the article text as read, half-open ``[start, end)``: ``text[start:end] == evidence``.

Codes (``form``, ``level``, ``recipient``, campaign ``kind``) are those of the gold
annotation guidelines (``GUIDELINES.md`` of the evaluation corpus).
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMS = (
    "huan_chuong",
    "huy_chuong",
    "danh_hieu_vinh_du",
    "chien_si_thi_dua",
    "co_thi_dua",
    "danh_hieu_thi_dua",
    "bang_khen",
    "giay_khen",
    "ky_niem_chuong",
    "huy_hieu",
    "khac",
    "unspecified",
)
"""Award form codes, in the order of the guidelines."""

LEVELS = ("central", "province", "district", "commune", "unit", "unknown")
"""Tiers of the conferring authority."""

RECIPIENTS = ("collective", "individual", "household", "unknown")
"""Recipient types: tập thể, cá nhân, hộ gia đình, or a combined count."""

CAMPAIGN_KINDS = (
    "phong_trao_thi_dua",
    "thi_dua_chuyen_de",
    "dot_thi_dua",
    "cuoc_van_dong",
    "phong_trao",
)
"""How the text calls a campaign."""


@dataclass(frozen=True, slots=True)
class Article:
    """One input record.

    ``text`` is the body as read (decoded, and for an HTML page its main text); every
    offset produced for this article indexes into it, in characters. ``source`` says
    where the record came from (``file`` or ``file:line``), ``encoding`` how its bytes
    were decoded (``utf-8``, ``utf-16-le``, ``cp1258``, ``tcvn3``, ``vni``...; None for
    text given as ``str``), and ``notes`` what was done to it on the way in (HTML
    reduced to its main text, legacy-font text repaired, an id renamed), ``"; "``
    separated.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    encoding: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Campaign:
    """A named emulation campaign (phong trào thi đua, cuộc vận động...).

    ``name`` is the quoted title when there is one, else the naming phrase;
    ``start``/``end`` are the character offsets of ``evidence`` in the article text.
    """

    campaign_id: str
    name: str
    kind: str
    year: int | None
    evidence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """Another place in the article that states an already-extracted fact."""

    evidence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AwardFact:
    """One fact "``count`` recipients of type ``recipient`` received ``award``".

    ``start``/``end`` delimit ``evidence`` (characters, half-open);
    ``sentence_start``/``sentence_end`` delimit the sentence that holds it. ``rule``
    names the linking rule that produced the row. ``mentions`` lists later
    restatements of the same fact. ``province`` is the province (or centrally-run city)
    the fact belongs to, as the article names it, and ``province_2025`` the province it
    is part of after the 2025 merger (Nghị quyết 202/2025/QH15); both None when the
    article does not let one tell.
    """

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
    evidence: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    rule: str
    mentions: tuple[Mention, ...] = ()
    province: str | None = None
    province_2025: str | None = None


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """Everything extracted from one article.

    ``status`` is ``"ok"`` or ``"error"``; on error ``error`` holds the reason and
    ``facts``/``campaigns`` are empty.
    """

    article: Article
    facts: tuple[AwardFact, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    status: str = "ok"
    error: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
