"""The batch audit of money rows, re-checkable: 50 random money rows (kind == "money", pandas
sample(50, random_state=2032)) of a run on 2,000 real general-news articles (baomoi.com, 2017;
the batch the project was given to read at scale) were read in their sentences and articles, and each of
value (with unit and per), subject, period, metric and donor was judged right, wrong (another value
than the text supports) or empty (left empty although the text says it), tests/audits/money.tsv
(article id, offsets, the run's values, verdicts, note). The audited articles are kept in
tests/audits/batch_sample.jsonl; every row whose subject was judged right must still be produced,
at the same offsets with the same value and subject, but a row judged no amount at all ("không một xu dính túi"), which
may be gone once mended (stop 55).

A second audit, tests/audits/money_fresh.tsv, was drawn after the first had been worked on (30 money
rows of articles outside the first audit and the held-out texts: pandas sample(30,
random_state=1130) of the run of 2026-11-30) and read the same way, to see whether what was fixed
on the first 50 rows holds on rows no rule was written for. It was meant never to be tuned on; stop 42 found that 23 of
its 29 articles had been read by review rounds drawn without excluding the audits' (README, "Stop 42"): its first
reading stays the untuned figure. Its verdicts may
only be re-read when the output changes, and its wrong counts may not grow."""
from __future__ import annotations

import re

import pytest
from audit_records import articles, audit, tables


VERDICTS = {"right", "wrong", "empty"}
ATTRIBUTES = ("value", "subject", "period", "metric", "donor")
AUDITS = {"money": 50, "money_fresh": 30}   # audit -> rows judged


def wrong(attribute: str, name: str = "money") -> int:
    return sum(row[f"{attribute}_verdict"] == "wrong" for row in audit(name))


def every_row(names=AUDITS):
    return [(name, row) for name in names for row in audit(name)]


@pytest.mark.parametrize("name", AUDITS)
def test_a_money_audit_judges_its_rows_of_kept_articles(name):
    rows = audit(name)
    assert len(rows) == AUDITS[name]
    assert {row["doc_id"] for row in rows} <= set(articles())
    for row in rows:
        assert {row[f"{a}_verdict"] for a in ATTRIBUTES} <= VERDICTS, row
        if any(row[f"{a}_verdict"] != "right" for a in ATTRIBUTES):
            assert row["note"], row


def test_at_most_3_wrong_subjects_periods_and_metrics():
    # The target. First audit: subject 14, period 10, metric 6 wrong; then 2, 2 and 1, subject 3
    # since a hospital written in lower case is read in a run-on caption's sentence (the rows whose values
    # changed were re-read, and their notes say so).
    assert wrong("subject") <= 3
    assert wrong("period") <= 3
    assert wrong("metric") <= 3


def test_the_fresh_audit_has_no_more_wrong_rows_than_at_its_first_reading():
    # first reading (2026-11-30), of 30 rows: subject 2, period 3, metric 4, donor 0 wrong; against
    # 14, 10, 6 wrong of 50 at the first audit's first reading and 2, 2, 1 after it was worked on
    assert wrong("subject", "money_fresh") <= 2
    assert wrong("period", "money_fresh") <= 3
    assert wrong("metric", "money_fresh") <= 4
    assert wrong("donor", "money_fresh") == 0


@pytest.mark.parametrize("name,row", every_row(), ids=lambda r: f"{r['doc_id']}:{r['start']}" if isinstance(r, dict) else r)
def test_the_audit_judges_what_the_code_gives_today(name, row):
    # the verdicts are of the current output: a change of subject, period or metric of an audited
    # row fails here until the row is re-read and re-judged
    facts = tables(row["doc_id"])["facts"]
    found = facts[(facts["kind"] == "money") & (facts["start"] == int(row["start"]))]
    if row["value_verdict"] == "wrong" and len(found) == 0:
        return   # a row judged no amount at all that the code no longer gives: the error is mended
    assert len(found) == 1
    for attribute in ("subject", "period", "metric"):
        value = found.iloc[0][attribute]
        assert ("" if value is None or value != value else str(value)) == row[attribute], attribute


def test_a_unit_after_a_slash_sets_per():
    for _, row in every_row():
        if re.search(r"/\s*[^\W\d_]", row["text"]):
            assert row["per"], row


@pytest.mark.parametrize("row", [r for _, r in every_row() if r["subject_verdict"] == "right" and r["value_verdict"] != "wrong"],
                         ids=lambda r: f"{r['doc_id']}:{r['start']}")
def test_money_rows_with_a_right_subject_are_still_found(row):
    facts = tables(row["doc_id"])["facts"]
    found = [(str(r["start"]), str(r["end"]), float(r["value"]),
              "" if r["subject"] is None or r["subject"] != r["subject"] else r["subject"])
             for r in facts[facts["kind"] == "money"].to_dict("records")]
    assert (row["start"], row["end"], float(row["value"]), row["subject"]) in found
