"""Known organizations: the foreign NGOs and donors of ``patterns/foreign_orgs.csv`` and the
whole names of ``patterns/acronyms.csv``, every spelling in one trie regex (one pass over
the text however many entries there are).

    >>> known = known_names()
    >>> m, spelling = known.match("do KOICA tài trợ", 3)
    >>> spelling.org.org_id, spelling.org.kind, spelling.org.country
    ('korea-international-cooperation-agency', 'bilateral_donor', 'KR')

A spelling is an acronym (matched as written: "KOICA"), or a name (the first letter as
written, the others in any case, any run of spaces, any dash: "Tầm nhìn Thế giới"). A
Vietnamese name written with the classifier ("Tổ chức Cứu trợ Trẻ em") gives the rest as a
spelling that counts only after "tổ chức" (``after_classifier``); ``needs_cue`` marks the
spellings that are also ordinary words (CARE, PATH, GNI): the organizations extractor reads
them only where something else says an organization is meant.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.rules import patterns
from pipeline.rules.grammar import fold, slug, spelling_char, trie

CLASSIFIER = "Tổ chức "


@dataclass(frozen=True)
class KnownOrg:
    """One organization of the files: its identity and what a mention of it is."""

    org_id: str
    name: str              # the name a mention gets when only a short form is written
    canonical: str         # the canonical name: English for foreign_orgs.csv, the full name for acronyms.csv
    acronym: str | None
    kind: str | None       # None for acronyms.csv: read from the name by the grammar
    country: str | None
    source: str            # "foreign_orgs.csv" or "acronyms.csv"


@dataclass(frozen=True)
class Spelling:
    """One way of writing a known organization."""

    org: KnownOrg
    written: str           # as in the file
    is_acronym: bool = False
    needs_cue: bool = False
    after_classifier: bool = False


def key(written: str) -> str:
    """The lookup key of a name: :func:`fold`, and one apostrophe."""
    return fold(written).replace("’", "'")


def as_printed(spelling: Spelling, matched: str) -> str:
    """The file's spelling of a name, with the apostrophe the article prints ("Samaritan’s Purse")."""
    shown = " ".join(spelling.written.split())
    return shown.replace("'", "’") if "’" in matched else shown


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


class KnownNames:
    """Every spelling of the known organizations, compiled into one regex."""

    def __init__(self, foreign_rows, acronym_rows):
        self.names: dict[str, Spelling] = {}      # key(spelling) -> Spelling
        self.acronyms: dict[str, Spelling] = {}   # acronym as written -> Spelling
        self.orgs: dict[str, KnownOrg] = {}
        for row in foreign_rows:
            self._add_foreign(row)
        for row in acronym_rows:
            if row["kind"] == "org":
                self._add_domestic(row)
        self.pattern = self._compile()

    def _add_foreign(self, row: dict) -> None:
        names_vi, acronyms = _split(row["names_vi"]), _split(row["acronyms"])
        shown = names_vi[0] if names_vi else row["name"]
        org = KnownOrg(row["org_id"], shown, row["name"], acronyms[0] if acronyms else None,
                       row["kind"], row["country"] or None, "foreign_orgs.csv")
        if slug(org.canonical) != org.org_id:
            raise patterns.PatternError(f"foreign_orgs.csv: org_id {org.org_id!r} is not the slug of {org.canonical!r}")
        self.orgs[org.org_id] = org
        ambiguous = set(_split(row.get("ambiguous")))
        full = [row["name"], *_split(row["variants"])] + [n for n in names_vi if not n.startswith(CLASSIFIER)]
        for spelling in full:
            self._add(Spelling(org, spelling, needs_cue=spelling in ambiguous))
        for spelling in names_vi:
            rest = spelling[len(CLASSIFIER):]
            if spelling.startswith(CLASSIFIER) and key(rest) not in self.names:
                # only after "tổ chức", unless a full name starts it ("Oxfam tại Việt Nam" is "Oxfam" + more)
                alone = any(key(rest) == key(f) or key(rest).startswith(key(f) + " ") for f in full)
                self._add(Spelling(org, rest, needs_cue=rest in ambiguous, after_classifier=not alone))
        for acronym in acronyms:
            self._add(Spelling(org, acronym, is_acronym=True, needs_cue=acronym in ambiguous))

    def _add_domestic(self, row: dict) -> None:
        org = KnownOrg(slug(row["name"]), row["name"], row["name"], row["acronym"] or None, None, "VN", "acronyms.csv")
        self.orgs[org.org_id] = org
        for spelling in [row["name"], *_split(row["variants"])]:
            self._add(Spelling(org, spelling))
        if row["acronym"]:
            self._add(Spelling(org, row["acronym"], is_acronym=True))

    def _add(self, spelling: Spelling) -> None:
        table, found = (self.acronyms, spelling.written) if spelling.is_acronym else (self.names, key(spelling.written))
        known = table.get(found)
        if known is not None and known.org.org_id != spelling.org.org_id:
            raise patterns.PatternError(f"{spelling.org.source}: {spelling.written!r} names both "
                                        f"{known.org.org_id!r} and {spelling.org.org_id!r}")
        if known is None or (known.after_classifier and not spelling.after_classifier):
            table[found] = spelling

    def _compile(self) -> re.Pattern:
        by_first: dict[str, list[str]] = {}
        for spelling in self.names.values():
            written = key(spelling.written)
            by_first.setdefault(spelling.written.strip()[0], []).append(written[1:])
        names = "|".join(re.escape(first) + "(?i:" + trie(rests, char=spelling_char) + ")"
                         for first, rests in sorted(by_first.items()))
        acronyms = trie(self.acronyms, char=spelling_char)
        # stdlib re: ten times faster than regex on a large trie; \w is Unicode there ([^\W\d_] a letter)
        return re.compile(r"(?<!\w)(?P<name>" + names + r")(?!\w)"
                          r"|(?<![\w&-])(?P<acronym>" + acronyms + r")(?![\w&]|-[^\W\d_])")

    def spelling(self, m: re.Match) -> Spelling:
        """The spelling a match of :attr:`pattern` wrote."""
        if m.group("acronym"):
            return self.acronyms[m.group()]
        spelling = self.names[key(m.group())]
        if spelling.after_classifier and m.group() in self.acronyms:   # "CARE" alone: the acronym, not "Tổ chức CARE"
            return self.acronyms[m.group()]
        return spelling

    def match(self, text: str, pos: int) -> tuple[re.Match, Spelling] | None:
        """The known organization written at ``pos``, or None."""
        m = self.pattern.match(text, pos)
        return (m, self.spelling(m)) if m else None


@patterns.resource
def known_names() -> KnownNames:
    """The known organizations, compiled once per process."""
    return KnownNames(patterns.load_csv("foreign_orgs.csv"), patterns.load_csv("acronyms.csv"))
