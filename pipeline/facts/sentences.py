"""The sentences and paragraphs of one doc, for looking up what surrounds a figure.

Every lookup is a binary search or a table built once, so that attributing all the
figures of an article costs time linear in its length:

    >>> sentences = Sentences(doc)
    >>> sentences.of(120)                       # the sentence holding offset 120
    3
    >>> by_sentence = sentences.group(mentions)  # mentions (sorted by start) per sentence
    >>> sentences.carried(5, values.get, 4)      # the value of the nearest earlier sentence of
    ...                                          # sentence 5's paragraph that has one (4 back at most)
"""
from __future__ import annotations

import bisect
import functools

from spacy.tokens import Doc

from pipeline.component import data_at, span_offsets
from pipeline.rules.grammar import PhraseLists, Phrases, lower_case
from pipeline.text.segment import sentence_spans


def _start(item) -> int:
    return item.start if hasattr(item, "start") else item["start"]


#: marks that open an item of a list or a round-up: a sentence that opens with one opens a paragraph even where the
#: scraper ran the items into one line ("... về Việt Nam. *Thu hút nguồn vốn FDI ... 175 dự án mới": the FDI item took
#: the place of the leather item before it; review of batch articles, stop 53)
ITEM_MARKS = ("*", "•", "●", "■", "♦", "►", "▪")


class Sentences:
    """(start, end) of every sentence, and the paragraph (line, or item of :data:`ITEM_MARKS`) each is in."""

    def __init__(self, doc: Doc, phrase_lists: PhraseLists | None = None):
        """``phrase_lists``: the lists of phrases read in the whole text (:meth:`phrases`), in one pass."""
        self.doc, self.phrase_lists = doc, phrase_lists
        self.text = text = doc.text
        self.spans = sentence_spans(doc)
        self.starts = [start for start, _ in self.spans]
        self.paragraph, line, counted = [], 0, 0
        for start in self.starts:   # line numbers counted once over the text, not from 0 per sentence
            line += text.count("\n", counted, start) + text.startswith(ITEM_MARKS, start)
            counted = start
            self.paragraph.append(line)

    @functools.cached_property
    def lowered(self) -> str:
        """The text in lower case, for the phrase lists (:class:`pipeline.rules.grammar.Phrases`)
        of subjects, periods and donors: the one the number pass, money and percents had made of
        the same text (:func:`pipeline.rules.grammar.lower_case`), not a lower case of its own."""
        return lower_case(self.text)

    def phrases(self, phrases: Phrases) -> list:
        """Where a list of phrases stands in the text: the matches of ``phrases.finditer``, read with
        all the lists of ``phrase_lists`` at once when it is one of them."""
        lists = self.phrase_lists
        if lists is None or phrases not in lists.lists:
            return list(phrases.finditer(self.text, self.lowered))
        return self._found[lists.lists.index(phrases)]

    @functools.cached_property
    def _found(self) -> list[list]:
        return self.phrase_lists.finditer_all(self.text, self.lowered)

    @functools.cached_property
    def organizations(self) -> list[tuple[int, int, dict]]:
        """(start, end, data) of the doc's organization spans, in their group's order, for subjects,
        donors and the metrics' mask: read once (each walk of a span group builds a Span per span)."""
        doc = self.doc
        return [(start, end, data_at(doc, start, end) or {}) for start, end in span_offsets(doc, "organizations")]

    def of(self, offset: int) -> int:
        """The sentence holding ``offset`` (a token's start): asked some ninety times an article."""
        number = bisect.bisect_right(self.starts, offset) - 1
        return number if number > 0 else 0

    def group(self, items) -> list[list]:
        """The items (with a ``start`` attribute or key) that start in each sentence, in order."""
        groups = [[] for _ in self.spans]
        for item in items:
            start = _start(item)
            number = bisect.bisect_right(self.starts, start) - 1
            if number >= 0 and start < self.spans[number][1]:
                groups[number].append(item)
        return groups

    def carried(self, number: int, value_of, limit: int | None = None) -> object:
        """The value (``value_of(k)`` of sentence k, None for none) of the nearest earlier sentence of
        sentence ``number``'s paragraph that has one, at most ``limit`` sentences back: read back from
        the sentences asked about (those of figures), not carried forward through every sentence."""
        paragraph = self.paragraph
        for earlier in range(number - 1, (0 if limit is None else max(number - limit, 0)) - 1, -1):
            if paragraph[earlier] != paragraph[number]:
                return None
            value = value_of(earlier)
            if value is not None:
                return value
        return None
