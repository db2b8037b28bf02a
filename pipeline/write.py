"""Stage 5: rows -> tables in OUTDIR (CSV by default, Parquet on request).

A run writes its rows in *parts* as it goes, one file per table per part::

    OUTDIR/parts/articles/part-g0001-p000042.csv
    OUTDIR/parts/texts/part-g0001-p000042.jsonl
    OUTDIR/parts/_index/part-g0001-p000042.parquet    (order keys, ids, signatures)

and at the end builds each table ``OUTDIR/<table>.csv`` (or ``.parquet``) and
``OUTDIR/texts.jsonl`` by streaming the parts in order. Every file is written
under a temporary name (``.<name>.tmp-<pid>``) and renamed, so a reader never
sees a half-written file and a killed run leaves only complete parts. (Final
tables and manifest lines are also fsync'ed; parts rely on the file system's
write-then-rename ordering, as ext4 and xfs give, for power cuts.)

CSV is UTF-8 with a header and RFC 4180 quoting; every cell is formatted from
its own value (``None`` -> empty, ``1300000.0`` -> ``1300000.0``, lists and dicts
as JSON), so a table is byte for byte the same however the rows were split into
parts. A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is written with a leading apostrophe (``'=SUM(A1)``) so spreadsheet
programs show it instead of running it as a formula (OWASP's advice for CSV
injection); numbers are untouched (``-5`` stays ``-5``) and so is a lone ``-``.
Parquet is written as is (no apostrophes). Empty tables are written with their header.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
from pathlib import Path

import pandas as pd

from pipeline.tables import COLUMNS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_START)
#: the per-part index of ids, order keys and dedupe signatures (always Parquet)
INDEX = "_index"
TEXTS = "texts"
SUFFIX = {"csv": ".csv", "parquet": ".parquet"}


def defuse(value: str) -> str:
    """``defuse("=SUM(A1)")`` -> ``"'=SUM(A1)"``; ``defuse("-")`` -> ``"-"``."""
    return "'" + value if len(value) > 1 and value.startswith(FORMULA_START) else value


def defuse_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a spreadsheet formula."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: defuse(v) if isinstance(v, str) else v)
    return frame


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


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


class CsvWriter:
    """RFC 4180 rows ending in "\n". Python's writer quotes a cell holding the line
    terminator but not a lone carriage return ("\r" in a scraped title), which readers
    take for a line break: a row with one has all its cells quoted."""

    def __init__(self, handle):
        self.minimal = csv.writer(handle, lineterminator="\n")
        self.quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, cells: list[str]) -> None:
        (self.quoted if any("\r" in cell for cell in cells) else self.minimal).writerow(cells)


def csv_body(rows: list[dict], columns: list[str]) -> str:
    """Rows (dicts) as CSV lines, without the header."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def render_rows(rows: dict[str, list[dict]]) -> dict[str, tuple[int, str]]:
    """Every span table's rows of one article as (count, CSV lines): a worker process
    renders them, so the coordinator only joins text (and less crosses between them)."""
    return {table: (len(table_rows), csv_body(table_rows, COLUMNS[table]))
            for table, table_rows in rows.items() if table in COLUMNS}


def write_csv_rows(rows: list[dict], columns: list[str], path: Path) -> None:
    """Rows (dicts) as a CSV file with a header, atomically."""
    write_csv(csv_body(rows, columns), columns, path)


def write_csv(body: str, columns: list[str], path: Path) -> None:
    """A header and CSV lines already rendered (:func:`csv_body`) as a file, atomically."""
    temporary = _temporary(path)
    with open(temporary, "w", encoding="utf-8", errors="replace", newline="") as handle:
        CsvWriter(handle).writerow(columns)
        handle.write(body)
    os.replace(temporary, path)


def arrow_table(rows: list[dict], columns: list[str]):
    """Rows as a pyarrow Table; a column of mixed types becomes text."""
    import pyarrow as pa

    arrays = []
    for column in columns:
        values = [plain(row.get(column)) for row in rows]
        try:
            array = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, UnicodeError):
            array = pa.array([None if v is None else _encodable(csv_text(v)) for v in values], type=pa.string())
        arrays.append(array)
    return pa.Table.from_arrays(arrays, names=list(columns))


def _encodable(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


def csv_text(value) -> str:
    """A value as text, as in CSV but without the formula apostrophe."""
    value = plain(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_parquet_rows(rows: list[dict], columns: list[str], path: Path) -> None:
    import pyarrow.parquet as pq

    temporary = _temporary(path)
    pq.write_table(arrow_table(rows, columns), temporary)
    os.replace(temporary, path)


def write_rows(rows: list[dict], columns: list[str], path: Path, fmt: str) -> None:
    (write_parquet_rows if fmt == "parquet" else write_csv_rows)(rows, columns, path)


def write_texts(texts: list[tuple[str, str]], path: Path) -> None:
    """``texts.jsonl``: one ``{"doc_id", "text"}`` object per line, atomically."""
    temporary = _temporary(path)
    with open(temporary, "w", encoding="utf-8", errors="replace") as handle:
        for doc_id, text in texts:
            handle.write(json.dumps({"doc_id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    os.replace(temporary, path)


def write_table(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    """Write one DataFrame atomically (temporary file, then rename)."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    write_rows(rows, list(frame.columns), Path(path), fmt)


# ---------------------------------------------------------------- parts

def parts_folder(outdir) -> Path:
    return Path(outdir) / "parts"


def part_path(outdir, table: str, name: str, fmt: str) -> Path:
    suffix = ".jsonl" if table == TEXTS else ".parquet" if table == INDEX else SUFFIX[fmt]
    return parts_folder(outdir) / table / f"part-{name}{suffix}"


def write_part(outdir, name: str, fmt: str, results: list, index_rows: list[dict]) -> dict[str, int]:
    """Write one part: every table's rows of ``results`` (in order), their texts, and the index.

    ``results`` are :class:`pipeline.run.Result`-like objects (``article``, ``text``,
    ``rows``). The index is written last. Returns rows per table.
    """
    pieces = {table: [] for table in COLUMNS}   # per result: its rows, or (count, CSV lines) it came with
    texts = []
    for result in results:
        pieces["articles"].append([result.article])
        rendered = getattr(result, "rendered", None) or {}
        for table in COLUMNS:
            if table in rendered:
                pieces[table].append(rendered[table])
            elif result.rows.get(table):
                pieces[table].append(result.rows[table])
        if result.text is not None:
            texts.append((result.article["doc_id"], result.text))
    counts = {}
    for table, columns in COLUMNS.items():
        path = part_path(outdir, table, name, fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        counts[table] = sum(piece[0] if isinstance(piece, tuple) else len(piece) for piece in pieces[table])
        if fmt == "csv":
            body = "".join(piece[1] if isinstance(piece, tuple) else csv_body(piece, columns) for piece in pieces[table])
            write_csv(body, columns, path)
        else:   # workers render CSV only
            write_rows([row for piece in pieces[table] for row in piece], columns, path, fmt)
    path = part_path(outdir, TEXTS, name, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_texts(texts, path)
    path = part_path(outdir, INDEX, name, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_index(index_rows, path)
    return counts


INDEX_COLUMNS = ["generation", "file", "record", "doc_id", "status", "signature"]


def write_index(rows: list[dict], path: Path) -> None:
    """One part's index: order key, doc_id, status and (for first copies) the MinHash signature."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "generation": pa.array([r["generation"] for r in rows], type=pa.int64()),
        "file": pa.array([r["file"] for r in rows], type=pa.int64()),
        "record": pa.array([r["record"] for r in rows], type=pa.int64()),
        "doc_id": pa.array([r["doc_id"] for r in rows], type=pa.string()),
        "status": pa.array([r["status"] for r in rows], type=pa.string()),
        "signature": pa.array([None if r.get("signature") is None else bytes(r["signature"]) for r in rows],
                              type=pa.binary()),
    })
    temporary = _temporary(path)
    pq.write_table(table, temporary)
    os.replace(temporary, path)


def read_index(path: Path):
    """Rows of one part's index as a pyarrow Table."""
    import pyarrow.parquet as pq

    return pq.read_table(path)


def remove_temporaries(outdir) -> int:
    """Delete ``.*.tmp-*`` files a killed run left in OUTDIR and its parts; returns how many."""
    removed = 0
    folders = [Path(outdir)]
    if parts_folder(outdir).is_dir():
        folders += [p for p in parts_folder(outdir).iterdir() if p.is_dir()]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.glob(".*.tmp-*"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# ---------------------------------------------------------------- final tables

def finalize(outdir, fmt: str, names: list[str]) -> None:
    """Build every ``OUTDIR/<table>`` and ``texts.jsonl`` from the parts ``names`` (in that order).

    Streaming: one part at a time is read; each table is renamed into place when complete.
    """
    outdir = Path(outdir)
    for table, columns in COLUMNS.items():
        paths = [part_path(outdir, table, name, fmt) for name in names]
        target = outdir / f"{table}{SUFFIX[fmt]}"
        (_concat_parquet if fmt == "parquet" else _concat_csv)(paths, columns, target)
    _concat_lines([part_path(outdir, TEXTS, name, fmt) for name in names], outdir / "texts.jsonl")


def _concat_csv(paths: list[Path], columns: list[str], target: Path) -> None:
    expected = _csv_line(columns)
    temporary = _temporary(target)
    with open(temporary, "w", encoding="utf-8", newline="") as out:
        out.write(expected)
        for path in paths:
            with open(path, encoding="utf-8", newline="") as handle:
                first = handle.readline()
                if first == expected:
                    shutil.copyfileobj(handle, out, 1 << 20)
                else:  # a part written before columns were added to tables.py: re-project
                    names = next(csv.reader([first]))
                    for record in csv.reader(handle):
                        values = dict(zip(names, record))
                        out.write(_csv_line([values.get(c, "") for c in columns]))
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    CsvWriter(buffer).writerow(values)
    return buffer.getvalue()


def _unified_types(paths: list[Path], columns: list[str]) -> dict:
    """The Arrow type of every column over all parts: one type, int+float -> float, else text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    seen = {column: set() for column in columns}
    for path in paths:
        schema = pq.read_schema(path)
        for column in columns:
            if column in schema.names and not pa.types.is_null(schema.field(column).type):
                seen[column].add(schema.field(column).type)
    types = {}
    for column, found in seen.items():
        if not found:
            types[column] = pa.null()
        elif len(found) == 1:
            types[column] = next(iter(found))
        elif found <= {pa.int64(), pa.float64()}:
            types[column] = pa.float64()
        else:
            types[column] = pa.string()
    return types


def _concat_parquet(paths: list[Path], columns: list[str], target: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = _unified_types(paths, columns)
    schema = pa.schema([(column, types[column]) for column in columns])
    temporary = _temporary(target)
    count = 0
    with pq.ParquetWriter(temporary, schema) as writer:
        for path in paths:
            part = pq.read_table(path)
            arrays = []
            for column in columns:
                wanted = types[column]
                if column not in part.column_names:
                    arrays.append(pa.nulls(len(part), type=wanted))
                    continue
                array = part.column(column)
                if array.type == wanted:
                    arrays.append(array)
                elif pa.types.is_null(array.type):
                    arrays.append(pa.nulls(len(part), type=wanted))
                elif pa.types.is_string(wanted):
                    arrays.append(pa.array([None if v is None else csv_text(v) for v in array.to_pylist()], type=wanted))
                else:
                    arrays.append(array.cast(wanted))
            table = pa.Table.from_arrays(arrays, schema=schema)
            writer.write_table(table)
            count += len(table)
        if count == 0:
            writer.write_table(schema.empty_table())
    with open(temporary, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def _concat_lines(paths: list[Path], target: Path) -> None:
    temporary = _temporary(target)
    with open(temporary, "wb") as out:
        for path in paths:
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)


class TableWriter:
    """Collects results in memory and writes every table on :meth:`close` (small runs, tests)."""

    def __init__(self, outdir, fmt: str = "csv"):
        if fmt not in SUFFIX:
            raise ValueError(f"unknown format {fmt!r} (csv or parquet)")
        self.outdir = Path(outdir)
        self.fmt = fmt
        self.rows = {table: [] for table in COLUMNS}
        self.texts = []

    def add(self, result) -> None:
        self.rows["articles"].append(result.article)
        for table, rows in result.rows.items():
            self.rows.setdefault(table, []).extend(rows)
        if result.text is not None:
            self.texts.append((result.article["doc_id"], result.text))

    def close(self) -> dict[str, int]:
        self.outdir.mkdir(parents=True, exist_ok=True)
        for table, columns in COLUMNS.items():
            write_rows(self.rows[table], columns, self.outdir / f"{table}{SUFFIX[self.fmt]}", self.fmt)
        write_texts(self.texts, self.outdir / "texts.jsonl")
        return {table: len(self.rows[table]) for table in COLUMNS}
