"""Tokens and sentences with exact character offsets: the spaCy Doc of an article.

* :class:`SyllableTokenizer` splits on Vietnamese syllables, numbers and single
  punctuation marks, and keeps ``doc.text == text`` exactly (every whitespace run is kept,
  with spaCy's convention, by :func:`words_and_spaces`). Numbers such as ``1.200``,
  ``77,97`` or ``19/8/2025`` stay whole or split at ``/``, never inside a digit run, so
  every syllable, number and mark is a token edge. It pickles, so ``nlp.pipe(n_process=...)``
  works.
* :func:`sentence_spans` splits a text into sentences with ``underthesea.sent_tokenize``
  per paragraph (``\\n``) and recovers the offsets that function drops; a closing quote
  that it moves to the start of the next sentence is given back to the previous one.

spaCy's own ``vi`` tokenizer leaves punctuation attached to words ("Ba,"), and
underthesea's ``word_tokenize`` merges words depending on context: neither keeps the
syllable edges the lexicons match on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

_TOKEN = re.compile(
    r"""
    \d+(?:[.,]\d+)*      # 7, 07, 1.200, 77,97, 20.08.2014
    | [^\W\d_]+\d*       # a syllable or abbreviation (UBND, PC45)
    | _+
    | \S                 # any other single character: punctuation, symbol
    """,
    re.VERBOSE,
)

_CLOSERS = "”\"»)’'"


class SyllableTokenizer:
    """A spaCy tokenizer for Vietnamese news that keeps exact character offsets.

    Call it with a ``str``; it returns a :class:`spacy.tokens.Doc` whose
    ``doc.text`` equals the input and whose tokens are syllables, digit groups and
    single punctuation characters.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def __reduce__(self) -> tuple[Any, ...]:
        return (SyllableTokenizer, (self.vocab,))


def words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    r"""spaCy's ``words``/``spaces`` for ``text``, so that ``Doc(...).text == text``.

    Same convention as ``spacy.util.get_words_and_spaces`` (one following space is the
    token's ``whitespace_``, any other whitespace run is a token of its own) in one linear
    pass: that function re-slices the text at every word, which is quadratic in its length.

    >>> words_and_spaces(" Bằng  khen\n")
    ([' ', 'Bằng', ' ', 'khen', '\n'], [False, True, False, False, False])
    """
    words: list[str] = []
    spaces: list[bool] = []

    def gap(run: str) -> None:
        if not run:
            return
        if words and run[0] == " " and not spaces[-1]:
            spaces[-1] = True
            run = run[1:]
        if run:
            words.append(run)
            spaces.append(False)

    pos = 0
    for m in _TOKEN.finditer(text):
        gap(text[pos:m.start()])
        words.append(m.group(0))
        spaces.append(False)
        pos = m.end()
    gap(text[pos:])
    return words, spaces


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of every non-blank line of ``text``, stripped of spaces."""
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        left = len(line) - len(line.lstrip())
        right = len(line.rstrip())
        if right > left:
            yield m.start() + left, m.start() + right


@lru_cache(maxsize=1)
def _sent_tokenize() -> Any:
    from underthesea import sent_tokenize

    return sent_tokenize


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return their ``(start, end)`` character offsets.

    Paragraphs (``\\n``) always end a sentence. Inside a paragraph the boundaries are
    underthesea's; they are mapped back to ``text`` by counting non-space characters,
    which underthesea never changes. The spans are stripped, ordered and disjoint and
    cover every non-space character of ``text``.

    >>> t = "Ông A nói: “Tốt.” Sau đó 5 tập thể được khen."
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Ông A nói: “Tốt.”', 'Sau đó 5 tập thể được khen.']
    """
    spans: list[tuple[int, int]] = []
    tokenize = _sent_tokenize()
    for p_start, p_end in paragraph_spans(text):
        para = text[p_start:p_end]
        try:
            pieces = tokenize(para)
        except Exception:  # underthesea on odd input: keep the paragraph whole
            pieces = [para]
        spans.extend(_align(para, pieces, p_start))
    return spans


def _align(para: str, pieces: list[str], offset: int) -> list[tuple[int, int]]:
    """Map stripped sentence strings back to offsets in ``para`` (plus ``offset``)."""
    nonspace = [i for i, c in enumerate(para) if not c.isspace()]
    out: list[tuple[int, int]] = []
    k = 0
    for piece in pieces:
        n = sum(1 for c in piece if not c.isspace())
        if n == 0:
            continue
        if k + n > len(nonspace):
            break
        start, end = nonspace[k], nonspace[k + n - 1] + 1
        k += n
        out.append((start, end))
    if k < len(nonspace):  # underthesea dropped or changed characters: keep the rest
        if out:
            out[-1] = (out[-1][0], nonspace[-1] + 1)
        else:
            out.append((nonspace[0], nonspace[-1] + 1))
    # A closing quote or bracket glued to the start of the next sentence goes back.
    fixed: list[tuple[int, int]] = []
    for start, end in out:
        while fixed and start < end and para[start] in _CLOSERS and (
            start + 1 == end or para[start + 1].isspace()
        ):
            fixed[-1] = (fixed[-1][0], start + 1)
            start += 1
            while start < end and para[start].isspace():
                start += 1
        if start < end:
            fixed.append((start, end))
    return [(s + offset, e + offset) for s, e in fixed]
