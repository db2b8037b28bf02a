"""Which files the inputs name: folders walked, globs expanded, in a stable order, nothing skipped silently.

    >>> found = Discovery(["corpus/", "scrape.jsonl.gz", "-"])
    >>> [item.source for item in found]          # then found.skipped: [(path, reason), ...]
    ['corpus/000_22c4afcade77e2f4.txt', ..., 'scrape.jsonl.gz', '-']

A file named on the command line is read whatever its name. In a folder (walked
recursively, sorted by name, through symbolic links, each folder once), a file is
read when its name says it is an article file (``.txt``, ``.html``, ``.jsonl``,
``.warc``, ... gzip'd or not); what is not read is listed in ``skipped`` with the
reason, and the run's summary and ``OUTDIR/skipped.csv`` say so:

- hidden files and folders (their name starts with "."), unless ``include_hidden``;
- files of other types (``README.md``, ``photo.jpg``);
- what tintrich writes into an output folder, and a fetch archive's bookkeeping;
- named pipes, sockets and devices (reading one could wait forever);
- a folder already walked (a link back, or the same folder reached twice).

A folder that cannot be listed becomes an input with a ``problem`` (an ``error`` row).
Paths longer than the system's limit are walked and opened relative to their folder.

Each input's ``source`` names it in the tables: the path as given, normalized
("./d/a.txt" is "d/a.txt"), with "%" and "#" escaped ("a.jsonl#1" is the first
record of a.jsonl, a file named "a.jsonl#1" is "a.jsonl%231") and bytes that are not
UTF-8 written as ``\\xNN``.
"""
from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from pipeline.ingest.dispatch import format_by_name

#: what ``tintrich run`` writes into its output folder (never read back as input)
OUTPUT_NAMES = frozenset({"texts.jsonl", "manifest.jsonl", "parts", "report", "report.html", "datapackage.json",
                          "skipped.csv", "facts_pivot.csv", ".tintrich.lock"})
#: the file that marks a folder as a ``tintrich fetch`` archive, listing its bookkeeping files
ARCHIVE_MARKER = "tintrich-archive.json"
ARCHIVE_BOOKKEEPING = frozenset({ARCHIVE_MARKER, "fetch_errors.csv", "fetch_ledger.jsonl"})


@dataclass(frozen=True)
class Input:
    """One file (or stdin) to read."""

    path: str                  # what is opened; "-" for stdin
    source: str                # how the rows name it (see module docstring)
    problem: str | None = None  # an input that cannot be read at all: its error row's reason


def source_of(path: str) -> str:
    """``"./d/a.jsonl#1"`` -> ``"d/a.jsonl%231"``: normalized, unambiguous, printable."""
    if path == "-":
        return path
    normal = os.path.normpath(path)
    text = normal.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text.replace("%", "%25").replace("#", "%23")


@dataclass
class Discovery:
    """The inputs of a run, in order; what was not read is in ``skipped``."""

    arguments: Iterable[str]
    include_hidden: bool = False
    outdir: str | None = None
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self):
        self._outdir = _identity(self.outdir) if self.outdir else None
        self._visited: set = set()   # (device, inode) of every folder walked: each is read once

    def __iter__(self) -> Iterator[Input]:
        for argument in self.arguments:
            yield from self.expand(argument)

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append((source_of(path), reason))

    def expand(self, argument: str) -> Iterator[Input]:
        if argument == "-":
            yield Input("-", "-")
        elif os.path.isdir(argument):
            yield from self.walk(argument)
        elif glob.has_magic(argument):
            matched = sorted(glob.glob(argument, recursive=True))
            if not matched:
                yield Input(argument, source_of(argument))   # reported as a missing input
            for path in matched:
                yield from (self.walk(path) if os.path.isdir(path) else self.expand(path))
        else:
            yield Input(argument, source_of(argument))

    def walk(self, top: str) -> Iterator[Input]:
        """Every article file under ``top``, sorted by name at each level."""
        try:
            fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as error:
            yield Input(top, source_of(top), f"cannot list folder: {error.strerror}")
            return
        try:
            identity = _identity(fd)
            if identity in self._visited:
                self.skip(top, "a folder already read (reached twice)")
                return
            self._visited.add(identity)
            yield from self._walk(fd, top)
        finally:
            os.close(fd)

    def _walk(self, fd: int, folder: str) -> Iterator[Input]:
        try:
            names = sorted(entry.name for entry in os.scandir(fd))
        except OSError as error:
            yield Input(folder, source_of(folder), f"cannot list folder: {error.strerror}")
            return
        own = OUTPUT_NAMES if self._outdir is not None and _identity(fd) == self._outdir else frozenset()
        bookkeeping = ARCHIVE_BOOKKEEPING if ARCHIVE_MARKER in names else frozenset()
        for name in names:
            path = os.path.join(folder, name)
            reason = self._reason_to_skip(name, own, bookkeeping)
            if reason:
                self.skip(path, reason)
                continue
            try:
                info = os.stat(name, dir_fd=fd)
            except OSError as error:   # a broken link, a file gone since the listing
                yield Input(path, source_of(path), f"cannot read input: {error.strerror}")
                continue
            yield from self._entry(fd, name, path, info)

    def _reason_to_skip(self, name: str, own: frozenset, bookkeeping: frozenset) -> str | None:
        if own and (name in own or name.endswith((".csv", ".parquet"))):   # the tables, skipped.csv, a pivot
            return "written by tintrich into the output folder"
        if name in bookkeeping:
            return "bookkeeping of a tintrich fetch archive"
        if name.startswith(".") and not self.include_hidden:
            return "hidden (--include-hidden reads it)"
        return None

    def _entry(self, fd: int, name: str, path: str, info: os.stat_result) -> Iterator[Input]:
        if stat.S_ISDIR(info.st_mode):
            identity = (info.st_dev, info.st_ino)
            if identity in self._visited:
                self.skip(path, "a folder already read (a link back, or the same folder reached twice)")
                return
            self._visited.add(identity)
            try:
                sub = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            except OSError as error:
                yield Input(path, source_of(path), f"cannot list folder: {error.strerror}")
                return
            try:
                yield from self._walk(sub, path)
            finally:
                os.close(sub)
        elif not stat.S_ISREG(info.st_mode):
            self.skip(path, f"not a regular file ({_kind_of(info.st_mode)})")
        elif format_by_name(name) is None:
            self.skip(path, "not an article file type (.txt, .html, .jsonl, .warc, gzip'd or not)")
        else:
            yield Input(path, source_of(path))


def _identity(target) -> tuple[int, int] | None:
    try:
        info = os.stat(target)
    except (OSError, TypeError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def expand_inputs(arguments: Iterable[str]) -> Iterator[str]:
    """The paths of :class:`Discovery` (for callers that only need paths)."""
    return (item.path for item in Discovery(arguments))
