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
import heapq
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from pipeline.output.csvfile import csv_body, csv_line, csv_lines, csv_row_lines, csv_rows, csv_text, plain, write_csv
from pipeline.output.files import atomic_file, atomic_path, remove_temporaries
from pipeline.output.tables import columns

#: the per-part index of ids, order keys and dedupe signatures (always Parquet)
INDEX = "_index"
TEXTS = "texts"
SUFFIX = {"csv": ".csv", "parquet": ".parquet"}
INDEX_COLUMNS = ["position", "doc_id", "decision", "status", "duplicate_of", "signature"]
#: characters of a final table's lines handled at a time
CHUNK = 1 << 20
#: the types of the values :func:`pipeline.output.csvfile.plain` gives back as they are
PLAIN = frozenset({type(None), bool, int, float, str})


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
        values = [row.get(name) for row in rows]
        if not PLAIN.issuperset(map(type, values)):   # nearly always plain already: else made so
            values = [*map(plain, values)]
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
    """One part's index, a row per article in the part's order: its position in the run that wrote
    it, doc_id, the decision taken, its status, the first copy it duplicates, its MinHash signature."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    positions = np.array([r["position"] for r in rows], dtype=np.int64)
    table = pa.Table.from_arrays([
        pa.Array.from_buffers(pa.int64(), len(rows), [None, pa.py_buffer(positions)]),
        *(_bytes_column([r.get(name) for r in rows], pa.string()) for name in ("doc_id", "decision", "status", "duplicate_of")),
        _bytes_column([None if r.get("signature") is None else bytes(r["signature"]) for r in rows], pa.binary()),
    ], names=["position", "doc_id", "decision", "status", "duplicate_of", "signature"])
    with atomic_path(path) as temporary:
        pq.write_table(table, temporary)


def _bytes_column(values: list, kind):
    """A string or binary column built from its buffers: ``pa.array`` imports pandas on its first
    call, 0.2 s of every run that writes no Parquet table otherwise."""
    import numpy as np
    import pyarrow as pa

    encoded = [b"" if v is None else v.encode("utf-8", "surrogatepass") if isinstance(v, str) else v for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)   # a part holds at most a few MB of ids
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    valid = np.packbits(np.array([v is not None for v in values], dtype=bool), bitorder="little")
    return pa.Array.from_buffers(kind, len(values), [pa.py_buffer(valid), pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def read_index(path: Path):
    """Rows of one part's index as a pyarrow Table (read as one file: ``pq.read_table`` goes through
    pyarrow.dataset, which imports pandas)."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as index:
        return index.read()


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

@dataclass
class PartPlan:
    """What of one part goes into the final tables: its live articles and their positions."""

    name: str
    positions: dict        # doc_id -> position in the run, for the part's live articles
    whole: bool            # every article of the part is live, in increasing positions

    @property
    def first(self) -> int:
        return min(self.positions.values())

    @property
    def last(self) -> int:
        return max(self.positions.values())


def plan(outdir, fmt: str, live: dict) -> list[list[PartPlan]]:
    """The live parts in groups: parts whose positions interleave are one group (merged row by
    row); a group of one whole part is copied as it is. ``live``: part -> (rows, positions)."""
    plans = []
    for name, (rows, positions) in live.items():
        doc_ids = read_index(part_path(outdir, INDEX, name, fmt)).column("doc_id").to_pylist()
        mapped = {doc_ids[row]: position for row, position in zip(rows, positions)}
        in_order = [mapped[doc_id] for doc_id in doc_ids if doc_id in mapped]
        whole = len(mapped) == len(doc_ids) and all(a < b for a, b in zip(in_order, in_order[1:]))
        plans.append(PartPlan(name, mapped, whole))
    groups: list[list[PartPlan]] = []
    reach = None
    for part in sorted(plans, key=lambda p: p.first):
        if groups and part.first <= reach:
            groups[-1].append(part)
            reach = max(reach, part.last)
        else:
            groups.append([part])
            reach = part.last
    return groups


def finalize(outdir, fmt: str, live: dict) -> dict[str, int]:
    """Build every ``OUTDIR/<table>`` and ``texts.jsonl`` from the live articles' rows, in the
    order of their positions in the run (``live``: part -> (rows of its index, positions)).
    Returns rows per table. Streaming: a group of parts at a time is read."""
    outdir = Path(outdir)
    groups = plan(outdir, fmt, live)
    counts = {}
    for table, header in columns().items():
        target = outdir / f"{table}{SUFFIX[fmt]}"
        write = _parquet_table if fmt == "parquet" else _csv_table
        counts[table] = write(outdir, fmt, table, header, groups, target)
    _texts(outdir, fmt, groups, outdir / "texts.jsonl")
    if fmt == "parquet":
        from pipeline.output.figures import add_figure_ids   # pandas: only once a run ends

        add_figure_ids(outdir)   # the same figure across the run's articles: needs them all
    return counts


def _csv_table(outdir, fmt: str, table: str, header: list[str], groups, target: Path) -> int:
    """One final CSV table; a table with figure ids (:mod:`pipeline.output.figures`) gets them as it is
    written, from its parts read once before. Returns its rows."""
    from pipeline.output import figures

    cells = None
    if figures.fills(table, header):
        bodies = _csv_bodies(outdir, fmt, table, header, groups)
        cells = figures.figure_id_cells((record for body in bodies for record in csv.reader(io.StringIO(body))), header)
    count = 0
    with atomic_file(target, "w", fsync=True, encoding="utf-8", newline="") as out:
        out.write(csv_line(header))
        for body in _csv_bodies(outdir, fmt, table, header, groups):
            if cells is not None:
                body = _with_cells(body, count, header.index(figures.COLUMN), cells)
            out.write(body)
            count += csv_rows(body)
    return count


def _with_cells(body: str, first: int, at: int, cells: dict[int, str]) -> str:
    """CSV lines whose rows (numbered from ``first``) get the text of cell ``at`` from ``cells`` (row
    number -> text); only those rows are read and written again: the others stay as
    :func:`pipeline.output.csvfile.csv_lines` wrote them, which reading and writing gives back."""
    rows = csv_row_lines(body)
    if rows is None:   # lines that only csv.reader cuts right: all read and written again
        records = list(csv.reader(io.StringIO(body)))
        for number, record in enumerate(records, first):
            record[at] = cells.get(number, record[at])
        return csv_lines(records)
    changed = [number - first for number in range(first, first + len(rows)) if number in cells]
    lines = []   # one string a row: Python's writer writes each row at once
    writer = csv.writer(SimpleNamespace(write=lines.append), lineterminator="\n")
    for row, record in zip(changed, csv.reader(rows[row] for row in changed)):   # a row is one item, line breaks and all
        record[at] = cells[first + row]
        writer.writerow(record)   # no carriage return in these rows: the writer of csv_lines
        rows[row] = lines[-1]
    return "".join(rows)


def _csv_bodies(outdir, fmt: str, table: str, header: list[str], groups):
    """A table's CSV lines without a header, in pieces that end at a row's end: a whole part's as
    they are (when its header is the current one), about ``CHUNK`` characters at a time; the
    others' rows merged by position, an article's rows at a time."""
    expected = csv_line(header)
    for group in groups:
        if len(group) == 1 and group[0].whole:
            with open(part_path(outdir, table, group[0].name, fmt), encoding="utf-8", newline="") as handle:
                if handle.readline() == expected:
                    yield from _row_pieces(handle)
                    continue
        yield from (lines for _, lines in _merged(_csv_blocks(outdir, fmt, table, header, part) for part in group))


def _row_pieces(handle):
    """The rest of a CSV file in pieces of about ``CHUNK`` characters, each ending at a row's end:
    a line break after an even number of quotes (a piece that ends inside a quoted cell is read on)."""
    while lines := handle.readlines(CHUNK):
        piece = "".join(lines)
        inside = piece.count('"') % 2 == 1
        while inside or not piece.endswith("\n"):
            line = handle.readline()
            if not line:
                break
            piece += line
            inside ^= line.count('"') % 2 == 1
        yield piece


def _csv_blocks(outdir, fmt: str, table: str, header: list[str], part: "PartPlan"):
    """(position, CSV lines) of each live article of one part's table, by position."""
    blocks, current, lines = [], None, []
    with open(part_path(outdir, table, part.name, fmt), encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        names = next(reader, header)
        for record in reader:
            values = dict(zip(names, record))
            doc_id = values.get("doc_id", "")
            if doc_id != current:
                if current in part.positions:
                    blocks.append((part.positions[current], "".join(lines)))
                current, lines = doc_id, []
            lines.append(csv_line([values.get(c, "") for c in header]))
    if current in part.positions:
        blocks.append((part.positions[current], "".join(lines)))
    return sorted(blocks, key=lambda block: block[0])


def _merged(streams):
    return heapq.merge(*streams, key=lambda block: block[0])


_TEXT_ID = re.compile(r'^\{"doc_id": "([^"\\]*)"')


def _texts(outdir, fmt: str, groups, target: Path) -> None:
    with atomic_file(target, "wb", fsync=True) as out:
        for group in groups:
            if len(group) == 1 and group[0].whole:
                with open(part_path(outdir, TEXTS, group[0].name, fmt), "rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 20)
                continue
            for _, line in _merged(_text_lines(outdir, fmt, part) for part in group):
                out.write(line)


def _text_lines(outdir, fmt: str, part: "PartPlan"):
    found = []
    with open(part_path(outdir, TEXTS, part.name, fmt), "rb") as handle:
        for line in handle:
            match = _TEXT_ID.match(line.decode("utf-8", "replace"))
            if match and match.group(1) in part.positions:
                found.append((part.positions[match.group(1)], line))
    return sorted(found, key=lambda item: item[0])


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


def _parquet_table(outdir, fmt: str, table: str, header: list[str], groups, target: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = _unified_types([part_path(outdir, table, p.name, fmt) for group in groups for p in group], header)
    schema = pa.schema([(column, types[column]) for column in header])
    count = 0
    with atomic_path(target, fsync=True) as temporary:
        with pq.ParquetWriter(temporary, schema) as writer:
            for group in groups:
                merged = _parquet_group(outdir, fmt, table, group, types, schema)
                if merged is not None and len(merged):
                    writer.write_table(merged)
                    count += len(merged)
            if count == 0:
                writer.write_table(schema.empty_table())
    return count


def _parquet_group(outdir, fmt: str, table: str, group: list, types: dict, schema):
    """The live rows of a group of parts, in position order."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    pieces = []
    for part in group:
        frame = _conformed(pq.read_table(part_path(outdir, table, part.name, fmt)), types, schema)
        doc_ids = frame.column("doc_id").to_pylist()
        keep = [doc_id in part.positions for doc_id in doc_ids]
        frame = frame.filter(pa.array(keep, type=pa.bool_()))
        positions = [part.positions[doc_id] for doc_id, kept in zip(doc_ids, keep) if kept]
        pieces.append(frame.append_column("_position", pa.array(positions, type=pa.int64())))
    if not pieces:
        return None
    merged = pa.concat_tables(pieces)
    merged = merged.append_column("_row", pa.array(range(len(merged)), type=pa.int64()))
    order = pc.sort_indices(merged, sort_keys=[("_position", "ascending"), ("_row", "ascending")])
    return merged.take(order).drop_columns(["_position", "_row"])
