"""A cheap test that lets articles without award or campaign language skip the pipeline.

Most scraped news is not about commendations. :func:`has_cues` decides in a few
microseconds per kilobyte whether an article *can* hold an award fact or a campaign: it
lower-cases the text, reads every whitespace run as one space and looks for the phrases
of ``resources/vi/prefilter.yaml`` as plain substrings (both tone placements of final
*oa / oe / uy*). An article without any of them gives an ``ok`` result with no facts and
no campaigns, exactly what the full pipeline would give, because

* every award fact needs an award form (``awards.yaml`` ``forms``) or a reward verb
  (``cues.yaml`` ``reward_verbs``) in the text, and every campaign a campaign cue or a
  named campaign (``campaigns.yaml`` ``cues``, ``named_campaigns``);
* every entry of those sections contains a prefilter phrase: :func:`uncovered` lists the
  entries that do not, and :func:`cue_phrases` adds them (their longest literal part) to
  the phrases, so a new pattern in the language data can never be silently filtered out;
* substring matching can only find more than the pipeline's syllable-edge matching, never
  less.

The test is a necessary condition, not a sufficient one: an article that passes may
still give no rows. Its recall on the development corpus is measured by
``tests/test_scale.py`` (every gold fact and campaign kept).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .errors import ResourceError
from .lexicon import load_resource
from .normalize import fold

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# NFD: a final diphthong oa / oe / uy with the tone on its first or second vowel
_TONE_FIRST = re.compile(rf"([ou])([{_TONES}])([aey])(?![\w\u0300-\u036f])")
_TONE_SECOND = re.compile(rf"([ou])([aey])([{_TONES}])(?![\w\u0300-\u036f])")
_OPTIONAL = re.compile(r"\[[^\[\]]*\]")
_SLOT = re.compile(r"\{(\w+)\}")
_CUE_SHAPE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def tone_variants(phrase: str) -> set[str]:
    """``phrase`` (NFC) with every final *oa / oe / uy* syllable in both tone placements.

    >>> sorted(tone_variants("văn hóa"))
    ['văn hoá', 'văn hóa']
    """
    combos = [""]
    for word in phrase.split(" "):
        nfd = unicodedata.normalize("NFD", word)
        options = {nfd, _TONE_FIRST.sub(r"\1\3\2", nfd), _TONE_SECOND.sub(r"\1\3\2", nfd)}
        combos = [f"{c} {o}" if c else o for c in combos for o in sorted(options)]
    return {unicodedata.normalize("NFC", c) for c in combos}


def _literal_parts(pattern: str) -> list[str]:
    """The parts of a lexicon pattern that every match contains: optional ``[...]`` parts
    and ``{slot}`` fillers removed, cut at punctuation (which may lose its spaces),
    single-spaced and folded."""
    text = pattern
    while _OPTIONAL.search(text):
        text = _OPTIONAL.sub("\x00", text)
    text = _SLOT.sub("\x00", text)
    parts = re.split(r"[^\w\s]|\x00", fold(text))
    return [" ".join(p.split()) for p in parts if p.strip()]


def covered_sections() -> Iterator[tuple[str, str]]:
    """The phrases the prefilter must let through, as ``(where, pattern)`` pairs:
    ``awards.yaml`` form patterns, ``cues.yaml`` reward verbs, ``campaigns.yaml`` cues and
    named campaigns (when the file has that section).

    Raises:
        ResourceError: one of those files is missing or malformed.
    """
    awards = load_resource("awards")
    for i, entry in enumerate(awards.get("forms", [])):
        for pattern in entry.get("patterns", []):
            yield f"awards.yaml forms[{i}]", pattern
    for verb in load_resource("cues").get("reward_verbs", []):
        yield "cues.yaml reward_verbs", verb
    campaigns = load_resource("campaigns")
    for section in ("cues", "named_campaigns"):
        for phrase in campaigns.get(section) or {}:
            yield f"campaigns.yaml {section}", phrase


def _own_cues() -> list[str]:
    data = load_resource("prefilter")
    cues = data.get("cues")
    if not isinstance(cues, list) or not cues:
        raise ResourceError("prefilter.yaml: 'cues' must be a non-empty list of phrases")
    for cue in cues:
        if not isinstance(cue, str) or not _CUE_SHAPE.fullmatch(cue) or cue != cue.lower():
            raise ResourceError(f"prefilter.yaml: cue {cue!r} must be lower-case syllables "
                                "separated by one space, without digits or punctuation")
    return cues


def uncovered(cues: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """Entries of the covered sections (see :func:`covered_sections`) that contain none of
    ``cues`` (default: the phrases of ``prefilter.yaml``), as ``(where, pattern)``.

    Raises:
        ResourceError: a language-data file is missing or malformed.
    """
    folded = [fold(c) for c in (_own_cues() if cues is None else cues)]
    out = []
    for where, pattern in covered_sections():
        parts = _literal_parts(pattern)
        if not any(c in part for part in parts for c in folded):
            out.append((where, pattern))
    return out


@lru_cache(maxsize=1)
def cue_phrases() -> tuple[str, ...]:
    """Every phrase :func:`has_cues` looks for: the ``prefilter.yaml`` cues plus the longest
    literal part of each uncovered entry (see :func:`uncovered`), in both tone placements,
    lower case, single-spaced; cached per process.

    Raises:
        ResourceError: ``prefilter.yaml`` or a covered language-data file is malformed.
    """
    phrases = set(_own_cues())
    for _, pattern in uncovered():
        parts = _literal_parts(pattern)
        if parts:
            phrases.add(max(parts, key=len))
    variants: set[str] = set()
    for phrase in phrases:
        variants.update(tone_variants(phrase))
    # a phrase that contains another is redundant
    kept = sorted(variants, key=len)
    minimal: list[str] = []
    for v in kept:
        if not any(m in v for m in minimal):
            minimal.append(v)
    return tuple(sorted(minimal))


def has_cues(text: str) -> bool:
    """Whether ``text`` may state an award fact or name a campaign.

    Args:
        text: the article body, NFC (as :func:`extractor.normalize.canonical` gives); the
            title is not needed: facts and campaigns are only read from the body.

    Returns:
        False only when the pipeline would find no fact and no campaign in ``text``.

    Raises:
        ResourceError: the language data is malformed (first call only).
    """
    # plain substring search beats one big regex alternation by about 1.5x here
    flat = " ".join(text.lower().split())
    return any(phrase in flat for phrase in cue_phrases())
