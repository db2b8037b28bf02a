"""``OUTDIR/datapackage.json``: the tables of a run as a Frictionless Data Package, and how they were made.

The package (profile ``tabular-data-package``) has one resource per table: ``articles``,
then every component's table (:func:`pipeline.output.tables.schema`), then ``texts``
(``texts.jsonl``). Each resource gives its file (``<table>.csv`` or ``.parquet``), format,
size and SHA-256, and a Table Schema made from the typed columns: name, type and
description of every field, empty cells as missing values, ``doc_id`` as the primary key
of ``articles`` (a component's ``row_id`` of its own table: ``fact_id`` of ``facts``),
and a foreign key from every other resource's ``doc_id`` to ``articles``. So
``frictionless validate OUTDIR/datapackage.json`` checks every cell of the output
against its declared type: a ``published`` of ``2022-12-05`` passes, one of ``5/12/2022``
would not.

The custom key ``tintrich`` records how the tables were made: tintrich's version, the
command line, start and end (ISO 8601, UTC), every input file with its size and SHA-256
(a folder or a glob: each file it stands for, as ``tintrich run`` reads them), the
SHA-256 of every file of the patterns folder (:func:`pipeline.rules.patterns.folder`),
the counts of articles by status and of rows per table. The same inputs and patterns
give the same hashes, so two outputs can be compared by their ``datapackage.json``
alone. The file is written atomically (:func:`pipeline.output.files.atomic_file`).

    >>> write_datapackage("out/", "csv", summary, ["tintrich", "run", "corpus", "-o", "out/"], ["corpus"],
    ...                   started, time.time())
    PosixPath('out/datapackage.json')
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shlex
from pathlib import Path

from pipeline import catalog
from pipeline.component import Column
from pipeline.ingest.discover import expand_inputs
from pipeline.output.files import atomic_file
from pipeline.output.tables import DOC_ID, schema
from pipeline.rules import patterns

FILE = "datapackage.json"
PROFILE = "tabular-data-package"
NAME = "tintrich-tables"
TEXTS = "texts"

#: Table Schema type of each Column type (pipeline.component.Column)
FIELD_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "date": "date"}
#: how an empty cell reads: a missing value (an empty ``published`` or ``issued``, an absent number)
MISSING_VALUES = [""]
#: CSV as pipeline/output/csvfile.py writes it: RFC 4180 with a header, lines ending in "\n"
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": "\n", "header": True}
#: format of each output format's tables, with its media type
FORMATS = {"csv": ("csv", "text/csv"), "parquet": ("parquet", "application/vnd.apache.parquet")}
#: the texts file: one JSON object a line
TEXT_FIELDS = (DOC_ID, Column("text", "string", "the normalized text: the offsets of every table count in it"))
#: bytes read at a time when hashing a file
CHUNK = 1 << 20


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def tintrich_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tintrich")
    except PackageNotFoundError:   # run from a checkout that was never installed
        return "unknown"


def iso_utc(moment) -> str:
    """A time (seconds since the epoch, or a datetime) as ISO 8601 in UTC: ``2026-12-01T08:15:00Z``."""
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(dt.timezone.utc)   # a naive datetime is taken as local time
    else:
        moment = dt.datetime.fromtimestamp(float(moment), dt.timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


# -- the resources ----------------------------------------------------------------------------------


def primary_keys() -> dict[str, str]:
    """Each table's primary key: ``doc_id`` of ``articles``, a component's ``row_id`` of its table."""
    return {"articles": DOC_ID.name, **{spec.table: spec.row_id for spec in catalog.tables() if spec.row_id}}


def table_schema(table: str, columns, keys: dict[str, str]) -> dict:
    """The Table Schema of one table: typed fields, empty cells missing, its keys."""
    fields = [{"name": column.name, "type": FIELD_TYPES[column.type], "description": column.description}
              for column in columns]
    described: dict = {"fields": fields, "missingValues": MISSING_VALUES}
    if table in keys:
        described["primaryKey"] = [keys[table]]
    if table != "articles" and any(column.name == DOC_ID.name for column in columns):
        described["foreignKeys"] = [{"fields": [DOC_ID.name],
                                     "reference": {"resource": "articles", "fields": [DOC_ID.name]}}]
    return described


def output_files(outdir: Path, fmt: str) -> dict[str, dict]:
    """Size and SHA-256 of every table file and of ``texts.jsonl``, by path inside OUTDIR."""
    names = [f"{table}.{FORMATS[fmt][0]}" for table in schema()] + [f"{TEXTS}.jsonl"]
    return {name: {"bytes": (outdir / name).stat().st_size, "sha256": sha256_of(outdir / name)} for name in names}


def checked_facts(facts: dict) -> dict:
    """A file's size and hash as a resource states them, for frictionless to check."""
    return {"bytes": facts["bytes"], "hash": f"sha256:{facts['sha256']}"}


def table_resource(table: str, fmt: str, columns, keys: dict[str, str], files: dict[str, dict]) -> dict:
    """One table's resource: its file, format and schema; for CSV its dialect, size and hash (frictionless
    reads a Parquet file through pyarrow, not as bytes, so it cannot check them: ``tintrich.outputs`` has them)."""
    file_format, mediatype = FORMATS[fmt]
    resource = {"name": table, "path": f"{table}.{file_format}", "profile": "tabular-data-resource",
                "format": file_format, "mediatype": mediatype}
    if fmt == "csv":   # a Parquet file's strings are UTF-8 by the format itself
        resource.update(encoding="utf-8", dialect=CSV_DIALECT, **checked_facts(files[resource["path"]]))
    resource["schema"] = table_schema(table, columns, keys)
    return resource


def texts_resource(files: dict[str, dict]) -> dict:
    """``texts.jsonl``: one ``{"doc_id", "text"}`` object a line."""
    resource = {"name": TEXTS, "path": f"{TEXTS}.jsonl", "profile": "tabular-data-resource", "format": "jsonl",
                "mediatype": "application/jsonl", "encoding": "utf-8"}
    resource.update(checked_facts(files[resource["path"]]))
    resource["schema"] = table_schema(TEXTS, TEXT_FIELDS, {})
    return resource


def resources(fmt: str, files: dict[str, dict]) -> list[dict]:
    keys = primary_keys()
    tables = [table_resource(table, fmt, columns, keys, files) for table, columns in schema().items()]
    return [*tables, texts_resource(files)]


# -- how the tables were made -------------------------------------------------------------------------


def input_file(path: str) -> dict:
    """One input file: its path as given, size and SHA-256 (standard input is not hashed)."""
    if path == "-":
        return {"path": path, "stdin": True}
    try:
        return {"path": path, "bytes": Path(path).stat().st_size, "sha256": sha256_of(path)}
    except OSError as error:
        return {"path": path, "error": error.strerror or type(error).__name__}


def describe_inputs(inputs) -> list[dict]:
    """Each input argument with the files it stands for (a folder's or a glob's, in reading order)."""
    return [{"argument": str(argument), "files": [input_file(path) for path in expand_inputs([str(argument)])]}
            for argument in inputs]


def describe_patterns(folder: Path | None = None) -> dict:
    """The SHA-256 of every file of the patterns folder (by path inside it), and one of them all."""
    folder = Path(folder or patterns.folder())
    files = {path.relative_to(folder).as_posix(): sha256_of(path)
             for path in sorted(folder.rglob("*")) if path.is_file()}
    listing = "".join(f"{digest}  {name}\n" for name, digest in files.items())   # as sha256sum prints them
    return {"folder": str(folder), "sha256": hashlib.sha256(listing.encode("utf-8")).hexdigest(), "files": files}


def provenance(fmt: str, summary: dict, command_line, inputs, started, ended, files: dict[str, dict]) -> dict:
    """The ``tintrich`` key: version, command, times, inputs and patterns with their hashes, counts, and
    the size and hash of every output file."""
    argv = [command_line] if isinstance(command_line, str) else [str(part) for part in command_line]
    return {
        "version": tintrich_version(),
        "command_line": argv[0] if isinstance(command_line, str) else shlex.join(argv),
        "argv": argv,
        "format": fmt,
        "started": iso_utc(started),
        "ended": iso_utc(ended),
        "inputs": describe_inputs(inputs),
        "patterns": describe_patterns(),
        "articles": summary.get("articles"),
        "by_status": dict(summary.get("by_status") or {}),
        "rows": dict(summary.get("rows") or {}),
        "skipped": summary.get("skipped", 0),
        "generation": summary.get("generation"),
        "resumed": summary.get("resumed", False),
        "outputs": files,
    }


def write_datapackage(outdir, fmt: str, summary: dict, command_line, inputs, started, ended) -> Path:
    """Write ``OUTDIR/datapackage.json`` for the finished tables of a run (see the module's docstring).

    ``summary`` is what :func:`pipeline.engine.run` returns, ``command_line`` the argv (or one
    string), ``inputs`` the input arguments as given, ``started``/``ended`` seconds since the
    epoch or datetimes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (csv or parquet)")
    outdir = Path(outdir)
    files = output_files(outdir, fmt)
    package = {
        "profile": PROFILE,
        "name": NAME,
        "title": "tintrich tables",
        "created": iso_utc(ended),
        "resources": resources(fmt, files),
        "tintrich": provenance(fmt, summary, command_line, inputs, started, ended, files),
    }
    target = outdir / FILE
    with atomic_file(target, "w", fsync=True, encoding="utf-8") as handle:
        handle.write(json.dumps(_printable(package), ensure_ascii=False, indent=2) + "\n")
    return target


def _printable(value):
    """Paths with bytes that are not UTF-8 (a folder named in Latin-1) written as ``\\xNN``."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if isinstance(value, dict):
        return {_printable(key): _printable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_printable(item) for item in value]
    return value
