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
from urllib.parse import urlsplit

from pipeline.rules import patterns
from pipeline.fetch.options import BadArguments

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


def fold(text: str) -> str:
    """Lower case, no diacritics, no spaces or punctuation: ``"TP. Hồ Chí Minh"`` -> ``"tphochiminh"``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", "", text.casefold())


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
    wanted = fold(re.sub(r"^\s*(tỉnh|thành phố|tp\.?)\s+", "", query.strip(), flags=re.I))
    keys = {wanted}
    try:
        units = patterns.load_csv("provinces.csv")
    except FileNotFoundError:
        units = ()
    for unit in units:
        spellings = [unit["name"], *(unit.get("variants") or "").split("|")]
        if wanted in {fold(spelling) for spelling in spellings if spelling} or wanted == unit["code"]:
            keys |= {fold(unit["name"]), unit["code"]}
        if wanted == fold(unit.get("name_2025") or "") or wanted == unit.get("code_2025"):
            keys |= {fold(unit["name_2025"]), unit["code_2025"]}
    return keys


def province_rows(rows: list[dict], query: str) -> list[dict]:
    keys = _province_keys(query)
    return [row for row in rows if fold(row.get("province", "")) in keys or row.get("code", "") in keys]


def _looks_like_url(text: str) -> bool:
    return re.match(r"^https?://[^\s/]+", text, re.I) is not None


def resolve(arguments: list[str] | tuple[str, ...] = (), province: str | None = None,
            all_provinces: bool = False, table: str | os.PathLike | None = None) -> list[Source]:
    """The sources the arguments name, each once, in order; :class:`BadArguments` for a name
    that is neither a file, a URL nor in the table, or a province with no source."""
    rows: list[dict] | None = None

    def table_rows() -> list[dict]:
        nonlocal rows
        if rows is None:
            try:
                rows = load_table(table)
            except FileNotFoundError:
                rows = []
        return rows

    def one(text: str, where: str = "") -> list[Source]:
        text = text.strip()
        if _looks_like_url(text):
            return [Source(url=text)]
        folded, host = fold(text), _bare_host(text)
        matches = [row for row in table_rows() if _bare_host(row["host"]) == host or fold(row["name"]) == folded]
        if matches:
            return [from_row(row) for row in matches]
        raise BadArguments(f"{where}unknown source {text!r}: not a file, an http(s) URL, "
                           f"or a host or name in patterns/{TABLE}")

    found: list[Source] = []
    for argument in arguments:
        if os.path.isfile(argument):
            with open(argument, encoding="utf-8-sig") as handle:
                for number, line in enumerate(handle, 1):
                    line = line.split(" #")[0].strip()
                    if line and not line.startswith("#"):
                        found += one(line, f"{argument}:{number}: ")
        else:
            found += one(argument)
    if province:
        matched = province_rows(table_rows(), province)
        if not matched:
            raise BadArguments(f"--province: no source of {province!r} in patterns/{TABLE}")
        found += [from_row(row) for row in matched]
    if all_provinces:
        if not table_rows():
            raise BadArguments(f"--all-provinces: patterns/{TABLE} lists no source")
        found += [from_row(row) for row in table_rows()]
    unique: dict[str, Source] = {}
    for source in found:
        unique.setdefault(source.url, source)
    return list(unique.values())
