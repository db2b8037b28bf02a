"""Stage 3: sentences.

A sentence ends at every line break (headlines, captions and bylines are their
own sentences) and, inside a line, after ``.``, ``!``, ``?`` or ``…`` followed by a
space and an upper-case letter, digit or opening quote, unless the period ends
an abbreviation from ``patterns/abbreviations.txt`` ("TP.", "TS.", "PGS.TS.").
A period inside a number or date ("5/12.", "1.4") needs a following space and
capital to end a sentence.

    >>> [s.text for s in nlp("Sáng 5/12. TS. Nguyễn Văn A phát biểu.\\nTin mới").sents]
    ['Sáng 5/12.', 'TS. Nguyễn Văn A phát biểu.', 'Tin mới']
"""
from __future__ import annotations

import re

import numpy
import regex
from spacy.attrs import IDX, SENT_START, SPACY
from spacy.tokens import Doc

from pipeline.component import ComponentSpec, component, doc_value, set_doc_values
from pipeline.rules import patterns

#: from the first mark of a run only, so that a run of marks is read once, not from each of its marks;
#: the next sentence starts on the same line (a line break starts one anyway), after a bullet too (". *Tại Nghệ An")
SENTENCE_END = regex.compile(r"(?<![.!?…])[.!?…]+[\"”’)]*(?=[^\S\n]+(?:[\"“‘(]|[*•][^\S\n]*)?[\p{Lu}\d])")
_LINE_BREAK = re.compile("\n")


@patterns.resource
def _abbreviations() -> frozenset[str]:
    return frozenset(patterns.load_words("abbreviations.txt"))


@patterns.resource
def _abbreviation_ends() -> tuple[int, frozenset[str]]:
    """The length of the longest abbreviation, and the last two characters of each (all of a
    shorter one): a word whose own last two are none of these and whose last one is no
    abbreviation ends with none (most sentences' last words are passed over on that alone)."""
    abbreviations = _abbreviations()
    return max(map(len, abbreviations), default=0), frozenset(a[-2:] for a in abbreviations)


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (the first is always 0), in order: every line's
    start, and inside a line the start of the word after a sentence's end (one pass over the text).
    The word that ends there is cut out and read for an abbreviation only when its last two
    characters may end one (the marks' own, or a lone mark and the character of its word before it)."""
    abbreviations = _abbreviations()
    longest, tails = _abbreviation_ends()
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    for end in SENTENCE_END.finditer(text):
        first, last = end.span()
        tail = text[last - 2:last] if last - first > 1 else \
            text[first - 1:last] if first and text[first - 1] not in " \n" else text[first:last]
        if tail in tails or tail[-1] in abbreviations:
            line_start = text.rfind("\n", 0, first) + 1
            word = text[max(line_start, text.rfind(" ", line_start, first) + 1):last]
            if ends_with_abbreviation(word, abbreviations, longest):
                continue
        after = last
        while text[after] == " ":   # a word follows on the line (SENTENCE_END looks ahead to it)
            after += 1
        starts.append(after)
    return sorted(starts)


def ends_with_abbreviation(word: str, abbreviations: set[str], longest: int | None = None) -> bool:
    """``word`` ends with one of ``abbreviations`` that starts it or follows a non-letter
    ("TP.", "(TP.", "PGS.TS." but not "HTTP."); ``longest``: the length of the longest of them."""
    longest = max(map(len, abbreviations), default=0) if longest is None else longest
    return any(word[cut:] in abbreviations for cut in range(max(0, len(word) - longest), len(word))
               if cut == 0 or not word[cut - 1].isalpha())


@component(ComponentSpec(name="segment", assigns=("token.is_sent_start", "doc._.sentences")))
def segment(doc: Doc) -> Doc:
    """Set ``token.is_sent_start`` from :func:`sentence_starts`; line breaks stay with the sentence
    before them. ``doc._.sentences``: the sentences' character spans, which later stages read
    (``doc.sents`` builds a Span per sentence on every pass).

    Set for all tokens at once (``Doc.from_array``): the ``token.is_sent_start``
    setter re-checks the whole doc on every call, which is quadratic. The tokens' ends
    follow from their offsets and trailing spaces (``to_array`` reads ``LENGTH`` and ``IS_SPACE``
    from each token's lexeme, two thirds of its time), and only a token a sentence would start
    with is asked whether it is whitespace.
    """
    if not len(doc):
        return doc
    text = doc.text
    offsets, trailing = doc.to_array([IDX, SPACY]).T.astype(numpy.int64)
    ends = numpy.append(offsets[1:], len(text)) - trailing
    firsts = _first_tokens(text, offsets, ends, sentence_starts(text))
    starts = numpy.full(len(doc), -1, dtype=numpy.int64)
    starts[firsts] = 1
    doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))
    lasts = [first - 1 for first in firsts[1:]] + [len(doc) - 1]
    set_doc_values(doc, sentences=list(zip(offsets[firsts].tolist(), ends[lasts].tolist())))
    return doc


def _first_tokens(text: str, offsets: numpy.ndarray, ends: numpy.ndarray, wanted: list[int]) -> list[int]:
    """The tokens that start sentences, in order: the first, and each other one whose offset
    (``offsets`` increase) is in ``wanted`` (sorted) and which is not whitespace (IS_SPACE: its
    text is whitespace). Each wanted offset's token found by binary search, and only those few
    read into Python (a sentence has some 35 tokens: a pass over every token costs more)."""
    tokens = numpy.minimum(offsets.searchsorted(wanted), len(offsets) - 1)
    firsts = [0]
    for offset, token, start, end in zip(wanted, tokens.tolist(), offsets[tokens].tolist(), ends[tokens].tolist()):
        if start == offset and token != firsts[-1] and not text[start:end].isspace():
            firsts.append(token)
    return firsts


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of every sentence of ``doc``: those :func:`segment` kept, else
    those of ``doc.sents``, else the whole text as one."""
    sentences = doc_value(doc, "sentences")
    if sentences is not None:
        return sentences
    if doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(0, len(doc.text))]
