"""Access to the researcher-editable data in ``patterns/``.

Every word list, gazetteer and pattern the extractors use lives in that folder;
code reads it through these helpers, once per process (results are cached), and
builds what it compiles from it once per process with :func:`resource`.
Set ``TINTRICH_PATTERNS`` to point the pipeline at another copy of the folder.
"""
from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

import yaml

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
    with open(folder() / name, encoding="utf-8") as handle:
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
    with open(folder() / name, encoding="utf-8") as handle:
        return tuple(line for line in map(str.strip, handle) if line and not line.startswith("#"))
