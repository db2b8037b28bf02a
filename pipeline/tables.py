"""The output contract: table names, their columns, and spans -> rows.

Column names and meanings are a contract with users' scripts: add columns, never
rename. Every span table carries ``doc_id``, the matched ``text``, ``start``/``end``
character offsets into the normalized text (``texts.jsonl``), the ``sentence_id``
and the ``rule`` that fired.
"""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.document import sentence_index

EVIDENCE = ["text", "start", "end", "sentence_id", "rule"]

ARTICLE_COLUMNS = [
    "doc_id", "source", "url", "title", "author", "published", "status", "error",
    "duplicate_of", "encoding", "n_chars", "n_sentences", "sha1", "n_dropped_lines",
]

#: span tables: the fields each row takes from ``span._.data`` (before the evidence columns)
SPAN_TABLES = {
    "provinces": ["name", "code", "name_2025", "code_2025", "era", "era_source"],
    "organizations": ["name", "acronym"],
    "officials": ["name", "honorific", "title", "organization"],
    "directives": ["doc_type", "number", "issued", "issuer"],
    "dates": ["date", "precision", "year_source"],
    "facts": ["fact_id", "kind", "value", "value_high", "unit", "qualifier", "per", "change",
              "metric", "subject", "period", "subject_era"],
}

COLUMNS = {"articles": ARTICLE_COLUMNS}
COLUMNS.update({table: ["doc_id", *fields, *EVIDENCE] for table, fields in SPAN_TABLES.items()})
COLUMNS["facts"].append("sentence")

TABLES = tuple(COLUMNS)


def span_rows(doc: Doc) -> dict[str, list[dict]]:
    """Rows of every span table for one processed doc."""
    sentence_of = sentence_index(doc)
    text = doc.text   # spans' and sentences' texts sliced from it (Span.text joins tokens)
    sentences = ([(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START")
                 else [(0, len(text))])
    rows = {}
    for table, fields in SPAN_TABLES.items():
        spans = sorted(doc.spans[table], key=lambda s: (s.start_char, s.end_char)) if table in doc.spans else []
        table_rows = []
        for number, span in enumerate(spans):
            data = span._.data or {}
            sentence_id = sentence_of(span.start_char)
            row = {"doc_id": doc._.doc_id, **{f: data.get(f) for f in fields},
                   "text": text[span.start_char:span.end_char], "start": span.start_char, "end": span.end_char,
                   "sentence_id": sentence_id, "rule": span._.rule}
            if table == "facts":
                row["fact_id"] = f"{doc._.doc_id}-{number}"
                row["sentence"] = text[slice(*sentences[sentence_id])].strip() if sentence_id < len(sentences) else None
            table_rows.append(row)
        rows[table] = table_rows
    return rows
