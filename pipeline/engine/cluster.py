"""The Dask engine: the same stages on a ``dask.distributed`` cluster.

    tintrich run /shared/archive -o /shared/out --engine dask --scheduler tcp://10.0.0.5:8786

The inputs (files, in input order) are cut into ``--partitions`` contiguous
partitions. Three steps, as in the local engine (:mod:`pipeline.engine.local`):

1. each partition is read and fingerprinted on a worker (:func:`fingerprint_partition`:
   order keys, doc_ids, MinHash signatures - no text comes back);
2. the client takes the partitions in input order and decides, with the same
   :class:`pipeline.engine.ledger.Ledger`, which articles are skipped (already done,
   repeated) and which are duplicates - so "first" means the same as with -j 1;
3. each partition is read again and processed on a worker
   (:func:`process_partition`, under the same per-article limits as the local
   engine), which writes its part files itself (atomically)
   into OUTDIR; the client lists each finished part in the manifest.

The client then builds the final tables from the parts, like the local engine,
so both give the same tables for the same input. OUTDIR and the input paths
must be reachable under the same names from the client and every worker (a
shared file system). A killed run is resumed like a local one (same engine,
same ``--partitions``): finished partitions are kept.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

from pipeline.engine.core import fingerprint_articles, process_articles
from pipeline.engine.ledger import Ledger, conclude, keyed_articles, numbered_inputs, run_settings, settled
from pipeline.engine.manifest import open_run
from pipeline.engine.progress import progress_bar
from pipeline.ingest import ReadOptions
from pipeline.output.parts import INDEX, part_path, read_index, write_part

#: default partitions per worker when --partitions is not given
PARTITIONS_PER_WORKER = 4


def partition(paths: list, count: int) -> list[list]:
    """``paths`` cut into ``count`` contiguous, nearly equal groups (none empty)."""
    count = max(1, min(count, len(paths)))
    size, extra = divmod(len(paths), count)
    groups, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < extra else 0)
        groups.append(paths[start:end])
        start = end
    return groups


def fingerprint_partition(paths: list, options: ReadOptions) -> list[tuple]:
    """Step 1 on a worker: ``(key, doc_id, status, Fingerprint | None)`` for every article of ``paths``."""
    keyed = list(keyed_articles(paths, options))
    ok = [(key, article) for key, article in keyed if article.status == "ok"]
    found = dict(zip([key for key, _ in ok], fingerprint_articles([article for _, article in ok])))
    for fingerprint_ in found.values():
        fingerprint_.cleaned = None  # texts stay on the workers; step 3 cleans them again
    return [(key, article.doc_id, article.status, found.get(key)) for key, article in keyed]


def process_partition(paths: list, options: ReadOptions, decisions: dict, index_rows: dict,
                      outdir: str, fmt: str, name: str, generation: int, disable: tuple = ()) -> dict:
    """Step 3 on a worker: every decided article of ``paths`` processed, and the part written.

    ``decisions`` maps order keys to :class:`pipeline.engine.ledger.Decision`; articles
    without one were skipped by the client.
    """
    results, to_process = {}, []
    for key, article in keyed_articles(paths, options):
        decision = decisions.get(key)
        if decision is None:
            continue
        result = settled(decision, article)
        if result is None:
            to_process.append((key, article))
        else:
            results[key] = result
    processed = process_articles([article for _, article in to_process], disable=disable)
    results.update(zip((key for key, _ in to_process), processed))
    keys = sorted(results)
    ordered = [results[key] for key in keys]
    rows = write_part(outdir, name, fmt, ordered, [index_rows[key] for key in keys])
    return {"event": "part", "generation": generation, "name": name, "first": list(keys[0]),
            "last": list(keys[-1]), "articles": len(keys), "rows": rows,
            "statuses": dict(Counter(result.article["status"] for result in ordered))}


def connect(scheduler: str | None, workers: int):
    """A Client of the cluster at ``scheduler``, or of a new local cluster of ``workers`` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def run_dask(inputs, outdir, fmt: str = "csv", options=None, progress: bool = True, resume: bool = True,
             scheduler: str | None = None, partitions: int | None = None, workers: int = 2,
             client=None, disable: tuple[str, ...] = ()) -> dict:
    """Run on a Dask cluster (see module docstring); returns the same summary as the local engine."""
    started = time.time()
    if "-" in inputs:
        raise ValueError("the dask engine cannot read stdin (-): workers read the inputs themselves")
    own_client, cluster = (None, None) if client is not None else connect(scheduler, workers)
    try:
        return DaskRun(client or own_client, inputs, os.path.abspath(outdir), fmt, options or ReadOptions(),
                       partitions, workers, tuple(disable)).execute(started, progress, resume)
    finally:
        if own_client is not None:
            own_client.close()
        if cluster is not None:
            cluster.close()


class DaskRun:
    """One run of the Dask engine: partitions planned, fingerprinted, decided in order, processed."""

    def __init__(self, client, inputs, outdir: str, fmt: str, options: ReadOptions, partitions: int | None,
                 workers: int, disable: tuple[str, ...] = ()):
        self.client, self.inputs, self.outdir, self.fmt, self.options = client, inputs, outdir, fmt, options
        self.disable = disable
        paths = numbered_inputs(inputs)
        if partitions is None:
            workers_seen = len(client.scheduler_info().get("workers", {})) or workers
            partitions = PARTITIONS_PER_WORKER * workers_seen
        self.groups = partition(paths, partitions) if paths else []

    def execute(self, started: float, progress: bool, resume: bool) -> dict:
        from distributed import as_completed   # the optional extra tintrich[dask]: imported only to run on it

        settings = run_settings(self.inputs, self.fmt, self.options, {"engine": "dask", "partitions": len(self.groups)},
                                self.disable)
        state = open_run(self.outdir, settings, resume)
        ledger = Ledger(state)
        names = [f"g{state.generation:04d}-d{number:06d}" for number in range(len(self.groups))]
        step1 = {number: self.client.submit(fingerprint_partition, self.groups[number], self.options,
                                            pure=False, priority=0)
                 for number, name in enumerate(names) if name not in state.done_parts}
        step3 = [future for number, name in enumerate(names)
                 if (future := self.decide(ledger, state, number, name, step1)) is not None]
        statuses, bar = Counter(), progress_bar(progress)
        for future in as_completed(step3):
            entry = future.result()
            statuses.update(entry.pop("statuses"))
            state.manifest.append(entry)
            bar.update(entry["articles"])
        bar.close()
        return conclude(state, Path(self.outdir), self.fmt, started, statuses, sum(ledger.skipped.values()))

    def decide(self, ledger: Ledger, state, number: int, name: str, step1: dict):
        """Step 2 for one partition, in input order: its articles admitted and decided; the
        future of its processing (step 3), or None when nothing is left to process."""
        if name in state.done_parts:  # finished before the kill: its articles count as seen
            for doc_id in read_index(part_path(self.outdir, INDEX, name, self.fmt)).column("doc_id").to_pylist():
                ledger.admit(doc_id)
            return None
        decisions, index_rows = {}, {}
        for key, doc_id, status, found in step1.pop(number).result():
            if ledger.admit(doc_id):
                decisions[key], index_rows[key] = ledger.decide(key, doc_id, status, found)
        if not decisions:
            return None
        return self.client.submit(process_partition, self.groups[number], self.options, decisions, index_rows,
                                  self.outdir, self.fmt, name, state.generation, self.disable, pure=False, priority=1)
