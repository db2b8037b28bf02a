"""The Dask engine: the same stages on a ``dask.distributed`` cluster.

    tintrich run /shared/archive -o /shared/out --engine dask --scheduler tcp://10.0.0.5:8786

The inputs (files, in input order, found by the client) are cut into
``--partitions`` contiguous partitions. Three steps, as in the local engine
(:mod:`pipeline.engine.local`):

1. each partition is read and fingerprinted on a worker (:func:`fingerprint_partition`:
   doc_ids and MinHash signatures - no text comes back);
2. the client takes the partitions in input order and decides, with the same
   :class:`pipeline.engine.ledger.Ledger`, what becomes of each article (repeated,
   duplicate, already written the same way, to process) - so "first" means the same
   as with -j 1;
3. each partition with articles to write is read again and processed on a worker
   (:func:`process_partition`, under the same per-article limits as the local
   engine, through the same :func:`pipeline.engine.core.process_articles`), which
   writes its part files itself (atomically) into OUTDIR; the client lists each
   finished part in the manifest.

The client then builds the final tables from the live rows, like the local engine,
so both give the same tables for the same input. OUTDIR and the input paths must be
reachable under the same names from the client and every worker (a shared file
system). A killed run resumes like a local one: what was written is reused.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from pipeline.engine.core import fingerprint_articles, process_articles
from pipeline.engine.ledger import Ledger, conclude, index_row, run_settings, settled
from pipeline.engine.manifest import open_run
from pipeline.engine.progress import progress_bar
from pipeline.ingest import Discovery, ReadOptions, read_input
from pipeline.output.parts import write_part

#: default partitions per worker when --partitions is not given
PARTITIONS_PER_WORKER = 4
#: seconds to wait for a scheduler before giving up
CONNECT_TIMEOUT = float(os.environ.get("TINTRICH_DASK_CONNECT_TIMEOUT", 20))


class ClusterError(ValueError):
    """The Dask scheduler cannot be reached, or its address is not one."""


def partition(items: list, count: int) -> list[list]:
    """``items`` cut into ``count`` contiguous, nearly equal groups (none empty)."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    groups, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < extra else 0)
        groups.append(items[start:end])
        start = end
    return groups


def keyed(inputs: list, options: ReadOptions):
    """``((input number, record), Article)`` for every article of a partition's inputs."""
    for number, item in inputs:
        for record, article in enumerate(read_input(item, options)):
            yield (number, record), article


def fingerprint_partition(inputs: list, options: ReadOptions) -> list[tuple]:
    """Step 1 on a worker: ``(key, doc_id, status, Fingerprint | None)`` for every article."""
    articles = list(keyed(inputs, options))
    ok = [(key, article) for key, article in articles if article.status == "ok"]
    found = dict(zip([key for key, _ in ok], fingerprint_articles([article for _, article in ok])))
    for fingerprint_ in found.values():
        fingerprint_.cleaned = None  # texts stay on the workers; step 3 cleans them again
    return [(key, article.doc_id, article.status, found.get(key)) for key, article in articles]


def process_partition(inputs: list, options: ReadOptions, decisions: dict, outdir: str, fmt: str, name: str,
                      generation: int, disable: tuple = ()) -> dict:
    """Step 3 on a worker: the decided articles of a partition written as one part.

    ``decisions`` maps keys to ``(position, Decision)``; articles without one are not written.
    """
    results, to_process = {}, []
    for key, article in keyed(inputs, options):
        if key not in decisions:
            continue
        position, decision = decisions[key]
        result = settled(decision, article)
        if result is None:
            to_process.append((position, article))
        else:
            results[position] = result
    processed = process_articles([article for _, article in to_process], disable=disable)
    results.update(zip((position for position, _ in to_process), processed))
    positions = sorted(results)
    by_position = {position: decision for position, decision in decisions.values()}
    rows = write_part(outdir, name, fmt, [results[p] for p in positions],
                      [index_row(by_position[p], results[p], p) for p in positions])
    return {"event": "part", "generation": generation, "name": name, "articles": len(positions), "rows": rows,
            "written": [(row, p, results[p].article["status"]) for row, p in enumerate(positions)]}


def connect(scheduler: str | None, workers: int):
    """A Client of the cluster at ``scheduler``, or of a new local cluster of ``workers`` processes."""
    from distributed import Client, LocalCluster   # the optional extra tintrich[dask]

    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError, ValueError, TypeError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler!r}: "
                               f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def run_dask(inputs, outdir, fmt: str = "csv", options=None, progress: bool = True, resume: bool = True,
             scheduler: str | None = None, partitions: int | None = None, workers: int = 2,
             client=None, disable: tuple[str, ...] = (), include_hidden: bool = False) -> dict:
    """Run on a Dask cluster (see module docstring); returns the same summary as the local engine."""
    started = time.time()
    if "-" in inputs:
        raise ValueError("the dask engine cannot read stdin (-): workers read the inputs themselves")
    own_client, cluster = (None, None) if client is not None else connect(scheduler, workers)
    try:
        discovery = Discovery(list(inputs), include_hidden=include_hidden, outdir=str(outdir))
        run = DaskRun(client or own_client, list(enumerate(discovery)), os.path.abspath(outdir), fmt,
                      options or ReadOptions(), partitions, workers, tuple(disable))
        return run.execute(inputs, started, progress, resume, discovery.skipped)
    finally:
        if own_client is not None:
            own_client.close()
        if cluster is not None:
            cluster.close()


class DaskRun:
    """One run of the Dask engine: partitions fingerprinted, decided in order, processed."""

    def __init__(self, client, inputs: list, outdir: str, fmt: str, options: ReadOptions, partitions: int | None,
                 workers: int, disable: tuple[str, ...] = ()):
        self.client, self.outdir, self.fmt, self.options, self.disable = client, outdir, fmt, options, disable
        if partitions is None:
            workers_seen = len(client.scheduler_info().get("workers", {})) or workers
            partitions = PARTITIONS_PER_WORKER * workers_seen
        self.groups = partition(inputs, partitions) if inputs else []
        self.position = 0

    def execute(self, arguments, started: float, progress: bool, resume: bool, skipped: list) -> dict:
        from distributed import as_completed   # the optional extra tintrich[dask]

        settings = run_settings(arguments, self.fmt, self.options, {"engine": "dask"}, self.disable)
        state = open_run(self.outdir, settings, resume)
        ledger = Ledger(state)
        try:
            step1 = [self.client.submit(fingerprint_partition, group, self.options, pure=False, priority=0)
                     for group in self.groups]
            step3 = [written for number, fingerprinted in enumerate(step1)
                     if (written := self.decide(ledger, state, number, fingerprinted)) is not None]
            bar = progress_bar(progress)
            for future in as_completed(step3):
                entry = future.result()
                for row, position, status in entry.pop("written"):
                    ledger.live.add(entry["name"], row, position, status)
                state.manifest.append(entry)
                bar.update(entry["articles"])
            bar.close()
        except BaseException:
            state.lock.release()
            raise
        return conclude(state, ledger, Path(self.outdir), self.fmt, started, skipped)

    def decide(self, ledger: Ledger, state, number: int, fingerprinted):
        """Step 2 for one partition, in input order: each article admitted and decided; the
        future of writing the partition's new rows (step 3), or None when all are reused."""
        decisions = {}
        for key, doc_id, status, found in fingerprinted.result():
            if not ledger.admit(doc_id):
                continue
            position, self.position = self.position, self.position + 1
            known = ledger.known(doc_id)
            decision = ledger.decide(position, doc_id, status, found)
            if decision.reuses(known):
                ledger.reuse(position, known)
            else:
                decisions[key] = (position, decision)
        if not decisions:
            return None
        name = f"g{state.generation:04d}-d{state.next_part:06d}"
        state.next_part += 1
        return self.client.submit(process_partition, self.groups[number], self.options, decisions, self.outdir,
                                  self.fmt, name, state.generation, self.disable, pure=False, priority=1)
