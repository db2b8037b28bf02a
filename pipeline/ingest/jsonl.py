"""JSONL / NDJSON from scrapers: one article per line.

Text from the first of ``text|content|body`` present (``--text-field`` overrides),
metadata from ``url|title|published|date|author``. A field holding HTML (a
scraper that saved the page) goes through the HTML reader. A malformed line, a
line that is not an object, or one with no text becomes an ``error``/``empty``
row ``path#N`` and the file goes on.
"""
from __future__ import annotations

import io
import json
import re
from typing import BinaryIO, Iterator

from pipeline.ingest.article import Article, ReadOptions, failed
from pipeline.settings import LIMITS

#: bytes read at a time while skipping the rest of an over-long line
DRAIN_CHUNK = 2**20


#: JSON may escape half of a surrogate pair ("\\ud800"), which no UTF-8 file can hold
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _first(record: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return LONE_SURROGATE.sub("\ufffd", str(value))
    return None


class NotText(ValueError):
    """A text field that holds neither a string nor a list of strings."""


def text_field(record: dict, names: tuple[str, ...]) -> tuple[str, str] | None:
    """(field name, text) of the first text field present; a list of strings is paragraphs
    joined by line breaks; an object, a number or a list of other things is :class:`NotText`."""
    for name in names:
        if name not in record:
            continue
        value = record[name]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = "\n".join(value)
        elif value is not None and not isinstance(value, str):
            raise NotText(f"field {name!r} holds a JSON {type(value).__name__}, not text")
        return name, LONE_SURROGATE.sub("\ufffd", value or "")
    return None


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Lines of at most ``limit`` bytes; an over-long line yields None (and is skipped)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drain the rest of the line in bounded chunks
                rest = stream.readline(DRAIN_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
        else:
            yield line


def read_jsonl(stream: BinaryIO, source: str, options: ReadOptions, cut=lambda: False) -> Iterator[Article]:
    """Articles of a JSONL stream (or of a JSON array of records); blank lines are skipped,
    every other line gives one. ``cut()`` tells that the stream ended early (a truncated
    gzip file): its last, partial line is then an error row that says so."""
    stream = _without_bom(stream if hasattr(stream, "peek") else io.BufferedReader(stream))
    if stream.peek(1)[:1] == b"[":
        yield from read_json_document(stream, source, options)
        return
    number, last_complete = 0, True
    for line in _lines(stream, LIMITS.max_article_bytes):
        if line is not None and not line.strip():
            continue
        number += 1
        where = f"{source}#{number}"
        if line is None:
            yield failed(where, f"JSONL line longer than {LIMITS.max_article_bytes} bytes")
            continue
        last_complete = line.endswith(b"\n")
        if not last_complete and cut():
            yield failed(where, "record cut off: the gzip stream ends early")
            return
        yield record_to_article(line, where, options)
    if cut() and last_complete:
        yield failed(f"{source}#{number + 1}", "the gzip stream ends early: records after this point are lost")


def _without_bom(stream: BinaryIO) -> BinaryIO:
    if stream.peek(3)[:3] == b"\xef\xbb\xbf":
        stream.read(3)
    return stream


def read_json_document(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Article]:
    """A whole JSON document (a ``.json`` file, or a JSON array on stdin): an array gives one
    Article per element, an object one Article."""
    data = stream.read(LIMITS.max_article_bytes * 4 + 1).removeprefix(b"\xef\xbb\xbf")
    if len(data) > LIMITS.max_article_bytes * 4:
        yield failed(source, f"JSON document larger than {LIMITS.max_article_bytes * 4} bytes (write it as JSONL)")
        return
    try:
        records = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        yield failed(source, f"malformed JSON document: {getattr(error, 'msg', None) or 'bad bytes'}")
        return
    except RecursionError:
        yield failed(source, "malformed JSON document: nested too deeply")
        return
    if not isinstance(records, list):
        yield record_article(records, source, options)
        return
    for number, record in enumerate(records, 1):
        yield record_article(record, f"{source}#{number}", options)


def record_to_article(line: bytes, where: str, options: ReadOptions) -> Article:
    """One JSONL line to its Article (never raises)."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        reason = getattr(error, "msg", None) or getattr(error, "reason", "bad bytes")
        return failed(where, f"malformed JSON line: {reason}")
    except RecursionError:
        return failed(where, "malformed JSON line: nested too deeply")
    return record_article(record, where, options)


def record_article(record, where: str, options: ReadOptions) -> Article:
    """One parsed record to its Article (never raises)."""
    if not isinstance(record, dict):
        return failed(where, f"JSON record is a {type(record).__name__}, not an object")
    meta = {
        "url": _first(record, options.url_fields),
        "title": _first(record, options.title_fields),
        "published": _first(record, options.published_fields),
        "author": _first(record, options.author_fields),
    }
    try:
        found = text_field(record, options.text_fields)
    except NotText as error:
        return failed(where, str(error), **meta)
    if found is None:
        return Article(source=where, text="", status="empty",
                       error=f"no text field ({'|'.join(options.text_fields)})", **meta)
    name, text = found
    if not text.strip():
        return Article(source=where, text="", status="empty", error=f"the text field {name!r} is empty", **meta)
    if text.lstrip()[:1] == "<" and "</" in text:
        from pipeline.ingest.html import read_html   # trafilatura loads only for HTML

        return read_html(text, where, **meta)
    return Article(source=where, text=text, encoding="utf-8", **meta)
