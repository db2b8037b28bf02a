"""Runs every ``patterns/*.corpus.tsv``: each line a real phrase and the rows it must give.

Format (see README, "Pattern corpora"): ``# checks: <table>`` or ``# checks: module:function``
names what to run; ``# published: YYYY-MM-DD`` optionally sets the publication date;
each data line is ``phrase<TAB>JSON list of partial rows``, ``\\n`` in the phrase a line break.
"""
from __future__ import annotations

import importlib
import json
import math
from pathlib import Path

import pytest

import pipeline
from pipeline.rules import patterns

CORPORA = sorted(patterns.folder().glob("*.corpus.tsv"))


def read_corpus(path: Path):
    """(directives of the file, [(line number, phrase, expected rows, directives in force)]):
    a ``# published:`` line holds for the phrases below it."""
    directives, cases = {}, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, _, value = line.lstrip("# ").partition(":")
            if key.strip() in ("checks", "published") and value.strip():
                directives[key.strip()] = value.strip()
            continue
        phrase, _, expected = line.partition("\t")
        phrase = phrase.replace("\\n", "\n")   # a phrase writes its line breaks as \n
        cases.append((number, phrase, json.loads(expected), dict(directives)))
    return directives, cases


def produce(directives: dict, phrase: str) -> list[dict]:
    target = directives["checks"]
    if ":" in target:
        module, _, function = target.partition(":")
        result = getattr(importlib.import_module(module), function)(phrase)
        if isinstance(result, list):
            return result
        if hasattr(result, "_asdict"):   # a NamedTuple
            result = result._asdict()
        if isinstance(result, dict):
            return [result]
        return [] if result is None else [{"value": result}]
    table = pipeline.extract(phrase, published=directives.get("published")).tables()[target]
    return table.sort_values("start", kind="stable").to_dict("records") if len(table) else []


def same(expected, produced) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and produced is not None:
        try:
            return math.isclose(float(produced), float(expected), rel_tol=1e-6, abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
    if expected is None:
        return produced is None or (isinstance(produced, float) and math.isnan(produced)) or produced == ""
    return produced == expected


CASES = [
    pytest.param(path, directives, number, phrase, expected, id=f"{path.name}:{number}")
    for path in CORPORA
    for number, phrase, expected, directives in read_corpus(path)[1]
]


def test_every_corpus_declares_what_it_checks():
    assert CORPORA, "no pattern corpora found"
    for path in CORPORA:
        directives, cases = read_corpus(path)
        assert "checks" in directives, f"{path.name} has no '# checks:' line"
        assert cases, f"{path.name} has no phrases"


@pytest.mark.parametrize("path,directives,number,phrase,expected", CASES)
def test_corpus_phrase(path, directives, number, phrase, expected):
    produced = produce(directives, phrase)
    brief = [{k: row.get(k) for k in (expected[i] if i < len(expected) else {"text": 1})}
             for i, row in enumerate(produced)]
    assert len(produced) == len(expected), f"{phrase!r}: expected {expected}, got {brief}"
    for want, got in zip(expected, produced):
        for key, value in want.items():
            assert same(value, got.get(key)), f"{phrase!r}: {key} expected {value!r}, got {got.get(key)!r} in {brief}"
