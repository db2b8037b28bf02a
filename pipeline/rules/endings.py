"""Endings: patterns of the words right before a position, searched from that position back.

Many checks of the attribution ask whether the words right before a place, a body or a
figure are a cue ("theo Tổng cục Thống kê", "so với năm", "ngụ tại"): a pattern anchored at
the end of a window (``\\Z`` or ``$``) searched in the window, of which only whether it
matches is read. Searched forward, the whole pattern is tried from every position of the
window (a 120-character window, 120 attempts, most of which run some way before failing at
the anchor); compiled reversed (``regex.REVERSE``), the engine starts at the window's end and
reads the pattern back from the anchor, so that a window without the cue fails after a few
characters: 2 to 18 times faster on news.

Whether a match exists does not depend on the direction the engine reads the text in, for a
pattern that never gives up a choice for good (no atomic group, no possessive quantifier:
refused here); only which match is found may differ, so a pattern from :func:`ending` is
for whether it matches, never for the match's offsets or groups. It is asked with
``pattern.match(text, start, end)``: a reversed match is anchored at the window's end, where the
pattern's ``\\Z`` (or ``$`` after spaces, which take a last line break) anchors every match anyway,
so it answers as a search would, which tries every place back to the window's start (1.5 to 2
times slower; ``tests/test_facts.py`` checks both for the facts stage's endings on their pattern
corpora, and the entities' endings end in ``\\Z``, which no match can pass).

    >>> bool(ending(r"(?i:theo)\\s+\\Z").match("Số liệu theo ", 0, 13))
    True
"""
from __future__ import annotations

import regex

from pipeline.rules.compiled import compiled

#: what makes a backtracking engine give up a choice for good: an atomic group, a possessive
#: quantifier (read conservatively: an escaped "+", "*" or "?" quantified greedily is refused too)
_COMMITS = regex.compile(r"\(\?>|[+*?]\+|\{\d*,?\d*\}\+")


def ending(source: str, flags: int = 0) -> regex.Pattern:
    """``source`` (anchored at its end) compiled to be searched from the end of a window back
    (through the compile cache, as every large pattern)."""
    if _COMMITS.search(source):
        raise ValueError(f"an ending must not commit to a choice (atomic group, possessive): {source[:80]!r}")
    return compiled(regex, source, flags | regex.REVERSE)
