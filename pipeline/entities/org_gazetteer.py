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
from pipeline.rules.grammar import at_word_starts_of_any, fold, letter_scans, slug, spelling_char, trie
from pipeline.rules.compiled import compiled

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
        self.first_letters: dict[str, set[str]] = {}   # key(spelling) -> its first letters as written ("Al Qaeda", "al Qaeda")
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

    def is_name(self, written: str) -> bool:
        """Whether ``written`` is, whole, the name of a known organization (not an acronym): "Victoria Secret"."""
        return key(written) in self.names

    def _add(self, spelling: Spelling) -> None:
        table, found = (self.acronyms, spelling.written) if spelling.is_acronym else (self.names, key(spelling.written))
        if not spelling.is_acronym:   # spellings that differ in their first letter's case alone share a key
            self.first_letters.setdefault(found, set()).add(spelling.written.strip()[0])
        known = table.get(found)
        if known is not None and known.org.org_id != spelling.org.org_id:
            raise patterns.PatternError(f"{spelling.org.source}: {spelling.written!r} names both "
                                        f"{known.org.org_id!r} and {spelling.org.org_id!r}")
        if known is None or (known.after_classifier and not spelling.after_classifier):
            table[found] = spelling

    def _compile(self) -> re.Pattern:
        """One trie of every spelling, branching first on the first letter: names (the rest in
        any case) before acronyms (as written) under each letter. No leading lookbehind: ``re``
        then skips ahead to the letters a spelling can start with (:meth:`finditer` checks that a
        word starts there)."""
        names: dict[str, list[str]] = {}
        for found in self.names:
            for first in self.first_letters[found]:
                names.setdefault(first, []).append(found[1:])
        acronyms: dict[str, list[str]] = {}
        for acronym in self.acronyms:
            acronyms.setdefault(acronym[0], []).append(acronym[1:])
        branches = []
        # branches of a lower-case first letter first: the scan stops at each of its letters and tries
        # the branches in turn, and "c", "h", "i", "s" within words are most of its stops (the
        # branches start with distinct letters: their order changes no match)
        for first in sorted(set(names) | set(acronyms), key=lambda letter: (not letter.islower(), letter)):
            tails = []
            if first in names:   # group "name": a name matched, not an acronym
                tails.append(f"(?P<name{len(branches)}>(?i:" + trie(names[first], char=spelling_char) + r"))(?!\w)")
            if first in acronyms:
                tails.append("(?:" + trie(acronyms[first], char=spelling_char) + r")(?![\w&]|-[^\W\d_])")
            branches.append((first, "(?:" + "|".join(tails) + ")"))
        self.scans = letter_scans(branches)   # what finditer reads: the pattern, a lower-case letter apart
        # stdlib re: ten times faster than regex on a large trie; \w is Unicode there ([^\W\d_] a letter)
        return compiled(re, "|".join(re.escape(first) + rest for first, rest in branches))

    def spelling(self, m: re.Match) -> Spelling:
        """The spelling a match of :attr:`pattern` wrote."""
        if m.lastgroup is None:
            return self.acronyms[m.group()]
        spelling = self.names[key(m.group())]
        if spelling.after_classifier and m.group() in self.acronyms:   # "CARE" alone: the acronym, not "Tổ chức CARE"
            return self.acronyms[m.group()]
        return spelling

    @staticmethod
    def _starts_word(text: str, m: re.Match) -> bool:
        """No letter, digit or "_" before the match (nor "&" or "-" before an acronym)."""
        if not m.start():
            return True
        before = text[m.start() - 1]
        return not (before.isalnum() or before == "_" or (m.lastgroup is None and before in "&-"))

    def finditer(self, text: str):
        """(match, spelling) of every known name in ``text``, left to right, none overlapping (what
        searching :attr:`pattern` on from each name's end, or the next character, finds)."""
        for m in at_word_starts_of_any(self.scans, text, self._starts_word):
            yield m, self.spelling(m)

    def match(self, text: str, pos: int) -> tuple[re.Match, Spelling] | None:
        """The known organization written at ``pos``, or None."""
        m = self.pattern.match(text, pos)
        return (m, self.spelling(m)) if m and self._starts_word(text, m) else None


@patterns.resource
def known_names() -> KnownNames:
    """The known organizations, compiled once per process."""
    return KnownNames(patterns.load_csv("foreign_orgs.csv"), patterns.load_csv("acronyms.csv"))
