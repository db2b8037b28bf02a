"""End to end: facts and dates against the hand-written gold (tests/gold/SCHEMA.md).

Thresholds from issue 4: on the seeds money F1 = 1, counts >= 0.95, dates >= 0.95,
percents and ratios = 1; on the extra gold (tests/gold/extra, when present) money
>= 0.95 and counts >= 0.9. Subject/period/metric are scored on the seeds' annotated
money items and on the hand-read context file tests/gold/context/ (six extra articles).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate
from pipeline.evaluate.score import same_name as fold, same_number as number

GOLD = Path(__file__).resolve().parent / "gold"
ROOT = GOLD.parent.parent
EXTRA = GOLD / "extra"


def f1(scores, field: str) -> float:
    return float(scores.loc[scores["field"] == field, "f1"].iloc[0])


@pytest.fixture(scope="module")
def seed_scores():
    return evaluate(GOLD, ROOT / "corpus")[0]


@pytest.mark.parametrize("field,minimum", [
    ("money", 1.0), ("money (with qualifier)", 1.0), ("counts", 0.95), ("dates", 0.95),
    ("percents", 1.0), ("ratios", 1.0),
    ("money subject", 1.0), ("money period", 1.0), ("money metric", 1.0),
])
def test_seed_gold(seed_scores, field, minimum):
    assert f1(seed_scores, field) >= minimum


@pytest.mark.skipif(not list(EXTRA.glob("*.json")), reason="no extra gold yet")
@pytest.mark.parametrize("field,minimum", [("money", 0.95), ("counts", 0.9)])
def test_extra_gold(field, minimum):
    scores, _ = extra_scores()
    assert f1(scores, field) >= minimum


_EXTRA = {}


def extra_scores():
    if not _EXTRA:
        _EXTRA["scores"] = evaluate(EXTRA, EXTRA)
    return _EXTRA["scores"]


def test_subject_period_metric_on_hand_read_extra_money():
    """Accuracy over 42 money items of six extra articles, read by hand (held out from the seeds)."""
    import pipeline

    annotated = json.loads((GOLD / "context" / "extra_money_context.json").read_text(encoding="utf-8"))["articles"]
    right = {"subject": 0, "period": 0, "metric": 0}
    total = 0
    for doc_id, items in annotated.items():
        facts = pipeline.extract((EXTRA / f"{doc_id}.txt").read_text(encoding="utf-8")).tables()["facts"]
        money = facts[facts["kind"] == "money"]
        for item in items:
            total += 1
            same = money[(money["value"].map(number) == number(item["value"])) & (money["unit"] == item["currency"])]
            assert len(same), f"{doc_id}: {item['text']} not found"
            # this gold follows schema v1: a period only where the text around the figure states
            # one, so a period read from the headline, the lead or the publication date is none here
            strict = same["period"].where(same["period_source"].isin(["clause", "sentence", "paragraph"]))
            for key in right:
                values = strict if key == "period" else same[key]
                found = {fold(v) if isinstance(v, str) else None for v in values}
                right[key] += fold(item[key]) in found
    accuracy = {key: count / total for key, count in right.items()}
    # measured 0.83 / 0.83 / 0.95 when written; the floors catch a regression
    assert accuracy["subject"] >= 0.75, accuracy
    assert accuracy["period"] >= 0.75, accuracy
    # the metric vocabulary of this v1 gold has no "hỗ trợ"/"trao" (funded), damage, price or loan,
    # which schema v2 added (tests/gold/SCHEMA.md); 6 of its 42 items read so now differ: 0.79
    assert accuracy["metric"] >= 0.75, accuracy
