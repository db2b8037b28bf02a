"""Adding an extractor touches three files: its module, its pattern file and its corpus.

A copy of the package and of patterns/ gets exactly those three new files; nothing
else is edited. The toy extractor must then run in its place in the pipeline, write
its own table with its declared columns, be scored by ``tintrich eval``, be shown in
the report with its colour, and have its corpus run by the corpus test.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent

TOY_MODULE = '''"""Toy extractor: farm animals named in the text (patterns/toys.yaml)."""
import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, phrases

SPEC = ComponentSpec(
    name="toys", span_key="toys", table="toys", label="ANIMAL", color="#00ff7f",
    columns=(Column("animal", "string", "the animal, lower-case"),),
    reads=("doc.spans[provinces]",),
    assigns=("doc.spans[toys]",),
    scores=(Score("toys", gold="toys", pairs=((None, "animal", "name"),)),),
)


@component(SPEC)
class AnimalFinder:
    def __init__(self):
        words = patterns.load_yaml("toys.yaml")["animals"]
        self.pattern = regex.compile(BEFORE + "(?:" + phrases(words) + ")" + AFTER, regex.IGNORECASE)

    def __call__(self, doc):
        return [Match(m.start(), m.end(), {"animal": m.group().lower()}, rule="toys.yaml")
                for m in self.pattern.finditer(doc.text)]
'''
TOY_PATTERNS = "# farm animals (a toy for tests/test_toy_extractor.py)\nanimals: [con trâu, con bò, đàn gà]\n"
TOY_CORPUS = ("# checks: toys\n"
              "Nông dân Thái Bình có con trâu và đàn gà.\t[{\"animal\": \"con trâu\"}, {\"animal\": \"đàn gà\"}]\n"
              "Trâu bò được tiêm phòng.\t[]\n")


@pytest.fixture(scope="module")
def house(tmp_path_factory) -> Path:
    """A copy of the project with the toy's three files added, and nothing else changed."""
    copy = tmp_path_factory.mktemp("house")
    shutil.copytree(ROOT / "pipeline", copy / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "patterns", copy / "patterns")
    (copy / "tests").mkdir()
    for name in ("conftest.py", "corpus_adapters.py", "test_corpora.py"):
        shutil.copy(ROOT / "tests" / name, copy / "tests" / name)
    (copy / "pipeline" / "entities" / "toys.py").write_text(TOY_MODULE, encoding="utf-8")
    (copy / "patterns" / "toys.yaml").write_text(TOY_PATTERNS, encoding="utf-8")
    (copy / "patterns" / "toys.corpus.tsv").write_text(TOY_CORPUS, encoding="utf-8")
    (copy / "in").mkdir()
    (copy / "in" / "a.txt").write_text("Sáng 5/12, nông dân tỉnh Thái Bình mua thêm con bò.\nHọ nuôi đàn gà.",
                                       encoding="utf-8")
    return copy


def tintrich(house: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(house), "TINTRICH_PATTERNS": str(house / "patterns")}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=house, env=env,
                          capture_output=True, text=True, timeout=300)


def test_only_three_files_are_new(house):
    new = {str(path.relative_to(house)) for folder in ("pipeline", "patterns") for path in (house / folder).rglob("*")
           if path.is_file() and "__pycache__" not in path.parts and not (ROOT / path.relative_to(house)).exists()}
    assert new == {"pipeline/entities/toys.py", "patterns/toys.yaml", "patterns/toys.corpus.tsv"}


def test_the_toy_runs_in_its_place_and_writes_its_table(house):
    listing = tintrich(house, "components")
    assert listing.returncode == 0, listing.stderr
    names = [line.split()[0] for line in listing.stdout.splitlines() if not line.startswith(" ")]
    assert names.index("toys") > names.index("provinces")     # it reads the provinces' spans
    result = tintrich(house, "run", "in", "-o", "out", "-j", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    toys = pd.read_csv(house / "out" / "toys.csv")
    assert list(toys.columns) == ["doc_id", "animal", "text", "start", "end", "sentence_id", "rule"]
    assert toys["animal"].tolist() == ["con bò", "đàn gà"]
    texts = [json.loads(line)["text"] for line in (house / "out" / "texts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [texts[0][s:e] for s, e in zip(toys["start"], toys["end"])] == ["con bò", "đàn gà"]


def test_the_toy_is_scored_and_shown(house):
    gold = house / "gold"
    gold.mkdir(exist_ok=True)
    shutil.copy(house / "in" / "a.txt", gold / "a.txt")
    (gold / "a.json").write_text(json.dumps({"toys": ["con bò", "con trâu"]}, ensure_ascii=False), encoding="utf-8")
    result = tintrich(house, "eval", "--gold", "gold", "--corpus", "gold", "--out", "eval.csv")
    assert result.returncode == 0, result.stderr
    scores = pd.read_csv(house / "eval.csv").set_index("field")
    assert (scores.loc["toys", "tp"], scores.loc["toys", "fp"], scores.loc["toys", "fn"]) == (1, 1, 1)
    if not (house / "out" / "articles.csv").exists():
        assert tintrich(house, "run", "in", "-o", "out", "-j", "1", "--quiet").returncode == 0
    result = tintrich(house, "report", "out")
    assert result.returncode == 0, result.stderr
    html = (house / "out" / "report.html").read_text(encoding="utf-8")
    assert '<span style="background: #00ff7f">ANIMAL</span>' in html and "toys.csv" in html


def test_the_toy_corpus_runs(house):
    env = {**os.environ, "PYTHONPATH": str(house), "TINTRICH_PATTERNS": str(house / "patterns")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_corpora.py",
                             "-k", "toys"], cwd=house, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 passed" in result.stdout
