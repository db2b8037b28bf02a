"""One figure, many reports: the ``figure_id`` of facts that state the same figure.

The same annual total is reported by the province's paper, the national press and a
follow-up, rounded differently ("25,7 triệu USD", "25.761.306 USD"). Money facts with the
same subject, period, metric and unit (no change, no rate, no flag) whose values are equal
within the rounding their text shows share a ``figure_id``: "25,7 triệu" stands for any
amount from 25,6 to 25,8 million (one unit of its last digit either way: the press rounds
and also cuts digits off), which holds 25.761.306.

    >>> precision("khoảng 25,7 triệu USD")
    100000.0
    >>> figure_ids(rows)           # row number -> id, for the rows that are summable money

Set when a run ends, so that it spans every article of the run: the final CSV table is written
with its ids (:func:`figure_id_cells`, from its parts read once before,
:func:`pipeline.output.parts.finalize`); a Parquet one is rewritten (:func:`add_figure_ids`).
``tintrich facts`` sums one value per figure.
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path

import regex

from pipeline.output.files import atomic_file
from pipeline.rules.numbers import vocabulary

#: the table and the column of the ids
TABLE, COLUMN = "facts", "figure_id"
KEY = ("kind", "subject", "period", "metric", "unit")
#: the columns :func:`figure_ids` reads
READ = (*KEY, "value", "text", "change", "per", "flags")
NUMBER = regex.compile(r"(?<![\p{L}\p{N}])\d+(?:[.,]\d+)*")
#: digits grouped by thousands with commas ("25,761,306"): the commas are no decimal mark
THOUSANDS = regex.compile(r"\d{1,3}(?:,\d{3})+")


def precision(text: str) -> float:
    """The rounding an amount's text shows, in the unit of its value: "25,7 triệu" -> 100000,
    "25.761.306" -> 1, "hai triệu" -> 1000000 (a written-out number is as precise as its scale)."""
    scales = vocabulary().scales
    words = text.lower().split()
    scale = 1.0
    for word in words:   # "3 nghìn tỷ": the scale words multiply
        if word in scales:
            scale *= float(scales[word])
    number = NUMBER.search(text)
    if number is None:
        return scale
    digits = number.group()
    decimals = len(digits.rsplit(",", 1)[1]) if "," in digits and not THOUSANDS.fullmatch(digits) else 0
    return scale * 10.0 ** -decimals


def figure_ids(rows) -> dict[int, str]:
    """Row number -> the id of the figure the row states, for the rows (dicts of a facts
    table, read one by one) that are summable money; the other rows have none."""
    return _ids(enumerate(rows))


def fills(table: str, header: list[str]) -> bool:
    """True for the table whose ``figure_id`` column is filled when a run ends."""
    return table == TABLE and COLUMN in header


def figure_id_cells(records, header: list[str]) -> dict[int, str]:
    """The ``figure_id`` cells to write in CSV records (lists of cells in ``header`` order, empty
    for none), by row number: the id of each row that has one (:func:`figure_ids`; only the money
    rows are read further), and an empty cell where a record holds a value but has no id."""
    at, kind = header.index(COLUMN), header.index("kind") if "kind" in header else None
    read = [(name, column) for column, name in enumerate(header) if name in READ]
    stale = []

    def money():
        for number, record in enumerate(records):
            if record[at]:
                stale.append(number)
            if kind is not None and record[kind] == "money":
                yield number, {name: record[column] or None for name, column in read}

    ids = _ids(money())
    return {**dict.fromkeys(stale, ""), **ids}


def _ids(numbered) -> dict[int, str]:
    """Row number -> figure id, from (row number, row) pairs in the table's order."""
    groups: dict[tuple, list] = {}
    for number, row in numbered:
        value = _number(row.get("value"))
        key = tuple(row.get(column) for column in KEY)
        if value is not None and _summable(row) and not any(_missing(part) for part in key):
            groups.setdefault(key, []).append((number, value, precision(row.get("text") or "")))
    ids = {}
    for key, members in groups.items():
        for cluster in _clusters(members):
            exact = min(cluster, key=lambda member: member[2])[1]   # the most precise value
            digest = hashlib.sha1(repr((*key, float(exact))).encode("utf-8")).hexdigest()[:12]
            ids.update((number, digest) for number, _, _ in cluster)
    return ids


def _clusters(members: list):
    """Members (row number, value, rounding) in runs whose ranges value ± rounding overlap."""
    cluster, reach = [], -math.inf
    for member in sorted(members, key=lambda member: member[1] - member[2]):
        if cluster and member[1] - member[2] > reach:
            yield cluster
            cluster, reach = [], -math.inf
        cluster.append(member)
        reach = max(reach, member[1] + member[2])
    if cluster:
        yield cluster


def _summable(row: dict) -> bool:
    return (row.get("kind") == "money" and all(_filled(row.get(c)) for c in ("subject", "period", "unit"))
            and not any(_filled(row.get(c)) for c in ("change", "per", "flags")))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _filled(value) -> bool:
    return not _missing(value) and str(value).strip() != ""


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def add_figure_ids(outdir) -> None:
    """Fill the ``figure_id`` column of a finished run's Parquet facts table (a CSV one is written
    with its ids)."""
    path = Path(outdir) / f"{TABLE}.parquet"
    if not path.is_file():
        return
    import pandas as pd

    facts = pd.read_parquet(path)
    ids = figure_ids(facts[[c for c in READ if c in facts]].to_dict("records"))
    facts[COLUMN] = pd.array([ids.get(number) for number in range(len(facts))], dtype="string")
    with atomic_file(path, "wb") as handle:
        facts.to_parquet(handle, index=False)
