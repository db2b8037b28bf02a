"""Every gold set is well formed: it parses, each quoted text is in its article, keys are not
repeated, and (schema version 2) kinds, scopes and metrics come from the schema's lists.

These checks read only the gold and the articles; they never run the pipeline, so they
stay true to "annotated by reading".
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent / "gold"
SETS = ["extra", "real", "ngo", "aid", "fresh", "heldout", "sports", "general", "general2", "general3", "general4",
        "general5", "general6", "general7", "general8", "general9"]
KINDS = {"party", "state", "mass_org", "foreign_ngo", "bilateral_donor", "multilateral", "enterprise", "media",
         "education", "health", "other"}
LEVELS = {"central", "province", "district", "commune", None}
SCOPES = {"province", "national", "multi", "organization", "foreign", None}
METRICS = {"disbursed", "committed", "approved", "mobilized", "allocated", "funded", "revenue", "spending",
           "invested", "damage", "price", "loan", "total_value", None}
QUALIFIERS = {"exact", "approx", "over", "under", "estimated"}


def article_text(path: Path) -> str:
    """The text an annotator read: a .txt file, or the ``text`` of a one-line .jsonl."""
    if path.suffix == ".jsonl":
        return json.loads(path.read_text(encoding="utf-8").splitlines()[0])["text"]
    return path.read_text(encoding="utf-8")


def gold_files():
    for name in SETS:
        for path in sorted((GOLD / name).glob("*.json")):
            yield pytest.param(path, id=f"{name}/{path.stem}")


def article_of(gold_path: Path) -> Path:
    found = [p for p in gold_path.parent.glob(gold_path.stem + ".*") if p.suffix in (".txt", ".jsonl")]
    assert len(found) == 1, f"no article for {gold_path}"
    return found[0]


@pytest.mark.parametrize("path", list(gold_files()))
def test_gold_file_is_well_formed(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = unicodedata.normalize("NFC", article_text(article_of(path)))
    for key in ("money", "counts", "percents", "ratios", "dates"):
        for item in gold.get(key, []):
            if item.get("text"):
                assert unicodedata.normalize("NFC", item["text"]) in text, (key, item["text"])
    money = [(m["value"], m["currency"]) for m in gold.get("money", [])]
    assert len(money) == len(set(money)), "a money key is listed twice"
    assert all(m.get("qualifier", "exact") in QUALIFIERS for m in gold.get("money", []))


@pytest.mark.parametrize("path", [p for p in gold_files() if p.values[0].parent.name in ("ngo", "aid", "fresh", "heldout", "sports", "general", "general2", "general3", "general5", "general6", "general7", "general8", "general9")])
def test_version_2_values_come_from_the_schema(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    names = set()
    for org in gold.get("organizations", []):
        assert isinstance(org, dict) and org.get("name"), org
        assert org.get("kind") in KINDS and org.get("level") in LEVELS, org
        assert org.get("country") is None or (len(org["country"]) == 2 and org["country"].isupper()), org
        names.add(org["name"])
    for money in gold.get("money", []):
        assert money.get("subject_scope") in SCOPES and money.get("metric") in METRICS, money
        for donor in (money.get("donor") or "").split("; "):
            assert not donor or donor in names, f"donor {donor!r} is not an organization of the file"
    assert "title" in gold and "published" in gold
