"""Numbered and named documents of the Party and the State: Chỉ thị, Nghị quyết, Quyết định...

Patterns are in ``patterns/directives.yaml``. A numbered mention gives the kind
(``doc_type``), the canonical ``number`` ("TƯ" written "TW", spaces and dash variants
folded), the date of issue (``issued``, ISO, from the dates stage when it ran before)
and the ``issuer`` when the text names it (read from the organizations stage):

    "Kế hoạch số 57-KH/TU ngày 12/4/2022 của Ban Thường vụ Tỉnh ủy Thái Nguyên"
        -> Kế hoạch | 57-KH/TU | 2022-04-12 | Ban Thường vụ Tỉnh ủy Thái Nguyên
    "UBND tỉnh ban hành Quyết định số 1252/QĐ-UBND" (an article on Lạng Sơn)
        -> Quyết định | 1252/QĐ-UBND | | Ủy ban nhân dân tỉnh Lạng Sơn
    "Nghị quyết Hội nghị Trung ương 6 khóa XIII" -> Nghị quyết | (no number)
"""
from __future__ import annotations

import datetime

import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component
from pipeline.entities.dates import find_dates
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, alternation, fold, spelling_pattern

SPEC = ComponentSpec(
    name="directives", span_key="directives", table="directives", label="DOCUMENT", color="#ff8197",
    columns=(
        Column("doc_type", "string", "the kind of document: Chỉ thị, Nghị quyết, Quyết định, Kế hoạch, ..."),
        Column("number", "string", "canonical number (TƯ written TW, dashes and spaces folded); empty for a named document"),
        Column("issued", "date", "date of issue, ISO, when the text gives it"),
        Column("issuer", "string", "the issuing body or office, when the text names it"),
    ),
    reads=("doc.spans[organizations]", "doc.spans[dates]"),
    assigns=("doc.spans[directives]",),
    scores=(
        Score("directives (type+number)", gold="documents",
              pairs=(("type", "doc_type", "name"), ("number", "number", "document")), gold_requires="number"),
        Score("directives (type+number+issued)", gold="documents",
              pairs=(("type", "doc_type", "name"), ("number", "number", "document"), ("date", "issued", "text")),
              gold_requires="number"),
    ),
)


def canonical_number(written: str, spellings: dict | None = None) -> str:
    """``"12 – CT/TƯ"`` -> ``"12-CT/TW"``: spaces dropped, dashes folded, "TƯ" written "TW"."""
    spellings = spellings if spellings is not None else patterns.load_yaml("directives.yaml")["number_spellings"]
    number = regex.sub(r"\s+", "", regex.sub(r"[–—]", "-", written))
    for old, new in spellings.items():
        number = regex.sub(r"(?<=[-/])" + regex.escape(old) + r"(?![\p{L}])", new, number)
    return number


@component(SPEC)
class DirectiveFinder:
    """Finds numbered and named documents in ``doc.text`` (after organizations and dates).

    Loading checks the pattern file against itself: a kind a ``named`` pattern reads that
    ``types`` does not list is a :class:`pipeline.rules.patterns.PatternError` at once,
    not a failed article later."""

    def __init__(self):
        spec = patterns.load_yaml("directives.yaml")
        self.types = {fold(t): t for t in spec["types"]}
        self.spellings = spec["number_spellings"]
        any_case = alternation(spelling_pattern(t, False) for t in spec["types"])
        self.numbered_re = regex.compile(
            BEFORE + "(?P<type>" + any_case + ")" + spec["before_number"] + "(?P<number>" + spec["number"] + ")" + AFTER)
        self.named_res = [(name, regex.compile(BEFORE + pattern + AFTER)) for name, pattern in spec["named"].items()]
        for name, pattern in spec["named"].items():   # every kind a named pattern reads is a type
            kinds = regex.search(r"\(\?P<type>([^()]*)\)", pattern)
            patterns.check_names(kinds.group(1).split("|") if kinds else [], spec["types"],
                                 f"directives.yaml: named.{name} reads a type that `types` lacks")
        issuer = spec["issuer"]
        self.after_re = regex.compile(issuer["after"])
        self.before_re = regex.compile("(?:" + issuer["before"] + r")\Z")
        self.joined_re = regex.compile(issuer["joined_by"])
        self.people_re = regex.compile("(?:" + alternation(spelling_pattern(p) for p in issuer["people"]) + ")" + AFTER)
        self.codes = issuer["codes"]
        self.gap_re = regex.compile(spec["issued_gap"])
        self.and_re = regex.compile(spec["shared_by"])

    # -- date and issuer of one mention --------------------------------------------

    def issued(self, doc, pos: int) -> tuple[str | None, int]:
        """(ISO date, end) of a date written right after ``pos``, or (None, pos)."""
        text = doc.text
        gap = self.gap_re.match(text, pos)
        start = gap.end() if gap else pos
        for span in doc.spans.get("dates", []) if "dates" in doc.spans else []:
            if span.start_char == start and span._.data.get("precision") == "day":
                return span._.data["date"], span.end_char
        mentions = find_dates(text[start:start + 40])   # without the dates stage: an explicit full date only
        if mentions and mentions[0].start == 0 and mentions[0].year and mentions[0].day:
            first = mentions[0]
            return datetime.date(first.year, first.month, first.day).isoformat(), start + first.end
        return None, pos

    def issuer_after(self, doc, pos: int) -> tuple[str | None, int]:
        """"của Bộ Chính trị, Ban Bí thư" -> ("Bộ Chính trị, Ban Bí thư", end)."""
        text = doc.text
        lead = self.after_re.match(text, pos)
        if not lead:
            return None, pos
        names, at = [], lead.end()
        while at in self.org_starts:
            span = self.org_starts[at]
            names.append(span._.data["name"])
            joined = self.joined_re.match(text, span.end_char)
            pos = span.end_char
            if not joined or joined.end() not in self.org_starts:
                break
            at = joined.end()
        if not names:
            person = self.people_re.match(text, lead.end())
            return (person.group(), person.end()) if person else (None, pos)
        return ", ".join(names), pos

    def issuer_before(self, doc, start: int) -> str | None:
        """"UBND tỉnh ban hành <document>" -> the name of that UBND."""
        text = doc.text
        window = text[max(0, start - 40):start]
        verb = self.before_re.search(window)
        if not verb:
            return None
        org_end = start - (len(window) - verb.start())
        span = self.org_ends.get(org_end)
        return span._.data["name"] if span is not None else None

    def issuer_from_code(self, number: str) -> str | None:
        """"15/2025/NQ-HĐND" -> the one Hội đồng nhân dân the article names, if any."""
        code = regex.split(r"[-/]", number)[-1]
        head = self.codes.get(code)
        if not head:
            return None
        names = {s._.data["name"] for s in self.org_starts.values() if s._.data["name"].startswith(head + " ")}
        return names.pop() if len(names) == 1 else None

    # -- the component -------------------------------------------------------------

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        spans = list(doc.spans["organizations"]) if "organizations" in doc.spans else []
        self.org_starts = {s.start_char: s for s in spans}
        self.org_ends = {s.end_char: s for s in spans}
        found = []
        for m in self.numbered_re.finditer(text):
            number = canonical_number(m.group("number"), self.spellings)
            issued, end = self.issued(doc, m.end())
            issuer, end_after = self.issuer_after(doc, end)
            how = "numbered"
            if issuer:
                end, how = end_after, how + "+issuer after"
            elif (issuer := self.issuer_before(doc, m.start())):
                how += "+issuer before"
            elif (issuer := self.issuer_from_code(number)):
                how += "+issuer code"
            found.append(Match(m.start(), end, {"doc_type": self.types[fold(m.group("type"))], "number": number,
                                                "issued": issued, "issuer": issuer}, rule=how))
        # "Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW ngày 25/10/2017 của ...": shared date and issuer
        # (documents of one kind only: "Luật ... và Nghị định ... ngày ..." dates the Nghị định alone)
        for first, second in zip(found, found[1:]):
            if first.data["doc_type"] == second.data["doc_type"] \
                    and self.and_re.fullmatch(text, first.end, second.start):
                for key in ("issued", "issuer"):
                    if not first.data[key] and second.data[key]:
                        first.data[key] = second.data[key]
                        first.rule += f"+{key} shared"
        for name, pattern in self.named_res:
            for m in pattern.finditer(text):
                if any(f.start < m.end() and m.start() < f.end for f in found):
                    continue
                issuer, _ = self.issuer_after(doc, m.end())
                found.append(Match(m.start(), m.end(), {"doc_type": self.types[fold(m.group("type"))], "number": None,
                                                        "issued": None, "issuer": issuer}, rule=f"named:{name}"))
        return sorted(found, key=lambda f: f.start)
