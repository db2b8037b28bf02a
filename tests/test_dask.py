"""The Dask engine on a real LocalCluster of two worker processes: the local engine's tables, row for row."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline.engine.manifest import Manifest
from pipeline.engine import run
from pipeline.output.tables import columns
from test_parallel import build_inputs, final_files

COLUMNS = columns()


distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    build_inputs(folder, n=24, seed=5)
    return folder


@pytest.fixture(scope="module")
def local(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    run([str(inputs)], out, jobs=2, progress=False)
    return out


def test_dask_tables_equal_the_local_engine_row_for_row(client, inputs, local, tmp_path):
    from pipeline.engine.cluster import run_dask

    summary = run_dask([str(inputs)], tmp_path, partitions=5, progress=False, client=client)
    assert final_files(tmp_path) == final_files(local)
    for table in COLUMNS:
        pd.testing.assert_frame_equal(pd.read_csv(tmp_path / f"{table}.csv"), pd.read_csv(local / f"{table}.csv"))
    parts = [name for name in Manifest.load(tmp_path).parts]
    assert len(parts) == 5 and all("-d0000" in name for name in parts)
    assert summary["articles"] == len(pd.read_csv(local / "articles.csv"))
    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2


def test_a_partition_lost_in_a_kill_is_redone_on_resume(client, inputs, local, tmp_path):
    from pipeline.engine.cluster import run_dask

    run_dask([str(inputs)], tmp_path, partitions=4, progress=False, client=client)
    manifest = tmp_path / "manifest.jsonl"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if json.loads(line)["event"] == "run" or json.loads(line).get("name", "").endswith("d000000")]
    manifest.write_text("\n".join(kept) + "\n", encoding="utf-8")  # as if killed after the first partition
    (tmp_path / "articles.csv").unlink()
    summary = run_dask([str(inputs)], tmp_path, partitions=4, progress=False, client=client)
    assert summary["resumed"] and summary["generation"] == 1
    assert final_files(tmp_path) == final_files(local)


def test_stdin_is_refused(client, tmp_path):
    from pipeline.engine.cluster import run_dask

    with pytest.raises(ValueError, match="stdin"):
        run_dask(["-"], tmp_path, progress=False, client=client)
