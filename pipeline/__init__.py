"""tintrich: Vietnamese news articles in, research-ready tables out.

    >>> import pipeline
    >>> nlp = pipeline.load()                      # a spaCy Language
    >>> doc = nlp("Sáng 5/12, UBND tỉnh Thái Bình ...")
    >>> doc.spans["provinces"][0]._.data["name"]
    'Thái Bình'
    >>> pipeline.extract("...", published="2022-12-05").tables()["facts"]   # pandas

The stages are modules: ingest/ (readers), normalize, segment, extractors/ (one
extractor per file), facts, write. See README.md for the output tables.
"""
from __future__ import annotations

import functools
import importlib

#: The components of the pipeline, in order: (module that registers it, factory name).
STAGES = [
    ("pipeline.segment", "tintrich_segment"),
    ("pipeline.extractors.dates", "tintrich_dates"),  # first: sets the publication date from a dateline
    ("pipeline.extractors.provinces", "tintrich_provinces"),
    ("pipeline.extractors.organizations", "tintrich_organizations"),
    ("pipeline.extractors.officials", "tintrich_officials"),
    ("pipeline.extractors.directives", "tintrich_directives"),
    ("pipeline.extractors.bylines", "tintrich_bylines"),
    ("pipeline.extractors.headlines", "tintrich_headlines"),
    ("pipeline.extractors.money", "tintrich_money"),
    ("pipeline.extractors.counts", "tintrich_counts"),
    ("pipeline.extractors.percents", "tintrich_percents"),
    ("pipeline.facts", "tintrich_facts"),
]


@functools.lru_cache(maxsize=None)
def load(disable: tuple[str, ...] = ()):
    """The tintrich spaCy pipeline (cached per process): ``nlp(raw_text) -> Doc``.

    ``doc.text`` is the *normalized* text; spans live in ``doc.spans[<table>]``.
    ``disable`` names components to leave out, e.g. ``("tintrich_officials",)``.
    """
    import spacy

    from pipeline import document, tokenizer  # noqa: F401  (registers extensions and tokenizer)

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "tintrich.SyllableTokenizer.v1"}}})
    for module, factory in STAGES:
        importlib.import_module(module)
        if factory not in disable:
            nlp.add_pipe(factory)
    return nlp


def extract(text: str, published: str | None = None, url: str | None = None,
            title: str | None = None, source: str = "<text>"):
    """Run the whole pipeline on one article's text; returns a :class:`pipeline.run.Result`."""
    from pipeline.ingest import Article
    from pipeline.run import process

    return process(load(), Article(source=source, text=text, url=url, title=title, published=published))
