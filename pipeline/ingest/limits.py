"""Bounds that keep one hostile input from exhausting a worker.

Override with environment variables (bytes): TINTRICH_MAX_ARTICLE_BYTES,
TINTRICH_MAX_DECOMPRESSED_BYTES.
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


LIMITS = Limits()


def read_capped(stream, limit: int, what: str) -> bytes:
    """Read a whole stream, refusing more than ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"{what} is larger than the limit of {limit} bytes")
    return data
