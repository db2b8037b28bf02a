"""The words the organization rules start from, found in one pass over an article's text.

The organizations extractor starts from five lists of words: the heads of its grammar ("Ủy ban
nhân dân", "Sở", "UBND"), the titles that end with a head ("Trưởng ban"), the known names
("KOICA", "Plan International"), the keywords of Latin-script names ("Foundation") and the
foreign countries. Each list is literal branches, each starting with a letter as written. Read
one by one, the lists took 23 scans of the text (:func:`pipeline.rules.grammar.letter_scans`: one
per lower-case first letter, which ``re`` skips ahead to, and one for the capitals, which tests
every character), four of them stopping at every capital: 150 us an article.

:class:`WordLists` reads them together: one scan per lower-case first letter of any list and
one for the other first letters of all, which stop where some list matches (100 us). There, each
list with a branch starting with that letter is matched (most places start one list's word only),
so that each list gets exactly what its own scans gave: every match at a word start, then left to
right, none overlapping (:func:`pipeline.rules.grammar.at_word_starts_of_any`).

    >>> lists = WordLists([WordList("heads", [("S", "ở"), ("B", "an")]), WordList("places", [("S", "ơn La")])])
    >>> {name: [m.group() for m in found] for name, found in lists.read("Sở Sơn La, Ban").items()}
    {'heads': ['Sở', 'Ban'], 'places': ['Sơn La']}
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from pipeline.rules.compiled import compiled


@dataclass(frozen=True)
class WordList:
    """One list of words: ``branches`` (first letter as written, regex source of the rest), each
    followed by ``after``; ``starts_word(text, match)`` tells a word start (else: no letter, digit
    or "_" before); ``pattern`` is matched where a branch may start (else: the branches' alternation)."""

    name: str
    branches: list[tuple[str, str]]
    after: str = ""
    starts_word: Callable[[str, re.Match], bool] | None = None
    pattern: re.Pattern | None = None

    def whole(self) -> re.Pattern:
        """The pattern matched at a place: the branches of the place's first letter are tried in
        their order there, as the list's own scan of that letter tries them."""
        return self.pattern or compiled(re, "(?:" + "|".join(re.escape(first) + rest for first, rest in self.branches)
                                        + ")" + self.after)


class WordLists:
    """Several :class:`WordList` read in one pass (see the module's docstring)."""

    def __init__(self, lists: list[WordList]):
        self.names = [word_list.name for word_list in lists]
        rests: dict[str, list[str]] = {}   # a first letter -> what may follow it in some list
        #: a first letter -> (number, pattern, starts_word) of each list with a branch starting with it
        self.readers: dict[str, list[tuple[int, re.Pattern, Callable | None]]] = {}
        for number, word_list in enumerate(lists):
            whole = word_list.whole()
            for first, rest in word_list.branches:
                rests.setdefault(first, []).append("(?:" + rest + ")" + word_list.after)
                readers = self.readers.setdefault(first, [])
                if not readers or readers[-1][0] != number:
                    readers.append((number, whole, word_list.starts_word))

        def branch(first: str) -> str:
            return re.escape(first) + "(?:" + "|".join(dict.fromkeys(rests[first])) + ")"

        # a lower-case letter alone: re skips ahead to it in a tight loop; the capitals (and any
        # other first character) together, each under its letter so that re tests a character once
        lower = sorted(first for first in rests if first.islower())
        others = sorted(first for first in rests if not first.islower())
        self.scans = [compiled(re, branch(first)) for first in lower] \
            + ([compiled(re, "|".join(map(branch, others)))] if others else [])

    def places(self, text: str) -> list[int]:
        """Where a word of some list starts (a word start or not), in order."""
        found = set()
        for scan in self.scans:
            m = scan.search(text)
            while m is not None:
                found.add(m.start())
                m = scan.search(text, m.start() + 1)
        return sorted(found)

    def read(self, text: str) -> dict[str, list[re.Match]]:
        """Each list's name -> its matches at word starts, left to right, none overlapping."""
        found: list[list[re.Match]] = [[] for _ in self.names]
        last = [0] * len(self.names)
        for start in self.places(text):
            for number, pattern, starts_word in self.readers[text[start]]:
                if start < last[number]:
                    continue
                m = pattern.match(text, start)
                if m is None:
                    continue
                if (not start or not (text[start - 1].isalnum() or text[start - 1] == "_")) if starts_word is None \
                        else starts_word(text, m):
                    found[number].append(m)
                    last[number] = m.end()
        return dict(zip(self.names, found))
