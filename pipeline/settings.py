"""What a user can set without touching code: limits (environment) and components (``tintrich.toml``).

Limits bound what one hostile input may cost. Override them with environment variables:
TINTRICH_MAX_ARTICLE_BYTES, TINTRICH_MAX_DECOMPRESSED_BYTES (bytes), TINTRICH_MAX_GZIP_RATIO,
TINTRICH_MAX_TEXT_CHARS (characters), TINTRICH_ARTICLE_TIMEOUT (seconds, 0 = none);
a pattern that backtracks without end is stopped by the article's CPU-time limit; every
shipped pattern is tested to run in linear time (tests/test_linear_patterns.py).

Which components run is configuration, like spaCy's ``config.cfg``: a TOML file
(``--config FILE``, or ``$TINTRICH_CONFIG``, or ``tintrich.toml`` in the working
folder) may say

    [pipeline]
    disable = ["officials", "directives"]

and ``tintrich run --disable officials`` does the same for one run.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    #: one article's raw bytes (a text file, an HTML page, a JSONL line, a WARC record)
    max_article_bytes: int = int(os.environ.get("TINTRICH_MAX_ARTICLE_BYTES", 20 * 2**20))
    #: what one gzip stream may decompress to (gzip bombs stop here)
    max_decompressed_bytes: int = int(os.environ.get("TINTRICH_MAX_DECOMPRESSED_BYTES", 4 * 2**30))
    #: decompressed / compressed bytes a gzip stream may reach (past its first MiB); news text
    #: compresses 3-10 times, a gzip bomb a thousand times
    max_gzip_ratio: float = float(os.environ.get("TINTRICH_MAX_GZIP_RATIO", 200))
    #: one article's text, in characters, before it is cleaned (spaCy's own default max_length)
    max_text_chars: int = int(os.environ.get("TINTRICH_MAX_TEXT_CHARS", 1_000_000))
    #: CPU seconds one article may use, counted in its own thread, in every engine (0: no limit)
    article_timeout: float = float(os.environ.get("TINTRICH_ARTICLE_TIMEOUT", 60))
    #: words a run's spaCy vocabulary may hold before its pipeline is built anew (0: no limit). spaCy keeps
    #: every word it has seen, about 450 bytes each, and an archive keeps bringing new ones (numbers, names,
    #: foreign words: 18,200 after 2,000 real articles, some 400,000 by a million at that rate): 100,000 is
    #: about 45 MB, reached every ~50,000 articles, and a new pipeline costs ~0.4 s
    max_vocabulary: int = int(os.environ.get("TINTRICH_MAX_VOCABULARY", 100_000))


LIMITS = Limits()

CONFIG_FILE = "tintrich.toml"


class ConfigError(ValueError):
    """A configuration file that cannot be read, or names what does not exist."""


@dataclass(frozen=True)
class Config:
    """The ``[pipeline]`` table of a configuration file."""

    disable: tuple[str, ...] = ()
    source: str | None = None      # the file it was read from
    extra: dict = field(default_factory=dict, compare=False)


def read_config(path: str | os.PathLike | None = None) -> Config:
    """The configuration of ``path``, else ``$TINTRICH_CONFIG``, else ``./tintrich.toml``, else the defaults."""
    explicit = path or os.environ.get("TINTRICH_CONFIG")
    candidate = Path(explicit) if explicit else Path(CONFIG_FILE)
    if not candidate.is_file():
        if explicit:
            raise ConfigError(f"configuration file {candidate} not found")
        return Config()
    try:
        data = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {candidate}: {error}") from None
    section = data.get("pipeline", {})
    disable = section.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(name, str) for name in disable):
        raise ConfigError(f"{candidate}: [pipeline] disable must be a list of component names")
    return Config(tuple(disable), str(candidate), {k: v for k, v in data.items() if k != "pipeline"})
