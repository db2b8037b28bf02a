"""Checks on amounts before they are summed (``patterns/checks.yaml``): the ``flags`` of a fact.

    implausible_amount   larger than any real figure in its currency (10^16 VND, 10^13 USD)
    outlier_1000x        1,000 times the median of the article's other amounts of the same
                         unit and metric (a "tỷ" typed for "triệu")
    implausible_rate     a price per unit above any real one ("62.147 USD/thùng": a decimal point read as
                         the Vietnamese thousands separator)

    >>> flag_amounts(matches)       # sets match.data["flags"] ("; "-joined) where one applies
"""
from __future__ import annotations

import bisect
from collections import defaultdict

from pipeline.component import Match
from pipeline.rules import patterns


def flag_amounts(matches: list[Match]) -> None:
    """Set ``flags`` on the money matches that fail a check (None on the others)."""
    data = patterns.load_yaml("checks.yaml")
    ceilings = data["implausible_above"]
    peers = defaultdict(list)   # (unit, metric) -> values of the article's money amounts
    for match in matches:
        match.data.setdefault("flags", None)
        if match.data.get("kind") == "money" and isinstance(match.data.get("value"), (int, float)):
            peers[match.data.get("unit"), match.data.get("metric")].append(match.data["value"])
    for values in peers.values():
        values.sort()
    for match in matches:
        value = match.data.get("value")
        if match.data.get("kind") != "money" or not isinstance(value, (int, float)):
            continue
        flags = []
        if value > float(ceilings.get(match.data.get("unit"), ceilings["other"])):
            flags.append("implausible_amount")
        per = (match.data.get("per") or "").split("/")[-1].strip().lower()
        if value > float(data["implausible_per"].get(match.data.get("unit"), {}).get(per, float("inf"))):
            flags.append("implausible_rate")
        others = peers[match.data.get("unit"), match.data.get("metric")]
        if len(others) >= 3 and value >= data["outlier_factor"] * median_without(others, value) > 0:
            flags.append("outlier_1000x")
        match.data["flags"] = "; ".join(flags) or None


def median_without(ordered: list, value) -> float:
    """The median of a sorted list with one ``value`` taken out, without copying it."""
    skip = bisect.bisect_left(ordered, value)

    def at(k: int):
        return ordered[k if k < skip else k + 1]

    count = len(ordered) - 1
    middle = count // 2
    return at(middle) if count % 2 else (at(middle - 1) + at(middle)) / 2
