"""Summed figures: what may be added up, and the ``tintrich facts`` pivot.

    tintrich facts OUTDIR --by subject,period,metric --kind money

One rule decides which facts rows are summed, for this pivot and for the report's
charts (:func:`exclusions`): a row needs a value, a unit, a subject and a period;
a change ("tăng 4,9 triệu USD") is a difference and a rate ("1,2 triệu USD/năm")
is per something, so both are left out unless asked for; a figure an article
repeats (headline and body: :data:`SAME_FIGURE`) counts once per article, the
row with a metric preferred. The same figure reported by two articles counts
twice (``n_articles`` shows it). A range counts its low end. The pivot reads
``OUTDIR/facts.parquet`` or ``OUTDIR/facts.csv`` and sums per group, one column
per unit (currency for money, counted noun for counts)::

    subject    period  metric     USD          n_facts  n_articles
    Lạng Sơn   2019-2022 approved  3452243      2        1
    Thái Nguyên 2022   disbursed  1300000      1        1
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.output.files import atomic_file

#: columns a pivot may be grouped by
GROUPABLE = ("subject", "period", "metric", "unit", "qualifier", "per", "change", "kind", "doc_id", "subject_era")
#: fields that make two facts rows of one article the same figure
SAME_FIGURE = ("doc_id", "kind", "value", "unit", "per", "change", "subject", "period")
TEXT_COLUMNS = ("doc_id", "kind", "unit", "qualifier", "per", "change", "metric", "subject", "period", "subject_era")

#: why a row is not summed, checked in this order
UNKNOWN_VALUE, UNKNOWN_UNIT, CHANGE, RATE, UNKNOWN_SUBJECT, UNKNOWN_PERIOD, REPEATED = (
    "no numeric value", "unknown unit", "a change, not an amount (change set)", "a rate (per set)",
    "unknown subject", "unknown period", "the same amount repeated in the article")


def blank(values: pd.Series) -> pd.Series:
    """True where a text column has nothing (missing, or only spaces)."""
    return values.isna() | (values.astype(str).str.strip() == "")


def exclusions(facts: pd.DataFrame, include_changes: bool = False, include_rates: bool = False) -> pd.Series:
    """Per row, why it is not summed (None: it is), before repeats (see :func:`repeated`)."""
    reason = pd.Series(None, index=facts.index, dtype=object)
    checks = [(UNKNOWN_VALUE, facts["value"].isna()), (UNKNOWN_UNIT, blank(facts["unit"]))]
    if not include_changes:
        checks.append((CHANGE, ~blank(facts["change"])))
    if not include_rates:
        checks.append((RATE, ~blank(facts["per"])))
    checks += [(UNKNOWN_SUBJECT, blank(facts["subject"])), (UNKNOWN_PERIOD, blank(facts["period"]))]
    for why, missing in checks:
        reason[reason.isna() & missing] = why
    return reason


def figure_keys(facts: pd.DataFrame) -> pd.DataFrame:
    """The :data:`SAME_FIGURE` columns, text stripped, so equal figures have equal keys."""
    return pd.DataFrame({column: facts[column].astype("string").str.strip() if column in ("subject", "period")
                         else facts[column] for column in SAME_FIGURE if column in facts})


def repeated(facts: pd.DataFrame) -> pd.Series:
    """True for a row that repeats a figure of an earlier row of its article (rows with a metric first)."""
    keys = figure_keys(facts)
    order = keys.assign(_no_metric=blank(facts["metric"])).sort_values("_no_metric", kind="stable")
    return order.duplicated(subset=list(keys.columns)).reindex(facts.index)


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
    """Summed ``value`` per group of ``by`` and per unit, over the facts :func:`exclusions` keeps."""
    by = list(by)
    unknown = [column for column in by if column not in GROUPABLE]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; choose from {', '.join(GROUPABLE)}")
    selected = facts[facts["kind"] == kind]
    selected = selected[exclusions(selected, include_changes, include_rates="per" in by).isna()]
    selected = selected[~repeated(selected)] if len(selected) else selected
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
    with atomic_file(target, "w", encoding="utf-8", newline="") as handle:
        table.to_csv(handle, index=False)
    return table, target
