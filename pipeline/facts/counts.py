"""Counts: a number followed by a counted noun, with the noun as the unit.

The nouns are ``patterns/counted_nouns.txt``; what is not a count (document
numbers, ordinals, years, codes) is ``patterns/counts.yaml``. Figures already read
as money or dates are skipped. Matches go to ``doc.spans["counts"]``.

    "59 tổ chức phi chính phủ nước ngoài" -> 59, unit "tổ chức"
    "05 Hội thành viên"                   -> 5, unit "hội"
    "11 dự án của 7 tổ chức"              -> 11 "dự án" and 7 "tổ chức"
    "145/151 xã"                          -> 145 "xã", and the total 151 "xã" (rule fraction_total)
    "6,45 điểm"                           -> nothing (not a whole number: a score)
    "lần thứ 4", "số 57-KH/TU", "năm 2022 tổ chức" -> nothing
"""
from __future__ import annotations

import regex

from pipeline.component import ComponentSpec, Match, component
from pipeline.facts.figures import FIGURE_COLUMNS, FigureGrammar
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, phrases
from pipeline.rules.numbers import is_spelled_alone, parse_digits
from pipeline.rules.overlap import Taken

SPEC = ComponentSpec(name="counts", span_key="counts", label="COUNT", columns=FIGURE_COLUMNS,
                     reads=("doc.spans[money]", "doc.spans[dates]", "doc._.numbers"), assigns=("doc.spans[counts]",))


@component(SPEC)
class CountFinder:
    """Finds counts of things in ``doc.text``."""

    def __init__(self):
        rules = patterns.load_yaml("counts.yaml")
        nouns = patterns.load_words("counted_nouns.txt")
        self.units = {" ".join(noun.lower().split()): noun for noun in nouns}
        self.grammar = FigureGrammar(rf"(?i:{phrases(nouns)}){AFTER}", fraction=True)
        self.not_after = regex.compile(rf"{BEFORE}(?i:{phrases(rules['not_after'])})\s*$")
        self.exceptions = regex.compile(rf"{BEFORE}(?i:{phrases(rules['not_after_exceptions'])})\s*$")
        self.glued = set(rules["not_glued_after"])
        self.first_year, self.last_year = rules["year_range"]
        self.bare_number = regex.compile(r"\d{4}")

    def is_year(self, text: str | None) -> bool:
        return bool(text) and bool(self.bare_number.fullmatch(text)) and self.first_year <= int(text) <= self.last_year

    def is_count(self, text: str, figure) -> bool:
        low = figure.groups["low"]
        if figure.low_start and text[figure.low_start - 1] in self.glued:
            return False
        before = text[max(0, figure.start - 40):figure.start]
        if (self.not_after.search(before)
                and not self.exceptions.search(before)):
            return False
        if figure.value != int(figure.value):
            return False
        if self.is_year(low) or self.is_year(figure.groups.get("high")):
            return False
        return not is_spelled_alone(low)

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        taken = Taken.covering((s.start_char, s.end_char) for key in ("money", "dates") if key in doc.spans
                               for s in doc.spans[key])
        found = []
        for figure in self.grammar.finditer(text, doc._.numbers):
            if taken.overlaps(figure.start, figure.end):
                continue
            if not self.is_count(text, figure):
                continue
            unit = self.units[" ".join(figure.unit.lower().split())]
            row = {"kind": "count", "value": figure.value, "value_high": figure.value_high, "unit": unit,
                   "qualifier": figure.qualifier, "per": None, "change": figure.change}
            total = parse_digits(figure.groups["of"]) if figure.groups.get("of") else None
            found.append(Match(figure.start, figure.end, row, rule="fraction" if total else "number+noun"))
            if total is not None and total > figure.value:
                found.append(Match(figure.spans["of"][0], figure.end, {**row, "value": total, "qualifier": "exact",
                                                                       "change": None}, rule="fraction_total"))
        return found
