"""End to end: bylines glued to the end of flattened texts, scored against tests/gold/bylines
(40 real baomoi.com articles annotated for the author and the credited source only)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import evaluate

GOLD = Path(__file__).resolve().parent / "gold" / "bylines"


@pytest.fixture(scope="module")
def scores():
    table, misses = evaluate(GOLD, GOLD)
    return table.set_index("field"), misses


def test_a_gold_file_that_names_its_fields_is_scored_on_those_only(scores):
    table, _ = scores
    assert list(table.index) == ["author", "credit"]


def test_authors_at_the_end_of_flattened_texts(scores):
    table, misses = scores
    row = table.loc["author"]
    assert row["tp"] + row["fn"] == 23   # the gold's authors
    assert row["precision"] >= 0.9 and row["recall"] >= 0.8, misses


def test_the_source_a_text_credits_at_its_end(scores):
    table, misses = scores
    row = table.loc["credit"]
    assert row["tp"] + row["fn"] == 11   # the gold's credits
    assert row["precision"] >= 0.9 and row["recall"] >= 0.9, misses
