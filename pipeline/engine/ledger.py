"""What both engines share: reading in input order, the run's settings, the decisions taken in
that order (skip, duplicate, process, reuse), and the end of a run.

Every run reads all its inputs and decides, strictly in input order, what becomes of each
article; one process takes these decisions, which makes -j 1, -j 2, resumed and Dask runs
agree on which article is the first copy. An article that an earlier run (or the killed
part of this one) already wrote with the same decision is *reused*: its rows stay where
they are. The final tables take every live article's rows in input order
(:func:`pipeline.output.parts.finalize`), so they are those of a clean run over the inputs.
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from importlib import metadata

from pipeline import catalog
from pipeline.engine.core import Fingerprint, Result, article_row, duplicate_result, failed_result, fingerprint
from pipeline.engine.dedupe import NUM_PERM, SHINGLE, THRESHOLD, DuplicateIndex
from pipeline.engine.manifest import IdSet, KnownArticle, RunState
from pipeline.engine.progress import summary
from pipeline.ingest import Article, Discovery, ReadOptions, read_input
from pipeline.output.csvfile import CsvWriter, csv_cell
from pipeline.output.datapackage import write_datapackage
from pipeline.output.files import atomic_file
from pipeline.output.parts import finalize
from pipeline.rules import patterns


def positioned_articles(discovery: Discovery, options: ReadOptions):
    """``(position, Article)`` for every article of the inputs, in input order."""
    position = 0
    for item in discovery:
        for article in read_input(item, options):
            yield position, article
            position += 1


def pipeline_fingerprint(disable: tuple = ()) -> str:
    """What made the rows: the components in order, every pattern file, tintrich's version.
    Rows of an earlier run are reused only when this is the same."""
    digest = hashlib.sha256()
    digest.update(" ".join(spec.factory for spec in catalog.ordered(disable)).encode())
    for path in sorted(patterns.folder().rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(patterns.folder()).as_posix().encode() + b"\0" + path.read_bytes())
    try:
        digest.update(metadata.version("tintrich").encode())
    except metadata.PackageNotFoundError:
        pass
    return digest.hexdigest()[:16]


def run_settings(inputs, fmt: str, options: ReadOptions | None, layout: dict, disable: tuple = ()) -> dict:
    """What identifies a run for resuming (see :func:`pipeline.engine.manifest.open_run`)."""
    options = options or ReadOptions()
    return {
        "inputs": [item if item == "-" else _printable(os.path.abspath(item)) for item in inputs],
        "format": fmt,
        "options": {name: list(value) if isinstance(value, tuple) else value for name, value in vars(options).items()},
        "layout": layout,
        "components": [spec.factory for spec in catalog.ordered(disable)],
        # rows made with another --published-year say other years: not reused
        "pipeline": pipeline_fingerprint(disable) + (f"+{options.published_year}" if options.published_year else ""),
        "dedupe": {"threshold": THRESHOLD, "shingle": SHINGLE, "num_perm": NUM_PERM},
    }


def _printable(path: str) -> str:
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass
class Decision:
    """What becomes of one article: ``kind`` is "process", "duplicate", "error" or "unreadable"."""

    kind: str
    first: str | None = None            # duplicate_of
    reason: str | None = None           # error
    fingerprint: Fingerprint | None = None

    def reuses(self, known: KnownArticle | None) -> bool:
        """True when ``known`` rows were written for this same decision."""
        if known is None:
            return False
        if self.kind == "duplicate":
            return known.status == "duplicate" and known.duplicate_of == self.first
        if self.kind == "process":
            return known.status not in ("duplicate",) and known.decision in ("process", None)
        return known.decision in (self.kind, None) and known.status != "duplicate"


@dataclass
class Live:
    """Where the rows of every live article are: part -> (rows of its index, positions)."""

    parts: dict[str, tuple[array, array]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    reused: int = 0
    reused_statuses: Counter = field(default_factory=Counter)

    def add(self, part: str, row: int, position: int, status: str) -> None:
        rows, positions = self.parts.setdefault(part, (array("q"), array("q")))
        rows.append(row)
        positions.append(position)
        self.statuses[status] += 1


class Ledger:
    """Admits articles (an input read twice counts once) and decides each in input order.

    Shared by the local and the Dask engines, so both decide alike.
    """

    def __init__(self, state: RunState):
        self.state = state
        self.generation = state.generation
        self.seen = IdSet()
        self.index = DuplicateIndex()
        self.skipped = Counter()
        self.live = Live()

    def admit(self, doc_id: str) -> bool:
        """False for an article met before in this run (the same input named twice)."""
        if not self.seen.add_new(doc_id):
            self.skipped["repeated input"] += 1
            return False
        return True

    def known(self, doc_id: str) -> KnownArticle | None:
        return self.state.known.get(doc_id)

    def decide(self, position: int, doc_id: str, status: str, found: Fingerprint | None) -> Decision:
        """The :class:`Decision` for one article (``found``: its fingerprint, None if unreadable)."""
        if status != "ok":
            return Decision("unreadable")
        if found.error:
            return Decision("error", reason=found.error, fingerprint=found)
        if found.signature is not None:
            first = self.index.first_of(found.signature, position)
            if first is not None:
                return Decision("duplicate", first=first, fingerprint=found)
            self.index.add(found.signature, position, doc_id)
        return Decision("process", fingerprint=found)

    def reuse(self, position: int, known: KnownArticle) -> None:
        """The article's rows are already in ``known.part``: nothing to do but remember where."""
        self.live.add(known.part, known.row, position, known.status)
        self.live.reused += 1
        self.live.reused_statuses[known.status] += 1


def known_fingerprint(known: KnownArticle | None) -> Fingerprint | None:
    """A known article's fingerprint from its part (its signature), else None."""
    if known is None or known.signature is None:
        return None
    return Fingerprint(signature=known.signature)


def settled(decision: Decision, article: Article) -> Result | None:
    """The finished result of an article that needs no processing, else None."""
    if decision.kind == "unreadable":
        return Result(article_row(article), None)
    if decision.kind == "error":
        return failed_result(article, decision.reason)
    if decision.kind == "duplicate":
        found = decision.fingerprint
        if found.sha1 is None:   # a known article that has become a copy: its sizes are not at hand
            found = fingerprint(article)
        return duplicate_result(article, decision.first, found)
    return None


def index_row(decision: Decision, result: Result, position: int) -> dict:
    """The row of a part's index for one written article."""
    found = decision.fingerprint
    signature = found.signature if found is not None and decision.kind in ("process", "duplicate") else None
    return {"generation": 0, "position": position, "doc_id": result.article["doc_id"], "decision": decision.kind,
            "status": result.article["status"], "duplicate_of": result.article.get("duplicate_of"),
            "signature": None if signature is None else signature.tobytes()}


def conclude(state: RunState, ledger: Ledger, outdir, fmt: str, started: float, skipped_inputs: list) -> dict:
    """Build the final tables from the live rows in OUTDIR, say what was not read and how the
    tables were made (``skipped.csv``, ``datapackage.json``), mark the generation finished, sum up."""
    rows = finalize(outdir, fmt, ledger.live.parts)
    write_skipped(outdir, skipped_inputs)
    reasons = Counter(reason for _, reason in skipped_inputs)
    reasons.update(ledger.skipped)
    result = summary(started, ledger.live.statuses, rows, skipped=dict(reasons), generation=state.generation,
                     resumed=state.resumed, reused=ledger.live.reused,
                     new_copies=ledger.live.statuses["duplicate"] - ledger.live.reused_statuses["duplicate"])
    write_datapackage(outdir, fmt, result, sys.argv, state.manifest.runs[state.generation]["inputs"], started,
                      time.time())
    state.manifest.append({"event": "finished", "generation": state.generation, "articles": result["articles"],
                           "seconds": result["seconds"]})
    ledger.index.close()
    state.lock.release()
    return result


def write_skipped(outdir, skipped: list[tuple[str, str]]) -> None:
    """``OUTDIR/skipped.csv``: every file of the inputs that was not read, and why."""
    with atomic_file(os.path.join(outdir, "skipped.csv"), "w", encoding="utf-8", newline="") as handle:
        writer = CsvWriter(handle)
        writer.writerow(["path", "reason"])
        for path, reason in skipped:
            writer.writerow([csv_cell(path), csv_cell(reason)])

