"""Linking: turn recognised pieces (counts, recipient nouns, award forms, authorities,
cues, campaigns) into award facts.

The unit of linking is the **clause**: a sentence cut at ";". Inside a clause:

1. *Counts* are a cardinal number followed by a recipient noun ("7 tập thể", "1.780 lượt
   cá nhân", "48 tập thể và cá nhân"). Counts joined only by ",", "và", "cùng" form a
   *count group* that shares one award ("1 tập thể, 2 cá nhân được ... tặng bằng khen").
2. Each group takes an award form, by the first rule that applies:
   ``award_before_linked``: an award right before it, joined by a linker ("tặng bằng khen
   cho 5 tập thể", "Huy hiệu 50 năm tuổi Đảng: 24 đồng chí");
   ``award_after``: the next award after it, with no other count group in between
   ("5 tập thể được Chủ tịch UBND tỉnh tặng bằng khen");
   ``award_before_shared``: an earlier award of the clause ("tặng giấy khen 5 tập thể ...
   và 2 tập thể");
   ``reward_verb``: no award named but a reward verb governs it ("khen thưởng 20 tập
   thể"): form ``unspecified``.
3. Numbers that count award objects ("trao 4 bằng khen cho các đơn vị") and named
   recipients ("trao Huân chương ... cho Đại tá Nguyễn Văn A") give facts too
   (``award_count``, ``named_recipients``).
4. Proposals, plans and criteria (``cues.yaml``: proposal, plan) before the fact in its
   sentence drop it, unless a decision cue ("thống nhất tặng") follows them.
5. The conferrer is, in order: one named after "thừa ủy quyền / thay mặt"; one after
   "của" right behind the award; one between count and award; the nearest before in the
   sentence; one after "do". Else the last conferrer of the same sentence, then of the
   paragraph. The level comes from the law for forms that fix it (Huân chương: central),
   else from the conferrer, else from the article's setting.
6. A fact restated later (same form, level, recipient, count and award) becomes a
   mention of the first one.

Source of these rules: the gold annotation guidelines ("Which facts count",
"Clarifications").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .awards import LexMatch
from .campaigns import CampaignMention
from .lexicon import load_resource
from .model import AwardFact, Mention
from .numbers import NumberMention
from .patterns import alternation, compile_phrases
from .places import Province, find_province

_LEVEL_ORDER = ("central", "province", "district", "commune", "unit")

RULES: dict[str, str] = {
    "award_before_linked": "an award, then a linker and the counts: 'tặng bằng khen cho 5 tập thể'",
    "award_after": "counts, then the award: '5 tập thể được ... tặng bằng khen'",
    "award_before_shared": "a later count of a list that shares an earlier award",
    "breakdown": "a count after 'trong đó' breaking down a total given the same award",
    "breakdown_of_previous": "a sentence opening 'Trong số đó ...' breaking down the last fact",
    "count_award_title": "the counted noun opens the title: '47 tập thể lao động tiên tiến'",
    "reward_verb": "no award named, a reward verb governs the count: 'khen thưởng 20 tập thể'",
    "award_count": "a number counts the award objects: 'trao 4 bằng khen cho các đơn vị'",
    "named_recipients": "recipients named, not counted: 'cho Đại tá A và Thượng tá B'",
}
"""The linking rules that produce rows (the ``rule`` column), with what each reads."""


@dataclass(slots=True)
class Count:
    """A number and the recipient noun it counts (characters, half-open)."""

    start: int
    end: int
    value: int
    approx: bool
    recipient: str


@dataclass(slots=True)
class Group:
    """Counts that share one award."""

    counts: list[Count]

    @property
    def start(self) -> int:
        return self.counts[0].start

    @property
    def end(self) -> int:
        return self.counts[-1].end


@dataclass(slots=True)
class Pieces:
    """Everything recognised in one article, as plain records (character offsets)."""

    text: str
    folded: str
    sentences: Sequence[tuple[int, int]]
    numbers: Sequence[NumberMention]
    recipients: Sequence[LexMatch]
    named: Sequence[LexMatch]
    forms: Sequence[LexMatch]
    authorities: Sequence[LexMatch]
    cues: Sequence[LexMatch]
    campaigns: Sequence[CampaignMention]
    title: str | None = None
    paragraphs: Sequence[tuple[int, int]] = field(default_factory=list)
    title_places: Sequence[LexMatch] = field(default_factory=list)
    central_city: bool = False
    places: Sequence[LexMatch] = field(default_factory=list)
    provinces: Sequence[tuple[int, int, Province]] = field(default_factory=list)
    title_provinces: Sequence[Province] = field(default_factory=list)


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    sentence: tuple[int, int]
    form: str
    award: str
    recipient: str
    count: int
    approx: bool
    conferrer: LexMatch | None
    form_match: LexMatch | None
    rule: str
    total: bool = False
    anchor: int = -1  # where the recipients are named: campaign attribution looks from here

    def __post_init__(self) -> None:
        if self.rule not in RULES:  # every rule that makes a row is documented in RULES
            raise ValueError(f"undocumented linking rule {self.rule!r}")


class _Sorted(list):  # type: ignore[type-arg,unused-ignore]
    """Pieces sorted by start, with the starts kept for bisection."""

    def __init__(self, items: Sequence[Any]) -> None:
        super().__init__(sorted(items, key=lambda m: (m.start, -m.end)))
        self.starts = [m.start for m in self]


def _within(items: Sequence[Any], start: int, end: int) -> list[Any]:
    """The pieces lying inside ``[start, end)`` (characters), in text order."""
    starts = getattr(items, "starts", None)
    if starts is None:
        return [m for m in items if m.start >= start and m.end <= end]
    lo, hi = bisect_left(starts, start), bisect_left(starts, end)
    return [m for m in items[lo:hi] if m.end <= end]


def _words(folded: str) -> list[str]:
    return re.findall(r"[^\W_]+|\d+|[^\w\s]", folded)


class Linker:
    """Build :class:`~extractor.model.AwardFact` records from :class:`Pieces`.

    Stateless apart from the word sets it reads from ``cues.yaml`` (count joiners, left
    links, list breakers); one instance serves any number of articles.

    Raises:
        ResourceError: ``cues.yaml`` is broken (on construction).
    """

    def __init__(self) -> None:
        cues = load_resource("cues")
        # single words only: the linker compares them with the words of a gap
        self.JOINERS = frozenset(w for w in cues["count_joiners"] if " " not in w)
        self.LEFT_LINKS = frozenset(cues["left_links"])
        self.NAME_GAP_STOPS = frozenset(cues["list_breakers"])
        self._delegation = re.compile(compile_phrases(cues["delegation"]).pattern + r"\s*$")
        self._possessive = re.compile(compile_phrases(cues["possessives"]).pattern + r"\s+$")
        self._post = re.compile(r"\s*,\s*(?:" + compile_phrases(cues["post_prefixes"]).pattern
                                + r")?\s*")
        joiners = alternation(cues["item_joiners"])
        self._item_joint = re.compile(rf"\s*(?:{joiners}|,)\s*")
        self._campaign_link = re.compile(rf"\b(?:{alternation(cues['campaign_links'])})\s+$")
        chain, receipt = alternation(cues["receipt_chain"]), alternation(cues["receipt_verbs"])
        # between names and their award: a parenthesis, a ", post of the person," aside,
        # then a chain of auxiliaries and verbs holding a receipt verb
        self._receipt_chain = re.compile(
            rf"(?:\s*\([^)]*\))?(?:\s*,[^,;.]{{0,60}}(?:,|(?=\s+(?:{receipt})\b)))?"
            rf"\s*((?:(?:{chain})\s*)+)")
        self._party_award = str(load_resource("awards")["party_years_award"])
        self._receipt_verb = re.compile(rf"\b(?:{receipt})\b")
        self._receipt_or_award = re.compile(
            rf"\b(?:{alternation([*cues['receipt_verbs'], *cues['award_verbs']])})\b")
    MAX_AFTER = 40  # syllables between a count group and a following award
    MAX_SHARED = 25  # syllables from an award to a later count that takes it with no linker

    def link(self, p: Pieces, article_id: str) -> list[AwardFact]:
        """All award facts of one article, in text order, restatements merged.

        Args:
            p: the recognised pieces of the article.
            article_id: used to build ``fact_id`` (``"<article_id>:f<n>"``).

        Returns:
            Facts whose ``text[start:end] == evidence``.
        """
        for name in ("numbers", "recipients", "named", "forms", "authorities", "cues",
                     "campaigns"):
            setattr(p, name, _Sorted(getattr(p, name)))
        setting = self._setting(p)
        drafts: list[_Draft] = []
        previous: list[_Draft] = []
        modal_open = False
        for i, sentence in enumerate(p.sentences):
            carried = modal_open and self._continues(p, p.sentences[i - 1], sentence)
            new = self._sentence(p, sentence, previous, carried)
            drafts.extend(new)
            previous = new or previous
            modal_open = self._ends_modal(p, sentence) or (carried and not new)
        return self._finish(p, drafts, setting, article_id)

    # -- modality carried over a list -------------------------------------------------
    def _ends_modal(self, p: Pieces, sentence: tuple[int, int]) -> bool:
        """The sentence leaves a proposal or plan open ("... đề nghị cấp trên xem xét: ...")."""
        cues = _within(p.cues, *sentence)
        blocking = [c.end for c in cues if c.label in ("proposal", "plan")]
        if not blocking:
            return False
        return not any(c.label == "decision" and c.start >= max(blocking) for c in cues)

    def _continues(self, p: Pieces, prev: tuple[int, int], sentence: tuple[int, int]) -> bool:
        """``sentence`` goes on with the list of ``prev`` rather than stating a fact of its own:
        it has no verb of conferral, and is in the same paragraph or ``prev`` ends with ":"."""
        same_paragraph = "\n" not in p.text[prev[1]:sentence[0]]
        bullet = p.text[sentence[0]:sentence[0] + 1] in "-–—+•*"
        if not (same_paragraph or bullet or p.text[prev[0]:prev[1]].rstrip()[-1:] in ":;"):
            return False
        verbs = [c for c in _within(p.cues, *sentence)
                 if c.label in ("award_verbs", "reward_verbs", "decision")
                 and p.folded[c.start:c.end] != "có"]
        return not verbs

    # -- one sentence -------------------------------------------------------------
    def _sentence(self, p: Pieces, sentence: tuple[int, int], previous: list[_Draft],
                  modal: bool) -> list[_Draft]:
        s_start, s_end = sentence
        if modal:
            return []
        out: list[_Draft] = []
        inherited = self._breakdown_source(p, sentence, previous)
        for c_start, c_end in self._clauses(p.text, s_start, s_end):
            forms = _within(p.forms, c_start, c_end)
            groups = self._appositions(p, forms, self._groups(p, c_start, c_end),
                                       (c_start, c_end))
            used_forms: set[int] = set()
            for group in groups:
                chosen: tuple[LexMatch | None, str] | None = self._title_noun(p, group, forms)
                if chosen is None and inherited is not None and not forms:
                    out.extend(self._inherit(p, sentence, group, inherited))
                    continue
                if chosen is None:
                    chosen = self._choose_form(p, group, forms, groups, c_start, c_end)
                if chosen is None:
                    continue
                form, rule = chosen
                if form is not None:
                    used_forms.add(form.start)
                out.extend(self._drafts(p, sentence, group, form, rule))
            for form in forms:
                if form.start in used_forms:
                    # a count went to this award; names before it may still be its subject
                    # ("tỉnh X được tặng Huân chương Độc lập, còn 14 cá nhân nhận hạng Nhì")
                    out.extend(self._named_subject(p, sentence, (c_start, c_end), form, groups))
                    continue
                out.extend(self._unlinked_form(p, sentence, (c_start, c_end), form, groups))
        kept = [d for d in out if not self._modal(p, s_start, d)]
        self._mark_totals(p, sentence, kept)
        return kept

    def _title_noun(self, p: Pieces, group: Group, forms: list[LexMatch]
                    ) -> tuple[LexMatch, str] | None:
        """"47 tập thể lao động tiên tiến", "378 chiến sĩ thi đua cấp cơ sở": the counted
        noun opens the award's own name."""
        last = group.counts[-1]
        for i, f in enumerate(forms):
            if f.start < last.end <= f.end and f.start >= last.start:
                later = forms[i + 1:]
                if later and self._receipt_or_award.search(p.folded[f.end:later[0].start]):
                    return None  # "30 doanh nhân tiêu biểu ... được nhận Bằng khen"
                return f, "count_award_title"
        return None

    def _breakdown_source(self, p: Pieces, sentence: tuple[int, int], previous: list[_Draft]
                          ) -> _Draft | None:
        """The fact a sentence opening with "Trong số (đó)...", "Cụ thể..." breaks down: the
        last fact of the previous sentence."""
        if not previous:
            return None
        head = p.folded[sentence[0]:sentence[0] + 20]
        opens = any(c.label == "breakdown_start" and c.start == sentence[0]
                    for c in _within(p.cues, sentence[0], sentence[0] + len(head)))
        return previous[-1] if opens else None

    def _inherit(self, p: Pieces, sentence: tuple[int, int], group: Group, source: _Draft
                 ) -> list[_Draft]:
        return [_Draft(group.start, group.end, sentence, source.form, source.award,
                       c.recipient, c.value, c.approx, source.conferrer, source.form_match,
                       "breakdown_of_previous") for c in group.counts]

    def _clauses(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        cuts = [start] + [m.end() for m in re.finditer(";", text[start:end])]
        cuts = [c if c == start else start + c for c in cuts]
        bounds = [*cuts, end + 1]
        return [(bounds[i], bounds[i + 1] - 1) for i in range(len(bounds) - 1)]

    def _groups(self, p: Pieces, start: int, end: int) -> list[Group]:
        counts: list[Count] = []
        nouns = _within(p.recipients, start, end + 200)
        for n in _within(p.numbers, start, end):
            if n.kind != "cardinal" or n.value is None:
                continue
            if not float(n.value).is_integer() or n.value < 0:
                continue
            count = self._count_at(p, n, nouns)
            if count is not None:
                counts.append(count)
        groups: list[Group] = []
        for c in counts:
            if groups and self._joined(p, groups[-1].end, c.start):
                groups[-1].counts.append(c)
            else:
                groups.append(Group([c]))
        return groups

    def _count_at(self, p: Pieces, n: NumberMention, nouns: list[LexMatch]) -> Count | None:
        pos = n.end
        ratio = re.match(r"/\s*\d[\d.]*", p.folded[pos:])  # "17.800/18.600 hộ"
        if ratio:
            pos += ratio.end()
        for r in nouns:
            if r.start < pos:
                continue
            gap = p.folded[pos:r.start]
            if gap.strip() == "" and r.label == "classifier":
                pos = r.end
                continue
            if gap.strip() != "":
                return None
            if r.label == "classifier":
                return None
            return Count(n.start, r.end, int(n.value or 0), n.approx, r.label)
        return None

    def _joined(self, p: Pieces, left_end: int, right_start: int) -> bool:
        """Counts in one list: only joiners between them, or a short qualifier then a joiner
        ("170 đảng viên, 10 chi bộ thuộc đảng ủy cơ sở và 1 đảng bộ"), never an award."""
        if any(f.start < right_start and left_end < f.end for f in p.forms):
            return False
        gap = _words(p.folded[left_end:right_start])
        if len(gap) <= 3 and all(w in self.JOINERS for w in gap):
            return True
        return (len(gap) <= 7 and gap[-1] in ("và", ",", "cùng")
                and not any(w in self.NAME_GAP_STOPS or w in ".;:()" for w in gap))

    # -- choosing the award of a count group ----------------------------------------
    def _choose_form(self, p: Pieces, group: Group, forms: list[LexMatch], groups: list[Group],
                     c_start: int, c_end: int) -> tuple[LexMatch | None, str] | None:
        before = [f for f in forms if f.end <= group.start]
        after = [f for f in forms if f.start >= group.end]
        left = before[-1] if before else None
        right = after[0] if after else None
        if left is not None and self._left_linked(p, left, group, groups):
            return left, "award_before_linked"
        if right is not None and self._right_ok(p, group, right, groups):
            return right, "award_after"
        if left is not None and not self._breakdown_between(p, left.end, group.start) and (
                len(_words(p.folded[left.end:group.start])) <= self.MAX_SHARED
                or any(left.end <= g.start and g.end <= group.start for g in groups)):
            return left, "award_before_shared"
        if left is not None and self._is_breakdown_of(p, left, group, groups):
            return left, "breakdown"
        if self._reward_verb_near(p, group, c_start, c_end):
            return None, "reward_verb"
        return None

    def _left_linked(self, p: Pieces, form: LexMatch, group: Group, groups: list[Group]) -> bool:
        if any(form.end <= g.start and g.end <= group.start for g in groups if g is not group):
            return False
        gap = p.folded[form.end:group.start]
        words = _words(gap)
        if len(words) > 24:
            return False
        tail = [w for w in words if w not in ("các", "những", "đã", "được")]
        return not words or (bool(tail) and tail[-1] in self.LEFT_LINKS)

    def _right_ok(self, p: Pieces, group: Group, form: LexMatch, groups: list[Group]) -> bool:
        if any(group.end <= g.start and g.end <= form.start for g in groups if g is not group):
            return False
        if self._breakdown_between(p, group.end, form.start):
            return False
        return len(_words(p.folded[group.end:form.start])) <= self.MAX_AFTER

    def _is_breakdown_of(self, p: Pieces, form: LexMatch, group: Group, groups: list[Group]
                         ) -> bool:
        """``form ... N (total) ..., trong đó M ..., K ...``: the group breaks down a total
        that the same award was given to."""
        cues = [c for c in _within(p.cues, form.end, group.start) if c.label == "total"]
        if not cues:
            return False
        cue = cues[0]
        return any(g.end <= cue.start for g in groups if g is not group)

    def _breakdown_between(self, p: Pieces, start: int, end: int) -> bool:
        return any(c.label == "total" for c in _within(p.cues, start, end))

    def _reward_verb_near(self, p: Pieces, group: Group, c_start: int, c_end: int) -> bool:
        for cue in _within(p.cues, c_start, c_end):
            if cue.label != "reward_verbs":
                continue
            if cue.end <= group.start and len(_words(p.folded[cue.end:group.start])) <= 12:
                return True
            if cue.start >= group.end and len(_words(p.folded[group.end:cue.start])) <= 25:
                return True
        return False

    # -- drafts ---------------------------------------------------------------------
    def _drafts(self, p: Pieces, sentence: tuple[int, int], group: Group,
                form: LexMatch | None, rule: str) -> list[_Draft]:
        lo = group.start if form is None else min(group.start, form.start)
        hi = group.end if form is None else max(group.end, form.end)
        if rule == "breakdown":
            lo, hi = group.start, group.end  # "trong đó 12 trường tiểu học": the count alone
        if form is None:
            verb = self._nearest_reward_verb(p, group, sentence)
            if verb is not None:
                lo, hi = min(lo, verb.start), max(hi, verb.end)
        conferrer = self._conferrer(p, sentence, lo, hi, form)
        if conferrer is not None and lo <= conferrer.start < hi:
            pass
        elif conferrer is not None and form is not None and conferrer.start >= form.end and (
            conferrer.start - form.end <= 6 and conferrer.start > group.end
        ):
            hi = max(hi, conferrer.end)
        award = str(form.info["award"]) if form else ""
        if form is not None and form.label == "huy_hieu":
            award = self._party_years(p, group, sentence) or award
        partner = self._coordinated_form(p, form) if form is not None else None
        out = []
        for c in group.counts:
            code, name, match = (form.label, award, form) if form else ("unspecified", "", None)
            if form is not None and partner is not None:
                code, name, match = self._form_for(form, partner, c.recipient)
            out.append(_Draft(
                start=lo, end=hi, sentence=sentence, form=code, award=name,
                recipient=c.recipient, count=c.value, approx=c.approx,
                conferrer=conferrer, form_match=match, rule=rule, anchor=group.start,
            ))
        return out

    def _coordinated_form(self, p: Pieces, form: LexMatch) -> LexMatch | None:
        """Another award joined to ``form`` by "và" / "," ("Cờ thi đua và bằng khen")."""
        for f in _within(p.forms, max(0, form.start - 40), form.end + 40):
            if f is form or f.label == form.label:
                continue
            left, right = (form, f) if form.end <= f.start else (f, form)
            if self._item_joint.fullmatch(p.folded[left.end:right.start]):
                return f
        return None

    @staticmethod
    def _form_for(a: LexMatch, b: LexMatch, recipient: str
                  ) -> tuple[str, str, LexMatch | None]:
        """The award of two coordinated ones that ``recipient`` can receive; with both or
        neither possible, ``unspecified`` (guidelines, Clarifications: "Cờ thi đua và Bằng
        khen cho 9 tập thể và 16 cá nhân")."""
        fits = [f for f in (a, b) if f.info.get("recipient") in (None, recipient)]
        if len(fits) == 1:
            return fits[0].label, str(fits[0].info["award"]), fits[0]
        return "unspecified", "", None

    def _party_years(self, p: Pieces, group: Group, sentence: tuple[int, int]) -> str | None:
        """"6 đảng viên có 30 năm tuổi Đảng": the Huy hiệu the count received."""
        for n in _within(p.numbers, group.end, sentence[1]):
            if n.kind == "years_of_service" and \
                    len(_words(p.folded[group.end:n.start])) <= 2:
                return self._party_award.format(years=n.surface)
        return None

    def _nearest_reward_verb(self, p: Pieces, group: Group, sentence: tuple[int, int]
                             ) -> LexMatch | None:
        verbs = [c for c in _within(p.cues, *sentence) if c.label == "reward_verbs"]
        if not verbs:
            return None
        return min(verbs, key=lambda c: min(abs(c.start - group.end), abs(group.start - c.end)))

    def _unlinked_form(self, p: Pieces, sentence: tuple[int, int], clause: tuple[int, int],
                       form: LexMatch, groups: list[Group]) -> list[_Draft]:
        """Facts from an award with no count group: counted award objects or names."""
        # "trao 4 bằng khen", "1 Huân chương Lao động hạng nhì": a number right before it
        for n in _within(p.numbers, max(0, form.start - 20), form.start):
            if n.kind == "cardinal" and n.value and n.end <= form.start and \
                    re.fullmatch(r"[ \t]*", p.folded[n.end:form.start]):
                recipient = self._recipient_for_objects(p, form, groups, sentence)
                conferrer = self._conferrer(p, sentence, n.start, form.end, form)
                code, award = form.label, str(form.info["award"])
                other = next((f for f in _within(p.forms, form.end, form.end + 80)
                              if f.start > form.end and self._item_joint.fullmatch(
                                  p.folded[form.end:f.start])), None)
                if other is not None and other.label != code:
                    code, award = "unspecified", ""  # "45 Cờ thi đua và Bằng khen"
                return [_Draft(n.start, form.end, sentence, code, award, recipient,
                               int(n.value), n.approx, conferrer, form, "award_count")]
        return self._named_facts(p, sentence, form, self._named_for(p, form, clause))

    def _named_subject(self, p: Pieces, sentence: tuple[int, int], clause: tuple[int, int],
                       form: LexMatch, groups: list[Group]) -> list[_Draft]:
        named = [n for n in _within(p.named, clause[0], clause[1])
                 if not any(g.start < n.end and n.start < g.end for g in groups)]
        after = self._named_after(p, form, named)
        if after and all(after[-1].end <= g.start for g in groups if g.start > form.end):
            # "cho bà A, ..., và 3 tập thể khác": names, then counts, of one award
            return self._named_facts(p, sentence, form, after)
        if any(clause[0] <= g.start < form.start for g in groups):
            return []  # "2 tập thể ... của X và Ban Y cũng được tặng": the count is the subject
        found = self._named_before(p, form, named)
        if any(found[-1].end <= g.start < form.start for g in groups) if found else True:
            return []
        return self._named_facts(p, sentence, form, found)

    def _named_facts(self, p: Pieces, sentence: tuple[int, int], form: LexMatch,
                     named: list[LexMatch]) -> list[_Draft]:
        implied = form.info.get("recipient")
        named = [n for n in named if implied is None or n.label == implied]
        if not named:
            return []
        lo = min(form.start, *(m.start for m in named))
        hi = max(form.end, *(m.end for m in named))
        # the conferrer is looked for around the award, not inside the list of names
        # (whose appositions name posts: "thầy A, Hiệu trưởng, và cô B")
        if named[0].start >= form.end:
            conferrer = self._conferrer(p, sentence, form.start, form.end, form)
        else:
            conferrer = self._conferrer(p, sentence, named[-1].end, form.end, form)
        by_type = Counter(m.label for m in named)
        return [_Draft(lo, hi, sentence, form.label, str(form.info["award"]), recipient, n,
                       False, conferrer, form, "named_recipients")
                for recipient, n in sorted(by_type.items())]

    def _recipient_for_objects(self, p: Pieces, form: LexMatch, groups: list[Group],
                               sentence: tuple[int, int]) -> str:
        after = p.folded[form.end:form.end + 40]
        m = re.match(r"\s*(?:[^\W\d_]+\s+){0,6}?(?:cho|tặng|tới)\s+(?:các|những)?\s*", after)
        if m:
            for r in _within(p.recipients, form.end, form.end + 60):
                if r.start == form.end + m.end() and r.label != "classifier":
                    return r.label
        earlier = [g for g in self._groups(p, sentence[0], form.start)]
        if earlier:
            return earlier[-1].counts[-1].recipient
        implied = form.info.get("recipient")
        return str(implied) if implied else "unknown"

    def _named_for(self, p: Pieces, form: LexMatch, clause: tuple[int, int]) -> list[LexMatch]:
        """Named recipients of ``form``: after it ("... cho Đại tá A, Thượng tá B") or
        before it as the subject of a passive ("Trường X được trao ...")."""
        named = [n for n in _within(p.named, clause[0], clause[1])]
        return self._named_after(p, form, named) or self._named_before(p, form, named)

    def _named_after(self, p: Pieces, form: LexMatch, named: list[LexMatch]) -> list[LexMatch]:
        m = re.match(r"\s*(?:(?:của|do)\s+[^,.;]{0,40}?\s+)?(?:(?:đã|được|cũng|vừa|trao|tặng|"
                     r"truy)\s+)*(?:cho|tới|đến)\s+", p.folded[form.end:])
        return self._name_list(p, named, form.end + m.end()) if m else []

    def _named_before(self, p: Pieces, form: LexMatch, named: list[LexMatch]
                      ) -> list[LexMatch]:
        head = [n for n in named if n.end <= form.start]
        for i, first in enumerate(head):
            if i and not self._list_gap(p.folded[head[i - 1].end:first.start]):
                continue  # only the first name of a list starts it
            left = p.folded[max(0, first.start - 8):first.start]
            if self._possessive.search(left):
                continue  # "07 đồng chí của tỉnh Bình Thuận": a place, not the recipient
            listed = self._name_list(p, named, first.start)
            last = listed[-1] if listed else first
            between = p.folded[last.end:form.start]
            verbs = self._receipt_chain.match(between)
            if last.end <= form.start and verbs and self._receipt_verb.search(
                    verbs.group(1)) and len(_words(between)) <= 24:
                return [n for n in listed if n.end <= form.start]
        return []

    def _appositions(self, p: Pieces, forms: list[LexMatch], groups: list[Group],
                     clause: tuple[int, int]) -> list[Group]:
        """Drop count groups that restate a list of names ("cho bà A, ..., và bà B, hai
        điển hình ..."): the names are the recipients."""
        named = [n for n in _within(p.named, clause[0], clause[1])]
        lists = [ns for f in forms if (ns := self._named_after(p, f, named))]

        def restates(g: Group) -> bool:
            for names in lists:
                end = names[-1].end
                if sum(c.value for c in g.counts) != len(names):
                    continue  # "cho bà A, ..., và 3 tập thể khác": more recipients
                gap = p.folded[end:g.start]
                if g.start >= end and len(_words(gap)) <= 12 and not re.search(r"[.;:]", gap):
                    return True
            return False
        return [g for g in groups if not restates(g)]

    def _name_list(self, p: Pieces, named: list[LexMatch], pos: int) -> list[LexMatch]:
        out: list[LexMatch] = []
        for n in named:
            if n.start < pos:
                continue
            if out and p.folded[:n.start].rstrip().endswith("("):
                continue  # "ông A (huyện Long Thành) và ông B": a place, not a recipient
            gap = p.folded[pos:n.start]
            if out and n.label != out[-1].label and not re.search(r"\b(?:và|cùng)\b", gap):
                break  # "cô B, tổ trưởng tổ Ngữ văn": an apposition, not another recipient
            if gap.strip() == "" or (out and self._list_gap(gap)):
                out.append(n)
                pos = n.end
                continue
            break
        return out

    def _list_gap(self, gap: str) -> bool:
        """Text between two named recipients of one list: an apposition at most
        (", Hiệu trưởng, và "), ending with a comma or a conjunction."""
        words = _words(gap)
        if not words or len(words) > 14 or any(w in self.NAME_GAP_STOPS for w in words):
            return False
        if any(ch in gap for ch in ".;:\n"):
            return False
        return words[-1] in (",", "và", "cùng", "với")

    # -- conferrer, level, modality -------------------------------------------------------
    def _conferrer(self, p: Pieces, sentence: tuple[int, int], lo: int, hi: int,
                   form: LexMatch | None) -> LexMatch | None:
        auths = [a for a in _within(p.authorities, *sentence) if not self._is_post(p, a)]
        if not auths:
            return None
        for a in auths:
            left = p.folded[max(sentence[0], a.start - 20):a.start]
            if self._delegation.search(left):
                return a
        anchor_end = form.end if form is not None else None
        if form is None:
            verbs = [c for c in _within(p.cues, lo, hi) if c.label == "reward_verbs"]
            anchor_end = verbs[0].end if verbs else None
        if anchor_end is not None:
            for a in auths:
                if a.start >= anchor_end and re.fullmatch(r"\s*(?:xuất sắc\s+)?của\s+",
                                                          p.folded[anchor_end:a.start]):
                    return a  # "bằng khen của X", "khen thưởng của X"
        between = [a for a in auths if lo <= a.start and a.end <= hi]
        if between:
            return between[-1]
        before = [a for a in auths if a.end <= lo]
        if before:
            return before[-1]
        for a in auths:
            if a.start >= hi and re.search(r"\bdo\s+$", p.folded[hi:a.start]):
                return a
        return None

    def _is_post(self, p: Pieces, a: LexMatch) -> bool:
        """An authority written as a named person's post ("ông A, nguyên Bí thư Huyện ủy")
        describes the recipient; it confers nothing."""
        for n in _within(p.named, max(0, a.start - 80), a.start):
            if n.label == "individual" and self._post.fullmatch(p.folded[n.end:a.start]):
                return True
        return False

    def _modal(self, p: Pieces, s_start: int, d: _Draft) -> bool:
        cues = _within(p.cues, s_start, d.end)
        blocking = [c for c in cues if c.label in ("proposal", "plan")]
        if not blocking:
            return False
        last_block = max(c.end for c in blocking)
        return not any(c.label == "decision" and c.start >= last_block for c in cues)

    def _mark_totals(self, p: Pieces, sentence: tuple[int, int], drafts: list[_Draft]) -> None:
        totals = [c for c in _within(p.cues, *sentence) if c.label == "total"]
        for d in drafts:
            if any(t.start >= d.end and any(o.anchor >= t.end for o in drafts) for t in totals):
                d.total = True

    def _setting(self, p: Pieces) -> str:
        """The tier of the body whose results the article sums up: the place its title
        names ("Huyện Phong Thổ: ..."), else its first local authority, else the most
        frequent tier among its authorities (ties: the lower tier)."""
        if p.title_places:
            return p.title_places[0].label
        city = self._city_level(p)
        local = [a for a in p.authorities if a.label in _LEVEL_ORDER[1:] or a.label == "city"]
        if local:
            first = local[0].label
            return city if first == "city" else first
        if p.places:
            first = p.places[0].label
            return city if first == "city" else first
        levels = Counter(city if a.label == "city" else a.label for a in p.authorities)
        levels = Counter({k: v for k, v in levels.items() if k in _LEVEL_ORDER[1:]})
        if not levels:
            return "unknown"
        best = max(levels.values())
        return max((lvl for lvl, n in levels.items() if n == best), key=_LEVEL_ORDER.index)

    def _city_level(self, p: Pieces) -> str:
        """Tier of a "thành phố" written without its name: that of the city the article
        names (a centrally-run city is a province, any other a district)."""
        cities = [a for a in p.authorities if a.info.get("place") and a.label in
                  ("province", "district") and "thành phố" in str(a.info["canonical"])]
        if cities:
            return cities[0].label
        return "province" if p.central_city else "district"

    def _level(self, p: Pieces, d: _Draft, setting: str) -> str:
        fixed = d.form_match.info.get("level") if d.form_match else None
        if fixed in _LEVEL_ORDER:
            return str(fixed)
        clause = self._clause_of(p, d)
        if d.conferrer is not None and d.form == "unspecified" and self._mixed(p, d) and not (
                clause[0] <= d.conferrer.start < clause[1]):
            return "unknown"  # a conferrer carried from elsewhere does not override "các cấp"
        if d.conferrer is not None:
            level = self._city_level(p) if d.conferrer.label == "city" else d.conferrer.label
            partner = self._coordinated(p, d.conferrer)
            if partner is not None:
                other = self._city_level(p) if partner.label == "city" else partner.label
                if other != level:
                    return "unknown"  # "của Chủ tịch UBND tỉnh và Bộ trưởng Bộ Công an"
            return level
        if self._mixed(p, d):
            return "unknown"
        return setting if setting != "city" else self._city_level(p)

    def _clause_of(self, p: Pieces, d: _Draft) -> tuple[int, int]:
        at = d.anchor if d.anchor >= 0 else d.start
        return next((c for c in self._clauses(p.text, *d.sentence) if c[0] <= at <= c[1]),
                    d.sentence)

    def _mixed(self, p: Pieces, d: _Draft) -> bool:
        """The text says the rewards came from several tiers ("nhận các hình thức khen
        thưởng", "các cấp đã khen thưởng")."""
        return any(c.label == "mixed_levels" for c in _within(p.cues, *self._clause_of(p, d)))

    def _coordinated(self, p: Pieces, a: LexMatch) -> LexMatch | None:
        """Another authority joined to ``a`` by "và" / "," (both confer the award)."""
        for b in _within(p.authorities, max(0, a.start - 60), a.end + 60):
            if b is a:
                continue
            left, right = (a, b) if a.end <= b.start else (b, a)
            if self._item_joint.fullmatch(p.folded[left.end:right.start]):
                return b
        return None

    # -- carry-over, campaigns, dedupe -------------------------------------------------------
    def _finish(self, p: Pieces, drafts: list[_Draft], setting: str, article_id: str
                ) -> list[AwardFact]:
        facts: list[AwardFact] = []
        seen: dict[tuple[object, ...], int] = {}
        last_conferrer: dict[tuple[int, int], LexMatch] = {}
        for d in drafts:
            if d.conferrer is None and d.form in ("bang_khen", "giay_khen", "co_thi_dua",
                                                   "unspecified", "danh_hieu_thi_dua",
                                                   "chien_si_thi_dua", "khac", "huy_hieu"):
                d.conferrer = last_conferrer.get(d.sentence) or self._paragraph_conferrer(p, d)
            if d.conferrer is not None:
                last_conferrer[d.sentence] = d.conferrer
            level = self._level(p, d, setting)
            award = d.award
            conferrer = (str(d.conferrer.info["canonical"])
                         if d.conferrer is not None and d.conferrer.label != "unknown" else None)
            if d.form in ("bang_khen", "giay_khen", "co_thi_dua") and conferrer and \
                    " của " not in award:
                award = f"{award} của {conferrer}"
            if d.form == "unspecified":
                award = "Khen thưởng"
            keyt = (d.form, level, d.recipient, d.count, award)
            evidence = p.text[d.start:d.end]
            if keyt in seen and facts[seen[keyt]].sentence_start != d.sentence[0]:
                i = seen[keyt]
                facts[i] = replace(facts[i], mentions=(*facts[i].mentions,
                                                       Mention(evidence, d.start, d.end)))
                continue
            seen[keyt] = len(facts)
            facts.append(AwardFact(
                fact_id=f"{article_id}:f{len(facts) + 1}", form=d.form, level=level,
                recipient=d.recipient, count=d.count, approx=d.approx, total=d.total,
                conferrer=conferrer, award=award,
                campaign=self._campaign(p, d), evidence=evidence, start=d.start, end=d.end,
                sentence_start=d.sentence[0], sentence_end=d.sentence[1], rule=d.rule,
            ))
        facts = self._merge_unspecified(facts)
        return self._renumber([self._with_province(p, f) for f in facts], article_id)

    def _with_province(self, p: Pieces, f: AwardFact) -> AwardFact:
        """The province a fact belongs to: that of its conferrer when the conferrer names
        one ("Chủ tịch UBND tỉnh Kiên Giang"), else the article's (see
        :meth:`_article_province`)."""
        province = None
        for a in p.authorities:
            if a.start <= f.start < a.end or (f.start <= a.start and a.end <= f.end):
                place = a.info.get("place")
                province = find_province(str(place)) if place else None
                if province is not None:
                    break
        province = province or self._article_province(p)
        if province is None:
            return f
        return replace(f, province=province.name, province_2025=province.name_2025)

    @staticmethod
    def _article_province(p: Pieces) -> Province | None:
        """The province the title names, else the one the text names most often (ties:
        the first named)."""
        if p.title_provinces:
            return p.title_provinces[0]
        if not p.provinces:
            return None
        counts = Counter(prov.name for _, _, prov in p.provinces)
        best = max(counts.values())
        return next(prov for _, _, prov in p.provinces if counts[prov.name] == best)

    @staticmethod
    def _merge_unspecified(facts: list[AwardFact]) -> list[AwardFact]:
        """An unspecified reward ("12 tập thể được khen thưởng") restating, in another
        sentence, a fact whose form is known (same recipients, same count) is a mention of
        that fact, not a fact of its own."""
        out = list(facts)
        for f in facts:
            if f.form != "unspecified" or f.total:
                continue
            target = next((g for g in out if g.form != "unspecified" and not g.total
                           and (g.recipient, g.count) == (f.recipient, f.count)
                           and g.sentence_start != f.sentence_start), None)
            if target is None:
                continue
            i = out.index(target)
            out[i] = replace(target, mentions=(*target.mentions,
                                               Mention(f.evidence, f.start, f.end)))
            out.remove(f)
        return out

    @staticmethod
    def _renumber(facts: list[AwardFact], article_id: str) -> list[AwardFact]:
        return [replace(f, fact_id=f"{article_id}:f{i}") for i, f in enumerate(facts, 1)]

    def _paragraph_conferrer(self, p: Pieces, d: _Draft) -> LexMatch | None:
        para = next(((s, e) for s, e in p.paragraphs if s <= d.start < e), None)
        if para is None:
            return None
        before = [a for a in _within(p.authorities, para[0], d.start)
                  if a.label != "unknown"]
        return before[-1] if before else None

    def _campaign(self, p: Pieces, d: _Draft) -> str | None:
        """The campaign the text ties a fact to: in its sentence, the first one named after
        it under "trong" ("có thành tích xuất sắc trong phong trào X"), else the nearest
        named before it, else the first after it; else one named in the first sentence of
        its paragraph; else the article's only campaign."""
        named = [c for c in p.campaigns if c.name]
        if not named:
            return None
        s_start, s_end = d.sentence
        same = [c for c in p.campaigns if s_start <= c.start < s_end]
        anchor = d.anchor if d.anchor >= 0 else d.start
        grounds = [c for c in same if c.start >= anchor
                   and self._campaign_link.search(p.folded[max(s_start, c.start - 12):c.start])]
        if grounds:
            return self._resolve(p, grounds[0])
        if same:
            before = [c for c in same if c.start <= anchor]
            return self._resolve(p, before[-1] if before else same[0])
        para = next(((s, e) for s, e in p.paragraphs if s <= d.start < e), None)
        if para is not None:
            first_sentence = next((s for s in p.sentences if s[0] >= para[0]), None)
            if first_sentence is not None and first_sentence != d.sentence:
                lead = [c for c in p.campaigns if first_sentence[0] <= c.start < first_sentence[1]]
                if lead:
                    return self._resolve(p, lead[-1])
        names = {c.name for c in named}
        return named[0].name if len(names) == 1 else None

    def _resolve(self, p: Pieces, mention: CampaignMention) -> str | None:
        """The name of a mention; an anaphor takes the last campaign named before it (of
        the same kind when there is one)."""
        if mention.name:
            return mention.name
        earlier = [c for c in p.campaigns if c.name and c.end <= mention.start]
        same_kind = [c for c in earlier if c.kind == mention.kind]
        pick = same_kind or earlier
        return pick[-1].name if pick else None
