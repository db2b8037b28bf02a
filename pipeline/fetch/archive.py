"""The archive folder: WARC files of pages, a ledger of what was fetched, the errors file, a marker.

``ARCHIVE/fetch-<UTC time>.warc.gz`` — one per run that archived a page: a ``warcinfo``
record, then for every page its ``response`` (status line, headers and body as
received; the body still gzip'd when the server sent it so) and its ``request``,
each record its own gzip member. These are what ``tintrich run`` reads.

``ARCHIVE/fetch_ledger.jsonl`` — the ledger: one JSON line per URL once its outcome is
final, ``{"url", "final", "outcome", "warc", "offset", "end", "status", "published",
"time"}``. ``outcome`` is ``archived`` (in ``warc``, bytes ``offset``..``end``),
``gone`` (404/410), ``too_large``, ``not_html``, ``old`` (the page says it was published
before ``--since``) or ``duplicate`` (redirects to a page already archived). A URL with
such a line is not requested again (``old`` only while ``--since`` is later than its
date); failures that may pass (timeouts, 5xx, robots, redirect loops) get no line, so
the next fetch tries again.

``ARCHIVE/fetch_errors.csv`` — every failure, one line each (:mod:`pipeline.fetch.errors`).

``ARCHIVE/tintrich-archive.json`` — the marker (:data:`MARKER`): ``{"kind": "tintrich fetch
archive", "version": 1, "bookkeeping": [...]}``, the names of the archive's own files
(:data:`BOOKKEEPING`), which are not articles: input discovery is to skip them in a
folder that holds the marker. Until it does, give ``tintrich run`` the WARC files
(``'ARCHIVE/*.warc.gz'``), not the folder.

Archives written before these names were hidden files (``.fetched.jsonl``,
``.fetch_errors.csv``, :data:`OLD_NAMES`); opening one renames them (:func:`adopt_old_names`),
so nothing fetched before is fetched again.

Crash safety. A run writes its WARC under a hidden name, ``.fetch-<time>.warc.gz.part``,
and for every page: writes both records, flushes and fsyncs the file, *then* appends
the ledger line (flushed and fsynced). At the end the file is renamed to its final
name (or removed if no page was archived). When a fetch is killed, the next one
opens the archive by cutting the ledger's last line if it was left half-written,
then cutting each ``.part`` WARC back to the end of the last page its ledger lines
name (a page written but not yet in the ledger is dropped: it will be fetched
again) and renaming it to its final name. So every page in the ledger is in
exactly one WARC, and no page is in a WARC without being in the ledger. A lock
(``.fetch.lock``) keeps two fetches from writing to one archive at once.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.fetch.client import Response
from pipeline.fetch.errors import drop_partial_line
from pipeline.fetch.options import BadArguments, version
from pipeline.output.files import atomic_file, read_json_lines

LEDGER = "fetch_ledger.jsonl"
ERRORS = "fetch_errors.csv"
#: the file that says a folder is a fetch archive and names its bookkeeping files
MARKER = "tintrich-archive.json"
#: the archive's own files: not articles, whatever their format
BOOKKEEPING = (ERRORS, LEDGER, MARKER)
#: what the marker holds (``version`` goes up when the archive's layout changes)
MARKER_CONTENT = {"kind": "tintrich fetch archive", "version": 1, "bookkeeping": list(BOOKKEEPING)}
#: the names the bookkeeping files had in archives written before the marker, and their names now
OLD_NAMES = {".fetched.jsonl": LEDGER, ".fetch_errors.csv": ERRORS}
LOCK = ".fetch.lock"
PART = ".part"

#: outcomes that settle a URL for good (``old`` only while --since is later than its date)
FINAL = {"archived", "gone", "too_large", "not_html", "old", "duplicate"}

#: HTTP response headers renamed in the WARC: the body is stored de-chunked by http.client
RENAMED = {"transfer-encoding": "X-Archive-Orig-Transfer-Encoding"}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _fsync_dir(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def adopt_old_names(folder: Path) -> list[str]:
    """Give the bookkeeping files of an archive written with the old dot-names their names now
    (``.fetched.jsonl`` -> ``fetch_ledger.jsonl``); the old names found. A file found under both
    names (an older tintrich run on the archive since) is merged: the new one's lines, then the old
    one's complete lines (without the CSV header), so no ledger line and no error is lost."""
    found = []
    for old, new in OLD_NAMES.items():
        old_path, new_path = folder / old, folder / new
        if not old_path.is_file():
            continue
        found.append(old)
        drop_partial_line(old_path)
        if not new_path.exists() or new_path.stat().st_size == 0:
            os.replace(old_path, new_path)
            continue
        drop_partial_line(new_path)
        lines = old_path.read_bytes().splitlines(keepends=True)
        with atomic_file(new_path, "wb", fsync=True) as merged:
            merged.write(new_path.read_bytes())
            merged.writelines(lines[1:] if new.endswith(".csv") else lines)
        old_path.unlink()
    if found:
        _fsync_dir(folder)
    return found


def write_marker(folder: Path) -> None:
    """Write ``ARCHIVE/tintrich-archive.json`` unless it is there already (or a newer tintrich wrote it)."""
    path = folder / MARKER
    try:
        present = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        present = None
    newer = (isinstance(present, dict) and present.get("kind") == MARKER_CONTENT["kind"]
             and isinstance(present.get("version"), int) and present["version"] > MARKER_CONTENT["version"])
    if present == MARKER_CONTENT or newer:
        return
    with atomic_file(path, "w", fsync=True, encoding="utf-8") as handle:
        handle.write(json.dumps(MARKER_CONTENT, ensure_ascii=False, indent=2) + "\n")


def read_ledger(path) -> list[dict]:
    """The ledger's complete lines (a half-written last line is skipped); none when there is no ledger."""
    try:
        return [entry for entry in read_json_lines(path) if entry.get("url")]
    except FileNotFoundError:
        return []


class Archive:
    def __init__(self, folder, contact: str | None = None, user_agent: str = ""):
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise BadArguments(f"-o: {self.folder} is not a folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.contact, self.user_agent = contact, user_agent
        self._lock_handle = self._lock()
        self.renamed = adopt_old_names(self.folder)
        write_marker(self.folder)
        self.ledger_path = self.folder / LEDGER
        drop_partial_line(self.ledger_path)
        self.entries = read_ledger(self.ledger_path)
        self.recovered_files, self.recovered_pages = self._recover()
        present = {path.name for path in self.folder.glob("fetch-*.warc.gz")}
        self.known: dict[str, dict] = {}
        for entry in self.entries:
            if entry.get("outcome") == "archived" and entry.get("warc") not in present:
                continue   # its WARC was removed: fetch the page again
            for url in (entry.get("url"), entry.get("final")):
                if url:
                    self.known[url] = entry
        self._ledger = open(self.ledger_path, "a", encoding="utf-8")
        self._file = None
        self._writer = None
        self.name: str | None = None
        self.pages = 0

    # -- opening ---------------------------------------------------------------------------------

    def _lock(self):
        handle = open(self.folder / LOCK, "a+")
        try:
            import fcntl
        except ImportError:   # not POSIX: no lock
            return handle
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise BadArguments(f"another tintrich fetch is writing to {self.folder}") from None
        return handle

    def _recover(self) -> tuple[int, int]:
        """Close the WARC files of killed runs at the end of their last ledgered page."""
        files = pages = 0
        for part in sorted(self.folder.glob(".fetch-*.warc.gz" + PART)):
            final = part.name[1:-len(PART)]
            mine = [entry for entry in self.entries if entry.get("warc") == final
                    and entry.get("outcome") == "archived"]
            end = max((int(entry["end"]) for entry in mine), default=0)
            if not mine or part.stat().st_size < end:
                part.unlink()   # nothing ledgered in it (or shorter than the ledger says: cannot happen)
                continue
            with open(part, "rb+") as handle:
                handle.truncate(end)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(part, self.folder / final)
            files += 1
            pages += len(mine)
        if files:
            _fsync_dir(self.folder)
        return files, pages

    # -- what is known ---------------------------------------------------------------------------

    def settled(self, url: str, since: dt.date | None = None) -> dict | None:
        """The ledger line that settles ``url`` (so it is not fetched again), or None."""
        entry = self.known.get(url)
        if entry is None:
            return None
        if entry.get("outcome") == "old":
            published = entry.get("published")
            if since is None or not published or published >= since.isoformat():
                return None
        return entry

    # -- writing ---------------------------------------------------------------------------------

    def _append(self, entry: dict) -> None:
        self._ledger.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._ledger.flush()
        os.fsync(self._ledger.fileno())
        self.entries.append(entry)
        for url in (entry.get("url"), entry.get("final")):
            if url:
                self.known[url] = entry

    def _open_warc(self) -> None:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        used = {entry.get("warc") for entry in self.entries}
        number = 1
        while True:
            name = f"fetch-{stamp}{'' if number == 1 else f'-{number}'}.warc.gz"
            if not ((self.folder / name).exists() or (self.folder / f".{name}{PART}").exists() or name in used):
                break
            number += 1
        self.name = name
        self._file = open(self.folder / f".{name}{PART}", "wb")
        self._writer = WARCWriter(self._file, gzip=True)
        info = {"software": f"tintrich/{version()} (tintrich fetch)", "format": "WARC File Format 1.1",
                "http-header-user-agent": self.user_agent, "operator": self.contact or "",
                "robots": "obey"}
        self._writer.write_record(self._writer.create_warcinfo_record(name, info))
        self._sync()

    def _sync(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())

    def add_page(self, listed: str, response: Response, published: str | None = None) -> dict:
        """Write the page's response and request records, then its ledger line."""
        if response.url in self.known and self.known[response.url].get("outcome") == "archived":
            return self.note(listed, "duplicate", final=response.url, status=response.status)
        if self._writer is None:
            self._open_warc()
        writer = self._writer
        start = self._file.tell()
        headers = [(RENAMED.get(key.lower(), key), value) for key, value in response.headers]
        http_response = StatusAndHeaders(f"{response.status} {response.reason}".strip(), headers,
                                         protocol=response.version)
        record = writer.create_warc_record(response.url, "response", payload=io.BytesIO(response.body),
                                           length=len(response.body), http_headers=http_response)
        parts = urlsplit(response.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        http_request = StatusAndHeaders(f"GET {target} HTTP/1.1", response.request_headers,
                                        is_http_request=True)
        request = writer.create_warc_record(response.url, "request", payload=io.BytesIO(b""), length=0,
                                            http_headers=http_request)
        request.rec_headers.add_header("WARC-Concurrent-To", record.rec_headers.get_header("WARC-Record-ID"))
        writer.write_record(record)
        writer.write_record(request)
        self._sync()
        self.pages += 1
        entry = {"url": listed, "final": response.url, "outcome": "archived", "warc": self.name,
                 "offset": start, "end": self._file.tell(), "status": response.status,
                 "published": published, "time": _now()}
        self._append(entry)
        return entry

    def note(self, listed: str, outcome: str, **fields) -> dict:
        """A ledger line for a URL settled without a page in the archive (gone, too large, old...)."""
        assert outcome in FINAL and outcome != "archived"
        entry = {"url": listed, "outcome": outcome, **{k: v for k, v in fields.items() if v is not None},
                 "time": _now()}
        self._append(entry)
        return entry

    def close(self) -> str | None:
        """Give the run's WARC its final name (or remove it if it holds no page); the final path."""
        final = None
        if self._file is not None:
            self._sync()
            self._file.close()
            part = self.folder / f".{self.name}{PART}"
            if self.pages:
                final = self.folder / self.name
                os.replace(part, final)
            else:
                part.unlink()
            _fsync_dir(self.folder)
            self._file = self._writer = None
        self._ledger.close()
        self._lock_handle.close()
        return str(final) if final else None
