"""Recognisers for the award language: award forms, authorities, recipient nouns, cues.

Each recogniser is built from one data file of ``resources/vi`` and has a pure
``find(text, folded)`` method that returns :class:`LexMatch` records (no side effects);
the spaCy components in :mod:`extractor.pipeline` write them onto the Doc as spans.

* :class:`AwardFormRecognizer` (``awards.yaml``): "Bằng khen", "Huân chương Lao động hạng
  Ba", "Huy hiệu 50 năm tuổi Đảng"... ``label`` is the form code of the guidelines.
* :class:`AuthorityRecognizer` (``authorities.yaml``): "Chủ tịch UBND tỉnh", "Thủ tướng",
  "Ban Thường vụ Tỉnh ủy"... ``label`` is the level code, or ``"city"`` when the
  authority belongs to a "thành phố" whose status the article must decide.
* :class:`RecipientRecognizer` (``recipients.yaml``): "tập thể", "cá nhân", "hộ gia đình",
  "tập thể và cá nhân"... ``label`` is the recipient type.
* :class:`CueRecognizer` (``cues.yaml``): ``label`` is the cue category
  (``award_verbs``, ``proposal``, ``plan``, ``total``...).

All offsets are character offsets into the article text, half-open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .lexicon import load_resource
from .normalize import fold
from .patterns import compile_phrases, key

_LEVELS = {"central", "province", "district", "commune", "unit", "unknown", "city"}


@dataclass(frozen=True, slots=True)
class LexMatch:
    """One recognised piece of award language.

    ``start``/``end``: character offsets (half-open) into the article text.
    ``label``: a form, level, recipient type or cue category, by recogniser.
    ``info``: recogniser-specific details (canonical name, default level...).
    """

    start: int
    end: int
    label: str
    info: Mapping[str, Any] = field(default_factory=dict)


def longest_first(matches: Iterable[LexMatch]) -> list[LexMatch]:
    """Drop matches overlapping a longer one (ties: the earlier); return them in text order."""
    kept: list[LexMatch] = []
    taken: set[int] = set()  # characters already covered by a kept match
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        span = range(m.start, m.end)
        if taken.isdisjoint(span):
            kept.append(m)
            taken.update(span)
    return sorted(kept, key=lambda m: m.start)


def _capitalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text[:1].upper() + text[1:]


# The title after a Kỷ niệm chương or Huy chương: quoted, or "Vì ..." up to punctuation
_DESIGNATION = re.compile(
    r"\s*(“[^”\n]{2,80}”|\"[^\"\n]{2,80}\""
    r"|Vì (?:(?!\s(?:cho|được|tặng|trao|của|tới|đến|và)\s)[^,.;:()\n]){2,60})"
)


class AwardFormRecognizer:
    """Find award forms. Source and keys: ``resources/vi/awards.yaml``.

    ``find`` returns matches labelled with the form code; ``info`` holds ``award`` (the
    normalised name), ``level`` (the tier fixed by law, ``"setting"``, or None) and
    ``recipient`` (the type the award implies, or None).
    """

    def __init__(self) -> None:
        data = load_resource("awards")
        slots = data["slots"]
        self._entries: list[tuple[re.Pattern[str], dict[str, Any]]] = []
        for entry in data["forms"]:
            self._entries.append((compile_phrases(entry["patterns"], slots), entry))
        self._not_awards = compile_phrases(data["not_awards"])

    def find(self, text: str, folded: str) -> list[LexMatch]:
        """Award-form matches in ``text`` (``folded`` is its match text)."""
        blocked = [(m.start(), m.end()) for m in self._not_awards.finditer(folded)]
        found: list[LexMatch] = []
        for pattern, entry in self._entries:
            for m in pattern.finditer(folded):
                if any(s < m.end() and m.start() < e for s, e in blocked):
                    continue
                surface = text[m.start() : m.end()]
                if entry.get("designation"):
                    title = _DESIGNATION.match(text, m.end())
                    if title:
                        surface += " " + title.group(1).strip()
                info = {
                    "award": entry.get("name") or _capitalise(surface),
                    "level": entry.get("level"),
                    "recipient": entry.get("recipient"),
                }
                found.append(LexMatch(m.start(), m.end(), entry["form"], info))
        return longest_first(found)


_UPPER = "".join(sorted({chr(c) for c in range(0x41, 0x1F00) if chr(c).isupper()}))
_UPPER_CLASS = "[" + re.escape(_UPPER) + "]"
# A proper name after a unit word or a title: 1-4 capitalised syllables, or a number
_NAME = re.compile(
    r"(?:\s+|\.)((?:" + _UPPER_CLASS + r"\w*(?:[- ](?=" + _UPPER_CLASS + r"|\d))?){1,4}|\d+)"
)


_NAME_PART = re.compile(r"\s*([^\W_]+|\d+|-)")


class AuthorityRecognizer:
    """Find conferring authorities. Source and keys: ``resources/vi/authorities.yaml``.

    ``find`` returns matches labelled with a level code, or ``"city"`` for a body of a
    "thành phố" whose status is not written next to it. ``info`` holds ``canonical``
    (e.g. ``"Chủ tịch UBND tỉnh"``) and ``place`` (the proper name written after the
    administrative unit, or None).
    """

    def __init__(self) -> None:
        data = load_resource("authorities")
        heads = data["heads"]
        units: dict[str, str] = data["admin_units"]
        self._units = {key(u): lvl for u, lvl in units.items()}
        self._cities = {key(c) for c in data["centrally_run_cities"]}
        head = "(?:" + compile_phrases(heads).pattern + r"\s+)?"
        self._canon: dict[str, tuple[str, str]] = {}
        for section, level in (("central", "central"), ("unit", "unit")):
            for entry in data[section]:
                for alias in entry["aliases"]:
                    self._canon[key(alias)] = (entry["canonical"], level)
        self._families: set[str] = set()  # aliases written as the text names them
        for entry in data["leveled_bodies"]:
            for alias in entry["aliases"]:
                self._canon[key(alias)] = (entry["canonical"], entry["level"])
                self._families.add(key(alias))
        self._bodies: dict[str, str] = {}
        for entry in data["local_bodies"]:
            for alias in entry["aliases"]:
                self._bodies[key(alias)] = entry["canonical"]
        self._heads = {key(h): h for h in heads}
        named = [a for e in data["central"] + data["unit"] for a in e["aliases"]]
        named += [a for e in data["leveled_bodies"] for a in e["aliases"]]
        bodies = [a for e in data["local_bodies"] for a in e["aliases"]]
        suffixes = data["national_suffixes"]
        unit_words = list(units)
        self._named = re.compile(head + "(?P<body>" + compile_phrases(named).pattern + ")")
        self._local = re.compile(
            head
            + "(?P<body>"
            + compile_phrases(bodies).pattern
            + r")\s+(?:(?P<nat>(?:[^\W\d_]+\s+){0,3}?"
            + compile_phrases(suffixes).pattern
            + ")|(?P<unit>"
            + compile_phrases(unit_words).pattern
            + "))"
        )
        self._generic = compile_phrases(data["generic"])
        self._unit_words = compile_phrases(unit_words)
        self._unit_subjects = compile_phrases(data["unit_subjects"])
        self._city_alone = compile_phrases(data["city_names_alone"])

    def names_centrally_run_city(self, text: str, folded: str) -> bool:
        """Whether ``text`` names a centrally-run city ("TP Cần Thơ", "Đà Nẵng")."""
        if self._city_alone.search(folded):
            return True
        return any(m.label == "province" and key(str(m.info["place"])) in self._cities
                   for m in self.places(text, folded))

    def unit_subject(self, title: str) -> bool:
        """Whether ``title`` opens with a single agency, school, company or armed-forces
        unit ("Trường THPT Thanh Lâm ...", "Trung đoàn 812 ..."), capitalised as a name."""
        m = self._unit_subjects.match(fold(title))
        return m is not None and title[:1].isupper()

    def places(self, text: str, folded: str) -> list[LexMatch]:
        """Administrative units named in ``text`` ("huyện Phong Thổ", "TP Cần Thơ") or
        summed up ("toàn huyện"), labelled with their tier (``"city"`` for an unnamed
        "thành phố"); ``info["place"]`` holds the name, or None."""
        out: list[LexMatch] = []
        for m in self._unit_words.finditer(folded):
            name = _NAME.match(text, m.end())
            if name is None and folded[max(0, m.start() - 5):m.start()] == "toàn ":
                level = self._units[key(m.group(0))]  # "toàn huyện", "toàn tỉnh"
                out.append(LexMatch(m.start(), m.end(), level, {"place": None}))
                continue
            if name is None or (name.group(1).isdigit() and key(m.group(0)) != "quận"):
                continue
            level = self._units[key(m.group(0))]
            if level == "city":
                level = "province" if key(name.group(1)) in self._cities else "district"
            out.append(LexMatch(m.start(), name.end(1), level, {"place": name.group(1)}))
        return out

    def find(self, text: str, folded: str) -> list[LexMatch]:
        """Authority matches in ``text`` (``folded`` is its match text)."""
        found: list[LexMatch] = []
        for m in self._named.finditer(folded):
            canonical, level = self._canon[key(m.group("body"))]
            body = key(m.group("body"))
            if body in self._families and body.startswith(key(canonical) + " "):
                canonical = _capitalise(text[m.start("body"):m.end("body")])  # "Sở Nội vụ"
            head = self._head(text, m.start(), m.start("body"))
            end = m.end()
            if level == "unit":
                num = re.match(r"\s+\d+", folded[end:])
                end += num.end() if num else 0
            found.append(LexMatch(m.start(), end, level, {
                "canonical": f"{head} {canonical}".strip(), "place": None}))
        for m in self._local.finditer(folded):
            body = self._bodies[key(m.group("body"))]
            head = self._head(text, m.start(), m.start("body"))
            if m.group("nat"):
                national = text[m.start("body"):m.end()]
                found.append(LexMatch(m.start(), m.end(), "central", {
                    "canonical": f"{head} {national}".strip(), "place": None}))
                continue
            unit_word = key(m.group("unit"))
            level = self._units[unit_word]
            end, place = m.end(), None
            name = _NAME.match(text, end)
            if name and not self._is_head_word(folded, name.start(1)):
                place, end = name.group(1), name.end(1)
            if level == "city" and place is not None:
                level = "province" if key(place) in self._cities else "district"
            unit_text = "thành phố" if unit_word in ("tp", "tp.") else unit_word
            found.append(LexMatch(m.start(), end, level, {
                "canonical": f"{head} {body} {unit_text}".strip(), "place": place}))
        for m in self._generic.finditer(folded):
            found.append(LexMatch(m.start(), m.end(), "unknown", {
                "canonical": text[m.start():m.end()], "place": None}))
        return longest_first(found)

    def _head(self, text: str, start: int, body_start: int) -> str:
        if body_start <= start:
            return ""
        return _capitalise(text[start:body_start])

    def _is_head_word(self, folded: str, pos: int) -> bool:
        return any(folded.startswith(h, pos) for h in self._heads)


class RecipientRecognizer:
    """Find recipient nouns. Source and keys: ``resources/vi/recipients.yaml``.

    Labels: ``collective``, ``individual``, ``household``, ``unknown`` (a combined
    "tập thể và cá nhân"), ``classifier`` ("lượt"), ``title`` (a title before a named
    person: "ông", "Đại tá") and ``org_head`` (a noun before a named organisation).
    """

    def __init__(self) -> None:
        data = load_resource("recipients")
        self._sets = [
            ("unknown", compile_phrases(data["combined"])),
            ("collective", compile_phrases(data["collective"])),
            ("individual", compile_phrases(data["individual"])),
            ("household", compile_phrases(data["household"])),
            ("classifier", compile_phrases(data["classifiers"])),
        ]
        self._titles = compile_phrases(data["named_individual_titles"])
        self._orgs = compile_phrases(data["named_collective_heads"])
        self._name_stops = compile_phrases(data["name_stop_words"])
        posts = load_resource("authorities")["heads"]
        self._post_before = re.compile(compile_phrases(posts).pattern + r"\s+$")

    def find(self, text: str, folded: str) -> list[LexMatch]:
        """Recipient-noun matches (longest wins), in text order."""
        found = [
            LexMatch(m.start(), m.end(), label, {"noun": text[m.start():m.end()]})
            for label, pattern in self._sets
            for m in pattern.finditer(folded)
        ]
        return longest_first(found)

    def named(self, text: str, folded: str) -> list[LexMatch]:
        """Titles followed by a capitalised name (one individual each) and organisation
        nouns followed by a capitalised name (one collective each)."""
        out: list[LexMatch] = []
        for m in self._titles.finditer(folded):
            name = _NAME.match(text, m.end())
            if name and not name.group(1).isdigit():
                out.append(LexMatch(m.start(), name.end(1), "individual", {
                    "name": text[m.start():name.end(1)]}))
        for m in self._orgs.finditer(folded):
            if re.match(r"\s+(?:trưởng|phó)\b", folded[m.end():]):
                continue  # "tổ trưởng", "trưởng phòng": a post, not an organisation
            end = self._org_name_end(text, folded, m.end(), text[m.start()].isupper())
            if end > m.end():
                # "Chủ tịch Hội LHPN tỉnh Phan Thị Mỹ Lệ": a post of the body, so a person
                post = self._post_before.search(folded[max(0, m.start() - 30):m.start()])
                label = "individual" if post else "collective"
                out.append(LexMatch(m.start(), end, label, {"name": text[m.start():end]}))
        return longest_first(out)

    def _org_name_end(self, text: str, folded: str, pos: int, capital: bool,
                      limit: int = 12) -> int:
        """End of an organisation's name after its head noun, or ``pos`` if none follows:
        up to ``limit`` syllables, stopping at punctuation other than "-" and at
        ``name_stop_words``; the head or a syllable of the name must be capitalised."""
        end = pos
        for _ in range(limit):
            w = _NAME_PART.match(text, end)
            if w is None or "\n" in w.group(0):
                break
            tok = w.group(1)
            if tok != "-" and self._name_stops.match(folded, w.start(1)):
                break
            capital = capital or tok[0].isupper()
            end = w.end(1)
        return end if capital else pos


class CueRecognizer:
    """Find cue words. Source and keys: ``resources/vi/cues.yaml``; label = the key."""

    def __init__(self) -> None:
        data = load_resource("cues")
        self._sets = [(name, compile_phrases(words)) for name, words in data.items()
                      if name != "not_cues"]
        self._not_cues = compile_phrases(data["not_cues"])

    def find(self, text: str, folded: str) -> list[LexMatch]:
        """Every cue occurrence of every category (categories may overlap), except those
        inside a ``not_cues`` word ("trình" in "chương trình")."""
        blocked = [(m.start(), m.end()) for m in self._not_cues.finditer(folded)]
        return sorted(
            (LexMatch(m.start(), m.end(), name) for name, p in self._sets
             for m in p.finditer(folded)
             if not any(s <= m.start() and m.end() <= e for s, e in blocked)),
            key=lambda m: (m.start, -m.end),
        )


@lru_cache(maxsize=1)
def recognizers() -> tuple[AwardFormRecognizer, AuthorityRecognizer, RecipientRecognizer,
                           CueRecognizer]:
    """The four recognisers, built once per process from the data files."""
    return AwardFormRecognizer(), AuthorityRecognizer(), RecipientRecognizer(), CueRecognizer()
