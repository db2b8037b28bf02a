"""Bounds that keep one hostile input from exhausting a worker.

Override with environment variables: TINTRICH_MAX_ARTICLE_BYTES,
TINTRICH_MAX_DECOMPRESSED_BYTES (bytes), TINTRICH_MAX_GZIP_RATIO,
TINTRICH_MAX_TEXT_CHARS (characters), TINTRICH_ARTICLE_TIMEOUT (seconds, 0 = none).
A pattern's own time limit is TINTRICH_PATTERN_TIMEOUT (see pipeline.patterns).
"""
from __future__ import annotations

import os
from dataclasses import dataclass


class InputTooLarge(Exception):
    """An input (or what it decompresses to) is over a configured limit."""


@dataclass(frozen=True)
class Limits:
    #: one article's raw bytes (a text file, an HTML page, a JSONL line, a WARC record)
    max_article_bytes: int = int(os.environ.get("TINTRICH_MAX_ARTICLE_BYTES", 20 * 2**20))
    #: what one gzip stream may decompress to (gzip bombs stop here)
    max_decompressed_bytes: int = int(os.environ.get("TINTRICH_MAX_DECOMPRESSED_BYTES", 4 * 2**30))
    #: decompressed / compressed bytes a gzip stream may reach (past its first MiB); news text
    #: compresses 3-10 times, a gzip bomb a thousand times
    max_gzip_ratio: float = float(os.environ.get("TINTRICH_MAX_GZIP_RATIO", 200))
    #: one article's text, in characters, before it is cleaned (spaCy's own default max_length)
    max_text_chars: int = int(os.environ.get("TINTRICH_MAX_TEXT_CHARS", 1_000_000))
    #: wall-clock seconds one article may take in a worker process (0: no limit)
    article_timeout: float = float(os.environ.get("TINTRICH_ARTICLE_TIMEOUT", 60))


LIMITS = Limits()


def read_capped(stream, limit: int, what: str) -> bytes:
    """Read a whole stream, refusing more than ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"{what} is larger than the limit of {limit} bytes")
    return data
