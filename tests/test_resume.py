"""Killed runs resume to the same tables; later runs add only new articles."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from conftest import ROOT
from pipeline.engine.manifest import Manifest, ManifestMismatch, open_run
from pipeline.engine import run
from test_parallel import ARCHIVE, final_files

SMALL_PARTS = {"TINTRICH_PART_ARTICLES": "4", "TINTRICH_CHUNK_ARTICLES": "2"}


def tintrich_run(inputs, out, *extra):
    """Start ``tintrich run`` in its own process group (so that a kill takes its workers too)."""
    env = {**os.environ, **SMALL_PARTS, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", *inputs, "-o", str(out), "-j", "2",
                             "--quiet", *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def parts_listed(out) -> int:
    try:
        return sum('"event": "part"' in line for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return 0


def kill_when(process, out, parts: int, delay: float) -> bool:
    """SIGKILL the run's process group once ``parts`` parts are listed (+ ``delay`` s); False if it ended first."""
    while process.poll() is None and parts_listed(out) < parts:
        time.sleep(0.01)
    time.sleep(delay)
    if process.poll() is not None:
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    ARCHIVE.build(60, folder, seed=11, exact_share=0.1, near_share=0.1, shard_size=20)
    return folder


@pytest.fixture(scope="module")
def uninterrupted(archive, tmp_path_factory):
    out = tmp_path_factory.mktemp("whole")
    process = tintrich_run([str(archive)], out)
    assert process.wait() == 0, process.stderr.read().decode()
    return out


def test_killed_at_random_points_then_resumed_gives_the_same_tables(archive, uninterrupted, tmp_path):
    rng = random.Random(2024)
    total_parts = -(-60 // 4)
    out = tmp_path / "out"
    kills = 0
    for _ in range(4):
        process = tintrich_run([str(archive)], out)
        # kill when a random number of parts are written (sometimes none, sometimes during finalizing)
        target = parts_listed(out) + rng.randint(0, 5)
        kills += kill_when(process, out, min(target, total_parts), rng.uniform(0, 0.3))
    process = tintrich_run([str(archive)], out)
    assert process.wait() == 0, process.stderr.read().decode()
    assert kills >= 2
    assert final_files(out) == final_files(uninterrupted)
    manifest = Manifest.load(out)
    assert 1 in {part["generation"] for part in manifest.parts.values()}   # a restart resumes generation 1
    written = [doc_id for name in manifest.parts
               for doc_id in pd.read_parquet(out / "parts" / "_index" / f"part-{name}.parquet")["doc_id"]]
    assert len(written) == len(set(written)) == 60   # no article was written twice: nothing redone
    assert not list(out.rglob(".*.tmp-*"))


def test_new_files_only_add_their_articles(tmp_path, seed_texts):
    folder = tmp_path / "in"
    folder.mkdir()
    stems = sorted(seed_texts)
    for stem in stems[:3]:
        (folder / f"{stem}.txt").write_text(seed_texts[stem], encoding="utf-8")
    out = tmp_path / "out"
    first = run([str(folder)], out, progress=False)
    assert first["articles"] == 3
    for stem in stems[3:]:
        (folder / f"{stem}.txt").write_text(seed_texts[stem], encoding="utf-8")
    (folder / "copy.txt").write_text(seed_texts[stems[0]], encoding="utf-8")  # an old article scraped again
    second = run([str(folder)], out, progress=False)
    assert (second["articles"], second["processed"], second["reused"], second["generation"]) == (6, 2, 3, 2)
    assert second["new_copies"] == 1   # copy.txt: found a copy, not processed
    articles = pd.read_csv(out / "articles.csv")
    assert len(articles) == 6 and articles.doc_id.is_unique
    copy = articles[articles.source.str.endswith("copy.txt")].iloc[0]
    assert copy.status == "duplicate"
    assert copy.duplicate_of == articles.doc_id[articles.source.str.endswith(f"{stems[0]}.txt")].iloc[0]
    fresh = tmp_path / "fresh"
    run([str(folder)], fresh, progress=False)
    for table in ("articles.csv", "facts.csv", "organizations.csv", "texts.jsonl"):   # in the same order too
        assert (out / table).read_bytes() == (fresh / table).read_bytes(), table
    third = run([str(folder)], out, progress=False)
    assert (third["articles"], third["processed"], third["reused"]) == (6, 0, 6)


def test_no_resume_starts_over(tmp_path, seed_texts):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(seed_texts["000_22c4afcade77e2f4"], encoding="utf-8")
    out = tmp_path / "out"
    run([str(folder)], out, progress=False)
    again = run([str(folder)], out, progress=False, resume=False)
    assert again["articles"] == 1 and again["generation"] == 1
    assert len(Manifest.load(out).runs) == 1


def test_another_format_in_the_same_folder_is_refused(tmp_path, seed_texts):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(seed_texts["000_22c4afcade77e2f4"], encoding="utf-8")
    run([str(folder)], tmp_path / "out", progress=False)
    with pytest.raises(ManifestMismatch, match="--format csv"):
        run([str(folder)], tmp_path / "out", fmt="parquet", progress=False)


def test_torn_manifest_line_and_leftover_temporaries_are_ignored(tmp_path, seed_texts):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(seed_texts["000_22c4afcade77e2f4"], encoding="utf-8")
    out = tmp_path / "out"
    run([str(folder)], out, progress=False, resume=False)
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    # as if killed while writing the 'finished' line, with a part file half-written
    (out / "manifest.jsonl").write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:10], encoding="utf-8")
    (out / "parts" / "articles" / ".part-g0001-p000001.csv.tmp-999").write_text("doc_id,sou", encoding="utf-8")
    state = open_run(out, json.loads(lines[0]) | {}, resume=True)
    assert state.resumed and state.generation == 1 and len(state.known) == 1 and state.next_part == 1
    assert not list(out.rglob(".*.tmp-*"))
    state.lock.release()
