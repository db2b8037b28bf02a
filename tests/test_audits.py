"""The batch audits of issue 16, re-checkable: 50 random official rows and 50 random count rows of
a run on 2,000 general-news articles were read in their sentences and judged (tests/audits/*.tsv:
article id, offsets, values, verdict, note). The audited articles are kept in
tests/audits/batch_sample.jsonl; every row judged right must still be produced, at the same
offsets with the same values.

A second count audit, tests/audits/counts_fresh.tsv, judges what a count is about as well: 30
count rows of a run of 2026-11-30 on the same batch (pandas sample(30, random_state=3011) of the
count rows outside the articles of earlier audits and the held-out texts), each of value (with unit
and qualifier), subject and period judged right, wrong or empty in its article, the expected
values written before the run's were looked at. It was meant never to be tuned on; stop 42 found that the review rounds'
articles had been drawn without excluding the audits', and 10 of its 30 articles had been read by them (README,
"Stop 42"): its first reading stays the untuned figure. Its verdicts are of today's
output (a change fails until the row is re-read) and its wrong counts may not grow.

A row a later convention re-judges and the code no longer writes has the verdict ``dropped`` and a note
that starts "re-judged" (stop 33: "hai nước", the two parties of a relation, is no count)."""
from __future__ import annotations

import pytest
from audit_records import articles, audit, tables

from pipeline.rules import patterns


#: rows of 50 judged right at the reading (counts: 48, of which two "hai nước", the two parties of a
#: relation, re-judged at stop 33 and no longer written: verdict ``dropped``, counts.yaml ``references``)
JUDGED_RIGHT = {"officials": 48, "counts": 46}


def test_the_audits_judge_nearly_all_of_their_50_rows_right():
    for name, right in JUDGED_RIGHT.items():
        rows = audit(name)
        assert len(rows) == 50, name
        assert sum(row["verdict"] == "right" for row in rows) >= right, name
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


@pytest.mark.parametrize("row", [r for name in ("counts", "counts_fresh") for r in audit(name)
                                 if "dropped" in (r.get("verdict"), r.get("value_verdict"))],
                         ids=lambda r: f"{r['doc_id']}:{r['start']}")
def test_counts_dropped_by_a_re_judgement_are_no_longer_written(row):
    facts = tables(row["doc_id"])["facts"]
    assert not ((facts["kind"] == "count") & (facts["start"] == int(row["start"]))).any()
    assert row["note"].startswith("re-judged")


#: the fresh count audit's wrong (and empty) rows at its first reading, 2026-11-30
FRESH_COUNTS_FIRST_READING = {"value": 4, "subject": 5, "period": 3}


def test_the_fresh_count_audit_judges_30_rows_of_kept_articles():
    rows = audit("counts_fresh")
    assert len(rows) == 30
    assert {row["doc_id"] for row in rows} <= set(articles())
    for row in rows:
        verdicts = {row[f"{attribute}_verdict"] for attribute in FRESH_COUNTS_FIRST_READING}
        assert verdicts <= {"right", "wrong", "empty", "dropped"}, row
        assert verdicts == {"right"} or row["note"], row


@pytest.mark.parametrize("row", [r for r in audit("counts_fresh") if r["value_verdict"] != "dropped"],
                         ids=lambda r: f"{r['doc_id']}:{r['start']}")
def test_the_fresh_count_audit_judges_what_the_code_gives_today(row):
    facts = tables(row["doc_id"])["facts"]
    found = facts[(facts["kind"] == "count") & (facts["start"] == int(row["start"]))].to_dict("records")
    assert len(found) == 1
    today = {name: "" if value is None or value != value else value for name, value in found[0].items()}
    assert (float(today["value"]), today["unit"], today["qualifier"]) == (float(row["value"]), row["unit"], row["qualifier"])
    assert (today["subject"], today["subject_scope"], today["period"]) == \
        (row["subject"], row["subject_scope"], row["period"])


# ---- The dates audit (tests/audits/dates.tsv) --------------------------------------------------
# 50 dates rows of the 2,000-article batch run of 2026-11-30 (pandas sample(50, random_state=1130) of
# the rows outside the held-out texts and the untuned audits' articles), each read in its sentence:
# is the span a date (span_verdict), is its resolved date right (date_verdict: right, wrong, or empty
# where the row gives no year). First reading, before any change: span 50 right; date 28 right,
# 8 wrong (every one a year of an undated article's text: its history, a plan, a past title), 14
# empty. The rows' articles are kept in tests/audits/dates_articles.jsonl. The file describes today's
# output (a change fails until the row is re-read, and the note says what changed) and its wrong
# counts may not grow.

#: the dates audit's wrong rows at its first reading, 2026-11-30
DATES_FIRST_READING = {"span": 0, "date": 8}

#: the organization-subject audit's wrong rows at its first reading, 2026-12-01 (described below)
ORG_SUBJECTS_FIRST_READING = {"subject": 23}

#: the documents audit's wrong rows at its first reading, 2026-12-01 (described below)
DOCUMENTS_FIRST_READING = {"span": 0, "issued": 0, "issuer": 2}

#: the percents audit's wrong rows at its first reading, 2026-12-01 (described below)
PERCENTS_FIRST_READING = {"value": 1, "subject": 11, "period": 5}


def test_the_dates_audit_judges_50_rows_of_kept_articles():
    rows = audit("dates")
    assert len(rows) == 50
    assert {row["doc_id"] for row in rows} == set(articles("dates_articles"))
    for row in rows:
        assert row["span_verdict"] in {"right", "wrong"} and row["date_verdict"] in {"right", "wrong", "empty"}, row
        assert row["date_verdict"] != "empty" or not row["date"], row
        assert row["date_verdict"] == "right" and row["span_verdict"] == "right" or row["note"] or not row["date"], row


@pytest.mark.parametrize("name,first_reading", [("counts_fresh", FRESH_COUNTS_FIRST_READING),
                                                 ("dates", DATES_FIRST_READING),
                                                 ("org_subjects", ORG_SUBJECTS_FIRST_READING),
                                                 ("documents", DOCUMENTS_FIRST_READING),
                                                 ("percents", PERCENTS_FIRST_READING)])
def test_an_audit_has_no_more_wrong_rows_than_at_its_first_reading(name, first_reading):
    rows = audit(name)
    for attribute, first in first_reading.items():
        assert sum(row[f"{attribute}_verdict"] == "wrong" for row in rows) <= first, attribute


#: the audits of spans, each row found again at its offsets: (kept articles, table, columns compared)
SPAN_AUDITS = {"dates": ("dates_articles", "dates", ("text", "date", "precision", "year_source")),
               "documents": ("documents_articles", "directives", ("text", "doc_type", "number", "issued", "issuer"))}


@pytest.mark.parametrize("name,row", [(name, row) for name in SPAN_AUDITS for row in audit(name)],
                         ids=lambda value: f"{value['doc_id']}:{value['start']}" if isinstance(value, dict) else value)
def test_an_audit_of_spans_describes_what_the_code_gives_today(name, row):
    kept, table_name, columns = SPAN_AUDITS[name]
    table = tables(row["doc_id"], kept)[table_name].fillna("")
    found = table[(table["start"] == int(row["start"])) & (table["end"] == int(row["end"]))].to_dict("records")
    assert len(found) == 1
    assert tuple(found[0][column] for column in columns) == tuple(row[column] for column in columns)


# ---- The organization-subject audit (tests/audits/org_subjects.tsv) ----------------------------
# 50 facts rows of the 2,000-article batch run of main e3b8d58 whose subject was an organization
# (pandas sample(50, random_state=1201) of the 63 such rows outside the held-out texts, the untuned
# audits' and the money audit's articles), each read in its sentence and paragraph, the subject
# written from the text before the output's was looked at: subject_verdict right, wrong (the output
# names another subject) or empty (the output names none although the text says it). First reading,
# before any change: 27 right, 23 wrong (12 a state body that approves, proposes, fines or supervises
# the figure; 3 a body that only reports; 3 the giver; 4 a body of another clause or list item; 1 a
# price the body lists). The rows' articles are kept in tests/audits/org_subjects_articles.jsonl. The
# file describes today's output (a change fails until the row is re-read, and its note says what
# changed) and its wrong count may not grow.

def test_the_organization_subject_audit_judges_50_rows_of_kept_articles():
    rows = audit("org_subjects")
    assert len(rows) == 50
    assert {row["doc_id"] for row in rows} == set(articles("org_subjects_articles"))
    for row in rows:
        assert row["subject_verdict"] in {"right", "wrong", "empty"}, row
        assert row["subject_verdict"] != "empty" or not row["subject"], row
        assert row["subject_verdict"] == "right" or row["note"], row


@pytest.mark.parametrize("row", audit("org_subjects"), ids=lambda r: f"{r['doc_id']}:{r['start']}")
def test_the_organization_subject_audit_judges_what_the_code_gives_today(row):
    facts = tables(row["doc_id"], "org_subjects_articles")["facts"]
    found = facts[(facts["start"] == int(row["start"])) & (facts["end"] == int(row["end"]))].to_dict("records")
    assert len(found) == 1
    today = {name: "" if value is None or value != value else value for name, value in found[0].items()}
    assert (today["text"], today["kind"], today["metric"]) == (row["text"], row["kind"], row["metric"])
    assert (today["subject"], today["subject_source"]) == (row["subject"], row["subject_source"])


# ---- The documents audit (tests/audits/documents.tsv) ------------------------------------------
# 50 directives rows of the 2,000-article batch run of main 8af7605 (pandas sample(50,
# random_state=1202) of the 188 rows outside the held-out texts and the untuned audits' articles),
# each read in its sentence and paragraph: is it a document with the right kind and number
# (span_verdict), its date of issue (issued_verdict), its issuer (issuer_verdict: right; wrong;
# empty where the text names the issuer near the document and the row gives none; none where the
# text names none there and the row gives none). First reading, 2026-12-01, before any change:
# span 50 right, issued 50 right, issuer 27 right / 2 wrong (a minister's title cut from its
# ministry, "của Bộ trưởng Bộ Công Thương" -> "Bộ trưởng") / 7 empty (an issuer written before the
# document with a verb the rules did not take: "TAND tỉnh Hậu Giang ra bản án số", "Chính phủ vừa
# ban hành Nghị quyết 19", "Tổng cục Chính trị Công an Nhân dân có thông báo số"; one after a second
# number; one too far) / 14 none. The rows' articles are kept in tests/audits/documents_articles.jsonl.

def test_the_documents_audit_judges_50_rows_of_kept_articles():
    rows = audit("documents")
    assert len(rows) == 50
    assert {row["doc_id"] for row in rows} == set(articles("documents_articles"))
    for row in rows:
        assert row["issuer_verdict"] in {"right", "wrong", "empty", "none"}, row
        assert (row["issuer_verdict"] in {"empty", "none"}) == (not row["issuer"]), row
        assert {row["span_verdict"], row["issued_verdict"]} <= {"right", "wrong"}, row
        assert row["issuer_verdict"] in {"right", "none"} or row["note"], row


# ---- The percents audit (tests/audits/percents.tsv) --------------------------------------------
# What a percent is about had never been read at scale: 50 percent rows of the 2,000-article batch
# run of main 8af7605 (pandas sample(50, random_state=1203) of the 641 rows outside the held-out
# texts and the articles of every earlier audit), each read in its paragraph with the subject and
# period written before the output's were looked at: value (with qualifier and change), subject and
# period judged right, wrong, or empty (the output gives none where the text says it; an empty one
# where the text names none is right). First reading, 2026-12-01: value 49 right / 1 wrong ("khô hạn
# hơn từ 20-60%" read as "over"); subject 22 right / 11 wrong / 17 empty (the province named most in
# the body given to a national or foreign share 5, a range of provinces given its last one 2, a
# person's place, a heading's hospital city, "thế giới", an agreement's name); period 43 / 5 / 2. The
# rows' articles are kept in tests/audits/percents_articles.jsonl; the file describes today's output.


def test_the_percents_audit_judges_50_rows_of_kept_articles():
    rows = audit("percents")
    assert len(rows) == 50
    assert {row["doc_id"] for row in rows} == set(articles("percents_articles"))
    for row in rows:
        verdicts = {row[f"{attribute}_verdict"] for attribute in PERCENTS_FIRST_READING}
        assert verdicts <= {"right", "wrong", "empty"}, row
        assert row["subject_verdict"] != "empty" or not row["subject"], row
        assert row["period_verdict"] != "empty" or not row["period"], row
        assert verdicts == {"right"} or row["note"], row


@pytest.mark.parametrize("row", audit("percents"), ids=lambda r: f"{r['doc_id']}:{r['start']}")
def test_the_percents_audit_judges_what_the_code_gives_today(row):
    facts = tables(row["doc_id"], "percents_articles")["facts"]
    found = facts[(facts["kind"] == "percent") & (facts["start"] == int(row["start"]))].to_dict("records")
    assert len(found) == 1
    today = {name: "" if value is None or value != value else value for name, value in found[0].items()}
    assert (today["text"], float(today["value"]), today["qualifier"], today["change"]) == \
        (row["text"], float(row["value"]), row["qualifier"], row["change"])
    assert (today["subject"], today["subject_source"], today["period"]) == \
        (row["subject"], row["subject_source"], row["period"])
