"""The fast scans give what the plain ``finditer`` they replace gives.

Three hot loops look for where something may start with one quick pattern and match the exact
pattern only there: the officials' name starts, the organizations' heads and the titles that end
with a head, the dates' windows (tests/test_dates.py). On random texts made of the tricky pieces
(words joined by dots, slashes and dashes, honorifics in any case, capitals inside words) each
gives exactly the matches of the slower scan.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities import officials
from pipeline.entities.org_grammar import grammar
from pipeline.rules.grammar import at_word_starts, at_word_starts_of_any

PIECES = ["Ông", "ông", "bà", "Bà", "đ/c", "Đ/c", "đồng chí", "Đồng chí", "ngài", "TS.", "ThS.", "anh", "chị",
          "Nguyễn Văn An", "Trần Thị Thu Hà", "Lê", "A", "x", "TP.", "Hồ Chí Minh", "UBND", "HĐND", "Sở", "sở",
          "Ban", "ban", "Trưởng ban", "trưởng ban", "Cục trưởng", "Chi cục trưởng", "Bộ", "Ủy ban nhân dân",
          "Hội", "hội", "tổ chức", "Tổ chức", "Việt-Nam", "O'Neil", "12", "_", "đ.", "MTTQ Việt Nam", "Viện"]
JOINS = [" ", ".", "/", "-", "'", "’", "_", ", ", "\n", "", " (", ") "]


def texts():
    return st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(JOINS)), min_size=1, max_size=25).map(
        lambda parts: "".join(piece + join for piece, join in parts))


def mention_matches_word_by_word(finder, text: str):
    """The scan as first written: every word of ``_WORD.finditer`` tried in turn."""
    last = 0
    for word in officials._WORD.finditer(text):
        start, first = word.start(), text[word.start()]
        if start < last or not (first.isupper() or first in finder.honorific_letters
                                and officials._first_word(word.group()) in finder.honorific_starts):
            continue
        m = finder.mention_re.match(text, start)
        if m is not None:
            last = m.end()
            yield m


@settings(max_examples=300, deadline=None)
@given(texts())
def test_official_name_starts_are_those_of_a_word_by_word_scan(nlp, text):
    finder = dict(nlp.pipeline)["tintrich_officials"].finder
    assert [m.span() for m in finder.mention_matches(text)] == \
        [m.span() for m in mention_matches_word_by_word(finder, text)]


@settings(max_examples=300, deadline=None)
@given(texts())
def test_organization_heads_and_absorbing_titles_are_those_of_finditer(text):
    g = grammar()
    assert [m.span() for m in at_word_starts(g.head_scan_re, text)] == [m.span() for m in g.head_re.finditer(text)]
    with_lookbehind = re.compile(r"(?<!\w)" + g.absorbing_re.pattern)
    assert [m.span() for m in at_word_starts(g.absorbing_re, text)] == \
        [m.span() for m in at_word_starts_of_any(g.absorbing_scans, text)] == \
        [m.span() for m in with_lookbehind.finditer(text)]


def test_a_run_of_dotted_capitals_is_one_word_read_once():
    """"A.A.A...": one word of the scan, so its capitals are not tried one by one (the time is
    linear: tests/test_linear_patterns.py)."""
    text = "A." * 2000
    assert officials._word_at(text, 1000).span() == (0, len(text))


SPORT_PIECES = ["v-league", "v.league", "hạng nhất", "giải vđqg", "vđqg", "cúp quốc gia", "hlv", "thủ môn",
                "thủ thành", "tiền đạo", "hiệp 1", "hiệp một", "thi đấu", "lịch thi đấu", "trận đấu", "bàn thắng",
                "bàn", "cầu thủ", "tuyển thủ", "x", "12", "_", "hà nội"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SPORT_PIECES), st.sampled_from(JOINS)), min_size=1, max_size=25).map(
    lambda parts: "".join(piece + join for piece, join in parts)))
def test_the_words_of_sport_read_letter_by_letter_are_those_of_one_trie(text):
    """The teams' words of sport, read with one trie per first letter, are those one trie of them all reads."""
    from pipeline.entities.teams import TeamReader
    from pipeline.rules import patterns
    from pipeline.rules.grammar import trie
    reader = TeamReader()
    whole = re.compile(trie({w.casefold() for w in patterns.load_yaml("teams.yaml")["context"]}, char=re.escape)
                       + r"(?!\w)")
    assert [m.span() for m in at_word_starts_of_any(reader.context_scans, text)] == \
        [m.span() for m in at_word_starts(whole, text)]


CAPITALS = ["Ông", "ÔNG", "Bà", "Anh", "Chị", "Ngài", "Đ/c", "Đồng chí", "GS.", "PGS.TS", "ThS.", "BSCKII",
            "Nguyễn Văn An", "Trần", "Lê Thị", "Hồ", "Ủy ban", "Ông Lê", "Éric", "Ærø", "Ǆemal", "ǅ", "Σ", "ΣΑ",
            "İzmir", "K", "\U0001D400", "ß", "x", "12", "_"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CAPITALS), st.sampled_from(JOINS)), min_size=1, max_size=25).map(
    lambda parts: "".join(piece + join for piece, join in parts)))
def test_the_officials_scans_stop_where_they_did_at_every_capital(nlp, text):
    """The scans that stop only at the letters a mention's lead starts with find the starts the
    scans that stopped at every capital found."""
    finder = dict(nlp.pipeline)["tintrich_officials"].finder
    for lower_case_too in (False, True):
        every_capital = officials._word_starts(finder.honorific_starts, finder.lead, lower_case_too)
        narrowed = officials._word_starts(finder.honorific_starts, finder.lead, lower_case_too, finder.lead_letters)
        assert [m.start() for m in narrowed.finditer(text)] == [m.start() for m in every_capital.finditer(text)]


def test_first_letters_of_a_pattern():
    from pipeline.rules.grammar import first_letters
    assert first_letters(r"(?:GS|PGS|TS)(?:\.[^\S\n]*(?:GS|TS))*\.?") == {"G", "P", "T"}
    assert first_letters(r"(?<!\w)(?:tổ|nhà)") == {"t", "n"}
    assert first_letters(r"\w+|GS") is None
