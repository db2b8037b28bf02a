"""Officials: people named in the text, with honorific, title and organization.

A mention is a name (``patterns/officials.yaml``: an honorific or degree before
it, or a known family name) with titles on either side (``patterns/titles.yaml``)
and, after each title, the organization it names (read with the organization
grammar; a bare "Sở" is the department the article names). One row per title:

    "Đồng chí Bùi Thế Giang, Phó Chủ tịch Thường trực Hội Việt - Mỹ"
        -> Bùi Thế Giang | đồng chí | Phó Chủ tịch Thường trực | Hội Việt - Mỹ
    "Phó Chủ tịch VUFO Nguyễn Văn Doanh"
        -> Nguyễn Văn Doanh | | Phó Chủ tịch | Liên hiệp các tổ chức hữu nghị Việt Nam
    "Đồng chí Nguyễn Minh Hằng, Thứ trưởng Bộ Ngoại giao, Chủ nhiệm Ủy ban ..."  -> two rows

A later mention without a title ("đồng chí Nguyễn Minh Hằng nhấn mạnh") repeats the
first title the article gives that name (rule ``... +same name``). Bylines and photo
credits have neither honorific nor title and give no row. A person without either is a
row when a cue marks the name (``person_cues``, ``person_aside``): "Bệnh nhân Lê Văn Tiến"
(rule ``cue name``), "Nguyễn Minh Liên (34 tuổi)" (``name (age)``), "George Leonard, nhà
khoa học ..." (``name, cue``).
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component, data_at, span_offsets
from pipeline.entities.org_grammar import canonical, grammar, provinces_of
from pipeline.entities.org_identity import foreign_ministry_title
from pipeline.rules import patterns
from pipeline.rules.budget import checkpoint
from pipeline.rules.overlap import Taken
from pipeline.rules.grammar import (AFTER, BEFORE, DASH, SPACE, Phrases, WordLed, alternation, at_sentence_start,
                                   first_letters, first_plane, fold, literals, lower_case, space_after, spelling_pattern,
                                   spellings_pattern, starts_of, trie, words_at)
from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending
from pipeline.rules.lexicon import is_word

SPEC = ComponentSpec(
    name="officials", span_key="officials", table="officials", label="PERSON", color="#aa9cfc",
    columns=(
        Column("name", "string", "the person's name as written, without honorific or degree"),
        Column("name_id", "string", "the name with typing errors of the press mended (a family name of the list "
                                    "mistyped, a tone mark on the wrong vowel, 'Thi' for the middle name 'Thị'); a "
                                    "short name the article's full name ends is that full name ('Mai Phương' after "
                                    "'Nguyễn Mai Phương')"),
        Column("honorific", "string", "the word of address before the name: ông, bà, đồng chí, ngài, anh, chị (a "
                                      "degree, rank or role before it, 'TS.', 'Trung tướng', 'bệnh nhân', is not kept)"),
        Column("title", "string", "the title as written, in the spelling of patterns/titles.yaml; one row per title"),
        Column("title_id", "string", "the office: the title without 'Nguyên', synonyms folded ('Thủ tướng Chính phủ' "
                                     "-> 'Thủ tướng')"),
        Column("organization", "string", "the body the title belongs to, canonical as in organizations"),
        Column("organization_id", "string", "the org_id of that body where the article's organizations table has "
                                            "it (one id for 'Thành ủy TP.HCM' and 'Thành ủy TP HCM')"),
    ),
    requires=("doc.spans[organizations]", "doc._.org_context"),
    reads=("doc.spans[provinces]", "doc.spans[bylines]"),
    assigns=("doc.spans[officials]",),
    scores=(
        Score("officials (name+title)", gold="officials", pairs=(("name", "name_id", "name"), ("title", "title_id", "title"))),
        Score("officials (name+title+organization)", gold="officials",
              pairs=(("name", "name_id", "name"), ("title", "title_id", "title"), ("organization", "organization", "name"))),
    ),
)


@dataclass
class Mention:
    """A name in the text and the (title, organization, end) pairs tied to it."""

    start: int
    name_start: int
    name_end: int
    name: str
    honorific: str | None
    titles: list = field(default_factory=list)
    rule: str = ""
    by_verb: bool = False   # its title came from a verb ("được bầu làm ..."), not a comma
    cue: str | None = None   # what marks a name without honorific or title as a person's ("name (age)", ...)
    starts: dict = field(default_factory=dict)   # title number -> where its row starts, for titles chained before


#: a dash and the spaces around it, as ``spelling_pattern`` reads them (a DASH)
_DASHES = regex.compile(r"\s*[-–—]\s*")


def _given_name_re(spec: dict, honorific: str) -> regex.Pattern:
    """What stands right before a given name written alone, asked backwards from it: an honorific, a degree, a
    rank or a word for what the person is ("Ông Sơn chia sẻ", "bác sĩ Thành cho biết", "tuyên phạt bị cáo Soi")."""
    cues = [w for group in ("degrees", "ranks", "roles", "people") for w in spec["person_cues"][group]]
    return ending(BEFORE + "(?:" + honorific + "|" + spec["degrees"] + "|" + alternation(
        spelling_pattern(w, False) for w in cues) + ")" + SPACE + r"\Z")


def _vietnamese_syllable(spec: dict) -> str:
    """A Vietnamese syllable's letters (``vietnamese_syllable``, its vowels with every tone mark), in any case."""
    vowel = "[" + "".join(sorted({c for v in "aăâeêioôơuưy" for c in unicodedata.normalize(
        "NFC", v + "\u0300 " + v + "\u0301 " + v + "\u0309 " + v + "\u0303 " + v + "\u0323 " + v).split()})) + "]"
    return "(?i:" + spec["vietnamese_syllable"].replace("[aeiouy]", vowel) + ")"


def _initials(spec: dict, lead: bool = False) -> str:
    """Initials before a word of a foreign name, the word no Vietnamese syllable ("John F. Kennedy", "George H.W. Bush",
    "Thomas K.Hargrove"): not "Q. Bình Tân", "N.Tùng", "TP. Hồ Chí Minh"; ``lead``: two or more, leading the
    name ("H.R. McMaster", "H. R. McMaster"), not optional."""
    letters = r"(?:\p{Lu}\.[^\S\n]?){2,}+" if lead else r"(?:\p{Lu}\.[^\S\n]?)++"   # (possessive: no initial is given back)
    return (r"(?:(?<![\p{L}\p{N}.])" + letters + r"(?!" + _vietnamese_syllable(spec)
            + r"(?![\p{L}\p{M}]))(?=\p{Lu}[\p{Ll}\p{Lu}]*\p{Ll}))" + ("" if lead else "?"))


def _ending_one(fulls: list[list[str]], words: list[str]) -> str | None:
    """The one longer name of ``fulls`` (each as its words) that ``words`` end, else None (none, or two)."""
    ends = {" ".join(f) for f in fulls if len(f) > len(words) and f[-len(words):] == words}
    return ends.pop() if len(ends) == 1 else None


#: what joins two titles one person holds in one body ("Phó Chủ tịch - Tổng Thư ký UBTƯ MTTQ Việt Nam", "Phó Chủ tịch kiêm
#: Tổng Thư ký Hội Nhà báo Việt Nam")
_JOINT_TITLES = regex.compile(r"[^\S\n]*(?:[-–—]|kiêm)[^\S\n]*")


def _joint_bodies(text: str, found: list[tuple[str, str | None, int]]) -> list[tuple[str, str | None, int]]:
    """The titles after a name, a title without body joined to the next by a dash or "kiêm" given that title's body
    ("Phó Chủ tịch - Tổng Thư ký UBTƯ MTTQ Việt Nam": both of the committee; review of batch articles, stop 43)."""
    for number in range(len(found) - 2, -1, -1):
        title, organization, end = found[number]
        if organization is None and found[number + 1][1] and _JOINT_TITLES.match(text, end) \
                and "," not in text[end:end + 3]:
            found[number] = (title, found[number + 1][1], end)
    return found


#: a capitalised word right after a given name: the name goes on
_CAPITAL_AFTER = regex.compile(r"[^\S\n]*\p{Lu}")
#: the word right before a given name written alone, and the word right after it (searched from its end)
_LAST_WORD = regex.compile(r"(\p{L}+)[^\S\n]*\Z")
_NEXT_WORD = regex.compile(r"[^\S\n]+(\p{Ll}+)")


def _title_char(char: str) -> str:
    """stdlib ``re`` source of one character of a title as ``spelling_pattern`` reads it: a space
    any run of spaces (SPACE), a dash any dash with optional spaces (DASH)."""
    return SPACE if char == " " else DASH if char == "-" else re.escape(char)


class TitleGrammar:
    """``titles.yaml`` compiled: [PREFIX] BASE [SUFFIX] in any letter case."""

    def __init__(self):
        spec = patterns.load_yaml("titles.yaml")
        self.prefixes = {fold(p): p for p in spec["prefixes"]}
        self.suffixes = {fold(p): p for p in spec["suffixes"]}
        self.bases, self.spellings = {}, []   # a title's other spellings ("ĐB") name its entry
        for entry in spec["bases"]:
            entry = {"name": entry} if isinstance(entry, str) else entry
            for spelling in [entry["name"], *entry.get("spellings", ())]:
                self.bases[fold(spelling)] = entry
                self.spellings.append(spelling)
        self.not_in_id = set(spec["not_in_id"])
        def part(words) -> str:
            return "(?:" + alternation(spelling_pattern(w, False) for w in words) + ")"

        def prefix(word: str) -> str:   # not in lower case as the end of a word ("chính quyền", prefix_closes)
            closes = spec["prefix_closes"].get(word)
            guard = "(?!(?=" + regex.escape(word.lower()) + AFTER + ")(?<=" + BEFORE + "(?i:" \
                + alternation(map(regex.escape, closes)) + ")" + SPACE + "))" if closes else ""   # (the word first: 13 -> 7 us)
            return guard + spelling_pattern(word, False)

        prefixes = "(?:" + alternation(map(prefix, spec["prefixes"])) + ")"   # one or two: "Nguyên Phó Chủ tịch"
        self.pattern = (BEFORE + "(?:(?P<prefix>" + prefixes + "(?:" + SPACE + prefixes + ")?)" + SPACE + ")?"
                        + "(?P<base>" + spellings_pattern(self.spellings, first_letter_as_written=False) + ")"
                        + "(?:" + SPACE + "(?P<suffix>" + part(spec["suffixes"]) + "))?" + AFTER)
        self.title_re = compiled(regex, self.pattern)
        # where a title may start: a prefix or a base as a whole word, in any case (a stdlib re trie
        # tried at each position, zero-width so that no start hides another): at a word start (a
        # third of the characters are a first letter of one, "nh", "th", "ng", most inside a word,
        # where the letter before fails faster than the trie) and to a word end ("người", "nhà",
        # "chính" begin no title: 14 -> 2 tries of title_re per name). ``title_re`` opens with BEFORE
        # and closes with AFTER, and what re reads as a letter, digit or space regex does too
        # (tests/test_officials.py).
        spellings = [*spec["prefixes"], *self.spellings]
        opening = "".join(map(re.escape, sorted(_in_any_case({w.strip()[0] for w in spellings}))))
        self.start_re = compiled(re, "[" + opening + "](?<![^\\W_](?s:.))(?<=(?=(?i:" + trie(
            {_DASHES.sub("-", " ".join(w.split())) for w in spellings}, char=_title_char) + ")(?![^\\W_])).)")
        self.short_forms = spec["short_forms"]
        self.short_re = compiled(regex, BEFORE + "(?P<short>" + alternation(map(regex.escape, self.short_forms)) + ")" + AFTER)
        # a title's office remembered per process: every row asks for it, of a few titles ("Chủ tịch")
        self.office = functools.lru_cache(maxsize=4096)(self.office)

    def match(self, text: str, pos: int) -> regex.Match | None:
        """What ``title_re.match(text, pos)`` gives, the pattern tried only where a title's first word
        stands as a word (``start_re``; three in four of the places names ask are no title, where
        ``title_re`` spent about 5 us an ask)."""
        return self.title_re.match(text, pos) if self.start_re.match(text, pos) else None

    def finditer(self, text: str, start: int, end: int):
        """What ``title_re.finditer(text, start, end)`` gives, the pattern tried only where a title's
        first word stands as a word (three times faster on the windows before names)."""
        pos = start
        for candidate in self.start_re.finditer(text, start, end):
            if candidate.start() >= pos:
                m = self.title_re.match(text, candidate.start(), end)
                if m:
                    yield m
                    pos = m.end()

    def canonical(self, m: regex.Match) -> tuple[str, dict]:
        """("Phó Chủ tịch Thường trực", base entry) for a match of ``title_re``."""
        base = self.bases[fold(m.group("base"))]
        parts = [*self.prefixes_of(m), base.get("title", base["name"]),
                 self.suffixes[fold(m.group("suffix"))] if m.group("suffix") else None]
        return " ".join(p for p in parts if p), base

    def prefixes_of(self, m: regex.Match) -> list[str]:
        """The prefixes of a match of ``title_re`` as written here: ["Nguyên", "Phó"] of "nguyên phó giám đốc"."""
        return [self.prefixes[fold(word)] for word in m.group("prefix").split()] if m.group("prefix") else []

    def office(self, title: str | None) -> str | None:
        """``"Nguyên Giám đốc"`` -> ``"Giám đốc"``, ``"Phó Thủ tướng Chính phủ"`` -> ``"Phó Thủ tướng"``."""
        m = self.title_re.fullmatch(title) if title else None
        if not m:
            return title
        base = self.bases[fold(m.group("base"))]
        parts = [*self.prefixes_of(m), base.get("id", base["name"]),
                 self.suffixes[fold(m.group("suffix"))] if m.group("suffix") else None]
        return " ".join(p for p in parts if p and p not in self.not_in_id)


_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_VOWELS = set("aăâeêioôơuưy")


def plain(word: str) -> str:
    """The letters of a word without tone marks or other diacritics: "Nguyễn" -> "nguyen"."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def place_tone(syllable: str) -> str:
    """A tone mark on the wrong vowel of a closed syllable moved to the last vowel: "Hòang" ->
    "Hoàng" (an open syllable keeps the spelling as written: "hòa" and "hoà" both stand)."""
    chars = list(unicodedata.normalize("NFD", syllable))
    tones = [i for i, c in enumerate(chars) if c in _TONES]
    if len(tones) != 1:
        return syllable
    tone = chars.pop(tones[0])
    vowels = [i for i, c in enumerate(chars) if unicodedata.normalize("NFD", c.lower())[0] in _VOWELS]
    onset_u = len(vowels) > 1 and "".join(chars[:vowels[0]]).lower() in ("q", "g")   # "qu", "gi": the onset
    nucleus = vowels[1:] if onset_u else vowels
    if not nucleus or nucleus[-1] == len(chars) - 1 or tones[0] - 1 in (nucleus[-1], nucleus[-1] + 1):
        return syllable   # open syllable, or the mark already on the last vowel
    chars.insert(nucleus[-1] + 1 + sum(1 for c in chars[nucleus[-1] + 1:] if unicodedata.combining(c)), tone)
    return unicodedata.normalize("NFC", "".join(chars))


@patterns.resource
def titles() -> TitleGrammar:
    return TitleGrammar()


#: a word: a letter where no letter, digit or "_" stands before, and what follows it up to a space
_WORD = re.compile(r"(?<![^\W_])[^\W\d_][\w'’./-]*")


def _first_word(word: str) -> str:
    """The lower-cased first part of a word or honorific: "đ/c" -> "đ", "đồng chí" -> "đồng"."""
    return word.lower().split()[0].split("/")[0].rstrip(".")


#: a word starts here, a word ends here (as BEFORE and AFTER read them)
_WORD_BEFORE, _WORD_AFTER = compiled(regex, BEFORE), compiled(regex, AFTER)
#: the characters ``_WORD`` runs over after its first letter
_IN_WORD = "_'’./-"
#: the space before each later word of a name
_LATER_WORD = re.compile(r"[^\S\n]+(?=\w)")
#: the capitalised word right after a bare head, on its line
_CAPITALISED_NEXT = compiled(regex, r"[^\S\n]+(\p{Lu}[\p{L}\p{M}]*)")
#: a comma or "và" right before a name: it is listed after the name before it
_LISTED_BEFORE = compiled(regex, r"[^\S\n]*(?:,|và)[^\S\n]*\Z")
#: a bracket closed right after a body in an aside ("BS Trần Thu Thủy (Bệnh viện Nhi trung ương)")
_ASIDE_CLOSE = compiled(regex, r"[^\S\n]*\)")
#: the rest of an aside to its closing bracket, on its line, no bracket opened inside ("ĐB Bắc Kạn)": ``closed_aside``)
_ASIDE_REST = compiled(regex, r"[^()\n]*+\)")
#: a capitalised word right before a capitalised honorific: a name goes on through it ("Hai Bà Trưng", a district)
_NAME_GOES_ON = ending(r"(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}]*[^\S\n]+\Z")
#: what opens the clause of a title written before a comma and the person: a line's or a sentence's start, a bracket, a
#: quote, a colon, a comma, "Theo" ("Theo Giám đốc Sở Y tế Hà Nội, ông ..."), not a word ("phu nhân Tổng thống, bà ...")
_CLAUSE_OPEN = ending(r"(?:[.:;,(“\"]|(?<![\p{L}\p{M}])(?:[Tt]heo|và))[^\S\n]*\Z")


def _in_any_case(letters: set[str]) -> set[str]:
    """The letters in every case the (?i) of re gives them (of the first plane)."""
    return set(re.findall("(?i:" + "|".join(map(re.escape, sorted(letters))) + ")", first_plane()))


@functools.lru_cache(maxsize=1)
def _capitals() -> str:
    """Every capital letter (``str.isupper``) as one class, the rare planes beyond the first included (as written:
    ``re.escape`` changes only ASCII punctuation and spaces, none of them a capital): read once for the two scans of
    word starts (a test of each character of the first plane, some milliseconds at start-up)."""
    return "".join(filter(str.isupper, first_plane())) + "\U00010000-\U0010FFFF"


def _word_starts(honorific_starts: set[str], lead: str, lower_case_too: bool = True,
                 lead_letters: set[str] | None = None) -> re.Pattern:
    """Where ``_WORD`` may start a word that begins with a capital or an honorific's first word,
    and a capitalised one only where ``lead`` (stdlib ``re`` source) matches: a superset of the
    starts where ``mention_matches`` finds a mention, found by one scan instead of a Python loop
    over every word. ``lead_letters``: every letter a match of ``lead`` may start with (None: any).

    The pattern reads the word's first letter first, from one class of every letter such a
    word can start with, so that ``re`` skips ahead to those letters (with a leading lookbehind
    it tried the whole pattern at every character: 1.7 times slower); what stands before that
    letter, which honorific it starts, and whether ``lead`` matches from it, are then looked at
    behind it. Without ``lower_case_too`` only the capitalised words are looked for (the honorifics
    in lower case are found in the text's lower case: :meth:`OfficialFinder.lower_honorifics`)."""
    capitals = _capitals()
    # the scan stops only at the capitals ``lead`` may start with (21 of the 1,169 classed: the
    # class is read faster, 56 -> 46 us an article); ``lead`` is checked at each stop all the same
    openings = capitals if lead_letters is None else \
        "".join(sorted(c for c in lead_letters if c.isupper() or c >= "\U00010000"))
    rests: dict[str, list[str]] = {}   # first letter -> the rest of each honorific's first word
    for start in honorific_starts:
        rests.setdefault(start[0], []).append(start[1:])
    capitalised = "(?<=[" + capitals + "])(?<=(?=" + lead + ").)"
    if not lower_case_too:
        return compiled(re, "[" + openings + r"](?<![^\W_](?s:.))(?<=[^\W\d_])" + capitalised)
    opening = "[" + openings + "".join(map(re.escape, sorted(_in_any_case(set(rests))))) + "]"
    honorific = "|".join("(?<=(?i:" + re.escape(letter) + "))(?i:" + "|".join(
        map(re.escape, sorted(rests[letter], key=len, reverse=True))) + ")" for letter in sorted(rests))
    return compiled(re, opening + r"(?<![^\W_](?s:.))(?<=[^\W\d_])(?:" + capitalised + "|(?:"
                      + honorific + r")\.*(?:/|(?![\w'’./-])))")


def _word_at(text: str, start: int) -> re.Match:
    """The word of ``_WORD.finditer`` that holds ``start`` (a letter after no letter or digit):
    the word starting there, or an earlier one of the same run of word characters that swallows
    it ("TP.Hồ Chí Minh" is one word)."""
    run = start
    while run and (text[run - 1] in _IN_WORD or text[run - 1].isalnum()):
        run -= 1
    return _WORD.search(text, run)


def country_spellings(spec: dict) -> list[str]:
    """Every spelling of a country no person's name is: ``officials.yaml``'s own (former states, short forms:
    "Liên Xô", "Hàn"), the organizations' grammar's and those of ``countries.csv`` ("Tổng thống Liban
    Michel Aoun": Michel Aoun)."""
    return sorted({*spec["countries"], *patterns.load_yaml("organizations.yaml")["countries"],
                   *(row["name"] for row in patterns.load_csv("countries.csv") if row["iso"])})


@component(SPEC)
class OfficialFinder:
    """Finds named people and their titles in ``doc.text`` (after organizations)."""

    def __init__(self):
        spec = {**(loaded := patterns.load_yaml("officials.yaml")), "countries": country_spellings(loaded)}
        self.titles, self.orgs = titles(), grammar()
        lowercase = set(spec["lowercase_only"])
        self.honorifics = {fold(k): v for k, v in spec["honorifics"].items()}
        self.honorific_alternation = honorific = alternation(
            spelling_pattern(h, first_letter_as_written=h in lowercase) for h in spec["honorifics"])
        self.honorific_before_re = compiled(regex, BEFORE + "(?P<honorific>" + honorific + r")[^\S\n]+\Z")   # (not "công")
        # asked backwards first (the forward search tries every character of the line: 87 -> 3 us per article)
        self.honorific_ends_re = ending(self.honorific_before_re.pattern)
        syllable = _initials(spec) + r"\p{Lu}[\p{Ll}\p{M}]*(?:['’]\p{L}+)?(?:-\p{L}+)*"   # "H'Lim", "Jae-won", "F. Kennedy"
        most = spec["name_words"]["max"]
        name = syllable + "(?:" + SPACE + syllable + "){0," + str(most - 1) + "}" + AFTER
        surnames = trie(spec["surnames"], char=regex.escape)   # (not 128 names tried in turn: 4.4 -> 2.3 us a try)
        self.min_words, self.max_words = spec["name_words"]["min"], most
        self.more_name_re, self.given_name_re = compiled(regex, SPACE + syllable + AFTER), _given_name_re(spec, honorific)
        self.honorific_starts = {_first_word(h) for h in spec["honorifics"]}
        self.honorific_letters = {h[0] for h in self.honorific_starts}
        # a capitalised word starts a mention only with an honorific in any case, a degree, or a family
        # name and a space: nine in ten capitals (places, bodies, sentence starts) are passed over in the scan
        lead = "|".join(["(?i:" + "|".join(map(re.escape, sorted(self.honorific_starts))) + ")", spec["degrees"],
                         "(?:" + trie(spec["surnames"], char=re.escape) + r")[^\S\n]"])
        self._find_word_starts(lead, spec)
        self.mention_re = compiled(regex,
            BEFORE + "(?:(?:(?P<honorific>" + honorific + ")[^\\S\\n]*(?=\\p{Lu})|(?P<degree>" + spec["degrees"] + ")"
            + SPACE + ")(?P<name>" + name + ")"
            + "|(?P<sname>(?:" + surnames + ")" + AFTER + "(?:" + SPACE + syllable + "){1," + str(most - 1) + "}" + AFTER + "))")
        # a name right after a title and its body: "..., Chủ nhiệm Tổng cục Chính trị Nguyễn Chí Thanh"
        self.name_next_re = compiled(regex, SPACE + "(?P<next>" + syllable + "(?:" + SPACE + syllable + "){"
                                          + str(self.min_words - 1) + "," + str(most - 1) + "})" + AFTER)
        (self.separator_re, self.title_verb_re, self.plural_after_re, self.aside_re, self.aside_open_re,
         self.coordinated_re, self.unread_body_re) = (compiled(regex, spec[key]) for key in (
            "separator", "title_verb", "plural_after", "aside", "aside_open", "coordinated", "unread_body"))
        self.plural_before_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?:{literals(spec['plural_before'])})[^\S\n]+\Z")
        self.capital_honorific_re = compiled(regex,
            "(?P<honorific>" + alternation(h.capitalize() for h in spec["lowercase_only"]) + r")[^\S\n]+\Z")
        self.list_intro_re = compiled(regex, spec["list_intro"])
        self.term_re = compiled(regex, spec["term_of_office"])
        self._read_not_names(spec)

    def _read_person_cues(self, spec: dict) -> None:
        """What marks a name without honorific or title as a person's (``person_cues``, ``person_aside``): a
        word for what the person is before it (asked backwards from the name: rules.endings), an aside with
        an age after it, or an appositive opening with such a word; and the names written without a family name
        (:meth:`_read_short_names`)."""
        self._read_short_names(spec)
        words = [word for group in spec["person_cues"].values() for word in group]
        cue = "(?:" + alternation(spelling_pattern(w, False) for w in words) + ")"
        self.cue_before_re = ending(BEFORE + cue + SPACE + r"\Z")
        # ... or with "là" between: "4 giáo viên là Trần Diên, Vũ Văn Khảo ...", "nạn nhân là Lê Văn A" (stop 44)
        self.cue_is_before_re = ending(BEFORE + cue + r"[^\S\n]+là" + SPACE + r"\Z")
        self.cue_window = max(map(len, words)) + 8
        self.person_aside_re = compiled(regex, r"[^\S\n]*(?:" + spec["person_aside"] + "|" + spec["person_age_after"] + ")")
        self.aside_scan_re = compiled(regex, spec["person_aside"])   # in a text: skips ahead to each "("
        # the words for people in general ("cô gái", "người đàn ông") mark a name before them only: after a comma
        # they open the next clause ("Theo Daily Mail, người đàn ông ...")
        appositive = [word for name, group in spec["person_cues"].items() if name != "people" for word in group]
        self.cue_after_re = compiled(regex, spec["appositive"] + "(?:" + alternation(
            spelling_pattern(w, False) for w in appositive) + ")" + AFTER)
        self._read_roles(spec)
        self.single_name_re = compiled(regex, spec["single_name"])
        self.single_not_after = set(spec["single_name_not_after"])
        # a family name inside a sentence right before a name: the name is the end of a longer one ("Võ Hoàng
        # Anh" holds no later mention of "Hoàng Anh", whom the article calls "bị cáo Hoàng Anh"); not an
        # honorific ("Ông Đinh La Thăng") nor a sentence's first word ("Nay Donald Trump")
        self.family_before_re = ending(r"(?<=[\p{L}\p{N},;)][^\S\n])(?:" + alternation(
            regex.escape(s) for s in spec["surnames"] if fold(s) not in self.honorific_starts_all(spec))
            + ")" + SPACE + r"\Z")

    def _read_short_names(self, spec: dict) -> None:
        """What reads a person written without a full name: the suffixes no one is called by ("Jr") and the
        honorifics' genders (:meth:`given_names`), the words before a name used in another's ("tư tưởng Hồ Chí
        Minh": :meth:`later_mentions`), the cues of stage names (:meth:`stage_names`) and of names written alone."""
        self.name_suffixes, self.genders = set(spec["name_suffixes"]), spec["honorific_genders"]
        self.name_used_re = ending(rf"{BEFORE}(?i:{alternation(map(regex.escape, spec['name_used_after']))})[^\S\n]+\Z")
        self.stage_cues, self.not_stage_names = Phrases(spec["stage_cues"]), set(spec["not_stage_names"])
        self.stage_name_breaks = set(spec["stage_name_breaks"])
        self.stage_name_re = compiled(regex, r"[^\S\n]+(?P<name>\p{Lu}[\p{Ll}\p{M}]*(?:[^\S\n]+\p{Lu}[\p{Ll}\p{M}]*){1,2})"
                                           + AFTER + r"(?![^\S\n]+\p{Lu})")
        self._read_lone_names(spec)

    def _read_lone_names(self, spec: dict) -> None:
        """What stands before a family name written alone (:meth:`lone_names`): an honorific, or a title of state and a
        country; the name is one word, no longer name goes on after it ("Ông Alexandre de Juniac")."""
        # (a monarch's or a pope's number goes with the name: "Nữ hoàng Anh Elizabeth II", "Giáo hoàng Benedict XVI")
        lone = (r"(?P<name>\p{Lu}[\p{Ll}\p{Lu}'’]*\p{Ll}[\p{Ll}'’]*(?:[^\S\n]+(?:X{0,2}(?:IX|IV|V?I{1,3}|V)))?)" + AFTER
                + r"(?![^\S\n]+"
                + spec["name_particle"] + r"\p{Lu}|[-.]\p{L})")
        self.lone_after_honorific_re = compiled(regex, BEFORE + "(?P<honorific>" + self.honorific_alternation + ")"
                                                     + r"[^\S\n]+" + lone)
        self.lone_titles = Phrases(spec["lone_name_titles"], case=True)
        # "Anh", "Chị" (lower case only elsewhere) opening a sentence: "Anh Thuận cho biết thêm" (review of batch articles,
        # stop 47); the capital's lookbehind after the word, so that the word is searched as a literal, in a text
        # where ``str.find`` finds it (a regex scan read every character: 27 -> 3 us an article)
        capitals = alternation(h.capitalize() for h in spec["lowercase_only"])
        opening = r"(?P<honorific>" + capitals + r")(?<=(?:^|\n|[.!?…][^\S\n]{1,3})(?:" + capitals + r"))[^\S\n]+"
        self.sentence_honorifics = WordLed(compiled(regex, opening + lone), [h.capitalize() for h in spec["lowercase_only"]])
        self.sentence_honorific_before_re = compiled(regex, opening + r"\Z")
        self.person_titles = frozenset(spec["person_titles"])
        self.given_name_person_re, self.full_name_person_re = _person_after(spec["person_after"])
        self.country_words = {word for c in self.countries for word in c.split()}   # ("Đại sứ Israel tại Mỹ ...")
        self.said_not_after_re = ending(spec["person_after"]["full_name_not_after"])
        self.named_after_re = ending(spec["named_after"])
        self.lone_after_title_re = compiled(regex, r"(?:[^\S\n]+" + self.countries_source + r")?[^\S\n]+" + lone)

    def _read_roles(self, spec: dict) -> None:
        """The appositive of a role held in a body ("lái xe của Công ty Thép Việt"): ``role_re`` reads the
        words between the appositive's comma and the body's start, the role and the word that links it."""
        self.appositive_re = compiled(regex, spec["appositive"])
        stop = alternation(regex.escape(w) for w in [*spec["role_not_words"], *regex.findall(r"\w+", spec["role_link"])])
        # a word of at most 30 letters and 3 hyphens, tried where a word starts (linear when searched)
        word = r"(?!(?:" + stop + r")(?![\p{L}\p{M}]))\p{L}[\p{L}\p{M}]{0,30}(?:-[\p{L}\p{M}]{1,30}){0,3}"
        self.role_re = compiled(regex, BEFORE + "(?P<role>" + word + "(?:" + SPACE + word + "){0,4})(?:" + SPACE
                                + spec["role_link"] + ")?" + SPACE)
        self.role_window = 80
        self.title_body_link_re = compiled(regex, spec["title_body_link"])

    def _find_word_starts(self, lead: str, spec: dict) -> None:
        """How :meth:`mention_starts` finds where a mention may start: the capitalised words (``lead``)
        by one scan (the whole scan, lower-case honorifics too, for a text whose lower case is longer),
        and :meth:`lower_honorifics` the honorifics' first words in the lower-cased text: a word of one
        letter ("đ" of "đ/c", and with it the longer ones it begins, "đồng") by a pattern that skips
        ahead to that letter and wants a word end, dot or slash after the word; the others ("ông",
        "bà", "anh") by ``str.find``. The scans stop only at the letters ``lead`` may start with."""
        self.lead = lead
        degrees = first_letters(spec["degrees"])
        self.lead_letters = None if degrees is None else \
            _in_any_case(self.honorific_letters) | degrees | {surname[0] for surname in spec["surnames"]}
        self.word_start_re = _word_starts(self.honorific_starts, lead, lead_letters=self.lead_letters)
        self.capitalised_start_re = _word_starts(self.honorific_starts, lead, lower_case_too=False,
                                                 lead_letters=self.lead_letters)
        singles = sorted(w for w in self.honorific_starts if len(w) == 1)
        self.honorific_words = sorted(w for w in self.honorific_starts if w[0] not in singles)
        self.single_honorific_re = re.compile("|".join(
            re.escape(letter) + r"(?<![^\W_](?s:.))(?:" + "|".join(sorted(
                (re.escape(w[1:]) for w in self.honorific_starts if w[0] == letter and len(w) > 1), key=len, reverse=True))
            + r")?(?=[./]|[^\w'’-]|\Z)" for letter in singles)) if singles else None

    def _read_gaps(self, spec: dict, countries: str) -> None:
        """What may stand between a title (with its body) and the name: a word of tenure, a field and a country ("Bộ
        trưởng Quốc phòng Mỹ James Mattis", "Tổng thống đương nhiệm Michel Temer"), after a body's acronym in brackets
        ("Giám đốc Cục Điều tra Liên bang (FBI) James Comey"); or the acronym or a country and an honorific ("Phó Tổng
        Thư ký Liên hợp quốc ông Jean Pierre Lacroix")."""
        acronym = r"(?:[^\S\n]*\(\p{Lu}[\p{Lu}\p{N}&./-]{1,11}\))?"
        tenure = "(?:" + SPACE + "(?:" + alternation(map(regex.escape, spec["tenure"])) + "))?"
        self.country_gap_re = compiled(regex, acronym + tenure + "(?:" + SPACE + spec["foreign_field"]
                                       + ")?(?:" + SPACE + "(?:" + countries + ")" + spec["posted_in"] + ")?"
                                       + "(?:" + SPACE + "(?P<country>" + countries + ")" + AFTER + ")?" + SPACE)
        self.posting_re = compiled(regex, SPACE + "(?:" + countries + ")" + spec["posted_in"] + SPACE + "(?:" + countries + ")"
                                   + AFTER)   # "Đại sứ [Việt Nam tại Mỹ] Phạm Quang Vinh"
        self.honorific_gap_re = compiled(regex, acronym + "(?:" + SPACE + "(?:" + countries + ")" + AFTER + ")?" + SPACE
                                         + "(?:" + self.honorific_alternation + r")[^\S\n]+")

    def _read_not_names(self, spec: dict) -> None:
        """What is no person (countries, leagues, places), what mends a name (name_id), and what marks a
        name without honorific or title as a person's (:meth:`_read_person_cues`)."""
        countries = self.countries_source = "(?:" + spellings_pattern(spec["countries"]) + ")"   # (built once)
        self._read_gaps(spec, countries)
        self.foreign_name_re = compiled(regex, spec["foreign_name"].replace("{particle}", spec["name_particle"]).replace(
            "{initials}", _initials(spec)).replace("{lead_initials}", _initials(spec, lead=True)) + AFTER)
        self.vietnamese_syllable_re = compiled(regex, _vietnamese_syllable(spec))
        self.country_in_re = compiled(regex, BEFORE + "(?:" + countries + r"|\p{Lu}{2,})" + AFTER)
        # only whether a country ends right before a name is asked: searched backwards from the
        # name (rules.endings), twice as fast as trying the countries at each of the 40 characters before
        self.country_before_re = ending(BEFORE + spellings_pattern(spec["countries"], backwards=True) + SPACE + r"\Z")
        self.country_lead_re = compiled(regex, "(?:" + countries + ")" + SPACE + r"(?=\p{Lu})")
        self.countries = {fold(c) for c in spec["countries"]}
        # what no name is nor starts with: a country of several words ("Hàn Quốc"), a sea or a region ("Đông Á")
        self.long_countries = {fold(c) for c in [*spec["countries"], *spec["regions"]] if len(c.split()) > 1}
        self.name_break_re = compiled(regex, spec["name_break"])
        self.title_part_of_re = ending(spec["title_part_of"])
        self.not_name_words = set(spec["not_name_words"])
        cycle = spec["cycle_years"]
        self.cycle_years = {f"{stem} {branch}" for stem in cycle["stems"] for branch in cycle["branches"]}
        self.sentence_openers = set(spec["sentence_openers"])
        self.place_before_re = compiled(regex, spec["place_before"])
        self.chain_comma_re = compiled(regex, r",[^\S\n]*\Z")   # searched in the few characters before a title
        unit = spec["title_unit"]
        self.unit_re = compiled(regex, SPACE + "(?P<unit>" + unit["unit"] + ")(?=" + unit["closed_by"] + ")")
        self.unit_closer_re = compiled(regex, unit["closer"])
        self.surnames = set(spec["surnames"])
        self.sentence_words = set(spec["sentence_words"])
        by_letters = {}
        for surname in spec["surnames"]:
            by_letters.setdefault(plain(surname), []).append(surname)
        self.surname_of = {letters: names[0] for letters, names in by_letters.items() if len(names) == 1}
        self.middle_names = spec["middle_name_spellings"]
        self.middle_names_alone = set(spec["middle_names_only"])
        self._read_person_cues(spec)
        self._remember_answers()

    def _remember_answers(self) -> None:
        """Questions whose answer reads nothing but a word or a name, each answered once per process:
        the words of the dozen capitalised runs per article asked whether they look foreign ("Nguyễn",
        "Văn", "Hà", "Nội"), the runs asked whether a country leads them, whether they open with a
        family name or look foreign (one answer: :meth:`_foreign_run`), and whether they name a body
        (two in three were seen before: "Việt Nam", "Hà Nội"), the names asked whether they are names
        and mended in every row."""
        self.is_syllable = functools.lru_cache(maxsize=4096)(
            lambda word: self.vietnamese_syllable_re.fullmatch(word) is not None)
        self.foreign_run = functools.lru_cache(maxsize=4096)(self._foreign_run)
        self.names_a_body = functools.lru_cache(maxsize=4096)(self._names_a_body)
        self.is_name = functools.lru_cache(maxsize=4096)(self.is_name)
        self.name_id = functools.lru_cache(maxsize=4096)(self.name_id)

    # -- the pieces of a mention ------------------------------------------------------

    def organization_after(self, doc, context: dict, title: str, base: dict, title_start: int, title_end: int):
        """(title, organization name, end) of a title and the body named right after it, or (title, None,
        title_end). A foreign minister's title names no body: (title and field, None, end) of "Bộ trưởng Quốc phòng
        Mỹ" (:func:`foreign_ministry_title`)."""
        if base.get("body"):   # "Thủ tướng Chính phủ": the title writes its body
            return title, base["body"], title_end
        if base.get("head"):   # "Trưởng ban Dân tộc tỉnh": the title ends with the head
            head = self.orgs.heads[fold(base["head"])]
            org = self.orgs.parse_rest(doc.text, title_start, title_end, head, self.provinces)
            org = org and self.orgs.placed_locally(doc.text, org, context.get("local", {}))
            if org and foreign_ministry_title(org, title, doc.text, self.orgs):
                return f"{title} {org.field}" if org.field else title, None, org.end
            if org:
                return title, canonical(org, context["own"], context["placed"])[0], org.end
        over = self.body_over(title_start, title_end)
        if over is not None:   # "Trưởng Văn phòng luật sư Nguyễn Anh": a body read from a word of the title on
            return title, over[2]["name"], over[1]
        return (title, *self.body_after(doc, base, title_end))

    def body_over(self, title_start: int, title_end: int) -> tuple | None:
        """The organization read from a word inside a title on past the title's end (the title ends with the body's
        head: "Trưởng Văn phòng luật sư Nguyễn Anh"), or None."""
        at = bisect.bisect_right(self.org_starts, title_start)   # (not one the title opens: "Đại sứ" of "Đại sứ quán")
        while at < len(self.org_starts) and self.org_starts[at] < title_end:
            span = self.org_spans[self.org_starts[at]]
            if span[1] > title_end:
                return span
            at += 1
        return None

    def body_after(self, doc, base: dict, title_end: int) -> tuple[str | None, int]:
        """(organization name, end) of the body written after a title that does not head it, or (None, title_end)."""
        text, orgs = doc.text, self.org_spans
        word = space_after(text, title_end)
        if base.get("unit"):   # "Trưởng khoa Cấp cứu (BV Bệnh nhiệt đới TƯ)", "..., Bệnh viện Bạch Mai"
            closer = self.unit_closer_re.match(text, title_end)
            word = closer.end() if closer else word
        if word is None:
            return None, title_end
        link = self.title_body_link_re.match(text, word) if word not in orgs else None
        if link and link.end() in orgs:   # "Giám đốc điều hành của Apple"
            word = link.end()
        if word in orgs:
            _, org_end, org = orgs[word]
            return org["name"], org_end
        bare = self.orgs.head_re.match(text, word)
        if bare and not bare.group().isupper():   # "Phó Giám đốc Sở": the Sở named nearest before
            named = _CAPITALISED_NEXT.match(text, bare.end())
            if named and (named.group(1) not in self.surnames or not _CAPITALISED_NEXT.match(text, named.end())):
                return None, bare.end()   # "Cục Sở hữu Trí tuệ", "Vụ Quan hệ quốc tế": a name the grammar did not read
            head = self.orgs.heads[fold(bare.group())]["name"]
            same = [org for org in self.org_spans.values() if org[2].get("head") == head]
            before = [org for org in same if org[0] < word]
            nearest = before[-1] if before else (same[0] if same else None)
            return (nearest[2]["name"] if nearest else None), bare.end()
        return None, title_end

    def other_titles_after(self, doc, context: dict, pos: int, held: list) -> list[tuple[str, str | None, int]]:
        """:meth:`titles_after`, less the titles ``held`` (read before the name): one written again after the name opens
        the next clause ("hội đàm với Tổng thống Donald Trump, Tổng thống cũng nêu rõ")."""
        held_pairs = {(title, organization) for title, organization, _ in held}
        return [title for title in self.titles_after(doc, context, pos) if title[:2] not in held_pairs]

    def titles_after(self, doc, context: dict, pos: int) -> list[tuple[str, str | None, int]]:
        """The chain ", Title [Org], Title [Org]" after a name (and its aside "(SN 1975, ...)"), or
        the title a verb gives it ("được bầu giữ chức Bí thư Huyện ủy"); titles joined by a dash or "kiêm" share their
        body (:func:`_joint_bodies`)."""
        return _joint_bodies(doc.text, self.title_chain(doc, context, pos))

    def title_chain(self, doc, context: dict, pos: int) -> list[tuple[str, str | None, int]]:
        """The titles after a name as :meth:`titles_after` reads them, each with the body written after it."""
        text, found = doc.text, []
        opened = self.titles_inside(text, pos)   # "(Huyện ủy viên, Bí thư Đảng ủy, Giám đốc Bệnh viện ...)"
        aside = None if opened else self.aside_re.match(text, pos)
        pos = aside.end() if aside else pos
        while True:
            sep, opened = opened or self.separator_re.match(text, pos), None
            if (not sep or "\n" in sep.group()) and not found:
                sep = self.title_verb_re.match(text, pos)
            if not sep or "\n" in sep.group():
                return found
            m = self.titles.match(text, sep.end())
            if m and self.plural_after_re.match(text, m.end()):
                return found   # "..., Bộ trưởng các Bộ: ...": an office of several
            if m:
                title, base = self.titles.canonical(m)
                title, title_end = self.with_unit(text, title, base, m.end())
                title, organization, pos = self.organization_after(doc, context, title, base, m.start("base"), title_end)
                if organization is None and base.get("needs_organization"):
                    return found   # "trưởng đoàn 11 doanh nghiệp": no office without its body
                if (pos == m.end() or base.get("place")) and self.given_name_follows(text, pos):
                    return found   # "..., Thứ trưởng Ái đã yêu cầu", "ông Comey, Tổng thống Trump": the next person's
                if not base.get("place") and (self.name_follows(text, pos, base["name"] in self.person_titles)
                                              or organization is None and pos != m.end()
                                              and self.addressed_at_start(self.words_after(text, m.end()))):
                    # "Chủ tịch Hồ Chí Minh, Chủ nhiệm Tổng cục Chính trị Nguyễn Chí Thanh": the next name's
                    return found
                    # (also the name of a person where a bare head was read past: "Tổng Bí thư Trường Chinh")
                pos = self.past_unread_body(text, pos)
            else:
                short = self.titles.short_re.match(text, sep.end())
                if not short:
                    return found
                (title, organization), pos = self.expand_short(short.group(), context), short.end()
                if self.name_follows(text, pos):
                    return found
            found.append((title, organization, pos))
            term = self.term_re.match(text, pos)
            pos = term.end() if term else pos

    def with_unit(self, text: str, title: str, base: dict, end: int) -> tuple[str, int]:
        """(title, end) with the unit a title of `unit` heads, written after it and closed by punctuation or its
        body: "Trưởng khoa Thận nhân tạo (bệnh viện Bạch Mai)" -> "Trưởng khoa Thận nhân tạo"; never a name."""
        unit = self.unit_re.match(text, end) if base.get("unit") and not self.name_follows(text, end) else None
        return (f"{title} {' '.join(unit.group('unit').split())}", unit.end()) if unit else (title, end)

    def titles_inside(self, text: str, pos: int) -> regex.Match | None:
        """The opening of an aside that starts with a title, read as the first separator of the chain:
        "ông Đặng Trung Bình (Huyện ủy viên, Bí thư Đảng ủy, Giám đốc Bệnh viện ...)"; else None."""
        opened = self.aside_open_re.match(text, pos)
        return opened if opened and self.titles.match(text, opened.end()) else None

    def name_follows(self, text: str, pos: int, person_title: bool = False) -> bool:
        """A person's name right after the title read up to ``pos``: a family name and its given
        names ("Nguyễn Chí Thanh"), or a foreign name after a country ("Thủ tướng Lào Thoonglun
        Sisoulith") or after a title that heads no body (``person_title``, officials.yaml ``person_titles``: "Cố vấn An
        ninh Quốc gia H.R. McMaster, phó cố vấn Dina Powell" is Powell's); never a province, a body, a country or a
        run with an acronym ("Trưởng thôn Tân Lập", "Giám đốc điều hành Brand Finance", "Giám đốc quốc gia Habitat
        Việt Nam")."""
        posted = self.posting_re.match(text, pos)   # an envoy's posting: "Đại sứ Việt Nam tại Mỹ Phạm Quang Vinh"
        m = self.name_next_re.match(text, posted.end() if posted else pos)
        if m is None:
            return False
        lead = self.country_lead_re.match(text, m.start("next"))   # the next title's country: "Thủ tướng Lào ..."
        if lead:
            m = self.name_next_re.match(text, m.start("next") + len(lead.group().rstrip()))
            if m is None:
                return False
        name, (start, end) = m.group("next"), m.span("next")
        if not self.is_name(name) or any(start <= s < end for s in (*self.provinces, *self.org_spans)):
            return False
        if name.split()[0] in self.surnames and not self._country_lead(name):
            return True   # (a given name may be a country's: "Nguyễn Anh Tuấn", "Lê Minh Đức", "Trần Thị Nga")
        if self.country_in_re.search(name):
            return False
        if self.addressed_at_start(name):
            return True
        return self.looks_foreign(name) and (person_title
                                             or bool(self.country_before_re.match(text, max(0, start - 40), start)))

    def given_name_follows(self, text: str, pos: int) -> bool:
        """A given name of one of the article's full names alone right after the title read up to ``pos``: the title
        is that person's ("Phó Thủ tướng Vũ Đức Đam, Thứ trưởng Ái đã yêu cầu", Ái of "Huỳnh Vĩnh Ái")."""
        m = _CAPITALISED_NEXT.match(text, pos)
        return m is not None and m.group(1) in self.given_names_written and not _CAPITALISED_NEXT.match(text, m.end())

    def words_after(self, text: str, pos: int) -> str:
        """The capitalised words right after ``pos`` ("" if none): " Trường Chinh, Phó ..." -> "Trường Chinh"."""
        m = self.name_next_re.match(text, pos)
        return m.group("next") if m else ""

    def addressed_at_start(self, name: str) -> bool:
        """True if ``name`` opens with a name of two words or more the article gives an honorific
        ("Trường Chinh, Phó Thủ tướng ..." after "đồng chí Trường Chinh")."""
        words = name.split()
        return any(" ".join(words[:n]) in self.addressed for n in range(self.min_words, len(words) + 1))

    def past_unread_body(self, text: str, pos: int) -> int:
        """After a title whose body is not read ("Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy"): the
        end of the capitalised words of that body when another title follows, else ``pos``."""
        unread = self.unread_body_re.match(text, pos)
        if not unread:
            return pos
        sep = self.separator_re.search(text, unread.end(), unread.end() + 4)
        if sep and "\n" not in sep.group() and self.titles.match(text, sep.end()):
            return sep.start()
        return pos

    @staticmethod
    def spans_of(mentions: list[Mention]) -> list[tuple[int, int]]:
        """(start, end) of each mention with its titles: where no later mention of a name is read."""
        return [(m.start, m.titles[-1][2] if m.titles else m.name_end) for m in mentions]

    def later_mentions(self, doc, context: dict, mentions: list[Mention]) -> list[Mention]:
        """The later mentions of a name the article gives (not of one syllable), without honorific or title; not
        the name's use in a doctrine's, a place's or a prize's ("tư tưởng Hồ Chí Minh", "đường Nguyễn Văn Linh":
        ``name_used_after``)."""
        text, found = doc.text, []
        known = {m.name for m in mentions if " " in m.name or "-" in m.name}
        if known:
            covered = self.spans_of(mentions)
            for start, end in words_at(text, known, _WORD_BEFORE, _WORD_AFTER):
                if not any(s <= start < e for s, e in covered) and not self.in_longer_name(text, start):
                    mention = self.later_mention(doc, context, start, end)
                    if mention.titles or not self.name_used_re.match(text, max(0, start - 30), start):
                        found.append(mention)
        return found

    def given_names(self, doc, context: dict, mentions: list[Mention], persons: dict[str, str]) -> list[tuple[Mention, str]]:
        """[(mention, full name)] of the later mentions of a person by the name the press calls them by
        (:meth:`called_names`) after an honorific, a degree or a rank ("Ông Sơn chia sẻ" after "ông Phạm Tuấn
        Sơn, Giám đốc ...", "ông Trump") or a title ("Thủ tướng Phúc", "Tổng thống Nga Putin": rule "title
        given name", with that title), or alone once named in full ("Duy khai đang là sinh viên" after "nghi can Bàn
        Văn Duy": rule "bare given name", :meth:`stands_alone`); ``persons``: :meth:`called_names` of ``mentions``."""
        text = doc.text
        shared = self.shared_given_names(text, mentions, persons)
        if not persons and not shared:
            return []
        covered = self.spans_of(mentions) + [(s, e) for s, e, _ in self.org_spans.values()]   # "công nhân [Công ty] ..."
        genders = self.named_genders(mentions)
        found, refused = [], set()   # (each name found with str.find, its cue asked backwards: a scan took 0.4 ms)
        first = {m.name: m.start for m in sorted(mentions, key=lambda m: m.start, reverse=True)}
        places = Taken.covering([(s.start_char, s.end_char) for s in self.provinces.values()])   # "Hòa Bình", "Nam Định"
        for start, end in words_at(text, [*persons, *shared], _WORD_BEFORE, _WORD_AFTER):
            if _CAPITAL_AFTER.match(text, end) or any(s <= start < e for s, e in covered):
                continue
            name = text[start:end]
            if name in shared:   # "anh Sơn" of the "anh Ngô Thành Sơn" beside "ông Phạm Hồng Sơn"
                found += self.same_cue(text, start, end, shared[name])
                continue
            if (cue := self.cue_before_given_name(text, start)) is not None:
                honorific, mention_start = cue
                if self.of_other_sex(honorific, persons[name], genders):
                    continue   # "ông Obama" is no later mention of "bà Michelle Obama"
                found.append((Mention(mention_start, start, end, name, honorific, rule="given name"), persons[name]))
            elif before := self.title_before(doc, context, start):
                title, organization, mention_start, honorific = before
                mention = Mention(mention_start, start, end, name, honorific, rule="title given name")
                mention.titles.append((title, organization, end))
                found.append((mention, persons[name]))
            elif name not in refused and not places.overlaps(start, end) and self.stands_alone(text, start, end):
                if start < first[persons[name]] and self.looks_foreign(persons[name]):
                    # "Nadal" all along, then "Toni Nadal": a family name is another's (a lead that calls the accused
                    # "Tuấn" before naming him is the press's way with a given name)
                    refused.add(name)
                    continue
                found.append((Mention(start, start, end, name, None, rule="bare given name"), persons[name]))
        return found

    def named_genders(self, mentions: list[Mention]) -> dict[str, str]:
        """{name: "male" | "female"} of the mentions written after an honorific that says it ("ông", "bà", ...)."""
        return {m.name: self.genders[m.honorific] for m in mentions if m.honorific in self.genders}

    def of_other_sex(self, honorific: str | None, person: str | None, genders: dict[str, str]) -> bool:
        """Whether ``honorific`` addresses the other sex than the one ``person`` was named with (``genders``:
        :meth:`named_genders`): "ông Obama" beside "bà Michelle Obama"."""
        return {self.genders.get(fold(honorific or "")), genders.get(person)} >= {"male", "female"}

    def shared_given_names(self, text: str, mentions: list[Mention], persons: dict[str, str]) -> dict[str, dict]:
        """{given name: {cue: full name}} of the given names two or more of the article's Vietnamese full names end
        ("Sơn" of "anh Ngô Thành Sơn" and "ông Phạm Hồng Sơn"), with the cue (honorific, degree, rank) each full name was
        written after, where that cue is one full name's only: "anh Sơn" is then Ngô Thành Sơn, "ông Sơn" Phạm Hồng Sơn."""
        by_given = defaultdict(set)   # given name -> the full names it ends
        for words in self.full_name_words({m.name for m in mentions if not self.looks_foreign(m.name)}):
            by_given[words[-1]].add(" ".join(words))
        shared = {given for given, names in by_given.items() if len(names) > 1 and given not in persons}
        if not shared:
            return {}
        cues = defaultdict(set)   # (given name, cue) -> the full names written after that cue
        for m in mentions:
            given = m.name.rsplit(" ", 1)[-1]
            cue = given in shared and m.name in by_given[given] and self.given_name_re.match(
                text, max(0, m.name_start - 24), m.name_start)
            if cue:
                cues[given, fold(cue.group().strip())].add(m.name)
        found = defaultdict(dict)
        for (given, cue), names in cues.items():
            if len(names) == 1:
                found[given][cue] = names.pop()
        return found

    def same_cue(self, text: str, start: int, end: int, cues: dict[str, str]) -> list[tuple[Mention, str]]:
        """[(mention, full name)] of a shared given name at ``start:end`` whose cue is one full name's (``cues``: cue ->
        full name, :meth:`shared_given_names`), or []."""
        cue = self.given_name_re.match(text, max(0, start - 24), start)
        person = cue and cues.get(fold(cue.group().strip()))
        if not person:
            return []
        honorific, mention_start = self.honorific_ending(text, start)
        return [(Mention(mention_start if honorific else cue.start(), start, end, text[start:end], honorific,
                         rule="given name+same cue"), person)]

    def stands_alone(self, text: str, start: int, end: int) -> bool:
        """Is the called name at ``start:end``, with no cue before it, the person ("Duy khai đang là sinh viên", "khi
        Trump lên nắm quyền")? Not after a capitalised word (a longer name: "Trần Hưng Đạo"), not a country ("Nga"),
        not a word with the word before or after it ("Công ty", "An toàn", "miền Trung": :func:`lexicon.is_word`), not a
        word that opens sentences where it opens one (``sentence_words``: "Tại hiện trường")."""
        name = text[start:end]
        if name in self.sentence_words and at_sentence_start(text, start):
            return False   # "Tại hiện trường ..." beside "ông Tiêu Phước Tại"
        before = _LAST_WORD.search(text, max(0, start - 16), start)
        if before and (before.group(1)[0].isupper() or is_word(f"{before.group(1)} {name}")):
            return False
        after = _NEXT_WORD.match(text, end)
        return not (after and is_word(f"{name} {after.group(1)}")) and self.is_name(name)

    def lone_names(self, doc, context: dict, mentions: list[Mention], called: dict[str, str]) -> list[Mention]:
        """A foreign person the article names by the family name alone, after an honorific ("ông Lorenzana cho
        rằng", "bà Veselnitskaya cho biết") or a title of state (``lone_name_titles``: "Tổng thống Duterte", "Cố vấn
        An ninh Quốc gia McMaster"): one capitalised word, no other capitalised word after it, not a country, nowhere
        inside a name already read (:meth:`lone_mention`), not a full name's ``called`` name (read by :meth:`given_names`,
        or refused there: "ông Obama" beside "bà Michelle Obama"); the name is its own id (rule "lone name"). The
        honorifics are the name scan's ("ông McMaster", a capital inside the word, is none)."""
        text, found = doc.text, []
        covered = Taken.covering(self.spans_of(mentions) + [(s, e) for s, e, _ in self.org_spans.values()]
                                 + [(s.start_char, s.end_char) for s in self.provinces.values()])
        cues = [(m.start("name"), m.end("name"), m.group("honorific"), m.start())
                for cue in self.lone_cues if (m := self.lone_after_honorific_re.match(text, cue.start())) is not None]
        cues += [(m.start("name"), m.end("name"), None, m.start("name")) for title in self.lone_titles.finditer(text)
                 if (m := self.lone_after_title_re.match(text, title.end())) is not None]
        cues += [(m.start("name"), m.end("name"), m.group("honorific").lower(), m.start())
                 for m in self.sentence_honorifics.finditer(text)]
        given = {mention.name.split()[-1] for mention in mentions if " " in mention.name}   # ("ông Sơn" of two Sơn)
        self.given_names_written |= given   # ("ông Comey, Tổng thống Trump": Trump's title, read by given_name_follows)
        # a one-syllable name read with an honorific ("chị Hà (31 tuổi)"): the same honorific before it is that person
        addressed_once = {(m.honorific, m.name) for m in mentions if m.honorific and " " not in m.name}
        genders = self.named_genders(mentions)
        for start, end, honorific, cue_start in sorted(cues):
            name = text[start:end]
            # "ông Obama" where the article names "bà Michelle Obama" only is her husband, no later mention of her
            other_sex = self.of_other_sex(honorific, called.get(name), genders)
            if end - start < 2 or name in called and not other_sex or covered.overlaps(start, end) or not self.is_name(name):
                continue
            canonical = honorific and self.honorifics[fold(honorific)]
            if canonical and (canonical, name) in addressed_once and self.is_syllable(name):
                found.append(Mention(cue_start, start, end, name, canonical, rule="honorific name+same name"))
                continue
            mention = self.lone_mention(doc, context, (cue_start, start, end), honorific and (honorific, name in given))
            if mention is not None:
                found.append(mention)
        return found

    def person_after_given_name(self, text: str, span: tuple[int, int, int]) -> bool:
        """Whether what follows a given name written alone says it is a person's (``person_after``), and
        no capitalised word before a capitalised honorific makes them a name ("Hai Bà Trưng", a district)."""
        cue_start, _, end = span
        return bool(self.given_name_person_re.match(text, end)) and not (
            text[cue_start].isupper() and _NAME_GOES_ON.match(text, max(0, cue_start - 30), cue_start))

    def lone_mention(self, doc, context: dict, span: tuple[int, int, int], addressed: tuple[str, bool] | None
                     ) -> Mention | None:
        """The mention of a name written alone at ``span`` (its cue's start, its start and end): a foreign family name
        after an honorific or with a title before it; a Vietnamese given name only after an honorific and before its
        title ("Bà Hương - Trưởng phòng đào tạo Trường ĐH Ngoại thương"), or before what says it is a person's
        (``person_after``: "ông Sính nói") where no full name of the article ends with it: the person the
        article names no other way. ``addressed``: (the honorific, whether a full name ends with the name) or None."""
        cue_start, start, end = span
        name, honorific = doc.text[start:end], addressed and addressed[0]
        mention = Mention(cue_start, start, end, name, honorific and self.honorifics[fold(honorific)], rule="lone name")
        if self.is_syllable(name):
            after = self.titles_after(doc, context, end) if honorific else []
            mention.titles += after
            return mention if after or (honorific and not addressed[1] and self.person_after_given_name(doc.text, span))\
                else None
        if end - start < 3:
            return None   # "ông Ch.": an initial
        before = self.title_before(doc, context, start)
        if before:
            mention.titles.append((before[0], before[1], end))
            mention.start, mention.honorific = min(mention.start, before[2]), mention.honorific or before[3]
        elif honorific and self.separator_re.match(doc.text, end):   # "Bà Sanders, phó thư ký báo chí Nhà Trắng"
            mention.titles += self.titles_after(doc, context, end)
        return mention if honorific or mention.titles else None

    def called_names(self, mentions: list[Mention]) -> dict[str, str]:
        """{called name: full name} of the article's people: a Vietnamese full name's given name ("Sơn"), a
        foreign one's family name ("Trump", "Putin"; written first before a hyphenated given name: "Moon" of
        "Moon Jae-in"), each the called name of one full name only ("Trump" of "Donald Trump" and "Melania
        Trump" is neither's; one called name of a Vietnamese and a foreign name neither's)."""
        names = {m.name for m in mentions}
        fulls = self.full_name_words({n for n in names if not self.looks_foreign(n)})
        persons = {given: person for given in {f[-1] for f in fulls} if (person := _ending_one(fulls, [given]))}
        # a given name of two syllables, as the press writes it for a name of three or four ("luật sư Tuấn Anh" of
        # "Trần Tuấn Anh", "Hoàng Yến" of "Lê Thị Hoàng Yến"; never after a middle name of the list: "Văn An", "Thị Hoa")
        persons.update({given: person for given in {" ".join(f[-2:]) for f in fulls if len(f) > 2
                                                    and f[-2] not in self.middle_names_alone}
                        if (person := _ending_one(fulls, given.split()))})
        foreign = defaultdict(set)
        for name in names:
            words = name.split()
            if len(words) >= 2 and words[0] not in self.surnames and self.looks_foreign(name) \
                    and words[-1].rstrip(".") not in self.name_suffixes:
                # "Moon" of "Moon Jae-in"; "Assad" of "Bashar al-Assad" (a particle before the hyphen)
                called = words[0] if any(w.split("-")[0].istitle() for w in words[1:] if "-" in w) else \
                    words[-1].split("-")[-1] if words[-1].split("-")[0].islower() else words[-1]
                if len(called) > 1:   # no initial ("A. Cô-bi-a-cốp")
                    foreign[called].add(name)
        clash = {f[-1] for f in fulls} & set(foreign)
        persons.update({called: full.pop() for called, full in foreign.items() if len(full) == 1 and called not in names})
        return {called: full for called, full in persons.items() if called not in clash}

    def full_name_words(self, names) -> list[list[str]]:
        """The words of each full Vietnamese name of ``names``: three words or more, a family name of the list first or a
        middle name of the list second ("Hữu Thị Lợi", whose rarer family name the list lacks: "bà Lợi" is hers)."""
        return [words for n in names if len(words := n.split()) > 2
                and (words[0] in self.surnames or words[1] in self.middle_names_alone)]

    def full_names(self, names: set[str]) -> dict[str, str]:
        """{short name: full name} of the names of an article that end a single longer Vietnamese name of it:
        "bà Mai Phương" after "bà Nguyễn Mai Phương" is her (name_id and title are the full name's); a
        short name two full names end ("Văn Hùng") is left as written."""
        fulls = self.full_name_words(names)
        found = {}
        for name in names:
            words = name.split()
            if len(words) >= 2 and (person := _ending_one(fulls, words)):
                found[name] = person
        return found

    def name_id(self, name: str) -> str:
        """The name with the press's typing errors mended: "Nguyển Văn Hòang" -> "Nguyễn Văn Hoàng",
        "Lê Thi Thu Hương" -> "Lê Thị Thu Hương"; a foreign name as written ("Édouard Philippe"), and the first word of
        a name of two words, or of words without marks, is no misspelt family name ("Trường Chinh", "Cẩm Ly", "Tự
        Long" are pen and stage names, "Le Pen" French)."""
        if self.looks_foreign(name):
            return " ".join(name.split())
        words = [place_tone(w) for w in name.split()]
        if len(words) > 2 and words[0] not in self.surnames and plain(words[0]) in self.surname_of \
                and any(plain(w) != w.lower() for w in words[1:]):
            words[0] = self.surname_of[plain(words[0])]
        if len(words) >= 3 and words[0] in self.surnames:
            words[1:-1] = [self.middle_names.get(w, w) for w in words[1:-1]]
        return " ".join(words)

    def is_name(self, name: str) -> bool:
        """Not a country ("Hà Lan", "Hàn Quốc"), a year of the cycle ("Đinh Dậu"), a league or a team ("V-League",
        "Hà Nội FC"), nor a name that goes on with a country no Vietnamese syllable spells ("Phó Đại Sứ Quan Israel":
        "Quán" misspelt; "Nga", "Mỹ" are given names too)."""
        folded = fold(name)
        words = folded.split()
        if folded in self.countries or any(" ".join(words[:n]) in self.long_countries for n in (2, 3, 4)) \
                or name in self.cycle_years:   # "Đinh Dậu", a year
            return False
        if any(w in self.countries and not self.is_syllable(w) for w in words[1:]):
            return False
        return not any(w in self.not_name_words for w in name.replace("-", " ").split())

    def expand_short(self, short: str, context: dict) -> tuple[str, str | None]:
        """"TVTU" -> ("Ủy viên", "Ban Thường vụ Tỉnh ủy <own province>")."""
        entry = self.titles.short_forms[short]
        organization = entry.get("organization")
        if organization:
            org = self.orgs.parse_head(organization, 0, {})
            organization = org.name(context["own"], complete=True) if org else organization
        return entry["title"], organization

    def title_before(self, doc, context: dict, name_start: int, addressed: bool = False):
        """(title, organization, start, honorific) of "Phó Chủ tịch UBND tỉnh <name>", or None."""
        text = doc.text
        line_start = text.rfind("\n", 0, name_start) + 1
        window_start = max(line_start, name_start - 160)
        best = None
        for m in self.titles.finditer(text, window_start, name_start):
            if self.title_part_of_re.match(text, max(line_start, m.start() - 20), m.start()):
                continue   # "trợ lý ngoại trưởng Mỹ Susan Thornton": an assistant's post
            title, base = self.titles.canonical(m)
            title, organization, end = self.organization_after(doc, context, title, base, m.start("base"), m.end())
            if organization is None and base.get("needs_organization") or self.names_its_place(text, base, end, name_start):
                continue
            end = self.past_owner(text, end) if organization else end
            # "Tổng thống Mỹ Donald Trump"; after a bare head, or before it for a name the article gives an honorific
            # ("Tổng Bí thư Trường Chinh" after "đồng chí Trường Chinh": "Trường" is a school's head)
            ends = {end, m.end()} if organization is None and addressed else {end}
            for gap in (self.country_gap_re.fullmatch(text, at, name_start) or self.honorific_gap_re.fullmatch(
                    text, at, name_start) for at in ends if at < name_start):
                if gap and "\n" not in gap.group() and self.vietnamese_gap(gap):
                    best = (title, organization, m.start())
        if best is None:
            return None
        honorific, start = self.honorific_ending(text, best[2])
        return best[0], best[1], start, honorific

    def past_owner(self, text: str, end: int) -> int:
        """The end of the brackets that name a body's owner right after it ("Cục trưởng Cục Quản lý môi trường (Bộ Y
        tế) Nguyễn Thị Liên Hương"), else ``end``."""
        at = end + 2 if text.startswith(" (", end) else end + 1 if text.startswith("(", end) else None
        owner = self.org_spans.get(at) if at is not None else None
        return owner[1] + 1 if owner and text.startswith(")", owner[1]) else end

    def names_its_place(self, text: str, base: dict, end: int, name_start: int) -> bool:
        """Whether a place title (titles.yaml ``place``) ending at ``end`` right before ``name_start`` is followed by its
        place, Vietnamese syllables ("trưởng thôn Đồng Xung"), not by a person ("Thị trưởng Enrique Penalosa")."""
        return bool(base.get("place")) and not text[end:name_start].strip() \
            and all(map(self.is_syllable, self.words_after(text, end).split()[:2]))

    def vietnamese_gap(self, gap) -> bool:
        """Whether the words between a title and a name, but for the country, are Vietnamese (a ministry's field:
        "Bộ trưởng Quốc phòng Mỹ James Mattis"), not a foreign name and a verb ("Tổng thống Trump sa thải Comey")."""
        return all(self.is_syllable(word) or fold(word) in self.country_words for word in gap.group().split()
                   if word[0].isupper())

    def title_before_comma(self, doc, context: dict, mention: Mention) -> tuple | None:
        """(title, organization, start) of a title, with its body or country, that opens its clause and ends at a comma
        or a dash right before the mention's cue ("Giám đốc Sở Y tế Hà Nội, ông Nguyễn Khắc Hiền", "Tổng thống
        Philippines, ông Rodrigo Duterte", "Theo Thứ trưởng Bộ GD-ĐT, bà ...", "Giảng viên trường ĐH Nông Lâm – Tiến sĩ
        Trần Hữu Lộc"; review of batch articles, stop 43), added to the mention,
        or None; not a title after a word ("phu nhân Tổng thống, bà ...", "nhậm chức Tổng thống Mỹ, bà ...")."""
        text, low = doc.text, max(0, mention.start - 4)
        before = text[low:mention.start].rstrip(" \t")   # a comma or a dash right before the cue
        if not before.endswith((",", "-", "–", "—")):
            return None
        at = low + len(before) - 1
        line_start = text.rfind("\n", 0, at) + 1
        found = None
        for m in self.titles.finditer(text, max(line_start, at - 160), at):
            if not _CLAUSE_OPEN.match(text, max(line_start, m.start() - 8), m.start()) and m.start() != line_start:
                continue
            title, base = self.titles.canonical(m)
            title, organization, end = self.organization_after(doc, context, title, base, m.start("base"), m.end())
            if (organization is not None or not base.get("needs_organization")) and end <= at \
                    and self.country_gap_re.fullmatch(text[end:at] + " "):
                found = (title, organization, m.start())
        if found:
            mention.titles.append((found[0], found[1], mention.name_end))
            mention.start = found[2]
        return found

    def cue_before_given_name(self, text: str, start: int) -> tuple[str | None, int] | None:
        """(honorific or None, where the mention starts) of what marks a given name at ``start`` as a person's (an
        honorific, a degree, a rank, a word for what the person is), or "Anh", "Chị" opening a sentence ("Anh Diệm cho
        biết" after "anh Trần Văn Diệm"); None without one."""
        if self.given_name_re.match(text, max(0, start - 24), start):
            return self.honorific_ending(text, start)
        capital = self.sentence_honorific_before_re.search(text, max(0, start - 8), start)
        return (self.honorifics[fold(capital.group("honorific"))], capital.start()) if capital else None

    def honorific_ending(self, text: str, pos: int) -> tuple[str | None, int]:
        """(the honorific written right before ``pos`` on its line, where it starts), else (None, pos)."""
        before = text[text.rfind("\n", 0, pos) + 1:pos]
        honorific = self.honorific_before_re.search(before) if self.honorific_ends_re.match(before) else None
        if honorific is None:
            return None, pos
        return self.honorifics[fold(honorific.group("honorific"))], pos - len(honorific.group())

    def add_titles_before(self, doc, context: dict, mention: Mention, before: tuple) -> None:
        """The title written before the name (:meth:`title_before`) and those chained before it
        (:meth:`chained_before`), each its own row starting at its title, added to ``mention``."""
        title, organization, title_start, honorific_before = before
        chain = self.chained_before(doc, context, title_start)
        for earlier, body, start in chain:
            mention.starts[len(mention.titles)] = start
            mention.titles.append((earlier, body, mention.name_end))
            mention.start = min(mention.start, start)
        if chain and not (mention.honorific or honorific_before):   # "đồng chí Ủy viên Bộ Chính trị, ..."
            honorific_before, mention.start = self.honorific_ending(doc.text, mention.start)
            mention.starts[min(mention.starts)] = mention.start
        if mention.titles:
            mention.starts[len(mention.titles)] = title_start
        mention.titles.append((title, organization, mention.name_end))
        mention.start = min(mention.start, title_start)
        mention.honorific = mention.honorific or honorific_before

    def chained_before(self, doc, context: dict, title_start: int) -> list[tuple[str, str, int]]:
        """[(title, organization, start)] of the titles written, each with its body and closed by a comma, before
        the title that opens a name: "Ủy viên Bộ Chính trị, Phó Thủ tướng Vương Đình Huệ" -> [("Ủy viên", "Bộ Chính
        trị", ...)]. A title without its body, or one whose body a name follows ("Chủ tịch nước Trần Đại Quang,
        Thủ tướng ..."), opens no chain."""
        text, chain = doc.text, []
        line_start = text.rfind("\n", 0, title_start) + 1
        while len(chain) < 3:
            comma = self.chain_comma_re.search(text, max(line_start, title_start - 4), title_start)
            if comma is None:
                return chain
            found = None
            for m in self.titles.finditer(text, max(line_start, comma.start() - 120), comma.start()):
                title, base = self.titles.canonical(m)
                title, organization, end = self.organization_after(doc, context, title, base, m.start("base"), m.end())
                if organization and end == comma.start() or self._bare_chained(text, m, base, comma.start()):
                    found = (title, organization, m.start())
            if found is None:
                return chain
            chain.insert(0, found)
            title_start = found[2]
        return chain

    def _bare_chained(self, text: str, m: regex.Match, base: dict, comma: int) -> bool:
        """Whether the title ``m``, written without its body right before the ``comma`` of a chain, is the next name's:
        "Phó Thủ tướng, Bộ trưởng Ngoại giao Phạm Bình Minh", "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ Mai Tiến Dũng";
        not after a name or a place, whose title it would be ("Nguyễn Văn A, Giám đốc, ..."), nor a title that needs
        its body."""
        if m.end() != comma or base.get("needs_organization") or not m.group()[:1].isupper():
            return False
        before = text[max(0, m.start() - 30):m.start()].rstrip(" ,")
        return not before or not before.split()[-1][:1].isupper()

    def list_honorific(self, text: str, start: int) -> str | None:
        """The honorific of a list "các đồng chí: A, ...; B, ..." the name belongs to."""
        sentence_start = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start)) + 1
        intro = None
        for intro in self.list_intro_re.finditer(text, sentence_start, start):  # noqa: B007 (the last)
            pass
        return self.honorifics[fold(intro.group("honorific"))] if intro else None

    # -- the component -------------------------------------------------------------

    def name_span(self, text: str, taken: Taken, name_start: int, name_end: int) -> tuple[int, int, str] | None:
        """(start, end, name) once syllables inside a province or organization are dropped ("tỉnh Thái
        Bình Nguyễn Văn A"), or None when nothing of a name is left. ``taken``: the provinces' and
        organizations' spans, searched by position (a list scanned per name made long texts quadratic)."""
        name_start, name_end = self.past_place(text, taken, name_start, name_end)
        name_end = self.name_break(text, name_start, name_end)
        name = " ".join(text[name_start:name_end].split())
        words = name.split()
        if not words or name_start >= name_end or taken.overlaps(name_start, name_end):
            return None
        if text[name_end:name_end + 1] == "." and text[name_end + 1:name_end + 2].islower():
            return None   # "Saigon Co.op": a word goes on past the dot (initials "Lô V.V." are capitals)
        if len(words) < self.min_words and "-" not in name or not self.is_name(name):
            return None
        if self.titles.match(text, name_start):
            return None   # "đồng chí Phó Chủ tịch ...": a title, the name comes later
        if words[0] not in self.surnames and self.place_before_re.search(text, max(0, name_start - 12), name_start):
            return None   # "tỉnh Kampong Chhnang": a place ("UBND tỉnh Lại Văn Hoàn" is a person)
        return name_start, name_end, name

    def name_break(self, text: str, name_start: int, name_end: int) -> int:
        """The end of a name cut before its first later word that opens a sentence, an honorific or a
        title ("Lê Bộ Lĩnh Theo đó, Quốc hội" -> "Lê Bộ Lĩnh", "Mai Tiến Dũng Thứ trưởng Bộ Công thương"
        -> "Mai Tiến Dũng"), else ``name_end``."""
        for word in _LATER_WORD.finditer(text, name_start, name_end):
            at = word.end()
            if self.name_break_re.match(text, at) or self.titles.match(text, at):
                return word.start()
        return name_end

    def past_place(self, text: str, taken: Taken, name_start: int, name_end: int) -> tuple[int, int]:
        """The name's span once a province or organization it began with is dropped, read on past
        its end as long as the place's words had counted toward the name's length ("Bí thư Tỉnh
        Đoàn Quảng Trị Đỗ Văn Bình" had left "Đỗ Văn")."""
        inside = bisect.bisect_right(taken.starts, name_start) - 1
        if inside < 0 or name_start >= taken.ends[inside]:
            return name_start, name_end
        name_start = space_after(text, taken.ends[inside]) or name_end
        while name_start < name_end and len(text[name_start:name_end].split()) < self.max_words \
                and (more := self.more_name_re.match(text, name_end)) and not taken.overlaps(*more.span()):
            name_end = more.end()
        return name_start, name_end

    def foreign_names(self, doc, context: dict, seen: Taken) -> list[tuple[int, int]]:
        """(start, end) of foreign names no other rule found, for a title to be looked for before
        them: "Tổng thống Mỹ Donald Trump", "Chủ tịch Trung Quốc Tập Cận Bình". A candidate is a
        run of capitalised syllables that looks foreign or follows a country, and is no body."""
        text, found = doc.text, []
        for name in self.foreign_name_re.finditer(text):
            first = name.group().split(None, 1)[0]
            if first in self.sentence_openers or fold(first) in self.honorifics \
                    or self.org_spans.get(name.start(), (0, -1))[1] == name.start() + len(first) \
                    or self._short_title(text, name.start(), len(first)):
                # "Khi Simon Kuper, nhà báo": the name starts after the opener; "Bà Sanders": an honorific before a
                # family name alone, which :meth:`lone_names` reads; "CIA Mike Pompeo": after a body's acronym; "HLV
                # Jose Mourinho", "ĐB ...": after a title's short spelling
                name = self.foreign_name_re.match(text, name.start() + len(first) + 1)
                if not name:
                    continue
            country, foreign = self.foreign_run(name.group())   # "Mỹ Donald Trump"
            if country:
                name = self.foreign_name_re.match(text, name.start() + country)
            elif foreign is None:
                continue   # a Vietnamese name: the family-name rule reads it
            if not name or seen.overlaps(name.start(), name.end()):
                continue
            if self.names_a_body(name.group()):
                continue   # a body ("Việt Nam", "Sở Ngoại": remembered per run), asked before a country is
                # looked for: half the runs that look for one are bodies
            if not country and not foreign \
                    and not self.country_before_re.match(text, max(0, name.start() - 40), name.start()):
                continue   # neither foreign-looking nor after a country
            found.append(name.span())
        return found

    def _short_title(self, text: str, start: int, length: int) -> bool:
        """Whether the word of ``length`` at ``start`` is a title written in capitals ("HLV", "ĐB")."""
        title = self.titles.match(text, start) if text[start + 1:start + 2].isupper() else None
        return title is not None and title.end() == start + length

    def _foreign_run(self, run: str) -> tuple[int, bool | None]:
        """(the length of the country and space that lead a capitalised run, whether it looks
        foreign), or (0, None) for a run that opens with a family name and no country."""
        country = self._country_lead(run)
        if not country and run.split(None, 1)[0] in self.surnames:
            return 0, None
        return country, not country and self.looks_foreign(run)

    def _country_lead(self, name: str) -> int:
        """The length of the country and space that lead ``name`` ("Mỹ Donald Trump" -> 3), or 0."""
        m = self.country_lead_re.match(name)
        return m.end() if m else 0

    def _names_a_body(self, name: str) -> bool:
        """True if a run of capitalised words holds a head, a title, a country or an acronym: "Hội
        đồng Quản trị Tập đoàn ...", "ChildFund Việt Nam" are bodies, not names."""
        return bool(self.orgs.head_re.search(name) or self.titles.title_re.search(name) or self.country_in_re.search(name)
                    or self.orgs.known.is_name(name))   # a known body's name ("siêu mẫu Victoria Secret")

    def looks_foreign(self, name: str) -> bool:
        """"Donald Trump", "Lee Sang-hoon": a hyphen, or a syllable no Vietnamese word has."""
        return "-" in name or not all(map(self.is_syllable, name.split()))

    def mention(self, doc, context: dict, taken: Taken, m) -> Mention | None:
        """The mention of one name candidate (a match of ``mention_re``, or a (start, end) span read
        after a title), with its titles; None for a bare name or no name."""
        text = doc.text
        if isinstance(m, tuple):   # (a foreign name with a particle after an honorific: "ông Staffan de Mistura")
            (honorific, start), span, degree = self.honorific_ending(text, m[0]), m, None
        else:
            group = "name" if m.group("name") else "sname"
            span, degree = m.span(group), m.group("degree")
            honorific = m.group("honorific") if group == "name" else None
            start = m.start() if honorific or degree else m.start(group)
        named = self.name_span(text, taken, *span)
        if named is None:
            return None
        name_start, name_end, name = named
        span = (span[0], name_end)
        if honorific and name_start != span[0]:
            honorific = None
        if not honorific and not degree and name.split()[0] in self.surnames:   # (never "Thủ tướng Anh Theresa May")
            capital = self.capital_honorific_re.search(text, max(0, name_start - 6), name_start)
            honorific = capital.group("honorific").lower() if capital else None   # "Chị Hoàng Thị Nhung"
            start = capital.start() if capital else name_start
        mention = Mention(start, name_start, span[1], name, self.honorifics[fold(honorific)] if honorific else None)
        before = self.title_before(doc, context, name_start)
        if before:
            self.add_titles_before(doc, context, mention, before)
        after = self.other_titles_after(doc, context, span[1], mention.titles)
        mention.by_verb = bool(after) and not self.separator_re.match(text, span[1]) and not self.titles_inside(text, span[1])
        if not (mention.titles or after) and start < name_start:   # "Giám đốc Sở Y tế Hà Nội, ông Nguyễn Khắc Hiền"
            before = self.title_before_comma(doc, context, mention) or before
        roles = [] if mention.titles or after else self.role_after(doc, span[1])
        mention.titles += after + roles
        if not mention.titles and not honorific and not degree:
            mention.cue = self.person_cue(text, name_start, span[1])
            if mention.cue is None:
                return None   # a bare name: a person only if the article titles or cues it elsewhere
        mention.honorific = mention.honorific or self.list_honorific(text, mention.start)
        mention.rule = self.rule_of(mention, before, after, roles)
        return mention if mention.titles else self.with_body_aside(text, mention, span[1])

    @staticmethod
    def rule_of(mention: Mention, before, after: list, roles: list) -> str:
        """How a mention was read: "title name", "name, title", "name, role", or the cue of a name without title."""
        return "+".join(filter(None, ["title name" if before else "", "name, title" if after else "",
                                      "name, role" if roles else "",
                                      "" if mention.titles else mention.cue or "honorific name"]))

    def with_body_aside(self, text: str, mention: Mention, pos: int) -> Mention:
        """``mention`` (a person's, without title) given the body alone in brackets right after the name, the body
        the person speaks for ("Theo BS Trần Thu Thủy (Bệnh viện Nhi trung ương), ...": review of batch articles,
        stop 45), where there is one."""
        opened = self.aside_open_re.match(text, pos)
        body = opened and self.org_spans.get(opened.end())
        closed = body and _ASIDE_CLOSE.match(text, body[1])
        if closed:
            mention.titles, mention.rule = [(None, body[2]["name"], closed.end())], mention.rule + "+name (body)"
        return mention

    def person_cue(self, text: str, name_start: int, name_end: int) -> str | None:
        """The rule that makes a name without honorific or title a person's: "cue name" ("Bệnh nhân Lê Văn
        Tiến"), "name (age)" ("Nguyễn Minh Liên (34 tuổi)"), "name, cue" ("George Leonard, nhà khoa học"), "name said"
        (a Vietnamese full name before what says it is a person's, ``person_after``: "Nguyễn Văn Hùng cho biết"), "listed
        name" (a Vietnamese full name after a comma or "và" right after a person's name: "Các bị cáo Nguyễn Văn An, Trần
        Văn Bình và Lê Thị Cúc"),
        "addressed name" (a full name whose given name the article writes after an honorific: "Bùi Thị Học"
        and "bà Học"), or None for a bare name."""
        words = text[name_start:name_end].split()
        if len(words[-1]) == 1:
            return None   # "phóng viên Thomas K.Hargrove", "điều dưỡng Nguyễn Đình L": a name cut to an initial
        if self.cue_before_re.match(text, max(0, name_start - self.cue_window), name_start) \
                or (self.cue_is_before_re.match(text, max(0, name_start - self.cue_window - 3), name_start)
                    and not self.written_after_place(text, " ".join(words))):   # (not "bệnh nhân là Bạch Mai")
            return "cue name"
        if self.person_aside_re.match(text, name_end):
            return "name (age)"
        if self.cue_after_re.match(text, name_end):
            return "name, cue"
        if len(words) > 1 and words[0] in self.surnames and self.full_name_person_re.match(text, name_end) \
                and not self.written_after_place(text, " ".join(words)):
            return "name said"   # "Nguyễn Văn Hùng cho biết", "Đỗ Thị Oanh (34 tuổi)", "Lê Văn A, trú ..."
        listed = _LISTED_BEFORE.search(text, max(0, name_start - 6), name_start)
        if listed and listed.start() in self.name_ends and len(words) > 1 and words[0] in self.surnames:
            return "listed name"   # "Các bị cáo Nguyễn Văn An, Trần Văn Bình và Lê Thị Cúc"
        # "Bùi Thị Học" where the article also writes "bà Học": the given name it addresses (a Vietnamese
        # name of a family of the list; "Việc Trump" and "ông Trump" are no such pair, nor "Ông Cuông", the
        # honorific before the given name, written with its capital where a full stop was lost)
        if len(words) > 1 and words[0] in self.surnames and words[-1] in self.addressed \
                and not (len(words) == 2 and fold(words[0]) in self.honorifics) and not self.looks_foreign(" ".join(words)):
            return "addressed name"
        return "full name" if self.full_name(text, words, name_start, name_end) else None   # "Huỳnh Thị Ngọc Phương"

    def full_name(self, text: str, words: list[str], name_start: int, name_end: int) -> bool:
        """Whether a name with no cue is a Vietnamese person's full name all the same: a family name, a middle name of
        ``middle_names_only`` ("Văn", "Thị") and a given name, never written after a word for a place, nor standing after
        what is named after a person (``named_after``: "trường THPT Chu Văn An", "số 31 Thái Văn Lung"), nor the writer's
        name in a byline (``doc.spans["bylines"]``: "Đinh Thị Thuận (TTXVN)" at the text's end)."""
        return len(words) > 2 and words[0] in self.surnames and words[1] in self.middle_names_alone \
            and not self.named_after_re.search(text, max(0, name_start - 20), name_start) \
            and not self.bylines.overlaps(name_start, name_end) \
            and not self.said_not_after_re.search(text, max(0, name_start - 20), name_start) \
            and not self.written_after_place(text, " ".join(words))

    def role_after(self, doc, pos: int) -> list[tuple[str, str, int]]:
        """[(role, organization, end)] of an appositive after a name (and its aside) naming a role and the body it
        is held in: "anh Chu Văn Phong, lái xe của Công ty Thép Việt" -> ("lái xe", "Công ty Thép Việt", end);
        the body is one the organization grammar read, starting right after the role or its "của", "tại", "ở";
        the role's later words are in lower case unless it holds a title ("Trợ lý Thứ trưởng Bộ Quốc phòng
        Nga"), and no title opens it (the chain of titles did not take it: a name follows). [] otherwise."""
        text = doc.text
        aside = self.aside_re.match(text, pos)
        opened = self.appositive_re.match(text, aside.end() if aside else pos)
        if opened is None or "\n" in opened.group() or self.titles.match(text, opened.end()) \
                or self.orgs.head_re.match(text, opened.end()):
            return []
        starts = self.org_starts
        first = bisect.bisect_right(starts, opened.end())
        for start in starts[first:bisect.bisect_right(starts, opened.end() + self.role_window)]:
            m = self.role_re.fullmatch(text, opened.end(), start)
            if m is None:
                continue
            role = " ".join(m.group("role").split())
            if any(w[0].isupper() for w in role.split()[1:]) and not self.titles.title_re.search(role) \
                    or fold(role) in self.titles.prefixes or self.titles.match(text, start):
                return []
            _, end, org = self.org_spans[start]
            dash = self.separator_re.match(text, end)   # "cựu hậu vệ của MU – Gary Neville": the next name's
            if dash and dash.group().strip() in "–—-" and self.name_next_re.match(text, dash.end() - 1):
                return []
            return [] if self.name_follows(text, end) else [(role, org["name"], end)]
        return []

    def lower_honorifics(self, text: str) -> list[int] | None:
        """Where an honorific's first word starts a word in the text's lower case (already made by the
        stages before: rules.grammar.lower_case), in no order: "ông", "bà", "đồng", "đ/c" and the
        same in capitals ("Ông" is found by its capital too); None where lower-casing changes the
        text's length. Each character regex's (?i) takes for a letter of these words lower-cases
        to it (or to two characters), and lower-casing keeps what is a letter, digit, dot, slash or
        dash (tests/test_officials.py): every honorific ``mention_re`` reads is found."""
        lowered = lower_case(text)
        if len(lowered) != len(text):
            return None
        starts = [m.start() for m in self.single_honorific_re.finditer(lowered)] if self.single_honorific_re else []
        return starts + [at for at in starts_of(lowered, self.honorific_words) if not at or not text[at - 1].isalnum()]

    def mention_starts(self, text: str) -> list[int]:
        """Where ``mention_matches`` tries ``mention_re``, left to right: the capitalised words
        ``lead`` allows and the honorifics (:meth:`lower_honorifics`), by two scans instead of
        one that stopped at every "a", "b", "c", "n", "ô", "đ" of the text (a fifth of its letters)."""
        honorifics = self.lower_honorifics(text)
        if honorifics is None:
            return [m.start() for m in self.word_start_re.finditer(text)]
        return sorted([m.start() for m in self.capitalised_start_re.finditer(text)] + honorifics)

    def mention_matches(self, text: str):
        """The matches of ``mention_re`` left to right, none overlapping, tried only where a word
        starts with a capital or an honorific's first word (twice as fast as ``finditer``,
        whose leading lookbehind is tried at every character)."""
        last = word_end = 0
        for start in self.mention_starts(text):
            if start < last or start < word_end:   # inside a mention, or inside the word read last
                continue
            word = _word_at(text, start)
            word_end, first = word.end(), text[start]
            if word.start() != start or not (first.isupper() or first in self.honorific_letters
                                             and _first_word(word.group()) in self.honorific_starts):
                continue
            m = self.mention_re.match(text, start)
            if m is not None:
                last = m.end()
                yield m

    def mentions(self, doc, context: dict, provinces: list) -> list[Mention]:
        text = doc.text
        taken = Taken.covering([*((s.start_char, s.end_char) for s in provinces),
                                *((start, end) for start, end, _ in self.org_spans.values())])
        found, matches = [], list(self.mention_matches(text))
        # the names the article gives an honorific: a person's even without a family name of the list
        # ("đồng chí Trường Chinh": "..., Tổng Bí thư Trường Chinh" is his title, not the name's before)
        self.addressed = {" ".join(m.group("name").split()) for m in matches if m.group("honorific")}
        # the given names of the full names it writes: one of them alone after a title is the next person's
        self.given_names_written = {words[-1] for m in matches
                                    if len(words := (m.group("name") or m.group("sname") or "").split()) > 1}
        # an honorific before one word: a name written alone (:meth:`lone_names`), read from the scan's matches
        self.lone_cues = [m for m in matches if m.group("honorific") and " " not in m.group("name").strip()]
        self.name_ends = set()   # where the people read so far end: a name listed after one is a person too
        for m in matches:
            checkpoint()
            mention = self.mention(doc, context, taken, m)
            if mention is not None:
                found.append(mention)
                self.name_ends.add(mention.name_end)
        # the titles the names before them took ("Ông Nguyễn Trọng Quyết, Giám đốc Kinh doanh showroom ...")
        claimed = Taken.covering([(m.name_end, m.titles[-1][2]) for m in found if m.titles])
        seen = Taken.covering([(m.name_start, m.name_end) for m in found])
        for span in self.foreign_names(doc, context, seen) + self.stage_names(text, seen):
            mention = self.mention(doc, context, taken, span)
            if mention is not None and (mention.titles or mention.cue or mention.honorific) \
                    and not claimed.overlaps(mention.start, mention.name_start):
                found.append(mention)
        found += self.single_names(doc, context, taken, found)
        found.sort(key=lambda m: m.start)
        self.share_titles(text, found)
        return found

    def stage_names(self, text: str, seen: Taken) -> list[tuple[int, int]]:
        """(start, end) of the names without a family name that the press gives artists, written right after what
        they are ("nghệ sĩ Trung Dân", "MC Thảo Vân", "Á hậu Huyền My": ``stage_cues``), two or three Vietnamese
        syllables and no more capitalised words (a third that opens a run-on sentence is none: ``stage_name_breaks``); not
        a contest ("Hoa hậu Hoàn Vũ": ``not_stage_names``)."""
        found = []
        for cue in self.stage_cues.finditer(text):
            name = self.stage_name_re.match(text, cue.end())
            if name is None or seen.overlaps(*name.span("name")):
                continue
            words = name.group("name").split()
            end = name.end("name")
            if len(words) == 3 and fold(words[2]) in self.stage_name_breaks:   # "Người mẫu Ngọc Trinh Tối 9.6 vừa qua"
                words, end = words[:2], name.start("name") + text[name.start("name"):end].rindex(words[2]) - 1
            if words[0] not in self.surnames and all(map(self.is_syllable, words)) \
                    and " ".join(words) not in self.not_stage_names:
                found.append((name.start("name"), end))
        return found

    def single_names(self, doc, context: dict, taken: Taken, found: list[Mention]) -> list[Mention]:
        """The names of one syllable right before an aside with an age ("Thủy (17 tuổi) đến nhà
        hàng xóm"), inside a sentence, none a country nor after a word of ``single_name_not_after``, with the
        title written before ("Tổng thống Macron (39 tuổi)"); rule "name (age)"."""
        text, seen, singles = doc.text, Taken.covering([(m.start, m.name_end) for m in found]), []
        for aside in self.aside_scan_re.finditer(text):
            end = aside.start()
            while end and text[end - 1] in " \t":   # the spaces between the name and its aside
                end -= 1
            m = self.single_name_re.search(text, max(0, end - 24), end)
            if m is None or m.group("before") in self.single_not_after or not self.is_name(m.group("name")) \
                    or seen.overlaps(*m.span("name")) or taken.overlaps(*m.span("name")):
                continue
            honorific = self.honorific_before_re.search(text, max(0, m.start("name") - 12), m.start("name"))
            single = Mention(honorific.start() if honorific else m.start("name"), m.start("name"), m.end("name"),
                             m.group("name"), honorific and self.honorifics[fold(honorific.group("honorific"))],
                             rule="name (age)", cue="name (age)")
            before = self.title_before(doc, context, single.name_start)
            if before:
                single.titles.append((before[0], before[1], single.name_end))
                single.start, single.rule = min(single.start, before[2]), "title name"
                single.honorific = single.honorific or before[3]
            singles.append(single)
        return singles

    def later_mention(self, doc, context: dict, start: int, end: int) -> Mention:
        """A later mention of a name the article titles or addresses, with the title written right before
        it ("Tổng Bí thư Trường Chinh", a name without a family name of the list, after "đồng chí
        Trường Chinh"), else without one (it repeats the first title the article gives the name)."""
        mention = Mention(start, start, end, doc.text[start:end], None, rule="name")
        before = self.title_before(doc, context, start, mention.name in self.addressed)
        if before:
            title, organization, mention.start, mention.honorific = before
            mention.titles.append((title, organization, end))
            mention.rule = "title name"
        return mention

    def written_after_place(self, text: str, name: str) -> bool:
        """Whether the article writes ``name`` after a word for a place, a street or a landing, or after a capitalised
        word, anywhere (``person_after``: "huyện Lục Ngạn", "bến đò Ninh Sở", "Hyundai Hà Đông")."""
        return _written_after(text, name, self.said_not_after_re.match, 20)

    def written_as_places(self, text: str, names: set[str]) -> set[str]:
        """The foreign-looking names without a Vietnamese family name that the article also writes
        right after a word for a place ("tỉnh Kampong Chhnang"): places, so no person's anywhere in
        it ("UBND tỉnh A Thuy", "bà xã Long Nhật" are people). The name is found with str.find
        (:func:`words_at`), not a pattern compiled per name."""
        return {name for name in names if name.split()[0] not in self.surnames and self.looks_foreign(name)
                and _written_after(text, name, self.place_before_re.search, 12)}

    @staticmethod
    def honorific_starts_all(spec: dict) -> set[str]:
        """The honorifics' words folded ("ông", "bà", "đồng", "chí"): family names that are no sign of a longer name."""
        return {fold(word) for h in spec["honorifics"] for word in h.split()}

    def in_longer_name(self, text: str, start: int) -> bool:
        """True where a family name stands right before ``start``: a name found there is part of a longer one."""
        return self.family_before_re.match(text, max(0, start - 12), start) is not None

    def share_titles(self, text: str, mentions: list[Mention]) -> None:
        """"Các đồng chí Trần Thị Thu Hà và Nguyễn Văn Lượng được bầu làm Phó Bí thư": the names
        joined to one whose title a verb gives take that title too; so do the names listed after one whose
        title follows a word of number ("các Phó Thủ tướng Trương Hòa Bình, Vũ Đức Đam": ``plural_before``)."""
        for first, second in reversed(list(zip(mentions, mentions[1:]))):
            if not first.titles and second.titles and second.by_verb \
                    and self.coordinated_re.fullmatch(text, first.name_end, second.name_start):
                first.titles = [(title, organization, first.name_end) for title, organization, _ in second.titles]
                first.by_verb = True
                first.rule = "name, title shared"
        shared: set[int] = set()
        for first, second in zip(mentions, mentions[1:]):
            plural = id(first) in shared or first.titles and first.start < first.name_start \
                and self.plural_before_re.search(text, max(0, first.start - 12), first.start)
            if plural and not second.titles and not second.honorific \
                    and self.coordinated_re.fullmatch(text, first.name_end, second.name_start):
                second.titles = [(title, organization, second.name_end) for title, organization, _ in first.titles]
                second.rule = "title shared, name"
                shared.add(id(second))

    def read_organizations(self, doc) -> None:
        """The article's organizations once: (start, end, data) of each by its start, and the starts in order."""
        self.org_spans = {start: (start, end, data_at(doc, start, end)) for start, end in span_offsets(doc, "organizations")}
        self.org_starts = sorted(self.org_spans)

    def persons_of(self, mentions: list[Mention], given: list[tuple[Mention, str]]) -> dict[int, str]:
        """{id of a mention: its person's full name}: the one longer name its name ends, the person of a later mention by
        a called name (``given``); a given name two people share, the one of its cue (:meth:`same_cue`)."""
        full = {**self.full_names({m.name for m in mentions}), **{m.name: person for m, person in given
                                                                   if m.rule != "given name+same cue"}}
        own = {id(m): person for m, person in given if m.rule == "given name+same cue"}
        return {id(m): own.get(id(m)) or full.get(m.name, m.name) for m in mentions}

    def remembered(self, mentions: list[Mention], full: dict) -> tuple[dict, dict]:
        """What the article says of each person once for all their mentions (``full``: a mention's id -> its person's
        full name): their first title and its body (given to a mention by name alone), and the body of each of their
        titles ("Thứ trưởng Bộ GD&ĐT Nguyễn Thị Nghĩa", then "Theo Thứ trưởng Nguyễn Thị Nghĩa" given that body), keyed
        by (person, office)."""
        first_title, bodies = {}, {}
        for mention in sorted(mentions, key=lambda m: m.start):
            person = full[id(mention)]
            if mention.titles:
                first_title.setdefault(person, mention.titles[0][:2])
            for title, organization, _ in mention.titles:
                if title and organization:
                    bodies.setdefault((person, self.titles.office(title)), organization)
        return first_title, bodies

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        context = doc._.org_context or {"own": None, "placed": []}
        self.read_organizations(doc)
        self.bylines = Taken.covering(span_offsets(doc, "bylines"))   # (where a full name is the writer's, no mention)
        # the provinces read once, by their offsets (a span group makes its spans anew at every read)
        provinces = provinces_of(doc)
        self.provinces = {s.start_char: s for s in provinces}
        mentions = [m for m in self.mentions(doc, context, provinces)   # a name the organizations read whole is a body's
                    if self.org_spans.get(m.name_start, (0, -1))[1] != m.name_end]   # ("siêu mẫu Victoria Secret")

        places = self.written_as_places(text, {m.name for m in mentions})
        mentions = [m for m in mentions if m.name not in places]
        mentions += self.later_mentions(doc, context, mentions)
        called = self.called_names(mentions)   # read once: for the later mentions by a called name, then the names alone
        given = self.given_names(doc, context, mentions, called)
        mentions += [mention for mention, _ in given]
        mentions += self.lone_names(doc, context, mentions, called)
        full = self.persons_of(mentions, given)
        first_title, bodies = self.remembered(mentions, full)
        org_ids = {data["name"]: data.get("org_id") for _, _, data in self.org_spans.values()}
        matches, named = [], [m.name_start for m in mentions]
        for mention in sorted(mentions, key=lambda m: m.start):
            person = full[id(mention)]
            rows = mention.titles
            if not rows:
                inherited = first_title.get(person, (None, None))
                rows = [(*inherited, mention.name_end)]
                mention.rule += "+same name" if person in first_title else ""
            offices = [self.titles.office(title) for title, _, _ in rows]   # (a regex each: read once per row)
            held = {office for office, (_, organization, _) in zip(offices, rows) if office and organization}
            for number, (title, organization, end) in enumerate(rows):
                if title and not organization and offices[number] not in held:   # (a title held twice: two bodies)
                    organization = bodies.get((person, offices[number]))
                matches.append(Match(mention.starts.get(number, mention.start), self.closed_aside(text, mention, end, named), {
                    "name": mention.name, "name_id": self.name_id(person), "honorific": mention.honorific,
                    "title": title, "title_id": offices[number], "organization": organization,
                    "organization_id": org_ids.get(organization),
                }, rule=mention.rule))
        return matches

    def closed_aside(self, text: str, mention: Mention, end: int, named: list[int]) -> int:
        """The end of a row whose evidence stops inside the brackets opened after the name: the closing bracket, on
        the same line, when all that stands before it is the rest of the aside the row does not need ("Phạm Thị Thủy
        (ĐB Bắc Kạn)", "Trương Anh Tuấn (cán bộ Đội CSGT Công an huyện Quảng Trạch, Quảng Bình)", "Nguyễn Văn Tuân
        (tổng giám đốc);"); not over another person's name or a title the row does not give ("Đặng Trung Bình
        (Huyện ủy viên, Bí thư Đảng ủy, Giám đốc ...)": the row of "Huyện ủy viên" ends at its title), and after a comma
        only places (``places_after_comma``): else the end read (``end``, or the name's)."""
        end = max(end, mention.name_end)
        read = text[mention.name_end:end]
        if read.count("(") != read.count(")") + 1:
            return end
        rest = _ASIDE_REST.match(text, end)
        if not rest or any(end <= start < rest.end() for start in named):
            return end
        closing = rest.end() - 1
        titled = next(self.titles.finditer(text, end, closing), None)
        return end if titled or not self.places_after_comma(text, end, closing) else rest.end()

    def places_after_comma(self, text: str, start: int, end: int) -> bool:
        """Whether all that stands after a comma between ``start`` and ``end`` is a place the provinces read, one after
        each comma (", Quảng Bình"; not ", Trưởng trạm Y tế xã Gia Thanh, Gia Viễn": another post)."""
        comma = text.find(",", start, end)
        while comma != -1:
            after = text[comma + 1:end]
            place = self.provinces.get(comma + 1 + len(after) - len(after.lstrip()))
            tail = text[place.end_char:end].lstrip() if place else ","
            if place is None or tail and tail[0] != ",":
                return False
            comma = text.find(",", place.end_char, end)
        return True


def _written_after(text: str, name: str, before, reach: int) -> bool:
    """Whether ``before(text, start - reach, start)`` holds before one of the places the article writes ``name`` (found
    with str.find: :func:`words_at`)."""
    return any(before(text, max(0, start - reach), start) for start, _ in words_at(text, [name], _WORD_BEFORE, _WORD_AFTER))


def _person_after(spec: dict) -> tuple[regex.Pattern, regex.Pattern]:
    """(after a given name alone, after a full name): what says a name is a person's (officials.yaml ``person_after``)."""
    def phrases(words):
        return "(?:" + alternation(spelling_pattern(w, False) for w in words) + ")"
    speech = (r"(?:[^\S\n]*\([^()\n]{1,60}\))?[^\S\n]+" + phrases(spec["speech"]) + "(?![\\p{L}\\p{M}])"
              + "(?![^\\S\\n]+" + phrases(spec["not_speech"]) + "(?![\\p{L}\\p{M}]))")
    age = r"[^\S\n]*(?:\(|,[^\S\n]*)\d{1,3}[^\S\n]*tuổi"
    residence = r"[^\S\n]*,[^\S\n]*" + phrases(spec["residence"]) + "(?![\\p{L}\\p{M}])"
    place = r"[^\S\n]*\((?:" + spec["bracketed_place"] + r")\)"
    return (compiled(regex, "(?:" + "|".join([speech, age, residence, place]) + ")"),
            compiled(regex, "(?:" + "|".join([speech, age, residence]) + ")"))
