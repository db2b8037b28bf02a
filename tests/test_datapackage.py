"""``OUTDIR/datapackage.json`` (pipeline/output/datapackage.py) over a run of the embedded corpus.

The module's fixture runs ``tintrich run corpus -o OUT -j 1`` through :func:`pipeline.engine.run`,
once for CSV and once for Parquet, and writes the package as ``engine/ledger.py: conclude`` will:
with the summary the run returned. The package is validated with frictionless, in Python and with
its CLI (every cell against its type, primary and foreign keys, and for CSV and JSONL the files'
sizes and hashes); a damaged copy of the output must fail the same validation.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import frictionless   # the test extra: pip install -e '.[test]'
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.engine import run
from pipeline.output.datapackage import FILE, write_datapackage
from pipeline.output.tables import columns, schema
from pipeline.rules import patterns

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FORMATS = ("csv", "parquet")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def command_line(out: Path, fmt: str) -> list[str]:
    return ["tintrich", "run", str(CORPUS), "-o", str(out), "-j", "1"] + (["--format", fmt] if fmt != "csv" else [])


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """For each format: OUT (tables and datapackage.json) and the run's summary."""
    made = {}
    for fmt in FORMATS:
        out = tmp_path_factory.mktemp(f"out-{fmt}")
        started = time.time()
        summary = run([str(CORPUS)], out, fmt=fmt, jobs=1, progress=False)
        write_datapackage(out, fmt, summary, command_line(out, fmt), [str(CORPUS)], started, time.time())
        made[fmt] = (out, summary)
    return made


def package(out: Path) -> dict:
    return json.loads((out / FILE).read_text(encoding="utf-8"))


def frictionless_errors(path: Path) -> list[list[str]]:
    return frictionless.validate(str(path)).flatten(["type", "message"])


def frictionless_cli(path: Path) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("frictionless")
    return subprocess.run([str(command), "validate", "--json", str(path)], capture_output=True, text=True,
                          timeout=300, cwd=path.parent.parent)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_package_is_valid_for_frictionless_in_python_and_on_the_command_line(outputs, fmt):
    out, _ = outputs[fmt]
    assert frictionless.validate(str(out / FILE)).valid, frictionless_errors(out / FILE)
    result = frictionless_cli(out / FILE)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["valid"] and [task["name"] for task in report["tasks"]] == [*schema(), "texts"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_resource_per_table_with_typed_fields_and_keys(outputs, fmt):
    out, _ = outputs[fmt]
    described = package(out)
    assert described["profile"] == "tabular-data-package"
    resources = {resource["name"]: resource for resource in described["resources"]}
    assert list(resources) == [*schema(), "texts"]
    for table, typed in schema().items():
        resource = resources[table]
        assert resource["path"] == f"{table}.{fmt}" and resource["format"] == fmt and (out / resource["path"]).is_file()
        fields = resource["schema"]["fields"]
        assert [(field["name"], field["type"], field["description"]) for field in fields] \
            == [(column.name, column.type, column.description) for column in typed]
        assert resource["schema"]["missingValues"] == [""]
        if table == "articles":
            assert resource["schema"]["primaryKey"] == ["doc_id"] and "foreignKeys" not in resource["schema"]
        else:
            assert resource["schema"]["foreignKeys"] == [
                {"fields": ["doc_id"], "reference": {"resource": "articles", "fields": ["doc_id"]}}]
        if fmt == "csv":
            assert resource["encoding"] == "utf-8" and resource["dialect"]["header"] is True
            assert resource["hash"] == "sha256:" + sha256(out / resource["path"])
    assert resources["facts"]["schema"]["primaryKey"] == ["fact_id"]
    types = {(table, field["name"]): field["type"] for table, resource in resources.items()
             for field in resource["schema"]["fields"]}
    assert types[("articles", "published")] == types[("directives", "issued")] == "date"
    assert types[("articles", "n_chars")] == "integer" and types[("facts", "value")] == "number"
    assert resources["texts"]["path"] == "texts.jsonl" and resources["texts"]["format"] == "jsonl"
    assert [field["name"] for field in resources["texts"]["schema"]["fields"]] == ["doc_id", "text"]


def test_empty_dates_are_missing_values_and_filled_ones_are_checked_as_dates(outputs):
    """The corpus gives empty and filled ``issued`` dates (and only empty ``published`` ones): both pass."""
    out, _ = outputs["csv"]
    issued = pd.read_csv(out / "directives.csv", dtype=str, keep_default_na=False)["issued"]
    assert "" in set(issued) and any(len(value) == 10 for value in issued)
    assert set(pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)["published"]) == {""}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_damaged_output_fails_the_same_validation(outputs, fmt, tmp_path):
    """A date that is not ISO, a fact of an article that is not in articles, an article twice: each is
    reported, so the validation above is not one that passes anything."""
    out, _ = outputs[fmt]
    damaged = tmp_path / "out"
    shutil.copytree(out, damaged)
    tables = {table: (pd.read_csv(damaged / f"{table}.csv", dtype=str, keep_default_na=False) if fmt == "csv"
                      else pq.read_table(damaged / f"{table}.parquet").to_pandas())
              for table in ("articles", "directives", "facts")}
    dated = tables["directives"]["issued"].astype(str).str.len() == 10
    tables["directives"].loc[dated.idxmax(), "issued"] = "12/4/2022"
    tables["facts"].loc[0, "doc_id"] = "not-an-article"
    tables["articles"] = pd.concat([tables["articles"], tables["articles"].iloc[:1]])
    for table, frame in tables.items():
        if fmt == "csv":
            frame.to_csv(damaged / f"{table}.csv", index=False)
        else:
            frame.to_parquet(damaged / f"{table}.parquet", index=False)
    found = {kind for kind, _ in frictionless_errors(damaged / FILE)}
    assert {"type-error", "foreign-key", "primary-key"} <= found, found
    assert frictionless_cli(damaged / FILE).returncode != 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_how_the_tables_were_made(outputs, fmt):
    out, summary = outputs[fmt]
    made = package(out)["tintrich"]
    assert made["version"] == version("tintrich")
    assert made["argv"] == command_line(out, fmt) and made["command_line"].startswith("tintrich run ")
    assert made["started"].endswith("Z") and made["started"] <= made["ended"]
    assert made["by_status"] == summary["by_status"] == {"ok": 5}
    assert made["rows"] == summary["rows"]
    for table in columns():   # the counts are those of the files
        path = out / f"{table}.{fmt}"
        rows = len(pd.read_csv(path, dtype=str)) if fmt == "csv" else pq.read_metadata(path).num_rows
        assert made["rows"][table] == rows, table
    corpus = sorted(path for path in CORPUS.iterdir() if path.is_file() and not path.name.startswith("."))
    assert made["inputs"] == [{"argument": str(CORPUS), "files": [
        {"path": str(path), "bytes": path.stat().st_size, "sha256": sha256(path)} for path in corpus]}]
    folder = patterns.folder()
    assert made["patterns"]["files"] == {path.name: sha256(path) for path in sorted(folder.iterdir()) if path.is_file()}
    assert made["outputs"][f"articles.{fmt}"]["sha256"] == sha256(out / f"articles.{fmt}")


def test_the_same_inputs_and_patterns_give_the_same_hashes(outputs):
    """The CSV run and the Parquet run read the same corpus with the same patterns."""
    csv_made, parquet_made = (package(outputs[fmt][0])["tintrich"] for fmt in FORMATS)
    assert csv_made["inputs"] == parquet_made["inputs"]
    assert csv_made["patterns"] == parquet_made["patterns"]
    assert csv_made["outputs"] != parquet_made["outputs"]


def test_a_changed_pattern_file_changes_its_recorded_hash(outputs, tmp_path, monkeypatch):
    out, summary = outputs["csv"]
    copy = tmp_path / "patterns"
    shutil.copytree(patterns.folder(), copy)
    monkeypatch.setenv("TINTRICH_PATTERNS", str(copy))

    def recorded() -> dict:
        again = tmp_path / "again"
        shutil.rmtree(again, ignore_errors=True)
        shutil.copytree(out, again)
        write_datapackage(again, "csv", summary, command_line(out, "csv"), [str(CORPUS)], 0, 1)
        return package(again)["tintrich"]["patterns"]

    before = recorded()
    assert before["files"] == package(out)["tintrich"]["patterns"]["files"]   # a copy hashes the same
    with open(copy / "provinces.yaml", "a", encoding="utf-8") as handle:
        handle.write("# một dòng chú thích thêm vào\n")
    after = recorded()
    changed = {name for name in before["files"] if before["files"][name] != after["files"][name]}
    assert changed == {"provinces.yaml"} and after["sha256"] != before["sha256"]
    assert after["folder"] == str(copy)


def test_tintrich_run_writes_a_package_that_validates(tmp_path):
    """The run itself writes datapackage.json; `frictionless validate` passes on the corpus output."""
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(CORPUS), "-o", str(tmp_path / "out"),
                             "-j", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    package = json.loads((tmp_path / "out" / FILE).read_text(encoding="utf-8"))
    assert package["tintrich"]["by_status"] == {"ok": 5}
    check = subprocess.run([sys.executable, "-m", "frictionless", "validate", str(tmp_path / "out" / FILE)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-3000:]
