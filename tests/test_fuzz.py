"""Random bytes and random Unicode through ingest, normalize and a whole run: no exception escapes,
and every input gets its articles.csv row."""
from __future__ import annotations

import csv
import gzip
import json
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.ingest import Article, read_inputs
from pipeline.text.normalize import normalize
from pipeline.engine import run
from pipeline.engine.core import fingerprint, process

EXTENSIONS = [".txt", ".html", ".jsonl", ".json", ".warc", ".txt.gz", ".jsonl.gz", ".warc.gz", ""]
STATUSES = {"ok", "empty", "error", "skipped"}   # skipped: decoded text that is not Vietnamese

#: bytes that look like the inputs we get: text, markup, JSON, gzip and WARC headers, and noise
PIECES = st.sampled_from([
    b"", b"\n", b"\r\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n",
    b"<html><body><p>", b"</p></body></html>", b"<div>" * 50, b'{"text": "', b'"}', b"{}", b"[", b"}",
    "Tỉnh Sơn La tiếp nhận 1,3 triệu USD.".encode(), unicodedata.normalize("NFD", "Hoà Bình").encode("cp1258"), b'\\ud800', b"\xc3\x28",
    "Lượt xem: 10894".encode(), b"=SUM(A1)", b"[" * 5000, b'{"text": "\\ud800"}\n',
])
RAW = st.one_of(st.binary(max_size=600), st.lists(st.one_of(PIECES, st.binary(max_size=20)), max_size=20).map(b"".join))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow])


def write_input(folder, number: int, data: bytes, extension: str):
    path = folder / f"input{number}{extension}"
    if extension.endswith(".gz") and data[:2] != b"\x1f\x8b":
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


@FUZZ
@given(data=RAW, extension=st.sampled_from(EXTENSIONS))
def test_reading_random_bytes_never_raises_and_gives_a_row(tmp_path_factory, data, extension):
    folder = tmp_path_factory.mktemp("fuzz")
    path = write_input(folder, 0, data, extension)
    articles = list(read_inputs([str(path)]))
    assert articles, "every input gives at least one article"
    for article in articles:
        assert article.status in STATUSES
        assert article.source.startswith(str(path))
        assert article.status != "error" or article.error


SURROGATES = st.lists(st.sampled_from(["\ud800", "\udfff", "a", " ", "\n", "ờ"]), max_size=30).map("".join)


@FUZZ
@given(text=st.text(max_size=400))
def test_normalize_never_raises_on_random_unicode(text):
    cleaned = normalize(text).text
    assert "\r" not in cleaned and unicodedata.is_normalized("NFC", cleaned)


@FUZZ
@given(text=st.text(max_size=400) | SURROGATES)
def test_fingerprint_never_raises(text):
    found = fingerprint(Article(source="fuzz", text=text))
    assert found.error is None or isinstance(found.error, str)


@FUZZ
@given(text=st.text(max_size=300) | SURROGATES)
def test_processing_random_unicode_gives_one_row(text):
    result = process(pipeline.load(), Article(source="fuzz", text=text))
    assert result.article["status"] in STATUSES
    assert set(result.tables()) >= {"articles"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(inputs=st.lists(st.tuples(RAW, st.sampled_from(EXTENSIONS)), min_size=1, max_size=4),
       texts=st.lists(st.text(max_size=200) | SURROGATES, max_size=3))
def test_a_run_over_random_inputs_writes_a_row_for_every_input(tmp_path_factory, inputs, texts):
    folder = tmp_path_factory.mktemp("inputs")
    paths = [write_input(folder, number, data, extension) for number, (data, extension) in enumerate(inputs)]
    if texts:  # random Unicode as scraped records, lone surrogates and all
        jsonl = folder / "records.jsonl"
        jsonl.write_text("".join(json.dumps({"text": t, "title": t[:20]}) + "\n" for t in texts), encoding="ascii")
        paths.append(jsonl)
    out = tmp_path_factory.mktemp("out")
    summary = run([str(folder)], out, jobs=1, progress=False)
    with open(out / "articles.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(out / "skipped.csv", encoding="utf-8", newline="") as handle:
        skipped = {row["path"]: row["reason"] for row in csv.DictReader(handle)}
    for path in paths:   # every input is read into rows, or listed as not read, with the reason
        assert any(row["source"].startswith(str(path)) for row in rows) or skipped.get(str(path)), path
    assert {row["status"] for row in rows} <= STATUSES | {"duplicate"}
    assert summary["articles"] == len(rows)


@FUZZ
@given(text=st.lists(st.sampled_from([" ", "  ", "\n", "\t", "a", "1", ".", ",", "ờ", "\u00a0", "\u200b",
                                      "x\u0301", "\r\n", "1.000", "Tỉnh"]), max_size=40).map("".join)
       | st.text(max_size=200))
@example(text="\x1f\r")   # U+001F is whitespace to str.isspace, not to regex's \s (found by hypothesis)
def test_one_pass_tokens_are_spacy_s_words_and_spaces(text):
    from spacy.util import get_words_and_spaces

    from pipeline.text.tokenizer import TOKEN, words_and_spaces

    assert words_and_spaces(text) == get_words_and_spaces(TOKEN.findall(text), text)
