"""One article through every stage: the unit of work both engines run.

:func:`process` never raises: whatever goes wrong in one article becomes that
article's ``status="error"`` row with the reason, and the batch goes on.
:func:`fingerprint` normalizes an article and signs it for deduplication.
:func:`fingerprint_articles` and :func:`process_articles` are what a worker runs on
a batch of articles, each under the per-article limit (:data:`pipeline.settings.LIMITS`),
in the local engine's processes and on Dask workers alike.
"""
from __future__ import annotations

import hashlib
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from pipeline import catalog
from pipeline.component import INPUT_FIELDS, doc_value, set_doc_values
from pipeline.engine.dedupe import signature
from pipeline.ingest import Article
from pipeline.output.csvfile import render_rows
from pipeline.output.tables import ARTICLE_COLUMNS, columns, span_rows
from pipeline.rules.budget import ArticleTimeout, article_budget, checkpoint
from pipeline.settings import LIMITS
from pipeline.text.language import looks_vietnamese
from pipeline.text.normalize import normalize
from pipeline.text.segment import sentence_spans


@dataclass
class Result:
    """One article's rows: ``articles`` (one row), ``texts`` and every span table."""

    article: dict
    text: str | None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    doc: object = None
    rendered: dict | None = None   # table -> (row count, CSV lines), made by a worker for the writer

    def tables(self) -> dict:
        """The same DataFrames the CLI writes, for this one article."""
        import pandas as pd   # a table face for the library; the engines never build DataFrames

        frames = {"articles": pd.DataFrame([self.article], columns=ARTICLE_COLUMNS)}
        for table, names in columns().items():
            if table != "articles":
                frames[table] = pd.DataFrame(self.rows.get(table, []), columns=names)
        return frames

    def to_json(self) -> dict:
        return {"article": self.article, "text": self.text, **self.rows}


def article_row(article: Article, **fields) -> dict:
    row = {column: None for column in ARTICLE_COLUMNS}
    row.update(doc_id=article.doc_id, source=article.source, url=article.url, title=article.title,
               author=article.author, published=article.published, status=article.status,
               error=article.error, encoding=article.encoding)
    row.update(fields)
    return row


def process(nlp, article: Article, cleaned=None) -> Result:
    """All stages on one article; errors are recorded, never raised.

    ``cleaned`` is the article's :class:`pipeline.text.normalize.Normalized` text when the
    caller already has it (the batch runner does, from :func:`fingerprint`).
    """
    if article.status != "ok":
        return Result(article_row(article), None)
    if len(article.text or "") > LIMITS.max_text_chars:
        article.status, article.error = "error", too_long(article.text)
        return Result(article_row(article), None)
    try:
        doc = make_doc(nlp, article, cleaned)
        cleaned = cleaned if cleaned is not None and doc.text is cleaned.text else None   # the doc's text, cut once
        if not doc.text.strip():
            article.status, article.error = "empty", article.error or "no text after removing boilerplate"
            return Result(article_row(article, n_chars=0, n_sentences=0), doc.text)
        if not looks_vietnamese(doc.text, cleaned.chunks if cleaned else None):
            article.status, article.error = "skipped", "not Vietnamese: too few of its words are Vietnamese syllables"
            return Result(article_row(article, n_chars=len(doc.text), lang="other"), doc.text)
        doc, failures = run_components(nlp, doc)
        rows = span_rows(doc)
    except Exception as error:  # one bad article must not stop a batch
        article.status, article.error = "error", f"{type(error).__name__}: {error}"[:500]
        return Result(article_row(article), None)
    row = finished_row(article, doc, cleaned)
    row["component_errors"] = "; ".join(failures) or None
    return Result(row, doc.text, rows, doc)


def run_components(nlp, doc) -> tuple:
    """Every component over the doc; one that fails costs its own rows of this article only
    (its spans stay empty) and is named, with the reason, in ``failures``. A time limit
    (:class:`ArticleTimeout`) is not a component's failure: it ends the article."""
    failures = []
    for name, component in nlp.pipeline:
        try:
            doc = component(doc)
        except ArticleTimeout:
            raise
        except Exception as error:
            failures.append(f"{name.removeprefix('tintrich_')}: {type(error).__name__}: {error}"[:300])
        checkpoint()
    return doc, failures


def make_doc(nlp, article: Article, cleaned=None):
    """The article's Doc: its normalized text as tokens, with the input's metadata on ``doc._``."""
    if cleaned is not None and hasattr(nlp.tokenizer, "from_normalized"):
        doc = nlp.tokenizer.from_normalized(cleaned)
    else:
        doc = nlp.make_doc(article.text or "")
    set_doc_values(doc, **{name: getattr(article, name) for name in INPUT_FIELDS})
    return doc


def finished_row(article: Article, doc, cleaned=None) -> dict:
    """The ``articles`` row of a processed article: what the text gave (title, author, published) and its sizes
    (the text's SHA-1 that of ``cleaned``, the doc's text as normalized, which the fingerprint hashed)."""
    sha1 = cleaned.sha1 if cleaned is not None else hashlib.sha1(doc.text.encode("utf-8", "surrogatepass")).hexdigest()
    row = article_row(
        article,
        title=doc_value(doc, "title") or article.title,
        author=doc_value(doc, "author") or article.author,
        published=doc_value(doc, "published") or article.published,
        n_chars=len(doc.text),
        n_sentences=len(sentence_spans(doc)),
        sha1=sha1,
        n_dropped_lines=len(doc_value(doc, "dropped_lines") or []),
        lang="vi",
        credit=doc_value(doc, "credit"),
    )
    legacy_font = doc_value(doc, "legacy_font")
    if legacy_font:   # text in a legacy font inside Unicode: "utf-8+tcvn3"
        row["encoding"] = f"{article.encoding or 'text'}+{legacy_font}"
    return row


def too_long(text: str) -> str:
    return f"text of {len(text)} characters is longer than the limit of {LIMITS.max_text_chars}"


@dataclass
class Fingerprint:
    """What the dedupe step needs of one article: its normalized text's MinHash signature and sha1.

    ``error`` is set when the text cannot be normalized (too long, a pattern timed
    out); ``signature`` is None when the normalized text has no syllables.
    ``cleaned`` (the :class:`pipeline.text.normalize.Normalized` text) is handed on to
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
    text = article.text or ""
    if len(text) > LIMITS.max_text_chars:
        return Fingerprint(error=too_long(text))
    try:
        cleaned = normalize(text)
        return Fingerprint(signature(cleaned.text, cleaned.chunks), cleaned.sha1, len(cleaned.text), len(cleaned.dropped),
                           cleaned=cleaned)
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


@contextmanager
def limited(seconds: float):
    """The per-article limit, the same in every engine: a CPU-time budget (:mod:`pipeline.rules.budget`)
    that the pipeline checks between components and in its long loops; in a worker's main
    thread (the local engine's processes) a CPU-time timer also interrupts code between
    checks. Wall-clock time, which a busy machine stretches, is not counted."""
    with article_budget(seconds) as budget:
        if not seconds or threading.current_thread() is not threading.main_thread() \
                or not hasattr(signal, "setitimer"):
            yield budget
            return

        def expire(signum, frame):
            budget.check()

        previous = signal.signal(signal.SIGVTALRM, expire)
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds, 0.5)   # then every half second, until spent
        try:
            yield budget
        finally:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, previous)


def fingerprint_articles(articles: list[Article]) -> list[Fingerprint]:
    """Step 1 on a worker: one :class:`Fingerprint` per article."""
    found = []
    for article in articles:
        try:
            with limited(LIMITS.article_timeout):
                found.append(fingerprint(article))
        except ArticleTimeout as error:
            found.append(Fingerprint(error=f"ArticleTimeout: {error}"))
    return found


def table_pipeline(disable: tuple[str, ...] = ()):
    """The pipeline a run writes its tables with: :func:`pipeline.catalog.load`'s, without spaCy's lexical
    attributes. spaCy computes 23 of them (shape, like_url, is_stop, ...) in Python for every word its
    vocabulary has not seen, about 0.3 ms an article of real news (12,800 new words in the first 1,000
    articles of a batch); no extractor reads them, and a run's Docs are dropped once their rows are made.
    A pipeline of its own: ``pipeline.load()``'s, in the same process, keeps them for the code that reads tokens.
    Built anew once its vocabulary holds more than :data:`LIMITS.max_vocabulary <pipeline.settings.Limits>`
    words, so that a worker's memory stays bounded over an archive of any size (the rows do not change)."""
    nlp = catalog.load(disable, lexical_attributes=False)
    if LIMITS.max_vocabulary and len(nlp.vocab) > LIMITS.max_vocabulary:
        catalog.forget()
        nlp = catalog.load(disable, lexical_attributes=False)
    return nlp


def process_articles(articles: list[Article], cleaned: list | None = None, render: bool = False,
                     disable: tuple[str, ...] = ()) -> list[Result]:
    """Step 2 on a worker: every stage on each article (``cleaned``: their normalized texts,
    when step 1 made them); results without their Doc, and with ``render`` their span
    rows as CSV lines (:func:`pipeline.output.csvfile.render_rows`) instead of dicts."""
    results = []
    for number, article in enumerate(articles):
        nlp = table_pipeline(disable)
        try:
            with limited(LIMITS.article_timeout):
                result = process(nlp, article, cleaned[number] if cleaned else None)
        except ArticleTimeout as error:
            result = failed_result(article, f"ArticleTimeout: {error}")
        result.doc = None
        if render:
            result.rendered, result.rows = render_rows(result.rows), {}
        results.append(result)
    return results
