"""HTML pages: main text, title, date, canonical URL and author via trafilatura.

trafilatura removes navigation, footers and comment sections (it is a
boilerplate-removal library, not a tag stripper). Pages it cannot parse, or with
no main text, become ``error``/``empty`` articles with the reason.
"""
from __future__ import annotations

import functools

import trafilatura
from trafilatura.settings import use_config

from pipeline.ingest.article import Article, failed
from pipeline.ingest.text import NotText, decode

#: trafilatura refuses trees larger than this many elements (deeply nested or
#: gigantic pages), which bounds its time and memory on hostile input.
MAX_TREE_SIZE = 200_000


@functools.lru_cache(maxsize=1)
def _config():
    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signals do not work in worker threads
    return config


def read_html(data: bytes | str, source: str, url: str | None = None, **known) -> Article:
    """One page's Article; ``known`` metadata (e.g. from a JSONL or WARC record) wins."""
    encoding = None
    if isinstance(data, bytes):
        try:
            data, encoding = decode(data)
        except NotText as error:
            return failed(source, str(error), url=url)
    try:
        page = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False,
            include_tables=True, config=_config(),
        )
    except (RecursionError, ValueError, TypeError) as error:
        return failed(source, f"HTML could not be parsed: {type(error).__name__}", url=url)
    if page is None or not (page.text or "").strip():
        return Article(source=source, text="", url=url, encoding=encoding, status="empty",
                       error="no main text found in HTML")
    return Article(
        source=source,
        text=page.text,
        url=known.get("url") or url or page.url,
        title=known.get("title") or page.title,
        author=known.get("author") or page.author,
        published=known.get("published") or page.date,
        encoding=encoding,
    )
