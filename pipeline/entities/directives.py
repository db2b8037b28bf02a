"""Numbered and named documents of the Party and the State: Chỉ thị, Nghị quyết, Quyết định...

Patterns are in ``patterns/directives.yaml``. A numbered mention gives the kind
(``doc_type``), the canonical ``number`` ("TƯ" written "TW", spaces and dash variants
folded), the date of issue (``issued``, ISO, from the dates stage when it ran before)
and the ``issuer`` when the text names it (read from the organizations stage) or the
number's code names a national body ("79/2014/NĐ-CP": Chính phủ):

    "Kế hoạch số 57-KH/TU ngày 12/4/2022 của Ban Thường vụ Tỉnh ủy Thái Nguyên"
        -> Kế hoạch | 57-KH/TU | 2022-04-12 | Ban Thường vụ Tỉnh ủy Thái Nguyên
    "UBND tỉnh ban hành Quyết định số 1252/QĐ-UBND" (an article on Lạng Sơn)
        -> Quyết định | 1252/QĐ-UBND | | Ủy ban nhân dân tỉnh Lạng Sơn
    "Nghị quyết Hội nghị Trung ương 6 khóa XIII" -> Nghị quyết | (no number)
"""
from __future__ import annotations

import datetime
import functools

import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component, data_at, span_offsets
from pipeline.entities.dates import find_dates
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, SPACE, Phrases, alternation, fold, spelling_pattern
from pipeline.rules.compiled import compiled

_DIGIT = regex.compile(r"\d")

SPEC = ComponentSpec(
    name="directives", span_key="directives", table="directives", label="DOCUMENT", color="#ff8197",
    columns=(
        Column("doc_type", "string", "the kind of document: Chỉ thị, Nghị quyết, Quyết định, Kế hoạch, ..."),
        Column("number", "string", "canonical number (TƯ written TW, dashes and spaces folded); empty for a named document"),
        Column("issued", "date", "date of issue, ISO, when the text gives it"),
        Column("issuer", "string", "the issuing body or office, when the text names it or the number's code "
                                   "names a national body ('NĐ-CP': Chính phủ; rule '+issuer code')"),
        Column("document_id", "string", "type + canonical number ('Chỉ thị 12-CT/TW'): the same document in "
                                        "every article; empty for a named document"),
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


@patterns.resource
def party_number() -> tuple[regex.Pattern, str]:
    spec = patterns.load_yaml("directives.yaml")
    return regex.compile(spec["party_number"]), spec["party_format"]


_DASHES, _SPACES, _GLUED_CODE = regex.compile(r"[–—]"), regex.compile(r"\s+"), regex.compile(r"^(\d+)(?=\p{L})")
#: what separates the parts of a number ("15/2025/NQ-HĐND")
_NUMBER_PARTS = regex.compile(r"[-/]")
#: a legislature's term after its code ("QH14", "UBTVQH15")
_TERM = regex.compile(r"(?<=\p{L})\d+\Z")


def issuer_codes(number: str, kind_codes) -> list[str]:
    """The issuing bodies' codes of a canonical number: its parts with a letter after the kind's code
    ("05/2013/TTLT-BCA-BQP" -> BCA, BQP; "61/2020/QH14", with no kind's code, -> QH14). ``kind_codes``:
    the codes of kinds (``code_types``); a number's one code that is a kind's names no issuer."""
    codes = [part for part in _NUMBER_PARTS.split(number) if not part.isdigit()]
    if len(codes) > 1 or (codes and codes[0] in kind_codes):
        return codes[1:]
    return codes


@functools.lru_cache(maxsize=16)
def _respellings(spellings: tuple[tuple[str, str], ...]) -> tuple[tuple[regex.Pattern, str], ...]:
    """Each code spelling ("TƯ") as the pattern that finds it in a number, and its canonical form
    (compiled once: ``regex.sub`` with a pattern's text looks it up in regex's cache on every call)."""
    return tuple((regex.compile(r"(?<=[-/])" + regex.escape(old) + r"(?![\p{L}])"), new) for old, new in spellings)


def canonical_number(written: str, spellings: dict | None = None) -> str:
    """One number per document: spaces dropped, dashes folded, "TƯ" written "TW", a code glued
    or spaced to its number joined with "-", a party number as "N-KIND/ISSUER".

    ``"12 – CT/TƯ"``, ``"12 CT/TW"``, ``"12/CT-TW"`` -> ``"12-CT/TW"``; ``"1252/QĐ-UBND"`` stays."""
    spellings = spellings if spellings is not None else patterns.load_yaml("directives.yaml")["number_spellings"]
    number = _SPACES.sub("", _DASHES.sub("-", written))
    for old, new in _respellings(tuple(spellings.items())):
        number = old.sub(new, number)
    number = _GLUED_CODE.sub(r"\1-", number)
    party, form = party_number()
    m = party.fullmatch(number)
    return form.format(**m.groupdict()) if m else number


def document_id(doc_type: str, number: str | None) -> str | None:
    """The join key of a document across articles: ``"Chỉ thị 12-CT/TW"`` (None without a number)."""
    return f"{doc_type} {number}" if number else None


def _number_starts(kinds: list[str]) -> tuple[regex.Pattern, regex.Pattern]:
    """What every numbered, bare or cited document holds (:meth:`DirectiveFinder.may_be_numbered`):
    its number's first digit right after its kind (words of letters, as many as a kind has at most),
    or after "số"; two small patterns, cheaper to ask than the kinds' alternation."""
    most = max(len(kind.split()) for kind in kinds)
    return (compiled(regex, BEFORE + r"\p{L}+(?:[^\S\n]+\p{L}+){0," + str(most - 1) + r"}[^\S\n]*:?[^\S\n]*\d"),
            compiled(regex, r"số[^\S\n]*:?[^\S\n]*\d"))


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
        as_written = alternation(spelling_pattern(t) for t in spec["types"])
        lower = alternation(spelling_pattern(t[0].lower() + t[1:]) for t in spec["types"])
        self.numbered_re = compiled(regex,
            BEFORE + "(?:(?P<type>" + as_written + ")" + spec["before_number"] + "|(?P<type>" + lower + ")"
            + spec["before_number_lower"] + ")(?P<number>" + spec["number"] + ")" + AFTER)
        # where a document may start: a kind with a digit not far after it (the whole pattern is
        # tried only there)
        self.kinds = Phrases(spec["types"])   # one trie over the lower-cased text
        self.kind_re = compiled(regex, BEFORE + "(?:" + as_written + "|" + lower + ")" + AFTER)
        self.kind_digit_re, self.so_digit_re = _number_starts(spec["types"])
        self.bare_re = compiled(regex, BEFORE + "(?P<type>" + as_written + ")" + spec["before_number"].replace(
            r"(?:[^\S\n]+số)?", r"[^\S\n]+số") + spec["bare_number"])
        self.cited_re = compiled(regex, BEFORE + "(?P<type>" + alternation(spelling_pattern(t) for t in spec["cited_types"])
                                      + ")" + SPACE + spec["cited_number"])
        self.code_types = spec["code_types"]
        self.issued_verb_re = regex.compile(spec["issued_by_verb"] + AFTER)
        self.issued_opening_re = regex.compile(spec["issued_opening"])
        self.named_res = [(name, compiled(regex, BEFORE + pattern + AFTER)) for name, pattern in spec["named"].items()]
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
        self.national = {code.upper(): name for code, name in issuer["national"].items()}
        self.only_by = issuer["only_by"]
        self.gap_re = regex.compile(spec["issued_gap"])
        self.and_re = regex.compile(spec["shared_by"])

    # -- date and issuer of one mention --------------------------------------------

    def dates_read(self, doc) -> list[tuple[int, int, dict]]:
        """(start, end, data) of the dates stage's dates, read once per article when a document first
        asks (a span group makes its spans anew, about 1 us each, at every read)."""
        if self.dates is None:
            self.dates = [(start, end, data_at(doc, start, end)) for start, end in span_offsets(doc, "dates")]
        return self.dates

    def issued(self, doc, pos: int) -> tuple[str | None, int]:
        """(ISO date, end) of a date written right after ``pos``, or (None, pos)."""
        text = doc.text
        gap = self.gap_re.match(text, pos)
        start = gap.end() if gap else pos
        for date_start, date_end, date in self.dates_read(doc):
            if date_start == start and date.get("precision") == "day":
                return date["date"], date_end
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
            _, org_end, org = self.org_starts[at]
            names.append(org["name"])
            joined = self.joined_re.match(text, org_end)
            pos = org_end
            if not joined or joined.end() not in self.org_starts:
                break
            at = joined.end()
        if not names:
            return self.office_after(text, lead.end()) or (None, pos)
        return ", ".join(names), pos

    def office_after(self, text: str, pos: int) -> tuple[str, int] | None:
        """An office that issues documents at ``pos`` ("Thủ tướng Chính phủ"), with the body written right
        after it ("Bộ trưởng Bộ Công Thương", not the title alone), or None."""
        person = self.people_re.match(text, pos)
        if not person:
            return None
        body = self.org_starts.get(person.end() + 1) if text[person.end():person.end() + 1] == " " else None
        if body is not None:   # (start, end, data) of the organization starting after the space
            return f"{person.group()} {body[2]['name']}", body[1]
        return person.group(), person.end()

    def issuer_before(self, doc, start: int) -> str | None:
        """"UBND tỉnh ban hành <document>" -> the name of that UBND."""
        text = doc.text
        window = text[max(0, start - 40):start]
        verb = self.before_re.search(window)
        if not verb:
            return None
        org_end = start - (len(window) - verb.start())
        org = self.org_ends.get(org_end)
        return org[2]["name"] if org is not None else None

    def issuer_from_code(self, number: str) -> str | None:
        """The issuer the codes of a number name: "79/2014/NĐ-CP" -> "Chính phủ", "05/2013/TTLT-BCA-BQP" ->
        "Bộ Công an, Bộ Quốc phòng" (``national``: each of its codes after the kind's is a national body's);
        "15/2025/NQ-HĐND" -> the one Hội đồng nhân dân the article names, if any (``codes``)."""
        codes = issuer_codes(number, self.code_types)
        national = [self.national.get(_TERM.sub("", code).upper()) for code in codes]
        only_by = next((self.only_by[c] for c in _NUMBER_PARTS.split(number) if c in self.only_by), None)
        if only_by and codes != [only_by]:
            return None   # "01/2017/NĐ-BTNMT": a Nghị định of another body than the Chính phủ is miswritten
        if codes and all(national):
            return ", ".join(national)
        head = self.codes.get(codes[-1]) if len(codes) == 1 else None
        if not head:
            return None
        names = {name for name in (org["name"] for _, _, org in self.org_starts.values()) if name.startswith(head + " ")}
        return names.pop() if len(names) == 1 else None

    # -- the component -------------------------------------------------------------

    #: how far after its kind a document's number may be (14 words naming a law, "số: ")
    REACH = 160

    def doc_type(self, m: regex.Match, number: str) -> tuple[str, str]:
        """(kind, rule suffix): the kind as written, or the code's when a lower-case kind is part
        of another word ("kỷ luật số 25/QĐ-SNN" is a Quyết định)."""
        written = self.types[fold(m.group("type"))]
        coded = self.coded_type(number)
        if coded and coded != written and m.group("type")[0].islower():
            return coded, "+type from code"
        return written, ""

    def issued_in_sentence(self, doc, start: int) -> str | None:
        """The date opening the sentence when its verb issues the document ("Ngày 22/7, UBND
        thành phố ban hành Quyết định ...")."""
        text = doc.text
        for date_start, date_end, date in self.dates_read(doc):
            if date_end > start or date.get("precision") != "day" or not date.get("date"):
                continue
            opening = text[max(text.rfind("\n", 0, date_start), text.rfind(". ", 0, date_start)) + 1:date_start]
            between = text[date_end:start]
            if self.issued_opening_re.fullmatch(opening) and len(between) < 120 and "." not in between \
                    and self.issued_verb_re.search(between):
                return date["date"]
        return None

    def mention(self, doc, m: regex.Match, number: str, how: str) -> Match:
        """The row of one numbered mention, with its date and issuer."""
        doc_type, typed = self.doc_type(m, number)
        issued, end = self.issued(doc, m.end())
        issuer, end_after = self.issuer_after(doc, end)
        how += typed
        if issuer:
            end, how = end_after, how + "+issuer after"
        elif (issuer := self.issuer_before(doc, m.start())):
            how += "+issuer before"
        elif (issuer := self.issuer_from_code(number)):
            how += "+issuer code"
        if issued is None and (issued := self.issued_in_sentence(doc, m.start())):
            how += "+issued in sentence"
        return Match(m.start(), end, {"doc_type": doc_type, "number": number, "issued": issued, "issuer": issuer,
                                      "document_id": document_id(doc_type, number)}, rule=how)

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        orgs = [(start, end, data_at(doc, start, end)) for start, end in span_offsets(doc, "organizations")]
        self.org_starts = {org[0]: org for org in orgs}   # (start, end, data) of each organization
        self.org_ends = {org[1]: org for org in orgs}
        self.dates = None   # read by dates_read
        found, position = [], 0
        for kind in self.kinds.finditer(text):
            if kind.start() < position or not _DIGIT.search(text, kind.end(), kind.end() + self.REACH) \
                    or not self.may_be_numbered(text, kind.start()):
                continue
            m = self.numbered_re.match(text, kind.start())
            if m:
                number = canonical_number(m.group("number"), self.spellings)
                m = self.nearest_kind(text, m, number)   # (the same number)
                found.append(self.mention(doc, m, number, "numbered"))
                position = m.end()
            elif (m := self.bare_re.match(text, kind.start()) or self.cited_re.match(text, kind.start())):
                if self.kind_re.search(text, m.end("type"), m.start("number")):
                    continue   # "Quy định mới ... theo Nghị định số 86": the kind written last numbers it
                found.append(self.mention(doc, m, m.group("number"), "bare number"))   # "Chỉ thị số 17", "Nghị quyết 35"
                position = m.end()
        found.sort(key=lambda f: f.start)
        self.share(text, found)
        for name, pattern in self.named_res:
            for m in pattern.finditer(text):
                if any(f.start < m.end() and m.start() < f.end for f in found):
                    continue
                issuer, _ = self.issuer_after(doc, m.end())
                found.append(Match(m.start(), m.end(), {"doc_type": self.types[fold(m.group("type"))], "number": None,
                                                        "issued": None, "issuer": issuer, "document_id": None},
                                   rule=f"named:{name}"))
        return sorted(found, key=lambda f: f.start)

    def may_be_numbered(self, text: str, start: int) -> bool:
        """False where none of ``numbered_re``, ``bare_re`` and ``cited_re`` can match at ``start``
        (a kind): each reads its number's first digit right after the kind and a colon or spaces
        ("Quyết định 1423/QĐ-UBND", "Nghị quyết 35"), or after "số" ("Chỉ thị số 17", "Kế hoạch
        phát triển ... số 57-KH/TU"), never past a line break. Asked first: three in four kinds with a
        digit near are no numbered document ("Chương trình ... giai đoạn 2021-2025"), where the
        three patterns failed only after trying up to fourteen words for a "số" (about 15 us a kind)."""
        line_end = text.find("\n", start)
        return self.so_digit_re.search(text, start, len(text) if line_end < 0 else line_end) is not None \
            or self.kind_digit_re.match(text, start) is not None

    def nearest_kind(self, text: str, m: regex.Match, number: str) -> regex.Match:
        """The match from the kind written last before the number (``number``: the match's, canonical),
        unless the number's code names another kind: "Kế hoạch chuyển đổi mã vùng theo Quyết định số
        2036/QĐ-BTTTT" numbers the Quyết định, "Quyết định kỷ luật số 107-QĐ/UBKTTU" still the Quyết định."""
        coded = self.coded_type(number)
        inner = None
        for kind in self.kind_re.finditer(text, m.end("type"), m.start("number")):
            again = self.numbered_re.match(text, kind.start())
            if again and again.span("number") == m.span("number") and coded in (None, self.types[fold(kind.group())]):
                inner = again
        return inner or m

    def coded_type(self, number: str) -> str | None:
        """The kind a number's code names ("25/QĐ-SNN": Quyết định), or None."""
        return next((self.code_types[c] for c in _NUMBER_PARTS.split(number)[1:] if c in self.code_types), None)

    def share(self, text: str, found: list[Match]) -> None:
        """"Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW ngày 25/10/2017 của ...": shared date and
        issuer (documents of one kind only: "Luật ... và Nghị định ... ngày ..." dates the Nghị định alone)."""
        for first, second in zip(found, found[1:]):
            if first.data["doc_type"] == second.data["doc_type"] \
                    and self.and_re.fullmatch(text, first.end, second.start):
                for key in ("issued", "issuer"):
                    if not first.data[key] and second.data[key]:
                        first.data[key] = second.data[key]
                        first.rule += f"+{key} shared"
