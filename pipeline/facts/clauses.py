"""Clauses and comma segments: the parts of a sentence nearest a figure.

A sentence splits into clauses at ";" and ": " and before a word that opens a breakdown
after a comma ("..., trong đó Nghệ An hơn 5,2 triệu USD, Thanh Hóa 4,1 triệu USD");
a clause splits into segments at commas (not the decimal comma of "1,5"):

    >>> parts = Clauses(text, sentences, openers=["trong đó"])
    >>> parts.clause(offset), parts.segment(offset)   # (start, end) of each around ``offset``

Every lookup is a binary search over boundaries found in one pass over the text.
"""
from __future__ import annotations

import bisect
import functools

import regex

from pipeline.facts.sentences import Sentences
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import phrases


@functools.lru_cache(maxsize=8)
def _boundaries(openers: tuple[str, ...]) -> tuple[regex.Pattern, regex.Pattern]:
    opener = rf"(?i:{phrases(openers)})(?![\p{{L}}\p{{N}}])" if openers else r"(?!)"
    return compiled(regex, rf";|:(?=\s)|,(?=\s+{opener})"), compiled(regex, r",(?=\s)")


class Clauses:
    """The clause and segment boundaries of one text."""

    def __init__(self, text: str, sentences: Sentences, openers: list[str], figures: list[int] = ()):
        """``figures``: the starts of the text's figures, in order (for :meth:`has_figure`)."""
        self.sentences, self.figures = sentences, list(figures)
        clause_ends, comma = _boundaries(tuple(openers))
        starts = [start for start, _ in sentences.spans]
        self.clause_starts = sorted({*starts, *(m.end() for m in clause_ends.finditer(text))})
        self.segment_starts = sorted({*self.clause_starts, *(m.end() for m in comma.finditer(text))})
        # the clause and the segment of an offset, once found: a figure's are asked for by subjects,
        # periods, donors and metrics, a place's by each figure near it
        self._clauses: dict[int, tuple[int, int]] = {}
        self._segments: dict[int, tuple[int, int]] = {}

    def _part(self, boundaries: list[int], offset: int) -> tuple[int, int]:
        sentence_start, sentence_end = self.sentences.spans[self.sentences.of(offset)]
        number = bisect.bisect_right(boundaries, offset) - 1
        start = max(boundaries[number] if number >= 0 else 0, sentence_start)
        following = boundaries[number + 1] if number + 1 < len(boundaries) else sentence_end
        return start, min(following, sentence_end)

    def clause(self, offset: int) -> tuple[int, int]:
        """(start, end) of the clause holding ``offset``."""
        found = self._clauses.get(offset)
        if found is None:
            found = self._clauses[offset] = self._part(self.clause_starts, offset)
        return found

    def segment(self, offset: int) -> tuple[int, int]:
        """(start, end) of the comma segment holding ``offset``."""
        found = self._segments.get(offset)
        if found is None:
            found = self._segments[offset] = self._part(self.segment_starts, offset)
        return found

    def figure_before(self, offset: int) -> bool:
        """Whether the clause holding ``offset`` holds a figure that starts before it."""
        return self.figure_between(self.clause(offset)[0], offset)

    def has_figure(self, offset: int) -> bool:
        """Whether the clause holding ``offset`` holds a figure."""
        return self.figure_between(*self.clause(offset))

    def figure_between(self, low: int, high: int) -> bool:
        """Whether a figure starts in ``low:high``."""
        first = bisect.bisect_left(self.figures, low)
        return first < len(self.figures) and self.figures[first] < high
