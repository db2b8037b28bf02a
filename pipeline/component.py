"""The document model and the component spec: what every stage of the pipeline declares.

A component is a small class whose ``__call__(doc)`` returns a list of
:class:`Match` (offsets into ``doc.text``, the row's fields, the rule that fired),
or a function ``doc -> doc``. It is registered with its :class:`ComponentSpec`:

    SPEC = ComponentSpec(
        name="provinces", span_key="provinces", table="provinces", label="PROVINCE", color="#feca74",
        columns=(Column("name", "string", "canonical name, pre-2025 unit"), ...),
        requires=("doc._.published",), assigns=("doc.spans[provinces]",),
        scores=(Score("provinces", gold="provinces", pairs=((None, "name", "name"),)),),
    )

    @component(SPEC)
    class ProvinceGazetteer: ...

From the specs alone, :mod:`pipeline.catalog` orders the pipeline (``requires`` after
``assigns``) and checks it, :mod:`pipeline.output.tables` derives every table's
columns, the report its labels and colours, and :mod:`pipeline.evaluate` its fields.
Matches become ``Span`` objects in ``doc.spans[span_key]``: ``span._.data`` holds the
row's fields and ``span._.rule`` the rule. Values handed from one component to a
later one are the declared ``Doc`` extensions of :data:`DOC_EXTENSIONS`.

    >>> doc = pipeline.load()("Sáng 5/12, UBND tỉnh Thái Bình họp.")
    >>> [(s.text, s._.data["name"]) for s in doc.spans["provinces"]]
    [('tỉnh Thái Bình', 'Thái Bình')]
"""
from __future__ import annotations

import gc
import importlib
import sys
import types
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

import regex


@contextmanager
def long_lived():
    """For code that makes objects which live as long as the process (modules, the pipeline):
    the garbage collector pauses while they are made, then they are frozen out of its sight
    (``gc.freeze``), so no collection walks them, then or later. Importing spaCy and building
    the pipeline otherwise set off collections of 0.15-0.25 s together, at every start."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def import_spacy_without_its_command_line() -> None:
    """spaCy's package imports its command line (``spacy.cli``: typer, weasel, requests, every
    training command, some 400 modules) only to offer ``spacy.info()``; tintrich never runs it,
    and it is a third of spaCy's import time (0.15-0.3 s of every start). While spaCy is imported
    here, ``spacy.cli`` is a stand-in whose ``info`` imports the real one when called; the stand-in
    is then taken out of ``sys.modules``, so a later ``import spacy.cli`` imports the real one. A
    spaCy whose package takes more than ``info`` from its command line is imported whole."""
    if "spacy" in sys.modules:   # imported already: nothing to save
        return

    def info(*args, **kwargs):
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    stand_in = types.ModuleType("spacy.cli")
    stand_in.__path__ = []
    stand_in.info = types.ModuleType("spacy.cli.info")
    stand_in.info.info = info
    sys.modules.update({"spacy.cli": stand_in, "spacy.cli.info": stand_in.info})
    try:
        importlib.import_module("spacy")
    except ImportError:   # imported again, whole, by the imports after this
        pass
    finally:
        for name in ("spacy.cli.info", "spacy.cli"):
            if sys.modules.get(name) in (stand_in, stand_in.info):
                del sys.modules[name]


with long_lived():
    import_spacy_without_its_command_line()
    from spacy.language import Language
    from spacy.tokens import Doc, Span, SpanGroup

#: Doc extensions: name -> what it holds (and who sets it). Inputs set the first six.
DOC_EXTENSIONS = {
    "doc_id": "the article's id (input)",
    "source": "the input path, plus #N for the Nth record of a file (input)",
    "url": "the article's URL (input)",
    "title": "the title: the input's, else the headline (headlines)",
    "author": "the author: the input's, else the byline (bylines)",
    "credit": "the paper or agency the text credits at its end (bylines)",
    "published": "the publication date, ISO: the input's, else the dateline (dates)",
    "published_year": "the year the run says the articles were published in, --published-year (input)",
    "dropped_lines": "[(rule, line)] of scraped chrome the normalizer removed (tokenizer)",
    "repaired_mojibake": "True when ftfy repaired the text's encoding (tokenizer)",
    "legacy_font": "'tcvn3' or 'vni' when the text was typed in a legacy font (tokenizer)",
    "reference_year": "(year, source) completing dates and periods without a year (dates)",
    "teams": "[Team(start, end, name, rule, place)] of the sports clubs named in the article, None outside an article "
             "about sport (provinces)",
    "title_provinces": "[(name, era)] of the provinces the input's title names when the text does not print the title "
                       "(provinces): the headline's places, with no offsets in the text",
    "org_context": "{'own': (province, kind), 'placed': [names]} of the article (organizations)",
    "numbers": "[(start, end)] of every number of the text, found once (numbers)",
    "sentences": "[(start_char, end_char)] of every sentence, as doc.sents gives them (segment)",
}
#: the Doc extensions an input (an Article) fills before any component runs
INPUT_FIELDS = ("doc_id", "source", "url", "title", "author", "published", "published_year")
for _name in DOC_EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
for _name in ("data", "rule"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def doc_value(doc: Doc, name: str):
    """``doc._.<name>`` of one of :data:`DOC_EXTENSIONS` (declared here with a default of None and no getter
    or setter), read where spaCy keeps it: ``doc.user_data``, keyed as ``Underscore._get_key`` keys a Doc's
    values. ``doc._`` makes an object at every access and reads through it in Python (2 and 1 us), and a
    run reads and writes some sixty of these values an article."""
    return doc.user_data.get(("._.", name, None, None))


def set_doc_values(doc: Doc, **values) -> None:
    """``doc._.<name> = value`` for each of ``values`` (names of :data:`DOC_EXTENSIONS`), written where
    :func:`doc_value` reads them."""
    store = doc.user_data
    for name, value in values.items():
        store[("._.", name, None, None)] = value


def span_data(span: Span) -> dict | None:
    """``span._.data``, read where spaCy keeps it (``doc.user_data``, keyed as
    ``Underscore._get_key`` keys it): ``span._`` builds an object on every access, ten
    times the cost, and the extractors read a few hundred values per article."""
    return span.doc.user_data.get(("._.", "data", span.start_char, span.end_char))


def span_rule(span: Span) -> str | None:
    """``span._.rule``, read as :func:`span_data` reads ``data``."""
    return span.doc.user_data.get(("._.", "rule", span.start_char, span.end_char))


def data_at(doc: Doc, start: int, end: int) -> dict | None:
    """``span._.data`` of the span of ``doc`` from ``start`` to ``end`` (see :func:`span_data`)."""
    return doc.user_data.get(("._.", "data", start, end))


def rule_at(doc: Doc, start: int, end: int) -> str | None:
    """``span._.rule`` of the span of ``doc`` from ``start`` to ``end`` (see :func:`span_data`)."""
    return doc.user_data.get(("._.", "rule", start, end))


#: the key, in a span group's ``attrs``, of its spans' offsets (see :func:`span_offsets`)
OFFSETS = "tintrich.offsets"


def span_offsets(doc: Doc, key: str) -> tuple[tuple[int, int], ...]:
    """(start_char, end_char) of each span of ``doc.spans[key]``, in the group's order (none without
    the group). A span group makes each span anew at every read (about 1 us: three Tokens), and the
    organizations are read by five stages: the offsets are kept in the group's ``attrs`` when it is
    made (:class:`ExtractorComponent`) or first read. A group replaced in ``doc.spans`` is a new group,
    with its own ``attrs``; one grown or shrunk in place no longer has as many offsets as spans and is
    read anew (a span replaced by index, ``group[i] = span``, is not seen: no stage does that)."""
    group = doc.spans.get(key)
    if group is None:
        return ()
    offsets = group.attrs.get(OFFSETS)
    if offsets is None or len(offsets) != len(group):
        offsets = group.attrs[OFFSETS] = tuple((span.start_char, span.end_char) for span in group)
    return offsets


@dataclass
class Match:
    """What an extractor found: character offsets into ``doc.text``, the row
    fields (``data``) and the name of the rule that fired.

    ``Match(21, 35, {"name": "Thái Bình", "code": "34"}, rule="gazetteer")``
    """

    start: int
    end: int
    data: dict = field(default_factory=dict)
    rule: str = ""


@dataclass(frozen=True)
class Column:
    """One output column: its name, type (``string``, ``integer``, ``number``,
    ``boolean``, ``date``) and what it means."""

    name: str
    type: str = "string"
    description: str = ""


@dataclass(frozen=True)
class Score:
    """How ``tintrich eval`` compares one field with gold (schema: ``tests/gold/SCHEMA.md``).

    ``gold`` is the gold file's key; each of ``pairs`` is (key in a gold item, or None
    for the item itself; column of the table; comparison: ``name``, ``number``,
    ``text``, ``document``). ``where`` keeps only table rows with these column values;
    ``gold_requires`` only gold items where that key has a value. ``scalar``: the gold
    key holds one value (``published``), not a list. ``on_gold_items``: score only the
    gold items that carry the last pair's key, and only predicted rows whose first
    ``on_gold_items`` values match one of them (the accuracy of an attribute).
    ``gold_defaults``: values of gold keys an item may leave out. ``method``: ``set`` (the
    above), ``identity`` (organizations as bodies with many spellings) or ``attribute``
    (what money figures are about: right, wrong, empty). ``when_present``: score only the
    gold files that have the key at all. ``unless``: table rows with a value in any of these
    columns are not items (a province inside a body's name, ``in_name``).
    """

    field: str
    gold: str
    pairs: tuple[tuple[str | None, str, str], ...]
    table: str | None = None
    where: tuple[tuple[str, object], ...] = ()
    gold_requires: str | None = None
    scalar: bool = False
    on_gold_items: int = 0
    gold_defaults: tuple[tuple[str, object], ...] = ()
    method: str = "set"
    when_present: bool = False
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComponentSpec:
    """Everything the rest of tintrich needs to know of one component.

    ``span_key``: the span group its matches go to (None: it sets Doc attributes only);
    ``table``: the output table written from those spans (None: they are not written);
    ``columns``: the fields of ``span._.data`` written as columns (before the evidence
    columns); ``internal``: fields kept on spans for later components, not written;
    ``row_id``: a column filled with ``<doc_id>-<n>``; ``with_sentence``: a ``sentence``
    column; ``label``/``color``: how the report shows its spans (``label_column``: a
    column whose value, upper-cased, is the label instead, with ``colors`` per label);
    ``requires``/``assigns``: what it needs and writes (``doc.spans[<key>]``,
    ``doc._.<name>``, ``token.is_sent_start``); ``reads``: what it uses when present (it runs
    after whatever assigns it, and without it when that is disabled); ``scores``: its
    evaluator fields.
    """

    name: str
    span_key: str | None = None
    table: str | None = None
    label: str = ""
    color: str | None = None
    columns: tuple[Column, ...] = ()
    internal: tuple[str, ...] = ()
    row_id: str | None = None
    with_sentence: bool = False
    label_column: str | None = None
    colors: tuple[tuple[str, str], ...] = ()
    requires: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    scores: tuple[Score, ...] = ()
    module: str = ""

    @property
    def factory(self) -> str:
        """The spaCy factory name: ``tintrich_<name>``."""
        return f"tintrich_{self.name}"

    @property
    def fields(self) -> list[str]:
        return [column.name for column in self.columns]


#: every registered component, by name (filled as the component modules are imported)
REGISTRY: dict[str, ComponentSpec] = {}

_SPACY_ATTRIBUTE = regex.compile(r"(?:doc|span|token)\._\.\w+|token\.\w+")


def component(spec: ComponentSpec) -> Callable:
    """Decorator: register a finder class (``__call__(doc) -> list[Match]``, instantiated
    once per pipeline) or a function ``doc -> doc`` as the component ``spec.name``."""

    def register(obj):
        spec_here = ComponentSpec(**{**spec.__dict__, "module": obj.__module__})
        known = REGISTRY.get(spec.name)
        if known is not None and known.module != spec_here.module:
            raise ValueError(f"component {spec.name!r} is registered by {known.module} and {spec_here.module}")
        REGISTRY[spec.name] = spec_here

        def make(nlp: Language, name: str):
            return ExtractorComponent(obj(), spec_here) if isinstance(obj, type) else obj

        # spaCy validates the attributes it knows; span groups are checked by pipeline.catalog
        Language.factory(spec_here.factory,
                         assigns=[a for a in spec.assigns if _SPACY_ATTRIBUTE.fullmatch(a)],
                         requires=[r for r in spec.requires if _SPACY_ATTRIBUTE.fullmatch(r)], func=make)
        return obj

    return register


def to_span(doc: Doc, match: Match, label: str) -> tuple[Span, tuple[int, int]] | None:
    """The span of ``match`` (expanded to token boundaries), with its data attached, and its
    (start_char, end_char), read once (each a property of spaCy's; kept by :func:`span_offsets`)."""
    span = doc.char_span(match.start, match.end, label=label, alignment_mode="expand")
    if span is None:
        return None
    start, end = span.start_char, span.end_char
    store = doc.user_data   # span._.data and span._.rule, set as spaCy sets them (see span_data)
    store[("._.", "data", start, end)] = dict(match.data)
    store[("._.", "rule", start, end)] = match.rule
    return span, (start, end)


class ExtractorComponent:
    """Runs one finder over a doc and stores its matches as the span group of its spec."""

    def __init__(self, finder: Callable[[Doc], list[Match]], spec: ComponentSpec):
        self.finder = finder
        self.spec = spec

    def __call__(self, doc: Doc) -> Doc:
        spans, offsets = [], []   # the offsets are kept with the group (see span_offsets)
        for match in self.finder(doc):
            placed = to_span(doc, match, self.spec.label)
            if placed is not None:
                spans.append(placed[0])
                offsets.append(placed[1])
        if self.spec.span_key:
            doc.spans[self.spec.span_key] = SpanGroup(doc, name=self.spec.span_key, spans=spans,
                                                      attrs={OFFSETS: tuple(offsets)})
        return doc
