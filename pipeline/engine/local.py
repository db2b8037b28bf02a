"""The local engine: every core of one machine, streaming, in parts, resumable.

One coordinator process reads the inputs (in input order) and hands *chunks* of
articles to ``-j`` worker processes, each of which loads the spaCy pipeline
once. A chunk goes through two steps on the workers:

1. :func:`pipeline.engine.core.fingerprint` (normalize, MinHash signature), unless
   an earlier run wrote the article and its signature already;
2. back on the coordinator, in input order, the :class:`Ledger` decides which
   articles are later copies of earlier ones (``status="duplicate"``, not
   processed again), which an earlier run already wrote the same way (reused),
   and sends the others to :func:`pipeline.engine.core.process`.

Results are gathered into *parts* of ``TINTRICH_PART_ARTICLES`` articles
(default 500) and written as soon as a part is complete (:func:`pipeline.output.parts.write_part`),
then listed in the manifest. At most ``4 x jobs`` chunks are in flight, so memory
does not grow with the corpus. With ``-j 1`` everything runs in this process.

A worker that dies (killed, out of memory) breaks the pool: the pool is
restarted and the articles it held are redone one at a time, so the one that
kills a worker ends as an ``error`` row and the run goes on. Each article has
a wall-clock limit (``TINTRICH_ARTICLE_TIMEOUT``) on top of the patterns' own.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.engine.core import Fingerprint, failed_result, fingerprint_articles, process_articles, table_pipeline
from pipeline.engine.ledger import (Ledger, conclude, index_row, known_fingerprint, positioned_articles,
                                    run_settings, settled)
from pipeline.engine.manifest import open_run
from pipeline.engine.progress import progress_bar
from pipeline.ingest import Discovery, ReadOptions
from pipeline.output.parts import write_part

#: articles per worker task (``TINTRICH_CHUNK_ARTICLES``)
CHUNK_ARTICLES = 16
#: articles per part file, the unit that is written, and redone after a kill (``TINTRICH_PART_ARTICLES``)
PART_ARTICLES = 500
#: chunks in flight per worker
IN_FLIGHT_PER_WORKER = 4

WORKER_DIED = "worker process died while processing this article (killed, or out of memory)"


# ---------------------------------------------------------------- worker side

def start_worker(disable: tuple[str, ...] = ()) -> None:
    """Worker initializer: die with the coordinator, leave Ctrl-C to it, load the pipeline once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    table_pipeline(disable)


def _die_with_parent() -> None:
    """A worker must not outlive a coordinator killed with SIGKILL (it would wait forever)."""
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="tintrich-parent-watch").start()


# ---------------------------------------------------------------- the local engine

class InlineExecutor:
    """The executor of ``-j 1``: runs each task at once, in this process."""

    def submit(self, function, *args) -> Future:
        future = Future()
        try:
            future.set_result(function(*args))
        except BaseException as error:  # handed to the caller like a pool would
            future.set_exception(error)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


@dataclass
class Part:
    """Articles whose rows are written together as one part, once all their results are in."""

    name: str
    results: dict = field(default_factory=dict)     # position -> Result
    decisions: dict = field(default_factory=dict)   # position -> Decision
    expected: int = 0
    closed: bool = False

    @property
    def complete(self) -> bool:
        return self.closed and len(self.results) == self.expected


@dataclass
class Chunk:
    number: int
    items: list                                   # [(position, Article)]
    known: dict = field(default_factory=dict)     # position -> KnownArticle | None
    fingerprints: dict = field(default_factory=dict)
    cleaned: dict = field(default_factory=dict)   # position -> normalized text, until processed
    waiting: int = 0                              # fingerprints still to come


@dataclass
class Task:
    step: str        # "fingerprint" | "process"
    chunk: Chunk
    items: list      # [(position, Article)] sent to the worker
    parts: dict = field(default_factory=dict)     # position -> Part (process tasks)
    isolated: bool = False


class LocalRun:
    """One run of the local engine (see module docstring)."""

    def __init__(self, inputs, outdir, fmt: str, jobs: int, options: ReadOptions | None, progress: bool,
                 resume: bool, part_articles: int = PART_ARTICLES, chunk_articles: int = CHUNK_ARTICLES,
                 disable: tuple[str, ...] = (), include_hidden: bool = False):
        if part_articles < 1 or chunk_articles < 1:
            raise ValueError("TINTRICH_PART_ARTICLES and TINTRICH_CHUNK_ARTICLES must be positive")
        self.started = time.time()
        self.outdir = Path(outdir)
        self.fmt, self.jobs, self.progress = fmt, jobs, progress
        self.options = options or ReadOptions()
        self.discovery = Discovery(list(inputs), include_hidden=include_hidden, outdir=str(outdir))
        self.part_articles = part_articles
        self.chunk_articles = max(1, min(chunk_articles, part_articles))
        self.disable = tuple(disable)
        settings = run_settings(inputs, fmt, options, {"engine": "local"}, self.disable)
        self.state = open_run(outdir, settings, resume)
        self.ledger = Ledger(self.state)
        self.pending: dict[Future, Task] = {}
        self.fingerprinted: dict[int, Chunk] = {}
        self.next_decision = 0
        self.isolation: list[Task] = []
        self.executor = None
        self.broken = False
        self.part: Part | None = None
        self.parts_open: list[Part] = []

    # -- reading
    def chunks(self):
        """Chunks of admitted articles, in input order."""
        buffer, number = [], 0
        for position, article in positioned_articles(self.discovery, self.options):
            if not self.ledger.admit(article.doc_id):
                continue
            buffer.append((position, article))
            if len(buffer) == self.chunk_articles:
                yield Chunk(number, buffer)
                number, buffer = number + 1, []
        if buffer:
            yield Chunk(number, buffer)

    # -- parts
    def place(self, position: int, decision) -> Part:
        """The open part an article to be written goes into (a new one when it is full)."""
        if self.part is None or self.part.expected == self.part_articles:
            if self.part is not None:
                self.part.closed = True
            self.part = Part(f"g{self.state.generation:04d}-p{self.state.next_part:06d}")
            self.state.next_part += 1
            self.parts_open.append(self.part)
        self.part.expected += 1
        self.part.decisions[position] = decision
        return self.part

    def write_complete(self) -> None:
        """Write every part whose results are all in, and take it out of memory."""
        for part in [p for p in self.parts_open if p.complete]:
            positions = sorted(part.results)
            results = [part.results[p] for p in positions]
            rows = write_part(self.outdir, part.name, self.fmt, results,
                              [index_row(part.decisions[p], part.results[p], p) for p in positions])
            self.state.manifest.append({"event": "part", "generation": self.state.generation, "name": part.name,
                                        "articles": len(positions), "rows": rows})
            for row, (position, result) in enumerate(zip(positions, results)):
                self.ledger.live.add(part.name, row, position, result.article["status"])
            self.parts_open.remove(part)

    def finish(self, parts: dict, positions: list, results: list) -> None:
        for position, result in zip(positions, results):
            parts[position].results[position] = result
        self.bar.update(len(results))
        self.write_complete()

    # -- tasks
    def submit(self, task: Task) -> None:
        articles = [article for _, article in task.items]
        try:
            if task.step == "fingerprint":
                future = self.executor.submit(fingerprint_articles, articles)
            else:
                cleaned = [task.chunk.cleaned.get(position) for position, _ in task.items]
                future = self.executor.submit(process_articles, articles, cleaned, self.fmt == "csv", self.disable)
        except BrokenProcessPool:
            future = Future()
            future.set_exception(BrokenProcessPool("pool broken"))
        self.pending[future] = task

    def start_chunk(self, chunk: Chunk) -> None:
        """Look up what is known of each article; the others that can be read are fingerprinted."""
        todo = []
        for position, article in chunk.items:
            known = self.ledger.known(article.doc_id)
            chunk.known[position] = known
            found = known_fingerprint(known)
            if found is not None:
                chunk.fingerprints[position] = found
            elif article.status == "ok":
                todo.append((position, article))
        chunk.waiting = len(todo)
        if todo:
            self.submit(Task("fingerprint", chunk, todo))
        else:
            self.fingerprinted[chunk.number] = chunk

    def fingerprints_arrived(self, task: Task, found: list[Fingerprint]) -> None:
        chunk = task.chunk
        for (position, _), fingerprint_ in zip(task.items, found):
            if fingerprint_.cleaned is not None:
                chunk.cleaned[position] = fingerprint_.cleaned
                fingerprint_.cleaned = None
            chunk.fingerprints[position] = fingerprint_
            chunk.waiting -= 1
        if chunk.waiting == 0:
            self.fingerprinted[chunk.number] = chunk

    def decide_in_order(self) -> None:
        """Decide chunk by chunk, strictly in input order: reuse, settle, or send to be processed."""
        while self.next_decision in self.fingerprinted:
            chunk = self.fingerprinted.pop(self.next_decision)
            self.next_decision += 1
            settled_parts, settled_positions, settled_results, to_process, parts = {}, [], [], [], {}
            for position, article in chunk.items:
                known = chunk.known[position]
                decision = self.ledger.decide(position, article.doc_id, article.status, chunk.fingerprints.get(position))
                if decision.reuses(known):
                    self.ledger.reuse(position, known)
                    self.bar.update(1)
                    continue
                part = self.place(position, decision)
                result = settled(decision, article)
                if result is None:
                    to_process.append((position, article))
                    parts[position] = part
                else:
                    settled_parts[position] = part
                    settled_positions.append(position)
                    settled_results.append(result)
                    chunk.cleaned.pop(position, None)
            if to_process:
                self.submit(Task("process", chunk, to_process, parts))
            self.finish(settled_parts, settled_positions, settled_results)

    def task_done(self, task: Task, future: Future) -> None:
        try:
            value = future.result()
        except BrokenProcessPool:
            self.broken = True
            if task.isolated:  # this article alone broke a fresh pool: it is the culprit
                [(position, article)] = task.items
                if task.step == "fingerprint":
                    self.fingerprints_arrived(task, [Fingerprint(error=WORKER_DIED)])
                else:
                    self.finish(task.parts, [position], [failed_result(article, WORKER_DIED)])
            else:
                self.isolation.extend(Task(task.step, task.chunk, [item], task.parts, isolated=True)
                                      for item in task.items)
            return
        if task.step == "fingerprint":
            self.fingerprints_arrived(task, value)
        else:
            for position, _ in task.items:
                task.chunk.cleaned.pop(position, None)
            self.finish(task.parts, [position for position, _ in task.items], value)

    def restart_pool(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self.new_executor()
        self.broken = False

    def new_executor(self):
        if self.jobs == 1:
            return InlineExecutor()
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                   initializer=start_worker, initargs=(self.disable,))

    # -- the loop
    def execute(self) -> dict:
        self.executor = self.new_executor()
        self.bar = progress_bar(self.progress)
        try:
            self.loop()
            if self.part is not None:
                self.part.closed = True
            self.write_complete()
        except BaseException:
            self.state.lock.release()
            raise
        finally:
            self.bar.close()
            self.executor.shutdown(wait=True, cancel_futures=True)
        return conclude(self.state, self.ledger, self.outdir, self.fmt, self.started, self.discovery.skipped)

    def loop(self) -> None:
        limit = IN_FLIGHT_PER_WORKER * self.jobs
        chunks = self.chunks()
        exhausted = False
        while True:
            if self.isolation and not self.pending:
                if self.broken:
                    self.restart_pool()
                self.submit(self.isolation.pop(0))  # one at a time: a crash then names its article
            while not exhausted and not self.isolation and len(self.pending) + len(self.fingerprinted) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                self.start_chunk(chunk)
                self.decide_in_order()
            self.decide_in_order()
            if not self.pending:
                if exhausted and not self.isolation:
                    return
                continue
            done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
            for future in done:
                self.task_done(self.pending.pop(future), future)
            self.decide_in_order()


def env_count(name: str, default: int) -> int:
    """A positive whole number from the environment, or a ValueError that names the variable."""
    value = os.environ.get(name, str(default))
    if not value.strip().isdigit() or int(value) < 1:
        raise ValueError(f"{name}={value!r}: must be a positive whole number")
    return int(value)


def run_local(inputs, outdir, fmt: str = "csv", jobs: int = 1, options=None, progress: bool = True,
              resume: bool = True, disable: tuple[str, ...] = (), include_hidden: bool = False) -> dict:
    """Run the local engine; returns the summary of :func:`pipeline.engine.progress.summary`."""
    part = env_count("TINTRICH_PART_ARTICLES", PART_ARTICLES)
    chunk = env_count("TINTRICH_CHUNK_ARTICLES", CHUNK_ARTICLES)
    return LocalRun(inputs, outdir, fmt, jobs, options, progress, resume, part, chunk, disable,
                    include_hidden).execute()
