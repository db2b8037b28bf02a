"""Vietnamese number parsing (pipeline/extractors/numbers.py): properties and edge cases.

The phrase-by-phrase examples are in patterns/numbers.corpus.tsv (run by test_corpora.py).
"""
from __future__ import annotations

from decimal import Decimal

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.rules.numbers import (amount_pattern, format_vietnamese, parse_amount,
                                         parse_digits, spell_vietnamese, tail_scale)

SCALES = {"nghìn": 10 ** 3, "triệu": 10 ** 6, "tỷ": 10 ** 9}


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 15))
def test_whole_numbers_formatted_the_vietnamese_way_parse_back(number):
    assert parse_digits(format_vietnamese(number)) == number


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10 ** 9, places=3, allow_nan=False, allow_infinity=False))
def test_decimals_formatted_the_vietnamese_way_parse_back(number):
    parsed = parse_digits(format_vietnamese(number))
    assert Decimal(str(parsed)) == number


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.1"), max_value=999, places=1, allow_nan=False, allow_infinity=False),
       st.sampled_from(sorted(SCALES)))
def test_figure_with_a_scale_word_parses_to_the_product(number, scale):
    phrase = f"{format_vietnamese(number)} {scale}"
    assert Decimal(str(parse_amount(phrase))) == number * SCALES[scale]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10 ** 15 - 1))
def test_numbers_spelled_out_parse_back(number):
    assert parse_amount(spell_vietnamese(number)) == number


def test_spelling_follows_the_school_reading():
    assert spell_vietnamese(21) == "hai mươi mốt"
    assert spell_vietnamese(15) == "mười lăm"
    assert spell_vietnamese(105) == "một trăm linh năm"
    assert spell_vietnamese(1_000_005) == "một triệu không trăm linh năm"
    assert spell_vietnamese(3 * 10 ** 12) == "ba nghìn tỷ"


def test_single_comma_is_always_the_decimal_mark():
    # "1,500" in a Vietnamese text is one and a half, not fifteen hundred
    assert parse_digits("1,500") == 1.5
    assert parse_digits("1,196,137") == 1196137


def test_malformed_figures_are_refused():
    assert parse_digits("1.23.4") is None
    assert parse_digits("1,2,3") is None
    assert parse_digits("12a") is None


def test_range_low_end_borrows_the_scale_of_the_high_end():
    assert tail_scale("7 tỷ") == 10 ** 9
    assert tail_scale("7 nghìn tỷ") == 10 ** 12
    assert tail_scale("7") == 1


def test_amount_pattern_finds_whole_figures_in_running_text():
    text = "đạt hơn 228,7 triệu USD, tăng 4,9 triệu USD; 1 tỷ 200 triệu đồng; hàng trăm lượt đoàn"
    found = [m.group() for m in regex.finditer(amount_pattern(), text)]
    assert found == ["228,7 triệu", "4,9 triệu", "1 tỷ 200 triệu"]


def test_amount_pattern_does_not_start_inside_a_figure_or_word():
    assert [m.group() for m in regex.finditer(amount_pattern(), "số 57-KH/TU, VUFO2")] == ["57"]


def _corpus_phrases() -> list[str]:
    from pipeline.rules import patterns

    phrases = []
    for name in ("money", "counts", "percents", "numbers", "subjects"):
        for line in (patterns.folder() / f"{name}.corpus.tsv").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                phrases.append(line.split("\t")[0])
    return phrases


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_corpus_phrases()), min_size=1, max_size=12),
       st.lists(st.sampled_from([". ", "\n", ", ", " ", " và "]), min_size=12, max_size=12))
def test_figures_searched_near_their_number_and_unit_are_those_of_a_whole_scan(phrases, joins):
    """The grammars try the whole pattern only a little before each number-and-unit; on
    texts made of real phrases that finds exactly what a scan of every position finds."""
    import copy

    from pipeline.facts.counts import CountFinder
    from pipeline.facts.money import MoneyFinder
    from pipeline.facts.numbers import find_numbers
    from pipeline.facts.percents import PercentFinder

    text = "".join(phrase + join for phrase, join in zip(phrases, joins))
    percents = PercentFinder()
    grammars = [grammar for _, grammar, _ in MoneyFinder().grammars]
    grammars += [CountFinder().grammar, percents.percent, percents.ratio]
    # counts' grammar does not try a number before a word its lexicon refuses ("năm 2022 ước
    # đạt": "ước" is no counted noun, so "ước đạt" stays free to qualify the next figure), which
    # a scan of every position cannot do: it is checked by its corpus instead
    numbers = find_numbers(text)   # the number pass, as the pipeline gives it (glued "Rs20" included)
    for grammar in (grammar for grammar in grammars if grammar.unit_check is None):
        whole = copy.copy(grammar)   # every position, by the whole pattern: no windows, no start filter
        whole.unit_optional, whole.times_re = True, None
        whole.search = lambda text, start, limit, lowered=None, pattern=grammar.pattern: pattern.search(text, start)
        kept = [(f.start, f.end, f.value, f.value_high, f.unit) for f in grammar.finditer(text, numbers)
                if f.unit or f.groups.get("times")]   # the ratio grammar drops bare numbers later
        scanned = [(f.start, f.end, f.value, f.value_high, f.unit) for f in whole.finditer(text)
                   if f.unit or f.groups.get("times")]
        assert kept == scanned, grammar.pattern.pattern[:60]


def _plain_characters() -> list[str]:
    from pipeline.facts.numbers import PLAIN_TEXT

    bounds = [int(code, 16) for code in regex.findall(r"\\(?:x|u)([0-9a-f]+)", PLAIN_TEXT)]
    return [chr(code) for low, high in zip(bounds[::2], bounds[1::2]) for code in range(low, high + 1)]


def test_plain_text_is_read_by_re_on_its_lower_case_as_regex_reads_it():
    """Every character of PLAIN_TEXT lower-cases to one character that the stdlib re classes as
    regex classes the original, and matches a letter of the number words (or of the words a figure
    starts with, or the first of a unit's spellings) in any case for regex exactly when its lower case
    is that letter: the number pattern's matches are the same, and so are the places where a figure
    may start and the numbers that a unit may follow."""
    import re

    from pipeline.facts.figures import first_words, qualifier_words
    from pipeline.facts.money import MoneyFinder
    from pipeline.facts.percents import PercentFinder
    from pipeline.rules.numbers import vocabulary

    percents = PercentFinder()
    grammars = [grammar for _, grammar, _ in MoneyFinder().grammars] + [percents.percent, percents.ratio]
    edges = {edge for grammar in grammars for edge in grammar.edges or ()}   # (FigureGrammar.cores)
    words = vocabulary().words | vocabulary().decimal_marks | first_words(qualifier_words()) | edges
    assert all(word == word.lower() for word in words)
    letters = {regex.compile(f"(?i:{regex.escape(c)})"): c for word in words for c in word if not c.isspace()}
    classes = [(regex.compile(r"[\p{L}\p{N}]"), re.compile(r"[^\W_]")), (regex.compile(r"\d"), re.compile(r"\d")),
               (regex.compile(r"\s"), re.compile(r"\s")), (regex.compile(r"[.,]"), re.compile(r"[.,]"))]
    for char in _plain_characters():
        lower = char.lower()
        assert len(lower) == 1, hex(ord(char))
        assert all(bool(new.match(lower)) == bool(old.match(char)) for old, new in classes), hex(ord(char))
        assert char.isspace() == bool(classes[2][0].match(char)), hex(ord(char))   # (str.lstrip reads those spaces)
        assert all(bool(letter.match(char)) == (lower == c) for letter, c in letters.items()), hex(ord(char))


def test_numbers_read_on_the_lower_case_are_those_regex_reads():
    from pipeline.facts.numbers import find_numbers, glued_re, number_re

    phrases = _corpus_phrases()
    for text in ["\n".join(phrases), " ".join(phrase.upper() for phrase in phrases), "Hai Mươi Mốt tỶ, ),18 người, 1.2.3",
                 "ĐẠI HỘI\x1c5 người"]:
        read = sorted([m.span() for m in number_re().finditer(text)] + [m.span(1) for m in glued_re().finditer(text)])
        assert find_numbers(text) == read


def test_a_glued_number_is_found_from_its_code_as_by_the_code_in_a_lookbehind():
    """glued_re reads from the code on (and find_numbers from the first code written) the numbers that
    a pattern with the codes in a lookbehind before the number finds; so no code may hold a digit."""
    import random

    import regex

    from pipeline.facts.numbers import find_numbers, glued_codes, glued_re, number_re
    codes = glued_codes()
    assert not any(char.isdigit() for code in codes for char in code)
    behind = regex.compile(r"(?<=(?<![\p{L}])(?:" + "|".join(map(regex.escape, codes)) + r"))\d+(?:[.,]\d+)*")
    pieces = [*codes, *(code.lower() for code in codes), "$", "a", "Đ", " ", ".", ",", "1", "23", "\n"]
    generator = random.Random(27)
    for _ in range(30000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 10)))
        found = [m.span() for m in behind.finditer(text)]
        assert [m.span(1) for m in glued_re().finditer(text)] == found, text
        assert find_numbers(text) == sorted([m.span() for m in number_re().finditer(text)] + found), text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_corpus_phrases()), min_size=1, max_size=6),
       st.lists(st.sampled_from([". ", "\n", ", ", " ", " và "]), min_size=6, max_size=6))
def test_a_grammar_tried_where_a_figure_may_start_finds_what_its_search_finds(phrases, joins):
    """FigureGrammar.search tries the whole grammar only where its opening lookarounds hold:
    from every position, with the limit anywhere, the match of the whole grammar's search."""
    from pipeline.facts.counts import CountFinder
    from pipeline.facts.money import MoneyFinder
    from pipeline.facts.percents import PercentFinder

    text = "".join(phrase + join for phrase, join in zip(phrases, joins))
    percents = PercentFinder()
    grammars = [grammar for _, grammar, _ in MoneyFinder().grammars]
    grammars += [CountFinder().grammar, percents.percent, percents.ratio]
    for grammar in grammars:
        for start in range(len(text) + 1):
            whole = grammar.pattern.search(text, start)
            for limit in (start, start + 30, len(text)):
                found = grammar.search(text, start, limit)
                assert (found and (found.span(), found.groupdict())) == (whole and (whole.span(), whole.groupdict()))
