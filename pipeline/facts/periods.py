"""Periods: the year, range, half, quarter or month a figure refers to (``patterns/periods.yaml``).

    >>> find_periods("Từ năm 2020 đến 2022, đã có")[0]["period"]
    '2020-2022'

Values: ``2022``, ``2019-2022``, ``2023-H1``, ``2023-Q1``, ``2023-06``, ``2024-01/2024-09``.
A period without its year ("6 tháng đầu năm") takes the reference year of the doc;
a baseline ("so với năm 2022") is marked and never a figure's period.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.facts.sentences import Sentences
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, phrases
from pipeline.rules.overlap import non_overlapping

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass
class Period:
    """A period mention: offsets, normalized value (None if its year is unknown), baseline flag."""

    start: int
    end: int
    period: str | None
    baseline: bool
    rule: str


@patterns.resource
def _period_rules():
    data = patterns.load_yaml("periods.yaml")
    rules = [(r["name"], regex.compile(BEFORE + "(?:" + r["pattern"] + ")" + AFTER, regex.IGNORECASE))
             for r in data["rules"]]
    baseline = regex.compile(r"(?<![\p{L}])(?:" + phrases(data["baseline_before"]) + r")\s*$", regex.IGNORECASE)
    return rules, baseline, data


def _period_value(name: str, groups: dict, year: int | None, data: dict) -> str | None:
    y1 = int(groups["y1"]) if groups.get("y1") else year
    if name == "this_year":
        return str(year) if year else None
    if name in ("from_to_years", "year_range"):
        y2 = int(groups["y2"]) if groups.get("y2") else (year if groups.get("now") else None)
        if y2 is None or not y1 or y2 <= y1:
            return None
        return f"{y1}-{y2}"
    if y1 is None:
        return None
    if name == "months_of_year":
        n = groups["n"].lower()
        months = int(n) if n.isdigit() else data["spelled_months"].get(n)
        if not months or not 1 <= months <= 12:
            return None
        first = groups["part"].lower() == "đầu"
        if months == 6:
            return f"{y1}-H1" if first else f"{y1}-H2"
        if months == 3:
            return f"{y1}-Q1" if first else f"{y1}-Q4"
        return f"{y1}-01/{y1}-{months:02d}" if first else f"{y1}-{13 - months:02d}/{y1}-12"
    if name == "quarter":
        q = groups["q"].upper()
        return f"{y1}-Q{ROMAN.get(q) or int(q)}"
    if name == "month_year":
        month = int(groups["m"])
        return f"{y1}-{month:02d}" if 1 <= month <= 12 else None
    return str(y1)


def find_periods(text: str, year: int | None = None) -> list[dict]:
    """Period mentions in ``text``; ``year`` completes those without one ("6 tháng đầu năm").

    ``find_periods("Từ năm 2020 đến 2022, đã có")`` ->
    ``[{"period": "2020-2022", "baseline": False, "text": "Từ năm 2020 đến 2022", ...}]``
    """
    rules, baseline, data = _period_rules()
    candidates = []
    for order, (name, pattern) in enumerate(rules):
        for m in pattern.finditer(text):
            groups = m.groupdict()
            years = [int(groups[k]) for k in ("y1", "y2") if groups.get(k)]
            if any(not data["min_year"] <= y <= data["max_year"] for y in years):
                continue
            value = _period_value(name, groups, year, data)
            if value is None and name in ("from_to_years", "year_range") and len(years) == 2:
                continue  # "2025-2020" is not a period
            is_baseline = bool(baseline.search(text[max(0, m.start() - 30):m.start()]))
            candidates.append((order, Period(m.start(), m.end(), value, is_baseline, name)))
    kept = [period for _, period in non_overlapping(
        candidates, prefer=lambda c: (-(c[1].end - c[1].start), c[0]), span=lambda c: (c[1].start, c[1].end))]
    return [{"period": p.period, "baseline": p.baseline, "text": text[p.start:p.end], "start": p.start,
             "end": p.end, "rule": p.rule} for p in sorted(kept, key=lambda p: p.start)]


class Periods:
    """The periods of one doc (baselines left out), looked up by a figure's position."""

    def __init__(self, text: str, year: int | None, sentences: Sentences):
        self.text = text
        self.sentences = sentences
        self.found = [p for p in find_periods(text, year) if not p["baseline"]]
        self.by_sentence = sentences.group(self.found)
        # per sentence, the one period of the nearest earlier sentence of its paragraph that has one
        self.earlier = sentences.carry([_single({p["period"] for p in here if p["period"]})
                                        for here in self.by_sentence])

    def period(self, start: int, end: int) -> str | None:
        """The period of the figure at ``start:end``: one right after it, else the nearest before
        it in its sentence, else one after it, else the one period of an earlier sentence of its
        paragraph."""
        number = self.sentences.of(start)
        here = [p for p in self.by_sentence[number] if p["period"]]
        before = [p for p in here if p["end"] <= start]
        after = [p for p in here if p["start"] >= end]
        # a period right after the figure is its own: "giảm từ 39,14% năm 2022 xuống còn 31,05% năm 2023"
        if after and not self.text[end:after[0]["start"]].strip(" (\t"):
            return after[0]["period"]
        if before:
            return before[-1]["period"]
        if after:
            return after[0]["period"]
        return self.earlier[number]


def _single(values: set) -> str | None:
    return next(iter(values)) if len(values) == 1 else None
