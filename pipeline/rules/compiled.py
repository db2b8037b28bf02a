"""Patterns compiled once per machine, not once per process.

The tries built from whole gazetteers (tone marks, figures, the organization grammar)
take about a second to compile together, the rules of the extractors a few tenths more,
which every ``tintrich extract`` and every worker of ``tintrich run`` paid again.
:func:`compiled` keeps what the compiler made in a cache folder, keyed by the pattern's own
text, its flags and the versions of Python and of the regex engine, so an edited pattern
file simply makes a new entry and a stale one is never read:

    >>> import re
    >>> compiled(re, "|".join(f"từ{i}" for i in reversed(range(500)))).search("một từ42 đây").group()
    'từ42'

A pattern is kept when compiling it took :data:`MIN_SECONDS` or more (a trie of a few
hundred characters, a rule with many look-arounds); a quicker one is compiled again each
time, which costs about what reading its file would. The folder is
``$TINTRICH_CACHE`` (``off`` for none), else ``$XDG_CACHE_HOME/tintrich`` or
``~/.cache/tintrich``; it may be deleted at any time. A folder that cannot be written, a
file that cannot be read: the pattern is compiled as usual and the run goes on.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

#: compiling a pattern for less than this is not worth a file: opening and reading one costs
#: 0.05-0.1 ms (measured at start-up: 20 patterns of 300-1,300 characters took 40 ms
#: together, 120 rules of the extractors of 0.3-5 ms each 100 ms, a hundred more of under
#: 0.3 ms 10 ms)
MIN_SECONDS = 0.0003
#: entries kept in the folder (the newest); about 150 are one pipeline's
MAX_ENTRIES = 1024


def folder() -> Path | None:
    """The cache folder, or None when ``TINTRICH_CACHE=off``. Asked for every pattern (some 400 at
    start-up): made once per setting of the variables it is made from (a path made anew took 25 us)."""
    environ = os.environ
    return _folder(environ.get("TINTRICH_CACHE"), environ.get("XDG_CACHE_HOME"), environ.get("HOME"))


@functools.lru_cache(maxsize=8)
def _folder(configured: str | None, cache_home: str | None, home: str | None) -> Path | None:
    """The cache folder from ``$TINTRICH_CACHE``, ``$XDG_CACHE_HOME`` and ``$HOME`` (which ``Path.home``
    reads; without it, the user's entry in the password database)."""
    if configured:
        return None if configured.lower() in ("off", "0", "none") else Path(configured) / "compiled"
    try:
        base = cache_home or Path.home() / ".cache"
    except (RuntimeError, KeyError):   # no home directory (a bare container): no cache
        return None
    return Path(base) / "tintrich" / "compiled"


def compiled(engine, pattern: str, flags: int = 0):
    """``engine.compile(pattern, flags)`` for ``engine`` the module ``re`` or ``regex``,
    read from the cache folder when it was compiled before on this machine."""
    where = folder()
    if where is None:
        return engine.compile(pattern, flags)
    path = where / (_key(engine, pattern, int(flags)) + ".pickle")
    try:
        with open(path, "rb") as handle:
            return _build(engine, pickle.load(handle))
    except Exception:   # absent, cut short, written by other code: compile again
        pass
    started = time.perf_counter()
    try:
        state = _state(engine, pattern, int(flags))
        built = _build(engine, state)
    except Exception:   # another Python's internals: compile as usual, keep nothing
        return engine.compile(pattern, flags)
    if time.perf_counter() - started >= MIN_SECONDS:
        store(where, path, state)
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


def store(where: Path, path: Path, state) -> None:
    """Pickle ``state`` to ``path`` in the folder ``where`` (made if absent), whole or not at all, and
    keep the newest :data:`MAX_ENTRIES` entries of the folder; nothing stored where it cannot be
    written. The parsed pattern files (:func:`pipeline.rules.patterns.parsed`) are kept the same way."""
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
