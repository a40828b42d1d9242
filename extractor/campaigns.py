"""Recognise named emulation campaigns: phong trào thi đua, thi đua chuyên đề, đợt thi
đua, cuộc vận động, phong trào.

Source of the rules: the gold annotation guidelines (CAMPAIGN) and Luật Thi đua, khen
thưởng 2022, Điều 6-9. Cue phrases, the umbrella movement and the words that end a name
are in ``resources/vi/campaigns.yaml``.

A campaign is named either by a quoted title after its cue (``phong trào thi đua
“Dân vận khéo”``, also after "năm 2024 với chủ đề") or by the phrase that follows the cue
up to punctuation or a stop word (``phong trào toàn dân bảo vệ an ninh Tổ quốc``).
Generic mentions ("các phong trào thi đua", "phong trào thi đua do ... phát động") and
the umbrella "phong trào thi đua yêu nước" are not campaigns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .lexicon import load_resource
from .model import Campaign
from .normalize import fold
from .patterns import alternation, compile_phrases, key

_YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)")
_QUOTE_OPEN = "“\"«"
_QUOTE_CLOSE = {"“": "”", '"': '"', "«": "»"}


def _bridge(data: dict[str, list[str]]) -> re.Pattern[str]:
    """What may stand between a cue and its quoted title: "năm 2024", "giai đoạn
    2020-2025", "với chủ đề" (``title_periods``, ``title_links``, ``title_namers``)."""
    return re.compile(
        rf"\s*:?\s*(?:(?:{alternation(data['title_periods'])})\s+\d{{4}}"
        r"(?:\s*[-–]\s*\d{4})?\s*)?"
        rf"(?:(?:{alternation(data['title_links'])})\s+)?"
        rf"(?:(?:{alternation(data['title_namers'])})\s*:?\s*)?")


def _list_next(data: dict[str, list[str]]) -> re.Pattern[str]:
    """The next quoted title of a list: ", “B”", " và “C”" (``title_joiners``)."""
    joiners = alternation(data["title_joiners"])
    return re.compile(rf"\s*(?:,|{joiners}|,\s*(?:{joiners}))\s*[“\"«]")


@dataclass(frozen=True, slots=True)
class CampaignMention:
    """A campaign named in the text.

    ``start``/``end``: characters (half-open) of ``evidence`` (cue + name) in the text;
    ``name_start``/``name_end``: of the name itself; ``quoted``: the name is a quoted title.
    An *anaphor* ("phong trào này", "Qua phong trào thi đua chuyên đề, ...") has an empty
    ``name``: it refers to a campaign named earlier.
    """

    name: str
    kind: str
    year: int | None
    start: int
    end: int
    name_start: int
    name_end: int
    quoted: bool = False


class CampaignRecognizer:
    """Find campaign mentions; see the module docstring for the rules."""

    def __init__(self) -> None:
        data = load_resource("campaigns")
        self._bridge = _bridge(data)
        self._list_next = _list_next(data)
        self._kinds = {key(c): k for c, k in data["cues"].items()}
        self._cues = compile_phrases(data["cues"])
        self._umbrella = compile_phrases(data["umbrella"])
        self._generic = compile_phrases(data["generic_after_cue"])
        self._stops = compile_phrases(data["stop_words"])
        self._max = int(data["max_syllables"])
        self._openers = re.compile(r"(?:" + compile_phrases(data["list_openers"]).pattern
                                   + r")\s+(?=" + self._cues.pattern + ")")
        self._plural = re.compile(compile_phrases(data["plurals"]).pattern + r"\s+$")
        self._named_kinds = {key(n): k for n, k in data["named_campaigns"].items()}
        self._named = compile_phrases(data["named_campaigns"])
        # a cue that names nothing but points back: "phong trào này", "phong trào thi đua
        # chuyên đề, ..." (cue then punctuation)
        self._anaphor = re.compile(r"\s*(?:[,.;:]|" + compile_phrases(data["anaphors"]).pattern
                                   + ")")

    def find(self, text: str, folded: str | None = None) -> list[CampaignMention]:
        """Every campaign mention in ``text``, in order (a name may repeat). Abbreviations
        the text defines ("Thi đua Quyết thắng (TĐQT)") are written out in names."""
        folded = fold(text) if folded is None else folded
        found = self._merge_lists(self._find(text, folded), self._lists(text, folded))
        for m in self._named.finditer(folded):
            if not any(c.start <= m.start() < c.end for c in found):
                found.append(CampaignMention(text[m.start():m.end()],
                                             self._named_kinds[key(m.group(0))], None,
                                             m.start(), m.end(), m.start(), m.end()))
        expand = abbreviations(text)
        if expand:
            found = [replace(c, name=_expand(c.name, expand)) for c in found]
        return sorted(found, key=lambda c: c.start)

    def _lists(self, text: str, folded: str) -> list[CampaignMention]:
        """Campaigns listed after an opener and separated by ";" ("như phong trào cựu chiến
        binh gương mẫu năm 2024; hiến máu nhân đạo; phong trào xanh, sạch, đẹp"): each item
        is one campaign, commas included, its cue (when it has one) giving the kind."""
        out: list[CampaignMention] = []
        for m in self._openers.finditer(folded):
            end = min((i for i in (text.find(".", m.end()), text.find("\n", m.end()),
                                   text.find("…", m.end())) if i != -1), default=len(text))
            segment = text[m.end():end]
            if segment.count(";") < 1:
                continue
            pos = m.end()
            for item in segment.split(";"):
                start = pos + len(item) - len(item.lstrip())
                pos += len(item) + 1
                cue = self._cues.match(folded, start)
                kind = self._kinds[key(cue.group(0))] if cue else "phong_trao"
                n_start = cue.end() if cue else start
                n_start += len(text[n_start:start + len(item.strip())]) - len(
                    text[n_start:start + len(item.strip())].lstrip())
                n_end = start + len(item.strip())
                name = text[n_start:n_end]
                if self._cues.search(folded, n_start, n_end) or any(q in name for q in "“\""):
                    continue  # nested cues and quoted titles are read the usual way
                year = re.search(r"\s+năm\s+(\d{4})$", name)
                if year:
                    n_end -= len(year.group(0))
                words = len(text[n_start:n_end].split())
                if words < 2 or words > self._max or self._umbrella.match(folded, n_start):
                    continue
                if folded.startswith("vận động", n_start):
                    kind = "cuoc_van_dong"
                out.append(CampaignMention(text[n_start:n_end], kind,
                                           int(year.group(1)) if year else None,
                                           cue.start() if cue else start, n_end, n_start, n_end))
        return out

    @staticmethod
    def _merge_lists(found: list[CampaignMention], listed: list[CampaignMention]
                     ) -> list[CampaignMention]:
        """List items replace the shorter mentions they contain (a name cut at a comma)."""
        keep = [c for c in found
                if not any(li.start <= c.start and c.end <= li.end for li in listed)]
        return keep + listed

    def _find(self, text: str, folded: str) -> list[CampaignMention]:
        out: list[CampaignMention] = []
        for m in self._cues.finditer(folded):
            kind = self._kinds[key(m.group(0))]
            quoted = self._quoted(text, folded, m.end())
            if self._plural.search(folded[max(0, m.start() - 12) : m.start()]):
                # "những phong trào: “A”, “B”": a plural cue names campaigns only by titles
                if quoted is not None:
                    out.extend(self._title_list(text, folded, m.start(), kind, quoted))
                continue
            found = quoted or self._phrase(text, folded, m.end())
            if found is None:
                back = self._anaphor.match(folded, m.end())
                if back:
                    end = back.end() if back.group(0).strip()[:1].isalpha() else m.end()
                    out.append(CampaignMention("", kind, None, m.start(), end, end, end))
                continue
            n_start, n_end = found
            name = text[n_start:n_end].strip()
            if len(name) < 3 or self._umbrella.match(folded, n_start):
                continue
            if quoted is not None:
                out.extend(self._title_list(text, folded, m.start(), kind, quoted,
                                            self._bridge_year(folded, m.end(), n_start)))
                continue
            year = self._year(text, n_start, n_end) or self._bridge_year(folded, m.end(), n_start)
            end = n_end + 1 if text[n_end:n_end + 1] in "”\"»" else n_end
            out.append(CampaignMention(name, kind, year, m.start(), end, n_start, n_end))
            if text[n_end - 1:n_end] in "”\"»":  # 'phong trào Ngày Chủ nhật "Xanh", "B"'
                nxt = self._list_next.match(text, n_end)
                if nxt is not None:
                    q = nxt.end() - 1
                    close = text.find(_QUOTE_CLOSE[text[q]], q + 1)
                    if close > q + 1 and "\n" not in text[q:close]:
                        out.extend(self._title_list(text, folded, q, kind, (q + 1, close)))
        return out

    def _title_list(self, text: str, folded: str, cue_start: int, kind: str,
                    first: tuple[int, int], bridge_year: int | None = None
                    ) -> list[CampaignMention]:
        """The quoted title after a cue and the quoted titles listed right after it
        (``phong trào “A”, “B” và “C”``): one mention each, of the cue's kind."""
        out: list[CampaignMention] = []
        start, span = cue_start, first
        while True:
            n_start, n_end = span
            name = text[n_start:n_end].strip()
            if len(name) >= 3 and not self._umbrella.match(folded, n_start):
                year = self._year(text, n_start, n_end) or bridge_year
                out.append(CampaignMention(name, kind, year, start, n_end + 1, n_start, n_end,
                                           True))
            nxt = self._list_next.match(text, n_end + 1)
            if nxt is None:
                return out
            q = nxt.end() - 1
            close = text.find(_QUOTE_CLOSE[text[q]], q + 1)
            newline = text.find("\n", q + 1)
            if close <= q + 1 or (newline != -1 and newline < close):
                return out
            start, span, bridge_year = q, (q + 1, close), None

    def _quoted(self, text: str, folded: str, pos: int) -> tuple[int, int] | None:
        bridge = self._bridge.match(folded, pos)
        q = bridge.end() if bridge else pos
        if q < len(text) and text[q] in _QUOTE_OPEN:
            close = text.find(_QUOTE_CLOSE[text[q]], q + 1)
            newline = text.find("\n", q + 1)
            if close > q + 1 and (newline == -1 or close < newline):
                return q + 1, close
        return None

    def _phrase(self, text: str, folded: str, pos: int) -> tuple[int, int] | None:
        m = re.match(r"[^\S\n]+", folded[pos:])
        if m is None:
            return None
        start = pos + m.end()
        if self._generic.match(folded, start) or self._umbrella.match(folded, start):
            return None
        end = start
        syllables = 0
        for w in re.finditer(r"[^\W_]+|\d+|[^\w\s]|\s+", text[start:]):
            tok = w.group(0)
            if tok.isspace():
                if "\n" in tok:
                    break
                continue
            absolute = start + w.start()
            if tok in _QUOTE_OPEN and syllables:
                close = text.find(_QUOTE_CLOSE[tok], absolute + 1)
                if 0 < close - absolute < 80:
                    end = close + 1
                break
            if not tok[0].isalnum() and tok not in "-–":
                break
            if syllables and self._stops.match(folded, absolute):
                break
            if self._cues.match(folded, absolute):
                return None  # "phong trào thực hiện cuộc vận động ...": the inner cue names it
            if syllables and re.match(r"(?:năm|giai\s+đoạn)\s+\d{4}", folded[absolute:]):
                break
            if syllables >= self._max:
                return None  # too long to be a name: a description, not a campaign
            syllables += 1
            end = absolute + len(tok)
        if syllables == 1 and re.fullmatch(r"[A-ZĐ&]{2,8}", text[start:end]):
            return start, end  # an abbreviation: "phong trào TĐQT"
        return (start, end) if syllables >= 2 else None

    @staticmethod
    def _bridge_year(folded: str, cue_end: int, name_start: int) -> int | None:
        found = _YEAR.findall(folded[cue_end:name_start])
        return int(found[0]) if len(found) == 1 else None

    @staticmethod
    def _year(text: str, n_start: int, n_end: int) -> int | None:
        inside = _YEAR.findall(text[n_start:n_end])
        if inside:
            return int(inside[-1])
        after = re.match(r"[”\"»]?\s*(?:năm|giai đoạn)\s+(\d{4})(?!\s*[-–]\s*\d)",
                         text[n_end:n_end + 24])
        return int(after.group(1)) if after else None


@lru_cache(maxsize=1)
def campaign_recognizer() -> CampaignRecognizer:
    """The recogniser, built once per process."""
    return CampaignRecognizer()


_ABBR = re.compile(r"\(\s*([A-ZĐ&]{2,8})\s*\)")


def abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a text defines in brackets after the words they stand for:
    ``"Thi đua Quyết thắng (TĐQT)"`` gives ``{"TĐQT": "Thi đua Quyết thắng"}``. The
    initials of the words before the bracket must spell the abbreviation (case and "&"
    aside).

    >>> abbreviations("lực lượng vũ trang (LLVT) huyện")
    {'LLVT': 'lực lượng vũ trang'}
    """
    out: dict[str, str] = {}
    for m in _ABBR.finditer(text):
        abbr = m.group(1)
        letters = abbr.replace("&", "")
        words = re.findall(r"[^\W\d_]+", text[max(0, m.start() - 120):m.start()])
        if len(words) < len(letters):
            continue
        phrase = words[-len(letters):]
        if "".join(w[0] for w in phrase).upper() == letters.upper():
            start = text.rfind(phrase[0], 0, m.start())
            out[abbr] = re.sub(r"\s+", " ", text[start:m.start()]).strip()
    return out


def _expand(name: str, expand: dict[str, str]) -> str:
    return re.sub(r"(?<![\w&])([A-ZĐ&]{2,8})(?![\w&])",
                  lambda m: expand.get(m.group(1), m.group(1)), name)


def _name_key(name: str) -> str:
    return re.sub(r"[\W_]+", " ", name.casefold()).strip()


def _same(a: str, b: str) -> bool:
    """One name contained in the other, with at least half its length."""
    if not a or not b:
        return False
    if a in b or b in a:
        return min(len(a), len(b)) >= 0.5 * max(len(a), len(b))
    return False


def canonical_names(mentions: list[CampaignMention]) -> list[CampaignMention]:
    """Give every mention of one campaign one name: that of its first quoted mention, else
    of its first mention (and the first year any mention gives). Two names are one
    campaign when one contains the other with at least half its length, or opens it
    ("chuyển đổi số" and “Chuyển đổi số trong quản lý trường học”). Anaphors (empty
    names) are kept as they are."""
    named = [m for m in mentions if m.name]
    groups: list[list[CampaignMention]] = []
    keys: list[set[str]] = []  # the distinct name keys of each group
    for m in named:
        k = _name_key(m.name)
        for g, ks in zip(groups, keys, strict=True):
            if k in ks or any(_same(k, o) or o.startswith(k) or k.startswith(o) for o in ks):
                g.append(m)
                ks.add(k)
                break
        else:
            groups.append([m])
            keys.append({k})
    canon: dict[int, tuple[str, int | None]] = {}
    for g in groups:
        head = next((m for m in g if m.quoted), g[0])
        year = next((m.year for m in g if m.year is not None), None)
        for m in g:
            canon[id(m)] = (head.name, year)
    out = []
    for m in mentions:
        if m.name:
            name, year = canon[id(m)]
            m = replace(m, name=name, year=year)
        out.append(m)
    return out


def campaign_rows(mentions: list[CampaignMention], article_id: str, text: str
                  ) -> list[Campaign]:
    """One :class:`~extractor.model.Campaign` per campaign of canonically named
    ``mentions`` (see :func:`canonical_names`); the first mention gives the evidence and
    the kind, any mention the year. ``campaign_id`` is ``<article_id>:c<n>``."""
    rows: dict[str, Campaign] = {}
    for m in mentions:
        if not m.name:
            continue
        k = _name_key(m.name)
        if k not in rows:
            rows[k] = Campaign(f"{article_id}:c{len(rows) + 1}", m.name, m.kind, m.year,
                               text[m.start:m.end], m.start, m.end)
        elif rows[k].year is None and m.year is not None:
            rows[k] = replace(rows[k], year=m.year)
    return list(rows.values())
