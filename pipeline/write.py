"""Stage 5: rows -> tables in OUTDIR (CSV by default, Parquet on request).

CSV is UTF-8 with a header and RFC 4180 quoting. A text cell that starts with
``=``, ``+``, ``-`` or ``@`` is written with a leading apostrophe (``'=SUM(A1)``) so
spreadsheet programs show it instead of running it as a formula (OWASP's advice
for CSV injection); numeric columns are untouched. Parquet is written as is.
Files are written under a temporary name and renamed, so a reader never sees a
half-written table. Empty tables are written with their header.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from pipeline.tables import COLUMNS

FORMULA_START = ("=", "+", "-", "@")


def defuse_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a spreadsheet formula."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(
                lambda v: "'" + v if isinstance(v, str) and len(v) > 1 and v.startswith(FORMULA_START) else v)
    return frame


def write_table(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    """Write one table atomically (temporary file, then rename)."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if fmt == "parquet":
        frame.to_parquet(temporary, index=False)
    else:
        defuse_formulas(frame).to_csv(temporary, index=False, encoding="utf-8")
    os.replace(temporary, path)


def write_texts(texts: list[tuple[str, str]], path: Path) -> None:
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(temporary, "w", encoding="utf-8") as handle:
        for doc_id, text in texts:
            handle.write(json.dumps({"doc_id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    os.replace(temporary, path)


class TableWriter:
    """Collects results and writes every table on :meth:`close`; returns row counts."""

    def __init__(self, outdir, fmt: str = "csv"):
        if fmt not in ("csv", "parquet"):
            raise ValueError(f"unknown format {fmt!r} (csv or parquet)")
        self.outdir = Path(outdir)
        self.fmt = fmt
        self.rows = {table: [] for table in COLUMNS}
        self.texts = []

    def add(self, result) -> None:
        self.rows["articles"].append(result.article)
        for table, rows in result.rows.items():
            self.rows[table].extend(rows)
        if result.text is not None:
            self.texts.append((result.article["doc_id"], result.text))

    def close(self) -> dict[str, int]:
        self.outdir.mkdir(parents=True, exist_ok=True)
        suffix = ".parquet" if self.fmt == "parquet" else ".csv"
        for table, columns in COLUMNS.items():
            frame = pd.DataFrame(self.rows[table], columns=columns)
            write_table(frame, self.outdir / f"{table}{suffix}", self.fmt)
        write_texts(self.texts, self.outdir / "texts.jsonl")
        return {table: len(rows) for table, rows in self.rows.items()}
