"""The record every reader yields: one :class:`Article` per input article, readable or not."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass


@dataclass
class Article:
    """One article as read from its source, before normalization.

    ``source`` is the input path plus ``#N`` for the Nth record of a JSONL or WARC file.
    """

    source: str
    text: str | None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    encoding: str | None = None
    status: str = "ok"
    error: str | None = None
    #: the year the run says its articles were published in (``--published-year``), for those
    #: whose input and text give no publication date
    published_year: int | None = None

    def __post_init__(self):
        self.published = iso_date(self.published)

    @property
    def doc_id(self) -> str:
        """Stable id: hash of source and content, identical across re-runs. Kept with what it was
        made from (a run asks for it five times an article): made again only when they change."""
        made_from = (self.source, self.text, self.status, self.error)
        kept = self.__dict__.get("_doc_id")
        if kept is None or kept[0] != made_from:   # the same text object: compared by identity, at once
            content = self.text if self.text is not None else f"{self.status}:{self.error}"
            digest = hashlib.sha1(f"{self.source}\n{content}".encode("utf-8", "surrogatepass"))
            kept = self.__dict__["_doc_id"] = (made_from, digest.hexdigest()[:16])
        return kept[1]


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def iso_date(value) -> str | None:
    """A publication date as ``YYYY-MM-DD`` from the shapes scrapers write, else None.

    ``iso_date("2024-01-26T08:00:00+07:00")`` -> ``"2024-01-26"``;
    ``iso_date("26/01/2024 08:00")`` -> ``"2024-01-26"``.
    """
    if value is None:
        return None
    text = str(value).strip()
    match = _ISO.search(text)
    if match:
        year, month, day = map(int, match.groups())
    else:
        match = _DMY.search(text)
        if not match:
            return None
        day, month, year = map(int, match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def failed(source: str, reason: str, **fields) -> Article:
    """An Article that could not be read: ``status="error"`` with ``reason``."""
    return Article(source=source, text=None, status="error", error=reason, **fields)


@dataclass
class ReadOptions:
    """Field names for JSONL input (first one present wins) and size limits."""

    text_fields: tuple[str, ...] = ("text", "content", "body")
    url_fields: tuple[str, ...] = ("url", "link", "canonical_url")
    title_fields: tuple[str, ...] = ("title", "headline")
    published_fields: tuple[str, ...] = ("published", "date", "published_at", "pubdate")
    author_fields: tuple[str, ...] = ("author", "byline")
    #: the year the articles were published in, where neither input nor text dates them (an archive
    #: known to be of 2017): completes dates and periods written without a year, ``year_source`` "archive"
    published_year: int | None = None
