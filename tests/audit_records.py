"""The batch audits' records, shared by tests/test_audits.py and tests/test_audit_money.py: each
audit file (tests/audits/<name>.tsv: article id, offsets, values, verdicts, note) and the audited
articles (tests/audits/batch_sample.jsonl, or an audit's own ``<name>_articles.jsonl``), run through
the pipeline once each."""
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
def articles(kept: str = "batch_sample") -> dict[str, dict]:
    """The audited articles kept in ``tests/audits/<kept>.jsonl``, by their batch doc_id."""
    lines = (AUDITS / f"{kept}.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["batch_doc_id"]: record for record in map(json.loads, lines)}


@functools.lru_cache(maxsize=None)
def tables(doc_id: str, kept: str = "batch_sample"):
    record = articles(kept)[doc_id]
    return pipeline.extract(record["text"], published=record["published"], url=record["url"],
                            title=record["title"]).tables()
