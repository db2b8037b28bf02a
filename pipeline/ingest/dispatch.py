"""Route one input path to its reader, by extension and, failing that, content.

gzip is recognised by its magic bytes whatever the name; ``x.jsonl.gz`` is JSONL.
"""
from __future__ import annotations

import errno
import io
import os
import sys
import zlib
from typing import BinaryIO, Iterator

from pipeline.ingest.article import Article, ReadOptions, failed
from pipeline.ingest.gunzip import Gunzip
from pipeline.ingest.jsonl import read_json_document, read_jsonl
from pipeline.ingest.limits import read_capped
from pipeline.ingest.text import read_text
from pipeline.settings import LIMITS

EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".warc": "warc", ".arc": "warc",
}


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
    """The format of a nameless input from its first (decompressed) bytes; a UTF-8 byte order
    mark is looked through, and a JSON array is JSON records too."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:512]
    if start.startswith(b"WARC/"):
        return "warc"
    if start[:1] in (b"{", b"["):
        return "jsonl"
    if start[:1] == b"<" and (b"<html" in start.lower() or b"<!doctype" in start.lower() or b"<body" in start.lower()):
        return "html"
    return "text"


def open_input(path: str) -> BinaryIO:
    """The bytes of an input: stdin for "-"; a path longer than the system allows is opened
    folder by folder."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            raise
        return _open_long(path)


def _open_long(path: str) -> BinaryIO:
    parts = path.split(os.sep)
    fd = os.open(os.sep if path.startswith(os.sep) else ".", os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in (p for p in parts[:-1] if p):
            inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        return os.fdopen(os.open(parts[-1], os.O_RDONLY, dir_fd=fd), "rb")
    finally:
        os.close(fd)


def read_path(path: str, options: ReadOptions, source: str | None = None) -> Iterator[Article]:
    """All articles of one input path, named ``source`` in the rows (errors become error Articles)."""
    source = source or path
    with open_input(path) as raw:
        stream = raw if hasattr(raw, "peek") else io.BufferedReader(raw)
        gzipped = stream.peek(2)[:2] == b"\x1f\x8b"
        kind = None if path == "-" else format_by_name(path)
        cut = None
        if gzipped and kind != "warc":  # warcio reads gzip'd WARC member by member itself
            cut = Gunzip(stream, source, LIMITS.max_decompressed_bytes, LIMITS.max_gzip_ratio)
            stream = io.BufferedReader(cut)
        try:
            if kind is None:
                kind = format_by_content(stream.peek(1024)[:1024])
            yield from _read_kind(kind, stream, source, options, cut)
        except (OSError, EOFError, zlib.error) as error:
            yield failed(source, f"broken {'gzip ' if gzipped else ''}input: {error}")


def _read_kind(kind: str, stream: BinaryIO, source: str, options: ReadOptions, cut: Gunzip | None) -> Iterator[Article]:
    if kind == "jsonl":
        yield from read_jsonl(stream, source, options, cut=lambda: cut is not None and cut.truncated)
    elif kind == "json":
        yield from read_json_document(stream, source, options)
    elif kind == "warc":
        from pipeline.ingest.warc import read_warc   # warcio and trafilatura load only for these inputs

        yield from read_warc(stream, source)
    else:
        data = read_capped(stream, LIMITS.max_article_bytes, "article")
        if cut is not None and cut.truncated:
            yield failed(source, "broken gzip input: the file ends before its gzip stream does (cut off)")
        elif kind == "html":
            from pipeline.ingest.html import read_html   # trafilatura loads only for HTML

            yield read_html(data, source)
        else:
            yield read_text(data, source)
