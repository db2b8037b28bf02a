"""Legacy font encodings (TCVN3, VNI): the real seed articles typed in them come back as
Unicode, through the converter, the .txt and HTML readers and a whole run; Unicode
articles are never touched. Phrase cases are in patterns/legacy_fonts.corpus.tsv."""
from __future__ import annotations

import csv
import unicodedata

import pytest

from conftest import ROOT
from pipeline.rules import patterns
from pipeline.text import legacy
from pipeline.ingest import ReadOptions, read_inputs
from pipeline.text.normalize import normalize


def typed_in(font: str, text: str) -> str:
    """``text`` as a typist with a ``font`` keyboard driver would have stored it (the
    inverse of the data table; NFC letters first)."""
    inverse = {}
    for row in patterns.load_csv("legacy_fonts.tsv"):
        if row["font"] == font:
            inverse.setdefault(row["unicode"], row["legacy"])
    return "".join(inverse.get(char, char) for char in unicodedata.normalize("NFC", text))


def sample(text: str) -> str:
    """A seed article as a .VnTime (TCVN3) typist stores it: capitals with tone marks
    have no code of their own (they need the upper-case font), so they are lower-case."""
    codes = {row["unicode"] for row in patterns.load_csv("legacy_fonts.tsv") if row["font"] == "tcvn3"}
    return "".join(c.lower() if c.isupper() and not c.isascii() and c not in codes else c
                   for c in unicodedata.normalize("NFC", text))


@pytest.mark.parametrize("font", ["tcvn3", "vni"])
def test_seed_articles_typed_in_a_legacy_font_come_back(seed_texts, font):
    for stem, text in seed_texts.items():
        original = sample(text) if font == "tcvn3" else unicodedata.normalize("NFC", text)
        converted = legacy.convert(typed_in(font, original))
        assert converted.font == font, stem
        if font == "tcvn3":   # words in capitals get their toned capitals back
            assert converted.text.lower() == original.lower(), stem
        else:
            assert converted.text == original, stem


def test_unicode_articles_are_never_converted(seed_texts):
    texts = list(seed_texts.values())
    for folder in ("tests/gold/extra", "tests/gold/real"):
        texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / folder).glob("*.txt"))]
    assert len(texts) == 30
    for text in texts:
        assert legacy.detect(text) is None
        assert legacy.convert(text) == (text, None)


def test_tcvn3_capitals_follow_their_word():
    assert legacy.convert("Th«ng b¸o cña UBND TØNH L¹NG S¥N vÒ viÖc").text == "Thông báo của UBND TỈNH LẠNG SƠN về việc"


def test_a_tcvn3_text_file_is_decoded_and_named(tmp_path, seed_texts):
    text = sample(seed_texts["001_26a770fd3adbd106"])
    (tmp_path / "old.txt").write_bytes(typed_in("tcvn3", text).encode("cp1252"))
    [article] = read_inputs([str(tmp_path)], ReadOptions())
    assert article.status == "ok" and article.encoding == "tcvn3"
    assert article.text.lower() == text.lower()


def test_a_vni_page_in_windows_1252_is_read_as_unicode(tmp_path, seed_texts):
    import pipeline

    text = seed_texts["001_26a770fd3adbd106"]
    body = "".join(f"<p>{line}</p>" for line in typed_in("vni", text).split("\n") if line.strip())
    page = f'<html><head><meta charset="windows-1252"><title>Tin</title></head><body><article>{body}</article></body></html>'
    (tmp_path / "old.html").write_bytes(page.encode("cp1252"))
    [article] = read_inputs([str(tmp_path)], ReadOptions())
    assert article.status == "ok" and article.encoding == "vni"
    assert "Phó Chủ tịch UBND tỉnh Thái Bình" in article.text
    assert set(pipeline.extract(article.text).tables()["provinces"]["name"]) == {"Thái Bình"}


def test_legacy_text_inside_unicode_jsonl_is_converted_when_normalized(tmp_path, seed_texts):
    import json

    from pipeline.engine.core import process
    import pipeline

    text = seed_texts["002_589f46926d63e719"]
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": typed_in("vni", text)}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    [article] = read_inputs([str(tmp_path)], ReadOptions())
    assert normalize(article.text).legacy_font == "vni"
    assert normalize(article.text).text == normalize(text).text
    result = process(pipeline.load(), article)
    assert result.article["encoding"] == "utf-8+vni"
    assert result.text == normalize(text).text


def test_a_run_over_a_tcvn3_file_reports_the_font_and_finds_the_facts(tmp_path, seed_texts):
    from pipeline.cli import main

    text = sample(seed_texts["000_22c4afcade77e2f4"])
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "old.txt").write_bytes(typed_in("tcvn3", text).encode("cp1252"))
    assert main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1", "--quiet"]) == 0
    with open(tmp_path / "out" / "articles.csv", encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["status"] == "ok" and row["encoding"] == "tcvn3"
    with open(tmp_path / "out" / "facts.csv", encoding="utf-8", newline="") as handle:
        money = [r for r in csv.DictReader(handle) if r["kind"] == "money"]
    assert {(float(r["value"]), r["unit"]) for r in money} >= {(1300000.0, "USD")}
