"""A pattern read through its skipping scan, or split by first letters, gives what it gives whole.

``rules.grammar.skipping_scan`` lets ``re`` skip ahead to the characters a pattern's matches start
with (any case of them, as ``re`` itself reads the pattern's case) and tries the pattern only there:
the organizations' list cue ("các tổ chức như: ..."), written in any case, is read that way. On random
texts of cue words in odd cases, look-alike letters (the Kelvin sign, a dotless i, a final sigma,
letters outside Latin) and any window, each pattern gives exactly its ``finditer``.

``rules.grammar.letter_scans`` splits an alternation of branches by their first letters (a lower-case
one apart); the organizations' heads and the known names are scanned that way, and give the matches
of the whole pattern.

``org_foreign.ForeignNames.cues`` reads the list cue only where the text's lower case has one of the
cue nouns' first words: the cue's ``finditer`` too, whatever letter stands in them.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities.org_foreign import _CASES_READ, foreign_names, not_lowered
from pipeline.entities.org_gazetteer import known_names
from pipeline.entities.org_grammar import grammar
from pipeline.rules.grammar import at_word_starts, at_word_starts_of_any, letter_scans, matches_from, skipping_scan

PIECES = ["tổ chức", "Tổ  Chức", "TỔ CHỨC", "nhà tài trợ", "NHÀ TÀI TRỢ", "đối tác", "Đối Tác", "như", "NHƯ", "gồm",
          "gồm có", "là", ":", ",", "MAG", "ICCO", "phi chính phủ", "PCPNN", "quốc tế", "nước ngoài", "xtổ", "K",
          "\u212a", "ı", "İ", "ſ", "Σ", "ς", "ǅ", "Ⓣ", "ⓣ", "丁", "đ", "Đ", "n", "N", "t", "T", "ߊ", "_", "đốı tác",
          "ĐỐI TÁC", "tỔ", "NhÀ"]
JOINS = [" ", "", "\n", "\t", "  ", "-", ".", "_"]
#: heads and known names in any case, acronyms glued to others, words inside words
NAMES = ["Sở", "sở", "Bộ", "bộ", "Ủy ban", "UBND", "HĐND", "Hội", "hội", "báo", "Báo", "công ty", "Công ty", "tập đoàn",
         "tổ chức", "Tổ chức", "hãng", "kênh", "KOICA", "koica", "châu Á", "Châu Á", "iDE", "IDE", "saigonchildren",
         "Oxfam", "CARE", "care", "Plan International", "Việt Nam", "Y tế", "Nga", "hội nghị", "chức", "ch", "&", "-",
         "Tầm nhìn Thế giới", "tầm nhìn", "các nước xuất khẩu dầu mỏ", "OPEC", "h", "i", "c", "s", "b", "k", "t", "x"]

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


@settings(max_examples=400, deadline=None)
@given(texts(), st.integers(0, 200), st.integers(0, 200))
def test_the_list_cues_read_at_their_openings_are_those_of_finditer(text, pos, length):
    foreign, endpos = foreign_names(), min(len(text), pos + length)
    expected = [m.span() for m in foreign.list_re.finditer(text, pos, endpos)]
    assert [m.span() for m in foreign.cues(text, pos, endpos)] == expected
    assert [m.span() for m in foreign.cues(text, pos, None)] == [m.span() for m in foreign.list_re.finditer(text, pos)]


def test_any_letter_in_a_cue_s_opening_gives_the_matches_of_finditer():
    foreign = foreign_names()
    assert foreign.list_openings == ["tổ", "nhà", "đối"] and foreign.not_lowered == ("İ", "ı")
    for cue in ["tổ chức như: MAG", "nhà tài trợ gồm MAG", "đối tác là MAG"]:
        for at in range(3):
            for code in [*range(0x2000), 0x212A, 0x2C65, 0x1E9E, 0xA7AD]:
                text = "x " + cue[:at] + chr(code) + cue[at + 1:]
                assert [m.span() for m in foreign.cues(text, 0, None)] == \
                    [m.span() for m in foreign.list_re.finditer(text)], (cue, at, hex(code))


def test_no_character_past_those_read_is_a_letter_of_the_openings_it_does_not_lower_case_to():
    letters = sorted(set("".join(foreign_names().list_openings)))
    past = "".join(map(chr, range(_CASES_READ, 0x110000)))
    for letter in letters:
        assert {char.lower() for char in re.findall(re.escape(letter), past, re.IGNORECASE)} <= {letter}, letter
    assert not_lowered(["is", "k"]) == ("İ", "ı", "ſ")   # (the Kelvin sign lower-cases to "k")


#: the keywords of Latin names, cut, glued, run on, in other cases
KEYWORDS = ["Fund", "Fundación", "Funds", "Fun", "Foundation", "Fondation", "Intl", "International", "Internationale",
            "e.V.", "e.V", "gGmbH", "gGmbHx", "Aid", "AID", "Corps", "Trust", "Organisation", "Organization", "Or",
            "x", "_", "é", "Save the Children", "Zhishan"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KEYWORDS), st.sampled_from(JOINS)), min_size=1, max_size=20).map(
    lambda parts: "".join(piece + join for piece, join in parts)))
def test_the_keywords_split_by_first_letters_are_those_of_their_alternation(text):
    foreign = foreign_names()
    assert [m.span() for m in at_word_starts_of_any(foreign.keyword_scans, text)] == \
        [m.span() for m in at_word_starts(foreign.keyword_re, text)]


def test_a_pattern_that_may_start_otherwise_has_no_scan():
    assert skipping_scan(re.compile(r"[ab]c")) is None       # a class first
    assert skipping_scan(re.compile(r"a?b")) is None         # an optional first letter
    assert skipping_scan(re.compile(r"(?:a|)b")) is None     # an empty branch
    assert skipping_scan(re.compile(r"(?-i:a)b", re.I)) is None   # a group that changes the case
    assert skipping_scan(re.compile(r"(?=a)")) is None       # an empty match
    assert skipping_scan(foreign_names().list_re) is not None


def names():
    return st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(JOINS)), min_size=1, max_size=25).map(
        lambda parts: "".join(piece + join for piece, join in parts))


def known_by_searching_on(text: str):
    """The known names as their scan first read them: the whole pattern searched on from each name's end."""
    known, pos, found = known_names(), 0, []
    while (m := known.pattern.search(text, pos)) is not None:
        if known._starts_word(text, m):
            found.append((m.span(), m.lastgroup))
            pos = m.end()
        else:
            pos = m.start() + 1
    return found


@settings(max_examples=400, deadline=None)
@given(names())
def test_heads_and_known_names_split_by_first_letters_are_those_of_the_whole_pattern(text):
    g = grammar()
    assert [m.span() for m in at_word_starts_of_any(g.head_scans, text)] == \
        [m.span() for m in at_word_starts(g.head_scan_re, text)]
    assert [(m.span(), m.lastgroup) for m, _ in known_names().finditer(text)] == known_by_searching_on(text)


@settings(max_examples=300, deadline=None)
@given(texts())
def test_letter_scans_find_what_the_alternation_finds(text):
    branches = [("t", "(?i:ổ\\s+chức)"), ("T", "ổ"), ("n", "(?:hà|ước)"), ("N", "(?i:hà)"), ("đ", "ối"), ("t", "ác"),
                ("k", ""), ("\u212a", ""), ("ı", "")]
    whole = re.compile("(?:" + "|".join(re.escape(first) + rest for first, rest in branches) + r")(?!\w)")
    assert [m.span() for m in at_word_starts_of_any(letter_scans(branches, r"(?!\w)"), text)] == \
        [m.span() for m in at_word_starts(whole, text)]


@settings(max_examples=400, deadline=None)
@given(names())
def test_a_head_the_scan_finds_is_the_match_of_head_re_there(text):
    """grammar_names hands each match of the scan to parse_head as head_re's match at its start."""
    g = grammar()
    for m in at_word_starts_of_any(g.head_scans, text):
        assert g.head_re.match(text, m.start()).span() == m.span()
