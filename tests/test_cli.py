"""The command line as a user types it."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from conftest import CORPUS, ROOT
from pipeline.output.tables import columns

COLUMNS = columns()


def tintrich(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, **kwargs)


@pytest.mark.parametrize("args", [[], ["run", "corpus"], ["frobnicate"], ["run", "corpus", "-o", "x", "-j", "0"],
                                  ["run", "corpus", "-o", "x", "--format", "xlsx"], ["eval", "--gold", "tests/gold"]])
def test_bad_arguments_one_line_and_exit_2(args):
    result = tintrich(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("tintrich: error:")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_run_on_corpus_writes_every_table(tmp_path, fmt):
    result = tintrich("run", str(CORPUS), "-o", str(tmp_path), "--format", fmt, "-j", "1")
    assert result.returncode == 0, result.stderr
    assert "5 articles" in result.stderr and "articles/s" in result.stderr
    for table, names in COLUMNS.items():
        path = tmp_path / f"{table}.{fmt}"
        frame = pd.read_csv(path) if fmt == "csv" else pd.read_parquet(path)
        assert list(frame.columns[: len(names)]) == names
    articles = pd.read_csv(tmp_path / "articles.csv") if fmt == "csv" else pd.read_parquet(tmp_path / "articles.parquet")
    assert len(articles) == 5 and set(articles.status) == {"ok"}
    texts = [json.loads(line) for line in (tmp_path / "texts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(t["doc_id"] for t in texts) == sorted(articles.doc_id)


def test_offsets_point_into_the_written_texts(tmp_path):
    tintrich("run", str(CORPUS), "-o", str(tmp_path), "-j", "1", check=True)
    texts = {t["doc_id"]: t["text"] for t in map(json.loads, (tmp_path / "texts.jsonl").read_text(encoding="utf-8").splitlines())}
    for table in COLUMNS:
        if table == "articles":
            continue
        frame = pd.read_csv(tmp_path / f"{table}.csv", keep_default_na=False)
        for row in frame.itertuples():
            assert texts[row.doc_id][row.start:row.end] == row.text, (table, row)


def test_extract_prints_json():
    result = tintrich("extract", str(CORPUS / "004_7ebfd3e9652e1177.txt"), check=True)
    data = json.loads(result.stdout)
    assert data["article"]["status"] == "ok"
    assert {row["name"] for row in data["provinces"]} == {"Trà Vinh", "Hồ Chí Minh"}


def test_eval_reports_province_f1_of_one_on_the_seeds(tmp_path):
    out = tmp_path / "scores.csv"
    result = tintrich("eval", "--gold", str(ROOT / "tests" / "gold"), "--corpus", str(CORPUS), "--out", str(out), check=True)
    scores = pd.read_csv(out).set_index("field")
    assert scores.loc["provinces", "f1"] == 1.0
    assert "provinces" in result.stdout
