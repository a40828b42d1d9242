"""The spaCy pipeline: one Doc per article, recognised pieces as Doc spans, then facts.

``build_nlp()`` returns a :class:`spacy.language.Language` whose tokenizer is
:class:`~extractor.segment.SyllableTokenizer` and whose pipes are

=================  ===========================================================
``vi_sentences``   sentence starts (underthesea ``sent_tokenize``, offsets recovered);
                   ``doc.spans["paragraphs"]``
``award_numbers``  ``doc.spans["numbers"]`` (label = number kind)
``award_lexicon``  ``doc.spans["forms"]``, ``["authorities"]``, ``["recipients"]``,
                   ``["named"]``, ``["cues"]`` (labels: form, level, recipient type,
                   cue category)
``campaigns``      ``doc.spans["campaigns"]`` (label = campaign kind)
``award_linker``   ``doc._.facts`` (list of AwardFact) and ``doc._.campaigns``
=================  ===========================================================

Behind every span group, :func:`records` gives the records the recogniser returned, with
exact character offsets (a span itself is snapped to token edges).
:func:`extract` is the one-article entry point.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .awards import LexMatch, recognizers
from .campaigns import campaign_recognizer, campaign_rows, canonical_names
from .errors import InputError, ResourceError
from .link import Linker, Pieces
from .model import Article, AwardFact, Campaign, ExtractionResult, Mention
from .normalize import OffsetMap, canonical, fold, is_nfc_and_visible, normalize
from .numbers import find_numbers
from .places import provinces_in
from .prefilter import has_cues
from .segment import SyllableTokenizer, paragraph_spans, sentence_spans

for _name in ("folded", "facts", "campaigns", "article_id", "title"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _text(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds it from the tokens at every access."""
    text = doc.user_data.get("extractor.text")
    if text is None:
        text = doc.user_data["extractor.text"] = doc.text
    return str(text)


def _folded(doc: Doc) -> str:
    if doc._.folded is None:
        doc._.folded = fold(_text(doc))
    return str(doc._.folded)


def _add_spans(doc: Doc, group: str, records: Iterable[Any], label_of: Any) -> None:
    """Write ``records`` as ``doc.spans[group]`` and keep the records themselves, with
    their exact offsets, in ``doc.user_data`` (``span._`` storage is keyed by offsets
    alone, so two pieces on the same characters would overwrite each other)."""
    kept: list[Any] = []
    spans = []
    for r in records:
        span = doc.char_span(r.start, r.end, label=label_of(r), alignment_mode="expand")
        if span is None:
            continue
        kept.append(r)
        spans.append(span)
    doc.spans[group] = spans
    doc.user_data[f"extractor.{group}"] = kept


@Language.component("vi_sentences")
def vi_sentences(doc: Doc) -> Doc:
    """Mark sentence starts and store paragraphs as ``doc.spans["paragraphs"]``."""
    starts = {s for s, _ in sentence_spans(_text(doc))}
    # one array write: setting token.is_sent_start one by one is quadratic in spaCy
    # SENT_START is 1 (starts) or -1 (does not), stored as uint64 like spaCy's own arrays
    flags = numpy.array([1 if t.i == 0 or t.idx in starts else -1 for t in doc],
                        dtype="int64").view("uint64").reshape(len(doc), 1)
    if len(doc):
        doc.from_array([SENT_START], flags)  # type: ignore[arg-type]  # thinc Ints2d
    paragraphs = [LexMatch(s, e, "paragraph") for s, e in paragraph_spans(_text(doc))]
    _add_spans(doc, "paragraphs", paragraphs, lambda r: r.label)
    return doc


@Language.component("award_numbers")
def award_numbers(doc: Doc) -> Doc:
    """Store every number of the text as ``doc.spans["numbers"]`` (label = kind)."""
    _add_spans(doc, "numbers", find_numbers(_text(doc)), lambda r: r.kind)
    return doc


@Language.component("award_lexicon")
def award_lexicon(doc: Doc) -> Doc:
    """Store award forms, authorities, recipient nouns, named recipients and cues."""
    forms, authorities, recipients, cues = recognizers()
    folded = _folded(doc)
    _add_spans(doc, "forms", forms.find(_text(doc), folded), lambda r: r.label)
    _add_spans(doc, "authorities", authorities.find(_text(doc), folded), lambda r: r.label)
    _add_spans(doc, "recipients", recipients.find(_text(doc), folded), lambda r: r.label)
    in_forms = {i for f in records(doc, "forms") for i in range(f.start, f.end)}
    named = [n for n in recipients.named(_text(doc), folded)
             if in_forms.isdisjoint(range(n.start, n.end))]
    _add_spans(doc, "named", named, lambda r: r.label)
    _add_spans(doc, "cues", cues.find(_text(doc), folded), lambda r: r.label)
    return doc


@Language.component("campaigns")
def campaigns(doc: Doc) -> Doc:
    """Store campaign mentions as ``doc.spans["campaigns"]`` and the deduplicated
    campaigns as ``doc._.campaigns``."""
    mentions = canonical_names(campaign_recognizer().find(_text(doc), _folded(doc)))
    _add_spans(doc, "campaigns", mentions, lambda r: r.kind)
    doc._.campaigns = campaign_rows(mentions, str(doc._.article_id or "doc"), _text(doc))
    return doc


@lru_cache(maxsize=1)
def _linker() -> Linker:
    """One linker per process: it compiles its word sets from ``cues.yaml`` once."""
    return Linker()


@Language.component("award_linker")
def award_linker(doc: Doc) -> Doc:
    """Link the pieces on the Doc into facts: ``doc._.facts``."""
    doc._.facts = _linker().link(pieces_of(doc), str(doc._.article_id or "doc"))
    return doc


def records(doc: Doc, group: str) -> list[Any]:
    """The records behind ``doc.spans[group]`` (LexMatch, NumberMention,
    CampaignMention...), in text order, with exact character offsets."""
    found = doc.user_data.get(f"extractor.{group}", [])
    return sorted(found, key=lambda r: (r.start, -r.end))


def pieces_of(doc: Doc) -> Pieces:
    """Collect the recognised pieces of a processed Doc for the linker."""
    sentences = []
    for sent in doc.sents:
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.start_char + len(text.rstrip())
        if end > start:
            sentences.append((start, end))
    return Pieces(
        text=_text(doc), folded=_folded(doc), sentences=sentences,
        numbers=records(doc, "numbers"), recipients=records(doc, "recipients"),
        named=records(doc, "named"), forms=records(doc, "forms"),
        authorities=records(doc, "authorities"), cues=records(doc, "cues"),
        campaigns=records(doc, "campaigns"), title=doc._.title,
        title_places=_title_places(doc._.title),
        central_city=_names_central_city(doc),
        places=recognizers()[1].places(_text(doc), _folded(doc)),
        provinces=provinces_in(_text(doc)),
        title_provinces=[prov for _, _, prov in provinces_in(canonical(doc._.title or ""))],
        paragraphs=[(r.start, r.end) for r in records(doc, "paragraphs")],
    )


def _names_central_city(doc: Doc) -> bool:
    authorities = recognizers()[1]
    title = canonical(doc._.title or "")
    return (authorities.names_centrally_run_city(_text(doc), _folded(doc))
            or authorities.names_centrally_run_city(title, fold(title)))


def _title_places(title: str | None) -> list[LexMatch]:
    """The places a title names; a title opening with a unit ("Trường X ...") gives one
    ``unit`` place."""
    if not title:
        return []
    title = canonical(title)
    if recognizers()[1].unit_subject(title):
        return [LexMatch(0, 0, "unit")]
    return recognizers()[1].places(title, fold(title))


def load_resources() -> None:
    """Load and validate every language-data file now (they are otherwise loaded on first
    use).

    Raises:
        ResourceError: naming the file and entry at fault.
    """
    from .numbers import load_lexicon

    recognizers()
    campaign_recognizer()
    load_lexicon()
    build_nlp()


MAX_CHARS = 20_000_000
"""Longest article accepted, in characters. spaCy's default (1,000,000) guards the memory
of parser and NER models, which this pipeline does not use; its own cost is linear."""


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The extraction pipeline (cached: built once per process).

    Returns:
        A blank Vietnamese spaCy ``Language`` with the syllable tokenizer and the five
        pipes listed in the module docstring. It needs no model download.
    """
    nlp = spacy.blank(
        "vi",
        config={"nlp": {"tokenizer": {"@tokenizers": "spacy.vi.VietnameseTokenizer",
                                      "use_pyvi": False}}},
    )
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    nlp.max_length = MAX_CHARS
    for name in ("vi_sentences", "award_numbers", "award_lexicon", "campaigns", "award_linker"):
        nlp.add_pipe(name)
    return nlp


def make_doc(article: Article) -> Doc:
    """Tokenize ``article.text`` into a Doc carrying the article id and title."""
    nlp = build_nlp()
    doc = nlp.make_doc(article.text)
    doc._.article_id = article.id
    doc._.title = article.title
    return doc


def process(article: Article) -> Doc:
    """Run the whole pipeline on one article and return its Doc."""
    doc = make_doc(article)
    for _, pipe in build_nlp().pipeline:
        doc = pipe(doc)
    return doc


def extract(text: str, article_id: str = "doc", *, title: str | None = None,
            url: str | None = None, published: str | None = None) -> ExtractionResult:
    """Extract the award facts and campaigns of one article.

    Args:
        text: the article body, as given: NFD, CRLF line breaks, zero-width spaces and
            the like are fine (the recognisers run on its canonical form, see
            :mod:`extractor.normalize`).
        article_id: the id written to every row.
        title, url, published: metadata copied to the ``articles`` table.

    Returns:
        An :class:`~extractor.model.ExtractionResult` with ``facts`` (AwardFact) and
        ``campaigns``. Every offset indexes ``text`` itself (``result.article.text``),
        in characters, half-open: ``text[start:end] == evidence``.

    Raises:
        InputError: ``text`` is not a string or holds no visible text.
    """
    if not isinstance(text, str):
        raise InputError(article_id, f"text is {type(text).__name__}, not str")
    article = Article(id=article_id, text=text, title=title, url=url, published=published)
    return extract_article(article)


def extract_article(article: Article, *, prefilter: bool = True) -> ExtractionResult:
    """Like :func:`extract`, for an :class:`Article`.

    Args:
        article: the article; offsets in the result index into ``article.text`` as
            given. The pipeline runs on its canonical text
            (:func:`extractor.normalize.normalize`) and every offset is mapped back, so
            the facts of an NFD, CRLF or zero-width-spaced text are those of its clean
            form, with evidence cut from the text as given.
        prefilter: first test the canonical text with
            :func:`extractor.prefilter.has_cues`; an article without any award or
            campaign cue skips the pipeline and gives an ``ok`` result with no facts and
            no campaigns (what the pipeline would give). False runs the whole pipeline
            on every article.

    Raises:
        InputError: the text holds nothing but whitespace and invisible characters.
    """
    text = article.text
    # has_cues reads words: on a text already NFC and visible it can run before normalising
    # (which then only joins wrapped lines, same words), the common, cheap case
    early = prefilter and is_nfc_and_visible(text) and bool(text.strip())
    if early and not has_cues(text):
        return ExtractionResult(article=article)
    norm = normalize(text)
    if not norm.text.strip():
        raise InputError(article.id, "empty text")
    work = article if norm.text is article.text else replace(article, text=norm.text)
    if prefilter and not early and not has_cues(work.text):
        return ExtractionResult(article=article)
    doc = process(work)
    facts: tuple[AwardFact, ...] = tuple(doc._.facts or ())
    found: tuple[Campaign, ...] = tuple(doc._.campaigns or ())
    if work is not article:  # offsets back to the text as given, evidence cut from it
        facts = tuple(_fact_to_given(f, norm.map, article.text) for f in facts)
        found = tuple(_span_to_given(c, norm.map, article.text) for c in found)
    return ExtractionResult(article=article, facts=facts, campaigns=found)


def _span_to_given(item: Any, omap: OffsetMap, text: str) -> Any:
    """``item`` (AwardFact, Campaign or Mention) with ``start``/``end``/``evidence`` moved
    from the canonical text to ``text``, the text as given."""
    start, end = omap.span(item.start, item.end)
    return replace(item, start=start, end=end, evidence=text[start:end])


def _fact_to_given(fact: AwardFact, omap: OffsetMap, text: str) -> AwardFact:
    moved: AwardFact = _span_to_given(fact, omap, text)
    s_start, s_end = omap.span(fact.sentence_start, fact.sentence_end)
    mentions: tuple[Mention, ...] = tuple(_span_to_given(m, omap, text)
                                          for m in fact.mentions)
    return replace(moved, sentence_start=s_start, sentence_end=s_end, mentions=mentions)


def extract_many(articles: Iterable[Article], *, prefilter: bool = True
                 ) -> Iterator[ExtractionResult]:
    """Extract each article; an article that fails gives a result with status "error"
    and its reason, and the others go on.

    Args:
        articles: Articles, text as given (see :func:`extract_article`).
        prefilter: as in :func:`extract_article`.

    Raises:
        ResourceError: a language-data file is broken (no article could be processed).
    """
    for article in articles:
        try:
            yield extract_article(article, prefilter=prefilter)
        except ResourceError:
            raise  # broken language data: no record can be processed, stop at once
        except Exception as exc:  # one bad record never stops a batch
            reason = exc.reason if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
            yield ExtractionResult(article=article, status="error", error=reason)
