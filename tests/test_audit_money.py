"""The batch audit of money rows, re-checkable: 50 random money rows (kind == "money", pandas
sample(50, random_state=2032)) of a run on 2,000 real general-news articles (baomoi.com, 2017;
the batch the project was given to read at scale) were read in their sentences and articles, and each of
value (with unit and per), subject, period, metric and donor was judged right, wrong (another value
than the text supports) or empty (left empty although the text says it), tests/audits/money.tsv
(article id, offsets, the run's values, verdicts, note). The audited articles are kept in
tests/audits/batch_sample.jsonl; every row whose subject was judged right must still be produced,
at the same offsets with the same value and subject."""
from __future__ import annotations

import re

import pytest
from audit_records import articles, audit, tables


VERDICTS = {"right", "wrong", "empty"}
ATTRIBUTES = ("value", "subject", "period", "metric", "donor")


def wrong(attribute: str) -> int:
    return sum(row[f"{attribute}_verdict"] == "wrong" for row in audit("money"))


def test_the_money_audit_judges_50_rows_of_kept_articles():
    rows = audit("money")
    assert len(rows) == 50
    assert {row["doc_id"] for row in rows} <= set(articles())
    for row in rows:
        assert {row[f"{a}_verdict"] for a in ATTRIBUTES} <= VERDICTS, row
        if any(row[f"{a}_verdict"] != "right" for a in ATTRIBUTES):
            assert row["note"], row


def test_at_most_3_wrong_subjects_periods_and_metrics():
    # The target. First audit: subject 14, period 10, metric 6 wrong; now 2, 2 and 1
    # (the rows whose values changed were re-read, and their notes say so).
    assert wrong("subject") <= 3
    assert wrong("period") <= 3
    assert wrong("metric") <= 3


@pytest.mark.parametrize("row", audit("money"), ids=lambda r: f"{r['doc_id']}:{r['start']}")
def test_the_audit_judges_what_the_code_gives_today(row):
    # the verdicts are of the current output: a change of subject, period or metric of an audited
    # row fails here until the row is re-read and re-judged
    facts = tables(row["doc_id"])["facts"]
    found = facts[(facts["kind"] == "money") & (facts["start"] == int(row["start"]))]
    assert len(found) == 1
    for attribute in ("subject", "period", "metric"):
        value = found.iloc[0][attribute]
        assert ("" if value is None or value != value else str(value)) == row[attribute], attribute


def test_a_unit_after_a_slash_sets_per():
    for row in audit("money"):
        if re.search(r"/\s*[^\W\d_]", row["text"]):
            assert row["per"], row


@pytest.mark.parametrize("row", [r for r in audit("money") if r["subject_verdict"] == "right"],
                         ids=lambda r: f"{r['doc_id']}:{r['start']}")
def test_money_rows_with_a_right_subject_are_still_found(row):
    facts = tables(row["doc_id"])["facts"]
    found = [(str(r["start"]), str(r["end"]), float(r["value"]),
              "" if r["subject"] is None or r["subject"] != r["subject"] else r["subject"])
             for r in facts[facts["kind"] == "money"].to_dict("records")]
    assert (row["start"], row["end"], float(row["value"]), row["subject"]) in found
