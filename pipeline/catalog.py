"""The components of the pipeline: found, ordered and checked from their specs alone.

Every module of the stage packages (:data:`STAGE_PACKAGES`) is imported once; each
registers its components with :func:`pipeline.component.component`. The pipeline runs
them in an order that puts every component after those that assign what it requires
(ties: text, then entities, then facts; then by name), and :func:`check` reports a
component that reads what no earlier one assigns, like spaCy's ``nlp.analyze_pipes()``.
Adding an extractor is adding its module: nothing here names it.

    >>> [spec.name for spec in catalog.ordered()]
    ['segment', 'dates', 'headlines', 'provinces', 'organizations', ...]
"""
from __future__ import annotations

import functools
import gc
import heapq
import importlib
import pkgutil

from pipeline.component import INPUT_FIELDS, REGISTRY, ComponentSpec, long_lived

#: the packages whose modules hold components, in stage order
STAGE_PACKAGES = ("pipeline.text", "pipeline.entities", "pipeline.facts")
#: what the tokenizer and the input give every doc before any component runs
PROVIDED = frozenset({"doc.text", *(f"doc._.{name}" for name in INPUT_FIELDS),
                      "doc._.dropped_lines", "doc._.repaired_mojibake", "doc._.legacy_font"})


class PipelineError(ValueError):
    """A component is unknown, or reads what no earlier component assigns."""


@functools.lru_cache(maxsize=1)
def discover() -> tuple[ComponentSpec, ...]:
    """Every registered component, in pipeline order (imports the stage packages once)."""
    with long_lived():
        for package_name in STAGE_PACKAGES:
            package = importlib.import_module(package_name)
            for module in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"{package_name}.{module.name}")
    return tuple(order(REGISTRY.values()))


def _rank(spec: ComponentSpec) -> tuple[int, str]:
    package = spec.module.rpartition(".")[0]
    return (STAGE_PACKAGES.index(package) if package in STAGE_PACKAGES else len(STAGE_PACKAGES)), spec.name


def order(specs) -> list[ComponentSpec]:
    """``specs`` sorted so that each comes after every component that assigns what it requires."""
    specs = list(specs)
    assigners = {}
    for spec in specs:
        for attribute in spec.assigns:
            assigners.setdefault(attribute, set()).add(spec.name)
    after = {spec.name: {name for need in (*spec.requires, *spec.reads) for name in assigners.get(need, ())
                         if name != spec.name}
             for spec in specs}
    by_name = {spec.name: spec for spec in specs}
    ready = [(_rank(spec), spec.name) for spec in specs if not after[spec.name]]
    heapq.heapify(ready)
    ordered = []
    while ready:
        _, name = heapq.heappop(ready)
        ordered.append(by_name[name])
        for other, waits in after.items():
            if name in waits:
                waits.discard(name)
                if not waits:
                    heapq.heappush(ready, (_rank(by_name[other]), other))
    if len(ordered) < len(specs):
        loop = sorted(set(by_name) - {spec.name for spec in ordered})
        raise PipelineError(f"components require each other in a loop: {', '.join(loop)}")
    return ordered


def check(specs: list[ComponentSpec]) -> dict[str, list[str]]:
    """For each component, what it requires that no earlier component (nor the input) assigns."""
    available, problems = set(PROVIDED), {}
    for spec in specs:
        missing = [need for need in spec.requires if need not in available]
        if missing:
            problems[spec.name] = missing
        available.update(spec.assigns)
    return problems


def name_of(name: str) -> str:
    """``"tintrich_officials"`` or ``"officials"`` -> ``"officials"``."""
    return name.removeprefix("tintrich_")


def ordered(disable=()) -> list[ComponentSpec]:
    """The components that run, in order, with ``disable`` left out; a :class:`PipelineError`
    if one is unknown or a remaining component then lacks what it requires."""
    specs = discover()
    names = {spec.name for spec in specs}
    left_out = {name_of(name) for name in disable}
    unknown = sorted(left_out - names)
    if unknown:
        raise PipelineError(f"unknown component(s): {', '.join(unknown)} (known: {', '.join(sorted(names))})")
    chosen = [spec for spec in specs if spec.name not in left_out]
    problems = check(chosen)
    if problems:
        detail = "; ".join(f"{name} requires {', '.join(needs)}" for name, needs in problems.items())
        raise PipelineError(f"cannot leave out {', '.join(sorted(left_out))}: {detail}")
    return chosen


@functools.lru_cache(maxsize=None)
def load(disable: tuple[str, ...] = (), lexical_attributes: bool = True):
    """The spaCy pipeline of the components that run (cached per process): ``nlp(raw_text) -> Doc``.
    Without ``lexical_attributes`` spaCy computes none of its 23 (shape, like_url, is_stop, ...) for a word its
    vocabulary has not seen (a pipeline of its own: the one a run writes tables with,
    :func:`pipeline.engine.core.table_pipeline`)."""
    with long_lived():
        nlp = build(disable)
    if not lexical_attributes:
        nlp.vocab.lex_attr_getters = {}
    return nlp


def forget() -> None:
    """Every pipeline :func:`load` has cached dropped, and freed: what :func:`long_lived` froze out of the
    collector's sight is given back to it and collected (a pipeline holds reference cycles; left frozen, each
    dropped one stayed in memory, ~10 MB). The next :func:`load` builds anew and freezes what lives on again."""
    load.cache_clear()
    gc.unfreeze()
    gc.collect()


def build(disable=()):
    """A new spaCy pipeline: tintrich's tokenizer, then the components in order."""
    import spacy   # spaCy loads when a pipeline is built, not when the catalog is read

    components = ordered(disable)
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "tintrich.SyllableTokenizer.v1"}}})
    for spec in components:
        nlp.add_pipe(spec.factory)
    return nlp


def tables() -> list[ComponentSpec]:
    """The components that write an output table, in pipeline order."""
    return [spec for spec in discover() if spec.table]


def spec_of_table(table: str) -> ComponentSpec:
    return next(spec for spec in discover() if spec.table == table)
