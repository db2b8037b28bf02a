"""What to fetch: SOURCES arguments and files, and the built-in table ``patterns/sources.csv``.

A SOURCES argument is a file (one source a line; blank lines and ``#`` comments
ignored), an ``http(s)://`` URL (a site's home page, a feed or a sitemap: which one
is found from the document itself), or a host or name from the table
(``baothainguyen.vn``, ``"Báo Thái Nguyên"``). ``--province`` picks the table's rows
of a province (by name, any spelling of ``patterns/provinces.csv``, with or without
diacritics, or by code), ``--all-provinces`` all rows.

The table's columns: ``host, name, province, code, kind, era, feed, sitemap, checked``.
``kind`` is ``newspaper`` or ``portal``; ``era`` is the province map ``province`` and
``code`` refer to (``pre_2025`` or ``post_2025``, as in the output tables); ``feed``
and ``sitemap`` are known feed and sitemap URLs (several separated by spaces or
``|``; when given they are read instead of discovering them, and discovery is the
fallback if they give nothing); ``checked`` is the date the row was last verified.
"""
from __future__ import annotations

import csv
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import regex

from pipeline.fetch.options import BadArguments
from pipeline.rules import grammar, patterns

TABLE = "sources.csv"
COLUMNS = ("host", "name", "province", "code", "kind", "era", "feed", "sitemap", "checked")


@dataclass(frozen=True)
class Source:
    """One place to fetch from: ``url`` (home page, feed or sitemap) and, for rows of the
    table, its known ``feeds`` and ``sitemaps``."""

    url: str
    name: str = ""
    province: str = ""
    code: str = ""
    kind: str = ""
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()


def plain(text: str) -> str:
    """A name as a search key: :func:`~pipeline.rules.grammar.fold`, then without diacritics, spaces
    or punctuation, so that a name typed on any keyboard finds the table's row:
    ``plain("TP. Hồ Chí Minh") == plain("tp ho chi minh") == "tphochiminh"``."""
    text = unicodedata.normalize("NFD", grammar.fold(text).replace("đ", "d"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", "", text)


@patterns.resource
def province_prefix() -> regex.Pattern:
    """The words that may stand before a province's name (``tỉnh``, ``thành phố``, ``TP.``), from
    ``patterns/provinces.yaml``, to be cut from a ``--province`` query."""
    words = patterns.load_yaml("provinces.yaml").get("prefixes", [])
    return regex.compile(r"^\s*(?:" + grammar.phrases(words) + r")\s+", regex.I)


def _urls(cell: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s|]+", cell or "") if part)


def _home(host: str) -> str:
    host = host.strip()
    if "://" in host:
        parts = urlsplit(host)
        return f"{parts.scheme}://{parts.netloc}/"
    return f"https://{host.strip('/')}/"


def load_table(path: str | os.PathLike | None = None) -> list[dict]:
    """Rows of the sources table (``patterns/sources.csv`` unless ``path``); ``#`` lines are comments."""
    path = Path(path) if path else patterns.folder() / TABLE
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.lstrip().startswith("#") and line.strip()]
    rows = list(csv.DictReader(lines))
    if rows:
        missing = [column for column in ("host", "name") if column not in rows[0]]
        if missing:
            raise BadArguments(f"{path}: no column {', '.join(missing)} (expected {','.join(COLUMNS)})")
    return [{key: (value or "").strip() for key, value in row.items() if key} for row in rows
            if (row.get("host") or "").strip()]


def from_row(row: dict) -> Source:
    return Source(url=_home(row["host"]), name=row.get("name", ""), province=row.get("province", ""),
                  code=row.get("code", ""), kind=row.get("kind", ""), feeds=_urls(row.get("feed", "")),
                  sitemaps=_urls(row.get("sitemap", "")))


def _bare_host(host: str) -> str:
    host = host.strip().lower()
    if "://" in host:
        host = urlsplit(host).netloc
    host = host.strip("/")
    return host[4:] if host.startswith("www.") else host


def _province_keys(query: str) -> set[str]:
    """Folded names and codes a province query stands for, through ``patterns/provinces.csv``."""
    wanted = plain(province_prefix().sub("", query.strip()))
    keys = {wanted}
    try:
        units = patterns.load_csv("provinces.csv")
    except FileNotFoundError:
        units = ()
    for unit in units:
        spellings = [unit["name"], *(unit.get("variants") or "").split("|")]
        if wanted in {plain(spelling) for spelling in spellings if spelling} or wanted == unit["code"]:
            keys |= {plain(unit["name"]), unit["code"]}
        if wanted == plain(unit.get("name_2025") or "") or wanted == unit.get("code_2025"):
            keys |= {plain(unit["name_2025"]), unit["code_2025"]}
    return keys


def province_rows(rows: list[dict], query: str) -> list[dict]:
    keys = _province_keys(query)
    return [row for row in rows if plain(row.get("province", "")) in keys or row.get("code", "") in keys]


def _looks_like_url(text: str) -> bool:
    return re.match(r"^https?://[^\s/]+", text, re.I) is not None


class SourceTable:
    """The sources table, read when first needed (a list of URLs never reads it)."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = path
        self._rows: list[dict] | None = None

    @property
    def rows(self) -> list[dict]:
        if self._rows is None:
            try:
                self._rows = load_table(self.path)
            except FileNotFoundError:
                self._rows = []
        return self._rows

    def named(self, text: str, where: str = "") -> list[Source]:
        """The source a SOURCES line names: a URL as it is, else the table's rows of that host or
        name (``baothainguyen.vn``, ``Báo Thái Nguyên``); :class:`BadArguments` when it names none."""
        text = text.strip()
        if _looks_like_url(text):
            return [Source(url=text)]
        key, host = plain(text), _bare_host(text)
        matches = [row for row in self.rows if _bare_host(row["host"]) == host or plain(row["name"]) == key]
        if not matches:
            raise BadArguments(f"{where}unknown source {text!r}: not a file, an http(s) URL, "
                               f"or a host or name in patterns/{TABLE}")
        return [from_row(row) for row in matches]

    def of_province(self, query: str) -> list[Source]:
        matched = province_rows(self.rows, query)
        if not matched:
            raise BadArguments(f"--province: no source of {query!r} in patterns/{TABLE}")
        return [from_row(row) for row in matched]

    def every(self) -> list[Source]:
        if not self.rows:
            raise BadArguments(f"--all-provinces: patterns/{TABLE} lists no source")
        return [from_row(row) for row in self.rows]


def source_lines(path: str) -> Iterator[tuple[int, str]]:
    """(line number, source) of a SOURCES file; blank lines and ``#`` comments left out."""
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            line = line.split(" #")[0].strip()
            if line and not line.startswith("#"):
                yield number, line


def _from_argument(argument: str, table: SourceTable) -> list[Source]:
    if not os.path.isfile(argument):
        return table.named(argument)
    return [source for number, line in source_lines(argument)
            for source in table.named(line, f"{argument}:{number}: ")]


def resolve(arguments: list[str] | tuple[str, ...] = (), province: str | None = None,
            all_provinces: bool = False, table: str | os.PathLike | None = None) -> list[Source]:
    """The sources the arguments name, each once, in order; :class:`BadArguments` for a name
    that is neither a file, a URL nor in the table, or a province with no source."""
    known = SourceTable(table)
    found = [source for argument in arguments for source in _from_argument(argument, known)]
    if province:
        found += known.of_province(province)
    if all_provinces:
        found += known.every()
    unique: dict[str, Source] = {}
    for source in found:
        unique.setdefault(source.url, source)
    return list(unique.values())


def as_sources(given) -> list[Source]:
    """What :func:`pipeline.fetch.fetch` was given as a list of sources: Source objects as they are,
    SOURCES arguments (a string or a path each) resolved."""
    if isinstance(given, (str, Source)):
        given = [given]
    return [source for item in given
            for source in ([item] if isinstance(item, Source) else resolve([str(item)]))]
