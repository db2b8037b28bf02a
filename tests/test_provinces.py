"""The gazetteer's integrity and the old -> new mapping (phrase cases are in patterns/provinces.corpus.tsv)."""
from __future__ import annotations

from collections import Counter

import regex

from pipeline.entities import provinces
from pipeline.entities.provinces import in_name_patterns
from pipeline.rules import patterns


def test_63_units_before_and_34_after_the_merger():
    rows = patterns.load_csv("provinces.csv")
    assert len(rows) == 63
    assert len({r["code"] for r in rows}) == 63
    after = {(r["name_2025"], r["code_2025"]) for r in rows}
    assert len(after) == 34
    assert len({name for name, _ in after}) == 34 and len({code for _, code in after}) == 34
    assert sum(1 for r in rows if r["kind"] == "thành phố") == 5


def test_every_new_unit_is_named_after_one_of_its_members_except_hue():
    rows = patterns.load_csv("provinces.csv")
    old_names = {r["name"] for r in rows}
    assert {r["name_2025"] for r in rows} - old_names == {"Huế"}


def test_merged_units_have_two_or_three_members():
    members = Counter(r["name_2025"] for r in patterns.load_csv("provinces.csv"))
    assert sorted(Counter(members.values()).items()) == [(1, 11), (2, 17), (3, 6)]


def test_seed_provinces(seed_texts):
    import pipeline

    found = {stem: sorted(set(pipeline.extract(text).tables()["provinces"]["name"])) for stem, text in seed_texts.items()}
    assert found == {
        "000_22c4afcade77e2f4": ["Thái Nguyên"],
        "001_26a770fd3adbd106": ["Thái Bình"],
        "002_589f46926d63e719": ["Sơn La"],
        "003_467578c8939c35eb": ["Hà Nội", "Lạng Sơn"],
        "004_7ebfd3e9652e1177": ["Hồ Chí Minh", "Trà Vinh"],
    }


def test_every_character_regex_reads_as_a_head_letter_case_folds_to_it():
    """The case-folded heads (in_name_patterns) find every head the body's pattern finds."""
    rules = patterns.load_yaml("provinces.yaml")
    heads, acronyms = rules["in_name_heads"], rules["in_name_acronyms"]
    letters = set("".join(heads).casefold())
    any_case = regex.compile("(?i)[" + regex.escape("".join(letters)) + "]")
    for char in map(chr, range(0x110000)):
        if any_case.fullmatch(char) and len(char.casefold()) == 1:
            matched = {letter for letter in letters if regex.fullmatch("(?i)" + regex.escape(letter), char)}
            assert matched <= {char.casefold()}, (char, matched)
    _, pattern = in_name_patterns(rules)
    assert all(pattern.fullmatch(word.casefold()) for word in [*heads, *acronyms])


def test_every_residence_cue_holds_a_hint_that_lets_the_rule_be_asked():
    """provinces.yaml `residence_hints` gate the residence rule: a cue holding none would never be read."""
    from pipeline.rules import patterns

    rules = patterns.load_yaml("provinces.yaml")
    for cue in rules["residence_cues"]:
        assert any(hint in cue or hint in cue[:1].upper() + cue[1:] for hint in rules["residence_hints"]), cue
    # the gate asks fewer pieces: each hint and trip verb holds one of them, and each of them is one
    pieces = provinces._resident_hints()
    every = rules["residence_hints"] + rules["destination_cues"]
    assert set(pieces) <= set(every) and all(any(piece in hint for piece in pieces) for hint in every)
