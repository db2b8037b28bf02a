"""Money amounts: value in the currency's unit, ISO currency, qualifier, change, rate.

Currency spellings are ``patterns/currencies.csv``; "đồng" traps and rate words are
``patterns/money.yaml``; qualifiers, changes and ranges ``patterns/qualifiers.yaml``.
The matches go to ``doc.spans["money"]``; :mod:`pipeline.facts.attribution` turns them into facts.

    "ước đạt 1,3 triệu USD"              -> 1300000 USD, estimated
    "khoảng 1,2 triệu USD/năm"           -> 1200000 USD, approx, per "năm"
    "tăng 4,9 triệu USD so với năm 2022" -> 4900000 USD, change increase
    "từ 5 đến 7 tỷ đồng"                 -> 5e9 VND, value_high 7e9
    "từ 5 tỷ đồng đến 7 tỷ đồng"         -> the same
"""
from __future__ import annotations

import regex

from pipeline.component import ComponentSpec, Match, component
from pipeline.facts.figures import FIGURE_COLUMNS, FigureGrammar
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, phrases
from pipeline.rules.overlap import non_overlapping

SPEC = ComponentSpec(name="money", span_key="money", label="MONEY", columns=FIGURE_COLUMNS,
                     reads=("doc._.numbers",), assigns=("doc.spans[money]",))


class Currencies:
    """Spelling -> ISO code, and the regex sources for currencies after and before a figure."""

    def __init__(self):
        rules = patterns.load_yaml("money.yaml")
        self.codes: dict[str, str] = {}
        spellings = {"after": [], "before": []}
        for row in patterns.load_csv("currencies.csv"):
            spelling = row["spelling"]
            self.codes[spelling] = row["code"]
            if row["case"] == "any":
                self.codes.setdefault(spelling.lower(), row["code"])
            source = r"\s+".join(map(regex.escape, spelling.split()))
            if row["case"] == "any":
                source = f"(?i:{source})"
            if spelling[-1].isalnum():
                source += AFTER
            spellings[row["position"]].append((len(spelling), source))
        not_dong = "|".join(map(regex.escape, rules["dong_not_before"]))
        # "5 đồng chí" is no money, "6,3 tỷ đồng tiền ủng hộ" is: after a scale word or a grouped
        # number "đồng" is the currency whatever follows
        scaled = phrases(rules["dong_always_after"])
        guard = (rf"(?<!đồng)|(?<=(?:(?<![\p{{L}}])(?i:{scaled})|\d[.,]\d{{3}})\s*đồng)"
                 rf"|(?<=đồng)(?!\s+(?:{not_dong}){AFTER})")
        self.after = "(?:" + "|".join(s for _, s in sorted(spellings["after"], reverse=True)) + f")(?:{guard})"
        self.before = "(?:" + "|".join(s for _, s in sorted(spellings["before"], reverse=True)) + ")"
        self.before_spellings = {row["spelling"].lower() for row in patterns.load_csv("currencies.csv")
                                 if row["position"] == "before"}
        per_words = phrases(rules["per_words"])
        markers = [m for m in rules["per_markers"] if m.isalpha()]
        self.per = (rf"(?:\s*/\s*(?P<per>(?:{per_words}){AFTER}(?:\s*/\s*(?:{per_words}){AFTER})*)"
                    rf"|\s+(?:{phrases(markers)})\s+(?P<per_word>(?:{per_words}){AFTER}))?")

    def code(self, spelling: str) -> str:
        spelling = " ".join(spelling.split())
        return self.codes.get(spelling) or self.codes[spelling.lower()]


@patterns.resource
def currencies() -> Currencies:
    return Currencies()


@component(SPEC)
class MoneyFinder:
    """Finds money amounts in ``doc.text``."""

    def __init__(self):
        self.currencies = currencies()
        self.grammars = [
            ("amount+currency", FigureGrammar(self.currencies.after, tail=self.currencies.per), ()),
            ("currency+amount", FigureGrammar(self.currencies.before, unit_first=True),
             tuple(self.currencies.before_spellings)),
        ]

    def __call__(self, doc) -> list[Match]:
        found = [(order, figure, rule) for order, (rule, grammar, required) in enumerate(self.grammars)
                 for figure in grammar.finditer(doc.text, doc._.numbers, required)]
        kept = non_overlapping(found, prefer=lambda c: (c[0], c[1].start), span=lambda c: (c[1].start, c[1].end))
        return sorted((self.match(figure, rule) for _, figure, rule in kept), key=lambda m: m.start)

    def match(self, figure, rule: str) -> Match:
        per = figure.groups.get("per") or figure.groups.get("per_word")
        return Match(figure.start, figure.end, {
            "kind": "money", "value": figure.value, "value_high": figure.value_high,
            "unit": self.currencies.code(figure.unit), "qualifier": figure.qualifier,
            "per": " ".join(per.split()).replace(" / ", "/") if per else None,
            "change": figure.change,
        }, rule=rule)
