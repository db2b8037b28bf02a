"""What a run has done, so that a killed run can be resumed and a later run adds only new articles.

``OUTDIR/manifest.jsonl`` is append-only, one JSON object per line, each line
flushed and fsync'ed before the run goes on:

    {"event": "run", "generation": 1, "inputs": [...], "format": "csv", "pipeline": "3f2a...", ...}
    {"event": "part", "generation": 1, "name": "g0001-p000000", "articles": 500, "rows": {...}}
    {"event": "finished", "generation": 1, ...}

A *generation* is one run. A part line is written only after every file of the
part is complete (see :mod:`pipeline.output.parts`), so a part is either listed
and whole, or not there. A torn last line (a kill in mid-write) is ignored.

Every run reads all its inputs in order and decides anew what each article is
(:mod:`pipeline.engine.ledger`); an article already in a part, with the same
decision and made by the same pipeline (components, patterns, tintrich version:
the ``pipeline`` fingerprint), is not processed again (:class:`KnownArticles`).
So a killed run resumes, a grown folder adds only its new articles, and whatever
files were added, renamed or removed in between, the tables are those a clean
run over the inputs would write. ``resume=False`` removes the previous run's
files first. One run at a time writes into an OUTDIR (:class:`OutputLock`).
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

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
        """Every part, in the order it was written."""
        return sorted(self.parts.values(), key=lambda e: (e["generation"], e["name"]))

    def pipeline_of(self, generation: int) -> str | None:
        return self.runs.get(generation, {}).get("pipeline")


def _fresh(outdir: Path) -> None:
    """Remove what a previous run wrote (only tintrich's own files)."""
    remove_outputs(outdir)
    (outdir / NAME).unlink(missing_ok=True)


class RunLocked(RuntimeError):
    """Another run is writing into the same OUTDIR."""


class OutputLock:
    """An exclusive lock on OUTDIR for the length of a run (``OUTDIR/.tintrich.lock``, flock):
    a second run into the same folder stops at once with one line, and no rows are lost."""

    NAME = ".tintrich.lock"

    def __init__(self, outdir: Path):
        self.path = outdir / self.NAME
        self.handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            raise RunLocked(f"{outdir} is being written by another tintrich run ({holder}); "
                            f"wait for it to end, or write into another folder") from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"pid {os.getpid()}")
        self.handle.flush()

    def release(self) -> None:
        if not self.handle.closed:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


@dataclass
class KnownArticle:
    """An article already written in a part: where, and what was decided of it."""

    part: str
    row: int
    status: str                 # the article's status in articles.csv
    duplicate_of: str | None
    signature: np.ndarray | None
    decision: str | None        # process, duplicate, error, unreadable (None in parts of older versions)


class KnownArticles:
    """The articles of OUTDIR's parts that this run may reuse: those written by the same pipeline.
    The latest part holding a doc_id wins. Signatures are read from a part's index when asked."""

    def __init__(self, manifest: Manifest, fmt: str, pipeline: str):
        self.outdir, self.fmt = manifest.outdir, fmt
        self.parts = [entry["name"] for entry in manifest.ordered_parts()
                      if manifest.pipeline_of(entry["generation"]) == pipeline]
        hashes, parts, rows = [], [], []
        for number, name in enumerate(self.parts):
            doc_ids = self._index(name).column("doc_id").to_pylist()
            hashes += [_id_hash(doc_id) for doc_id in doc_ids]
            parts += [number] * len(doc_ids)
            rows += range(len(doc_ids))
        order = np.lexsort((np.array(parts, dtype=np.int64), np.array(hashes, dtype=np.uint64)))
        self.hashes = np.array(hashes, dtype=np.uint64)[order]
        self.part_of = np.array(parts, dtype=np.int32)[order]
        self.row_of = np.array(rows, dtype=np.int32)[order]
        self._cache: dict[str, dict] = {}

    def __len__(self) -> int:
        return len(self.hashes)

    def _index(self, name: str):
        return read_index(part_path(self.outdir, INDEX, name, self.fmt))

    def get(self, doc_id: str) -> KnownArticle | None:
        """What the latest part holding ``doc_id`` says of it, or None."""
        key = np.uint64(_id_hash(doc_id))
        right = int(self.hashes.searchsorted(key, side="right"))
        if not right or self.hashes[right - 1] != key:
            return None
        name = self.parts[int(self.part_of[right - 1])]
        row = int(self.row_of[right - 1])
        index = self._rows(name)
        if index["doc_id"][row] != doc_id:   # a 64-bit hash collision
            return None
        signature = index["signature"][row]
        return KnownArticle(name, row, index["status"][row], _column(index, "duplicate_of", row),
                            None if signature is None else np.frombuffer(signature, dtype=np.uint32),
                            _column(index, "decision", row))

    def _rows(self, name: str) -> dict:
        if name not in self._cache:
            if len(self._cache) > 64:   # parts are met mostly in order: keep a few
                self._cache.pop(next(iter(self._cache)))
            self._cache[name] = self._index(name).to_pydict()
        return self._cache[name]


def _column(index: dict, name: str, row: int):
    """A value of a part's index, None for a column that parts of older versions do not have."""
    values = index.get(name)
    return values[row] if values is not None else None


@dataclass
class RunState:
    """Where a run starts from: its generation, and what earlier runs wrote that it may reuse."""

    manifest: Manifest
    generation: int
    resumed: bool
    known: KnownArticles
    lock: OutputLock
    next_part: int   # the number of the next part of this generation: above every part it has written


def open_run(outdir, settings: dict, resume: bool = True) -> RunState:
    """Lock OUTDIR, read its manifest and start (or resume) a generation with ``settings``.

    ``settings`` holds what a resumed generation must share: ``inputs``, ``format``,
    ``options``, ``layout``, ``pipeline``; and informative fields (``components``, ``engine``).
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    lock = OutputLock(outdir)
    try:
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
        known = KnownArticles(manifest, settings["format"], settings["pipeline"])
        next_part = 1 + max((int(name.rsplit("-", 1)[1][1:]) for name in manifest.parts_of(generation)), default=-1)
    except BaseException:
        lock.release()
        raise
    return RunState(manifest, generation, resumed, known, lock, next_part)


def _generation(manifest: Manifest, settings: dict) -> tuple[int, bool]:
    """(generation, resumed): the last one if it is unfinished and had these settings, else a new one."""
    last = max(manifest.runs, default=0)
    if last and last not in manifest.finished and all(
            manifest.runs[last].get(key) == settings[key]
            for key in ("inputs", "format", "options", "layout", "pipeline")):
        return last, True
    manifest.append({"event": "run", "generation": last + 1, "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
                     **settings})
    return last + 1, False
