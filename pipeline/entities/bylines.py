"""Bylines: the author's name printed at the end (or top) of an article -> ``doc._.author``.

Patterns are in ``patterns/bylines.yaml``. A byline is a line of its own made of a
pen name (2-4 capitalised syllables), possibly with "(t/h)" or "Tin, ảnh:"; a line
that names a province or an organization is no byline. The span is kept in
``doc.spans["bylines"]`` (evidence) and the name goes to articles.csv ``author``:

    "...\\nMai Anh (t/h)"                     -> "Mai Anh"
    "Thanh Hải - 14:20, 18/12/2023\\n..."     -> "Thanh Hải"
    "... (Ảnh: Quỳnh Hoa)."                   -> no byline (a photo credit inside a line)
    "... làm rõ vụ việc./. Vinh Quang/VOV-TPHCM" -> "Vinh Quang" (glued to the end of a flattened text)

The paper or agency the text credits at its end goes to ``doc._.credit`` (articles.csv ``credit``):

    "... Xuân Triệu (TTXVN)" -> "TTXVN";  "... Theo Vnexpress" -> "Vnexpress";  "... Anh Tuấn (lược dịch)" -> none
"""
from __future__ import annotations

import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component, span_offsets
from pipeline.rules import patterns
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import lines_of

SPEC = ComponentSpec(
    name="bylines", span_key="bylines", label="AUTHOR",
    columns=(Column("author", "string", "the byline's name"),),
    reads=("doc.spans[provinces]", "doc.spans[organizations]"),
    assigns=("doc.spans[bylines]", "doc._.author", "doc._.credit"),
    scores=(Score("author", gold="author", pairs=((None, "author", "name"),), table="articles", scalar=True),
            Score("credit", gold="credit", pairs=((None, "credit", "name"),), table="articles", scalar=True,
                  when_present=True)),
)


class BylineRules:
    """``bylines.yaml`` compiled."""

    def __init__(self):
        spec = patterns.load_yaml("bylines.yaml")
        self.last_lines, self.first_lines = spec["last_lines"], spec["first_lines"]
        self.end_line = compiled(regex, spec["end_line"].replace("{name}", spec["name"]))
        self.top_line = compiled(regex, spec["top_line"].replace("{name}", spec["name"]))
        self.tail_window = spec["tail_window"]
        name = spec["tail_name"].replace("{name}", spec["name"]).replace("{caps}", spec["caps"])
        self.tail_joint = compiled(regex, spec["tail_joint"])
        self.credit_only = compiled(regex, spec["credit_only"].replace("{tail_after}", spec["tail_after"]))
        self.credit_lead = tuple(spec["credit_lead"])
        self.desk_notes = frozenset(spec["desk_notes"])
        self.picture_credits = tuple(spec["picture_credits"])
        self.reported_from = tuple(word + " " for word in spec["reported_from"])
        self.tail = compiled(regex, (
            f"(?:{spec['tail_after']}{spec['tail_lead']}(?P<author>{name}(?:{spec['tail_joint']}{name})*)"
            f"|(?P<author>{spec['tail_initials']}))(?:{spec['tail_credit']})?[^\\S\\n]*\\Z"))
        notes = "|".join(regex.escape(note) for note in sorted(self.desk_notes, key=len, reverse=True))
        self.noted_tail = compiled(regex, spec["noted_tail"].replace("{desk_notes}", notes))
        officials = patterns.load_yaml("officials.yaml")
        self.surnames = frozenset(officials["surnames"])
        self.sourced_tail = compiled(regex, spec["sourced_tail"].replace("{tail_after}", spec["tail_after"])
                                     .replace("{name}", spec["name"]))
        self.vietnamese_syllable = regex.compile("(?i:" + officials["vietnamese_syllable"] + ")")


@patterns.resource
def rules() -> BylineRules:
    return BylineRules()


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
        m = r.end_line.fullmatch(text, start, end)
        if m and (found := clean(m, 0)):
            return (*found, "end line")
    if (found := tail_byline(text, taken)) is not None:
        return (*found, "text end")
    if (found := noted_byline(text, taken)) is not None:
        return (*found, "noted end")
    if (m := sourced_tail(text)) is not None and (found := clean(m, 0)):
        return (*found, "after source")
    for start, end in lines[:r.first_lines]:
        m = r.top_line.fullmatch(text, start, end)
        if m and (found := clean(m, 0)):
            return (*found, "top line")
    return None


def tail_byline(text: str, taken=()) -> tuple[str, int, int] | None:
    """(author, start, end) of a byline glued to the end of the text by a scraper that flattened the
    page ("... làm rõ vụ việc./. Vinh Quang/VOV-TPHCM" -> "Vinh Quang"), or None. Of several names
    joined by dashes, those before the first province or organization (``taken``) are the authors."""
    r = rules()
    m = r.tail.search(text, max(0, len(text) - r.tail_window))
    if m is None:
        return None
    start, end = m.span("author")
    names, at = [], start
    for joint in [*r.tail_joint.finditer(text, start, end), None]:
        name = (at, joint.start() if joint else end)
        if any(s < name[1] and name[0] < e for s, e in taken):
            break
        names.append(name)
        at = joint.end() if joint else end
    if not names:
        return None
    end = _first_of_two(text, start, names[-1][1])
    return " ".join(text[start:end].split()), start, end


def sourced_tail(text: str) -> regex.Match | None:
    """The match of a writer's name after the source it retells, ending the text ("Theo Sputnik An Công -"), the
    source a word no Vietnamese syllable spells ("Theo Tri Thức Trẻ" is a paper); else None."""
    r = rules()
    m = r.sourced_tail.search(text, max(0, len(text) - r.tail_window))
    return m if m is not None and not r.vietnamese_syllable.fullmatch(m.group("credit")) else None


def noted_byline(text: str, taken=()) -> tuple[str, int, int] | None:
    """(author, start, end) of a pen name glued to a last sentence without a stop and followed by a desk
    note that ends the text ("... đã được thay đổi Hồng Nhung (Tổng hợp)"), or None: the last two
    capitalised words, three where the first of them is a family name ("Rượu Nguyễn Hồng" -> "Nguyễn Hồng")."""
    r = rules()
    m = r.noted_tail.search(text, max(0, len(text) - r.tail_window))
    if m is None:
        return None
    words = list(regex.finditer(r"\S+", text, pos=m.start("run"), endpos=m.end("run")))
    size = 3 if len(words) >= 3 and words[-3].group() in r.surnames else 2
    start, end = words[-size].start(), words[-1].end()
    if any(s < end and start < e for s, e in taken):
        return None
    return " ".join(text[start:end].split()), start, end


def _first_of_two(text: str, start: int, end: int) -> int:
    """The end of a byline the page printed twice in a row ("Khắc Lâm Khắc Lâm", "Việt Dương - Dũng
    Minh Việt Dương - Dũng Minh"): the end of the first copy; else ``end``."""
    words = text[start:end].split()
    half = len(words) // 2
    if half < 2 or len(words) % 2 or words[:half] != words[half:]:
        return end
    for word in words[:half]:
        start = text.index(word, start) + len(word)
    return start


def find_credit(text: str, byline: tuple[str, int, int, str] | None = None) -> str | None:
    """The paper or agency the text credits at its end (``bylines.yaml`` ``credit_only``), or after
    the byline found: "Xuân Triệu (TTXVN)" -> "TTXVN", "Theo Vnexpress" -> "Vnexpress"; None
    where it names none ("Anh Tuấn (lược dịch)")."""
    r = rules()
    if byline is not None and byline[3] == "after source":
        return sourced_tail(text).group("credit")
    if byline is not None and byline[3] != "top line":   # a top line goes on with the time, not a source
        author, _, end, _ = byline
        line_end = text.find("\n", end)
        return _credit(text[end:line_end if line_end >= 0 else len(text)], author)
    m = r.credit_only.search(text, max(0, len(text) - r.tail_window))
    return _credit(m.group("credit"), None) if m else None


def _credit(region: str, author: str | None) -> str | None:
    """The source named in what follows a byline: brackets, slashes and "Theo" taken off, desk
    notes and picture credits skipped, a second printing of the byline cut off; of several, the
    last ("Theo Đức An (Thethaohcm.vn)": the writer at the source, then the source)."""
    r = rules()
    if author and author in region:   # "Vũ Dũng/VOV Vũ Dũng/VOV"
        region = region[:region.index(author)]
    found = None
    for part in regex.split(r"[()]", region):
        part = part.strip(" -–,/|:")
        if part.startswith(r.reported_from):
            continue
        while lead := next((lead for lead in r.credit_lead if part.startswith(lead + " ") or part == lead), None):
            part = part[len(lead):].strip(" -–,/|:")
        if part and part.lower() not in r.desk_notes and not part.startswith(r.picture_credits) and len(part) <= 60:
            found = " ".join(part.split())
    return found


@component(SPEC)
class BylineFinder:
    """Sets ``doc._.author`` from the byline, unless the input already gave an author, and
    ``doc._.credit`` from what the text's end credits."""

    def __call__(self, doc) -> list[Match]:
        found = find_byline(doc.text)
        if found:   # again, with the mentions it may not contain, if it holds one (most bylines hold none)
            taken = [*span_offsets(doc, "provinces"), *span_offsets(doc, "organizations")]
            if any(start < found[2] and found[1] < end for start, end in taken):
                found = find_byline(doc.text, taken)
        doc._.credit = find_credit(doc.text, found)
        if not found:
            return []
        author, start, end, rule = found
        if not doc._.author:
            doc._.author = author
        return [Match(start, end, {"author": author}, rule=rule)]
