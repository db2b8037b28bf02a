"""The ``tintrich facts`` pivot: summed figures per subject, period and metric, per unit.

    tintrich facts OUTDIR --by subject,period,metric --kind money

reads ``OUTDIR/facts.parquet`` or ``OUTDIR/facts.csv`` (or a facts file given
directly), keeps the facts of one kind whose subject and period are known, and
sums their values per group, one column per unit (currency for money, counted
noun for counts), e.g.::

    subject    period  metric     USD          n_facts  n_articles
    Lạng Sơn   2019-2022 approved  3452243      2        1
    Thái Nguyên 2022   disbursed  1300000      1        1

What is summed: levels only — a change ("tăng 4,9 triệu USD") is a difference and
a rate ("1,2 triệu USD/năm") is per something, so both are left out unless asked
for (``--include-changes``; ``per`` in ``--by``). A figure an article repeats
(headline and body) counts once per article; the same figure reported by two
articles counts twice (``n_articles`` shows it). A range counts its low end.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

#: columns a pivot may be grouped by
GROUPABLE = ("subject", "period", "metric", "unit", "qualifier", "per", "change", "kind", "doc_id", "subject_era")
#: fields that make two facts of one article the same figure
SAME_FIGURE = ("doc_id", "kind", "value", "unit", "per", "change", "subject", "period", "metric")
TEXT_COLUMNS = ("doc_id", "kind", "unit", "qualifier", "per", "change", "metric", "subject", "period", "subject_era")


def facts_path(location) -> Path:
    """The facts table of a run folder (Parquet preferred, then CSV), or the file given."""
    location = Path(location)
    if location.is_file():
        return location
    for name in ("facts.parquet", "facts.csv"):
        if (location / name).is_file():
            return location / name
    raise FileNotFoundError(f"no facts.parquet or facts.csv in {location}")


def read_facts(location) -> pd.DataFrame:
    """``facts`` as a DataFrame with ``value`` numeric and missing text cells as ""."""
    path = facts_path(location)
    if path.suffix == ".parquet":
        facts = pd.read_parquet(path)
    else:
        facts = pd.read_csv(path, dtype={c: "string" for c in TEXT_COLUMNS}, keep_default_na=False,
                            na_values={"value": [""], "value_high": [""]})
    for column in TEXT_COLUMNS:
        if column in facts:
            facts[column] = facts[column].astype("string").fillna("").str.removeprefix("'")
    facts["value"] = pd.to_numeric(facts["value"], errors="coerce")
    return facts


def pivot(facts: pd.DataFrame, by=("subject", "period", "metric"), kind: str = "money",
          include_changes: bool = False) -> pd.DataFrame:
    """Summed ``value`` per group of ``by`` and per unit, over facts with subject and period."""
    by = list(by)
    unknown = [column for column in by if column not in GROUPABLE]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; choose from {', '.join(GROUPABLE)}")
    selected = facts[(facts["kind"] == kind) & (facts["subject"] != "") & (facts["period"] != "")
                     & facts["value"].notna()]
    if not include_changes:
        selected = selected[selected["change"] == ""]
    if "per" not in by:
        selected = selected[selected["per"] == ""]
    selected = selected.drop_duplicates(subset=[c for c in SAME_FIGURE if c in selected])
    if selected.empty:
        return pd.DataFrame(columns=[*by, "n_facts", "n_articles"])
    sums = selected.pivot_table(index=by, columns="unit", values="value", aggfunc="sum") \
        if "unit" not in by else selected.groupby(by)["value"].sum().to_frame("value")
    sums.columns = [str(c) for c in sums.columns]
    counts = selected.groupby(by).agg(n_facts=("value", "size"), n_articles=("doc_id", "nunique"))
    table = sums.join(counts).reset_index()
    return table.sort_values(by, kind="stable").reset_index(drop=True)


def format_table(table: pd.DataFrame) -> str:
    """The pivot as aligned text, amounts with thousands separators and no exponent."""
    def amount(value) -> str:
        if pd.isna(value):
            return ""
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"

    shown = table.copy()
    for column in shown.columns:
        if column not in ("n_facts", "n_articles") and pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = shown[column].map(amount)
    return shown.to_string(index=False) if len(shown) else "(no facts with a known subject and period)"


def write_pivot(location, by, kind: str = "money", include_changes: bool = False, out=None) -> tuple[pd.DataFrame, Path]:
    """Compute the pivot of a run's facts and write it (default ``OUTDIR/facts_pivot.csv``)."""
    table = pivot(read_facts(location), by=by, kind=kind, include_changes=include_changes)
    path = facts_path(location)
    target = Path(out) if out else path.parent / "facts_pivot.csv"
    table.to_csv(target, index=False, encoding="utf-8")
    return table, target
