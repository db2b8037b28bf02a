"""Headlines: the first line of a text read as its title -> ``doc._.title``.

Rules are in ``patterns/headlines.yaml``. The candidate is the headline-like line
nearest above the body (the first line that reads as a paragraph), passing over
datelines, times and mastheads in capitals (a scraped page keeps site chrome above
its headline); without such a body line, the first non-empty line that is none of
those, when more text follows it. A line is headline-like when it is short, has a
few words and does not end like a sentence. An input that gave a title (HTML ``<title>``, a JSONL
``title`` field) keeps it; the span stays in ``doc.spans["headlines"]`` as evidence:

    "Thái Nguyên: Viện trợ ... ước đạt 1,3 triệu USD\\n\\nSáng 5/12, ..."  -> the first line
    "Ngày 14/12, tại Thái Bình, ông Nguyễn Văn Doanh ... nước ngoài.\\n..."  -> no headline
    "Thứ Sáu, 05/01/2024 - 07:45\\nThu ngân sách Nghệ An ...\\n(Baonghean.vn) - Chiều 29/12, ..."
                                                                           -> the second line
"""
from __future__ import annotations

import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component
from pipeline.rules import patterns
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import lines_of

SPEC = ComponentSpec(
    name="headlines", span_key="headlines", label="TITLE",
    columns=(Column("title", "string", "the first line read as the article's title"),),
    assigns=("doc.spans[headlines]", "doc._.title"),
    scores=(Score("title", gold="title", pairs=((None, "title", "name"),), table="articles", scalar=True,
                  when_present=True),),
)


class HeadlineRules:
    """``headlines.yaml`` compiled."""

    def __init__(self):
        spec = patterns.load_yaml("headlines.yaml")
        self.max_chars, self.min_words = spec["max_chars"], spec["min_words"]
        self.closing_marks, self.opening_marks = spec["closing_marks"], spec["opening_marks"]
        self.first_lines = spec["first_lines"]
        self.page_lines, self.body_min_words = spec["page_lines"], spec["body_min_words"]
        self.body_closing_marks = spec["body_closing_marks"]
        self.skip = [compiled(regex, p) for p in spec["skip"]]

    def skipped(self, line: str) -> bool:
        return any(p.search(line) for p in self.skip)

    def is_body(self, line: str) -> bool:
        closed = line.rstrip("\"”’)»")   # a sentence may end inside quotes or brackets
        return len(line) > self.max_chars or (len(line.split()) >= self.body_min_words
                                              and closed[-1:] in tuple(self.body_closing_marks))

    def is_headline(self, line: str) -> bool:
        return (len(line) <= self.max_chars
                and len(line.split()) >= self.min_words
                and line[0] not in self.opening_marks
                and line[-1] not in self.closing_marks)


@patterns.resource
def rules() -> HeadlineRules:
    return HeadlineRules()


def find_body(text: str) -> tuple[int, list[tuple[int, int]]] | None:
    """(index of the first body line among the page's first lines, those lines), or None."""
    r = rules()
    lines = lines_of(text[:(r.page_lines + 1) * (r.max_chars + 1)])[:r.page_lines]
    for number, (start, end) in enumerate(lines):
        if r.is_body(text[start:end]):
            return number, lines
    return None


def find_headline(text: str) -> tuple[int, int] | None:
    """(start, end) of the headline of ``text``, or None: the headline-like line nearest above
    the body, else the first line when it reads as a headline."""
    r = rules()
    body = find_body(text)
    if body is not None:
        number, lines = body
        for start, end in reversed(lines[:number]):
            line = text[start:end]
            if not r.skipped(line) and r.is_headline(line):
                return start, end
        if number > 0:
            return None
    lines = lines_of(text[:(r.first_lines + 1) * (r.max_chars + 1)])
    for number, (start, end) in enumerate(lines[:r.first_lines]):
        line = text[start:end]
        if r.skipped(line):
            continue
        # a headline has the body under it: a lone line is the text itself
        return (start, end) if number + 1 < len(lines) and r.is_headline(line) else None
    return None


@component(SPEC)
class HeadlineFinder:
    """Sets ``doc._.title`` from the first line, unless the input already gave a title."""

    def __call__(self, doc) -> list[Match]:
        found = find_headline(doc.text)
        if not found:
            return []
        start, end = found
        headline = doc.text[start:end]
        if not doc._.title:
            doc._.title = headline
        return [Match(start, end, {"title": headline}, rule="first line")]
