"""Money amounts: value in the currency's unit, ISO currency, qualifier, change, rate.

Currency spellings are ``patterns/currencies.csv``; "đồng" traps and rate words are
``patterns/money.yaml``; qualifiers, changes and ranges ``patterns/qualifiers.yaml``.
The matches go to ``doc.spans["money"]``; ``pipeline.facts`` turns them into facts.

    "ước đạt 1,3 triệu USD"              -> 1300000 USD, estimated
    "khoảng 1,2 triệu USD/năm"           -> 1200000 USD, approx, per "năm"
    "tăng 4,9 triệu USD so với năm 2022" -> 4900000 USD, change increase
    "từ 5 đến 7 tỷ đồng"                 -> 5e9 VND, value_high 7e9
    "từ 5 tỷ đồng đến 7 tỷ đồng"         -> the same
"""
from __future__ import annotations

import functools

import regex

from pipeline import patterns
from pipeline.document import Match, extractor
from pipeline.extractors.numbers import FigureGrammar, _phrases

END = r"(?![\p{L}\p{N}])"


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
                source += END
            spellings[row["position"]].append((len(spelling), source))
        not_dong = "|".join(map(regex.escape, rules["dong_not_before"]))
        guard = rf"(?<!đồng)|(?<=đồng)(?!\s+(?:{not_dong}){END})"
        self.after = "(?:" + "|".join(s for _, s in sorted(spellings["after"], reverse=True)) + f")(?:{guard})"
        self.before = "(?:" + "|".join(s for _, s in sorted(spellings["before"], reverse=True)) + ")"
        self.before_spellings = {row["spelling"].lower() for row in patterns.load_csv("currencies.csv")
                                 if row["position"] == "before"}
        per_words = _phrases(rules["per_words"])
        markers = [m for m in rules["per_markers"] if m.isalpha()]
        self.per = (rf"(?:\s*/\s*(?P<per>(?:{per_words}){END}(?:\s*/\s*(?:{per_words}){END})*)"
                    rf"|\s+(?:{_phrases(markers)})\s+(?P<per_word>(?:{per_words}){END}))?")

    def code(self, spelling: str) -> str:
        spelling = " ".join(spelling.split())
        return self.codes.get(spelling) or self.codes[spelling.lower()]


def currency_code(spelling: str) -> str | None:
    """The ISO code of a currency as written: ``currency_code("đô la Mỹ")`` -> ``"USD"``."""
    currencies = _currencies()
    if not regex.fullmatch(currencies.after + "|" + currencies.before, spelling.strip()):
        return None
    return currencies.code(spelling)


@functools.lru_cache(maxsize=1)
def _currencies() -> Currencies:
    return Currencies()


@extractor("money", table="money", label="MONEY")
class MoneyFinder:
    """Finds money amounts in ``doc.text``."""

    def __init__(self):
        self.currencies = _currencies()
        self.grammars = [
            ("amount+currency", FigureGrammar(self.currencies.after, tail=self.currencies.per), ()),
            ("currency+amount", FigureGrammar(self.currencies.before, unit_first=True),
             tuple(self.currencies.before_spellings)),
        ]

    def __call__(self, doc) -> list[Match]:
        found: list[Match] = []
        for rule, grammar, required in self.grammars:
            for figure in grammar.finditer(doc.text, required):
                if any(figure.start < m.end and m.start < figure.end for m in found):
                    continue
                per = figure.groups.get("per") or figure.groups.get("per_word")
                found.append(Match(figure.start, figure.end, {
                    "kind": "money", "value": figure.value, "value_high": figure.value_high,
                    "unit": self.currencies.code(figure.unit), "qualifier": figure.qualifier,
                    "per": " ".join(per.split()).replace(" / ", "/") if per else None,
                    "change": figure.change,
                }, rule=rule))
        return sorted(found, key=lambda m: m.start)
