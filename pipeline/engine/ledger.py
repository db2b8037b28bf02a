"""What both engines share: reading in input order, the run's settings, the decisions taken
in that order (skip, duplicate, process), and the end of a run.

The decisions are taken by one process in input order, which makes -j 1, -j 2,
resumed and Dask runs agree on which article is the first copy.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

from pipeline import catalog
from pipeline.engine.core import Fingerprint, Result, article_row, duplicate_result, failed_result
from pipeline.engine.dedupe import NUM_PERM, SHINGLE, THRESHOLD
from pipeline.engine.manifest import IdSet, RunState
from pipeline.engine.progress import summary
from pipeline.ingest import Article, ReadOptions, expand_inputs, read_one_input
from pipeline.output.parts import finalize
from pipeline.output.tables import columns


def keyed_articles(paths, options: ReadOptions):
    """``((file, record), Article)`` for every article of ``paths`` = ``[(file index, path), ...]``."""
    for number, path in paths:
        for record, article in enumerate(read_one_input(path, options)):
            yield (number, record), article


def numbered_inputs(inputs) -> list[tuple[int, str]]:
    return list(enumerate(expand_inputs(inputs)))


def run_settings(inputs, fmt: str, options: ReadOptions | None, layout: dict, disable: tuple = ()) -> dict:
    """What identifies a run for resuming (see :func:`pipeline.manifest.open_run`)."""
    options = options or ReadOptions()
    return {
        "inputs": [item if item == "-" else os.path.abspath(item) for item in inputs],
        "format": fmt,
        "options": {name: list(value) for name, value in vars(options).items()},
        "layout": layout,
        "components": [spec.factory for spec in catalog.ordered(disable)],
        "dedupe": {"threshold": THRESHOLD, "shingle": SHINGLE, "num_perm": NUM_PERM},
    }


@dataclass
class Decision:
    """What becomes of one admitted article: ``kind`` is "process", "duplicate", "error" or "unreadable"."""

    kind: str
    first: str | None = None            # duplicate_of
    reason: str | None = None           # error
    fingerprint: Fingerprint | None = None


class Ledger:
    """What is already done, seen or indexed; decides skips and duplicates in input order.

    Shared by the local and the Dask engines, so both decide alike.
    """

    def __init__(self, state: RunState):
        self.state = state
        self.generation = state.generation
        self.seen = IdSet()
        self.index = state.index
        self.skipped = Counter()

    def admit(self, doc_id: str) -> bool:
        """False for an article already in OUTDIR from an earlier run, or met before in this run."""
        if len(self.state.done_before) and doc_id in self.state.done_before:
            self.skipped["done before"] += 1
            return False
        if not self.seen.add_new(doc_id):
            self.skipped["repeated input"] += 1
            return False
        return True

    def decide(self, key: tuple, doc_id: str, status: str, found: Fingerprint | None) -> tuple[Decision, dict]:
        """The :class:`Decision` for one article, and its row of the part's index."""
        row = {"generation": self.generation, "file": key[0], "record": key[1], "doc_id": doc_id,
               "status": status, "signature": None}
        if status != "ok":
            return Decision("unreadable"), row
        if found.error:
            row["status"] = "error"
            return Decision("error", reason=found.error), row
        if found.signature is not None:
            order_key = (self.generation, *key)
            first = self.index.first_of(found.signature, order_key)
            if first is not None:
                row["status"] = "duplicate"
                return Decision("duplicate", first=first, fingerprint=found), row
            self.index.add(found.signature, order_key, doc_id)
            row["signature"] = found.signature.tobytes()
        return Decision("process"), row


def settled(decision: Decision, article: Article) -> Result | None:
    """The finished result of an article that needs no processing, else None."""
    if decision.kind == "unreadable":
        return Result(article_row(article), None)
    if decision.kind == "error":
        return failed_result(article, decision.reason)
    if decision.kind == "duplicate":
        return duplicate_result(article, decision.first, decision.fingerprint)
    return None


def conclude(state: RunState, outdir, fmt: str, started: float, statuses: Counter, skipped: int) -> dict:
    """Build the final tables from every part in OUTDIR, mark the generation finished, sum up."""
    manifest = state.manifest
    finalize(outdir, fmt, [entry["name"] for entry in manifest.ordered_parts()])
    totals = manifest.totals()
    result = summary(started, statuses, {table: totals.get(table, 0) for table in columns()},
                     skipped=skipped, generation=state.generation, resumed=state.resumed)
    manifest.append({"event": "finished", "generation": state.generation, "articles": result["articles"],
                     "seconds": result["seconds"]})
    state.index.close()
    return result
