"""The document model: a spaCy ``Doc`` whose spans carry tintrich's records.

An extractor is a small class with ``__call__(doc) -> list[Match]``.  Registering
it with :func:`extractor` turns it into a spaCy pipeline component
(``Language.factory("tintrich_<name>")``) that stores its matches as ``Span``s in
``doc.spans[<table>]``; each span carries the normalized fields of its output
row in ``span._.data`` and the name of the pattern that produced it in
``span._.rule``.  The writer turns spans into rows and never re-parses text.

    >>> doc = pipeline.load()("Sáng 5/12, UBND tỉnh Thái Bình họp.")
    >>> [(s.text, s._.data["name"]) for s in doc.spans["provinces"]]
    [('tỉnh Thái Bình', 'Thái Bình')]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

DOC_FIELDS = ("doc_id", "source", "url", "title", "author", "published")
for _name in DOC_FIELDS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("data"):
    Span.set_extension("data", default=None)
if not Span.has_extension("rule"):
    Span.set_extension("rule", default=None)


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


def to_span(doc: Doc, match: Match, label: str) -> Span | None:
    """The span of ``match`` (expanded to token boundaries), with its data attached."""
    span = doc.char_span(match.start, match.end, label=label, alignment_mode="expand")
    if span is None:
        return None
    span._.data = dict(match.data)
    span._.rule = match.rule
    return span


def extractor(name: str, table: str, label: str) -> Callable[[type], type]:
    """Class decorator: register an extractor as the component ``tintrich_<name>``.

    The class is instantiated once per pipeline (so pattern files are read once per
    worker); its matches go to ``doc.spans[table]`` as spans labelled ``label``.
    """

    def register(finder_class: type) -> type:
        def make_component(nlp: Language, name: str) -> Callable[[Doc], Doc]:
            return ExtractorComponent(finder_class(), table, label)

        Language.factory(f"tintrich_{name}")(make_component)
        return finder_class

    return register


class ExtractorComponent:
    """Runs one finder over a doc and stores its matches as a span group."""

    def __init__(self, finder: Callable[[Doc], list[Match]], table: str, label: str):
        self.finder = finder
        self.table = table
        self.label = label

    def __call__(self, doc: Doc) -> Doc:
        spans = [to_span(doc, match, self.label) for match in self.finder(doc)]
        doc.spans[self.table] = [span for span in spans if span is not None]
        return doc


def sentence_index(doc: Doc) -> Callable[[int], int]:
    """A function from a character offset to the id (0-based) of its sentence."""
    import bisect

    starts = [sent.start_char for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]

    def sentence_of(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    return sentence_of
