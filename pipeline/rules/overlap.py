"""Keep the best of overlapping matches, in one place.

Every extractor that reads a text with several rules gets candidates that may
overlap ("ngày 12/4/2022" and "12/4"). :func:`non_overlapping` walks them in the
order of preference the caller gives and keeps each one that overlaps none kept
before, in ``O(n log n)``:

    >>> non_overlapping(candidates, prefer=lambda c: (-(c.end - c.start), c.order))
"""
from __future__ import annotations

import bisect
from typing import Callable, Iterable, TypeVar

Item = TypeVar("Item")


def _span(item) -> tuple[int, int]:
    return item.start, item.end


class Taken:
    """Non-overlapping (start, end) intervals, searchable by position."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """True if [start, end) overlaps an interval already taken (empty intervals overlap nothing)."""
        position = bisect.bisect_right(self.ends, start)   # the first interval ending after ``start``
        return position < len(self.starts) and self.starts[position] < end

    def add(self, start: int, end: int) -> None:
        """Take [start, end), which must overlap nothing taken (see :meth:`covering`)."""
        position = bisect.bisect_left(self.starts, start)
        self.starts.insert(position, start)
        self.ends.insert(position, end)

    @classmethod
    def covering(cls, intervals) -> "Taken":
        """The union of (start, end) intervals that may overlap each other: a query
        overlaps the union exactly when it overlaps one of them."""
        taken = cls()
        for start, end in sorted(intervals):
            if taken.ends and start < taken.ends[-1]:
                taken.ends[-1] = max(taken.ends[-1], end)
            else:
                taken.starts.append(start)
                taken.ends.append(end)
        return taken


def non_overlapping(items: Iterable[Item], prefer: Callable, span: Callable = _span) -> list[Item]:
    """The items that survive, in order of preference: each is kept unless it overlaps one kept before.

    ``prefer`` sorts the items (most preferred first); ``span`` gives an item's (start, end).
    """
    taken, kept = Taken(), []
    for item in sorted(items, key=prefer):
        start, end = span(item)
        if not taken.overlaps(start, end):
            taken.add(start, end)
            kept.append(item)
    return kept


def longest_first(item) -> tuple[int, int]:
    """The usual preference: the longest match, then the leftmost (as ``spacy.util.filter_spans``)."""
    start, end = _span(item)
    return -(end - start), start
