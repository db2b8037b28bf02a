"""Subjects reads some things only where they can matter: the listing cues in the lower case where
a cue's first word stands, organizations' speaker and source checks near figures only."""
from __future__ import annotations

import pipeline
from pipeline.facts.clauses import Clauses
from pipeline.facts.sentences import Sentences
from pipeline.facts.subjects import Subjects, _quoted, _subject_rules, subject_rules
from pipeline.rules.grammar import lower_case


def test_listing_cues_read_in_the_lower_case_are_those_read_in_any_case():
    quotes, led = _subject_rules()[1]["quotes"]
    texts = ["Giá vàng SJC niêm yết ở mức 56 triệu đồng, mua vào 55,8 triệu đồng.",
             "GIÁ NIÊM  YẾT giá\nMua\tVào; tỷ giá, Tỉ Giá, quyết định, _bán ra, xbán ra, bán rau",
             "İ tỷ giá niêm yết", "ſ mua vào", ""]
    for text in texts:
        assert _quoted(text, lower_case(text), quotes, led) == [m.start() for m in quotes.finditer(text)], text
    assert _quoted(texts[0], lower_case(texts[0]), quotes, led) == [texts[0].index("niêm"), texts[0].index("mua")]


def _subjects(text: str, figure: str) -> tuple[Subjects, int, int]:
    doc = pipeline.load()(text)
    start = doc.text.index(figure)
    sentences = Sentences(doc)
    clauses = Clauses(doc.text, sentences, subject_rules()["clause_openers"], [start])
    return Subjects(doc, sentences, clauses), start, start + len(figure)


def test_organizations_are_read_as_subjects_only_near_figures():
    text = ("Quỹ Nhi đồng Liên hợp quốc đã họp. Ngân hàng Thế giới giải ngân 5 triệu USD. "
            "Tổ chức Y tế Thế giới họp. Ông A về quê. Quỹ Tiền tệ Quốc tế họp.")
    subjects, start, end = _subjects(text, "5 triệu USD")
    assert "Quỹ Tiền tệ Quốc tế" in [data.get("name") for _, _, data in subjects.sentences.organizations]
    organizations = [m.name for m in subjects.mentions if m.scope == "organization"]
    assert "Ngân hàng Thế giới" in organizations and "Quỹ Tiền tệ Quốc tế" not in organizations
    assert subjects.subject(start, end).name == "Ngân hàng Thế giới"


def test_every_country_a_body_can_carry_is_a_place_of_figures():
    """The organizations' grammar gives a foreign body the code of its country ("Quân đội Yemen":
    YE); ``countries.csv`` names the places of figures and the country a foreign state body's
    figure falls back to. A code the grammar knows and the places table does not would leave
    that body's figures without a subject, and the country's name without a place."""
    from pipeline.rules import patterns
    from pipeline.entities.org_grammar import grammar

    places = {row["iso"] for row in patterns.load_csv("countries.csv") if row["iso"]}
    carried = set(grammar().country_names)
    assert carried - {"VN"} <= places, sorted(carried - {"VN"} - places)


def test_every_spelling_of_a_country_is_one_the_grammar_reads():
    """A country's spelling in ``countries.csv`` that the organizations' grammar lacks is read as a
    place of figures but not after a title or a head ("Tổng thống Liban Michel Aoun" gave the name
    "Liban Michel Aoun"): every one is a country of the grammar, a short form, or a prefixed name."""
    from pipeline.rules import patterns

    spec = patterns.load_yaml("organizations.yaml")
    known = {*spec["countries"], *spec["country_short"]}
    prefixes = tuple(prefix + " " for prefix in spec["country_prefixes"])
    missing = [row["name"] for row in patterns.load_csv("countries.csv")
               if row["iso"] and row["name"] not in known and not row["name"].startswith(prefixes)]
    assert missing == []

