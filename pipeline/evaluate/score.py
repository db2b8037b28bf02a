"""Gold against tables, field by field, as the components' specs declare (:class:`pipeline.component.Score`).

Three methods: ``set`` (items compared as sets of tuples per article; a gold value
may be a list of acceptable values), ``identity`` (organizations as bodies with many
spellings, :mod:`pipeline.evaluate.identity`: F1, and the accuracy of ``kind`` and
the recall of foreign donors), ``attribute`` (what money figures are about, right /
wrong / empty, :mod:`pipeline.evaluate.attribution`, and the donors' F1).
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import regex

from pipeline import catalog
from pipeline.component import Score
from pipeline.engine.core import process
from pipeline.entities.directives import canonical_number
from pipeline.entities.officials import titles
from pipeline.evaluate import attribution, identity
from pipeline.ingest import read_inputs
from pipeline.rules.grammar import fold
from pipeline.text.normalize import fix_tone_marks

_SEPARATORS = regex.compile(r"[\s\-–—/]+")


def present(value):
    """The value, or None where the table has nothing (None, "", NaN)."""
    return None if value is None or value == "" or (isinstance(value, float) and value != value) else value


_FINAL_Y = regex.compile(r"(?<=(?<![\p{L}\p{M}])[bcdđghklmnpqrstvx]{1,2})[yýỳỷỹỵ](?![\p{L}\p{M}])", regex.IGNORECASE)
_Y_AS_I = str.maketrans("yýỳỷỹỵYÝỲỶỸỴ", "iíìỉĩịIÍÌỈĨỊ")


def same_name(value) -> str | None:
    """Case, tone-mark, dash and space variants compare equal: 'Hội Việt – Mỹ' ~ 'hội việt - mỹ'; so do the
    two spellings of a syllable ending in i after a consonant, which Vietnamese writes either way ('Thượng nghị
    sỹ' ~ 'Thượng nghị sĩ', 'kỹ sư' ~ 'kĩ sư'; not 'Thúy', where y follows a vowel)."""
    value = present(value)
    if value is None:
        return None
    value = fold(fix_tone_marks(unicodedata.normalize("NFC", str(value))))
    return _FINAL_Y.sub(lambda m: m.group().translate(_Y_AS_I), value)


def same_number(value) -> float | None:
    value = present(value)
    return None if value is None else round(float(value), 4)


def same_document(value) -> str | None:
    """Document numbers compare canonical and with their separators folded, in capitals:
    "12-CT/TƯ", "12 CT/TW" and "12/CT-TW" are one number."""
    value = present(value)
    return None if value is None else _SEPARATORS.sub("/", canonical_number(unicodedata.normalize("NFC", str(value))).upper())


def same_title(value) -> str | None:
    """Titles compare as the office they name (titles.yaml: a title's other spellings and ``id``, without "Nguyên"):
    'HLV' ~ 'Huấn luyện viên', 'ĐB' ~ 'Đại biểu', 'nguyên Giám đốc' ~ 'Giám đốc'; then as names."""
    value = present(value)
    return None if value is None else same_name(titles().office(" ".join(str(value).split())))


#: how the values of a pair compare (the third element of a Score pair)
COMPARE = {"name": same_name, "title": same_title, "number": same_number, "document": same_document, "text": present}


def scores() -> list[Score]:
    """Every evaluator field, in pipeline order."""
    found = []
    for spec in catalog.discover():
        found += [score if score.table else Score(**{**score.__dict__, "table": spec.table})
                  for score in spec.scores]
    return found


def _compared(compare: str, value):
    """A gold value, or the frozenset of its alternatives when the gold gives a list."""
    if isinstance(value, list):
        return frozenset(COMPARE[compare](v) for v in value)
    return COMPARE[compare](value)


def gold_items(score: Score, gold: dict) -> list[tuple]:
    """The gold file's items of one field, as comparable tuples (distinct)."""
    if score.scalar:
        value = gold.get(score.gold)
        return [(COMPARE[score.pairs[0][2]](value),)] if value else []
    items = []
    for item in gold.get(score.gold, []):
        if isinstance(item, str):
            item = {"name": item}
        if score.gold_requires and not item.get(score.gold_requires):
            continue
        if score.on_gold_items and score.pairs[-1][0] not in item:
            continue
        item = {**dict(score.gold_defaults), **item}
        compared = tuple(_compared(compare, item.get(key or "name")) for key, _, compare in score.pairs)
        if compared not in items:
            items.append(compared)
    return items


def table_items(score: Score, tables: dict[str, pd.DataFrame]) -> set[tuple]:
    """The predicted items of one field, as comparable tuples."""
    frame = tables[score.table]
    for column, value in score.where:
        frame = frame[frame[column] == value]
    items = set()
    for row in frame.to_dict("records"):
        if any(present(row.get(column)) is not None for column in score.unless):
            continue
        values = tuple(COMPARE[compare](row.get(column)) for _, column, compare in score.pairs)
        if score.scalar and values[0] is None:
            continue
        if score.gold_requires and values[[key for key, _, _ in score.pairs].index(score.gold_requires)] is None:
            continue
        items.add(values)
    return items


def _fits(expected: tuple, found: tuple) -> bool:
    return all(f in e if isinstance(e, frozenset) else f == e for e, f in zip(expected, found))


def match_sets(expected: list[tuple], found: set[tuple]) -> tuple[int, list, list]:
    """(tp, missed, spurious): each expected item takes one found item that fits it."""
    left, missed = set(found), []
    for item in expected:
        partner = item if item in left else next((f for f in left if _fits(item, f)), None)
        if partner is None:
            missed.append(item)
        else:
            left.discard(partner)
    return len(expected) - len(missed), missed, sorted(map(str, left))


def find_article(corpus: Path, doc_id: str) -> Path | None:
    for candidate in sorted(corpus.glob(f"{doc_id}.*")):
        if candidate.suffix != ".json":
            return candidate
    return None


class Tally:
    """Counts summed over the articles of one evaluation."""

    def __init__(self):
        self.sets = defaultdict(lambda: [0, 0, 0])     # field -> [tp, fp, fn]
        self.outcomes = defaultdict(Counter)           # field -> Counter(right, wrong, empty, missing)
        self.misses: list[dict] = []

    def add_set(self, field: str, doc_id: str, expected: list, found: set) -> None:
        tp, missed, spurious = match_sets(expected, found)
        counts = self.sets[field]
        counts[0], counts[1], counts[2] = counts[0] + tp, counts[1] + len(spurious), counts[2] + len(missed)
        if missed or spurious:
            self.misses.append({"id": doc_id, "field": field, "missed": sorted(map(str, missed)), "spurious": spurious})

    def add_identity(self, field: str, doc_id: str, gold: dict, rows: list[dict]) -> None:
        matching = identity.match(identity.gold_bodies(gold), identity.predicted_bodies(rows))
        found = [(g, f) for g, f in matching.pairs if f is not None]
        counts = self.sets[field]
        counts[0] += len(found)
        counts[1] += len(matching.spurious)
        counts[2] += len(matching.pairs) - len(found)
        self.outcomes[f"{field} split"]["wrong"] += matching.split
        self.outcomes[f"{field} split"]["right"] += len(found) - matching.split
        for g, f in found:
            if g.kind:
                self.outcomes[f"{field} kind"]["right" if f.kind == g.kind else "wrong" if f.kind else "empty"] += 1
        foreign = [(g, f) for g, f in matching.pairs if g.kind in identity.FOREIGN_KINDS]
        self.sets[f"{field} foreign"][0] += sum(f is not None for _, f in foreign)
        self.sets[f"{field} foreign"][2] += sum(f is None for _, f in foreign)
        missed = [g.name for g, f in matching.pairs if f is None]
        if missed or matching.spurious:
            self.misses.append({"id": doc_id, "field": field, "missed": missed,
                                "spurious": [f.name for f in matching.spurious]})

    def add_attributes(self, gold: dict, facts: list[dict], orgs: list[dict]) -> None:
        outcomes, donors = attribution.compare(gold, facts, identity.gold_bodies(gold))
        for attribute, counter in outcomes.items():
            self.outcomes[f"money {attribute}"].update(counter)
        for number, count in enumerate(donors):
            self.sets["money donor (pairs)"][number] += count

    def table(self) -> pd.DataFrame:
        rows = [_row(field, *counts) for field, counts in self.sets.items()]
        rows += [_outcome_row(field, counter) for field, counter in self.outcomes.items()]
        return pd.DataFrame(rows)


def evaluate(gold_dir, corpus_dir) -> tuple[pd.DataFrame, list[dict]]:
    """(scores per field, list of per-article misses) for every gold file."""
    nlp = catalog.load()
    fields = scores()
    tally = Tally()
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
        annotated = gold.get("annotated")   # a gold file made for some fields only names them
        for score in fields:
            if score.when_present and score.gold not in gold:
                continue
            if annotated is not None and score.gold not in annotated:
                continue
            if score.method == "identity":
                tally.add_identity(score.field, doc_id, gold, tables[score.table].to_dict("records"))
            elif score.method == "attribute":
                tally.add_attributes(gold, tables[score.table].to_dict("records"),
                                     tables["organizations"].to_dict("records"))
            else:
                found = table_items(score, tables)
                expected = gold_items(score, gold)
                if score.on_gold_items:
                    keys = {item[:score.on_gold_items] for item in expected}
                    found = {item for item in found if item[:score.on_gold_items] in keys}
                tally.add_set(score.field, doc_id, expected, found)
    return tally.table(), tally.misses


def _row(field: str, tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"field": field, "tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3),
            "recall": round(recall, 3), "f1": round(f1, 3)}


def _outcome_row(field: str, counter: Counter) -> dict:
    """right/wrong/empty as shares of the items compared (missing figures apart); precision is
    right among the values given, recall right among all compared, f1 their mean."""
    right, wrong, empty = counter["right"], counter["wrong"], counter["empty"]
    compared = right + wrong + empty
    row = _row(field, right, wrong, empty)
    row.update({"n": compared, "right": round(right / compared, 3) if compared else None,
                "wrong": round(wrong / compared, 3) if compared else None,
                "empty": round(empty / compared, 3) if compared else None, "missing": counter["missing"]})
    return row
