"""Property: whatever the input tree, and whatever happens to it between a SIGKILL and the
resume, the resumed run writes the tables a clean run over the final tree writes.

Random trees (hypothesis) of text files, hidden files, a symbolic link to a folder,
gzip'd JSONL with a bad line; a run killed (SIGKILL) after a random number of parts;
files renamed, added and removed; then the run again. After every completed run:
one row per input record, no doc_id twice, and the tables byte for byte those of a
clean run over the final tree.
"""
from __future__ import annotations

import csv
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.engine import run

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("articles.csv", "facts.csv", "provinces.csv", "organizations.csv", "dates.csv", "texts.jsonl")


def pool(seed_texts: dict, count: int = 40) -> list[str]:
    """Distinct articles made of real seed sentences (shuffled and sampled)."""
    sentences = [s.strip() for text in seed_texts.values() for s in text.replace("\n", ". ").split(". ")
                 if len(s) > 40]
    rng = random.Random(7)
    return [". ".join(rng.sample(sentences, 10)) + "." for _ in range(count)]


FILE = st.tuples(st.sampled_from(["txt", "hidden", "jsonl.gz", "nested"]), st.integers(0, 39))
TREE = st.lists(FILE, min_size=1, max_size=7)
CHANGES = st.lists(st.tuples(st.sampled_from(["rename", "add", "remove"]), st.integers(0, 39)), max_size=3)


def write_tree(folder: Path, files: list, texts: list[str]) -> None:
    (folder / "sub").mkdir(parents=True, exist_ok=True)
    for number, (kind, text) in enumerate(files):
        name = f"f{number:02d}"
        if kind == "txt":
            (folder / f"{name}.txt").write_text(texts[text], encoding="utf-8")
        elif kind == "hidden":
            (folder / f".{name}.txt").write_text(texts[text], encoding="utf-8")
        elif kind == "nested":
            (folder / "sub" / f"{name}.txt").write_text(texts[text], encoding="utf-8")
        else:
            lines = [json.dumps({"text": texts[text]}, ensure_ascii=False), "{not json",
                     json.dumps({"text": texts[(text + 1) % len(texts)]}, ensure_ascii=False)]
            (folder / f"{name}.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    if not (folder / "link").exists():
        (folder / "link").symlink_to("sub")   # the same folder reached twice: read once


def change_tree(folder: Path, changes: list, texts: list[str]) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and ".tintrich" not in p.name)
    for number, (what, text) in enumerate(changes):
        if what == "add" or not files:
            (folder / f"new{number}.txt").write_text(texts[text], encoding="utf-8")
        elif what == "rename":
            target = files[text % len(files)]
            if target.exists():
                target.rename(target.with_name("r" + target.name))
        else:
            target = files[text % len(files)]
            if target.exists():
                target.unlink()


def kill_during(folder: Path, out: Path, parts: int) -> None:
    """Start a run and SIGKILL it once ``parts`` parts are written (or when it ends by itself)."""
    env = {**os.environ, "TINTRICH_PART_ARTICLES": "1", "TINTRICH_CHUNK_ARTICLES": "1"}
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(folder), "-o", str(out), "-j", "1",
                                "--quiet"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while process.poll() is None and time.time() < deadline:
        manifest = out / "manifest.jsonl"
        if manifest.exists() and manifest.read_text(encoding="utf-8").count('"event": "part"') >= parts:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait()


def expected_records(folder: Path) -> int:
    """Records a run must have a row for: every visible .txt, and three lines per JSONL file."""
    count = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.name.startswith("."):
            continue
        if path.name.endswith(".txt"):
            count += 1
        elif path.name.endswith(".jsonl.gz"):
            count += 3
    return count


def check(out: Path, clean: Path, folder: Path) -> None:
    with open(out / "articles.csv", encoding="utf-8", newline="") as handle:
        articles = list(csv.DictReader(handle))
    assert len(articles) == expected_records(folder)
    assert len({row["doc_id"] for row in articles}) == len(articles)
    for table in TABLES:
        assert (out / table).read_bytes() == (clean / table).read_bytes(), table


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(files=TREE, changes=CHANGES, parts=st.integers(0, 4))
def test_a_resumed_run_writes_what_a_clean_run_writes(tmp_path_factory, seed_texts, files, changes, parts):
    texts = pool(seed_texts)
    base = tmp_path_factory.mktemp("tree")
    folder, out, clean = base / "in", base / "out", base / "clean"
    write_tree(folder, files, texts)
    kill_during(folder, out, parts)
    change_tree(folder, changes, texts)
    run([str(folder)], out, jobs=1, progress=False)
    run([str(folder)], clean, jobs=1, progress=False)
    check(out, clean, folder)
    (folder / "late.txt").write_text(texts[-1], encoding="utf-8")   # a later run over a grown tree
    summary = run([str(folder)], out, jobs=1, progress=False)
    run([str(folder)], clean, jobs=1, progress=False, resume=False)
    check(out, clean, folder)
    assert summary["processed"] <= 1
