"""Route one input path to its reader, by extension and, failing that, content.

gzip is recognised by its magic bytes whatever the name; ``x.jsonl.gz`` is JSONL.
"""
from __future__ import annotations

import gzip
import io
import sys
import zlib
from typing import BinaryIO, Iterator

from pipeline.ingest.article import Article, ReadOptions, failed
from pipeline.ingest.jsonl import read_jsonl
from pipeline.ingest.limits import InputTooLarge, read_capped
from pipeline.ingest.text import read_text
from pipeline.settings import LIMITS

EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".warc": "warc", ".arc": "warc",
}


class CappedStream(io.RawIOBase):
    """A read-only stream that fails once more than ``limit`` bytes came out, or (past the
    first MiB) more than ``ratio`` times what was read from ``compressed`` (gzip bombs)."""

    RATIO_AFTER = 2**20

    def __init__(self, inner: BinaryIO, limit: int, what: str, compressed: BinaryIO | None = None,
                 ratio: float | None = None):
        self.inner, self.limit, self.what, self.count = inner, limit, what, 0
        self.compressed, self.ratio = compressed, ratio

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        self.count += len(data)
        if self.count > self.limit:
            raise InputTooLarge(f"{self.what} decompresses to more than {self.limit} bytes")
        if self.ratio and self.compressed is not None and self.count > self.RATIO_AFTER:
            try:
                read = max(self.compressed.tell(), 1)
            except (OSError, ValueError):  # a pipe: no position, only the absolute limit applies
                self.compressed = None
            else:
                if self.count > self.ratio * read:
                    raise InputTooLarge(f"{self.what} decompresses to more than {self.ratio:g} times its "
                                        f"size (gzip bomb?)")
        buffer[:len(data)] = data
        return len(data)


def format_by_name(name: str) -> str | None:
    """'text' | 'html' | 'jsonl' | 'warc' from the file name (``.gz`` ignored), or None."""
    lowered = name.lower()
    for suffix in (".gz", ".gzip"):
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
    for extension, kind in EXTENSIONS.items():
        if lowered.endswith(extension):
            return kind
    return None


def format_by_content(head: bytes) -> str:
    """The format of a nameless input from its first (decompressed) bytes."""
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
        stream = raw if hasattr(raw, "peek") else io.BufferedReader(raw)
        gzipped = stream.peek(2)[:2] == b"\x1f\x8b"
        kind = None if path == "-" else format_by_name(path)
        if gzipped and kind != "warc":  # warcio reads gzip'd WARC member by member itself
            stream = io.BufferedReader(CappedStream(
                gzip.GzipFile(fileobj=stream), LIMITS.max_decompressed_bytes, path,
                compressed=raw, ratio=LIMITS.max_gzip_ratio))
        try:
            if kind is None:
                head = stream.peek(1024)[:1024]
                kind = format_by_content(head)
            yield from _read_kind(kind, stream, path, options)
        except (OSError, EOFError, zlib.error) as error:
            yield failed(path, f"broken {'gzip ' if gzipped else ''}input: {error}")


def _read_kind(kind: str, stream: BinaryIO, path: str, options: ReadOptions) -> Iterator[Article]:
    if kind == "jsonl":
        yield from read_jsonl(stream, path, options)
    elif kind == "warc":
        from pipeline.ingest.warc import read_warc   # warcio and trafilatura load only for these inputs

        yield from read_warc(stream, path)
    else:
        data = read_capped(stream, LIMITS.max_article_bytes, "article")
        if kind == "html":
            from pipeline.ingest.html import read_html   # trafilatura loads only for HTML

            yield read_html(data, path)
        else:
            yield read_text(data, path)
