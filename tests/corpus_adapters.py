"""Adapters the pattern corpora name in their ``# checks:`` line (``corpus_adapters:author_of``):
each turns a phrase into the value its corpus lists, through the production code.
They live here, not in pipeline/, because only the corpora and tests use them."""
from __future__ import annotations

import regex

import pipeline
from pipeline.entities.dates import find_dateline
from pipeline.entities.directives import DirectiveFinder, canonical_number
from pipeline.entities.headlines import find_headline
from pipeline.entities.officials import titles
from pipeline.facts.money import currencies
from pipeline.rules.grammar import fold


def author_of(phrase: str) -> str | None:
    """The author of a short text (patterns/bylines.corpus.tsv): runs the pipeline."""
    author = pipeline.extract(phrase).article.get("author")
    return author if isinstance(author, str) and author else None


def credit_of(phrase: str) -> str | None:
    """The source a short text credits at its end (patterns/credits.corpus.tsv): runs the pipeline."""
    credit = pipeline.extract(phrase).article.get("credit")
    return credit if isinstance(credit, str) and credit else None


def headline_of(text: str) -> str | None:
    """The headline of a short text (patterns/headlines.corpus.tsv)."""
    found = find_headline(text)
    return text[found[0]:found[1]] if found else None


def published_from_text(text: str) -> str | None:
    """The publication date a dateline states: ``"02:04, 01/04/2021"`` -> ``"2021-04-01"``."""
    return find_dateline(text)[0]


def currency_code(spelling: str) -> str | None:
    """The ISO code of a currency as written: ``currency_code("đô la Mỹ")`` -> ``"USD"``."""
    known = currencies()
    if not regex.fullmatch(known.after + "|" + known.before, spelling.strip()):
        return None
    return known.code(spelling)


def parse_title(phrase: str) -> dict | None:
    """The canonical title a phrase starts with: "Phó chủ tịch thường trực UBND" ->
    {"title": "Phó Chủ tịch Thường trực"} (patterns/titles.corpus.tsv)."""
    m = titles().title_re.match(phrase)
    return {"title": titles().canonical(m)[0], "text": m.group()} if m else None


def parse_number(phrase: str) -> dict | None:
    """The first numbered document of a phrase: ``"Chỉ thị số 12-CT/TƯ"`` ->
    ``{"doc_type": "Chỉ thị", "number": "12-CT/TW"}``."""
    finder = DirectiveFinder()
    m = finder.numbered_re.search(phrase)
    if not m:
        return None
    return {"doc_type": finder.types[fold(m.group("type"))], "number": canonical_number(m.group("number"), finder.spellings)}


def teams_of(text: str) -> list[dict]:
    """The sports clubs of a short text, in text order, and how each was read
    (patterns/teams.corpus.tsv): ``doc._.teams`` as the pipeline leaves it."""
    doc = pipeline.extract(text).doc
    return [{"name": team.name, "rule": team.rule} for team in doc._.teams or ()]
