"""Stage 5: rows -> tables in OUTDIR (CSV by default, Parquet on request), part by part.

A run writes its rows in *parts* as it goes, one file per table per part::

    OUTDIR/parts/articles/part-g0001-p000042.csv
    OUTDIR/parts/texts/part-g0001-p000042.jsonl
    OUTDIR/parts/_index/part-g0001-p000042.parquet    (order keys, ids, signatures)

and at the end builds each table ``OUTDIR/<table>.csv`` (or ``.parquet``) and
``OUTDIR/texts.jsonl`` by streaming the parts in order. Every file is written
atomically (:mod:`pipeline.output.files`), so a killed run leaves only complete
parts. (Final tables and manifest lines are also fsync'ed; parts rely on the file
system's write-then-rename ordering, as ext4 and xfs give, for power cuts.)
CSV cells are formatted by :mod:`pipeline.output.csvfile`; Parquet is written as is.
Empty tables are written with their header.
"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from pipeline.output.csvfile import csv_body, csv_line, csv_text, plain, write_csv
from pipeline.output.files import atomic_file, atomic_path, remove_temporaries
from pipeline.output.tables import columns

#: the per-part index of ids, order keys and dedupe signatures (always Parquet)
INDEX = "_index"
TEXTS = "texts"
SUFFIX = {"csv": ".csv", "parquet": ".parquet"}
INDEX_COLUMNS = ["generation", "file", "record", "doc_id", "status", "signature"]


def parts_folder(outdir) -> Path:
    return Path(outdir) / "parts"


def part_path(outdir, table: str, name: str, fmt: str) -> Path:
    suffix = ".jsonl" if table == TEXTS else ".parquet" if table == INDEX else SUFFIX[fmt]
    return parts_folder(outdir) / table / f"part-{name}{suffix}"


def _part_file(outdir, table: str, name: str, fmt: str) -> Path:
    path = part_path(outdir, table, name, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_part(outdir, name: str, fmt: str, results: list, index_rows: list[dict]) -> dict[str, int]:
    """Write one part: every table's rows of ``results`` (in order), their texts, and the index.

    ``results`` are :class:`pipeline.engine.core.Result`-like objects (``article``, ``text``,
    ``rows``, and ``rendered`` when a worker rendered its CSV lines). The index is written
    last. Returns rows per table.
    """
    tables = columns()
    pieces = {table: [] for table in tables}   # per result: its rows, or (count, CSV lines) it came with
    texts = []
    for result in results:
        pieces["articles"].append([result.article])
        rendered = getattr(result, "rendered", None) or {}
        for table in tables:
            if table in rendered:
                pieces[table].append(rendered[table])
            elif result.rows.get(table):
                pieces[table].append(result.rows[table])
        if result.text is not None:
            texts.append((result.article["doc_id"], result.text))
    counts = {}
    for table, names in tables.items():
        path = _part_file(outdir, table, name, fmt)
        counts[table] = sum(piece[0] if isinstance(piece, tuple) else len(piece) for piece in pieces[table])
        if fmt == "csv":
            write_csv("".join(piece[1] if isinstance(piece, tuple) else csv_body(piece, names)
                              for piece in pieces[table]), names, path)
        else:   # workers render CSV only
            write_parquet([row for piece in pieces[table] for row in piece], names, path)
    write_texts(texts, _part_file(outdir, TEXTS, name, fmt))
    write_index(index_rows, _part_file(outdir, INDEX, name, fmt))
    return counts


def write_texts(texts: list[tuple[str, str]], path: Path) -> None:
    """``texts.jsonl``: one ``{"doc_id", "text"}`` object per line, atomically."""
    with atomic_file(path, "w", encoding="utf-8", errors="replace") as handle:
        for doc_id, text in texts:
            handle.write(json.dumps({"doc_id": doc_id, "text": text}, ensure_ascii=False) + "\n")


def arrow_table(rows: list[dict], names: list[str]):
    """Rows as a pyarrow Table; a column of mixed types becomes text."""
    import pyarrow as pa

    arrays = []
    for name in names:
        values = [plain(row.get(name)) for row in rows]
        try:
            array = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, UnicodeError):
            array = pa.array([None if v is None else _encodable(csv_text(v)) for v in values], type=pa.string())
        arrays.append(array)
    return pa.Table.from_arrays(arrays, names=list(names))


def _encodable(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


def write_parquet(rows: list[dict], names: list[str], path: Path) -> None:
    import pyarrow.parquet as pq

    with atomic_path(path) as temporary:
        pq.write_table(arrow_table(rows, names), temporary)


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
    with atomic_path(path) as temporary:
        pq.write_table(table, temporary)


def read_index(path: Path):
    """Rows of one part's index as a pyarrow Table."""
    import pyarrow.parquet as pq

    return pq.read_table(path)


def clear_temporaries(outdir) -> int:
    """Delete the temporary files a killed run left in OUTDIR and its parts; returns how many."""
    folders = [Path(outdir)]
    if parts_folder(outdir).is_dir():
        folders += [p for p in parts_folder(outdir).iterdir() if p.is_dir()]
    return remove_temporaries(*folders)


def remove_outputs(outdir: Path) -> None:
    """Remove what a previous run wrote (only tintrich's own tables, texts and parts)."""
    shutil.rmtree(parts_folder(outdir), ignore_errors=True)
    for table in columns():
        for suffix in SUFFIX.values():
            (outdir / f"{table}{suffix}").unlink(missing_ok=True)
    (outdir / "texts.jsonl").unlink(missing_ok=True)


# ---------------------------------------------------------------- final tables

def finalize(outdir, fmt: str, names: list[str]) -> None:
    """Build every ``OUTDIR/<table>`` and ``texts.jsonl`` from the parts ``names`` (in that order).

    Streaming: one part at a time is read; each table is renamed into place when complete.
    """
    outdir = Path(outdir)
    for table, header in columns().items():
        paths = [part_path(outdir, table, name, fmt) for name in names]
        target = outdir / f"{table}{SUFFIX[fmt]}"
        (_concat_parquet if fmt == "parquet" else _concat_csv)(paths, header, target)
    _concat_lines([part_path(outdir, TEXTS, name, fmt) for name in names], outdir / "texts.jsonl")


def _concat_csv(paths: list[Path], header: list[str], target: Path) -> None:
    expected = csv_line(header)
    with atomic_file(target, "w", fsync=True, encoding="utf-8", newline="") as out:
        out.write(expected)
        for path in paths:
            with open(path, encoding="utf-8", newline="") as handle:
                first = handle.readline()
                if first == expected:
                    shutil.copyfileobj(handle, out, 1 << 20)
                else:  # a part written before columns were added: re-project
                    names = next(csv.reader([first]))
                    for record in csv.reader(handle):
                        values = dict(zip(names, record))
                        out.write(csv_line([values.get(c, "") for c in header]))


def _unified_types(paths: list[Path], header: list[str]) -> dict:
    """The Arrow type of every column over all parts: one type, int+float -> float, else text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    seen = {column: set() for column in header}
    for path in paths:
        schema = pq.read_schema(path)
        for column in header:
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


def _conformed(part, types: dict, schema):
    """One part's table with every column of ``schema``, cast to its unified type."""
    import pyarrow as pa

    arrays = []
    for column, wanted in types.items():
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
    return pa.Table.from_arrays(arrays, schema=schema)


def _concat_parquet(paths: list[Path], header: list[str], target: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = _unified_types(paths, header)
    schema = pa.schema([(column, types[column]) for column in header])
    with atomic_path(target, fsync=True) as temporary:
        count = 0
        with pq.ParquetWriter(temporary, schema) as writer:
            for path in paths:
                table = _conformed(pq.read_table(path), types, schema)
                writer.write_table(table)
                count += len(table)
            if count == 0:
                writer.write_table(schema.empty_table())


def _concat_lines(paths: list[Path], target: Path) -> None:
    with atomic_file(target, "wb", fsync=True) as out:
        for path in paths:
            with open(path, "rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 20)
