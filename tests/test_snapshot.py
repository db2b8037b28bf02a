"""The tables of the 30 gold articles, byte for byte, against a snapshot.

A change meant to keep behaviour (a restructuring, a speed-up) must leave every
table and ``texts.jsonl`` identical. A change meant to alter output updates the
snapshot in the same commit, so the diff of ``tests/snapshot/gold30/`` shows a
reviewer exactly which rows moved:

    TINTRICH_UPDATE_SNAPSHOT=1 .venv/bin/python -m pytest tests/test_snapshot.py
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "snapshot" / "gold30"
#: the 30 gold articles: the 5 seeds, 16 written extra articles, 9 real excerpts (relative paths: doc_ids hash them)
INPUTS = ["corpus", "tests/gold/extra", "tests/gold/real"]
COMPARED = ["articles.csv", "texts.jsonl", "provinces.csv", "organizations.csv", "officials.csv",
            "directives.csv", "dates.csv", "facts.csv"]


@pytest.fixture(scope="module")
def produced(tmp_path_factory) -> Path:
    from pipeline.cli import main

    out = tmp_path_factory.mktemp("gold30")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        inputs = [str(path.relative_to(ROOT)) for folder in INPUTS for path in sorted((ROOT / folder).glob("*.txt"))]
        assert len(inputs) == 30
        assert main(["run", *inputs, "-o", str(out), "-j", "1", "--quiet", "--no-resume"]) == 0
    finally:
        os.chdir(cwd)
    if os.environ.get("TINTRICH_UPDATE_SNAPSHOT"):
        SNAPSHOT.mkdir(parents=True, exist_ok=True)
        for name in COMPARED:
            shutil.copyfile(out / name, SNAPSHOT / name)
    return out


@pytest.mark.parametrize("name", COMPARED)
def test_table_equals_snapshot(produced, name):
    expected = (SNAPSHOT / name).read_bytes()
    got = (produced / name).read_bytes()
    if got != expected:
        expected_lines, got_lines = expected.decode().splitlines(), got.decode().splitlines()
        changed = [(n, a, b) for n, (a, b) in enumerate(zip(expected_lines, got_lines)) if a != b][:3]
        pytest.fail(f"{name} differs from the snapshot: {len(expected_lines)} -> {len(got_lines)} lines; "
                    f"first changes: {changed}")
