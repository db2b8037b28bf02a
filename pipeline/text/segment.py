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

import numpy
import regex
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.tokens import Doc

from pipeline.component import ComponentSpec, component
from pipeline.rules import patterns

#: from the first mark of a run only, so that a run of marks is read once, not from each of its marks
SENTENCE_END = regex.compile(r"(?<![.!?…])[.!?…]+[\"”’)]*(?=\s+[\"“‘(]?[\p{Lu}\d])")


@patterns.resource
def _abbreviations() -> frozenset[str]:
    return frozenset(patterns.load_words("abbreviations.txt"))


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (the first is always 0)."""
    abbreviations = _abbreviations()
    starts = [0]
    line_start = 0
    for line in text.split("\n"):
        if line_start:
            starts.append(line_start)
        for end in SENTENCE_END.finditer(line):
            word_start = line.rfind(" ", 0, end.start()) + 1
            word = line[word_start:end.end()]
            if ends_with_abbreviation(word, abbreviations):
                continue
            after = end.end()
            while after < len(line) and line[after] == " ":
                after += 1
            starts.append(line_start + after)
        line_start += len(line) + 1
    return starts


def ends_with_abbreviation(word: str, abbreviations: set[str]) -> bool:
    """``word`` ends with one of ``abbreviations`` that starts it or follows a non-letter
    ("TP.", "(TP.", "PGS.TS." but not "HTTP.")."""
    longest = max(map(len, abbreviations), default=0)
    return any(word[cut:] in abbreviations for cut in range(max(0, len(word) - longest), len(word))
               if cut == 0 or not word[cut - 1].isalpha())


@component(ComponentSpec(name="segment", assigns=("token.is_sent_start", "doc._.sentences")))
def segment(doc: Doc) -> Doc:
    """Set ``token.is_sent_start`` from :func:`sentence_starts`; line breaks stay with the sentence
    before them. ``doc._.sentences``: the sentences' character spans, which later stages read
    (``doc.sents`` builds a Span per sentence on every pass).

    Set for all tokens at once (``Doc.from_array``): the ``token.is_sent_start``
    setter re-checks the whole doc on every call, which is quadratic.
    """
    if not len(doc):
        return doc
    offsets, spaces, lengths = doc.to_array([IDX, IS_SPACE, LENGTH]).T.astype(numpy.int64)
    starts = _at_offsets(offsets, sentence_starts(doc.text)) & (spaces == 0)
    starts[0] = True
    doc.from_array([SENT_START], numpy.where(starts, 1, -1).astype(numpy.uint64).reshape(-1, 1))
    first = numpy.flatnonzero(starts)
    last = numpy.append(first[1:], len(doc)) - 1
    doc._.sentences = list(zip(offsets[first].tolist(), (offsets[last] + lengths[last]).tolist()))
    return doc


def _at_offsets(offsets: numpy.ndarray, wanted: list[int]) -> numpy.ndarray:
    """Which of the tokens' ``offsets`` (increasing) are in ``wanted``: ``numpy.isin(offsets, wanted)``
    by binary search, without the sort ``isin`` makes of both arrays (a third of the time of the stage)."""
    found = numpy.zeros(len(offsets), dtype=bool)
    where = numpy.searchsorted(offsets, wanted)
    inside = where < len(offsets)
    where = where[inside]
    found[where[offsets[where] == numpy.asarray(wanted, dtype=numpy.int64)[inside]]] = True
    return found


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of every sentence of ``doc``: those :func:`segment` kept, else
    those of ``doc.sents``, else the whole text as one."""
    if doc._.sentences is not None:
        return doc._.sentences
    if doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(0, len(doc.text))]
