"""Stage 1: raw inputs in, :class:`Article` records out — one per input article, always.

``read_inputs(["corpus/", "scrape.jsonl.gz", "-"])`` walks directories (recursively,
in sorted order), expands globs, reads stdin for ``-``, and yields one Article per
article found: a ``.txt`` file is one article, an ``.html`` page one, a JSONL line
one, a WARC response record one. gzip'd inputs are read transparently. Inputs
that cannot be read still yield an Article with ``status="error"`` and the reason,
so nothing is silently dropped.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from pipeline.ingest.article import Article, ReadOptions, failed, iso_date
from pipeline.ingest.discover import Discovery, Input, expand_inputs, source_of
from pipeline.ingest.dispatch import read_path
from pipeline.ingest.limits import InputTooLarge

__all__ = ["Article", "Discovery", "Input", "ReadOptions", "expand_inputs", "failed", "iso_date", "read_inputs",
           "read_input", "source_of"]


def read_inputs(inputs: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article]:
    """All articles of all inputs (see module docstring)."""
    options = options or ReadOptions()
    for item in Discovery(inputs):
        yield from read_input(item, options)


def read_input(item: Input | str, options: ReadOptions) -> Iterator[Article]:
    """All articles of one input; a failure to read ends it with an error Article, and an
    input with no article at all (an empty JSONL file, a WARC of requests only) gives one
    ``empty`` Article, so that every input has its row."""
    if isinstance(item, str):
        item = Input(item, source_of(item))
    if item.problem:
        yield failed(item.source, item.problem)
        return
    count = 0
    try:
        for article in read_path(item.path, options, item.source):
            count += 1
            article.published_year = options.published_year
            yield article
    except InputTooLarge as error:
        count += 1
        yield failed(item.source, str(error))
    except OSError as error:
        count += 1
        yield failed(item.source, f"cannot read input: {error.strerror or error}")
    except Exception as error:  # a reader's bug on hostile input must not stop the batch
        count += 1
        yield failed(f"{item.source}#{count}" if count > 1 else item.source,
                     f"reader failed after {count - 1} articles: {type(error).__name__}: {error}"[:500])
    if not count:
        yield Article(source=item.source, text="", status="empty", error="no article in this input")
