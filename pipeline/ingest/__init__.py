"""Stage 1: raw inputs in, :class:`Article` records out — one per input article, always.

``read_inputs(["corpus/", "scrape.jsonl.gz", "-"])`` walks directories (recursively,
in sorted order), expands globs, reads stdin for ``-``, and yields one Article per
article found: a ``.txt`` file is one article, an ``.html`` page one, a JSONL line
one, a WARC response record one. gzip'd inputs are read transparently. Inputs
that cannot be read still yield an Article with ``status="error"`` and the reason,
so nothing is silently dropped.
"""
from __future__ import annotations

import glob
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.ingest.limits import LIMITS, InputTooLarge


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
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        self.published = iso_date(self.published)

    @property
    def doc_id(self) -> str:
        """Stable id: hash of source and content, identical across re-runs."""
        content = self.text if self.text is not None else f"{self.status}:{self.error}"
        digest = hashlib.sha1(f"{self.source}\n{content}".encode("utf-8", "surrogatepass"))
        return digest.hexdigest()[:16]


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


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Paths to read, in a stable order: directories recursively, globs expanded."""
    for item in inputs:
        if item == "-":
            yield "-"
        elif os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs.sort()
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        elif glob.has_magic(item):
            matched = sorted(glob.glob(item, recursive=True))
            yield from (path for path in matched if os.path.isfile(path))
            if not matched:
                yield item  # reported as a missing input
        else:
            yield item


def read_inputs(inputs: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article]:
    """All articles of all inputs (see module docstring)."""
    options = options or ReadOptions()
    for path in expand_inputs(inputs):
        yield from read_one_input(path, options)


def read_one_input(path: str, options: ReadOptions) -> Iterator[Article]:
    """All articles of one input path; a failure to read ends it with an error Article, and an
    input with no article at all (an empty JSONL file, a WARC of requests only) gives one
    ``empty`` Article, so that every input has its row."""
    from pipeline.ingest.dispatch import read_path

    count = 0
    try:
        for article in read_path(path, options):
            count += 1
            yield article
    except InputTooLarge as error:
        count += 1
        yield failed(path, str(error))
    except OSError as error:
        count += 1
        yield failed(path, f"cannot read input: {error.strerror or error}")
    except Exception as error:  # a reader's bug on hostile input must not stop the batch
        count += 1
        yield failed(f"{path}#{count}" if count > 1 else path,
                     f"reader failed after {count - 1} articles: {type(error).__name__}: {error}"[:500])
    if not count:
        yield Article(source=path, text="", status="empty", error="no article in this input")
