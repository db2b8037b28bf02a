"""One article through every stage, and a batch of inputs into an output folder.

:func:`process` never raises: whatever goes wrong in one article becomes that
article's ``status="error"`` row with the reason, and the batch goes on.

A batch (:func:`run`) takes every article through two steps, on worker
processes (:mod:`pipeline.parallel`) or a Dask cluster (:mod:`pipeline.dask_engine`):
:func:`fingerprint` (normalize, MinHash signature) and, unless the article is a
duplicate of an earlier one (:mod:`pipeline.dedupe`), :func:`process`.
"""
from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from pipeline.ingest import Article
from pipeline.ingest.limits import LIMITS
from pipeline.tables import COLUMNS, span_rows


@dataclass
class Result:
    """One article's rows: ``articles`` (one row), ``texts`` and every span table."""

    article: dict
    text: str | None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    doc: object = None
    rendered: dict | None = None   # table -> (row count, CSV lines), made by a worker for the writer

    def tables(self) -> dict[str, pd.DataFrame]:
        """The same DataFrames the CLI writes, for this one article."""
        frames = {"articles": pd.DataFrame([self.article], columns=COLUMNS["articles"])}
        for table in COLUMNS:
            if table != "articles":
                frames[table] = pd.DataFrame(self.rows.get(table, []), columns=COLUMNS[table])
        return frames

    def to_json(self) -> dict:
        return {"article": self.article, "text": self.text, **self.rows}


def article_row(article: Article, **fields) -> dict:
    row = {column: None for column in COLUMNS["articles"]}
    row.update(doc_id=article.doc_id, source=article.source, url=article.url, title=article.title,
               author=article.author, published=article.published, status=article.status,
               error=article.error, encoding=article.encoding)
    row.update(fields)
    return row


def process(nlp, article: Article, cleaned=None) -> Result:
    """All stages on one article; errors are recorded, never raised.

    ``cleaned`` is the article's :class:`pipeline.normalize.Normalized` text when the
    caller already has it (the batch runner does, from :func:`fingerprint`).
    """
    if article.status != "ok":
        return Result(article_row(article), None)
    if len(article.text or "") > LIMITS.max_text_chars:
        article.status, article.error = "error", too_long(article.text)
        return Result(article_row(article), None)
    try:
        if cleaned is not None and hasattr(nlp.tokenizer, "from_normalized"):
            doc = nlp.tokenizer.from_normalized(cleaned)
        else:
            doc = nlp.make_doc(article.text or "")
        doc._.doc_id = article.doc_id
        for name in ("source", "url", "title", "author", "published"):
            setattr(doc._, name, getattr(article, name))
        if not doc.text.strip():
            article.status, article.error = "empty", article.error or "no text after removing boilerplate"
            return Result(article_row(article, n_chars=0, n_sentences=0), doc.text)
        for _, component in nlp.pipeline:
            doc = component(doc)
        rows = span_rows(doc)
    except Exception as error:  # one bad article must not stop a batch
        article.status, article.error = "error", f"{type(error).__name__}: {error}"[:500]
        return Result(article_row(article), None)
    row = article_row(
        article,
        title=doc._.title or article.title,
        author=doc._.author or article.author,
        published=doc._.published or article.published,
        n_chars=len(doc.text),
        n_sentences=sum(1 for _ in doc.sents),
        sha1=hashlib.sha1(doc.text.encode("utf-8", "surrogatepass")).hexdigest(),
        n_dropped_lines=len(doc.user_data.get("dropped_lines", [])),
    )
    if doc.user_data.get("legacy_font"):   # text in a legacy font inside Unicode: "utf-8+tcvn3"
        row["encoding"] = f"{article.encoding or 'text'}+{doc.user_data['legacy_font']}"
    return Result(row, doc.text, rows, doc)


def too_long(text: str) -> str:
    return f"text of {len(text)} characters is longer than the limit of {LIMITS.max_text_chars}"


@dataclass
class Fingerprint:
    """What the dedupe step needs of one article: its normalized text's MinHash signature and sha1.

    ``error`` is set when the text cannot be normalized (too long, a pattern timed
    out); ``signature`` is None when the normalized text has no syllables.
    ``cleaned`` (the :class:`pipeline.normalize.Normalized` text) is handed on to
    :func:`process` so that the text is not cleaned twice.
    """

    signature: object = None
    sha1: str | None = None
    n_chars: int | None = None
    n_dropped_lines: int | None = None
    error: str | None = None
    cleaned: object = None


def fingerprint(article: Article) -> Fingerprint:
    """Normalize ``article.text`` as the tokenizer does and sign it (never raises)."""
    from pipeline.dedupe import signature
    from pipeline.normalize import normalize

    text = article.text or ""
    if len(text) > LIMITS.max_text_chars:
        return Fingerprint(error=too_long(text))
    try:
        cleaned = normalize(text)
        return Fingerprint(signature(cleaned.text), hashlib.sha1(cleaned.text.encode("utf-8", "surrogatepass")).hexdigest(),
                           len(cleaned.text), len(cleaned.dropped), cleaned=cleaned)
    except Exception as error:  # a pattern timeout, or a bug on odd input: the article's row says which
        return Fingerprint(error=f"{type(error).__name__}: {error}"[:500])


def failed_result(article: Article, reason: str) -> Result:
    """The row of an article that failed before extraction."""
    article.status, article.error = "error", reason
    return Result(article_row(article), None)


def duplicate_result(article: Article, first: str, found: Fingerprint) -> Result:
    """The row of a later copy: ``status="duplicate"``, ``duplicate_of`` the first copy's doc_id."""
    article.status = "duplicate"
    return Result(article_row(article, duplicate_of=first, n_chars=found.n_chars, sha1=found.sha1,
                              n_dropped_lines=found.n_dropped_lines), None)


def run(inputs, outdir, fmt: str = "csv", jobs: int = 1, options=None, progress: bool = True,
        resume: bool = True, engine: str = "local", scheduler: str | None = None,
        partitions: int | None = None) -> dict:
    """Read, process and write every article of ``inputs`` into ``outdir``; returns a summary.

    ``engine="local"`` uses ``jobs`` processes on this machine; ``engine="dask"``
    a Dask cluster (``scheduler`` address, or a local cluster of ``jobs`` workers).
    ``resume`` continues an unfinished run in ``outdir`` (or adds only new
    articles to a finished one); ``resume=False`` starts over.
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r} (csv or parquet)")
    if engine == "dask":
        from pipeline.dask_engine import run_dask

        return run_dask(inputs, outdir, fmt=fmt, options=options, progress=progress, resume=resume,
                        scheduler=scheduler, partitions=partitions, workers=jobs)
    from pipeline.parallel import run_local

    return run_local(inputs, outdir, fmt=fmt, jobs=jobs, options=options, progress=progress, resume=resume)


def summary(started: float, statuses: Counter, rows: dict, skipped: int = 0, generation: int = 1,
            resumed: bool = False) -> dict:
    """The closing figures of a run (what the CLI prints)."""
    seconds = time.time() - started
    total = sum(statuses.values())
    return {"articles": total, "by_status": dict(statuses), "rows": rows, "skipped": skipped,
            "generation": generation, "resumed": resumed,
            "seconds": round(seconds, 2), "articles_per_s": round(total / seconds, 1) if seconds else None}


def progress_bar(enabled: bool):
    """A tqdm bar on stderr (only when stderr is a terminal)."""
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, disable=not enabled or not sys.stderr.isatty())
