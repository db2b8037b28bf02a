"""Score the pipeline against gold files (schema: tests/gold/SCHEMA.md).

For each ``<id>.json`` in the gold folder, the article ``<id>.*`` in the corpus
folder is read with the same readers as ``tintrich run`` and processed; each
field is compared as a set per article (as the gold schema defines it) and the
counts are summed over articles (micro-averaged precision, recall, F1).

    tintrich eval --gold tests/gold --corpus corpus
"""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Callable

import pandas as pd
import regex

from pipeline.normalize import fix_tone_marks


def fold(value) -> str | None:
    """Case, tone-mark, dash and space variants compare equal: 'Hội Việt – Mỹ' ~ 'hội việt - mỹ'."""
    if value is None or (isinstance(value, float) and value != value):   # pandas turns None into NaN
        return None
    text = fix_tone_marks(unicodedata.normalize("NFC", str(value)))
    text = regex.sub(r"\s*[-–—]\s*", " - ", text)
    return " ".join(text.split()).casefold()


def number(value) -> float | None:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    return round(float(value), 4)


def present(value):
    """The value, or None where the table has nothing (None, "", NaN)."""
    return None if value is None or value == "" or (isinstance(value, float) and value != value) else value


def canonical_number(value) -> str | None:
    """Document numbers compare as written, with "TƯ" as "TW" and dashes/spaces folded."""
    if not present(value):
        return None
    text = unicodedata.normalize("NFC", str(value)).upper().replace("TƯ", "TW").replace("Đ", "Đ")
    return regex.sub(r"\s+", "", regex.sub(r"[–—]", "-", text))


def _facts(tables, kind):
    facts = tables["facts"]
    return facts[facts["kind"] == kind]


#: field -> (items from the gold json, items from the predicted tables)
FIELDS: dict[str, tuple[Callable, Callable]] = {
    "provinces": (
        lambda g: {fold(p) for p in g.get("provinces", [])},
        lambda t: {fold(p) for p in t["provinces"]["name"]},
    ),
    "organizations": (
        lambda g: {fold(o) for o in g.get("organizations", [])},
        lambda t: {fold(o) for o in t["organizations"]["name"]},
    ),
    "officials (name+title)": (
        lambda g: {(fold(o["name"]), fold(o.get("title"))) for o in g.get("officials", [])},
        lambda t: {(fold(r.name), fold(r.title)) for r in t["officials"].itertuples()},
    ),
    "officials (name+title+organization)": (
        lambda g: {(fold(o["name"]), fold(o.get("title")), fold(o.get("organization"))) for o in g.get("officials", [])},
        lambda t: {(fold(r.name), fold(r.title), fold(r.organization)) for r in t["officials"].itertuples()},
    ),
    "directives (type+number)": (
        lambda g: {(fold(d["type"]), canonical_number(d["number"])) for d in g.get("documents", []) if d.get("number")},
        lambda t: {(fold(r.doc_type), canonical_number(r.number)) for r in t["directives"].itertuples() if present(r.number)},
    ),
    "directives (type+number+issued)": (
        lambda g: {(fold(d["type"]), canonical_number(d["number"]), d.get("date")) for d in g.get("documents", []) if d.get("number")},
        lambda t: {(fold(r.doc_type), canonical_number(r.number), present(r.issued)) for r in t["directives"].itertuples() if present(r.number)},
    ),
    "money": (
        lambda g: {(number(m["value"]), m["currency"]) for m in g.get("money", [])},
        lambda t: {(number(r.value), r.unit) for r in _facts(t, "money").itertuples()},
    ),
    "money (with qualifier)": (
        lambda g: {(number(m["value"]), m["currency"], m.get("qualifier", "exact")) for m in g.get("money", [])},
        lambda t: {(number(r.value), r.unit, r.qualifier) for r in _facts(t, "money").itertuples()},
    ),
    "counts": (
        lambda g: {(number(c["value"]), fold(c["unit"])) for c in g.get("counts", [])},
        lambda t: {(number(r.value), fold(r.unit)) for r in _facts(t, "count").itertuples()},
    ),
    "percents": (
        lambda g: {number(p["value"]) for p in g.get("percents", [])},
        lambda t: {number(r.value) for r in _facts(t, "percent").itertuples()},
    ),
    "ratios": (
        lambda g: {number(r["value"]) for r in g.get("ratios", [])},
        lambda t: {number(r.value) for r in _facts(t, "ratio").itertuples()},
    ),
    "dates": (
        lambda g: {d["date"] for d in g.get("dates", []) if d.get("date")},
        lambda t: {d for d in t["dates"].loc[t["dates"]["precision"] == "day", "date"] if d},
    ),
    "published": (
        lambda g: {g["published"]} if g.get("published") else set(),
        lambda t: {p for p in t["articles"]["published"] if p and isinstance(p, str)},
    ),
    "author": (
        lambda g: {fold(g["author"])} if g.get("author") else set(),
        lambda t: {fold(a) for a in t["articles"]["author"] if a and isinstance(a, str)},
    ),
}


def _money_attribute(key: str) -> tuple[Callable, Callable]:
    """(gold, predicted) items (value, currency, key) for money facts; see SCORED_ON_GOLD_FACTS."""
    return (
        lambda g: {(number(m["value"]), m["currency"], fold(present(m.get(key)))) for m in g.get("money", []) if key in m},
        lambda t: {(number(r.value), r.unit, fold(present(getattr(r, key)))) for r in _facts(t, "money").itertuples()},
    )


#: fields scored only on the gold money items annotated with them: a predicted fact counts
#: when its (value, currency) is one of those items, so the score is the accuracy of the key
FIELDS.update({f"money {key}": _money_attribute(key) for key in ("subject", "period", "metric")})
SCORED_ON_GOLD_FACTS = {f"money {key}" for key in ("subject", "period", "metric")}


def find_article(corpus: Path, doc_id: str) -> Path | None:
    for candidate in sorted(corpus.glob(f"{doc_id}.*")):
        if candidate.suffix != ".json":
            return candidate
    return None


def evaluate(gold_dir, corpus_dir) -> tuple[pd.DataFrame, list[dict]]:
    """(scores per field, list of per-article misses) for every gold file."""
    from pipeline import load
    from pipeline.ingest import read_inputs
    from pipeline.run import process

    nlp = load()
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
        results = [process(nlp, article) for article in read_inputs([str(path)])]
        tables = results[0].tables()
        for field, (from_gold, from_tables) in FIELDS.items():
            expected, found = from_gold(gold), from_tables(tables)
            if field in SCORED_ON_GOLD_FACTS:
                found = {item for item in found if item[:2] in {e[:2] for e in expected}}
            tp = len(expected & found)
            counts[field][0] += tp
            counts[field][1] += len(found - expected)
            counts[field][2] += len(expected - found)
            if expected != found:
                misses.append({"id": doc_id, "field": field,
                               "missed": sorted(map(str, expected - found)),
                               "spurious": sorted(map(str, found - expected))})
    rows = []
    for field, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"field": field, "tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3),
                     "recall": round(recall, 3), "f1": round(f1, 3)})
    return pd.DataFrame(rows), misses
