"""A pattern read through its skipping scan gives what its own ``finditer`` gives.

``rules.grammar.skipping_scan`` lets ``re`` skip ahead to the characters a pattern's matches start
with (any case of them, as ``re`` itself reads the pattern's case) and tries the pattern only there:
the organizations' list cue ("các tổ chức như: ..."), written in any case, is read that way. On random
texts of cue words in odd cases, look-alike letters (the Kelvin sign, a dotless i, a final sigma,
letters outside Latin) and any window, each pattern gives exactly its ``finditer``.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities.org_foreign import foreign_names
from pipeline.rules.grammar import matches_from, skipping_scan

PIECES = ["tổ chức", "Tổ  Chức", "TỔ CHỨC", "nhà tài trợ", "NHÀ TÀI TRỢ", "đối tác", "Đối Tác", "như", "NHƯ", "gồm",
          "gồm có", "là", ":", ",", "MAG", "ICCO", "phi chính phủ", "PCPNN", "quốc tế", "nước ngoài", "xtổ", "K",
          "\u212a", "ı", "İ", "ſ", "Σ", "ς", "ǅ", "Ⓣ", "ⓣ", "丁", "đ", "Đ", "n", "N", "t", "T", "ߊ", "_"]
JOINS = [" ", "", "\n", "\t", "  ", "-", ".", "_"]

#: patterns of every shape the scan reads: any case or not, a lookbehind first, branches in groups, ASCII
PATTERNS = [
    re.compile(r"(?<!\w)(?:tổ\s+chức|nhà|đối)\s*(?:như|gồm)", re.IGNORECASE),
    re.compile(r"(?:k|s|ı|σ)\w*", re.IGNORECASE),
    re.compile(r"(?:(?:K|ǅ)|[^\W\d_]?t)", re.IGNORECASE),
    re.compile(r"\bn(?:hà|ước)", re.IGNORECASE | re.ASCII),
    re.compile(r"Tổ|Đối"),
    re.compile(r"\u212a|丁|ⓣ", re.IGNORECASE),
]


def texts():
    return st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(JOINS)), min_size=1, max_size=20).map(
        lambda parts: "".join(piece + join for piece, join in parts))


@settings(max_examples=400, deadline=None)
@given(texts(), st.integers(0, 200), st.integers(0, 200))
def test_a_skipping_scan_gives_the_matches_of_finditer(text, pos, length):
    endpos = min(len(text), pos + length)
    for pattern in [*PATTERNS, foreign_names().list_re]:
        expected = [(m.span(), m.groups()) for m in pattern.finditer(text, pos, endpos)]
        found = [(m.span(), m.groups()) for m in matches_from(pattern, skipping_scan(pattern), text, pos, endpos)]
        assert found == expected, pattern.pattern


def test_a_pattern_that_may_start_otherwise_has_no_scan():
    assert skipping_scan(re.compile(r"[ab]c")) is None       # a class first
    assert skipping_scan(re.compile(r"a?b")) is None         # an optional first letter
    assert skipping_scan(re.compile(r"(?:a|)b")) is None     # an empty branch
    assert skipping_scan(re.compile(r"(?-i:a)b", re.I)) is None   # a group that changes the case
    assert skipping_scan(re.compile(r"(?=a)")) is None       # an empty match
    assert skipping_scan(foreign_names().list_re) is not None
