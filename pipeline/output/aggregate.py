"""Summed figures: what may be added up, and the ``tintrich facts`` pivot.

    tintrich facts OUTDIR --by subject,period,metric --kind money [--strict] [--include-flagged]

One rule decides which facts rows are summed, for this pivot and for the report's
charts (:func:`exclusions`): a row needs a value, a unit, a subject and a period;
a change ("tăng 4,9 triệu USD") is a difference and a rate ("1,2 triệu USD/năm")
is per something, so both are left out unless asked for; an amount flagged to be
checked (``flags``: implausible, or 1,000 times the article's others) is left out
unless asked for; with ``strict``, a subject or period the text did not state in the
figure's clause or sentence (read from the paragraph, headline, publication date or
site) is unknown. A figure an article repeats (headline and body: :data:`SAME_FIGURE`)
counts once per article, the row with a metric preferred; the same figure reported by
several articles (one ``figure_id``, see :mod:`pipeline.output.figures`) counts once,
with its most precise value (``n_sources`` articles report the group's figures). A
range counts its low end. The pivot reads ``OUTDIR/facts.parquet`` or
``OUTDIR/facts.csv`` and sums per group, one column per unit (currency for money,
counted noun for counts)::

    subject    period  metric     USD          n_facts  n_figures  n_sources
    Lạng Sơn   2019-2022 approved  3452243      2        2          1
    Thái Nguyên 2022   disbursed  1300000      3        1          3
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.output.files import atomic_file

#: columns a pivot may be grouped by
GROUPABLE = ("subject", "period", "metric", "unit", "qualifier", "per", "change", "kind", "doc_id", "subject_era",
             "subject_scope", "donor", "donor_id", "figure_id")
#: fields that make two facts rows of one article the same figure
SAME_FIGURE = ("doc_id", "kind", "value", "unit", "per", "change", "subject", "period")
TEXT_COLUMNS = ("doc_id", "kind", "unit", "qualifier", "per", "change", "metric", "subject", "period", "subject_era",
                "subject_scope", "subject_source", "period_source", "donor", "donor_id", "flags", "figure_id", "text")
#: where an attribution is read from the figure's own words (``--strict`` keeps only these)
STATED = ("clause", "sentence")

#: why a row is not summed, checked in this order
UNKNOWN_VALUE, UNKNOWN_UNIT, CHANGE, RATE, FLAGGED, UNKNOWN_SUBJECT, UNKNOWN_PERIOD, REPEATED, REPORTED = (
    "no numeric value", "unknown unit", "a change, not an amount (change set)", "a rate (per set)",
    "flagged to check (flags set)", "unknown subject", "unknown period", "the same amount repeated in the article",
    "the same figure reported by another article (figure_id)")


def blank(values: pd.Series) -> pd.Series:
    """True where a text column has nothing (missing, or only spaces)."""
    return values.isna() | (values.astype(str).str.strip() == "")


def exclusions(facts: pd.DataFrame, include_changes: bool = False, include_rates: bool = False,
               include_flagged: bool = False, strict: bool = False) -> pd.Series:
    """Per row, why it is not summed (None: it is), before repeats (see :func:`repeated`)."""
    reason = pd.Series(None, index=facts.index, dtype=object)
    checks = [(UNKNOWN_VALUE, facts["value"].isna()), (UNKNOWN_UNIT, blank(facts["unit"]))]
    if not include_changes:
        checks.append((CHANGE, ~blank(facts["change"])))
    if not include_rates:
        checks.append((RATE, ~blank(facts["per"])))
    if not include_flagged and "flags" in facts:
        checks.append((FLAGGED, ~blank(facts["flags"])))
    subject, period = blank(facts["subject"]), blank(facts["period"])
    if strict:
        subject |= ~_stated(facts, "subject_source")
        period |= ~_stated(facts, "period_source")
    checks += [(UNKNOWN_SUBJECT, subject), (UNKNOWN_PERIOD, period)]
    for why, missing in checks:
        reason[reason.isna() & missing] = why
    return reason


def _stated(facts: pd.DataFrame, column: str) -> pd.Series:
    if column not in facts:
        return pd.Series(True, index=facts.index)
    return facts[column].astype("string").fillna("").isin(STATED)


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


@dataclass
class PivotOptions:
    """What ``tintrich facts`` sums: see the module docstring."""

    by: tuple = ("subject", "period", "metric")
    kind: str = "money"
    include_changes: bool = False
    include_flagged: bool = False
    strict: bool = False


def summed(facts: pd.DataFrame, options: PivotOptions) -> tuple[pd.DataFrame, Counter]:
    """The rows a pivot sums, one per figure, and how many rows were left out, by reason."""
    selected = facts[facts["kind"] == options.kind]
    reasons = exclusions(selected, options.include_changes, include_rates="per" in options.by,
                         include_flagged=options.include_flagged, strict=options.strict)
    left_out = Counter(reasons.dropna())
    selected = selected[reasons.isna()]
    if len(selected):
        repeats = repeated(selected)
        left_out[REPEATED] += int(repeats.sum())
        selected = selected[~repeats]
    if len(selected) and "figure_id" in selected:
        # one row per figure reported by several articles: the most precise, listing its sources
        from pipeline.output.figures import precision

        ranked = selected.assign(_precision=selected["text"].map(precision) if "text" in selected else 0)
        ranked = ranked.sort_values("_precision", kind="stable")
        named = ~blank(ranked["figure_id"])
        sources = ranked[named].groupby("figure_id")["doc_id"].agg(lambda ids: ";".join(sorted(set(ids))))
        reports = ranked[named].groupby("figure_id").size()
        duplicate = named & ranked["figure_id"].duplicated()
        left_out[REPORTED] += int(duplicate.sum())
        selected = ranked[~duplicate].drop(columns="_precision")
        return selected.assign(_sources=selected["figure_id"].map(sources).fillna(selected["doc_id"]),
                               _reports=selected["figure_id"].map(reports).fillna(1)), left_out
    return selected.assign(_sources=selected["doc_id"], _reports=1), left_out


def pivot(facts: pd.DataFrame, by=("subject", "period", "metric"), kind: str = "money",
          include_changes: bool = False, include_flagged: bool = False, strict: bool = False) -> pd.DataFrame:
    """Summed ``value`` per group of ``by`` and per unit, one value per figure, over the facts
    :func:`exclusions` keeps."""
    table, _ = pivot_explained(facts, PivotOptions(tuple(by), kind, include_changes, include_flagged, strict))
    return table


def pivot_explained(facts: pd.DataFrame, options: PivotOptions) -> tuple[pd.DataFrame, Counter]:
    """The pivot and how many facts rows it left out, by reason."""
    by = list(options.by)
    unknown = [column for column in by if column not in GROUPABLE]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; choose from {', '.join(GROUPABLE)}")
    selected, left_out = summed(facts, options)
    columns = [*by, "n_facts", "n_figures", "n_sources"]
    if selected.empty:
        return pd.DataFrame(columns=columns), left_out
    sums = selected.pivot_table(index=by, columns="unit", values="value", aggfunc="sum") \
        if "unit" not in by else selected.groupby(by)["value"].sum().to_frame("value")
    sums.columns = [str(c) for c in sums.columns]
    counts = selected.groupby(by).agg(
        n_facts=("_reports", "sum"), n_figures=("value", "size"),
        n_sources=("_sources", lambda lists: len({doc for ids in lists for doc in str(ids).split(";")})))
    counts["n_facts"] = counts["n_facts"].astype(int)
    table = sums.join(counts).reset_index()
    return table.sort_values(by, kind="stable").reset_index(drop=True), left_out


def explain(left_out: Counter, options: PivotOptions, total: int) -> str:
    """The pivot's header: what it sums and what it left out, as "# " lines."""
    lines = [f"# tintrich facts: {options.kind} facts summed per {', '.join(options.by)} and unit; "
             f"{total} {options.kind} rows read",
             "# one value per figure: a repeat in one article and the same figure in other articles "
             "(figure_id) count once; n_sources = articles reporting the group's figures"]
    if options.strict:
        lines.append("# strict: subject and period only where the figure's clause or sentence states them")
    for why, count in left_out.most_common():
        lines.append(f"# left out: {count} rows, {why}")
    return "\n".join(lines)


def format_table(table: pd.DataFrame) -> str:
    """The pivot as aligned text, amounts with thousands separators and no exponent."""
    def amount(value) -> str:
        if pd.isna(value):
            return ""
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"

    shown = table.copy()
    for column in shown.columns:
        if column not in ("n_facts", "n_articles", "n_figures", "n_sources") and pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = shown[column].map(amount)
    return shown.to_string(index=False) if len(shown) else "(no facts with a known subject and period)"


def write_pivot(location, options: PivotOptions, out=None) -> tuple[pd.DataFrame, str, Path]:
    """Compute the pivot of a run's facts and write it with its header of "# " lines (default
    ``OUTDIR/facts_pivot.csv``; ``pandas.read_csv(path, comment="#")`` reads it)."""
    facts = read_facts(location)
    table, left_out = pivot_explained(facts, options)
    header = explain(left_out, options, int((facts["kind"] == options.kind).sum()))
    path = facts_path(location)
    target = Path(out) if out else path.parent / "facts_pivot.csv"
    with atomic_file(target, "w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        table.to_csv(handle, index=False)
    return table, header, target
