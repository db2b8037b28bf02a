"""Gold against tables, field by field, as the components' specs declare (:class:`pipeline.component.Score`)."""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from pathlib import Path

import pandas as pd

from pipeline import catalog
from pipeline.component import Score
from pipeline.engine.core import process
from pipeline.entities.directives import canonical_number
from pipeline.ingest import read_inputs
from pipeline.rules.grammar import fold
from pipeline.text.normalize import fix_tone_marks


def present(value):
    """The value, or None where the table has nothing (None, "", NaN)."""
    return None if value is None or value == "" or (isinstance(value, float) and value != value) else value


def same_name(value) -> str | None:
    """Case, tone-mark, dash and space variants compare equal: 'Hội Việt – Mỹ' ~ 'hội việt - mỹ'."""
    value = present(value)
    return None if value is None else fold(fix_tone_marks(unicodedata.normalize("NFC", str(value))))


def same_number(value) -> float | None:
    value = present(value)
    return None if value is None else round(float(value), 4)


def same_document(value) -> str | None:
    """Document numbers compare canonical ("TƯ" as "TW", dashes and spaces folded), in capitals."""
    value = present(value)
    return None if value is None else canonical_number(unicodedata.normalize("NFC", str(value))).upper()


#: how the values of a pair compare (the third element of a Score pair)
COMPARE = {"name": same_name, "number": same_number, "document": same_document, "text": present}


def scores() -> list[Score]:
    """Every evaluator field, in pipeline order."""
    found = []
    for spec in catalog.discover():
        found += [score if score.table else Score(**{**score.__dict__, "table": spec.table})
                  for score in spec.scores]
    return found


def gold_items(score: Score, gold: dict) -> set[tuple]:
    """The gold file's items of one field, as comparable tuples."""
    if score.scalar:
        value = gold.get(score.gold)
        return {(COMPARE[score.pairs[0][2]](value),)} if value else set()
    items = set()
    for item in gold.get(score.gold, []):
        if isinstance(item, str):
            item = {"name": item}
        if score.gold_requires and not item.get(score.gold_requires):
            continue
        if score.on_gold_items and score.pairs[-1][0] not in item:
            continue
        item = {**dict(score.gold_defaults), **item}
        items.add(tuple(COMPARE[compare](item.get(key or "name")) for key, _, compare in score.pairs))
    return items


def table_items(score: Score, tables: dict[str, pd.DataFrame]) -> set[tuple]:
    """The predicted items of one field, as comparable tuples."""
    frame = tables[score.table]
    for column, value in score.where:
        frame = frame[frame[column] == value]
    items = set()
    for row in frame.to_dict("records"):
        values = tuple(COMPARE[compare](row.get(column)) for _, column, compare in score.pairs)
        if score.scalar and values[0] is None:
            continue
        if score.gold_requires and values[[key for key, _, _ in score.pairs].index(score.gold_requires)] is None:
            continue
        items.add(values)
    return items


def find_article(corpus: Path, doc_id: str) -> Path | None:
    for candidate in sorted(corpus.glob(f"{doc_id}.*")):
        if candidate.suffix != ".json":
            return candidate
    return None


def evaluate(gold_dir, corpus_dir) -> tuple[pd.DataFrame, list[dict]]:
    """(scores per field, list of per-article misses) for every gold file."""
    nlp = catalog.load()
    fields = scores()
    counts = defaultdict(lambda: [0, 0, 0])
    misses = []
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    if not gold_files:
        raise FileNotFoundError(f"no gold *.json files in {gold_dir}")
    for gold_file in gold_files:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc_id = gold.get("id") or gold_file.stem
        path = find_article(Path(corpus_dir), doc_id)
        if path is None:
            raise FileNotFoundError(f"no article {doc_id}.* in {corpus_dir} for {gold_file}")
        tables = process(nlp, next(iter(read_inputs([str(path)])))).tables()
        for score in fields:
            expected, found = gold_items(score, gold), table_items(score, tables)
            if score.on_gold_items:
                keys = {item[:score.on_gold_items] for item in expected}
                found = {item for item in found if item[:score.on_gold_items] in keys}
            counts[score.field][0] += len(expected & found)
            counts[score.field][1] += len(found - expected)
            counts[score.field][2] += len(expected - found)
            if expected != found:
                misses.append({"id": doc_id, "field": score.field, "missed": sorted(map(str, expected - found)),
                               "spurious": sorted(map(str, found - expected))})
    return pd.DataFrame([_row(field, tp, fp, fn) for field, (tp, fp, fn) in counts.items()]), misses


def _row(field: str, tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"field": field, "tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3),
            "recall": round(recall, 3), "f1": round(f1, 3)}
