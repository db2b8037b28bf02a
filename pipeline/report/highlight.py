"""An article's normalized text with its rows highlighted in place, rendered by displaCy.

    >>> render_text("Thái Nguyên: viện trợ ước đạt 1,3 triệu USD",
    ...             [Highlight(30, 43, "MONEY", "facts", 0)])      # -> HTML of spaCy's span style

Each paragraph (a line of ``texts.jsonl``) is one displaCy ``span`` rendering
(``displacy.render(..., style="span", manual=True)``): the "tokens" are the pieces
of text between span boundaries, so a highlight covers exactly the characters
``start:end`` of its row. The label of every highlight carries a link
``#<table>-<row>`` to the row it came from: "MONEY #12" links to ``#facts-12``,
the line of the article's row table for row 12 (0-based) of ``facts.csv``.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from spacy import displacy

from pipeline import catalog


@dataclass(frozen=True)
class Highlight:
    """One row to show in the text: characters ``start:end`` of the normalized text."""

    start: int
    end: int
    label: str
    table: str
    row: int

    @property
    def anchor(self) -> str:
        """The HTML id of the row's line in the article's row table: ``facts-12``."""
        return f"{self.table}-{self.row}"


def colors() -> dict[str, str]:
    """Label -> colour, as the components declare them (displaCy's palette where it has one)."""
    found = {}
    for spec in catalog.tables():
        if spec.color:
            found[spec.label] = spec.color
        found.update(spec.colors)
    return found


def label_of(table: str, row: dict) -> str:
    """The label of a row's highlight: its table's, or the value of the table's ``label_column``
    (``facts`` rows of kind "money" -> "MONEY")."""
    spec = catalog.spec_of_table(table)
    value = row.get(spec.label_column) if spec.label_column else None
    if isinstance(value, str) and value.strip():
        return value.strip().upper()
    return spec.label or table.upper()


def render_text(text: str, highlights: list[Highlight]) -> str:
    """HTML of ``text`` paragraph by paragraph, each highlight linked to its row."""
    paragraphs = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if line.strip():
            inside = [h for h in highlights if h.start < end and h.end > start]
            paragraphs.append(_paragraph(text, start, end, inside))
    if not paragraphs:
        return ""
    return displacy.render(paragraphs, style="span", manual=True, jupyter=False,
                           options={"colors": colors()})


def _paragraph(text: str, start: int, end: int, highlights: list[Highlight]) -> dict:
    """displaCy's manual span format for ``text[start:end]``; highlights are clipped to it."""
    cuts = sorted({start, end, *(max(h.start, start) for h in highlights), *(min(h.end, end) for h in highlights)})
    pieces = list(zip(cuts, cuts[1:]))
    first_piece = {piece_start: number for number, (piece_start, _) in enumerate(pieces)}
    last_piece = {piece_end: number for number, (_, piece_end) in enumerate(pieces)}
    spans = [{"start_token": first_piece[max(h.start, start)], "end_token": last_piece[min(h.end, end)] + 1,
              "label": html.escape(h.label), "kb_id": f"#{h.row}",
              "kb_url": f"#{html.escape(h.anchor)}"}
             for h in highlights]
    return {"text": text[start:end], "tokens": [text[a:b] for a, b in pieces], "spans": spans}
