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
                      outdir: str, fmt: str, name: str, generation: int) -> dict:
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
    processed = process_articles([article for _, article in to_process])
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
             client=None) -> dict:
    """Run on a Dask cluster (see module docstring); returns the same summary as the local engine."""
    from distributed import as_completed   # the optional extra tintrich[dask]: imported only to run on it

    started = time.time()
    if "-" in inputs:
        raise ValueError("the dask engine cannot read stdin (-): workers read the inputs themselves")
    options = options or ReadOptions()
    outdir = os.path.abspath(outdir)
    own_client, cluster = (None, None) if client is not None else connect(scheduler, workers)
    client = client or own_client
    try:
        paths = numbered_inputs(inputs)
        if partitions is None:
            workers_seen = len(client.scheduler_info().get("workers", {})) or workers
            partitions = PARTITIONS_PER_WORKER * workers_seen
        groups = partition(paths, partitions) if paths else []
        settings = run_settings(inputs, fmt, options, {"engine": "dask", "partitions": len(groups)})
        state = open_run(outdir, settings, resume)
        ledger = Ledger(state)
        names = [f"g{state.generation:04d}-d{number:06d}" for number in range(len(groups))]
        todo = [number for number, name in enumerate(names) if name not in state.done_parts]
        step1 = {number: client.submit(fingerprint_partition, groups[number], options, pure=False, priority=0)
                 for number in todo}
        statuses, step3 = Counter(), []
        bar = progress_bar(progress)
        for number, name in enumerate(names):
            if name in state.done_parts:  # finished before the kill: its articles count as seen
                for doc_id in read_index(part_path(outdir, INDEX, name, fmt)).column("doc_id").to_pylist():
                    ledger.admit(doc_id)
                continue
            decisions, index_rows = {}, {}
            for key, doc_id, status, found in step1.pop(number).result():
                if ledger.admit(doc_id):
                    decisions[key], index_rows[key] = ledger.decide(key, doc_id, status, found)
            if decisions:
                step3.append(client.submit(process_partition, groups[number], options, decisions, index_rows,
                                           outdir, fmt, name, state.generation, pure=False, priority=1))
        for future in as_completed(step3):
            entry = future.result()
            statuses.update(entry.pop("statuses"))
            state.manifest.append(entry)
            bar.update(entry["articles"])
        bar.close()
        return conclude(state, Path(outdir), fmt, started, statuses, sum(ledger.skipped.values()))
    finally:
        if own_client is not None:
            own_client.close()
        if cluster is not None:
            cluster.close()
