"""Large patterns compiled once per machine, not once per process.

The tries built from whole gazetteers (tone marks, figures, the organization grammar)
take about a second to compile together, which every ``tintrich extract`` and every
worker of ``tintrich run`` paid again. :func:`compiled` keeps what the compiler made in a
cache folder, keyed by the pattern's own text, its flags and the versions of Python and
of the regex engine, so an edited pattern file simply makes a new entry and a stale one
is never read:

    >>> import re
    >>> compiled(re, "|".join(f"từ{i}" for i in reversed(range(500)))).search("một từ42 đây").group()
    'từ42'

Patterns shorter than :data:`MIN_LENGTH` characters are compiled as usual. The folder is
``$TINTRICH_CACHE`` (``off`` for none), else ``$XDG_CACHE_HOME/tintrich`` or
``~/.cache/tintrich``; it may be deleted at any time. A folder that cannot be written, a
file that cannot be read: the pattern is compiled as usual and the run goes on.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

#: shorter patterns compile in well under two milliseconds: not worth a file (measured at
#: load: the provinces' pattern of 1,275 characters took 45 ms, 18 of 300-500 characters 31 ms
#: together, 121 shorter ones 43 ms together)
MIN_LENGTH = 300
#: entries kept in the folder (the newest); about 20 are one pipeline's
MAX_ENTRIES = 256


def folder() -> Path | None:
    """The cache folder, or None when ``TINTRICH_CACHE=off``."""
    configured = os.environ.get("TINTRICH_CACHE")
    if configured:
        return None if configured.lower() in ("off", "0", "none") else Path(configured) / "compiled"
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except (RuntimeError, KeyError):   # no home directory (a bare container): no cache
        return None
    return Path(base) / "tintrich" / "compiled"


def compiled(engine, pattern: str, flags: int = 0):
    """``engine.compile(pattern, flags)`` for ``engine`` the module ``re`` or ``regex``,
    read from the cache folder when it was compiled before on this machine."""
    where = folder() if len(pattern) >= MIN_LENGTH else None
    if where is None:
        return engine.compile(pattern, flags)
    path = where / (_key(engine, pattern, int(flags)) + ".pickle")
    try:
        with open(path, "rb") as handle:
            return _build(engine, pickle.load(handle))
    except Exception:   # absent, cut short, written by other code: compile again
        pass
    try:
        state = _state(engine, pattern, int(flags))
        built = _build(engine, state)
    except Exception:   # another Python's internals: compile as usual, keep nothing
        return engine.compile(pattern, flags)
    _store(where, path, state)
    return built


def _key(engine, pattern: str, flags: int) -> str:
    if engine.__name__ == "re":
        import _sre
        version = _sre.MAGIC
    else:
        version = engine.__version__
    identity = repr((engine.__name__, version, sys.version, flags, pattern))
    return hashlib.sha1(identity.encode("utf-8", "surrogatepass")).hexdigest()


def _state(engine, pattern: str, flags: int):
    """What the compiler made of ``pattern``: for ``regex`` the compiled pattern itself
    (it pickles with its code); for ``re`` the arguments of ``_sre.compile``."""
    if engine.__name__ != "re":
        return engine.compile(pattern, flags)
    from re import _compiler, _parser   # CPython's own compiler, as re.compile runs it
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return ("sre", pattern, flags | parsed.state.flags, code, parsed.state.groups - 1,
            groupindex, tuple(indexgroup))


def _build(engine, state):
    if isinstance(state, tuple) and state and state[0] == "sre":
        import _sre
        return _sre.compile(*state[1:])
    if not isinstance(state, engine.Pattern):
        raise TypeError(f"not a compiled {engine.__name__} pattern")
    return state


def _store(where: Path, path: Path, state) -> None:
    temporary = None
    try:
        where.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=where, suffix=".tmp", delete=False) as handle:
            temporary = handle.name
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)   # whole or not at all, whatever other processes do
        _prune(where)
    except Exception:   # a read-only home, a full disk: no cache, same result
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def _prune(where: Path) -> None:
    entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[MAX_ENTRIES:]:
        stale.unlink(missing_ok=True)
