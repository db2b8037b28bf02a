"""Regex building blocks shared by every pattern of tintrich.

    >>> regex.compile(BEFORE + "(?:" + phrases(["tỉnh", "thành phố"]) + ")" + AFTER)
    >>> fold("Hội Việt – Mỹ")
    'hội việt-mỹ'

Names never run over a line break (:data:`SPACE`); a word starts where no letter
or digit stands before it (:data:`BEFORE`) and ends where none follows (:data:`AFTER`).
"""
from __future__ import annotations

import functools
import re
import struct
import unicodedata

import regex

from pipeline.rules.compiled import compiled

#: no letter or digit right before: a word starts here
BEFORE = r"(?<![\p{L}\p{N}])"
#: no letter or digit right after: a word ends here
AFTER = r"(?![\p{L}\p{N}])"
#: spaces inside one line (a name never runs over a line break)
SPACE = r"[^\S\n]+"
#: a dash with optional spaces inside one line
DASH = r"[^\S\n]*[-–—][^\S\n]*"

_FOLD_DASH = regex.compile(r"\s*[-–—]\s*")
_SPACE_RUN = regex.compile(SPACE)
_SLUG_DROP = regex.compile(r"['’.]")
_SLUG_THE = regex.compile(r"^the\s+")
_SLUG_JOIN = regex.compile(r"[^a-z0-9]+")


def phrases(words) -> str:
    """Regex source: the phrases as alternatives, longest first, any run of spaces between words.

    ``phrases(["ước đạt", "đạt"])`` -> ``'ước\\s+đạt|đạt'``
    """
    return "|".join(r"\s+".join(map(regex.escape, w.split())) for w in longest_first(words))


def literals(words) -> str:
    """Regex source: the words as written (escaped), longest first. ``literals(["TP.", "tỉnh"])``"""
    return "|".join(regex.escape(w) for w in longest_first(words))


def alternation(sources) -> str:
    """Regex sources as alternatives, longest first, duplicates dropped."""
    return "|".join(longest_first(set(sources)))


def longest_first(words) -> list[str]:
    """Longest first, then in alphabetical order: the same source in every process, whatever
    order a set gave (a pattern's text is its key in :mod:`pipeline.rules.compiled`)."""
    return sorted(words, key=lambda word: (-len(word), word))


#: what joins two words of a spelling (a dash with optional spaces, or spaces), and a dash in it
_SPELLING_JOINT = regex.compile(r"(\s*[-–—]\s*|\s+)")
_SPELLING_DASH = regex.compile(r"[-–—]")


def _spelling_parts(spelling: str) -> list[str]:
    """The words of ``spelling`` and, between each two, the regex source of what joins them: any dash with optional
    spaces (DASH) or any run of spaces (SPACE). The patterns compiled once: ``regex.split`` given a pattern's text
    looks it up in regex's cache at every call (some 1,800 calls at start-up: 30 -> 6 us each)."""
    pieces = _SPELLING_JOINT.split(spelling.strip())
    return [(DASH if _SPELLING_DASH.search(piece) else SPACE) if number % 2 else piece for number, piece in enumerate(pieces)]


def spelling_pattern(spelling: str, first_letter_as_written: bool = True) -> str:
    """A regex for one spelling: 'Sở Ngoại vụ' matches 'Sở ngoại  vụ' but not 'sở Ngoại vụ'."""
    out = []
    for number, piece in enumerate(_spelling_parts(spelling)):
        if number % 2:
            out.append(piece)
        elif number == 0 and first_letter_as_written:
            out.append(regex.escape(piece[0]) + (f"(?i:{regex.escape(piece[1:])})" if piece[1:] else ""))
        else:
            out.append(f"(?i:{regex.escape(piece)})")
    return "".join(out)


def first_letters_ahead(spellings) -> str:
    """Regex source of a lookahead for the first letters of ``spellings`` as written (each one's pattern starts with
    its first letter as written, or, inside ``(?i:...)``, in any case): a long alternation behind it, the countries, a
    qualifier's words, is then entered only where one may start; elsewhere, most of the time, no alternative is tried
    (2-7 us a call; the qualifier before a number: 2.8 -> 0.7 us)."""
    return "(?=[" + "".join(regex.escape(letter) for letter in sorted({s.strip()[0] for s in spellings})) + "])"


def spelling_chars(spelling: str, first_letter_as_written: bool = True) -> list[str]:
    """The regex source of each character of ``spelling`` as :func:`spelling_pattern` reads it: the first letter as
    written (or not), the others in any case (in lower case where regex's (?i) makes it one case of the letter, so
    that one spelling in two cases is one), a space any run of spaces and a dash any dash with optional spaces."""
    chars = []
    for number, piece in enumerate(_spelling_parts(spelling)):
        if number % 2:
            chars.append(piece)
            continue
        for at, char in enumerate(piece):
            as_written = first_letter_as_written and not (number or at)
            chars.append(regex.escape(char) if as_written else _any_case(char))
    return chars


@functools.lru_cache(maxsize=None)
def _any_case(char: str) -> str:
    """The regex source of ``char`` in any case: its lower case where regex's (?i) makes it one case of the letter
    (read once per character: the tries of titles and countries ask some 6,600 times at start-up)."""
    lower = char.lower() if regex.fullmatch("(?i:" + regex.escape(char) + ")", char.lower()) else char
    return "(?i:" + regex.escape(lower) + ")"


def spellings_pattern(spellings, first_letter_as_written: bool = True, backwards: bool = False) -> str:
    """Regex source of the alternation of ``spelling_pattern`` of the spellings (countries, titles), their common starts
    factored out, so that a try reads a letter once for all the spellings that share it, not each of them in turn (the
    245 countries of an envoy's posting: 9 -> 2 us; a title: 7 -> 3 us); ``backwards``: their common endings, for a
    pattern searched backwards (rules.endings: 4.1 -> 1.3 us a country before a name). Where one spelling starts
    another, the longer is tried first, as in the alternation (longest first): where two match, the same one is found."""
    root: dict = {}
    for spelling in spellings:
        node, chars = root, spelling_chars(spelling, first_letter_as_written)
        for char in reversed(chars) if backwards else chars:
            node = node.setdefault(char, {})
        node[None] = {}   # a spelling ends here (starts here, backwards)

    def source(node: dict) -> str:
        branches = [source(node[char]) + char if backwards else char + source(node[char])
                    for char in sorted(c for c in node if c is not None)] + [""] * (None in node)
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return source(root)


#: how many recent arguments ``fold`` and ``slug`` remember: an article asks for the same titles,
#: heads and names again and again (about 57 folds and 10 slugs per article, a few distinct)
_REMEMBERED = 4096


@functools.lru_cache(maxsize=_REMEMBERED)
def fold(text: str) -> str:
    """The lookup key of a spelling: case, spaces and dash variants folded.

    ``fold("Hội Việt – Mỹ") == fold("hội  việt-mỹ") == "hội việt-mỹ"``
    """
    text = " ".join(text.split())
    if "-" in text or "–" in text or "—" in text:
        text = _FOLD_DASH.sub("-", text)
    return text.casefold()


def space_after(text: str, pos: int) -> int | None:
    """The offset of the next word if only spaces (no line break) separate it from ``pos``."""
    m = _SPACE_RUN.match(text, pos, pos + 8)
    return m.end() if m else None


def lines_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, trimmed (the lines cut with ``str.split``: a regex
    match per line took two and a half times as long)."""
    found, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:   # its first character is the first of the line that is no whitespace
            start = offset + line.find(stripped[0])
            found.append((start, start + len(stripped)))
        offset += len(line) + 1
    return found


def trie(words, tails: dict | None = None, char=regex.escape) -> str:
    """Regex source matching exactly the given literal strings, their common prefixes
    factored out, so that a failing position is left after a character or two however
    many strings there are (one pass over the text for a whole gazetteer). ``tails``
    maps a string to regex source that must follow it (a condition checked only there);
    ``char`` gives the regex source of one character (``spelling_char``: any run of spaces
    for a space, any dash for a dash).

    ``trie(["hoà", "hoè", "hủa"])`` -> ``'h(?:o[àè]|ủa)'``
    """
    tails = tails or {}
    ends = {word: tails.get(word, "") for word in words}   # each string once, with its tail
    if not ends:
        return ""
    return _trie_source(sorted(ends), 0, len(ends), 0, ends, _remembered(char))


@functools.lru_cache(maxsize=None)
def _remembered(char):
    """``char``, remembering each character's source: once per process, not once per node nor per
    trie (161 tries, 3,300 nodes of the organizations alone are built at start-up, over a few dozen letters)."""
    return functools.lru_cache(maxsize=None)(char)


def at_sentence_start(text: str, start: int) -> bool:
    """True where ``start`` opens a line or a sentence (after ". ", "! ", "? ", ": ", "… ", a quote)."""
    before = text[max(0, start - 3):start].rstrip(" \t\"“'")
    return not before or before[-1] in ".!?:…\n"


def at_word_starts(pattern, text: str):
    """The matches of ``pattern`` (a stdlib ``re`` pattern of words) that start a word, left to
    right, none overlapping. The check that no letter, digit or "_" stands before is made here
    rather than with a leading ``(?<!\\w)``, which keeps ``re`` from skipping ahead to the
    first letters a literal pattern can start with (four times slower on a trie of names)."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            pos = start + 1
            continue
        yield m
        pos = max(m.end(), start + 1)


#: the characters whose cases :func:`skipping_scan` reads, one by one, with the pattern's own engine
#: (Latin, Vietnamese letters included); a match may start at any other character as far as it knows
_CASES_READ = [*range(0x250), *range(0x1E00, 0x1F00)]
#: the inline flags a pattern's own flags are written with inside the scan
_INLINE = (("a", re.ASCII), ("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL), ("x", re.VERBOSE))


def skipping_scan(pattern: re.Pattern) -> re.Pattern | None:
    """A stdlib ``re`` pattern that matches one character exactly where ``pattern`` matches: a class
    of the characters its matches start with (in any case, for a pattern in any case), which ``re``
    skips ahead to in a tight loop, then ``pattern`` itself in a lookahead. A pattern in any case has
    no such start of its own, so that ``re`` tries it at every character (three times slower on an
    article). None for a pattern that does not start with a literal in every branch, or may match empty,
    and where CPython's parser (a private module) reads otherwise: the caller then reads the pattern
    at every position, as before.

    >>> [m.start() for m in skipping_scan(re.compile(r"(?<!\\w)(?:tổ|nhà)", re.I)).finditer("Tổ chức, nhà; ổ tổ")]
    [0, 9, 16]
    """
    try:   # CPython's own parser, as pipeline.rules.compiled reads it: another Python's, no scan
        from re import _parser
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        firsts = _first_literals(parsed.data)
    except Exception:
        return None
    if not firsts or parsed.getwidth()[0] == 0:
        return None
    letters = re.compile("[" + "".join(map(re.escape, map(chr, sorted(firsts)))) + "]",
                         pattern.flags & (re.IGNORECASE | re.ASCII))
    # written as the characters read that no match starts with, negated (a class of the others up to the last
    # character compiles in 12 ms, this one in well under one)
    never = _as_ranges([code for code in _CASES_READ if not letters.fullmatch(chr(code))])
    inline = "".join(letter for letter, flag in _INLINE if pattern.flags & flag)
    body = f"(?{inline}:{pattern.pattern})" if inline else f"(?:{pattern.pattern})"
    try:
        return compiled(re, f"[^{never}](?<=(?={body})(?s:.))")
    except re.error:   # global flags written inside the pattern: no scan
        return None


def first_letters(source: str) -> set[str] | None:
    """The characters every match of the stdlib ``re`` source ``source`` starts with (the first
    literal of each of its branches, zero-width assertions passed over), or None where a match may
    start with something else, or CPython's parser (a private module) reads otherwise.

    ``first_letters("(?:GS|PGS|TS)\\.?")`` -> ``{'G', 'P', 'T'}``
    """
    try:
        from re import _parser
        firsts = _first_literals(_parser.parse(source).data)
    except Exception:
        return None
    return None if firsts is None else set(map(chr, firsts))


def _as_ranges(codes: list[int]) -> str:
    """Regex class source of the characters ``codes`` (ascending), each run of them as one range."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in runs)


def _first_literals(items) -> set[int] | None:
    """The literal characters (codes) the parsed items start with, zero-width assertions passed
    over, or None when they may start with something else."""
    from re import _constants as sre
    for op, av in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue
        if op is sre.LITERAL:
            return {av}
        if op is sre.SUBPATTERN and not av[1] and not av[2]:   # a group that changes no flag
            return _first_literals(av[3].data)
        if op is sre.BRANCH:
            found = [_first_literals(branch.data) for branch in av[1]]
            return None if any(f is None for f in found) else set().union(*found)
        return None
    return None


def matches_from(pattern: re.Pattern, scan: re.Pattern | None, text: str, pos: int = 0, endpos: int | None = None):
    """``pattern.finditer(text, pos, endpos)`` read where ``scan`` (:func:`skipping_scan`) stops."""
    endpos = len(text) if endpos is None else endpos
    if scan is None:
        yield from pattern.finditer(text, pos, endpos)
        return
    while (stop := scan.search(text, pos, endpos)) is not None:
        m = pattern.match(text, stop.start(), endpos)
        yield m
        pos = m.end()


def starts_of(text: str, words) -> list[int]:
    """Every offset where one of the literal ``words`` starts in ``text``, ascending, each once
    (found with ``str.find``)."""
    starts = set()
    for word in words:
        start = text.find(word)
        while start >= 0:
            starts.add(start)
            start = text.find(word, start + 1)
    return sorted(starts)


def matches_where(pattern: regex.Pattern, starts, text: str):
    """What ``pattern.finditer(text)`` finds, ``pattern`` tried only at ``starts`` (ascending offsets, among them every
    place a match of it starts: :func:`scan_starts`, ``starts_of``): ``regex`` tries a pattern that opens with a
    lookbehind or an alternation at every character of a text (25 ns each: the local places' scan took 80 us an
    article), ``re`` and ``str.find`` skip ahead to the first letters of a literal. A lookbehind of ``pattern`` still
    reads the text before."""
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)) is not None:
            yield m
            end = m.end()


def scan_starts(scan: re.Pattern, text: str):
    """Every offset where ``scan`` matches in ``text``, overlapping matches too, ascending."""
    m = scan.search(text)
    while m is not None:
        yield m.start()
        m = scan.search(text, m.start() + 1)


def words_at(text: str, words, before, after) -> list[tuple[int, int]]:
    """(start, end) of the literal ``words`` in ``text`` where the zero-width patterns ``before``
    matches at the start and ``after`` at the end, left to right, none overlapping, the longest
    first at one place: what ``finditer`` of "before(?:word|word...)after" finds, without compiling
    a pattern of an article's own words (short forms, names), which took longer than the search."""
    found, last = [], 0
    longest = longest_first(words)
    for start in starts_of(text, words):
        if start < last or not before.match(text, start):
            continue
        end = next((start + len(word) for word in longest
                    if text.startswith(word, start) and after.match(text, start + len(word))), None)
        if end is not None:
            found.append((start, end))
            last = end
    return found


class Phrases:
    """Where the phrases of a list stand in a text, in any case, with any run of spaces between
    their words, at word starts and ends, none overlapping (the longest first): one trie read
    over the lower-cased text with ``re`` (a long text: one per first letter), about four times
    faster than a case-insensitive alternation of ``regex`` (pass ``lowered`` when the caller has
    the lower-cased text already).

    >>> [m.span() for m in Phrases(["vốn đối ứng", "đối ứng"]).finditer("Vốn  đối ứng của tỉnh")]
    [(0, 12)]
    """

    def __init__(self, words, case: bool = False):
        """``case``: match the phrases as written (capitals included) rather than in any case."""
        self.case = case
        spellings = {" ".join((w if case else w.lower()).split()) for w in words}
        self.spellings = spellings
        self.pattern = _phrases_pattern(spellings)

    @functools.cached_property
    def any_case(self) -> re.Pattern:
        """The pattern in any case, for a text whose lower case changes its length: compiled
        when one comes (rarely), not at start-up."""
        return re.compile(self.pattern.pattern, re.IGNORECASE)

    @functools.cached_property
    def by_first_letter(self) -> list[re.Pattern]:
        """The phrases again, one pattern per first letter: ``re`` skips ahead to one letter in a
        tight loop, to one of a set of letters about six times slower (a call per character), so
        that a long text is read sooner once per first letter than once for all, up to about sixteen
        letters (none for one letter, which ``pattern`` skips ahead to already, nor for an empty phrase).
        Past sixteen letters, each lower-case letter still gets a pattern of its own and the others (the
        capitals of names, rare in a text, which a set of letters stops at seldom) share one: the places
        abroad, 22 capitals and two lower-case letters, 33 -> 24 us an article in three scans."""
        if "" in self.spellings:
            return []
        groups = letter_groups(self.spellings)
        if not 1 < len(groups) <= _MOST_LETTERS:
            return []
        return [_phrases_pattern(group) for group in groups]

    def finditer(self, text: str, lowered: str | None = None):
        if not text and "" not in self.spellings:   # (half the windows the metrics read are empty)
            return iter(())
        if not self.case:
            lowered = lower_case(text) if lowered is None else lowered
            if len(lowered) != len(text):
                return at_word_starts(self.any_case, text)
            text = lowered
        if self.by_first_letter and len(text) >= _READ_BY_LETTER * len(self.by_first_letter):
            return at_word_starts_of_any(self.by_first_letter, text)
        return at_word_starts(self.pattern, text)


#: characters of text per first letter from which :class:`Phrases` reads a text once per first letter
#: (measured on whole articles: 13 letters, 51 us rather than 64; 25 capitals, 37 rather than 33)
_READ_BY_LETTER = 100
_MOST_LETTERS = 16


def letter_groups(spellings) -> list[list[str]]:
    """The spellings by first letter (:meth:`Phrases.by_first_letter`); past sixteen letters, those
    of each lower-case letter apart and all the others together. No spelling of one group starts
    with a letter of another: tries of the groups never match at one place, as
    :func:`at_word_starts_of_any` wants."""
    by_first: dict[str, list[str]] = {}
    for spelling in spellings:
        by_first.setdefault(spelling[:1], []).append(spelling)
    groups = [group for _, group in sorted(by_first.items())]
    if len(groups) <= _MOST_LETTERS:
        return groups
    others = [spelling for group in groups if not group[0][:1].islower() for spelling in group]
    return [group for group in groups if group[0][:1].islower()] + ([others] if others else [])


def _phrases_pattern(spellings) -> re.Pattern:
    """Built once per list (or per letter of a list), at start-up or first use: kept in the compile cache
    (43 of them took 10.6 ms to compile, the largest eight 7.5 ms)."""
    return compiled(re, "(?:" + trie(spellings, char=_phrase_char) + r")(?!\w)")


def at_word_starts_of_any(patterns: list, text: str, starts_word=None):
    """What :func:`at_word_starts` gives for the alternation of ``patterns`` (no two of which
    match at one place): every match of each at a word start, then left to right, none overlapping.
    ``starts_word(text, match)``: another test of a word start than no letter, digit or "_" before."""
    last = 0
    for m in _all_at_word_starts(patterns, text, starts_word):
        if m.start() >= last:
            yield m
            last = m.end()


def _all_at_word_starts(patterns: list, text: str, starts_word=None) -> list[re.Match]:
    """Every match of each of ``patterns`` at a word start (overlapping ones too), left to right."""
    found = []
    for pattern in patterns:
        m = pattern.search(text)
        while m is not None:
            start = m.start()
            if (not start or not (text[start - 1].isalnum() or text[start - 1] == "_")) if starts_word is None \
                    else starts_word(text, m):
                found.append(m)
            m = pattern.search(text, start + 1)
    found.sort(key=re.Match.start)
    return found


#: a word's letters and digits: where a phrase that starts with them may stand (see :class:`PhraseLists`)
_WORD = re.compile(r"\w+")


class PhraseLists:
    """Several lists of phrases (:class:`Phrases`, all in any case or all as written) read in one text
    together: one scan of the text per first letter of all their phrases (as :meth:`Phrases.by_first_letter`
    groups them: 19 letters for the six lists that facts read in any case in an article, rather than
    56 scans of the lists one by one), then, at each place where one of them starts, each list that
    has a phrase beginning with the word written there is matched there.

    A phrase matches only where its first word (its letters and digits up to the first other
    character) is the whole word written there, so that the lists of the other words cannot match
    there; a list's match at a place is its trie's, so that each list gets exactly the matches of
    its own ``finditer``, left to right, none overlapping. Where one list alone has a phrase starting
    with that word, the scan's match is that list's and is not matched again: every phrase that can
    match there starts with the word, so is that list's, and both tries try them in one order (their
    letters sorted, a longer phrase before the one it extends).

    ``PhraseLists([Phrases(["dự kiến"]), Phrases(["dự", "hiện"])]).finditer_all("Dự kiến thực hiện")``:
    the first list's match (0, 7), the second's (0, 2) and (13, 17).
    """

    def __init__(self, lists):
        self.lists = list(lists)
        self.case = self.lists[0].case
        if any(phrases.case != self.case or "" in phrases.spellings for phrases in self.lists):
            raise ValueError("lists of phrases all in any case or all as written, with no empty phrase")
        self.readers: dict[str, list[int]] = {}   # a first word -> the lists that have a phrase starting with it
        for number, phrases in enumerate(self.lists):
            for spelling in phrases.spellings:
                word = _WORD.match(spelling)
                readers = self.readers.setdefault(word.group() if word else "", [])
                if number not in readers:
                    readers.append(number)
        spellings = set().union(*(phrases.spellings for phrases in self.lists))
        self.scans = [_phrases_pattern(group) for group in letter_groups(spellings)]

    def finditer_all(self, text: str, lowered: str | None = None) -> list[list[re.Match]]:
        """Per list, in order, the matches of its ``finditer(text, lowered)``."""
        read = text if self.case else lower_case(text) if lowered is None else lowered
        if len(read) != len(text):   # (a lower case of another length: each list reads the text in any case)
            return [list(phrases.finditer(text, lowered)) for phrases in self.lists]
        found: list[list[re.Match]] = [[] for _ in self.lists]
        last = [0] * len(self.lists)
        for place in _all_at_word_starts(self.scans, read):
            start = place.start()
            word = _WORD.match(read, start)
            readers = self.readers.get(word.group() if word else "", ())
            if len(readers) == 1:   # the scan's match is the list's (see the class's docstring)
                if start >= last[readers[0]]:
                    found[readers[0]].append(place)
                    last[readers[0]] = place.end()
                continue
            for number in readers:
                if start >= last[number]:
                    m = self.lists[number].pattern.match(read, start)
                    if m is not None:
                        found[number].append(m)
                        last[number] = m.end()
        return found


class WordLed:
    """A pattern whose text starts with one of ``words`` written as is (only zero-width checks, such
    as lookbehinds, stand before them), searched only where the first word of one of them stands:
    ``regex`` tries a pattern that opens with a lookbehind at every position of the text, which
    took two to three times longer than finding those words with ``str.find`` and matching there.
    The matches are those of ``pattern.finditer`` (every match starts at such a word; the places
    are tried left to right, from the end of the last match on)."""

    def __init__(self, pattern, words):
        self.pattern = pattern
        self.leads = sorted({word.split()[0] for word in words})

    def finditer(self, text: str):
        return matches_where(self.pattern, starts_of(text, self.leads), text)


def letter_scans(branches: list[tuple[str, str]], after: str = "") -> list[re.Pattern]:
    """Stdlib ``re`` patterns that :func:`at_word_starts_of_any` reads together to find what
    ``(?:branch|branch...)`` + ``after`` finds; ``branches``: (first letter, regex source of the rest),
    in their order, each one alternative matched from a literal letter as written. A lower-case letter
    that starts one branch only gets a pattern of its own, which ``re`` skips ahead to in a tight loop;
    the other branches share one, which ``re`` skips ahead to by testing each character against their
    letters, stopping at every one of them: lower-case letters are most of a text's, so that a set of
    them stops at nearly every word (the known names' scan: 65 -> 43 us an article)."""
    count: dict[str, int] = {}
    for first, _ in branches:
        count[first] = count.get(first, 0) + 1
    apart = [branch for branch in branches if branch[0].islower() and count[branch[0]] == 1]
    shared = [branch for branch in branches if not (branch[0].islower() and count[branch[0]] == 1)]
    groups = ([shared] if shared else []) + [[branch] for branch in apart]
    return [compiled(re, "(?:" + "|".join(re.escape(first) + rest for first, rest in group) + ")" + after)
            for group in groups]


@functools.cache
def first_plane() -> str:
    """Every character of Unicode's first plane, in order (decoded from one buffer: a ``chr`` per
    code point took 5 ms at start-up): what the scans that read each character's cases go through."""
    return struct.pack("<65536I", *range(0x10000)).decode("utf-32-le", "surrogatepass")


def for_the_last_text(function):
    """``function(text)``, remembered for the text last asked for: several components ask the same
    question of each article's whole text in turn (its lower case costs 10 us). One tuple, replaced
    whole: a thread reads a text with its own answer, never another thread's."""
    last = (None, None)   # (no text is None: the first call computes)

    @functools.wraps(function)
    def remembered(text: str):
        nonlocal last
        seen = last
        if seen[0] != text:
            seen = last = (text, function(text))
        return seen[1]
    return remembered


@for_the_last_text
def lower_case(text: str) -> str:
    """``text.lower()`` (numbers, money, percents, the lists of phrases, officials' honorifics and
    facts' sentences lower-case each article's whole text)."""
    return text.lower()


def _phrase_char(char: str) -> str:
    return r"\s+" if char == " " else re.escape(char)


def spelling_char(char: str) -> str:
    """Regex source of one character of a name: a space any run of spaces (not a line break),
    a dash any dash with optional spaces, an apostrophe either apostrophe."""
    if char == " ":
        return SPACE
    if char in "-–—":
        return DASH
    if char in "'’":
        return "['’]"
    return regex.escape(char)


def _trie_source(words: list[str], lo: int, hi: int, depth: int, ends: dict, char) -> str:
    """Regex source of the trie node of ``words[lo:hi]`` (sorted, sharing their first ``depth``
    characters): its children are consecutive runs of the sorted strings, in the order of their
    letters, with no tree of dicts built first (twice quicker at start-up: 208 tries, 4,600 nodes)."""
    first, last = words[lo], words[hi - 1]
    if lo + 1 == hi:   # one string: the rest of it, then its tail
        return "".join(map(char, first[depth:])) + ends[first]
    end = depth   # a run of letters that no string ends inside and none branches from: those all share
    while end < len(first) and first[end] == last[end]:
        end += 1
    return "".join(map(char, first[depth:end])) + _node_source(words, lo, hi, end, ends, char)


def _node_source(words: list[str], lo: int, hi: int, depth: int, ends: dict, char) -> str:
    tail = None
    if len(words[lo]) == depth:   # a string ends here (the first: it sorts before those it starts)
        tail = ends[words[lo]]
        lo += 1
    branches = []
    while lo < hi:
        letter, start = words[lo][depth], lo
        while lo < hi and words[lo][depth] == letter:
            lo += 1
        branches.append(char(letter) + _trie_source(words, start, lo, depth + 1, ends, char))
    return trie_node(branches, tail)


def trie_node(branches: list[str], tail: str | None) -> str:
    """Regex source of one node of a trie: its ``branches`` (each a letter and the source of what
    follows it, in the order of their letters), then ``tail``, the tail of a string that ends at
    the node ("" for none but its end; None where no string ends there)."""
    if not branches:
        return tail or ""
    singles = [b for b in branches if len(b) == 1 or (len(b) == 2 and b[0] == "\\" and b[1] not in "sSdDwWpP")]
    if len(singles) == len(branches) and len(branches) > 1:
        body = "[" + "".join(singles) + "]"
    else:
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if tail:
        return "(?:" + body + "|" + tail + ")"
    if tail == "":
        body = "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


@functools.lru_cache(maxsize=_REMEMBERED)
def slug(name: str) -> str:
    """A stable ASCII identifier of a name: tone marks and case dropped, "&" read "and",
    apostrophes and dots dropped, a leading "The" dropped, anything else joined by "-".

    ``slug("Ủy ban nhân dân tỉnh Thái Bình")`` -> ``'uy-ban-nhan-dan-tinh-thai-binh'``;
    ``slug("Samaritan's Purse")`` -> ``'samaritans-purse'``
    """
    text = _SLUG_DROP.sub("", name.replace("&", " and ")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return _SLUG_JOIN.sub("-", _SLUG_THE.sub("", text)).strip("-")


def spellings_trie(spellings, first_letter_as_written: bool = True, tails: dict | None = None) -> str:
    """Regex source (for the stdlib ``re``, whose scan of a literal trie is the fastest) of
    many spellings at once, each as :func:`spelling_pattern` reads it: the first letter as
    written (or in any case), the others in any case, any run of spaces, any dash. ``tails``
    maps a spelling to regex source that must follow it (read case-insensitively unless it
    says ``(?-i:...)``).

    ``re.compile(spellings_trie(["Sở", "Sở Y tế"]))`` matches "Sở y  tế", not "sở Y tế".

    Every branch starts with a literal letter (a first letter in any case is two branches), so
    that ``re`` skips ahead to those letters when the pattern is searched without a lookbehind.
    """
    return "|".join(regex.escape(first) + rest for first, rest in spellings_branches(spellings, first_letter_as_written, tails))


def spellings_branches(spellings, first_letter_as_written: bool = True, tails: dict | None = None) -> list[tuple[str, str]]:
    """The branches of :func:`spellings_trie`, one per first letter: (that letter, regex source of the rest)."""
    by_first: dict[str, list[str]] = {}
    rest_tails: dict[str, dict[str, str]] = {}
    for spelling in spellings:
        key = fold(spelling)
        firsts = [spelling.strip()[0]] if first_letter_as_written else list(dict.fromkeys([key[0].upper(), key[0]]))
        for first in firsts:
            by_first.setdefault(first, []).append(key[1:])
            if tails and spelling in tails:
                rest_tails.setdefault(first, {})[key[1:]] = tails[spelling]
    return [(first, "(?i:" + trie(rests, rest_tails.get(first), char=spelling_char) + ")")
            for first, rests in sorted(by_first.items())]
