"""Print the README's accuracy table: for each gold set, the first score tintrich got on it
(docs/accuracy/first_run_<set>.csv, kept as written when the gold was new) and the last
(docs/accuracy/last_run_<set>.csv, written by `tintrich eval --out`).

    python scripts/accuracy_table.py ngo aid fresh heldout
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ACCURACY = Path(__file__).resolve().parent.parent / "docs" / "accuracy"

#: (field of the eval table, column to show, label)
ROWS = [
    ("provinces", "f1", "provinces F1"),
    ("organizations", "f1", "organizations F1"),
    ("organizations foreign", "recall", "foreign NGOs and donors, recall"),
    ("officials (name+title)", "f1", "officials (name + title) F1"),
    ("directives (type+number)", "f1", "documents (type + number) F1"),
    ("dates", "f1", "dates F1"),
    ("money", "f1", "money F1"),
    ("counts", "f1", "counts F1"),
    ("percents", "f1", "percents F1"),
    ("money subject", "right", "money subject right"),
    ("money subject", "wrong", "money subject wrong"),
    ("money period", "right", "money period right"),
    ("money period", "wrong", "money period wrong"),
    ("money metric", "right", "money metric right"),
    ("money metric", "wrong", "money metric wrong"),
    ("money donor (pairs)", "f1", "donor pairs F1"),
    ("author", "f1", "author (byline) F1"),
    ("credit", "f1", "credited source F1"),
]


def cell(table: pd.DataFrame, field: str, column: str) -> str:
    row = table[table["field"] == field]
    if row.empty or pd.isna(row.iloc[0][column]):
        return "–"
    return f"{float(row.iloc[0][column]):.2f}"


def main(sets: list[str]) -> None:
    tables = {name: (pd.read_csv(ACCURACY / f"first_run_{name}.csv"), pd.read_csv(ACCURACY / f"last_run_{name}.csv"))
              for name in sets}
    print("| field | " + " | ".join(f"{name}: first → last" for name in sets) + " |")
    print("|---|" + "---|" * len(sets))
    for field, column, label in ROWS:
        cells = [f"{cell(first, field, column)} → {cell(last, field, column)}" for first, last in tables.values()]
        if all(text == "– → –" for text in cells):   # a field none of these sets scores
            continue
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["ngo", "aid", "fresh", "heldout"])
