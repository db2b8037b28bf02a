"""The organizations extractor's lists read in one pass give what each list's own scans give.

``org_scan.WordLists`` reads the heads, the titles that end with a head, the known names, the
keywords of Latin names and the countries together (one scan per lower-case first letter, one for
the capitals), and matches each list where it may start. On random texts of their words, cut, glued
and in other cases, and on real articles, each list gets exactly the matches of its own scans.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities.org_foreign import foreign_names
from pipeline.entities.org_gazetteer import known_names
from pipeline.entities.org_grammar import grammar
from pipeline.entities.org_scan import WordList, WordLists
from pipeline.entities.organizations import OrganizationFinder
from pipeline.rules.grammar import at_word_starts, at_word_starts_of_any

WORDS = ["Sở", "sở", "Bộ", "bộ", "Bộ trưởng", "bộ trưởng", "Trưởng ban", "trưởng ban", "Chi cục trưởng", "Ủy ban",
         "UBND", "HĐND", "Hội", "báo", "Báo", "công ty", "Công ty", "tổ chức", "Tổ chức", "hãng", "kênh", "KOICA",
         "koica", "iDE", "IDE", "saigonchildren", "Oxfam", "CARE", "Plan International", "Foundation", "Fund", "e.V.",
         "gGmbH", "Việt Nam", "Nga", "Nga Sơn", "Trung Quốc", "Tây Ban Nha", "Hàn Quốc", "Mỹ", "Thứ trưởng", "Vụ trưởng",
         "viện trưởng", "chức", "ch", "t", "c", "A", "Ô", "x", "12", "_", "&"]
JOINS = [" ", "  ", ".", "/", "-", "&", "’", "_", ", ", "\n", "", " (", ") "]


def texts():
    return st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(JOINS)), min_size=1, max_size=25).map(
        lambda parts: "".join(piece + join for piece, join in parts))


def each_alone(text: str) -> dict[str, list[tuple[int, int]]]:
    """What the extractor read with one scan per list: the spans of each list's matches."""
    g, known = grammar(), known_names()
    return {"heads": [m.span() for m in at_word_starts_of_any(g.head_scans, text)],
            "titles": [m.span() for m in at_word_starts_of_any(g.absorbing_scans, text)],
            "known": [m.span() for m, _ in known.finditer(text)],
            "keywords": [m.span() for m in at_word_starts_of_any(foreign_names().keyword_scans, text)],
            "countries": [m.span() for m in at_word_starts(g.country_name_re, text)]}


def together(text: str) -> dict[str, list[tuple[int, int]]]:
    return {name: [m.span() for m in found] for name, found in OrganizationFinder().words.read(text).items()}


@settings(max_examples=400, deadline=None)
@given(texts())
def test_the_lists_read_together_are_those_read_alone(text):
    assert together(text) == each_alone(text)


def test_the_lists_read_together_are_those_read_alone_in_real_articles():
    corpus = Path(__file__).parent / "gold" / "ngo"
    articles = sorted(corpus.glob("*.txt")) or sorted(corpus.glob("*.json*"))
    if not articles:
        pytest.skip("no article texts in tests/gold/ngo")
    for path in articles:
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".txt":
            text = "\n".join(json.loads(line).get("text", "") for line in text.splitlines() if line.strip())
        found = together(text)
        assert found == each_alone(text)
        assert found["heads"]   # (an article about NGOs names bodies)


def test_a_known_name_matched_together_is_the_same_spelling():
    text = "Tổ chức CARE quốc tế và KOICA cùng Quỹ Plan International tài trợ cho Sở Y tế"
    known = known_names()
    read = OrganizationFinder().words.read(text)["known"]
    assert [(m.group(), known.spelling(m).org.org_id) for m in read] == \
        [(m.group(), spelling.org.org_id) for m, spelling in known.finditer(text)]
    assert [m.group() for m in read] == ["CARE quốc tế", "KOICA", "Plan International"]


def test_lists_that_share_a_first_letter_each_keep_their_own_matches():
    lists = WordLists([WordList("heads", [("S", "ở"), ("t", "ổ chức")], r"(?!\w)"),
                       WordList("places", [("S", "ơn La"), ("S", "ở Tây")], r"(?!\w)")])
    read = lists.read("Sở Tây, Sở, Sơn La và tổ chức; xSở")
    assert {name: [m.group() for m in found] for name, found in read.items()} == \
        {"heads": ["Sở", "Sở", "tổ chức"], "places": ["Sở Tây", "Sơn La"]}
