"""The local engine: every core of one machine, streaming, in parts, resumable.

One coordinator process reads the inputs (in input order) and hands *chunks* of
articles to ``-j`` worker processes, each of which loads the spaCy pipeline
once. A chunk goes through two steps on the workers:

1. :func:`pipeline.engine.core.fingerprint` (normalize, MinHash signature);
2. back on the coordinator, in input order, the :class:`Ledger` decides which
   articles are later copies of earlier ones (``status="duplicate"``, not
   processed again); the others go to :func:`pipeline.engine.core.process`.

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
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import catalog
from pipeline.engine.core import Fingerprint, failed_result, fingerprint_articles, process_articles
from pipeline.engine.ledger import Ledger, conclude, keyed_articles, numbered_inputs, run_settings, settled
from pipeline.engine.manifest import open_run
from pipeline.engine.progress import progress_bar
from pipeline.ingest import ReadOptions
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
    catalog.load(disable)


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
    name: str
    results: dict = field(default_factory=dict)    # key -> Result
    index_rows: dict = field(default_factory=dict)  # key -> index row
    expected: int = 0
    closed: bool = False

    @property
    def complete(self) -> bool:
        return self.closed and len(self.results) == self.expected


@dataclass
class Chunk:
    number: int
    part: Part
    items: list  # [(key, Article)]
    doc_ids: dict = field(default_factory=dict)  # key -> doc_id
    fingerprints: dict | None = None
    cleaned: dict = field(default_factory=dict)  # key -> normalized text, until processed


@dataclass
class Task:
    step: str        # "fingerprint" | "process"
    chunk: Chunk
    items: list      # [(key, Article)] sent to the worker
    isolated: bool = False


class LocalRun:
    """One run of the local engine (see module docstring)."""

    def __init__(self, inputs, outdir, fmt: str, jobs: int, options: ReadOptions | None, progress: bool,
                 resume: bool, part_articles: int = PART_ARTICLES, chunk_articles: int = CHUNK_ARTICLES,
                 disable: tuple[str, ...] = ()):
        self.started = time.time()
        self.outdir = Path(outdir)
        self.fmt = fmt
        self.jobs = jobs
        self.options = options or ReadOptions()
        self.inputs = list(inputs)
        self.part_articles = part_articles
        self.chunk_articles = max(1, min(chunk_articles, part_articles))
        self.disable = tuple(disable)
        settings = run_settings(inputs, fmt, options, {"engine": "local", "part_articles": part_articles}, self.disable)
        self.state = open_run(outdir, settings, resume)
        self.ledger = Ledger(self.state)
        self.progress = progress
        self.statuses = Counter()
        self.pending: dict[Future, Task] = {}
        self.fingerprinted: dict[int, Chunk] = {}
        self.next_decision = 0
        self.isolation: list[Task] = []
        self.executor = None
        self.broken = False

    # -- reading
    def chunks(self):
        """Chunks of admitted articles in input order; parts already done are skipped."""
        generation = self.state.generation
        admitted, part, buffer, doc_ids, number = 0, None, [], {}, 0
        for key, article in keyed_articles(numbered_inputs(self.inputs), self.options):
            doc_id = article.doc_id
            if not self.ledger.admit(doc_id):
                continue
            name = f"g{generation:04d}-p{admitted // self.part_articles:06d}"
            admitted += 1
            if part is None or part.name != name:
                if buffer:
                    yield Chunk(number, part, buffer, doc_ids)
                    number, buffer, doc_ids = number + 1, [], {}
                if part is not None:
                    self.close(part)
                part = Part(name)
            if name in self.state.done_parts:
                continue
            part.expected += 1
            buffer.append((key, article))
            doc_ids[key] = doc_id
            if len(buffer) == self.chunk_articles:
                yield Chunk(number, part, buffer, doc_ids)
                number, buffer, doc_ids = number + 1, [], {}
        if buffer:
            yield Chunk(number, part, buffer, doc_ids)
        if part is not None:
            self.close(part)

    # -- parts
    def close(self, part: Part) -> None:
        part.closed = True
        self.write_if_complete(part)

    def write_if_complete(self, part: Part) -> None:
        if not part.complete or part.expected == 0:
            return
        keys = sorted(part.results)
        results = [part.results[key] for key in keys]
        rows = write_part(self.outdir, part.name, self.fmt, results, [part.index_rows[key] for key in keys])
        self.state.manifest.append({"event": "part", "generation": self.state.generation, "name": part.name,
                                    "first": list(keys[0]), "last": list(keys[-1]), "articles": len(keys),
                                    "rows": rows})
        part.results, part.index_rows = {}, {}
        part.expected = -1  # written

    def finish(self, chunk: Chunk, keys: list, results: list) -> None:
        for key, result in zip(keys, results):
            chunk.part.results[key] = result
            self.statuses[result.article["status"]] += 1
        self.bar.update(len(results))
        self.write_if_complete(chunk.part)

    # -- tasks
    def submit(self, task: Task) -> None:
        articles = [article for _, article in task.items]
        try:
            if task.step == "fingerprint":
                future = self.executor.submit(fingerprint_articles, articles)
            else:
                cleaned = [task.chunk.cleaned.get(key) for key, _ in task.items]
                future = self.executor.submit(process_articles, articles, cleaned, self.fmt == "csv", self.disable)
        except BrokenProcessPool:
            future = Future()
            future.set_exception(BrokenProcessPool("pool broken"))
        self.pending[future] = task

    def start_chunk(self, chunk: Chunk) -> None:
        ok = [(key, article) for key, article in chunk.items if article.status == "ok"]
        chunk.fingerprints = {} if ok else None
        if ok:
            self.submit(Task("fingerprint", chunk, ok))
        else:
            self.fingerprinted[chunk.number] = chunk

    def fingerprints_arrived(self, task: Task, found: list[Fingerprint]) -> None:
        chunk = task.chunk
        for (key, _), fingerprint_ in zip(task.items, found):
            if fingerprint_.cleaned is not None:
                chunk.cleaned[key] = fingerprint_.cleaned
                fingerprint_.cleaned = None
            chunk.fingerprints[key] = fingerprint_
        ok = sum(1 for _, article in chunk.items if article.status == "ok")
        if len(chunk.fingerprints) == ok:
            self.fingerprinted[chunk.number] = chunk

    def decide_in_order(self) -> None:
        """Decide duplicates chunk by chunk, strictly in input order, then send the rest to be processed."""
        while self.next_decision in self.fingerprinted:
            chunk = self.fingerprinted.pop(self.next_decision)
            self.next_decision += 1
            done_keys, done_results, to_process = [], [], []
            for key, article in chunk.items:
                found = chunk.fingerprints.get(key) if chunk.fingerprints is not None else None
                decision, row = self.ledger.decide(key, chunk.doc_ids[key], article.status, found)
                chunk.part.index_rows[key] = row
                result = settled(decision, article)
                if result is None:
                    to_process.append((key, article))
                else:
                    done_keys.append(key)
                    done_results.append(result)
            for key in done_keys:
                chunk.cleaned.pop(key, None)
            if to_process:
                self.submit(Task("process", chunk, to_process))
            self.finish(chunk, done_keys, done_results)

    def task_done(self, task: Task, future: Future) -> None:
        try:
            value = future.result()
        except BrokenProcessPool:
            self.broken = True
            if task.isolated:  # this article alone broke a fresh pool: it is the culprit
                [(key, article)] = task.items
                if task.step == "fingerprint":
                    self.fingerprints_arrived(task, [Fingerprint(error=WORKER_DIED)])
                else:
                    self.finish(task.chunk, [key], [failed_result(article, WORKER_DIED)])
            else:
                self.isolation.extend(Task(task.step, task.chunk, [item], isolated=True) for item in task.items)
            return
        if task.step == "fingerprint":
            self.fingerprints_arrived(task, value)
        else:
            for key, _ in task.items:
                task.chunk.cleaned.pop(key, None)
            self.finish(task.chunk, [key for key, _ in task.items], value)

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
        limit = IN_FLIGHT_PER_WORKER * self.jobs
        chunks = self.chunks()
        exhausted = False
        try:
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
                        break
                    continue
                done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
                for future in done:
                    self.task_done(self.pending.pop(future), future)
                self.decide_in_order()
        finally:
            self.bar.close()
            self.executor.shutdown(wait=True, cancel_futures=True)
        return conclude(self.state, self.outdir, self.fmt, self.started, self.statuses,
                        sum(self.ledger.skipped.values()))



def run_local(inputs, outdir, fmt: str = "csv", jobs: int = 1, options=None, progress: bool = True,
              resume: bool = True, disable: tuple[str, ...] = ()) -> dict:
    """Run the local engine; returns the summary of :func:`pipeline.engine.progress.summary`."""
    part = int(os.environ.get("TINTRICH_PART_ARTICLES", PART_ARTICLES))
    chunk = int(os.environ.get("TINTRICH_CHUNK_ARTICLES", CHUNK_ARTICLES))
    return LocalRun(inputs, outdir, fmt, jobs, options, progress, resume, part, chunk, disable).execute()
