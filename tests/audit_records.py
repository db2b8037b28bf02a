"""The batch audits' records, shared by tests/test_audits.py and tests/test_audit_money.py: each
audit file (tests/audits/<name>.tsv: article id, offsets, values, verdicts, note) and the audited
articles (tests/audits/batch_sample.jsonl), run through the pipeline once each."""
from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

import pipeline

AUDITS = Path(__file__).parent / "audits"


def audit(name: str) -> list[dict]:
    with open(AUDITS / f"{name}.tsv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@functools.lru_cache(maxsize=None)
def articles() -> dict[str, dict]:
    lines = (AUDITS / "batch_sample.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["batch_doc_id"]: record for record in map(json.loads, lines)}


@functools.lru_cache(maxsize=None)
def tables(doc_id: str):
    record = articles()[doc_id]
    return pipeline.extract(record["text"], published=record["published"], url=record["url"],
                            title=record["title"]).tables()
