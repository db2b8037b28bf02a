"""One figure, many reports: the ``figure_id`` of facts that state the same figure.

The same annual total is reported by the province's paper, the national press and a
follow-up, rounded differently ("25,7 triệu USD", "25.761.306 USD"). Money facts with the
same subject, period, metric and unit (no change, no rate, no flag) whose values are equal
within the rounding their text shows share a ``figure_id``: "25,7 triệu" stands for any
amount from 25,6 to 25,8 million (one unit of its last digit either way: the press rounds
and also cuts digits off), which holds 25.761.306.

    >>> precision("khoảng 25,7 triệu USD")
    100000.0
    >>> figure_ids(facts)          # a Series beside ``facts``: an id, or None

Set when a run ends (:func:`add_figure_ids` rewrites ``facts``), so that it spans every
article of the run; ``tintrich facts`` sums one value per figure.
"""
from __future__ import annotations

import csv
import hashlib
import math
from pathlib import Path

import pandas as pd
import regex

from pipeline.output.csvfile import CsvWriter
from pipeline.output.files import atomic_file
from pipeline.rules.numbers import vocabulary

KEY = ("kind", "subject", "period", "metric", "unit")
NUMBER = regex.compile(r"(?<![\p{L}\p{N}])\d+(?:[.,]\d+)*")


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
    decimals = len(digits.rsplit(",", 1)[1]) if "," in digits and not regex.fullmatch(r"\d{1,3}(?:,\d{3})+", digits) else 0
    return scale * 10.0 ** -decimals


def figure_ids(facts: pd.DataFrame) -> pd.Series:
    """Per row, the id of the figure it states (None for rows that are no summable money)."""
    ids = pd.Series(None, index=facts.index, dtype=object)
    eligible = facts[_summable(facts)]
    for key, group in eligible.groupby(list(KEY), sort=False):
        low = group["value"] - group["text"].map(precision)
        high = group["value"] + group["text"].map(precision)
        order = group.assign(_low=low, _high=high).sort_values("_low", kind="stable")
        cluster, reach = [], -math.inf
        for index, row in order.iterrows():
            if cluster and row["_low"] > reach:
                _name(ids, cluster, key, order)
                cluster, reach = [], -math.inf
            cluster.append(index)
            reach = max(reach, row["_high"])
        _name(ids, cluster, key, order)
    return ids


def _summable(facts: pd.DataFrame) -> pd.Series:
    def filled(column):
        return facts[column].notna() & (facts[column].astype(str).str.strip() != "") if column in facts else False

    def empty(column):
        return ~filled(column) if column in facts else True

    return ((facts["kind"] == "money") & facts["value"].notna() & filled("subject") & filled("period")
            & filled("unit") & empty("change") & empty("per") & empty("flags"))


def _name(ids: pd.Series, cluster: list, key: tuple, rows: pd.DataFrame) -> None:
    """One id for a cluster: a hash of its key and its most precise value."""
    if not cluster:
        return
    members = rows.loc[cluster]
    exact = members.loc[members["text"].map(precision).idxmin(), "value"]
    digest = hashlib.sha1(repr((*key, float(exact))).encode("utf-8")).hexdigest()[:12]
    ids.loc[cluster] = digest


def add_figure_ids(outdir, fmt: str) -> None:
    """Fill the ``figure_id`` column of a finished run's facts table."""
    path = Path(outdir) / f"facts.{'parquet' if fmt == 'parquet' else 'csv'}"
    if not path.is_file():
        return
    if fmt == "parquet":
        facts = pd.read_parquet(path)
        facts["figure_id"] = figure_ids(_numeric(facts)).astype("string")
        with atomic_file(path, "wb") as handle:
            facts.to_parquet(handle, index=False)
        return
    facts = pd.read_csv(path, usecols=[*KEY, "value", "text", "change", "per", "flags"], dtype=str,
                        keep_default_na=False)
    ids = figure_ids(_numeric(facts).replace({"": None}))
    _rewrite_column(path, "figure_id", ids.tolist())


def _numeric(facts: pd.DataFrame) -> pd.DataFrame:
    return facts.assign(value=pd.to_numeric(facts["value"], errors="coerce"))


def _rewrite_column(path: Path, column: str, values: list) -> None:
    """Set one column of a CSV file, row by row, streaming."""
    with open(path, encoding="utf-8", newline="") as source, \
            atomic_file(path, "w", encoding="utf-8", newline="") as target:
        reader, writer = csv.reader(source), CsvWriter(target)
        header = next(reader)
        at = header.index(column)
        writer.writerow(header)
        for row, value in zip(reader, values):
            row[at] = "" if value is None or (isinstance(value, float) and math.isnan(value)) else value
            writer.writerow(row)
