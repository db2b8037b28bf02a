"""Percents ("26%", "27,9 %", "đạt 111,6% dự toán") and ratios ("tăng gấp hơn 9 lần").

Units and ratio rules are ``patterns/percents.yaml``; qualifiers, changes and
ranges ``patterns/qualifiers.yaml``. Matches go to ``doc.spans["percents"]`` with
kind "percent" (unit "%") or "ratio" (unit "lần").

    "tăng 7,3%"              -> percent 7.3, change increase
    "10-11%"                 -> percent 10, value_high 11
    "tăng gấp hơn 9 lần"     -> ratio 9, qualifier over, change increase
    "tăng gấp đôi"           -> ratio 2
    "lần thứ 4", "3 lần"     -> nothing (an ordinal; occasions are counts)
"""
from __future__ import annotations

import regex

from pipeline.component import ComponentSpec, Match, component
from pipeline.facts.figures import FIGURE_COLUMNS, FigureGrammar, qualifier_words
from pipeline.rules import patterns
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import AFTER, BEFORE, lower_case, phrases
from pipeline.rules.overlap import non_overlapping

SPEC = ComponentSpec(name="percents", span_key="percents", label="PERCENT", columns=FIGURE_COLUMNS,
                     reads=("doc._.numbers",), assigns=("doc.spans[percents]",))


@component(SPEC)
class PercentFinder:
    """Finds percents and ratios in ``doc.text``."""

    def __init__(self):
        rules = patterns.load_yaml("percents.yaml")
        self.percent_units = {"".join(k.lower().split()): v for k, v in rules["percent_units"].items()}
        units = "|".join(
            (r"\s*".join(map(regex.escape, u.split())) + (AFTER if u[-1].isalpha() else ""))
            for u in sorted(rules["percent_units"], key=len, reverse=True))
        per = rf"(?:\s*/\s*(?P<per>(?i:{phrases(rules['per_units'])})){AFTER})?"
        self.percent = FigureGrammar(rf"(?i:{units})", tail=per, unit_spellings=rules["percent_units"])
        self.percent_words = tuple({u.split()[-1].lower() for u in rules["percent_units"]})
        self.ratio_unit = rules["ratio_unit"]
        # "lần" beside an alternative that never matches: a lone word is a string that regex, to try
        # the unit after a number, first looks for through the rest of the text (ten times slower)
        self.ratio = FigureGrammar(rf"(?:(?i:{regex.escape(self.ratio_unit)}){AFTER}|(?!))", times=True,
                                   unit_optional=True, unit_spellings=(self.ratio_unit,))
        # the same trap: "so" is all of its words' start, which regex would look for to the text's end
        self.compare_after = compiled(regex, rf"\s+(?:(?i:{phrases(rules['ratio_compare_after'])}){AFTER}|(?!))")
        self.times_words = {k.lower(): v for k, v in rules["times_words"].items()}
        change = phrases(qualifier_words()["change"])
        self.times_word = compiled(regex,
            rf"{BEFORE}(?:(?P<change>(?i:{change}))\s+)?(?i:gấp)\s+(?P<word>(?i:{phrases(self.times_words)})){AFTER}")
        # its words from "gấp" on, without which it is nowhere: found at once where the whole pattern,
        # its change words first, is tried at every character
        self.times_core = compiled(regex, rf"(?i:gấp)\s+(?i:{phrases(self.times_words)}){AFTER}")

    def __call__(self, doc) -> list[Match]:
        text, numbers = doc.text, doc._.numbers
        lowered = lower_case(text)   # for the unit words both grammars require (the number pass lower-cased it)
        found = []
        for figure in self.percent.finditer(text, numbers, self.percent_words, lowered):
            unit = self.percent_units["".join(figure.unit.lower().split())]
            found.append(Match(figure.start, figure.end, {
                "kind": "percent", "value": figure.value, "value_high": figure.value_high, "unit": unit,
                "qualifier": figure.qualifier, "per": figure.groups.get("per"), "change": figure.change}, rule="number+percent"))
        for figure in self.ratio.finditer(text, numbers, (self.ratio_unit, "gấp"), lowered):
            compares = figure.groups.get("times") or figure.change or (
                figure.unit and self.compare_after.match(text, figure.end))
            if not compares or (not figure.unit and not figure.groups.get("times")):
                continue
            found.append(Match(figure.start, figure.end, {
                "kind": "ratio", "value": figure.value, "value_high": figure.value_high, "unit": self.ratio_unit,
                "qualifier": figure.qualifier, "per": None, "change": figure.change}, rule="number+lần"))
        words = qualifier_words()
        for m in self.times_word.finditer(text) if "gấp" in lowered and self.times_core.search(text) else ():
            change = words["change"][" ".join(m.group("change").lower().split())] if m.group("change") else None
            found.append(Match(m.start(), m.end(), {
                "kind": "ratio", "value": self.times_words[m.group("word").lower()], "value_high": None,
                "unit": self.ratio_unit, "qualifier": words["default"], "per": None, "change": change},
                rule="gấp+word"))
        return non_overlapping(found, prefer=lambda m: (m.start, -(m.end - m.start)))
