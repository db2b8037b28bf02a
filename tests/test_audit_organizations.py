"""The organizations batch audit (tests/audits/organizations.tsv) still holds.

Each audited row was read in its sentence and judged; the articles it came from are copied in
tests/audits/organizations_articles.jsonl. A row judged right must still come out of that article with
the same span and name; a row judged wrong (and marked ``fixed`` in its note) must no longer come out as it was
(same span, name, org_id, kind, country and level).
"""
from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest

import pipeline

AUDITS = Path(__file__).resolve().parent / "audits"


def audited_rows() -> list[dict]:
    with open(AUDITS / "organizations.tsv", encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@cache
def articles() -> dict[str, dict]:
    with open(AUDITS / "organizations_articles.jsonl", encoding="utf-8") as f:
        return {record["url"]: record for record in map(json.loads, f)}


@cache
def organizations(url: str) -> list[dict]:
    record = articles()[url]
    result = pipeline.extract(record["text"], published=record.get("published") or None, url=url,
                              title=record.get("title"))
    return result.rows.get("organizations", [])


COLUMNS = ("start", "end", "name", "org_id", "kind", "country", "level")


def test_the_audit_is_whole():
    rows = audited_rows()
    assert {row["url"] for row in rows} <= set(articles())
    last = max(row["seed"] for row in rows)
    latest = [row for row in rows if row["seed"] == last]
    assert len(latest) == 50
    assert sum(row["verdict"] == "right" for row in latest) >= 48


@pytest.mark.parametrize("row", audited_rows(), ids=lambda row: f"{row['seed']}-{row['url'].rsplit('/', 1)[-1]}@{row['start']}")
def test_an_audited_row_still_holds(row):
    found = [{column: "" if o.get(column) is None else str(o[column]) for column in COLUMNS} for o in organizations(row["url"])]
    if row["verdict"] == "right":
        same = [o for o in found if (o["start"], o["end"], o["name"]) == (row["start"], row["end"], row["name"])]
        assert same, f"{row['text']!r} at {row['start']} no longer gives {row['name']!r}: {found}"
    elif "fixed" in row["note"]:
        assert {column: row[column] for column in COLUMNS} not in found, f"{row['text']!r} at {row['start']} is as it was"
