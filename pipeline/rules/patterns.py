"""Access to the researcher-editable data in ``patterns/``.

Every word list, gazetteer and pattern the extractors use lives in that folder;
code reads it through these helpers, once per process (results are cached), and
builds what it compiles from it once per process with :func:`resource`.
Set ``TINTRICH_PATTERNS`` to point the pipeline at another copy of the folder.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
import pickle
import sys
import types
from pathlib import Path

import yaml

from pipeline.rules import compiled

#: libyaml's safe loader where PyYAML was built with it (ten times faster at start-up)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def folder() -> Path:
    """The patterns folder: ``$TINTRICH_PATTERNS`` or ``patterns/`` beside the package."""
    configured = os.environ.get("TINTRICH_PATTERNS")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "patterns"


class PatternError(ValueError):
    """A pattern file that disagrees with itself or with another (a name it uses is not defined)."""


def check_names(used, defined, where: str) -> None:
    """Raise :class:`PatternError` naming every item of ``used`` that ``defined`` lacks."""
    missing = sorted(set(used) - set(defined))
    if missing:
        raise PatternError(f"{where}: {', '.join(map(repr, missing))} not defined")


def resource(build):
    """Decorator: build a compiled resource once per process, on its first use.

        @resource
        def currencies() -> Currencies:
            return Currencies()
    """
    return functools.lru_cache(maxsize=None)(build)


@functools.lru_cache(maxsize=None)
def load_yaml(name: str) -> dict:
    """``load_yaml("boilerplate.yaml")`` -> the parsed mapping."""
    return parsed(name, _yaml_of)


def _yaml_of(handle) -> dict:
    return yaml.load(handle, Loader=SAFE_LOADER) or {}


@functools.lru_cache(maxsize=None)
def load_csv(name: str) -> tuple[dict, ...]:
    """Rows of a CSV (or, by its suffix, tab-separated) gazetteer as dicts; lines starting
    with ``#`` are comments."""
    with open(folder() / name, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    if name.endswith(".tsv"):
        return tuple(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return tuple(csv.DictReader(lines))


@functools.lru_cache(maxsize=None)
def load_words(name: str) -> tuple[str, ...]:
    """One entry per line; blank lines and ``#`` comments are skipped."""
    return parsed(name, words_of)


def words_of(handle) -> tuple[str, ...]:
    """The entries of an open word list (:func:`load_words`): stripped lines, blank ones and ``#``
    comments skipped."""
    return tuple(line for line in map(str.strip, handle) if line and not line.startswith("#"))


def parsed(name: str, parse, uses=()):
    """``parse(handle)`` of the pattern file ``name`` opened as UTF-8 text, read back from the
    folder ``parsed`` beside the compile cache's (:func:`pipeline.rules.compiled.folder`) when
    the same bytes were parsed before on this machine: unpickling is 5-15 times quicker than
    PyYAML, even with libyaml (organizations.yaml: 7.3 -> 0.5 ms). The entry's key is what the
    value depends on, so that it is never stale: the file's bytes (the value is parsed from
    those very bytes), the parser's code (:func:`_code_key`), PyYAML's version and loader,
    Python's, and the code of the functions ``parse`` calls that its own code does not hold
    (``uses``). One entry per file path and parser, replaced when the key differs; an entry or
    folder that cannot be read or written: the file is parsed as usual."""
    path = folder() / name
    with open(path, "rb") as handle:
        data = handle.read()
    where = compiled.folder()
    if where is None:
        return parse(_text(data, path))
    key = _key(data, parse, uses)
    named = f"{path}\0{parse.__module__}.{parse.__qualname__}"   # one file may be parsed two ways
    entry = where.parent / "parsed" / (hashlib.sha1(named.encode("utf-8", "surrogatepass")).hexdigest() + ".pickle")
    try:
        with open(entry, "rb") as handle:
            stored, value = pickle.load(handle)
        if stored == key:
            return value
    except Exception:   # absent, cut short, written by other code: parse again
        pass
    value = parse(_text(data, path))
    compiled.store(entry.parent, entry, (key, value))
    return value


def _text(data: bytes, path: Path) -> io.TextIOWrapper:
    """``data`` read as ``open(path, encoding="utf-8")`` reads the file (universal newlines),
    named as the file (PyYAML's error messages name it)."""
    raw = io.BytesIO(data)
    raw.name = str(path)
    return io.TextIOWrapper(raw, encoding="utf-8")


def _key(data: bytes, parse, uses=()) -> str:
    codes = tuple(_code_key(getattr(function, "__wrapped__", function).__code__) for function in (parse, *uses))
    identity = repr((codes, yaml.__version__, SAFE_LOADER.__name__, sys.version))
    return hashlib.sha1(identity.encode("utf-8", "surrogatepass") + data).hexdigest()


def _code_key(code) -> tuple:
    """A function's bytecode, constants and names, with those of the code it holds (a generator's):
    the same in every process (a code object's repr holds its address)."""
    consts = tuple(_code_key(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.co_code, consts, code.co_names
