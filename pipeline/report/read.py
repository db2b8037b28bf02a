"""Reading an output folder in bounded memory: tables in chunks, texts line by line.

    >>> for chunk in read_chunks(table_path(Path("out"), "facts"), ["doc_id", "value"], 50_000):
    ...     chunk.index[0]      # position of the chunk's first row in facts.csv (0-based)

Both formats the writer produces are read: ``<table>.csv`` (pandas ``chunksize``)
and ``<table>.parquet`` (pyarrow record batches). Every chunk has exactly the
requested columns (missing ones are empty), text columns as ``str`` (a ``doc_id``
like ``"0042"`` stays text), numeric columns as floats, and an index that is the
row's position in the file, so a report can point back to ``facts.csv`` row 12.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pandas as pd

from pipeline.output.csvfile import FORMULA_START
from pipeline.output.files import read_json_lines
from pipeline.output.tables import numeric_columns

#: the runner's append-only log; its "finished" lines carry the seconds of each run (generation)
MANIFEST = "manifest.jsonl"


def table_path(outdir: Path, table: str) -> Path | None:
    """``OUTDIR/<table>.csv`` or ``.parquet`` (the newer one if both exist), or None."""
    found = [path for path in (outdir / f"{table}.csv", outdir / f"{table}.parquet") if path.exists()]
    return max(found, key=lambda path: path.stat().st_mtime) if found else None


def read_chunks(path: Path, columns: list[str], chunk_size: int) -> Iterator[pd.DataFrame]:
    """The rows of one table, ``chunk_size`` at a time, with only ``columns``."""
    reader = _parquet_batches if path.suffix == ".parquet" else _csv_chunks
    position = 0
    for chunk in reader(path, columns, chunk_size):
        chunk = _conform(chunk, columns)
        chunk.index = pd.RangeIndex(position, position + len(chunk))
        position += len(chunk)
        yield chunk


def _csv_chunks(path: Path, columns: list[str], chunk_size: int) -> Iterator[pd.DataFrame]:
    present = [c for c in pd.read_csv(path, nrows=0).columns if c in columns]
    yield from pd.read_csv(path, usecols=present, dtype=str, keep_default_na=False, na_values=[""],
                           chunksize=chunk_size, encoding="utf-8")


def _parquet_batches(path: Path, columns: list[str], chunk_size: int) -> Iterator[pd.DataFrame]:
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    present = [c for c in source.schema_arrow.names if c in columns]
    for batch in source.iter_batches(batch_size=chunk_size, columns=present):
        yield batch.to_pandas()


def _conform(chunk: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Requested columns only, numbers as floats, text as str with the CSV formula guard undone."""
    conformed, numeric = {}, numeric_columns()
    for column in columns:
        if column not in chunk:
            values = pd.Series(pd.NA, index=chunk.index, dtype=object)
        elif column in numeric:
            values = pd.to_numeric(chunk[column], errors="coerce")
        else:
            values = chunk[column].map(_as_text, na_action="ignore").astype(object)
            values = values.where(values.notna(), None)
        conformed[column] = values
    return pd.DataFrame(conformed, index=chunk.index)


def _as_text(value) -> str:
    """``"'=SUM(A1)"`` (as the CSV writer guards it) -> ``"=SUM(A1)"``; other values -> str."""
    text = str(value)
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_START:
        return text[1:]
    return text


def read_texts(path: Path, wanted: set[str], max_chars: int) -> dict[str, tuple[str, int]]:
    """``doc_id -> (first max_chars characters, full length)`` of the ``wanted`` normalized texts.

    ``texts.jsonl`` is read line by line and unreadable lines are skipped.
    """
    texts: dict[str, tuple[str, int]] = {}
    if not path.exists() or not wanted:
        return texts
    for record in read_json_lines(path):
        doc_id, text = str(record.get("doc_id")), record.get("text")
        if doc_id in wanted and isinstance(text, str):
            texts[doc_id] = (text[:max_chars], len(text))
            if len(texts) == len(wanted):
                break
    return texts


def read_run_summary(outdir: Path) -> dict:
    """What the runner's manifest says of its finished runs: ``{"seconds": total, "runs": n,
    "from": "manifest.jsonl"}``, else ``{}``."""
    path = outdir / MANIFEST
    if not path.exists():
        return {}
    seconds = [entry["seconds"] for entry in read_json_lines(path)
               if entry.get("event") == "finished" and isinstance(entry.get("seconds"), (int, float))]
    return {"seconds": round(sum(seconds), 2), "runs": len(seconds), "from": MANIFEST} if seconds else {}
