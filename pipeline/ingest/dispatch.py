"""Route one input path to its reader, by extension and, failing that, content.

gzip is recognised by its magic bytes whatever the name; ``x.jsonl.gz`` is JSONL.
"""
from __future__ import annotations

import gzip
import io
import sys
import zlib
from typing import BinaryIO, Iterator

from pipeline.ingest import Article, ReadOptions, failed
from pipeline.ingest.limits import LIMITS, InputTooLarge, read_capped

EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".warc": "warc", ".arc": "warc",
}


class CappedStream(io.RawIOBase):
    """A read-only stream that fails once more than ``limit`` bytes came out (gzip bombs)."""

    def __init__(self, inner: BinaryIO, limit: int, what: str):
        self.inner, self.limit, self.what, self.count = inner, limit, what, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        self.count += len(data)
        if self.count > self.limit:
            raise InputTooLarge(f"{self.what} decompresses to more than {self.limit} bytes")
        buffer[:len(data)] = data
        return len(data)


def format_of(name: str, head: bytes) -> str:
    """'text' | 'html' | 'jsonl' | 'warc' from a (de-gzipped) name and the first bytes."""
    lowered = name.lower()
    for suffix in (".gz", ".gzip"):
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
    for extension, kind in EXTENSIONS.items():
        if lowered.endswith(extension):
            return kind
    start = head.lstrip()[:512]
    if start.startswith(b"WARC/"):
        return "warc"
    if start[:1] == b"{":
        return "jsonl"
    if start[:1] == b"<" and (b"<html" in start.lower() or b"<!doctype" in start.lower() or b"<body" in start.lower()):
        return "html"
    return "text"


def open_input(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    return open(path, "rb")


def read_path(path: str, options: ReadOptions) -> Iterator[Article]:
    """All articles of one input path (errors become error Articles)."""
    with open_input(path) as raw:
        stream = io.BufferedReader(raw) if not hasattr(raw, "peek") else raw
        if stream.peek(2)[:2] == b"\x1f\x8b":
            stream = io.BufferedReader(CappedStream(
                gzip.GzipFile(fileobj=stream), LIMITS.max_decompressed_bytes, path))
        try:
            head = stream.peek(1024)[:1024]
        except (OSError, EOFError, zlib.error) as error:
            yield failed(path, f"broken gzip stream: {error}")
            return
        kind = format_of("stdin" if path == "-" else path, head)
        try:
            yield from _read_kind(kind, stream, path, options)
        except (OSError, EOFError, zlib.error) as error:
            yield failed(path, f"broken {'gzip ' if isinstance(error, (EOFError, zlib.error)) else ''}input: {error}")


def _read_kind(kind: str, stream: BinaryIO, path: str, options: ReadOptions) -> Iterator[Article]:
    if kind == "jsonl":
        from pipeline.ingest.jsonl import read_jsonl

        yield from read_jsonl(stream, path, options)
    elif kind == "warc":
        from pipeline.ingest.warc import read_warc

        yield from read_warc(stream, path)
    else:
        data = read_capped(stream, LIMITS.max_article_bytes, "article")
        if kind == "html":
            from pipeline.ingest.html import read_html

            yield read_html(data, path)
        else:
            from pipeline.ingest.text import read_text

            yield read_text(data, path)
