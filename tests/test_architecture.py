"""The house: imports flow down the stages, functions stay short, the linter is clean,
optional extras stay optional, and a component is declared once (its spec)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import catalog
from pipeline.component import ComponentSpec

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"

#: from the bottom up: a module may import from its own package or from a lower layer
LAYERS = [
    ["pipeline.rules", "pipeline.settings"],
    ["pipeline.component"],
    ["pipeline.text"],
    ["pipeline.ingest", "pipeline.entities"],
    ["pipeline.facts"],
    ["pipeline.catalog"],
    ["pipeline.output"],
    ["pipeline.engine"],
    ["pipeline.evaluate", "pipeline.report", "pipeline.fetch"],
    ["pipeline.cli"],
]
MAX_LINES = 40


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit_of(module: str) -> str | None:
    """The layer entry a module belongs to (``pipeline.engine.local`` -> ``pipeline.engine``)."""
    for layer in LAYERS:
        for unit in layer:
            if module == unit or module.startswith(unit + "."):
                return unit
    return None


def layer_of(unit: str) -> int:
    return next(number for number, layer in enumerate(LAYERS) if unit in layer)


def imports_of(path: Path) -> set[str]:
    """Every pipeline module a file imports, at module level or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("pipeline")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            for alias in node.names:   # "from pipeline import catalog" imports the module pipeline.catalog
                name = f"{node.module}.{alias.name}"
                path = PACKAGE.parent / name.replace(".", "/")
                found.add(name if path.with_suffix(".py").exists() or path.is_dir() else node.module)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in PACKAGE.rglob("*.py")}


def test_every_module_has_a_layer():
    for module in graph():
        assert module == "pipeline" or unit_of(module), f"{module} is in no layer of {__name__}.LAYERS"


def test_no_upward_or_sideways_imports():
    wrong = []
    for module, imported in graph().items():
        if module == "pipeline":   # the package face imports lazily, for its two functions
            continue
        here = unit_of(module)
        for target in imported:
            there = unit_of(target)
            if target == "pipeline":
                wrong.append(f"{module} imports the package face")
            elif there and there != here and layer_of(there) >= layer_of(here):
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports that climb a layer or cross one: " + "; ".join(sorted(wrong))


def test_no_import_cycles():
    edges = graph()
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in edges.get(module, ()):
            if target not in edges:
                continue
            if state.get(target) == 1:
                pytest.fail("import cycle: " + " -> ".join(trail[trail.index(target):] + [target]) if target in trail
                            else f"import cycle through {target}")
            if target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])


def test_functions_are_short():
    """No function over 40 lines in pipeline/ unless the line above it says why (``# long: ...``)."""
    long = []
    for path in PACKAGE.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                size = node.end_lineno - node.lineno + 1
                if size > MAX_LINES and "# long:" not in lines[first - 2]:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({size} lines)")
    assert not long, long


def test_ruff_is_clean():
    """The linter configured in pyproject.toml (pyflakes, pycodestyle, bugbear, complexity <= 15)."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--quiet", "pipeline", "tests", "benchmarks"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_imports_no_optional_extra():
    code = ("import sys, pipeline; pipeline.extract('Sáng 5/12, UBND tỉnh Thái Bình nhận 1,3 triệu USD.'); "
            "print(sorted(m for m in ('dask', 'distributed', 'matplotlib') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_csv_run_never_imports_pandas(tmp_path):
    """pandas costs 0.2 s to import: the engines build no DataFrame, and the parts' index is
    written and read with pyarrow alone (``pa.array`` and ``pq.read_table`` would import it), then
    a resumed run reads it again."""
    code = ("import sys; from pipeline.cli import main; "
            f"main(['run', 'corpus', '-o', {str(tmp_path / 'out')!r}, '-j', '1']); "
            f"main(['run', 'corpus', '-o', {str(tmp_path / 'out')!r}, '-j', '1']); "
            "print('pandas' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False"
    assert (tmp_path / "out" / "facts.csv").is_file()


def test_spacy_is_imported_without_its_command_line():
    """spaCy's command line (typer, weasel, requests) is a third of its import time and tintrich
    never runs it; whoever imports it later gets the real one, and ``spacy.info()`` works."""
    code = ("import sys, pipeline; pipeline.extract('Sáng 5/12, UBND tỉnh Thái Bình nhận 1,3 triệu USD.'); "
            "print(sorted(m for m in ('spacy.cli', 'typer', 'weasel') if m in sys.modules)); "
            "import spacy, spacy.cli; print(callable(spacy.cli.download), spacy.info()['spacy_version'] == spacy.__version__)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["[]", "True", "True"]


def test_loading_freezes_the_pipeline_and_leaves_the_collector_as_it_was():
    """The objects of spaCy and of the pipeline are frozen out of the garbage collector's sight
    (``component.long_lived``); the collector itself is left enabled, or disabled, as it was."""
    code = ("import gc, pipeline; pipeline.load(); enabled = gc.isenabled(); frozen = gc.get_freeze_count(); "
            "gc.disable(); pipeline.load(('officials',)); print(enabled, gc.isenabled(), frozen > 100_000)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "False", "True"]


def test_a_missing_extra_is_one_line_naming_the_install(tmp_path):
    (tmp_path / "articles.csv").write_text("doc_id,status\n", encoding="utf-8")
    code = ("import sys; sys.modules['matplotlib'] = None; from pipeline.cli import main; "
            f"sys.exit(main(['report', {str(tmp_path)!r}]))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "pip install 'tintrich[report]'" in result.stderr


def test_the_order_puts_every_component_after_what_it_needs():
    specs = catalog.discover()
    assert catalog.check(list(specs)) == {}
    position = {spec.name: number for number, spec in enumerate(specs)}
    for spec in specs:
        for need in (*spec.requires, *spec.reads):
            for other in specs:
                if need in other.assigns and other.name != spec.name:
                    assert position[other.name] < position[spec.name], (other.name, spec.name, need)


def test_a_component_that_reads_what_no_earlier_one_assigns_is_reported():
    first = ComponentSpec(name="reader", requires=("doc.spans[things]",), module="pipeline.entities.reader")
    second = ComponentSpec(name="writer", assigns=("doc.spans[things]",), module="pipeline.entities.writer")
    assert catalog.check([first, second]) == {"reader": ["doc.spans[things]"]}
    assert [s.name for s in catalog.order([first, second])] == ["writer", "reader"]
    assert catalog.check(catalog.order([first, second])) == {}
    with pytest.raises(catalog.PipelineError, match="officials requires doc.spans.organizations"):
        catalog.ordered(["organizations"])
    with pytest.raises(catalog.PipelineError, match="unknown component"):
        catalog.ordered(["no_such_component"])


def test_span_fields_are_declared(nlp, seed_texts):
    """Every field a component puts on its spans is a declared column or an internal field
    (checked right after the component runs: spaCy keys span extensions by offsets, so a
    later span at the same characters shares them)."""
    specs = {spec.factory: spec for spec in catalog.discover()}
    for text in seed_texts.values():
        doc = nlp.make_doc(text)
        for name, component in nlp.pipeline:
            doc = component(doc)
            spec = specs[name]
            declared = set(spec.fields) | set(spec.internal)
            for span in doc.spans[spec.span_key] if spec.span_key else []:
                assert set(span._.data or {}) <= declared, (spec.name, set(span._.data) - declared)


def test_span_data_reads_what_spacy_reads(nlp, seed_texts):
    """``span_data`` and ``span_rule`` read spaCy's own store of span extensions: on every span
    of the seed articles they give what ``span._`` gives (a spaCy that keys its store otherwise
    fails here), and a span whose data is set through ``span._`` is read back."""
    from pipeline.component import span_data, span_rule

    checked = 0
    for text in seed_texts.values():
        doc = nlp(text)
        for group in doc.spans.values():
            for span in group:
                assert (span_data(span), span_rule(span)) == (span._.data, span._.rule)
                checked += span._.data is not None
    assert checked > 100
    span = doc[0:2]
    span._.data = {"name": "set by spaCy"}
    assert span_data(span) == {"name": "set by spaCy"}


def test_doc_values_are_where_spacy_keeps_them(nlp, seed_texts):
    """``doc_value`` and ``set_doc_values`` read and write spaCy's own store of Doc extensions: on every
    seed article each declared value reads as ``doc._`` reads it, and each side reads what the other wrote
    (a spaCy that keys its store otherwise fails here)."""
    from pipeline.component import DOC_EXTENSIONS, doc_value, set_doc_values

    for text in seed_texts.values():
        doc = nlp(text)
        assert all(doc_value(doc, name) == getattr(doc._, name) for name in DOC_EXTENSIONS)
        assert doc_value(doc, "sentences")
    set_doc_values(doc, title="set here")
    assert doc._.title == "set here"
    doc._.author = "set by spaCy"
    assert doc_value(doc, "author") == "set by spaCy"


def test_span_offsets_are_the_groups_offsets(nlp, seed_texts):
    """``span_offsets`` gives each group's (start_char, end_char) in the group's order, as its spans
    give them, and reads a group anew when it is replaced, grown or concatenated; the kept
    offsets are JSON data, so a doc still goes to bytes and back."""
    from spacy.tokens import Doc, SpanGroup

    from pipeline.component import data_at, rule_at, span_offsets

    def spans_of(group):
        return [(span.start_char, span.end_char) for span in group]

    for text in seed_texts.values():
        doc = nlp(text)
        for key, group in doc.spans.items():
            assert list(span_offsets(doc, key)) == spans_of(group)
            assert [(data_at(doc, *pair), rule_at(doc, *pair)) for pair in span_offsets(doc, key)] \
                == [(span._.data, span._.rule) for span in group]
    assert span_offsets(doc, "no such group") == ()
    again = Doc(doc.vocab).from_bytes(doc.to_bytes())
    assert [list(map(tuple, span_offsets(again, key))) for key in again.spans] \
        == [spans_of(group) for group in doc.spans.values()]
    doc.spans["provinces"] = [doc[0:2], doc[3:4]]   # replaced
    assert span_offsets(doc, "provinces") == ((doc[0].idx, doc[1].idx + len(doc[1])), (doc[3].idx, doc[3].idx + len(doc[3])))
    group = doc.spans["provinces"]
    group.append(doc[5:6])   # grown in place
    assert list(span_offsets(doc, "provinces")) == spans_of(group)
    doc.spans["provinces"] = group + SpanGroup(doc, spans=[doc[7:9]])   # concatenated: the first group's attrs
    assert list(span_offsets(doc, "provinces")) == spans_of(doc.spans["provinces"])


def test_files_of_the_project_name_only_paths_that_exist():
    """Pattern files, docs and the README name modules by path; none may point at a file that
    is gone, nor outside the repository."""
    import re

    texts = [*ROOT.glob("patterns/*"), *ROOT.glob("docs/*.md"), ROOT / "README.md", *ROOT.glob("tests/gold/**/README.md")]
    stale, outside = [], []
    for path in texts:
        text = path.read_text(encoding="utf-8")
        for cited in re.findall(r"pipeline/[a-z_/]*\.py", text):
            if not (ROOT / cited).exists():
                stale.append(f"{path.relative_to(ROOT)}: {cited}")
        if "../shared" in text or "/work/" in text:
            outside.append(str(path.relative_to(ROOT)))
    code = [*ROOT.glob("pipeline/**/*.py"), *ROOT.glob("tests/**/*.py"), *ROOT.glob("benchmarks/*.py"),
            *ROOT.glob("scripts/*"), ROOT / "pyproject.toml", *ROOT.glob(".ci/*")]
    for path in code:
        if path.is_file() and path != Path(__file__) and ("../shared" in path.read_text(encoding="utf-8")
                                                         or "/work/" in path.read_text(encoding="utf-8")):
            outside.append(str(path.relative_to(ROOT)))
    assert not stale, stale
    assert not outside, outside
