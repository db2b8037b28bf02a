"""Percents ("26%", "27,9 %", "đạt 111,6% dự toán") and ratios ("tăng gấp hơn 9 lần").

Units and ratio rules are ``patterns/percents.yaml``; qualifiers, changes and
ranges ``patterns/qualifiers.yaml``. Matches go to ``doc.spans["percents"]`` with
kind "percent" (unit "%") or "ratio" (unit "lần").

    "tăng 7,3%"              -> percent 7.3, change increase
    "10-11%"                 -> percent 10, value_high 11
    "tăng gấp hơn 9 lần"     -> ratio 9, qualifier over, change increase
    "tăng gấp đôi"           -> ratio 2
    "lần thứ 4", "3 lần"     -> nothing (an ordinal; occasions, not a comparison)
"""
from __future__ import annotations

import regex

from pipeline import patterns
from pipeline.document import Match, extractor
from pipeline.extractors.numbers import FigureGrammar, _phrases, qualifier_words

END = r"(?![\p{L}\p{N}])"


@extractor("percents", table="percents", label="PERCENT")
class PercentFinder:
    """Finds percents and ratios in ``doc.text``."""

    def __init__(self):
        rules = patterns.load_yaml("percents.yaml")
        self.percent_units = {"".join(k.lower().split()): v for k, v in rules["percent_units"].items()}
        units = "|".join(
            (r"\s*".join(map(regex.escape, u.split())) + (END if u[-1].isalpha() else ""))
            for u in sorted(rules["percent_units"], key=len, reverse=True))
        self.percent = FigureGrammar(rf"(?i:{units})")
        self.percent_words = tuple({u.split()[-1].lower() for u in rules["percent_units"]})
        self.ratio_unit = rules["ratio_unit"]
        self.ratio = FigureGrammar(rf"(?i:{regex.escape(self.ratio_unit)}){END}", times=True, unit_optional=True)
        self.compare_after = regex.compile(rf"\s+(?i:{_phrases(rules['ratio_compare_after'])}){END}")
        self.times_words = {k.lower(): v for k, v in rules["times_words"].items()}
        change = _phrases(qualifier_words()["change"])
        self.times_word = regex.compile(
            rf"(?<![\p{{L}}\p{{N}}])(?:(?P<change>(?i:{change}))\s+)?(?i:gấp)\s+(?P<word>(?i:{_phrases(self.times_words)})){END}")

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        found = []
        for figure in self.percent.finditer(text, self.percent_words):
            unit = self.percent_units["".join(figure.unit.lower().split())]
            found.append(Match(figure.start, figure.end, {
                "kind": "percent", "value": figure.value, "value_high": figure.value_high, "unit": unit,
                "qualifier": figure.qualifier, "per": None, "change": figure.change}, rule="number+percent"))
        for figure in self.ratio.finditer(text, (self.ratio_unit, "gấp")):
            compares = figure.groups.get("times") or figure.change or (
                figure.unit and self.compare_after.match(text, figure.end))
            if not compares or (not figure.unit and not figure.groups.get("times")):
                continue
            found.append(Match(figure.start, figure.end, {
                "kind": "ratio", "value": figure.value, "value_high": figure.value_high, "unit": self.ratio_unit,
                "qualifier": figure.qualifier, "per": None, "change": figure.change}, rule="number+lần"))
        words = qualifier_words()
        for m in self.times_word.finditer(text, timeout=patterns.PATTERN_TIMEOUT):
            change = words["change"][" ".join(m.group("change").lower().split())] if m.group("change") else None
            found.append(Match(m.start(), m.end(), {
                "kind": "ratio", "value": self.times_words[m.group("word").lower()], "value_high": None,
                "unit": self.ratio_unit, "qualifier": words["default"], "per": None, "change": change},
                rule="gấp+word"))
        taken: list[Match] = []
        for match in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
            if all(match.start >= t.end or match.end <= t.start for t in taken):
                taken.append(match)
        return taken
