"""Provinces and centrally-run cities, before and after the July 2025 merger.

The gazetteer is ``patterns/provinces.csv`` (63 units with codes, the unit of the
34 each joined, spelling variants); matching rules are in ``patterns/provinces.yaml``.
A name matches as a place, with or without "tỉnh"/"thành phố"/"TP.", but not
inside a person's name ("Nguyễn Thái Bình") nor a longer proper name
("Thái Bình Dương").

    "UBND tỉnh Thái Bình"  -> name "Thái Bình", code "34", name_2025 "Hưng Yên"
    "TP.HCM"               -> name "Hồ Chí Minh", code "79"
"""
from __future__ import annotations

import regex

from pipeline import patterns
from pipeline.document import Match, extractor


def _name_pattern(name: str) -> str:
    """A regex for one spelling: spaces match any run of spaces, dashes any dash."""
    pieces = regex.split(r"\s*[-–—]\s*", name)
    parts = [r"\s+".join(regex.escape(word) for word in piece.split()) for piece in pieces]
    return r"\s*[-–—]\s*".join(parts)


@extractor("provinces", table="provinces", label="PROVINCE")
class ProvinceGazetteer:
    """Finds province mentions in ``doc.text``."""

    def __init__(self):
        rules = patterns.load_yaml("provinces.yaml")
        self.units = {}
        spellings = {}
        for row in patterns.load_csv("provinces.csv"):
            self.units[row["name"]] = row
            for spelling in [row["name"], *filter(None, row["variants"].split("|"))]:
                spellings[spelling] = row["name"]
        self.spellings = {regex.sub(r"\s*[-–—]\s*", "-", s): n for s, n in spellings.items()}
        names = sorted(spellings, key=len, reverse=True)
        prefixes = sorted(rules["prefixes"], key=len, reverse=True)
        self.pattern = regex.compile(
            r"(?<![\p{L}\p{N}])(?P<prefix>(?:" + "|".join(map(regex.escape, prefixes)) + r")\s*)?"
            r"(?P<name>" + "|".join(_name_pattern(n) for n in names) + r")(?![\p{L}\p{N}])"
        )
        self.person_words = set(rules["person_name_words"])
        self.longer_name_words = set(rules["longer_name_next_words"])

    def canonical(self, spelling: str) -> str:
        key = regex.sub(r"\s*[-–—]\s*", "-", " ".join(spelling.split()))
        return self.spellings[key]

    def is_place(self, text: str, m: regex.Match) -> bool:
        """False where the name is part of a person's or a longer proper name."""
        if m.group("prefix"):
            return True
        before = text[max(0, m.start() - 20):m.start()].split()
        if before and before[-1] in self.person_words and text[m.start() - 1] == " ":
            return False
        after = text[m.end():m.end() + 20].split()
        if after and text[m.end():m.end() + 1] == " " and after[0] in self.longer_name_words:
            return False
        return True

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        found = []
        for m in self.pattern.finditer(text, timeout=patterns.PATTERN_TIMEOUT):
            if not self.is_place(text, m):
                continue
            unit = self.units[self.canonical(m.group("name"))]
            found.append(Match(m.start(), m.end(), {
                "name": unit["name"],
                "code": unit["code"],
                "name_2025": unit["name_2025"],
                "code_2025": unit["code_2025"],
                "kind": unit["kind"],
            }, rule="gazetteer+prefix" if m.group("prefix") else "gazetteer"))
        return found
