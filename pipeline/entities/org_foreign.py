"""Foreign organizations that no file lists: Latin-script names and lists after a cue.

    >>> foreign = foreign_names()
    >>> [m.group() for m in foreign.latin_re.finditer("do Pathfinder International và Zhishan Foundation Taiwan tài trợ")]
    ['Pathfinder International', 'Zhishan Foundation']
    >>> [item for item, *_ in foreign.list_items("Các tổ chức như: MAG, ICCO, FFI và CHIA đã tài trợ", 0)]
    ['MAG', 'ICCO', 'FFI', 'CHIA']

The rules are data (``organizations.yaml`` `latin_names` and `lists`). A Latin-script name
is capitalised foreign words (no Vietnamese letter) with one of the `keywords` (Foundation,
International, Relief...), ending at the last keyword; a list is the acronyms and names
after "các tổ chức như:", "gồm:", up to the end of the sentence.
"""
from __future__ import annotations

import re

import regex

from pipeline.rules import patterns
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import (DASH, SPACE, alternation, at_word_starts_of_any, first_plane, letter_scans,
                                   literals, lower_case, matches_from, skipping_scan, spelling_pattern, starts_of,
                                   trie)


class ForeignNames:
    """The compiled `latin_names` and `lists` of ``organizations.yaml``."""

    def __init__(self):
        spec = patterns.load_yaml("organizations.yaml")
        latin, lists = spec["latin_names"], spec["lists"]
        word, keyword = latin["word"], "(?:" + literals(latin["keywords"]) + ")"
        join = SPACE + "(?:(?:" + literals(latin["connectors"]) + ")" + SPACE + ")*"
        # stdlib re throughout: the keywords are rare, the words before them are read backwards from each
        self.keyword_re = compiled(re, keyword + r"(?!\w)")   # read with at_word_starts
        self.keyword_scans = keyword_scans(latin["keywords"])    # ... as names() reads it
        self.before_keyword_re = compiled(re, r"(?<![\w’'.\-])(?:" + word + join + "){1," + str(latin["max_words"] - 1) + r"}\Z")
        self.between_keywords_re = re.compile(join + r"\Z")
        self.word_re = re.compile(word)
        self.is_keyword_re = compiled(re, keyword + r"\Z")
        self.cue_re = compiled(regex, "(?:" + alternation(spelling_pattern(c, False) for c in latin["classifier_cues"])
                             + ")" + SPACE + r"\Z")
        nouns = "|".join(SPACE.join(map(re.escape, noun.split())) for noun in lists["cue_nouns"])
        self.list_re = compiled(re, r"(?<!\w)(?:" + nouns + ")" + lists["cue"], re.IGNORECASE)
        self.list_scan = skipping_scan(self.list_re)   # the cue in any case: read where one of its first letters stands
        # ... or where its first word stands in the lower case
        self.list_openings = [noun.split()[0].lower() for noun in lists["cue_nouns"]]
        self.not_lowered = not_lowered(self.list_openings)
        self.item_re = compiled(re, r"(?P<item>" + lists["acronym"] + r"|" + word + "(?:" + join + word + "){0,5})"
                                    r"(?!\w)")
        self.separator_re = re.compile(r"[^\S\n]*(?:,[^\S\n]*(?:và[^\S\n]+)?|[^\S\n]+và[^\S\n]+|" + DASH + ")")
        self.acronym_re = re.compile(lists["acronym"] + r"\Z")
        self.foreign_cue = [c.casefold() for c in lists["foreign_cue"]]

    def names(self, text: str):
        """(start, end) of every Latin-script name in ``text``, leading Vietnamese words left out
        ("Theo Pathfinder International" -> "Pathfinder International")."""
        spans: list[list[int]] = []
        for keyword in at_word_starts_of_any(self.keyword_scans, text):
            if spans and self.between_keywords_re.match(text, spans[-1][1], keyword.start()):
                spans[-1][1] = keyword.end()   # "... International Relief": the name ends at the last keyword
                continue
            window = max(0, keyword.start() - 160)
            line_start = text.rfind("\n", window, keyword.start()) + 1
            before = self.before_keyword_re.search(text, max(line_start, window), keyword.start())
            if before and (before.start() == 0 or not text[before.start() - 1].isalnum()):
                spans.append([before.start(), keyword.end()])
        for start, end in spans:
            words = list(self.word_re.finditer(text, start, end))
            while words and syllable_re().fullmatch(words[0].group()) and not self.is_keyword_re.match(words[0].group()):
                words.pop(0)
            if len(words) >= 2:
                yield words[0].start(), end

    def is_name(self, name: str) -> bool:
        """True if ``name`` is a Latin-script organization name ("Zhishan Foundation")."""
        return any(span == (0, len(name)) for span in self.names(name))

    def cue_before(self, text: str, start: int) -> bool:
        """True if a classifier cue ("của", "các", "với", "đại diện") stands right before ``start``."""
        return bool(self.cue_re.search(text, max(0, start - 20), start))

    def list_items(self, text: str, start: int, end: int | None = None):
        """(item, start, end, foreign) of every organization of a list after a cue in
        text[start:end]; ``foreign`` when the cue says its members come from abroad."""
        found = []
        for cue in self.cues(text, start, end):
            context = text[max(0, cue.start() - 60):cue.end()].casefold()
            foreign = any(word in context for word in self.foreign_cue)
            pos = cue.end()
            while True:
                item = self.item_re.match(text, pos)
                if not item:
                    break
                found.append((item.group("item"), item.start(), item.end(), foreign))
                separator = self.separator_re.match(text, item.end())
                if not separator:
                    break
                pos = separator.end()
        return found

    def cues(self, text: str, start: int, end: int | None):
        """``list_re.finditer(text, start, end)``, matched only where the text's lower case has one of the
        cue nouns' first words (found with ``str.find``; the skipping scan stops at every "t" and "n" and
        tries the cue there: 40 us an article). Where the cue matches, each of its letters stands in the lower
        case of a text that has none of the characters of :func:`not_lowered` and keeps its length (else the
        scan reads the text)."""
        lowered = lower_case(text)
        if len(lowered) != len(text) or any(char in text for char in self.not_lowered):
            yield from matches_from(self.list_re, self.list_scan, text, start, end)
            return
        endpos, pos = len(text) if end is None else end, start
        for at in starts_of(lowered, self.list_openings):
            if pos <= at < endpos and (cue := self.list_re.match(text, at, endpos)) is not None:
                yield cue
                pos = cue.end()


#: the characters whose case :func:`not_lowered` reads (none after them is read by ``re`` in any case as a
#: letter of the cue's openings that it does not lower-case to: tests/test_skipping_scan.py reads them all)
_CASES_READ = 0x3000


def not_lowered(words: list[str]) -> tuple[str, ...]:
    """The characters that ``re`` in any case matches with a letter of the lower-case ``words`` though
    their lower case (alone or after a letter: the Greek final sigma) is not that letter ("ı" and "İ" for
    "i", "ſ" for "s"). In a text without them, each letter of the words that ``re`` in any case matches
    stands as that letter in the text's lower case (if it keeps the text's length)."""
    read = first_plane()[:_CASES_READ]
    letters = sorted(set("".join(words)))
    found = re.findall("[" + "".join(map(re.escape, letters)) + "]", read, re.IGNORECASE)
    return tuple(sorted({char for char in found for letter in letters
                         if re.fullmatch(re.escape(letter), char, re.IGNORECASE)
                         and not char.lower() == ("a" + char).lower()[1:] == letter}))


def keyword_scans(keywords) -> list[re.Pattern]:
    """What :func:`rules.grammar.at_word_starts_of_any` reads to find the keywords of Latin names as
    ``at_word_starts`` finds their alternation (longest first, then no letter, digit or "_"): a
    trie of each first letter's keywords (of the keywords that match at one place, all of one path,
    it too tries the longest first), "gGmbH" and "e.V." apart. The alternation stopped at every "g"
    and "e" of a text and tried each keyword there (19 us an article)."""
    by_first: dict[str, list[str]] = {}
    for keyword in keywords:
        by_first.setdefault(keyword[0], []).append(keyword[1:])
    return letter_scans([(first, "(?:" + trie(rests, char=re.escape) + ")") for first, rests in sorted(by_first.items())],
                        r"(?!\w)")


@patterns.resource
def syllable_re() -> regex.Pattern:
    """A Vietnamese syllable, any case, with or without marks (onsets and codas of
    ``tone_marks.yaml``): "An", "Việt", "Minh" are; "Zhishan", "Lions", "Plan" are not."""
    spec = patterns.load_yaml("tone_marks.yaml")
    vowels = "[aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
    onsets = "|".join(sorted([*spec["onsets"], "gi", "qu"], key=len, reverse=True))
    codas = "|".join(sorted(spec["codas"], key=len, reverse=True))
    return regex.compile(f"(?i)(?:{onsets})?{vowels}{{1,3}}(?:{codas})?")


@patterns.resource
def foreign_names() -> ForeignNames:
    """The Latin-name and list rules, compiled once per process."""
    return ForeignNames()
