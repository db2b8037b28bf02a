"""Batches: every article of the inputs through the pipeline into an output folder.

:func:`run` chooses the engine: :mod:`local` (worker processes on this machine) or
:mod:`cluster` (a Dask cluster, the optional extra ``tintrich[dask]``). Both take
one article at a time through :mod:`core`, decide skips and duplicates with the
:mod:`ledger` in input order, record progress in the :mod:`manifest` and find
copies with :mod:`dedupe`, so they write the same tables for the same input.
"""
from __future__ import annotations


def run(inputs, outdir, fmt: str = "csv", jobs: int = 1, options=None, progress: bool = True,
        resume: bool = True, engine: str = "local", scheduler: str | None = None,
        partitions: int | None = None, disable: tuple[str, ...] = (), include_hidden: bool = False) -> dict:
    """Read, process and write every article of ``inputs`` into ``outdir``; returns a summary.

    ``engine="local"`` uses ``jobs`` processes on this machine; ``engine="dask"``
    a Dask cluster (``scheduler`` address, or a local cluster of ``jobs`` workers).
    ``resume`` continues an unfinished run in ``outdir`` (or adds only new
    articles to a finished one); ``resume=False`` starts over. ``disable`` names
    components to leave out (see :func:`pipeline.catalog.ordered`); ``include_hidden`` reads
    hidden files of folders too (see :class:`pipeline.ingest.Discovery`).
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r} (csv or parquet)")
    if engine == "dask":
        from pipeline.engine.cluster import run_dask   # needs the optional extra tintrich[dask]

        return run_dask(inputs, outdir, fmt=fmt, options=options, progress=progress, resume=resume,
                        scheduler=scheduler, partitions=partitions, workers=jobs, disable=disable,
                        include_hidden=include_hidden)
    from pipeline.engine.local import run_local   # imported here: one article (core) needs none of it

    return run_local(inputs, outdir, fmt=fmt, jobs=jobs, options=options, progress=progress, resume=resume,
                     disable=disable, include_hidden=include_hidden)
