"""What each money figure is about, compared with gold as right, wrong or empty.

For every gold money item that carries an attribute (``subject``, ``subject_scope``,
``period``, ``metric``, ``donor``), the facts rows of the same value and currency are
looked up (a figure the pipeline missed is counted apart, as ``missing``). The
attribute is *right* when every value the rows give equals the gold (an empty gold
and empty rows are right too), *wrong* when a row gives a different, non-empty value,
and *empty* when the rows give nothing though the gold has a value:

    gold subject "Quảng Trị", rows ["Quảng Trị", "Quảng Trị"]  -> right
    gold subject "Quảng Trị", rows ["Việt Nam"]                 -> wrong
    gold period  "2024",      rows [None]                       -> empty

Donors are compared as organizations (:mod:`pipeline.evaluate.identity`): "JICA" names
the gold donor "Cơ quan Hợp tác Quốc tế Nhật Bản" when the gold lists it as an alias.
"""
from __future__ import annotations

import functools
from collections import Counter

from pipeline.evaluate.identity import Body, org_key, same_body
from pipeline.facts.subjects import country_codes
from pipeline.rules import patterns

ATTRIBUTES = ("subject", "subject_scope", "period", "metric", "donor")
OUTCOMES = ("right", "wrong", "empty", "missing")


def _number(value) -> float | None:
    try:
        return round(float(value), 4)
    except (TypeError, ValueError):
        return None


def _present(value):
    return None if value is None or value == "" or (isinstance(value, float) and value != value) else value


def _keys_of(names, bodies: dict[str, Body]) -> list[set[str]]:
    """For each name of a "; "-joined list, the keys of its body (gold) or of itself."""
    found = []
    for name in str(names).split(";"):
        name = name.strip()
        if name:
            body = bodies.get(name)
            found.append(body.keys if body else {org_key(name)} - {None})
    return found


def _country(name) -> str | None:
    """The ISO code of a country written in any of the press's spellings (``patterns/countries.csv``; a region has none)."""
    return country_codes().get(str(name).strip())


#: the keys a company's full name opens with (``org_key``: in lower case)
_COMPANY_HEADS = ("công ty ", "tập đoàn ", "tổng công ty ", "ngân hàng ")


def _brand_of(gold: str, predicted: str) -> bool:
    """Whether a gold subject written as a company's brand of two words or more names the company the tool gives by its
    full name: "Bảo Tín Minh Châu" is "Công ty TNHH Vàng bạc đá quý Bảo Tín Minh Châu" (the tool's name, from
    ``patterns/acronyms.csv``), as its organizations are compared by the text they were read from."""
    return (" " in gold and gold not in _place_keys() and predicted.startswith(_COMPANY_HEADS)
            and predicted.endswith(" " + gold))


@functools.lru_cache(maxsize=1)
def _place_keys() -> frozenset[str]:
    """The keys of the provinces' and countries' names: a place is never a company's brand ("Ngân hàng TMCP Hà Nội")."""
    names = [row["name"] for row in patterns.load_csv("provinces.csv")] + list(country_codes())
    return frozenset(filter(None, map(org_key, names)))


def _same_value(attribute: str, gold, predicted, bodies: dict[str, Body]) -> bool:
    if attribute == "donor":
        wanted, given = _keys_of(gold, bodies), _keys_of(predicted, bodies)
        return len(wanted) == len(given) and all(any(any(same_body(a, b) for a in w for b in g) for g in given)
                                                 for w in wanted)
    if attribute == "subject":
        if _country(gold) is not None and _country(gold) == _country(predicted):   # "Liban" is "Li-băng"
            return True
        a, b = org_key(gold), org_key(predicted)
        return a is not None and b is not None and (same_body(a, b) or _brand_of(a, b))
    return str(gold).strip() == str(predicted).strip()


def outcome(attribute: str, gold, values: list, bodies: dict[str, Body]) -> str:
    """right, wrong or empty for one gold item, given the attribute's values of its rows."""
    gold = _present(gold)
    given = [v for v in map(_present, values) if v is not None]
    if not given:
        return "right" if gold is None else "empty"
    if gold is not None and all(_same_value(attribute, gold, value, bodies) for value in given):
        return "right"
    return "wrong"


def donor_pairs(gold, values: list, bodies: dict[str, Body]) -> tuple[int, int, int]:
    """(tp, fp, fn) of the donors of one money item."""
    wanted = _keys_of(gold, bodies) if _present(gold) else []
    given = [keys for value in values if _present(value) for keys in _keys_of(value, bodies)]
    unique = []
    for keys in given:   # the same donor on the headline's and the body's mention counts once
        if not any(any(same_body(a, b) for a in keys for b in other) for other in unique):
            unique.append(keys)
    tp = sum(any(any(same_body(a, b) for a in w for b in g) for g in unique) for w in wanted)
    matched = sum(any(any(same_body(a, b) for a in g for b in w) for w in wanted) for g in unique)
    return tp, len(unique) - matched, len(wanted) - tp


def compare(gold: dict, facts: list[dict], bodies: list[Body]) -> tuple[dict[str, Counter], list[int]]:
    """Outcomes per attribute over one article's gold money items, and donor (tp, fp, fn)."""
    by_name = {body.name: body for body in bodies}
    money = [row for row in facts if row.get("kind") == "money"]
    outcomes = {attribute: Counter() for attribute in ATTRIBUTES}
    donors = [0, 0, 0]
    items = gold.get("money", [])
    for item in items:
        key = (_number(item.get("value")), item.get("currency"))
        rows = [row for row in money if (_number(row.get("value")), row.get("unit")) == key]
        twins = [other for other in items if other is not item and (_number(other.get("value")), other.get("currency")) == key]
        for attribute in ATTRIBUTES:
            if attribute not in item:
                continue
            if not rows:
                outcomes[attribute]["missing"] += 1
                continue
            values = [r.get(attribute) for r in rows]
            # the same amount twice in the gold ("tăng 4,9 triệu USD" and "cam kết 4,9 triệu USD"):
            # a value that is a twin's own is that twin's row, not this item's
            values = [v for v in values if not any(_present(v) is not None and _present(t.get(attribute)) is not None
                                                   and _same_value(attribute, t[attribute], v, by_name) for t in twins)
                      or _present(item.get(attribute)) is not None and _same_value(attribute, item[attribute], v, by_name)]
            outcomes[attribute][outcome(attribute, item[attribute], values, by_name)] += 1
        if "donor" in item and rows:
            for number, count in enumerate(donor_pairs(item["donor"], [r.get("donor") for r in rows], by_name)):
                donors[number] += count
    return outcomes, donors
