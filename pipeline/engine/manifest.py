"""What a run has done, so that a killed run can be resumed and a later run adds only new articles.

``OUTDIR/manifest.jsonl`` is append-only, one JSON object per line, each line
flushed and fsync'ed before the run goes on:

    {"event": "run", "generation": 1, "inputs": [...], "format": "csv", "layout": {...}, ...}
    {"event": "part", "generation": 1, "name": "g0001-p000000", "first": [0, 0], "last": [3, 0], "articles": 500, "rows": {...}}
    {"event": "finished", "generation": 1, ...}

A *generation* is one run over a set of inputs. A part line is written only
after every file of the part is complete (see :mod:`pipeline.output.parts`), so a part
is either listed and whole, or redone. A torn last line (a kill in mid-write)
is ignored.

On start (:func:`open_run`): if the last generation is unfinished and was
started with the same inputs, format, options and part layout, it is
*resumed* (its listed parts are kept, the rest is redone with the same order
keys); otherwise a new generation starts, and every article already in OUTDIR
(same doc_id) is skipped, so only new articles are added. ``resume=False``
removes the previous run's files first.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pipeline.engine.dedupe import DuplicateIndex
from pipeline.output.files import read_json_lines
from pipeline.output.parts import INDEX, clear_temporaries, part_path, read_index, remove_outputs

NAME = "manifest.jsonl"


class ManifestMismatch(ValueError):
    """OUTDIR holds a run that cannot be continued with these settings (e.g. another format)."""


def _id_hash(doc_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "little")


class IdSet:
    """A set of doc_ids in ~8 bytes each: sorted 64-bit hashes plus a small set of recent ones."""

    MERGE_EVERY = 65536

    def __init__(self):
        self.sorted = np.empty(0, dtype=np.uint64)
        self.recent: set[int] = set()

    def add(self, doc_id: str) -> None:
        self.add_new(doc_id)

    def add_new(self, doc_id: str) -> bool:
        """Add ``doc_id``; False if it was already there."""
        key = _id_hash(doc_id)
        if key in self.recent or self._in_sorted(key):
            return False
        self.recent.add(key)
        if len(self.recent) >= self.MERGE_EVERY:
            merged = np.concatenate([self.sorted, np.fromiter(self.recent, dtype=np.uint64, count=len(self.recent))])
            self.sorted, self.recent = np.unique(merged), set()
        return True

    def _in_sorted(self, key: int) -> bool:
        if not len(self.sorted):
            return False
        position = int(self.sorted.searchsorted(np.uint64(key)))
        return position < len(self.sorted) and int(self.sorted[position]) == key

    def __contains__(self, doc_id: str) -> bool:
        key = _id_hash(doc_id)
        return key in self.recent or self._in_sorted(key)

    def __len__(self) -> int:
        return len(self.sorted) + len(self.recent)


@dataclass
class Manifest:
    """The parsed ``manifest.jsonl`` of one OUTDIR."""

    outdir: Path
    runs: dict[int, dict] = field(default_factory=dict)
    parts: dict[str, dict] = field(default_factory=dict)
    finished: set[int] = field(default_factory=set)

    @property
    def path(self) -> Path:
        return self.outdir / NAME

    @classmethod
    def load(cls, outdir) -> "Manifest":
        manifest = cls(Path(outdir))
        if manifest.path.exists():
            for entry in read_json_lines(manifest.path, errors="strict"):   # a torn last line is skipped
                manifest.record(entry)
        return manifest

    def append(self, entry: dict) -> None:
        """Add one line, durably (flush + fsync) before returning."""
        self.outdir.mkdir(parents=True, exist_ok=True)
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        self.record(entry)

    def record(self, entry: dict) -> None:
        """Take one manifest line into memory."""
        event = entry.get("event")
        if event == "run":
            self.runs[entry["generation"]] = entry
        elif event == "part":
            self.parts[entry["name"]] = entry
        elif event == "finished":
            self.finished.add(entry["generation"])

    def parts_of(self, generation: int) -> dict[str, dict]:
        return {name: entry for name, entry in self.parts.items() if entry["generation"] == generation}

    def ordered_parts(self) -> list[dict]:
        """Every part, in table order: by generation, then by the order key of its first article."""
        return sorted(self.parts.values(), key=lambda e: (e["generation"], tuple(e["first"]), e["name"]))

    def totals(self) -> dict[str, int]:
        """Rows per table over all parts."""
        totals: dict[str, int] = {}
        for entry in self.parts.values():
            for table, count in entry["rows"].items():
                totals[table] = totals.get(table, 0) + count
        return totals


def _fresh(outdir: Path) -> None:
    """Remove what a previous run wrote (only tintrich's own files)."""
    remove_outputs(outdir)
    (outdir / NAME).unlink(missing_ok=True)


@dataclass
class RunState:
    """Where a run starts from: its generation, what is done, and the index of first copies."""

    manifest: Manifest
    generation: int
    resumed: bool
    done_parts: set[str]
    done_before: IdSet
    index: DuplicateIndex


def open_run(outdir, settings: dict, resume: bool = True) -> RunState:
    """Read OUTDIR's manifest and start (or resume) a generation with ``settings``.

    ``settings`` holds what must not change for a resume: ``inputs``, ``format``,
    ``options``, ``layout``; plus informative fields (``components``, ``engine``).
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if not resume:
        _fresh(outdir)
    clear_temporaries(outdir)
    manifest = Manifest.load(outdir)
    formats = {run["format"] for run in manifest.runs.values()}
    if formats and formats != {settings["format"]}:
        raise ManifestMismatch(
            f"{outdir} holds a {'/'.join(sorted(formats))} run; use --format {'/'.join(sorted(formats))} "
            f"or --no-resume to start over")
    generation, resumed = _generation(manifest, settings)
    components = {tuple(run.get("components", ())) for run in manifest.runs.values()}
    if len(components) > 1:
        print(f"tintrich: warning: {outdir} holds rows made with other pipeline components "
              f"than this run's; tables mix them", file=sys.stderr)
    done_before, index = _done(manifest, settings["format"], generation)
    return RunState(manifest, generation, resumed, set(manifest.parts_of(generation)), done_before, index)


def _generation(manifest: Manifest, settings: dict) -> tuple[int, bool]:
    """(generation, resumed): the last one if it is unfinished and had these settings, else a new one."""
    last = max(manifest.runs, default=0)
    if last and last not in manifest.finished and all(
            manifest.runs[last].get(key) == settings[key] for key in ("inputs", "format", "options", "layout")):
        return last, True
    manifest.append({"event": "run", "generation": last + 1, "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
                     **settings})
    return last + 1, False


def _done(manifest: Manifest, fmt: str, generation: int) -> tuple[IdSet, DuplicateIndex]:
    """The doc_ids of earlier generations, and the dedupe index of every first copy written."""
    done_before, index = IdSet(), DuplicateIndex()
    for entry in manifest.ordered_parts():
        rows = read_index(part_path(manifest.outdir, INDEX, entry["name"], fmt)).to_pydict()
        for number, doc_id in enumerate(rows["doc_id"]):
            if entry["generation"] < generation:
                done_before.add(doc_id)
            signature = rows["signature"][number]
            if signature is not None:
                key = (rows["generation"][number], rows["file"][number], rows["record"][number])
                index.add(np.frombuffer(signature, dtype=np.uint32), key, doc_id)
    return done_before, index
