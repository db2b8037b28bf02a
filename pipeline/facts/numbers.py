"""The number pass: every number of the text found once, for every figure extractor.

Money, counts, percents and ratios all start from a number beside its unit. Instead of
each scanning the whole text for "number next to a unit", this component finds the numbers
once (:func:`pipeline.rules.numbers.amount_pattern`: digits, scale words, spelled numbers)
and leaves their spans in ``doc._.numbers``; each figure grammar then only looks for its
unit right beside them (:meth:`pipeline.facts.figures.FigureGrammar.finditer`).

    >>> doc._.numbers                   # "đạt 1,3 triệu USD, tăng 26%"
    [(4, 15), (26, 28)]
"""
from __future__ import annotations

import regex

from pipeline.component import ComponentSpec, component
from pipeline.rules import patterns
from pipeline.rules.numbers import amount_pattern

SPEC = ComponentSpec(name="numbers", assigns=("doc._.numbers",))


@patterns.resource
def number_re() -> regex.Pattern:
    return regex.compile(amount_pattern())


@patterns.resource
def glued_re() -> regex.Pattern:
    """A number glued after a currency written before it: "USD1,23", "EUR29,99", "VN$1000"."""
    codes = sorted({row["spelling"] for row in patterns.load_csv("currencies.csv")
                    if row["position"] == "before" and (row["spelling"][-1].isalpha() or len(row["spelling"]) > 1)},
                   key=len, reverse=True)
    return regex.compile(r"(?<=(?<![\p{L}])(?:" + "|".join(map(regex.escape, codes)) + r"))\d+(?:[.,]\d+)*")


def find_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) of every number of ``text``, in order."""
    found = [m.span() for m in number_re().finditer(text)]
    glued = [m.span() for m in glued_re().finditer(text)]
    return sorted(found + glued) if glued else found


@component(SPEC)
def numbers(doc):
    """Set ``doc._.numbers``."""
    doc._.numbers = find_numbers(doc.text)
    return doc
