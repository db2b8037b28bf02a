"""The period rules read the lower-cased text where they can (periods.AnyCase): the same matches
as regex's IGNORECASE reading of the text, for every character a text may hold."""
from __future__ import annotations

import sys

import regex

from pipeline.facts import periods
from pipeline.facts.periods import _FOLDED_APART, _period_rules, _rule_matches, comparable_lower, find_periods
from pipeline.rules import patterns

#: every character but the surrogates
EVERY = "".join(chr(point) for point in range(sys.maxunicode + 1) if not 0xD800 <= point <= 0xDFFF)


def _lowered_rules() -> list:
    rules, _, _ = _period_rules()
    found = [rule for _, rule, _ in rules if rule.lowered is not None]
    assert len(found) > 20   # (every rule but those that read capitals: quarters, month names)
    return found + [gate for _, _, requires in rules for gate in requires if gate.lowered is not None]


def test_lower_case_never_drops_a_character():
    assert all(len(char.lower()) >= 1 for char in EVERY)   # so a lower case as long as its text keeps every place


def test_regex_reads_the_rules_letters_in_any_case_where_lower_writes_them():
    sources = [regex.sub(r"\\p\{\w+\}|\(\?P<", "", rule.lowered.pattern) for rule in _lowered_rules()]   # properties, group names
    letters = {char for source in sources for char in source if char.isalpha()}
    assert len(letters) > 20
    lowers = {}
    for char in EVERY:
        if char.lower() in letters:
            lowers.setdefault(char.lower(), set()).add(char)
    for letter in letters:
        any_case = set(regex.findall(regex.escape(letter), EVERY, regex.IGNORECASE))
        odd = {char for char in any_case ^ lowers.get(letter, set()) if len(char.lower()) == 1}
        assert odd <= set(_FOLDED_APART), (letter, sorted(odd))


def test_lower_case_keeps_letters_digits_spaces_and_word_characters():
    kept = [(char, char.lower()) for char in EVERY if len(char.lower()) == 1]
    text, lowered = "".join(c for c, _ in kept), "".join(low for _, low in kept)
    for cls in (r"[\p{L}\p{N}]", r"\d", r"\s", r"\w", r"[-–—/.,]"):
        assert [m.start() for m in regex.finditer(cls, text)] == [m.start() for m in regex.finditer(cls, lowered)], cls
    assert all(low == char for char, low in kept if char.isdigit())   # groups read from the lower case keep their numbers


def _read(rules: list, text: str, lowered: str | None) -> list:
    """The rules' matches, their groups in lower case (a lowered rule's groups are the lower case of the text's)."""
    return [(order, m.span(), {k: v and v.lower() for k, v in m.groupdict().items()})
            for order, _, m in _rule_matches(rules, text, lowered)]


def test_the_rules_match_the_lower_case_where_they_match_the_text_in_any_case(monkeypatch):
    corpus = (patterns.folder() / "periods.corpus.tsv").read_text(encoding="utf-8").splitlines()
    texts = [line.split("\t")[0] for line in corpus if line and not line.startswith("#")]
    texts += [text.upper() for text in texts] + [text.title() for text in texts]
    texts += ["TỪ NĂM 2020 ĐẾN NAY", "Năm 2023 và İ năm 2022", "Tháng 5 Năm Nay, ſáu tháng đầu năm 2023"]
    rules = _period_rules()[0]
    lowered = [comparable_lower(text) for text in texts]
    assert sum(low is not None for low in lowered) == len(texts) - 2   # not the texts with İ and ſ
    found = [find_periods(text, 2023, 6) for text in texts]
    for text, low in zip(texts, lowered):
        assert _read(rules, text, low) == _read(rules, text, None), text
    monkeypatch.setattr(periods, "comparable_lower", lambda text, lowered=None: None)
    assert [find_periods(text, 2023, 6) for text in texts] == found


def test_a_pattern_is_read_in_the_lower_case_only_where_case_plays_no_part():
    lower = periods._reading_lower_case
    assert lower(r"quý\s+(?P<q>IV|III|II|I)") == r"quý\s+(?P<q>iv|iii|ii|i)"   # capitals only letters to read in any case
    assert lower(r"(?:^|[,.;:]\s*)(?i:đến)\s+hết") == r"(?:^|[,.;:]\s*)(?:đến)\s+hết"
    assert lower(r"năm\s+\p{N}{4}(?![\p{L}])") == r"năm\s+\p{N}{4}(?![\p{L}])"
    for source in (r"\p{Lu}\p{Ll}+", r"(?-i:Mười)\s+năm", r"[A-Z]\d", r"\S+\s+năm", r"(?i)năm", r"(?P=year)"):
        assert lower(source) is None, source
