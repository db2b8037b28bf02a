"""Every failure of a fetch is one line of ``ARCHIVE/fetch_errors.csv``, never an exception.

Columns: ``time`` (UTC, ISO), ``url``, ``host``, ``kind``, ``status`` (HTTP status or
empty), ``detail``. ``kind`` is one of :data:`KINDS`. The file is appended to by
every run (a header is written when it is new) and flushed per line, so a killed
fetch keeps the lines it wrote; a line cut short by a kill is dropped when the
next fetch opens the file.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

#: the kinds of failure, in the order the summary lists them
KINDS = ("robots", "http_4xx", "http_5xx", "timeout", "too_large", "redirect_loop", "network", "parse")

COLUMNS = ("time", "url", "host", "kind", "status", "detail")


class FetchError(Exception):
    """One failed request or document: ``kind`` (see :data:`KINDS`), ``detail``, HTTP ``status``."""

    def __init__(self, kind: str, detail: str, url: str = "", status: int | None = None):
        assert kind in KINDS, kind
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail, self.url, self.status = kind, detail, url, status


def drop_partial_line(path: Path) -> None:
    """Cut a last line left without its newline (a write interrupted by a kill)."""
    try:
        with open(path, "rb+") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size == 0:
                return
            handle.seek(size - 1)
            if handle.read(1) == b"\n":
                return
            back = min(size, 1 << 20)
            handle.seek(size - back)
            tail = handle.read(back)
            cut = tail.rfind(b"\n")
            handle.truncate(size - back + cut + 1 if cut >= 0 else 0)
    except FileNotFoundError:
        pass


class ErrorLog:
    """Appends failures to the CSV and counts them by kind for the summary."""

    def __init__(self, path: Path):
        self.path = Path(path)
        drop_partial_line(self.path)
        new = not self.path.exists() or self.path.stat().st_size == 0
        self._handle = open(self.path, "a", encoding="utf-8", newline="")
        if new:
            self._write(COLUMNS)
        self.counts: Counter = Counter()
        self._lock = threading.Lock()

    def _write(self, row) -> None:
        buffer = io.StringIO()
        csv.writer(buffer).writerow(row)
        self._handle.write(buffer.getvalue())
        self._handle.flush()

    def add(self, error: FetchError, url: str | None = None) -> None:
        url = url or error.url
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        detail = " ".join(str(error.detail).split())[:500]
        with self._lock:
            self._write((now, url, urlsplit(url).hostname or "", error.kind,
                         "" if error.status is None else error.status, detail))
            self.counts[error.kind] += 1

    def close(self) -> None:
        self._handle.close()


def read_errors(path) -> list[dict]:
    """The lines of an errors file as dicts (for tests and tools)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
