"""The batch audits of issue 16, re-checkable: 50 random official rows and 50 random count rows of
a run on 2,000 general-news articles were read in their sentences and judged (tests/audits/*.tsv:
article id, offsets, values, verdict, note). The audited articles are kept in
tests/audits/batch_sample.jsonl; every row judged right must still be produced, at the same
offsets with the same values."""
from __future__ import annotations

import pytest
from audit_records import articles, audit, tables

from pipeline.rules import patterns


def test_the_audits_judge_at_least_48_of_50_rows_right():
    for name in ("officials", "counts"):
        rows = audit(name)
        assert len(rows) == 50, name
        assert sum(row["verdict"] == "right" for row in rows) >= 48, name
        assert {row["doc_id"] for row in rows} <= set(articles()), name


def test_no_country_or_league_among_the_audited_names():
    spec = patterns.load_yaml("officials.yaml")
    countries = set(spec["countries"])
    for row in audit("officials"):
        if row["verdict"] == "right":
            assert row["name"] not in countries
            assert not set(row["name"].replace("-", " ").split()) & set(spec["not_name_words"])


@pytest.mark.parametrize("row", [r for r in audit("officials") if r["verdict"] == "right"],
                         ids=lambda r: f"{r['doc_id']}:{r['start']}")
def test_officials_judged_right_are_still_found(row):
    found = [(str(r["start"]), str(r["end"]), r["name"], r["title"] or "")
             for r in tables(row["doc_id"])["officials"].fillna("").to_dict("records")]
    assert (row["start"], row["end"], row["name"], row["title"]) in found


@pytest.mark.parametrize("row", [r for r in audit("counts") if r["verdict"] == "right"],
                         ids=lambda r: f"{r['doc_id']}:{r['start']}")
def test_counts_judged_right_are_still_found(row):
    facts = tables(row["doc_id"])["facts"]
    found = [(str(r["start"]), str(r["end"]), float(r["value"]), r["unit"])
             for r in facts[facts["kind"] == "count"].to_dict("records")]
    assert (row["start"], row["end"], float(row["value"]), row["unit"]) in found
