"""Files a reader never sees half-written, and JSON-lines read tolerantly.

Every file tintrich writes goes through :func:`atomic_path`: it is written under a
temporary name in its folder (``.<name>.tmp-<pid>``) and renamed into place when
complete, so a reader, or a run resumed after a kill, sees the old file or the
new one, never a torn one. :func:`remove_temporaries` clears what a killed run left.

    >>> with atomic_file(Path("out/texts.jsonl"), "w", encoding="utf-8") as handle:
    ...     handle.write(line)
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TEMPORARY = ".{name}.tmp-{pid}"


def temporary_path(path: Path) -> Path:
    return path.with_name(TEMPORARY.format(name=path.name, pid=os.getpid()))


@contextmanager
def atomic_path(path, fsync: bool = False) -> Iterator[Path]:
    """A temporary path to write ``path`` through; renamed into place on success, removed on failure.
    ``fsync``: flush the file to disk before the rename (final tables; parts rely on the rename)."""
    path = Path(path)
    temporary = temporary_path(path)
    try:
        yield temporary
        if fsync:
            with open(temporary, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def atomic_file(path, mode: str = "w", fsync: bool = False, **open_args):
    """An open handle on a temporary file that becomes ``path`` when the block ends without error."""
    with atomic_path(path, fsync=fsync) as temporary:
        with open(temporary, mode, **open_args) as handle:
            yield handle


def remove_temporaries(*folders) -> int:
    """Delete the ``.*.tmp-*`` files a killed run left in ``folders``; returns how many."""
    removed = 0
    for folder in map(Path, folders):
        if folder.is_dir():
            for path in folder.glob(".*.tmp-*"):
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def read_json_lines(path, errors: str = "replace") -> Iterator[dict]:
    """The JSON objects of a JSON-lines file; a line that is not a whole object (a torn last
    line of a killed run, a damaged line) is skipped."""
    with open(path, encoding="utf-8", errors=errors) as handle:
        for line in handle:
            if not line.endswith("\n"):
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                yield entry
