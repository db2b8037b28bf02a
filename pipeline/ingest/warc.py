"""WARC archives (``.warc``, ``.warc.gz``) read with warcio.

Every ``response`` record with an HTML payload is one article (through the HTML
reader, with the record's target URI and date); ``resource``/``conversion``
records with ``text/plain`` are articles too. Other records (requests, metadata,
images) are not articles and are skipped. A record cut short (truncated
download) is an ``error`` row; a corrupt archive ends with one ``error`` row
saying where it broke. Known limit: warcio ends quietly when a gzip member is
cut inside a record's *headers*, so such a last record cannot be reported.
"""
from __future__ import annotations

from typing import BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator

from pipeline.ingest.article import Article, failed
from pipeline.ingest.html import read_html
from pipeline.ingest.limits import InputTooLarge, read_capped
from pipeline.settings import LIMITS
from pipeline.ingest.text import read_text


def _content_type(record) -> str:
    if record.http_headers is not None:
        return (record.http_headers.get_header("Content-Type") or "").lower()
    return (record.rec_headers.get_header("Content-Type") or "").lower()


def read_warc(stream: BinaryIO, source: str) -> Iterator[Article]:
    number = 0
    records = ArchiveIterator(stream)
    try:
        for record in records:
            kind = record.rec_type
            content_type = _content_type(record)
            is_html = kind == "response" and "html" in content_type
            is_text = kind in ("resource", "conversion") and "text/plain" in content_type
            if not (is_html or is_text):
                continue
            number += 1
            where = f"{source}#{number}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            try:
                payload = read_capped(record.content_stream(), LIMITS.max_article_bytes, "WARC record")
            except InputTooLarge as error:
                yield failed(where, str(error), url=url)
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                missing = f"{record.raw_stream.limit} of {record.length} bytes missing"
                yield failed(where, f"truncated WARC record ({missing})", url=url)
                continue
            if is_html:
                article = read_html(payload, where, url=url)
            else:
                article = read_text(payload, where)
                article.url = url
            yield article
    except Exception as error:  # warcio and gzip raise several types on corrupt archives
        yield failed(f"{source}#{number + 1}", f"corrupt WARC after {number} records: {type(error).__name__}: {error}")
