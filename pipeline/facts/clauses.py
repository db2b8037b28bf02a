"""Clauses and comma segments: the parts of a sentence nearest a figure.

A sentence splits into clauses at ";" and ": " and before a word that opens a breakdown
after a comma ("..., trong đó Nghệ An hơn 5,2 triệu USD, Thanh Hóa 4,1 triệu USD");
a clause splits into segments at commas (not the decimal comma of "1,5"):

    >>> parts = Clauses(text, sentences, openers=["trong đó"])
    >>> parts.clause(offset), parts.segment(offset)   # (start, end) of each around ``offset``

Every lookup is a binary search over the boundaries of the sentence asked about, found in one
pass over that sentence when it is first asked about.
"""
from __future__ import annotations

import bisect
import functools

import regex

from pipeline.facts.sentences import Sentences
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import phrases


def starts_between(starts: list[int], low: int, high: int) -> bool:
    """Whether one of ``starts`` (sorted) is in ``low:high``: a binary search."""
    first = bisect.bisect_left(starts, low)
    return first < len(starts) and starts[first] < high


@functools.lru_cache(maxsize=8)
def _boundaries(openers: tuple[str, ...]) -> tuple[regex.Pattern, regex.Pattern]:
    opener = rf"(?i:{phrases(openers)})(?![\p{{L}}\p{{N}}])" if openers else r"(?!)"
    return compiled(regex, rf";|:(?=\s)|,(?=\s+{opener})"), compiled(regex, r",(?=\s)")


class Clauses:
    """The clause and segment boundaries of one text, found sentence by sentence when first asked for."""

    def __init__(self, text: str, sentences: Sentences, openers: list[str], figures: list[int] = ()):
        """``figures``: the starts of the text's figures, in order (for :meth:`has_figure`)."""
        self.text, self.sentences, self.figures = text, sentences, list(figures)
        self.patterns = _boundaries(tuple(openers))
        # the clause and the segment of an offset, once found: a figure's are asked for by subjects,
        # periods, donors and metrics, a place's by each figure near it
        self._clauses: dict[int, tuple[int, int]] = {}
        self._segments: dict[int, tuple[int, int]] = {}
        self._starts: dict[int, tuple[list[int], list[int]]] = {}

    def starts_near(self, number: int) -> tuple[list[int], list[int]]:
        """The clause starts and the segment starts from sentence ``number``'s start (the text's for the
        first) to the next sentence's start, both included: all the boundaries that bound a part of the
        sentence. Only the sentences of figures and of what is near them are asked about (a fifth of
        an article's): their text alone is read, not the whole text's. The boundaries are one character
        each (";", ":", ","), so that those read from a sentence's start are the whole text's there."""
        found = self._starts.get(number)
        if found is None:
            starts = self.sentences.starts
            low = starts[number] if number else 0
            high = starts[number + 1] if number + 1 < len(starts) else len(self.text)
            bounds = [starts[number], *starts[number + 1:number + 2]]
            clause_ends, comma = self.patterns
            clauses = sorted({*bounds, *self._ends(clause_ends, low, high)})
            found = self._starts[number] = (clauses, sorted({*clauses, *self._ends(comma, low, high)}))
        return found

    def _ends(self, pattern, low: int, high: int) -> list[int]:
        """The ends of the matches of ``pattern`` that start in ``low:high``."""
        ends = []
        for m in pattern.finditer(self.text, low):
            if m.start() >= high:
                break
            ends.append(m.end())
        return ends

    def _part(self, kind: int, offset: int) -> tuple[int, int]:
        sentence = self.sentences.of(offset)
        sentence_start, sentence_end = self.sentences.spans[sentence]
        boundaries = self.starts_near(sentence)[kind]
        number = bisect.bisect_right(boundaries, offset) - 1
        start = max(boundaries[number] if number >= 0 else 0, sentence_start)
        following = boundaries[number + 1] if number + 1 < len(boundaries) else sentence_end
        return start, min(following, sentence_end)

    def clause(self, offset: int) -> tuple[int, int]:
        """(start, end) of the clause holding ``offset``."""
        found = self._clauses.get(offset)
        if found is None:
            found = self._clauses[offset] = self._part(0, offset)
        return found

    def segment(self, offset: int) -> tuple[int, int]:
        """(start, end) of the comma segment holding ``offset``."""
        found = self._segments.get(offset)
        if found is None:
            found = self._segments[offset] = self._part(1, offset)
        return found

    def figure_before(self, offset: int) -> bool:
        """Whether the clause holding ``offset`` holds a figure that starts before it."""
        return self.figure_between(self.clause(offset)[0], offset)

    def has_figure(self, offset: int) -> bool:
        """Whether the clause holding ``offset`` holds a figure."""
        return self.figure_between(*self.clause(offset))

    def figure_between(self, low: int, high: int) -> bool:
        """Whether a figure starts in ``low:high``."""
        return starts_between(self.figures, low, high)
