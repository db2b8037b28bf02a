"""One article through every stage, and a batch of inputs into an output folder.

:func:`process` never raises: whatever goes wrong in one article becomes that
article's ``status="error"`` row with the reason, and the batch goes on.
"""
from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from pipeline.ingest import Article
from pipeline.tables import COLUMNS, span_rows


@dataclass
class Result:
    """One article's rows: ``articles`` (one row), ``texts`` and every span table."""

    article: dict
    text: str | None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    doc: object = None

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


def process(nlp, article: Article) -> Result:
    """All stages on one article; errors are recorded, never raised."""
    if article.status != "ok":
        return Result(article_row(article), None)
    try:
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
        author=doc._.author or article.author,
        published=doc._.published or article.published,
        n_chars=len(doc.text),
        n_sentences=sum(1 for _ in doc.sents),
        sha1=hashlib.sha1(doc.text.encode("utf-8", "surrogatepass")).hexdigest(),
        n_dropped_lines=len(doc.user_data.get("dropped_lines", [])),
    )
    return Result(row, doc.text, rows, doc)


def run(inputs, outdir, fmt: str = "csv", jobs: int = 1, options=None, progress: bool = True) -> dict:
    """Read, process and write every article of ``inputs`` into ``outdir``; returns a summary."""
    from pipeline import load
    from pipeline.ingest import read_inputs
    from pipeline.write import TableWriter

    started = time.time()
    nlp = load()
    writer = TableWriter(outdir, fmt)
    statuses = Counter()
    bar = _progress(progress)
    for article in read_inputs(inputs, options):
        result = process(nlp, article)
        writer.add(result)
        statuses[result.article["status"]] += 1
        bar.update(1)
    bar.close()
    counts = writer.close()
    seconds = time.time() - started
    total = sum(statuses.values())
    return {"articles": total, "by_status": dict(statuses), "rows": counts,
            "seconds": round(seconds, 2), "articles_per_s": round(total / seconds, 1) if seconds else None}


def _progress(enabled: bool):
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, disable=not enabled or not sys.stderr.isatty())
