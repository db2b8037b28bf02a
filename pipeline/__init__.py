"""tintrich: Vietnamese news articles in, research-ready tables out.

    >>> import pipeline
    >>> nlp = pipeline.load()                      # a spaCy Language
    >>> doc = nlp("Sáng 5/12, UBND tỉnh Thái Bình ...")
    >>> doc.spans["provinces"][0]._.data["name"]
    'Thái Bình'
    >>> pipeline.extract("...", published="2022-12-05").tables()["facts"]   # pandas

The stages are folders: ``ingest/`` (readers), ``text/`` (normalize, tokenize,
segment), ``entities/``, ``facts/`` (numbers and what they are about),
``output/`` (tables and writers); ``engine/`` runs batches. See docs/architecture.md.
This face imports nothing until it is used, so ``tintrich --help`` starts fast.
"""
from __future__ import annotations


def load(disable=()):
    """The tintrich spaCy pipeline (cached per process): ``nlp(raw_text) -> Doc``.

    ``doc.text`` is the *normalized* text; spans live in ``doc.spans[<key>]``.
    ``disable`` names components to leave out, e.g. ``("officials",)``; a component
    whose requirements would then be missing is an error (:class:`pipeline.catalog.PipelineError`).
    """
    from pipeline import catalog

    return catalog.load(tuple(disable))


def extract(text: str, published: str | None = None, url: str | None = None,
            title: str | None = None, source: str = "<text>"):
    """Run the whole pipeline on one article's text; returns a :class:`pipeline.engine.core.Result`."""
    from pipeline.engine.core import process
    from pipeline.ingest import Article

    return process(load(), Article(source=source, text=text, url=url, title=title, published=published))
