"""JSONL / NDJSON from scrapers: one article per line.

Text from the first of ``text|content|body`` present (``--text-field`` overrides),
metadata from ``url|title|published|date|author``. A field holding HTML (a
scraper that saved the page) goes through the HTML reader. A malformed line, a
line that is not an object, or one with no text becomes an ``error``/``empty``
row ``path#N`` and the file goes on.
"""
from __future__ import annotations

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


def read_jsonl(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Article]:
    """Articles of a JSONL stream; blank lines are skipped, every other line gives one."""
    number = 0
    for line in _lines(stream, LIMITS.max_article_bytes):
        if line is not None and not line.strip():
            continue
        number += 1
        where = f"{source}#{number}"
        if line is None:
            yield failed(where, f"JSONL line longer than {LIMITS.max_article_bytes} bytes")
            continue
        yield record_to_article(line, where, options)


def record_to_article(line: bytes, where: str, options: ReadOptions) -> Article:
    """One JSONL line to its Article (never raises)."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        reason = getattr(error, "msg", None) or getattr(error, "reason", "bad bytes")
        return failed(where, f"malformed JSON line: {reason}")
    except RecursionError:
        return failed(where, "malformed JSON line: nested too deeply")
    if not isinstance(record, dict):
        return failed(where, f"JSON line is a {type(record).__name__}, not an object")
    meta = {
        "url": _first(record, options.url_fields),
        "title": _first(record, options.title_fields),
        "published": _first(record, options.published_fields),
        "author": _first(record, options.author_fields),
    }
    text = _first(record, options.text_fields)
    if text is None:
        return Article(source=where, text="", status="empty",
                       error=f"no text field ({'|'.join(options.text_fields)})", **meta)
    if text.lstrip()[:1] == "<" and "</" in text:
        from pipeline.ingest.html import read_html   # trafilatura loads only for HTML

        return read_html(text, where, **meta)
    return Article(source=where, text=text, encoding="utf-8", **meta)
