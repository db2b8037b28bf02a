"""The output contract: table names, their typed columns, and spans -> rows.

Column names and meanings are a contract with users' scripts: add columns, never
rename. ``articles`` is declared here; every other table is declared by the
component that fills it (:class:`pipeline.component.ComponentSpec`): its columns,
then the evidence every span table carries — the matched ``text``,
``start``/``end`` character offsets into the normalized text (``texts.jsonl``),
the ``sentence_id`` and the ``rule`` that fired.

    >>> columns()["provinces"][:3]
    ['doc_id', 'name', 'code']
"""
from __future__ import annotations

import bisect
import functools
import operator

from spacy.tokens import Doc

from pipeline import catalog
from pipeline.component import Column, doc_value, span_offsets
from pipeline.text.segment import sentence_spans

EVIDENCE = (
    Column("text", "string", "the matched words, text[start:end] of texts.jsonl"),
    Column("start", "integer", "character offset of the match in the normalized text"),
    Column("end", "integer", "character offset just after the match"),
    Column("sentence_id", "integer", "the sentence (0-based) the match starts in"),
    Column("rule", "string", "the pattern or gazetteer entry that produced the row"),
)
SENTENCE = Column("sentence", "string", "the whole sentence the match is in")
DOC_ID = Column("doc_id", "string", "the article (articles.csv), a hash of its source and content")

ARTICLES = (
    DOC_ID,
    Column("source", "string", "input path, plus #N for the Nth record of a JSONL or WARC file"),
    Column("url", "string", "the article's URL, from the input's metadata"),
    Column("title", "string", "the input's title, else the headline of the text"),
    Column("author", "string", "the input's author, else the byline"),
    Column("published", "date", "publication date, ISO: the input's, else the dateline"),
    Column("status", "string", "ok, empty, error, duplicate, or skipped (not Vietnamese)"),
    Column("error", "string", "why an article is not ok"),
    Column("duplicate_of", "string", "doc_id of the first copy, for a duplicate"),
    Column("encoding", "string", "how the bytes were decoded (utf-8, windows-1258, tcvn3, ...)"),
    Column("n_chars", "integer", "characters of the normalized text"),
    Column("n_sentences", "integer", "sentences of the normalized text"),
    Column("sha1", "string", "SHA-1 of the normalized text"),
    Column("n_dropped_lines", "integer", "lines of scraped chrome the normalizer removed"),
    Column("lang", "string", "vi, or other for a text that is not Vietnamese (status skipped)"),
    Column("component_errors", "string", "components that failed on this article, and why: their rows are missing"),
    Column("credit", "string", "the paper or agency the text credits as its source at its end (TTXVN, Theo VnExpress)"),
)
ARTICLE_COLUMNS = [column.name for column in ARTICLES]


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, tuple[Column, ...]]:
    """Every table's typed columns, ``articles`` first, then the components' tables in pipeline order."""
    tables = {"articles": ARTICLES}
    for spec in catalog.tables():
        tables[spec.table] = (DOC_ID, *spec.columns, *EVIDENCE, *((SENTENCE,) if spec.with_sentence else ()))
    return tables


@functools.lru_cache(maxsize=1)
def columns() -> dict[str, list[str]]:
    """Every table's column names."""
    return {table: [column.name for column in typed] for table, typed in schema().items()}


def numeric_columns() -> set[str]:
    """Columns of any table whose values are numbers."""
    return {column.name for typed in schema().values() for column in typed if column.type in ("integer", "number")}


#: longest ``sentence`` cell: a longer sentence (a scraped body without punctuation) is cut to
#: this many characters around the span, marked with "…", so that a thousand figures in one
#: such sentence do not write it a thousand times whole
MAX_SENTENCE_CHARS = 1000


def sentence_text(text: str, sentence: tuple[int, int], span: tuple[int, int]) -> str:
    """The sentence of the ``span`` (start, end), or, past :data:`MAX_SENTENCE_CHARS`, the part of
    it around the span."""
    start, end = sentence
    if end - start <= MAX_SENTENCE_CHARS:
        return text[start:end].strip()
    margin = max(0, (MAX_SENTENCE_CHARS - (span[1] - span[0])) // 2)
    cut_start, cut_end = max(start, span[0] - margin), min(end, span[1] + margin)
    return ("…" if cut_start > start else "") + text[cut_start:cut_end].strip() + ("…" if cut_end < end else "")


def span_rows(doc: Doc) -> dict[str, list[dict]]:
    """Rows of every span table for one processed doc."""
    text = doc.text   # spans' and sentences' texts sliced from the text (Span.text joins tokens)
    doc_id = doc_value(doc, "doc_id")
    sentences = sentence_spans(doc)
    starts = [start for start, _ in sentences]
    store = doc.user_data   # span._.data and span._.rule, read as pipeline.component.span_data reads them
    rows = {}
    for spec in catalog.tables():
        # (start, end) of each span in text order, without a Span made per span (see span_offsets)
        offsets = sorted(span_offsets(doc, spec.span_key), key=operator.itemgetter(0, 1))
        fields = [name for name in spec.fields if name != spec.row_id]
        table_rows = []
        for number, (start, end) in enumerate(offsets):
            data = store.get(("._.", "data", start, end)) or {}
            sentence_id = max(bisect.bisect_right(starts, start) - 1, 0)
            row = {"doc_id": doc_id}
            if spec.row_id:
                row[spec.row_id] = f"{doc_id}-{number}"
            for field in fields:
                row[field] = data.get(field)
            row.update(text=text[start:end], start=start, end=end, sentence_id=sentence_id,
                       rule=store.get(("._.", "rule", start, end)))
            if spec.with_sentence:
                row["sentence"] = sentence_text(text, sentences[sentence_id], (start, end)) \
                    if sentence_id < len(sentences) else None
            table_rows.append(row)
        rows[spec.table] = table_rows
    return rows
