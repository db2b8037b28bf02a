"""Bylines: the author's name printed at the end (or top) of an article -> ``doc._.author``.

Patterns are in ``patterns/bylines.yaml``. A byline is a line of its own made of a
pen name (2-4 capitalised syllables), possibly with "(t/h)" or "Tin, ảnh:"; a line
that names a province or an organization is no byline. The span is kept in
``doc.spans["bylines"]`` (evidence) and the name goes to articles.csv ``author``:

    "...\\nMai Anh (t/h)"                     -> "Mai Anh"
    "Thanh Hải - 14:20, 18/12/2023\\n..."     -> "Thanh Hải"
    "... (Ảnh: Quỳnh Hoa)."                   -> no byline (a photo credit inside a line)
"""
from __future__ import annotations

import functools

import regex

from pipeline import patterns
from pipeline.document import Match, extractor


class BylineRules:
    """``bylines.yaml`` compiled."""

    def __init__(self):
        spec = patterns.load_yaml("bylines.yaml")
        self.last_lines, self.first_lines = spec["last_lines"], spec["first_lines"]
        self.end_line = regex.compile(spec["end_line"].replace("{name}", spec["name"]))
        self.top_line = regex.compile(spec["top_line"].replace("{name}", spec["name"]))


@functools.lru_cache(maxsize=1)
def rules() -> BylineRules:
    return BylineRules()


def lines_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, trimmed."""
    found = []
    for m in regex.finditer(r"[^\n]+", text, timeout=patterns.PATTERN_TIMEOUT):
        stripped = m.group().strip()
        if stripped:
            start = m.start() + m.group().index(stripped)
            found.append((start, start + len(stripped)))
    return found


def find_byline(text: str, taken=()) -> tuple[str, int, int, str] | None:
    """(author, start, end, rule) of the byline, or None. ``taken``: (start, end) of
    province and organization mentions, which a byline may not contain."""
    r = rules()
    lines = lines_of(text)

    def clean(m: regex.Match, offset: int):
        start, end = offset + m.start("author"), offset + m.end("author")
        if any(s < end and start < e for s, e in taken):
            return None
        return " ".join(m.group("author").split()), start, end

    for start, end in reversed(lines[-r.last_lines:]):
        m = r.end_line.fullmatch(text, start, end, timeout=patterns.PATTERN_TIMEOUT)
        if m and (found := clean(m, 0)):
            return (*found, "end line")
    for start, end in lines[:r.first_lines]:
        m = r.top_line.fullmatch(text, start, end, timeout=patterns.PATTERN_TIMEOUT)
        if m and (found := clean(m, 0)):
            return (*found, "top line")
    return None


def author_of(phrase: str) -> str | None:
    """The author of a short text (used by patterns/bylines.corpus.tsv): runs the pipeline."""
    import pipeline

    author = pipeline.extract(phrase).article.get("author")
    return author if isinstance(author, str) and author else None


@extractor("bylines", table="bylines", label="AUTHOR")
class BylineFinder:
    """Sets ``doc._.author`` from the byline, unless the input already gave an author."""

    def __call__(self, doc) -> list[Match]:
        taken = [(s.start_char, s.end_char) for group in ("provinces", "organizations") if group in doc.spans
                 for s in doc.spans[group]]
        found = find_byline(doc.text, taken)
        if not found:
            return []
        author, start, end, rule = found
        if not doc._.author:
            doc._.author = author
        return [Match(start, end, {"author": author}, rule=rule)]
