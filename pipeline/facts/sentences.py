"""The sentences and paragraphs of one doc, for looking up what surrounds a figure.

    >>> sentences = Sentences(doc)
    >>> sentences.of(120)                      # the id of the sentence holding offset 120
    3
    >>> list(sentences.earlier_in_paragraph(3))   # earlier sentences of its paragraph, nearest first
    [2, 1]
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc


class Sentences:
    """(start, end) of every sentence, and the paragraph (line) each is in."""

    def __init__(self, doc: Doc):
        text = doc.text
        self.spans = ([(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START")
                      else [(0, len(text))])
        self.starts = [start for start, _ in self.spans]
        self.paragraph = [text.count("\n", 0, start) for start in self.starts]

    def of(self, offset: int) -> int:
        """The sentence holding ``offset`` (a token's start)."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def within(self, items, number: int) -> list:
        """The items (with a ``start`` attribute or key) that start in sentence ``number``."""
        start, end = self.spans[number]
        return [i for i in items if start <= (i.start if hasattr(i, "start") else i["start"]) < end]

    def earlier_in_paragraph(self, number: int):
        """Sentence numbers before ``number`` in its paragraph, nearest first."""
        back = number - 1
        while back >= 0 and self.paragraph[back] == self.paragraph[number]:
            yield back
            back -= 1
