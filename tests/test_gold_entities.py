"""End to end: the seed gold (tests/gold) scored by `tintrich eval` meets the entity thresholds."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent

#: field of pipeline.evaluate.FIELDS -> lowest acceptable F1 on the five seed articles (issue 3)
THRESHOLDS = {
    "organizations": 0.85,
    "officials (name+title)": 0.9,
    "directives (type+number)": 1.0,
    "author": 1.0,
}


@pytest.fixture(scope="module")
def scores():
    table, _ = evaluate(ROOT / "tests" / "gold", ROOT / "corpus")
    return table.set_index("field")


@pytest.mark.parametrize("field,threshold", THRESHOLDS.items())
def test_seed_gold_threshold(scores, field, threshold):
    row = scores.loc[field]
    assert row["f1"] >= threshold, f"{field}: F1 {row['f1']} < {threshold} (tp {row['tp']}, fp {row['fp']}, fn {row['fn']})"
