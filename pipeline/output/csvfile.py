"""CSV cells and rows: RFC 4180, UTF-8, one value formatted one way, spreadsheets kept safe.

Every cell is formatted from its own value (``None`` -> empty, ``1300000.0`` ->
``1300000.0``, lists and dicts as JSON), so a table is byte for byte the same
however its rows were split into parts. A text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written with a leading apostrophe
(``'=SUM(A1)``) so spreadsheet programs show it instead of running it as a formula
(OWASP's advice for CSV injection); numbers are untouched (``-5`` stays ``-5``) and
so is a lone ``-``.

    >>> csv_body([{"name": "=HYPERLINK(1)", "value": 2.5}], ["name", "value"])
    "'=HYPERLINK(1),2.5\n"
"""
from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from types import SimpleNamespace

from pipeline.output.files import atomic_file
from pipeline.output.tables import columns

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_START)


def defuse(value: str) -> str:
    """``defuse("=SUM(A1)")`` -> ``"'=SUM(A1)"``; ``defuse("-")`` -> ``"-"``."""
    return "'" + value if len(value) > 1 and value.startswith(FORMULA_START) else value


def plain(value):
    """A cell value as None, bool, int, float or str (numpy scalars unwrapped, containers as JSON)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "item") and not hasattr(value, "__len__"):  # numpy scalar
        return value.item()
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def csv_cell(value) -> str:
    """The text of one CSV cell (see module docstring)."""
    kind = type(value)
    if kind is str:
        return defuse(value) if value[:1] in FORMULA_FIRST else value
    if value is None:
        return ""
    if kind is int:
        return str(value)
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    if isinstance(value, str):
        return defuse(value)
    return str(value)


class CsvWriter:
    """RFC 4180 rows ending in "\n". Python's writer quotes a cell holding the line
    terminator but not a lone carriage return ("\r" in a scraped title), which readers
    take for a line break: a row with one has all its cells quoted."""

    def __init__(self, handle):
        self.minimal = csv.writer(handle, lineterminator="\n")
        self.quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, cells: list[str]) -> None:
        (self.quoted if any("\r" in cell for cell in cells) else self.minimal).writerow(cells)


def csv_body(rows: list[dict], names: list[str]) -> str:
    """Rows (dicts) as CSV lines, without the header."""
    return csv_lines([[*map(csv_cell, map(row.get, names))] for row in rows])


def csv_lines(cells: list[list[str]]) -> str:
    """Rows of formatted cells as CSV lines, as Python's writer writes them: a row whose cells hold
    no comma, quote or line break (three in four of a run's rows) is its cells joined by commas, which
    the writer would write too (it quotes only a cell with one of those, or a row of one empty cell);
    the others are written by the writer. Again row by row (:class:`CsvWriter`) only if a carriage
    return is in the lines, which only a cell can have put there."""
    lines = []   # one string a row: the writer writes each row at once
    writer = csv.writer(SimpleNamespace(write=lines.append), lineterminator="\n")
    for row in cells:
        line = ",".join(row)
        if line and line.count(",") == len(row) - 1 and '"' not in line and "\n" not in line:
            lines.append(line + "\n")
        else:
            writer.writerow(row)
    body = "".join(lines)
    if "\r" not in body:
        return body
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    for row in cells:
        writer.writerow(row)
    return buffer.getvalue()


def csv_rows(lines: str) -> int:
    """The rows in CSV lines, as ``csv.reader`` counts them (see :func:`csv_row_lines`)."""
    if '"' not in lines and "\r" not in lines and lines.endswith("\n"):
        return lines.count("\n")
    rows = csv_row_lines(lines)
    return len(rows) if rows is not None else sum(1 for _ in csv.reader(io.StringIO(lines)))


def csv_row_lines(lines: str) -> list[str] | None:
    """CSV lines written by :func:`csv_lines` cut into rows (each with its "\n"), without parsing
    them: a line break ends a row unless it is inside a quoted cell, after an odd number of
    quotes (a quote in a cell is doubled). None for lines with a carriage return (one outside
    quotes ends a row too) or not ending in a line break: ``csv.reader`` reads those."""
    if "\r" in lines or not lines.endswith("\n"):
        return None
    rows, pending, inside = [], [], False
    for line in lines.split("\n")[:-1]:
        if '"' in line:
            inside ^= line.count('"') % 2 == 1
        if inside:
            pending.append(line)
        elif pending:
            rows.append("\n".join(pending) + "\n" + line + "\n")
            pending = []
        else:
            rows.append(line + "\n")
    return rows


def render_rows(rows: dict[str, list[dict]]) -> dict[str, tuple[int, str]]:
    """Every span table's rows of one article as (count, CSV lines): a worker process
    renders them, so the coordinator only joins text (and less crosses between them)."""
    tables = columns()
    return {table: (len(table_rows), csv_body(table_rows, tables[table]))
            for table, table_rows in rows.items() if table in tables}


def write_csv(body: str, header: list[str], path: Path) -> None:
    """A header and CSV lines already rendered (:func:`csv_body`) as a file, atomically."""
    with atomic_file(path, "w", encoding="utf-8", errors="replace", newline="") as handle:
        CsvWriter(handle).writerow(header)
        handle.write(body)


def csv_line(values: list[str]) -> str:
    """One CSV line of already formatted cells."""
    buffer = io.StringIO()
    CsvWriter(buffer).writerow(values)
    return buffer.getvalue()


def csv_text(value) -> str:
    """A value as text, as in CSV but without the formula apostrophe."""
    value = plain(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)
