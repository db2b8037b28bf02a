"""The organization grammar: HEAD, then a FIELD or an open proper name, then an OWNER or a PLACE.

Compiled once per process from ``patterns/organizations.yaml``, ``patterns/acronyms.csv``
and the known names of ``patterns/foreign_orgs.csv`` (:mod:`pipeline.entities.org_gazetteer`).
The organizations extractor reads names with it, and so do officials (the body named
after a title) and directives (their issuer):

    >>> org = grammar().parse_head("Ban Thường vụ Tỉnh ủy Thái Nguyên", 0, {})
    >>> org.head, org.field, org.owner.head
    ('Ban', 'Thường vụ', 'Tỉnh ủy')

Besides the listed fields, a head may take a sentence-case description that a place or an
owner closes ("Hội Bảo trợ người khuyết tật, quyền trẻ em và bệnh nhân nghèo tỉnh Quảng
Nam"), a pair of countries ("Hội hữu nghị Việt Nam - Hàn Quốc"), a topic after "về" ("Ban
Chỉ đạo Trung ương về phòng, chống thiên tai"), and a foreign country that makes it that
country's body ("Bộ Quốc phòng Nga").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from operator import attrgetter
from typing import NamedTuple

import regex

from pipeline.component import data_at, span_offsets
from pipeline.entities.org_foreign import foreign_names, syllable_re
from pipeline.entities.org_gazetteer import Spelling, as_printed, known_names
from pipeline.rules import patterns
from pipeline.rules.grammar import (AFTER, BEFORE, DASH, SPACE, alternation, at_word_starts, first_letters_ahead, fold,
                                   letter_scans, literals, longest_first, matches_where, scan_starts, space_after,
                                   spelling_pattern, spellings_branches, spellings_trie, starts_of)
from pipeline.rules.compiled import compiled
from pipeline.rules.lexicon import counts_a_noun
from pipeline.rules.endings import ending
from pipeline.rules.overlap import Taken

_LEVEL_WORD = regex.compile(r"(?i)(tỉnh|thành phố)(?=\s)")
_CITY_SHORT = regex.compile(r"(?i)tp\b\.?")
#: a bracket right after a name, and the short form it holds, after the words that announce one ("(gọi tắt là Công ty Song
#: Lộc)", "(sau đây viết tắt là ...)") or alone ("(VUFO)")
_BRACKET = regex.compile(r"[^\S\n]*\([^\S\n]*(?P<called>(?:sau[^\S\n]+đây[^\S\n]+)?(?:gọi|viết)[^\S\n]+tắt(?:[^\S\n]+là)?"
                         r"[^\S\n]*:?[^\S\n]*)?([^()\n]{1,40}?)[^\S\n]*\)")
_NOT_A_LETTER = regex.compile(r"[^\p{L}]")
_SHORT_FORM_NEXT = regex.compile(r"[^\S\n]*\([^\S\n]*\p{Lu}{2,8}[^\S\n]*\)")   # "(APS)" right after a name
_WORD_PARTS = regex.compile(r"[-’']")
_LOWER_NEXT = regex.compile(SPACE + r"\p{Ll}")
_COLON = regex.compile(r"[^\S\n]*:")
_NEXT_LOWER_WORD = regex.compile(r"[^\S\n]+(\p{Ll}+(?:[^\S\n]+\p{Ll}+){0,2})")
#: an open bracket before an owner written after a body ("Cục Viễn thông (Bộ TT&TT)")
_OWNER_BRACKET = regex.compile(r"[^\S\n]*\([^\S\n]*(?:thuộc[^\S\n]+)?")   # "(thuộc Bộ NNPTNT)": its owner too
#: a comma or a dash before another body ("Tổng cục Thủy sản, Bộ NN&PTNT", "Cục Y tế dự phòng - Bộ Y tế")
_OWNER_JOINT = regex.compile(r"[^\S\n]*(?:,|[-–])[^\S\n]*")
#: a short name in brackets right after a body's description: "(NTBD)", "(Sacombank)"
_SHORT_BRACKET = regex.compile(r"[^\S\n]*\(\p{Lu}[\p{L}\d&-]{1,15}\)")
# lower-case words, then a short form in brackets: the name goes on in sentence case ("Quân đội Syria tự do (FSA)")
_GOES_ON_TO_SHORT = regex.compile(r"(?:[^\S\n]+\p{Ll}+){1,3}[^\S\n]*\([^\S\n]*\p{Lu}[\p{Lu}\d&-]{1,11}[^\S\n]*\)")
_CAPITAL_NEXT = regex.compile(SPACE + r"\p{Lu}")
_WORD = regex.compile(r"\S+")
_CAPITAL_WORD_NEXT = regex.compile(SPACE + r"(\p{Lu}\p{L}*)")
_CAPITALISED_WORDS = regex.compile(r"(?:[^\S\n]+\p{Lu}[\p{L}\p{M}]*){1,4}")
_TRAILING_JOIN = regex.compile(r"(?:[\s\-–—]|(?<![\p{L}\p{N}])\p{Ll}+)*\Z")   # joins and lower-case words that end a cut name
_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{N}])\p{Ll}+(?![\p{L}\p{N}])")
#: a number right after a company's or a school's proper name, its last word ("Công ty ... Vĩnh Tân 3", "Cầu 1 Thăng
#: Long"): of at most three digits, no part of a decimal, a date, a score or a percentage ...
_NAME_NUMBER = regex.compile(r"[^\S\n]+(\d{1,3})(?![\p{L}\p{N}]|[.,/:]\d|[^\S\n]*[-–—][^\S\n]*\d|[^\S\n]*%)")
#: ... that a punctuation mark, a bracket or the line's end follows (not a word it counts: "công ty Zamil 4 tháng")
_NAME_NUMBER_ENDS = regex.compile(r"[^\S\n]*(?:[,.;:](?![^\S\n]*\d)|[()]|\n|\Z)")
#: a dash right after a name
_DASH_NEXT = regex.compile(r"[^\S\n]*[-–—]")
#: a dash of a pair of countries (grammar.DASH)
_A_DASH = re.compile("[-–—]")


class ProvinceMention(NamedTuple):
    """A province the gazetteer read, as the grammar reads it (by its offsets, as a span's):
    ``data``, the row of the provinces table ({"name": "Lạng Sơn", "kind": "tỉnh", ...})."""

    start_char: int
    end_char: int
    data: dict | None


def provinces_of(doc) -> list[ProvinceMention]:
    """The provinces of ``doc``, in their span group's order, read from their offsets (a span group
    makes each span anew at every read, about 1 us); by where they start, they are what the parse
    methods take as ``provinces``."""
    return [ProvinceMention(start, end, data_at(doc, start, end)) for start, end in span_offsets(doc, "provinces")]


@dataclass(frozen=True)
class Place:
    """What closes a name: "tỉnh Lạng Sơn", "Trung ương", "Nga" (a country), "huyện Lục Nam"."""

    name: str
    end: int
    own_level: str | None = None   # "tỉnh" when the place is the article's own province, bare
    rule: str = "+place"
    level: str | None = None       # province, district, commune, central
    country: str | None = None     # ISO code of a foreign country
    province: str | None = None    # the canonical province ("thành phố Hồ Chí Minh" for "TP.HCM")
    foreign: bool = False          # abroad, in a country the list lacks ("Liberia")
    start: int | None = None       # where a bare local level starts ("UBND [huyện]"), to read the name without it


@dataclass(frozen=True, init=False)
class OrgName:
    """One parsed name: its pieces, canonical where the grammar knows them."""

    start: int
    end: int
    head: str                     # canonical head ("Ủy ban nhân dân"); "" for a known name (acronyms, gazetteer)
    in_name: bool | None = True   # False: a classifier ("tổ chức WVI"); None: capitalised at a sentence start
    field: str | None = None
    programme: str | None = None  # "Trung ương Chương trình mục tiêu Quốc gia xây dựng nông thôn mới"
    open_name: str | None = None
    owner: "OrgName | None" = None
    place: str | None = None      # "tỉnh Lạng Sơn", "Việt Nam", "huyện Giồng Riềng", "tỉnh" (bare)
    own_level: str | None = None  # set when the place is the article's own province ("tỉnh", or "" after "Tỉnh ủy")
    full: str | None = None       # the whole canonical name, for known names
    implied: str | None = None    # "plain" / "with_level": bare, it is the body of the article's own province
    located: str | None = None    # "tại Việt Nam"
    rule: str = ""
    about: str | None = None      # "về phòng, chống thiên tai"
    where: Place | None = None    # the place, with its level and country
    known: Spelling | None = None  # the known organization (foreign_orgs.csv, acronyms.csv) it is
    latin: bool = False           # its open name is a foreign (Latin-script) name
    needs_cue: bool = False       # a known spelling that is also a common word (CARE, GNI)
    inner_short: str | None = None  # a short form in brackets inside the mention: "Tòa án nhân dân (TAND) tỉnh"
    many: bool = False            # bare before "các tỉnh": the bodies of many places, never completed

    def __init__(self, start: int, end: int, head: str, **pieces):
        """The fields set at once, the others at their defaults: the dataclass's own ``__init__`` sets
        its 20 frozen fields one by one through ``object.__setattr__`` (6 us against 4; a few names per
        article are made whole, the others copied with :meth:`replace`)."""
        if not pieces.keys() <= _FIELD_NAMES:
            raise TypeError(f"OrgName has no field {sorted(pieces.keys() - _FIELD_NAMES)}")
        state = self.__dict__
        state.update(_ORG_DEFAULTS)
        state["start"], state["end"], state["head"] = start, end, head
        state.update(pieces)

    def __hash__(self) -> int:
        """The hash of its span, head and full name, computed once: names are the keys of the
        component's tables, hashed a hundred times per article. Equal names hash alike (equality
        compares every field); the dataclass's hash of every field hashed each owner, place and
        known spelling through their Python ``__hash__`` (~2.5 us a name; an article's names differ in span)."""
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash(_org_key(self))
            object.__setattr__(self, "_hash", found)
        return found

    def replace(self, **changes) -> "OrgName":
        """A copy with ``changes``: what ``dataclasses.replace`` gives, without its checks and the
        ``__init__`` of 20 frozen fields (a name is copied a dozen times per article while parsed)."""
        if not changes.keys() <= _FIELD_NAMES:
            raise TypeError(f"OrgName has no field {sorted(changes.keys() - _FIELD_NAMES)}")
        copy = object.__new__(OrgName)
        state = copy.__dict__
        state.update(self.__dict__)
        state.pop("_hash", None)
        state.update(changes)
        return copy

    def __getstate__(self) -> dict:
        """Pickled without its hash (strings hash differently in another process)."""
        return {key: value for key, value in self.__dict__.items() if key != "_hash"}

    def name(self, own: tuple[str, str] | None = None, complete: bool = False) -> str:
        """The canonical name; ``own`` = (province, kind) of the article, for "UBND tỉnh";
        ``complete``: also give an implied province to a bare name ("Tỉnh ủy" -> "Tỉnh ủy Nghệ An")."""
        if self.full:
            return " ".join(p for p in (self.full, self.located) if p)
        place = self.place
        if self.own_level is not None and own and self.own_level in ("", own[1]):
            place = f"{self.own_level} {own[0]}".strip()
        elif complete and self.bare and self.implied and own:
            place = f"{own[1]} {own[0]}" if self.implied == "with_level" else own[0]
        parts = [self.head if self.in_name is not False else None, self.field, self.programme, self.open_name,
                 self.owner.name(own, complete=True) if self.owner else place, self.about, self.located]
        return " ".join(p for p in parts if p)

    @property
    def bare(self) -> bool:
        """True when nothing places the body ("Sở Ngoại vụ", not "Sở Ngoại vụ tỉnh Lạng Sơn")."""
        return self.owner is None and self.place is None and self.full is None and self.own_level is None


#: where a field's name joins its capitalised parts, and so may be written with a dash, or with
#: a space alone, instead: after commas only, after "và" only, after both ("Văn hóa - Thể thao và
#: Du lịch", "Sở Văn hóa Thể thao Hải Phòng")
_JOINTS = (regex.compile(r", (?=\p{Lu})"), regex.compile(r" và (?=\p{Lu})"), regex.compile(r"(?:, | và )(?=\p{Lu})"))
#: ... and a dash between capitalised parts may be a comma ("Bộ Lao động, Thương binh và Xã hội")
_DASH_JOINT = regex.compile(r" - (?=\p{Lu})")
#: a dash between two subjects of a school ("Kinh tế - Luật")
_SUBJECT_DASH = regex.compile(r"[^\S\n]*[-–](?=[^\S\n]+\p{Lu})")

#: whether a name has each piece a head may need (organizations.yaml `needs`)
_HAS = {
    "field": lambda org: org.field is not None, "open": lambda org: org.open_name is not None,
    "pair": lambda org: org.open_name is not None, "owner": lambda org: org.owner is not None,
    "place": lambda org: org.place is not None, "local": lambda org: org.place is not None,
    "country": lambda org: org.where is not None and (org.where.country is not None or org.where.foreign),
}

#: what ``parse_field`` gives for a closing it did not read
_UNREAD = object()

#: the fields of an OrgName that its hash reads (its equality, the dataclass's, compares them all)
_org_key = attrgetter("start", "end", "head", "full")
_FIELD_NAMES = frozenset(f.name for f in fields(OrgName))
#: each field of an OrgName, in order, at its default (start, end and head at none: they are always given)
_ORG_DEFAULTS = {f.name: f.default for f in fields(OrgName)}
#: the name every parse starts from (OrgName.replace makes it faster than OrgName's own __init__)
_NO_NAME = OrgName(0, 0, "")


_ORDINAL = regex.compile(r"(?:I{1,3}|IV|VI{0,3}|IX|X)")   # a Roman numeral of a unit's number, I to X


def _char_before(text: str, pos: int) -> str:
    """The last character before ``pos`` that is no space on its line ("\\n" at a line's start)."""
    while pos > 0 and text[pos - 1] != "\n" and text[pos - 1].isspace():
        pos -= 1
    return text[pos - 1] if pos > 0 else "\n"


#: the number a company's trade ends with: "Công ty CP Đấu giá số 5", "Tổng Công ty Xây dựng số 1"
_NUMBERED = regex.compile(r"[^\S\n]+số[^\S\n]+(?P<number>\d{1,3})(?![\p{L}\p{N}]|[.,/]\d)")


def _last_word(text: str, end: int) -> str:
    """The word (letters and digits) that ends at ``end``."""
    start = end
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return text[start:end]


def _capitalised_at_end(name: str) -> int:
    """How many capitalised words end ``name`` ("Sân khấu Điện" 1, "Quân đội Syria Tự Do" 3)."""
    count = 0
    for word in reversed(name.split()):
        if not word[:1].isupper():
            break
        count += 1
    return count


#: a word written in lower-case Vietnamese letters only (stdlib ``re`` source: no \p{Ll} there)
_LOWER_SOURCE = "(?-i:[a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]+)(?![^\\W\\d_])"


def head_tail(entry: dict, spelling: str) -> str:
    """What may not follow a head's spelling, as stdlib ``re`` source: the words of its
    `not_before` ("Hội nghị", "Báo cáo", "Viện trợ" are words, not bodies); for the lower-case
    classifier ("tổ chức"), punctuation or a lower-case word (the verb, "tổ chức phi chính phủ"); for a
    lower-case descriptor ("hãng", "tờ"), punctuation (a trade in lower case may follow it)."""
    banned = []
    if entry.get("not_before"):
        banned.append(r"[^\S\n]+(?:" + "|".join(re.escape(w if w[:1].isupper() else fold(w)) for w in entry["not_before"])
                      + r")(?!\w)")   # a capitalised word as written ("ĐH Đảng")
    if entry.get("lowercase_is_classifier") and spelling[:1].islower():
        banned.append(r"[^\S\n]*[,.;:!?)\n]|[^\S\n]+" + _LOWER_SOURCE)
    elif entry.get("descriptor") and spelling[:1].islower():   # a trade may follow: "hãng xe điện Tesla"
        banned.append(r"[^\S\n]*[,.;:!?)\n]")
    return "(?!" + "|".join(banned) + ")" if banned else ""


class _Initials:
    """The characters that may stand right after the first space of a pattern of spaces then words
    ("fixed", "level", "branch" places, the topic after "về"): the words' first letters (as written,
    or in any case) or another space. Asked before the pattern, it spares its call (0.3-0.4 us, a
    dozen per name read) where the next word starts with another letter, as most do; the answer for
    a character is the engine's own, remembered (an article has a few hundred distinct characters)."""

    def __init__(self, written=(), any_case=()):
        # each first letter once: a class of the 230 countries' first letters compiled in 0.7 ms, of its 35 letters 0.1
        letters = "[" + "".join(map(regex.escape, sorted({word.strip()[0] for word in written}))) + r"\s]"
        if any_case:
            letters += "|(?i:[" + "".join(map(regex.escape, sorted({word.strip()[0] for word in any_case}))) + "])"
        self._letter = regex.compile(letters)
        self._seen: dict[str, bool] = {}

    def may_match(self, text: str, pos: int) -> bool:
        """False where such a pattern cannot match at ``pos`` (the character after the next is
        neither a space nor a first letter); True where it may."""
        char = text[pos + 1:pos + 2]
        found = self._seen.get(char)
        if found is None:
            found = self._seen[char] = self._letter.fullmatch(char) is not None
        return found


class OrganizationGrammar:
    """The compiled grammar of ``organizations.yaml`` + ``acronyms.csv`` (built once per process)."""

    def __init__(self):
        spec = patterns.load_yaml("organizations.yaml")
        acronyms = patterns.load_csv("acronyms.csv")
        self.spec = spec
        self.surnames = set(patterns.load_yaml("officials.yaml")["surnames"])
        self.middle_names = set(patterns.load_yaml("provinces.yaml")["person_name_words"]) - self.surnames
        self.middle_only = set(patterns.load_yaml("officials.yaml")["middle_names_only"])   # "Văn", "Thị"
        self.terms = {row["acronym"]: row["name"] for row in acronyms if row["kind"] == "term"}
        self.known = known_names()
        self._read_heads(spec, acronyms)
        self._read_fields(spec)
        #: a capitalised word that opens a sentence before a lower-case word is no word of a name (`sentence_openers`)
        self.not_opener = "(?!(?:" + literals(spec["open_name"]["sentence_openers"]) + r")[^\S\n]+\p{Ll})"
        self._read_places(spec["places"])
        self._read_countries(spec)
        self._read_open_name(spec["open_name"])
        self._read_descriptions(spec["descriptions"])
        self._read_absorbing_titles()
        self.inner_short_re = compiled(regex, r"[^\S\n]*\((?P<short>" + spec["short_forms"]["acronym"] + r")\)")
        self.ordinal_re = compiled(regex, spec["short_forms"]["ordinal"])
        self.short_form_re = compiled(regex,
            r"(?:\p{Lu}\p{Ll}*(?:" + SPACE + r"\p{Ll}+)?" + SPACE + ")?" + spec["short_forms"]["acronym"])
        self._read_after_titles(spec["after_titles"])   # (parsed by the grammar read above)

    # long: one block per piece of the head table, read in order
    def _read_heads(self, spec: dict, acronyms) -> None:
        """HEAD, with the short forms of kind "head" in acronyms.csv (UBND, HĐND)."""
        self.heads, self.head_short, head_spellings, short_spellings = {}, {}, [], []
        tails = {}
        for entry in spec["heads"]:
            entry = {"takes": [], "needs": [], "not_after": [], **entry}
            for spelling in [entry["name"], *entry.get("spellings", [])]:
                self.heads[fold(spelling)] = entry
                head_spellings.append(spelling)
                tails[spelling] = head_tail(entry, spelling)
        shorts = [row for row in acronyms if row["kind"] in ("head", "short")]
        patterns.check_names((fold(row["name"]) for row in shorts), self.heads, "acronyms.csv: a row of kind head "
                                                                                "or short names a head that "
                                                                                "organizations.yaml `heads` lacks")
        self.shorthands = {}   # a head's shorthand ("BV") -> the head's name ("Bệnh viện")
        for row in shorts:   # a head's short form ("UBND"), given to the full names as their acronym; or only
            self.heads[fold(row["acronym"])] = self.heads[fold(row["name"])]   # its shorthand ("BV", "Cty")
            if row["kind"] == "head":
                self.head_short[row["name"]] = row["acronym"]
            else:
                self.shorthands[row["acronym"]] = self.heads[fold(row["name"])]["name"]
            short_spellings.append(row["acronym"])
        self.head_acronyms = set(short_spellings)
        # stdlib re over a trie of the spellings: the scan for heads is the extractor's hot loop. Every
        # branch starts with a literal letter and the scan (head_scan_re, read with at_word_starts)
        # has no lookbehind, so that re skips ahead to those letters
        shorts = "|".join(re.escape(short) + head_tail(self.heads[fold(short)], short)
                          for short in sorted(short_spellings, key=len, reverse=True))
        heads = "(?:" + spellings_trie(head_spellings, tails=tails) + "|" + shorts + r")(?!\w)"
        self.head_re, self.head_scan_re = compiled(re, r"(?<!\w)" + heads), compiled(re, heads)
        # the heads that end a name before them: not those also written inside names (`inside_names`)
        stops = [spelling for spelling in head_spellings if not self.heads[fold(spelling)].get("inside_names")]
        self.stop_re = compiled(re, r"(?<!\w)(?:" + spellings_trie(stops, tails=tails) + "|" + shorts + r")(?!\w)")
        self.head_scans = letter_scans(   # head_scan_re as grammar_names reads it: a lower-case letter apart
            [*spellings_branches(head_spellings, tails=tails), *((short[0], re.escape(short[1:]) + head_tail(
                self.heads[fold(short)], short)) for short in sorted(short_spellings, key=len, reverse=True))], r"(?!\w)")
        generic = alternation(spelling_pattern(w) for w in spec["generic_after"])
        # one head before a list of its fields ("các Bộ: Y tế, Tài chính"), and what joins the fields
        shared = spec["shared_head"]
        # (the words before the head in a lookbehind: the scan stops only at the heads, :func:`matches_where`)
        self.shared_head_re = compiled(regex, "(?<=" + BEFORE + "(?:" + literals(shared["before"]) + r"|\d{1,2})" + SPACE
                                       + ")(?P<head>" + literals(shared["heads"]) + ")" + AFTER)
        self.shared_heads = shared["heads"]
        self.shared_joint_re = compiled(regex, r"[^\S\n]*(?:" + "|".join(regex.escape(j) if not j.isalpha() else
                                                                      r"(?<=\s)" + j + AFTER for j in shared["joints"]) + ")")
        # the words before a head are checks of whether they are there at all: read from the head back
        self.plural_re = _word_ending(literals(spec["plural_before"]))
        self.bare_is_the_one = spec["bare_is_the_one"]
        self.bare_one_re = compiled(regex, "(?:" + literals(self.bare_is_the_one) + r")(?![\p{L}\p{N}])(?!" + SPACE + r"\p{Lu})")
        # the next item of a plural's list, bare: "các Tỉnh ủy, Thành ủy", "Ban Dân vận các tỉnh, thành ủy"
        self.plural_list_re = ending(r"(?<![\p{L}\p{N}])(?:" + literals(spec["plural_before"]) + ")"
                                     + SPACE + r"(?P<item>[^\s,.;:()]+(?:" + SPACE + r"[^\s,.;:()]+)?),[^\S\n]*\Z")
        self.plural_after_re = compiled(regex, SPACE + "(?:" + literals(spec["plural_after"]) + ")" + AFTER)
        self.titled_re = _word_ending(literals(spec["titles_before_acronym"]))
        self.indefinite_re = _word_ending(literals([*spec["plural_before"], *spec["indefinite_before"]]))
        self.region_re = _word_ending(literals(spec["region_before"]))
        self.generic_re = compiled(regex, SPACE + "(?:" + generic + ")" + AFTER)
        # a brand naming a product, not its company: a product word before it, a model after it
        products = spec["brand_products"]
        self.product_word_re = ending(r"(?<![\p{L}\p{N}])(?<!(?<![\p{L}\p{N}])(?i:" + literals(products["not_after"]) + ")"
                                      + SPACE + ")(?i:" + literals(products["before"]) + ")" + SPACE + r"\Z")
        self.model_after_re = compiled(regex, SPACE + r"(?:[\p{Lu}\p{N}]|\p{Ll}\p{N})")   # "Nokia 6", "Hyundai i10"
        counted = spec["many_places_counted"]
        self.many_places_re = compiled(regex, SPACE + "(?:" + alternation(
            spelling_pattern(w) for w in spec["many_places_after"]) + "|(?:\\d{1,2}|" + literals(counted["numbers"]) + ")"
            + SPACE + "(?:" + literals(counted["places"]) + "))" + AFTER)
        self.generic_initials = _Initials(spec["generic_after"])
        self.coordination_re = compiled(regex, r"[^\S\n]*(?:,|và|,[^\S\n]*và)[^\S\n]*(?=\p{Lu})")
        self.not_after = {
            entry["name"]: ending(
                "(?:" + alternation(spelling_pattern(w) for w in entry["not_after"]) + ")" + SPACE + r"\Z")
            for entry in spec["heads"] if entry.get("not_after")
        }
        self.named_by = {entry["name"]: _word_ending(alternation(spelling_pattern(w, False) for w in entry["named_by"]))
                         for entry in spec["heads"] if entry.get("named_by")}
        self.classifiers = {e["name"] for e in spec["heads"] if e.get("lowercase_is_classifier")}
        self.by_name = {e["name"]: {"takes": [], "needs": [], **e} for e in spec["heads"]}

    def _read_fields(self, spec: dict) -> None:
        """FIELD; a term acronym stands for its expansion ("Công tác về các tổ chức PCPNN"),
        "&" for " và " ("Bộ Giáo dục & Đào tạo"), in a short spelling "-" for "&" ("Sở GD-ĐT"), and
        in a spelled-out one a dash or a space for ", " or " và " before a capitalised part ("Sở Tài
        nguyên - Môi trường", "Sở Văn hóa Thể thao và Du lịch"; not "phòng, chống thiên tai và tìm
        kiếm cứu nạn", one field written in lower case), and a comma for such a dash."""
        self.fields, as_written, any_case = {}, [], []
        capitalised = set(spec.get("capitalised_fields", []))
        for entry in spec["fields"]:
            entry = {"name": entry} if isinstance(entry, str) else dict(entry)
            spellings = [entry["name"], *entry.get("spellings", [])]
            for acronym, expansion in self.terms.items():
                spellings += [s.replace(expansion, acronym) for s in spellings if expansion in s]
            spellings += [joined for s in spellings if " " in s and not any(w.isupper() for w in s.split())
                          for joint in _JOINTS for mark in ("-", " ") if (joined := joint.sub(mark, s)) != s]
            spellings += [joined for s in spellings if (joined := _DASH_JOINT.sub(", ", s)) != s]
            spellings += [s.replace(" và ", " & ") for s in spellings if " và " in s]
            spellings += [s.replace("&", "-") for s in spellings if "&" in s and " " not in s]
            for spelling in dict.fromkeys(spellings):
                self.fields[fold(spelling)] = entry
                (as_written if entry["name"] in capitalised else any_case).append(spelling)
        self.field_re = compiled(re, SPACE + "(?:" + spellings_trie(as_written) + "|" + spellings_trie(any_case, False)
                                   + r")(?![\w&])")
        self.programme_re = compiled(regex, SPACE + "(?:" + spec["programmes"] + ")" + AFTER)
        self.number_re = regex.compile(SPACE + r"\d{1,4}" + AFTER)
        self.field_number_re = regex.compile(SPACE + r"(?i:số)" + SPACE + r"(\d{1,3})" + AFTER)
        self.arm_number_re = regex.compile(SPACE + r"\p{Lu}\p{Ll}*(?:" + SPACE + r"\p{L}\p{Ll}*){0,3}" + SPACE
                                           + r"\d{1,3}" + AFTER)
        self.about_re = compiled(regex, SPACE + "về" + SPACE + "(?P<topic>" + alternation(
            spelling_pattern(topic) for topic in spec["about"]) + ")" + AFTER)
        self.about_initials = _Initials(["về"])

    def _read_places(self, places: dict) -> None:
        """PLACE: fixed names, levels with a local name, "tại Việt Nam", branches."""
        fixed = [*places["fixed"], *places["fixed_short"]]
        self.fixed_places = {**{fold(p): p for p in places["fixed"]},
                             **{fold(short): p for short, p in places["fixed_short"].items()}}
        self.central_places = {fold(p) for p in places["central"]}
        # places abroad (their country code) and the levels a Vietnamese name of one may follow: a city ("thành phố
        # Thượng Hải"), never a commune or district ("xã Hải Nam", "xã Sơn Đông" are Vietnamese)
        self.places_abroad = {fold(row["name"]): row["iso"] for row in patterns.load_csv("places_abroad.csv")}
        self.abroad_levels = set(places["abroad_levels"])
        self.place_kinds = {fold(p): kind for p, kind in places.get("kind_of", {}).items()}
        self.fixed_re = compiled(regex, SPACE + "(?:" + alternation(spelling_pattern(p) for p in fixed) + ")" + AFTER)
        self.levels = {fold(p): p for p in places["levels"]}
        self.levels.update({fold(short.rstrip(".")): level for short, level in places["level_short"].items()})
        self.level_of = places["level_of"]
        self.own_levels = set(places["own_province_levels"])
        self.own_local_levels = set(places["own_local_levels"])
        local_levels = alternation(spelling_pattern(p) for p in places["own_local_levels"])
        # the places an article names at those levels ("huyện Cầu Ngang", "phường 5"), and a list of levels after a bare
        # one ("UBND huyện, xã", "Công an quận/huyện"): any of them, no one place
        self.local_place_re = compiled(regex, BEFORE + "(?P<level>" + local_levels + ")" + SPACE + r"(?P<local>\p{Lu}\p{Ll}*(?:"
                                       + SPACE + r"\p{Lu}\p{Ll}*){0,3}|\d{1,2}(?![\d/]|[.,]\d))" + AFTER)
        self.local_level_starts = compiled(re, "(?:" + local_levels + ")")   # (where a match of local_place_re starts)
        self.level_compound_re = compiled(regex, SPACE + "(?:" + alternation(places["level_compounds"]) + ")" + AFTER)
        self.more_levels_re = compiled(regex, r"[^\S\n]*(?:[,/-]|[^\S\n]và|[^\S\n]hoặc)[^\S\n]*(?:cấp[^\S\n]+)?(?:"
                                       + alternation(spelling_pattern(p) for p in places["levels"]) + ")" + AFTER)
        self.located_re = compiled(regex, SPACE + spelling_pattern(places["located"]) + AFTER)
        self.branch_re = regex.compile(SPACE + "(?:" + alternation(spelling_pattern(p) for p in places["branch"]) + ")" + AFTER)
        self.branch_initials, self.fixed_initials = _Initials(places["branch"]), _Initials(fixed)
        self.level_initials = _Initials(places["level_short"], any_case=places["levels"])
        capital_word = self.not_opener + r"\p{Lu}\p{Ll}*"
        self.local_re = regex.compile(SPACE + "(?P<local>" + capital_word + "(?:" + SPACE + capital_word + "){0,3})" + AFTER)
        # a short level may be glued to its name by a dot ("TP.Pleiku") or end on one before it ("UBND TP. Móng Cái"); the
        # group keeps the dot
        short = "(?:" + alternation(regex.escape(s) for s in places["level_short"]) + r")(?:\.(?=[^\S\n]?\p{Lu}))?"
        self.level_re = compiled(regex,
            SPACE + "(?P<level>(?:" + alternation(spelling_pattern(p, False) for p in places["levels"]) + ")" + AFTER
            + "|" + short + ")(?:(?:" + SPACE + r"|(?<=\.))(?P<local>" + capital_word + "(?:" + SPACE + capital_word
            + r"){0,3}|\d{1,2}(?![\d/]|[.,]\d)" + ")" + AFTER + ")?")
        self.numbered_levels = set(places["numbered_levels"])

    def _read_countries(self, spec: dict) -> None:
        """Foreign countries after a head ("Bộ Quốc phòng Nga"), pairs of countries after a
        field such as "Hữu nghị" ("Việt Nam - Hàn Quốc", "Việt – Nga")."""
        self.countries = {fold(name): code for name, code in spec["countries"].items()}
        #: the first name the file gives a country: the one its bodies are identified by ("Úc", not "Ô-xtrây-li-a")
        self.country_names = {code: name for name, code in reversed(spec["countries"].items())}
        prefixes = "(?:(?:" + alternation(spelling_pattern(p) for p in spec["country_prefixes"]) + ")" + SPACE + ")?"
        # each country's pattern written once for the three alternations below (2 ms each at start-up)
        spelled = {c: spelling_pattern(c) for c in [*spec["countries"], *spec["country_short"], "Việt Nam", "Vietnam", "VN"]}
        names = alternation(spelled[c] for c in spec["countries"])
        self.country_re = compiled(regex, SPACE + first_letters_ahead([*spec["country_prefixes"], *spec["countries"]]) + prefixes
                                   + "(?P<country>" + names + ")" + AFTER)
        # the alternations of every country's spellings cost regex 1.6-3.5 us a call however soon they
        # fail: asked only where their next character may start them
        self.country_initials = _Initials([*spec["country_prefixes"], *spec["countries"]])
        one = "(?:" + alternation(spelled[c] for c in [*spec["countries"], *spec["country_short"]]) + ")"
        self.pair_re = compiled(regex, SPACE + "(?P<pair>" + one + DASH + one + ")" + AFTER)
        self.located_abroad_re = compiled(regex, SPACE + "tại" + self.country_re.pattern)
        self.foreign_place_re = compiled(regex, SPACE + r"(?P<place>\p{Lu}\p{Ll}+)" + AFTER + r"(?![^\S\n]+\p{Lu})")
        self.country_name_re = compiled(re, "(?:" + spellings_trie(spec["countries"]) + r")(?!\w)")   # read with at_word_starts
        # a city's word may hold a dot before a letter ("TP.HCM"), never end on one ("tại Washington. Nga ...")
        city = r"\p{Lu}(?:\p{L}|\.(?=\p{L}))*(?:" + SPACE + r"\p{Lu}\p{L}*){0,2}"
        self.located_at_re = compiled(regex, SPACE + "tại" + SPACE + "(?P<city>" + city + ")" + AFTER)
        suffixed = [*spec["countries"], "Việt Nam", "Vietnam", "VN"]
        country = first_letters_ahead(suffixed) + "(?:" + alternation(spelled[c] for c in suffixed) + ")"
        self.known_suffix_re = compiled(regex,
            "(?:" + SPACE + "(?i:quốc" + SPACE + "tế)(?:(?:" + SPACE + "|" + DASH + ")" + country + ")?"
            + "|(?:" + SPACE + "|" + DASH + ")" + country + ")" + AFTER)
        # after a space or a dash, the next character is a space, a dash, "quốc"'s or a country's first letter
        self.known_suffix_initials = _Initials([*suffixed, *"-–—"], any_case=["quốc"])

    def country_at(self, text: str, pos: int) -> regex.Match | None:
        """``country_re.match(text, pos)``: a country (after a prefix) right after the spaces at ``pos``."""
        return self.country_re.match(text, pos) if self.country_initials.may_match(text, pos) else None

    def pair_at(self, text: str, pos: int) -> regex.Match | None:
        """``pair_re.match(text, pos)``, asked only where a dash stands before the line ends (two
        countries and a dash, all on one line: "Việt Nam - Hàn Quốc")."""
        line_end = text.find("\n", pos)
        dashed = _A_DASH.search(text, pos, len(text) if line_end < 0 else line_end)
        return self.pair_re.match(text, pos) if dashed else None

    def _read_open_name(self, opening: dict) -> None:
        """OPEN NAME: capitalised words; one lower-case syllable may sit between two of them
        ("Năng lượng Harbour Point"), none may end the name."""
        cap = self.not_opener + r"\p{Lu}[\p{L}\p{N}]*(?:[’'][\p{L}]+)?(?:-[\p{L}\p{N}]+)*(?:&\p{Lu}[\p{L}\p{N}]*)*"   # "TM&VT"
        never = "(?!(?:" + literals(opening["never_joins"]) + ")" + AFTER + ")"
        joins = "(?:" + DASH + "|" + SPACE + "(?:" + literals(opening["connectors"]) + ")" + SPACE \
            + "|" + SPACE + never + r"\p{Ll}+" + SPACE + "|" + SPACE + ")"
        self.open_re = compiled(regex,
            SPACE + "(?P<open>" + cap + "(?:" + joins + cap + "){0," + str(opening["max_words"] - 1) + "})" + AFTER)
        self.cap_word_re = compiled(regex, cap)
        self.never_starts = [fold(w) for w in opening["never_starts_with"]]
        self.never_openings = tuple(w + " " for w in self.never_starts)   # (a name that starts with one: str.startswith)
        self.connectors = set(opening["connectors"])
        not_trade = "(?!(?:" + literals([*opening["never_joins"], *opening["not_trade"]]) + ")" + AFTER + ")"
        self.trade_re = compiled(regex, "(?:" + SPACE + not_trade + r"\p{Ll}+){1,4}(?=" + SPACE + r"\p{Lu})")
        self.trade_heads = set(opening["trade_heads"])
        self.latin_only = set(opening["heads_latin_only"])
        self.acronym_alone = set(opening["acronym_alone"])
        self.no_known_after = set(opening["no_known_after_kinds"])
        cues = alternation(spelling_pattern(c, False) for c in self.spec["aid_cues"])
        self.aid_cue_re = compiled(regex, "(?i:" + cues + ")" + AFTER)
        self.giving_heads = tuple(fold(h) + " " for h in self.spec.get("donor_when_giving", []))
        # "Bóng rổ Thái Sơn Nam", "Trường THPT Chu Văn An": companies and schools are named after people
        self.no_person_stop = {e["name"] for e in self.spec["heads"] if e.get("kind") in ("enterprise", "education")}
        self.latin_kind, self.sport_kind = opening["latin_kind"], opening["sport_kind"]

    def _read_descriptions(self, spec: dict) -> None:
        """Sentence-case descriptions closed by a place or owner (organizations.yaml `descriptions`)."""
        self.description_heads = set(spec["heads"])
        self.closed_by_name = set(spec["closed_by_name"])
        self.lower_case_heads = set(spec["lower_case_heads"])
        self.lower_case_stops = set(spec["lower_case_stops"])
        self.description_max = spec["max_words"]
        self.said_re = compiled(regex, SPACE + "(?:" + alternation(spelling_pattern(w, False) for w in spec["closed_by_speech"])
                              + ")" + AFTER)
        self.said_max = spec["said_max_words"]
        self.auxiliary_re = compiled(regex, SPACE + "(?:" + alternation(spec["closed_by_auxiliary"]) + ")" + AFTER)
        self.capital_stops = set(spec["capital_stops"])
        stops = alternation(spelling_pattern(w, False) for w in spec["stops"])
        self.description_stop_re = compiled(regex, "(?i:" + stops + ")" + AFTER)
        self.description_word_re = compiled(regex,   # a dash only before a capital: "Khuyến nông - Khuyến ngư"
            r"(?:(?P<comma>[^\S\n]*,)?" + SPACE + "|" + DASH + r"(?=\p{Lu}))(?P<word>[\p{L}\p{N}][\p{L}\p{N}&/\-]*|&)")

    def _read_absorbing_titles(self) -> None:
        """Titles that end with the head of their organization ("Trưởng ban Dân tộc tỉnh Hòa
        Bình"): the head is read there in any case (titles.yaml, entries with `head`)."""
        absorbing = [entry for entry in patterns.load_yaml("titles.yaml")["bases"]
                     if isinstance(entry, dict) and entry.get("head")]
        self.absorbing_re = compiled(re,   # the whole scan, as at_word_starts would read it
            r"(?:" + spellings_trie((e["name"] for e in absorbing), first_letter_as_written=False) + r")(?!\w)")
        # what grammar_names reads (with at_word_starts_of_any): one pattern per first letter, which re
        # skips ahead to in a tight loop; a set of eight letters stops at every "c" and "t" and tries
        # each (28 -> 21 us an article)
        self.absorbing_scans = [compiled(re, "(?:" + re.escape(first) + rest + r")(?!\w)") for first, rest in
                                spellings_branches((e["name"] for e in absorbing), first_letter_as_written=False)]
        self.absorbed_head = {fold(e["name"]): e["head"] for e in absorbing}
        patterns.check_names((fold(e["head"]) for e in absorbing), self.heads,
                             "titles.yaml: a title's `head` is not a head of organizations.yaml")

    def _read_after_titles(self, entries: list[dict]) -> None:
        """Bodies a title names short (organizations.yaml `after_titles`): one pattern whose group `body` is the
        short form, and the full name each short form stands for, parsed once."""
        branches, self.after_title_names = [], {}
        for entry in entries:
            full = self.parse_head(entry["name"], 0, {})
            if full is None or full.end != len(entry["name"]):
                raise patterns.PatternError(f"organizations.yaml after_titles: the grammar does not read {entry['name']!r}")
            titles = alternation(spelling_pattern(t, first_letter_as_written=False) for t in longest_first(entry["titles"]))
            bodies = alternation(spelling_pattern(b) for b in longest_first(entry["spellings"]))
            branches.append(f"(?:{titles}){SPACE}(?P<body{len(branches)}>{bodies})")
            self.after_title_names[f"body{len(branches) - 1}"] = full
        closed = r"(?=[^\S\n]*(?:[,;.:()–—-]|\n|$|khóa[^\S\n])|[^\S\n]+\p{Ll})"
        self.after_title_re = compiled(regex, r"(?<!\w)(?:" + "|".join(branches) + ")" + closed)

    def shared_head_bodies(self, text: str) -> list[OrgName]:
        """The bodies of a head written once before a list of its fields (organizations.yaml `shared_head`): "các Bộ:
        Tài nguyên và Môi trường, Y tế" -> "Bộ Tài nguyên và Môi trường" (its span from the head), "Bộ Y tế" (the field's)."""
        found = []
        for m in matches_where(self.shared_head_re, starts_of(text, self.shared_heads), text):
            head = self.heads[fold(m.group("head"))]
            start, pos = m.start("head"), m.end("head")
            colon = _COLON.match(text, pos)
            pos, listed = colon.end() if colon else pos, []
            while (field := self.field_re.match(text, pos)) is not None:
                entry = self.fields[fold(field.group())]
                joint = self.shared_joint_re.match(text, field.end())
                if head["name"] not in entry.get("heads", (head["name"],)):
                    break   # another head's field
                written = " ".join(field.group().split()) if entry.get("as_written") else entry["name"]
                listed.append(OrgName(start, field.end(), head["name"], field=written, rule="head+shared field",
                                      implied=head.get("own_province")))
                if joint is None:
                    break
                pos, start = joint.end(), space_after(text, joint.end())
            if len(listed) > 1 or not head.get("own_province"):   # one field alone after "các" is the departments of
                found += listed                                       # many provinces ("giữa các Sở TT&TT với nhau")
        return found

    def after_title_bodies(self, text: str) -> list[OrgName]:
        """The bodies a title names short in ``text``: "Ủy viên [Trung ương Đảng], Bí thư ..." -> the Ban Chấp hành
        Trung ương Đảng, its span the short form's."""
        found = []
        for m in self.after_title_re.finditer(text) if "viên" in text else ():
            group = m.lastgroup
            found.append(self.after_title_names[group].replace(start=m.start(group), end=m.end(group), rule="title body"))
        return found

    def is_person(self, words: str) -> bool:
        """True if capitalised words after a level are a person ("UBND huyện Nguyễn Văn An"),
        not a place ("huyện Lục Nam"): a surname, then a middle name or two more words."""
        parts = words.split()
        return parts[0] in self.surnames and (len(parts) >= 3 or (len(parts) == 2 and parts[1] in self.middle_names))

    def before_person(self, text: str, start: int, end: int) -> int:
        """The end of a local name read from ``start`` to ``end``, before the person who may follow it
        ("công an xã Việt Lâm Nguyễn Sỹ Nguyên"): a surname after two words of the name and before a
        capitalised word starts a person ("phường Nguyễn Du", "xã Việt Lâm" stay whole)."""
        words = list(_WORD.finditer(text, start, end))
        for i in range(2, len(words)):
            if words[i].group() in self.surnames and (i + 1 < len(words) or _CAPITAL_NEXT.match(text, words[i].end())):
                return words[i - 1].end()
        return end

    def starts_person(self, words: list, number: int) -> bool:
        """Whether capitalised word ``number`` (not the first) of a name read after a head starts the person written
        after the body ("Giám đốc Bệnh viện Bạch Mai" + "Nguyễn Quang Tuấn"): a family name with a word after it, but
        not "Văn" / "Thị" right after a family name (the body is named after a person: "Bệnh viện Đa khoa Trần Văn
        Thời"), nor a family name right before another that is no middle name ("Bạch Mai" + "Nguyễn ...": "Mai" is a
        family name too; stop 49)."""
        word = words[number].group()
        if word not in self.surnames or number + 1 >= len(words):
            return False
        if word in self.middle_only and words[number - 1].group() in self.surnames:
            return False
        after = words[number + 1].group()
        return not (after in self.surnames and after not in self.middle_only and number + 2 < len(words))

    def person_starts(self, text: str, word: str, end: int) -> bool:
        """True if ``word`` is a surname followed by a capitalised word ("Lê Thị Nga"): a person."""
        return word in self.surnames and bool(_CAPITAL_NEXT.match(text, end))

    def is_foreign_word(self, word: str) -> bool:
        """True if ``word`` cannot be a Vietnamese syllable ("Zhishan", "Lions"; not "An", "Việt")."""
        return not all(syllable_re().fullmatch(part) for part in _WORD_PARTS.split(word) if part)

    def is_country(self, name: str) -> bool:
        """Whether ``name`` is a country's name and nothing more ("Algeria")."""
        m = self.country_at(" " + name, 0)
        return m is not None and m.end() == len(name) + 1

    def names_a_country(self, text: str, pos: int, end: int) -> bool:
        """True if the open name after ``pos`` (to ``end``) is a country, alone or before foreign words:
        a country's body, no name ("Công ty Trung Quốc", "công ty Tây Ban Nha", "tờ báo Mỹ New York
        Times"; not "Báo Pháp luật Việt Nam", nor a country its short form follows in brackets: "Hãng thông tấn
        Algeria (APS)")."""
        m = self.country_at(text, pos)
        if m is not None and end <= m.end() and _SHORT_FORM_NEXT.match(text, end):
            return False   # a name its short form follows: "Hãng thông tấn Algeria (APS)" (stop 50)
        return m is not None and (end <= m.end() or self.is_latin(text[m.end():end]))

    def lower_join_after_foreign(self, text: str, previous, word) -> bool:
        """True if a lower-case word that is no connector joins ``word`` to a foreign word or an
        acronym before it: a sentence goes on ("hãng tin AP rằng Mahmud", "Real Madrid thắng
        Barcelona"); a sentence-case Vietnamese name joins that way ("Năng lượng Harbour Point")."""
        joint = _LOWER_WORD.search(text, previous.end(), word.start())
        return joint is not None and joint.group() not in self.connectors \
            and (previous.group().isupper() or self.is_foreign_word(previous.group()))

    def joint_ends(self, text: str, previous, word) -> bool:
        """Does the joint between two capitalised words end the open name before ``word``? A lower-case word after a
        foreign one (:meth:`lower_join_after_foreign`), or a "và" between two bodies (:meth:`joins_two_bodies`)."""
        return self.lower_join_after_foreign(text, previous, word) or self.joins_two_bodies(text, previous, word)

    def joins_two_bodies(self, text: str, previous, word) -> bool:
        """True if "và" before ``word`` joins two bodies, not two words of one name: a known body after it ("Công ty
        vàng bạc đá quý Sài Gòn và" + "Bảo Tín Minh Châu"), or a foreign word on either side, whose own name would
        join with "and" or "&" ("hãng hàng không Emirates và" + "Saudi Arabian Airlines"; a known name that is
        written with "và", "Quỹ Bill và Melinda Gates", is read whole before the open name)."""
        if text[previous.end():word.start()].strip() != "và":
            return False
        return any(not w.isupper() and self.is_foreign_word(w) for w in (previous.group(), word.group())) \
            or self.known.match(text, word.start()) is not None   # (an acronym says nothing: "TM và DV", trades)

    def known_body_after(self, text: str, pos: int) -> bool:
        """True if a known body (foreign_orgs.csv, acronyms.csv) is written right after the space at ``pos``."""
        word = space_after(text, pos)
        return word is not None and self.known.match(text, word) is not None

    def head_ends(self, text: str, previous_end: int, pos: int, provinces: dict, depth: int = 0) -> bool:
        """Does the head at ``pos`` end the open name whose word before it ends at ``previous_end``? After a
        connector or a dash ("Hùng Yến và" + "Công ty ..."), or where it names a body ("Công ty ABC" + "Sở Y tế
        tỉnh"); a head word a space joins that names none there is a word of the name ("Công ty DVVT Trường Hằng",
        "Trường THPT Võ Trường Toản"); past ``depth`` 2 a head ends it ("Bộ Ban Sở Hội ..." repeated: each head asked
        about the next one went on down the text)."""
        if not self.stop_re.match(text, pos):
            return False
        return bool(text[previous_end:pos].strip()) or depth >= 2 \
            or self.parse_head(text, pos, provinces, depth + 1) is not None

    def is_latin(self, name: str) -> bool:
        """True if some word of ``name`` is foreign ("Zhishan", "Rotary Geelong"); an acronym
        ("BOG") says nothing."""
        return any(not w.group().isupper() and self.is_foreign_word(w.group()) for w in self.cap_word_re.finditer(name))

    # -- a name, piece by piece, at a position ------------------------------------

    def parse_head(self, text: str, start: int, provinces: dict, depth: int = 0,
                   scanned: re.Match | None = None) -> OrgName | None:
        """The name whose head starts exactly at ``start``, or None; ``provinces``: the article's
        by where they start (:func:`provinces_of`); ``scanned``: ``head_re``'s match there when the caller has it (the
        scan's at a word start: :attr:`head_scans`)."""
        m = scanned or self.head_re.match(text, start)
        if not m:
            return None
        written = m.group()
        head = self.heads[fold(written)]
        if written.isupper() and written not in self.head_acronyms:   # "SỞ NGOẠI VỤ ...": a masthead
            return None
        guard = self.not_after.get(head["name"])
        if guard and guard.match(text[max(0, start - 30):start]):
            return None
        if self.plural_re.match(text[max(0, start - 12):start]):
            return None   # "các Bộ", "hai Chính phủ": many bodies, no name
        in_name = True
        if head.get("lowercase_is_classifier") or head.get("descriptor"):
            before = _char_before(text, start)
            at_sentence_start = before in "\n.!?:;\"“(-"
            in_name = False if written[:1].islower() else (None if at_sentence_start else True)
        org = self.parse_rest(text, start, m.end(), head, provinces, depth, in_name)
        if org and org.bare and head.get("level") != "central" and self.in_plural_list(text, start):
            return None   # many bodies, as the plural before the list's first item says (not "các sở, Bộ Y tế")
        if org is None and (head.get("descriptor") or head["name"] in self.trade_heads):
            org = self.parse_after_trade(text, start, m.end(), head, provinces)
        if org and written[:1].islower() and not self.lower_case_names(text, m.end(), org, head):
            return None
        if org and head.get("descriptor") and org.open_name and (org.latin or org.known is not None
                                                                 or org.open_name.split()[0].isupper()) \
                and not self.is_country(org.open_name):   # ("Hãng thông tấn Algeria (APS)" keeps its descriptor)
            org = org.replace(in_name=False)   # "Tờ Daily Mail", "Hãng tin CNN": "Daily Mail", "CNN"
        if org and in_name is False and head.get("lowercase_is_verb") and not self.classifier_is_meant(text, start, org):
            return None
        return org

    def bare_of_one_body(self, text: str, found: list[OrgName]) -> list[OrgName]:
        """The bare mentions of a head that names a body only with its place or country (organizations.yaml
        ``bare_is_the_one``: "Đại sứ quán") in an article that names one such body (:func:`canonical` names them
        so): "Đại sứ quán Việt Nam tại Mỹ ... cán bộ, nhân viên Đại sứ quán và các cơ quan"."""
        bodies: dict[str, set] = {}
        for org in found:
            if org.head in self.bare_is_the_one:
                bodies.setdefault(org.head, set()).add(org.name(None))
        if not any(len(names) == 1 for names in bodies.values()):
            return []
        taken = Taken.covering([(org.start, org.end) for org in found])
        return [OrgName(m.start(), m.end(), m.group(), rule="head") for m in at_word_starts(self.bare_one_re, text)
                if len(bodies.get(m.group(), ())) == 1 and not taken.overlaps(m.start(), m.end())
                and not self.plural_re.match(text[max(0, m.start() - 12):m.start()])]

    def in_plural_list(self, text: str, start: int) -> bool:
        """Whether a head at ``start`` is the next item of a list of bodies or levels after a plural: "các Tỉnh ủy,
        Thành ủy", "Ban Dân vận các tỉnh, thành ủy" (not "Theo các luật sư, công ty Arconic")."""
        m = self.plural_list_re.match(text, max(0, start - 40), start)
        return m is not None and (fold(m.group("item")) in self.heads or fold(m.group("item")) in self.levels)

    def parse_coordinated(self, text: str, start: int, provinces: dict, depth: int = 0,
                          scanned: re.Match | None = None) -> OrgName | None:
        """A head that shares the place of the next ones: "Đảng ủy, HĐND, UBND xã Cẩm Bình" ->
        "Đảng ủy xã Cẩm Bình" (the mention is the head alone), or None; ``scanned`` as in :meth:`parse_head`."""
        m = scanned or self.head_re.match(text, start)
        if not m or depth > 4 or m.group()[:1].islower() or (m.group().isupper() and m.group() not in self.head_acronyms):
            return None   # (asked before the joint: most heads that name nothing are in lower case, "phi chính phủ")
        joint = self.coordination_re.match(text, m.end())
        if not joint:
            return None
        head = self.heads[fold(m.group())]
        after = self.parse_head(text, joint.end(), provinces) or self.parse_coordinated(text, joint.end(), provinces, depth + 1)
        while after is not None and after.where is None and after.owner is not None:
            after = after.owner   # "Ủy ban MTTQ xã Cẩm Bình": the owner's place
        if "place" not in head["takes"] or after is None or after.where is None:
            return None
        return OrgName(start, m.end(), head["name"], place=after.place, own_level=after.own_level, where=after.where,
                       rule="head+shared place")

    def parse_after_trade(self, text: str, start: int, pos: int, head: dict, provinces: dict) -> OrgName | None:
        """A descriptor, its trade in lower case and a foreign name: "hãng xe điện Tesla" -> "Tesla"."""
        trade = self.trade_re.match(text, pos)
        opened = trade and self.parse_open(text, trade.end(), provinces, head["name"])
        if not opened or not self.is_latin(opened[0]) or self.names_a_country(text, trade.end(), opened[1]):
            return None
        return OrgName(start, opened[1], head["name"], in_name=False, open_name=opened[0], rule="head+trade+name",
                       latin=True)

    def lower_case_names(self, text: str, head_end: int, org: OrgName, head: dict) -> bool:
        """Does a head written in lower case (ending at ``head_end``) name a body? Not before another head
        ("trình báo Công an huyện" is a verb; nor does it share their place, :meth:`parse_coordinated`), and
        only with one of its `lowercase_needs` ("báo xã Đại Lãnh": to report to), each a piece or pieces
        joined by "+": "field+place" ("bệnh viện đa khoa tỉnh Hòa Bình"), "capital_field" (a field written with
        a capital: "đại học Ngoại thương"; "bệnh viện đa khoa" alone is any general hospital; a name that takes only
        its head's own fields, a closed list, ends where its field does: "đảng Cộng hòa ủng hộ")."""
        if org.known is None and org.open_name and self.head_re.match(org.open_name):
            return False
        if "lowercase_needs" not in head:
            return True
        word = space_after(text, head_end) if org.field is not None else None
        has = {**_HAS, "capital_field": lambda _: word is not None and text[word].isupper()
               and (head.get("own_fields_only") or self.ends_here(text, org.end))}
        return self.complete(org, {**head, "needs": []}) and any(
            all(has[piece](org) for piece in need.split("+")) for need in head["lowercase_needs"])

    def ends_here(self, text: str, end: int) -> bool:
        """Does a name end at ``end``? Not where a lower-case word goes on that ends no description: "đại học
        Công nghệ" + "thực phẩm TP. HCM" is a longer name cut short ("đại học Ngoại thương thông báo" ends)."""
        return not _LOWER_NEXT.match(text, end) or bool(self.description_stop_re.match(text, space_after(text, end)))

    def classifier_is_meant(self, text: str, start: int, org: OrgName) -> bool:
        """Lower-case "tổ chức" before a name is the classifier when the name is known or a
        foreign NGO's name, or a classifier cue stands before it ("của tổ chức ..."); else it
        is the verb "to organize" ("nước tổ chức World Cup")."""
        if org.known is not None or foreign_names().is_name(org.open_name or ""):
            return True
        return foreign_names().cue_before(text, start)

    def parse_rest(self, text: str, start: int, pos: int, head: dict, provinces: dict,
                   depth: int = 0, in_name: bool = True) -> OrgName | None:
        """What follows a head ending at ``pos``: field, open name, owner, place.

        Also used for titles that end with their organization's head ("Trưởng ban Dân tộc").
        """
        takes = head["takes"]
        org = _NO_NAME.replace(start=start, end=pos, head=head["name"], in_name=in_name, rule="head")
        if "open" in takes:
            known = self.known_after(text, start, pos, head, in_name)
            if known:
                return known
        closed = _UNREAD
        number = head.get("number") and self.unit_number(text, pos, head["number"])
        if number:   # a numbered unit: "Quân khu 9", "Hạm đội 7", "Bệnh viện 108"
            org = org.replace(field=number.group().strip(), end=number.end(), rule="head+number")
        elif "field" in takes:
            org, closed = self.parse_field(text, org, head, provinces, depth)
            org = self.numbered_field(text, org, head)
        # a legal form ("Ngân hàng TMCP") is followed by the name proper: "Ngân hàng TMCP Công Thương"
        form = org.field is not None and (self.fields.get(fold(org.field)) or {}).get("as_written")
        legal = "open" not in takes and form
        if closed is _UNREAD:
            closed = self.parse_closing(text, org, takes, provinces, depth)
        if closed is None and ("open" in takes or legal) and org.open_name is None and not number:
            closed, opened = self.parse_open_and_close(text, org, head, provinces, depth)
            # "Ngân hàng TMCP Sài Gòn thương tín (Sacombank)": a name going on in lower case starts a description
            if not (legal and closed is None and opened.open_name and _LOWER_NEXT.match(text, opened.end)):
                org = opened
        # "Công ty TNHH vật liệu xây dựng Đông Đô": a legal form, the trade in lower case, the proper name
        trade = (bool(form) and head["name"] in self.closed_by_name or head["name"] in self.lower_case_heads) \
            and bool(_LOWER_NEXT.match(text, org.end))
        if closed is None and (org.field is None or legal or trade) and org.open_name is None \
                and head["name"] in self.description_heads:
            closed = self.parse_description(text, org, head, provinces, depth, capital=True, trade=trade)
        org = self.finish(text, closed or org, head, provinces)
        return org if self.complete(org, head) and not (self.generic_initials.may_match(text, org.end)
                                                        and self.generic_re.match(text, org.end)) else None

    def numbered_field(self, text: str, org: OrgName, head: dict) -> OrgName:
        """``org`` with the number its field takes after "số" (a head of ``number: after_field``: "Đội CSGT số 14"
        is the 14th traffic police team), else ``org``."""
        number = head.get("number") == "after_field" and org.field and self.field_number_re.match(text, org.end)
        return org.replace(field=f"{org.field} số {number.group(1)}", end=number.end()) if number else org

    def unit_number(self, text: str, pos: int, kind) -> regex.Match | None:
        """The number of a numbered unit right after its head ("Quân khu 9", "Bệnh viện 108"; ``kind`` "arm": the arm or
        service may stand before it, "Tiểu đoàn Đặc công 18"), or None: not a count after it ("Bệnh viện 700 giường"),
        nor a number of four digits (a year, a boat's: "xà lan BV 1979")."""
        number = self.number_re.match(text, pos) or kind == "arm" and self.arm_number_re.match(text, pos)
        if number and (len(number.group().split()[-1]) > 3 or (counted := _NEXT_LOWER_WORD.match(text, number.end()))
                       and counts_a_noun(counted.group(1))):
            return None
        return number or None

    def finish(self, text: str, org: OrgName, head: dict, provinces: dict) -> OrgName:
        """The topic after "về", "tại Việt Nam" (or a city, a country), the own province of a bare name."""
        about = (org.field or org.open_name) and self.about_initials.may_match(text, org.end) \
            and self.about_re.match(text, org.end)
        if about:
            org = org.replace(about="về " + " ".join(about.group("topic").split()), end=about.end())
        entry = self.fields.get(fold(org.field)) if org.field else None
        located = (head.get("located") or (entry or {}).get("located")) and self.parse_located(text, org.end, provinces)
        if located and (not org.bare or org.where is not None):
            org = org.replace(located=located[0], end=located[1])
        if org.bare and self.many_places_re.match(text, org.end):   # "Sở Y tế các tỉnh, thành phố"
            return org.replace(many=True)
        if head.get("own_province") and org.bare:
            org = org.replace(implied=head["own_province"])
        if head.get("own_local") and org.bare:   # "Huyện ủy": the article's one huyện's (:meth:`placed_locally`)
            level = head["own_local"]
            org = org.replace(place=level, own_level=level, rule=org.rule + "+own-local",
                              where=Place(level, org.end, own_level=level, rule="+own-local", level=self.level_of.get(level)))
        return org

    def places_named(self, text: str) -> dict[str, list[str]]:
        """Level ("huyện") -> the places of that level the article names, as first written ("Cầu Ngang"), one
        each (case and spaces folded); never a person after the level ("UBND xã Nguyễn Văn Bình")."""
        named: dict[str, dict[str, str]] = {}
        for m in matches_where(self.local_place_re, scan_starts(self.local_level_starts, text), text):
            level, local = self.levels[fold(m.group("level"))], " ".join(m.group("local").split())
            if local.isdigit() and level not in self.numbered_levels or self.is_person(local):
                continue
            end = self.before_person(text, m.start("local"), m.end("local"))
            local = " ".join(text[m.start("local"):end].split())
            named.setdefault(level, {}).setdefault(fold(local), local)
        return {level: list(places.values()) for level, places in named.items()}

    def without_level(self, text: str, org: OrgName) -> OrgName | None:
        """``org`` read without its bare local level ("Phòng Tài chính [huyện]") or the owner that has one ("Ban
        Tuyên giáo [Đảng ủy phường]"), or None if its head then lacks what it needs ("UBND", "Huyện ủy")."""
        if org.owner is not None:   # "Ban Tuyên giáo [Đảng ủy phường]"
            bare = org.replace(owner=None, end=len(text[:org.owner.start].rstrip()), rule=org.rule.removesuffix("+owner"))
        elif org.where.start is not None and not org.rule.endswith("+description+own-local"):
            # (a description the level closed is no name without it: "Ban Chỉ huy Phòng chống lụt bão [huyện]")
            bare = org.replace(place=None, own_level=None, where=None, end=len(text[:org.where.start].rstrip()),
                               rule=org.rule.removesuffix("+own-local"))
        else:
            return None
        return bare if self.complete(bare, self.by_name[org.head]) else None

    def placed_locally(self, text: str, org: OrgName, named: dict[str, list[str]]) -> OrgName | None:
        """``org`` with a bare local place ("UBND huyện", "Huyện ủy", their owners': "Ban Thường vụ Huyện ủy") made
        the one place of that level the article names (:meth:`places_named`: "Ủy ban nhân dân huyện Cầu Ngang",
        "Huyện ủy Cầu Ngang"); None when it names none or several, or a list of levels follows ("UBND huyện, xã")."""
        if org.owner is not None:
            owner = self.placed_locally(text, org.owner, named)
            return org if owner is org.owner else (org.replace(owner=owner) if owner else self.without_level(text, org))
        where = org.where
        if where is None or where.rule != "+own-local":
            return org
        places = named.get(where.own_level, ())
        if len(places) != 1 or self.more_levels_re.match(text, where.end):
            return self.without_level(text, org)
        local = f"{where.own_level} {places[0]}"
        plain = "local" in self.by_name[org.head]["takes"]   # "Huyện ủy Cầu Ngang", without "huyện"
        return org.replace(place=places[0] if plain else local, own_level=None,
                           where=replace(where, name=local, own_level=None))

    def parse_located(self, text: str, pos: int, provinces: dict) -> tuple[str, int] | None:
        """("tại ...", end) of a foreign body's presence: "tại Việt Nam", "tại TP.HCM", "tại Nam Ninh"."""
        m = self.located_re.match(text, pos) or self.located_abroad_re.match(text, pos)
        if m:
            return " ".join(m.group().split()), m.end()
        m = self.located_at_re.match(text, pos)
        if not m:
            return None
        province = provinces.get(m.start("city"))
        end = province.end_char if province is not None else m.end()
        return " ".join(text[pos:end].split()), end

    def known_after(self, text: str, start: int, pos: int, head: dict, in_name) -> OrgName | None:
        """A known name right after a head that takes an open name: "Tổ chức COV" ->
        "Tổ chức Children of Vietnam", "tổ chức WVI" -> "Tầm nhìn Thế giới"."""
        word = space_after(text, pos)
        found = self.known.match(text, word) if word is not None else None
        if not found:
            return None
        m, spelling = found
        if head.get("descriptor"):   # "hãng tin AP", "tờ Washington Post": the known agency or paper, the descriptor its cue
            if spelling.org.kind != head.get("kind"):
                return None
        elif head.get("kind") in self.no_known_after:
            return None   # "Tập đoàn ITEC" is a company, not the ITEC programme of foreign_orgs.csv
        elif spelling.needs_cue and head["name"] not in self.classifiers:
            return None   # "Tập đoàn MCC": an ordinary acronym after a head is no known organization
        end, suffix = self.known_suffix(text, m.end())
        if self.names_product(spelling, text, None, end, suffix):
            return None   # "Hãng Sony Pictures": a longer name the open name reads, not the brand
        shown = spelling.org.name if spelling.is_acronym and not suffix else as_printed(spelling, m.group())
        org = OrgName(start, end, head["name"], in_name=in_name, open_name=" ".join(p for p in (shown, suffix) if p),
                      known=spelling, rule="head+" + spelling.org.source)
        located = self.located_re.match(text, org.end)
        if located:
            org = org.replace(located=" ".join(located.group().split()), end=located.end())
        return org

    def names_product(self, spelling, text: str, start: int | None, end: int, suffix: str | None) -> bool:
        """Whether a company's brand (a known spelling of kind enterprise, ending at ``end``, no country after it) names
        a product or a platform: a model written after it ("Nokia 6", "Samsung Galaxy"), or, when ``start`` is given,
        a product word before it ("xe Honda", "trên Facebook": organizations.yaml brand_products)."""
        if spelling.org.kind != "enterprise" or suffix:
            return False
        return bool(self.model_after_re.match(text, end)
                    or start is not None and self.product_word_re.match(text[max(0, start - 20):start]))

    def known_suffix(self, text: str, end: int) -> tuple[int, str | None]:
        """"quốc tế" and a country right after a known name belong to the mention
        ("Tổ chức CARE quốc tế", "Caritas Thụy Sĩ", "Habitat for Humanity Việt Nam")."""
        m = self.known_suffix_re.match(text, end) if self.known_suffix_initials.may_match(text, end) else None
        return (m.end(), " ".join(m.group().replace("-", " ").split())) if m and m.group().strip() else (end, None)

    def parse_field(self, text: str, org: OrgName, head: dict, provinces: dict, depth: int):
        """(name, closed) with the field after the head, its number, programme or pair of countries;
        ``closed``: that name closed by an OWNER or a PLACE when it was read here (None: nothing
        closes it), else :data:`_UNREAD` (``parse_rest`` then reads it, not twice)."""
        field = self.field_re.match(text, org.end)
        if not field:
            return org, _UNREAD
        entry = self.fields[fold(field.group())]
        if (entry.get("heads") or head.get("own_fields_only")) and head["name"] not in entry.get("heads", ()):
            return org, _UNREAD   # a school's subject after another head ("Bộ Y"), "Đảng chính trị": no field
        written = " ".join(field.group().split()) if entry.get("as_written") else entry["name"]
        org = org.replace(field=written, end=field.end(), rule="head+field")
        joined = head["name"] in entry.get("heads", ()) and self.joined_subject(text, org.end, head)
        if joined:   # "Đại học Kinh tế - Luật"
            org = org.replace(field=f"{written} - {joined[0]}", end=joined[1])
        number = entry.get("number") and self.number_re.match(text, org.end)
        if number:   # "Ban Chỉ đạo 389"
            org = org.replace(field=f"{org.field} {number.group().strip()}", end=number.end())
        programme = entry.get("programme") and self.programme_re.match(text, org.end)
        if programme:   # "Ban Chỉ đạo Trung ương Chương trình mục tiêu Quốc gia ..."
            return org.replace(programme=" ".join(programme.group().split()), end=programme.end(),
                               rule="head+field+programme"), _UNREAD
        pair = entry.get("pair") and self.pair_at(text, org.end)
        if pair:   # "Hội hữu nghị Việt Nam - Hàn Quốc"
            return org.replace(open_name=" ".join(pair.group("pair").split()), end=pair.end(),
                               rule="head+field+pair"), _UNREAD
        takes = [*head["takes"], "owner"] if entry.get("takes_owner") else head["takes"]   # "Bộ Chính trị Đảng ..."
        closed = self.parse_closing(text, org, takes, provinces, depth)
        if closed is None and head["name"] in self.description_heads:
            longer = self.parse_description(text, org, head, provinces, depth, capital=False) \
                or self.lower_description_owned(text, org)
            if longer:   # "Bộ Y tế và Phúc lợi Hàn Quốc", "Cục Tài chính doanh nghiệp (Bộ Tài chính)"
                return longer, _UNREAD
        return org, closed

    def lower_description_owned(self, text: str, org: OrgName) -> OrgName | None:
        """The field going on in lower case for up to three words, up to its owner in brackets ("Cục Tài chính doanh
        nghiệp (Bộ Tài chính)", "Vụ Giáo dục thường xuyên (Bộ GD&ĐT)"; review of batch articles, stop 43), or None: no
        verb nor other stop word among them, a head right inside the bracket."""
        pos, end = org.end, None
        for _ in range(3):
            m = self.description_word_re.match(text, pos)
            if not m or m.group("comma") or not m.group("word")[:1].islower() \
                    or self.description_stop_re.match(text, m.start("word")):
                break
            pos = end = m.end()
        bracket = end is not None and _OWNER_BRACKET.match(text, end)
        if not bracket or not self.head_re.match(text, bracket.end()):
            return None
        return org.replace(end=end, field=f"{org.field} {' '.join(text[org.end:end].split())}", rule=org.rule + "+description")

    def joined_subject(self, text: str, pos: int, head: dict) -> tuple[str, int] | None:
        """(subject, end) of a second subject of the head's own after a dash at ``pos``: a university of
        both ("Đại học Kinh tế - Luật", "Trường Đại học Y - Dược"), or None."""
        dash = _SUBJECT_DASH.match(text, pos)
        other = dash and self.field_re.match(text, dash.end())
        entry = other and self.fields[fold(other.group())]
        return (entry["name"], other.end()) if entry and head["name"] in entry.get("heads", ()) else None

    def parse_open_and_close(self, text: str, org: OrgName, head: dict, provinces: dict, depth: int):
        """(closed name or None, name) with an open proper name after the head (or field)."""
        pair = self.pair_at(text, org.end)   # "Hội Việt - Mỹ": a pair of countries is an open name
        if pair:
            org = org.replace(open_name=" ".join(pair.group("pair").split()), end=pair.end(), rule=org.rule + "+pair")
            return self.parse_closing(text, org, head["takes"], provinces, depth), org
        open_name = self.parse_open(text, org.end, provinces, head["name"], depth)
        if not open_name or (org.field is None and self.names_a_country(text, org.end, open_name[1])):
            return None, org
        if head["name"] in self.no_person_stop:
            open_name = self.name_number(text, *open_name, provinces)
        latin = self.is_latin(open_name[0])
        org = org.replace(open_name=open_name[0], end=open_name[1], rule=org.rule + "+name", latin=latin)
        return self.parse_closing(text, org, head["takes"], provinces, depth), org

    def parse_description(self, text: str, org: OrgName, head: dict, provinces: dict, depth: int,
                          capital: bool, trade: bool = False) -> OrgName | None:
        """The name with a sentence-case description after ``org`` that a place or an owner
        closes ("Phòng Quản lý xuất nhập cảnh Công an tỉnh"), or None; ``trade``: a company's trade in lower
        case after its legal form, which only a proper name, a place or an owner closes."""
        ends, pos = [], org.end
        for number in range(self.description_max):
            m = self.description_word_re.match(text, pos)
            if not m:
                break
            word = m.group("word")
            # a description starts with a capital; continuing a field, with "và", "&" or a capital
            # ("Bộ Y tế và Phúc lợi Hàn Quốc"), not with a verb ("Sở Xây dựng học hỏi tỉnh Bình Dương")
            first_ok = word[0].isupper() or (trade and word not in ("và", "&")) or (not capital and word in ("và", "&"))
            if (number == 0 and not first_ok) or (trade and word in self.lower_case_stops) \
                    or ((word[0].islower() or word in self.capital_stops)
                                                           and self.description_stop_re.match(text, m.start("word"))) \
                    or any(map(str.isdigit, word)) or (word[0].isupper() and self.stop_re.match(text, m.start("word"))):
                break
            if (m.group("comma") and not word[0].islower()) or self.person_starts(text, word, m.end()) \
                    or (word == "và" and self.known_body_after(text, m.end())) \
                    or (word[0].isupper() and not (len(word) > 1 and word.isupper())   # (an acronym; "Ả" of "Ả Rập")
                        and (self.is_foreign_word(word) or self.country_at(text, m.start("word") - 1))):
                break   # a person, a country or a foreign word ends a Vietnamese description
            pos = m.end()
            if word not in ("&", "và"):   # "Hội An và Quảng Nam": places joined, not a body closed by a place
                ends.append(pos)
        for end in reversed(ends):
            described = org.replace(end=end, field=" ".join(filter(None, [org.field, " ".join(
                text[org.end:end].split())])), rule=org.rule + "+description")
            closed = self.close_description(text, described, head, provinces, depth, end != ends[-1])
            if closed:
                return closed
        return (self.closed_after(text, org, ends) or self.closed_by_title(text, org, ends)) if capital and not trade else None

    def close_description(self, text: str, described: OrgName, head: dict, provinces: dict, depth: int,
                          shorter: bool) -> OrgName | None:
        """A description closed by a place or an owner, or, of a company (``closed_by_name``), by a proper name
        (``shorter``: one that is not the whole description) or a number; None if nothing closes it there."""
        closed = self.parse_closing(text, described, head["takes"], provinces, depth)
        if closed is not None and closed.where is not None and closed.where.country \
                and _last_word(text, described.end)[:1].isupper():
            closed = None   # "cơ Sở Ngân Anh": a name ("Ngân Anh"), not a body of England
        if closed is not None or head["name"] not in self.closed_by_name:
            return closed
        # "Công ty TNHH Thiết bị y tế Phương Nam": a company's description closed by a proper name
        closed = self.closing_name(text, described, provinces) if shorter else None
        numbered = closed is None and _NUMBERED.match(text, described.end)
        if numbered:   # "Công ty CP Đấu giá số 5": a company numbered in its trade
            closed = described.replace(open_name="số " + numbered.group("number"), end=numbered.end(),
                                       rule=described.rule + "+number")
        return closed

    def closed_after(self, text: str, org: OrgName, ends: list[int]) -> OrgName | None:
        """The whole description when a verb of speech follows it ("Cục Quản lý Y dược cổ truyền
        cho biết": the body that speaks), or its owner or its short name in brackets ("Cục Viễn
        thông (Bộ TT&TT)", "Cục Nghệ thuật biểu diễn (NTBD)", "... Sài Gòn thương tín (Sacombank)"), or,
        of at most four words, another body after a comma or a dash ("Tổng cục Thủy sản, Bộ
        NN&PTNT"); with no place (organizations.yaml `closed_by_speech`)."""
        # (a unit's ordinal closing it is no word of the description: "Viện Nghiên cứu Nuôi trồng Thủy sản III")
        if not ends or len(ends) - bool(_ORDINAL.fullmatch(_last_word(text, ends[-1]))) > self.said_max:
            return None
        bracket, joint = _OWNER_BRACKET.match(text, ends[-1]), _OWNER_JOINT.match(text, ends[-1])
        if not (self.said_re.match(text, ends[-1]) or self.auxiliary_re.match(text, ends[-1])
                or bracket and self.head_re.match(text, bracket.end())
                or _SHORT_BRACKET.match(text, ends[-1]) or joint and len(ends) <= 4 and self.head_re.match(text, joint.end())):
            return None
        described = " ".join(text[org.end:ends[-1]].split())
        if "," in described or (len(ends) == 1 and not described.isupper()):
            return None
        return org.replace(end=ends[-1], field=" ".join(filter(None, [org.field, described])),
                       rule=org.rule + "+description")

    def closed_by_title(self, text: str, org: OrgName, ends: list[int]) -> OrgName | None:
        """The description up to its first comma, of at most ``said_max`` words, right after a title of the body's
        head or deputy ("Phó Vụ trưởng Vụ Nông nghiệp, giữ chức": organizations.yaml `named_by`), or None."""
        title = self.named_by.get(org.head)
        if title is None or not ends or not title.match(text, max(0, org.start - 24), org.start):
            return None
        plain = [end for end in ends if "," not in text[org.end:end]]
        after = _CAPITALISED_WORDS.match(text, plain[-1]) if plain else None
        if not plain or len(plain) > self.said_max or (after and not self.is_person(after.group())):
            return None   # (cut before a capitalised word that starts no holder's name: "Vụ Giáo dục" + "ĐH")
        return org.replace(end=plain[-1], field=" ".join(filter(None, [org.field, " ".join(text[org.end:plain[-1]].split())])),
                           rule=org.rule + "+description")

    def closing_name(self, text: str, org: OrgName, provinces: dict) -> OrgName | None:
        """``org`` closed by a proper name of two or more capitalised words, or None."""
        open_name = self.parse_open(text, org.end, provinces)
        if open_name and " " in open_name[0] and not _LOWER_WORD.search(open_name[0]):
            open_name = self.name_number(text, *open_name, provinces)
            return org.replace(open_name=open_name[0], end=open_name[1], rule=org.rule + "+name")
        return None

    def name_number(self, text: str, name: str, end: int, provinces: dict) -> tuple[str, int]:
        """(name, end) of a company's or a school's proper name with the number that ends it ("Công ty cổ phần Năng
        lượng Vĩnh Tân 3,"; "Công ty TNHH một thành viên Cầu 1 Thăng Long": the name goes on after it), where a
        punctuation mark or a capitalised word follows the number; else as given (not "công ty Zamil 4 tháng")."""
        number = _NAME_NUMBER.match(text, end)
        if number is None:
            return name, end
        rest = _CAPITAL_NEXT.match(text, number.end()) and self.parse_open(text, number.end(), provinces)
        if rest:
            return f"{name} {number.group(1)} {rest[0]}", rest[1]
        return (f"{name} {number.group(1)}", number.end()) if _NAME_NUMBER_ENDS.match(text, number.end()) else (name, end)

    def complete(self, org: OrgName, head: dict) -> bool:
        """Does the mention have what its head needs ("UBND" needs a place, "Sở" a field)?"""
        entry = self.fields.get(fold(org.field)) if org.field else None
        if entry and entry.get("owner_or_place") and not (org.owner is not None or org.place is not None
                                                         or org.programme or org.about):
            return False
        if entry and entry.get("needs_name") and not (org.open_name is not None or org.owner is not None
                                                      or org.place is not None):
            return False
        return not head["needs"] or any(_HAS[need](org) for need in head["needs"])

    def parse_closing(self, text: str, org: OrgName, takes, provinces: dict, depth: int) -> OrgName | None:
        """``org`` extended by an OWNER or a PLACE (or a foreign country) right after it, or None;
        a short form in brackets may stand between ("Tòa án nhân dân (TAND) tỉnh Nghệ An")."""
        closed = self.parse_owner_or_place(text, org, takes, provinces, depth)
        bracket = closed is None and self.inner_short_re.match(text, org.end)
        if bracket:
            closed = self.parse_owner_or_place(text, org.replace(end=bracket.end()), takes, provinces, depth)
            # "Ủy ban An toàn giao thông (ATGT) quốc gia": the term of the field, not the body's short form
            term = self.spells_part(bracket.group("short"), text[org.start:org.end])
            return closed.replace(inner_short=None if term else bracket.group("short")) if closed else None
        return closed

    def parse_owner_or_place(self, text: str, org: OrgName, takes, provinces: dict, depth: int) -> OrgName | None:
        """``org`` extended by an OWNER or a PLACE (or a foreign country) right after it, or None."""
        if "owner" in takes and depth < 3:
            word = space_after(text, org.end)
            owner = word is not None and self.parse_head(text, word, provinces, depth + 1)
            known = self.known.match(text, word) if word is not None and not owner else None
            if known and not known[1].needs_cue:   # "Văn phòng KOICA": a known name inside a longer one stays as written
                owner = OrgName(word, known[0].end(), "", full=" ".join(known[0].group().split()), known=known[1])
            if owner:
                return org.replace(owner=owner, end=owner.end, rule=org.rule + "+owner")
        place = None
        if "place" in takes:
            place = self.parse_place(text, org.end, provinces)
        if place is None and "country" in takes:
            place = self.parse_country(text, org.end)
            if place and _GOES_ON_TO_SHORT.match(text, place.end):
                return None   # "Quân đội Syria tự do (FSA)": a longer name, closed by no country
        listed_field = org.field is not None and fold(org.field) in self.fields
        if place is None and "local" in takes and (listed_field or "field" not in takes):   # "Chi cục Hải quan Cầu Treo"
            local = self.local_re.match(text, org.end)
            if local and not self.is_person(local.group("local")):
                end = self.before_person(text, local.start("local"), local.end("local"))
                place = self.abroad(Place(" ".join(text[local.start("local"):end].split()), end, rule="+local"))
        if place:
            return org.replace(place=place.name, end=place.end, own_level=place.own_level, where=place,
                           rule=org.rule + place.rule)
        return None

    def parse_country(self, text: str, pos: int) -> Place | None:
        """A foreign country right after ``pos`` ("Nga", "Trung Quốc"), or a capitalised foreign
        word that names one the list lacks ("Liberia": country unknown), or None."""
        m = self.country_at(text, pos)
        following = m and " " not in m.group("country") and _CAPITAL_WORD_NEXT.match(text, m.end())
        if m and not (following and not self.is_foreign_word(following.group(1))):   # "Nga Sơn", "Mỹ Tho": a place
            written = " ".join(m.group().split())
            return Place(written, m.end(), rule="+country", country=self.countries[fold(m.group("country"))])
        if m:
            return None
        m = self.foreign_place_re.match(text, pos)
        if m and self.is_foreign_word(m.group("place")) and not m.group("place").isupper():
            return self.abroad(Place(m.group("place"), m.end(), rule="+country", foreign=True))
        return None

    def abroad(self, place: Place, local: str | None = None) -> Place:
        """A city, state or province abroad (``places_abroad.csv``) is its country's, at no Vietnamese level
        ("Chính quyền thành phố New York", "Cảnh sát Paris"); any other place as it is (the level's: the head's)."""
        code = self.places_abroad.get(fold(local or place.name))
        return replace(place, country=code, level=None) if code else place

    # long: one case per kind of place, in the order they are tried
    def parse_place(self, text: str, pos: int, provinces: dict) -> Place | None:
        """The place right after ``pos``, or None."""
        word = space_after(text, pos)
        if word is None:
            return None
        branch = self.branch_initials.may_match(text, pos) and self.branch_re.match(text, pos)
        if branch:   # "chi nhánh tỉnh Hà Giang"
            place = self.parse_place(text, branch.end(), provinces)
            if place:
                return replace(place, name=" ".join(branch.group().split()) + " " + place.name)
        province = provinces.get(word)
        if province is not None:   # as written ("TP.HCM"), with the level word in lower case
            written = " ".join(text[province.start_char:province.end_char].split())   # its text, without making tokens
            level = _LEVEL_WORD.match(written)
            if level:
                written = level.group(1).lower() + written[level.end():]
            data = province.data or {}
            written_level = "thành phố" if _CITY_SHORT.match(written) else (level.group(1).lower() if level else None)
            if written_level and written_level != (data.get("kind") or "tỉnh"):   # "TP Yên Bái", a city of tỉnh Yên Bái
                return Place(written, province.end_char, rule="+local", level="district")
            return Place(written, province.end_char, rule="+province", level="province",
                         province=f"{data.get('kind') or 'tỉnh'} {data['name']}" if data.get("name") else None)
        fixed = self.fixed_initials.may_match(text, pos) and self.fixed_re.match(text, pos)
        if fixed:
            name = self.fixed_places[fold(fixed.group())]
            longer = self.longer_owner(text, fixed, name, provinces)
            if longer:   # "Trung ương Đảng Cộng sản Trung Quốc": China's, not "Trung ương Đảng"
                return longer
            return Place(name, fixed.end(), level="central" if fold(name) in self.central_places else None)
        level = self.level_initials.may_match(text, pos) and self.level_re.match(text, pos)
        return self.level_place(text, level) if level else None

    def level_place(self, text: str, level: regex.Match) -> Place | None:
        """The place of a match of ``level_re``: a level and its unit's name ("huyện Cầu Ngang", "TP.Pleiku"), or the
        level alone, the article's own unit of that level ("UBND huyện"), or None."""
        name, local = self.levels[fold(level.group("level").rstrip("."))], level.group("local")
        if local and local.isdigit() and name not in self.numbered_levels:
            local = None   # "UBND huyện 2 lần": only a city's districts and wards are numbered ("quận 9")
        level_end = level.end("level")
        if local and level.group("level").endswith(".") and level_end < level.start("local") \
                and local.split()[0] in self.surnames:
            # "Trung tâm dữ liệu TP. Nguyễn Cường": a sentence's end, then a name (the byline)
            local, level_end = None, level_end - 1
        end = local and self.before_person(text, level.start("local"), level.end("local"))
        if local and name != "tỉnh" and (end < level.end("local") or not self.is_person(local)):
            # "quận Lê Chân Phạm Văn Tân": the place, then its official, whose family name starts the place too
            local = " ".join(text[level.start("local"):end].split())
            place = Place(f"{name} {local}", end, rule="+local", level=self.level_of.get(name))
            return self.abroad(place, local) if name in self.abroad_levels else place
        if local and name == "tỉnh" and local.isascii() and self.is_latin(local):
            # "Chính quyền tỉnh Shimane": a province abroad, not the article's own ("UBND tỉnh Y Brơm
            # Mlô", "UBND tỉnh Thạch Phươl" are the province's officials, named in their languages)
            return None
        if name in self.own_levels:
            return Place(name, level_end, own_level=name, rule="+own-province", level="province")
        if name in self.own_local_levels and not self.level_compound_re.match(text, level_end):
            # "UBND huyện": the article's one huyện (:meth:`placed_locally`); not "vấn đề xã hội"
            return Place(name, level_end, own_level=name, rule="+own-local", level=self.level_of.get(name),
                         start=level.start("level"))
        return None

    def longer_owner(self, text: str, fixed: regex.Match, name: str, provinces: dict) -> Place | None:
        """A fixed place whose last word starts a longer name ("Trung ương Đảng Cộng sản Trung Quốc", "Trung ương
        Đoàn Thanh niên Cộng sản Hồ Chí Minh"): that body's centre, of its country, or None."""
        if " " not in name:
            return None
        last = fixed.start() + fixed.group().rstrip().rfind(" ") + 1
        owner = self.parse_head(text, last, provinces, 2)
        if owner is None or owner.end <= fixed.end():
            return None
        country = owner.where.country if owner.where is not None else None
        return Place(name.rsplit(" ", 1)[0] + " " + " ".join(text[last:owner.end].split()), owner.end, country=country,
                     rule="+owner", level=None if country else "central")

    def parse_open(self, text: str, pos: int, provinces: dict, head: str = "", depth: int = 0):
        """(capitalised proper name, end) right after ``pos``, or None: "Việt - Mỹ", "WVI"."""
        m = self.open_re.match(text, pos)
        if not m:
            return None
        start, end = m.start("open"), m.end("open")
        words = list(self.cap_word_re.finditer(text, start, end))
        for number, word in enumerate(words[1:], 1):   # stop before a province, a person, a place, another head
            before = start + len(text[start:word.start()].rstrip())
            person = head not in self.no_person_stop and self.starts_person(words, number)
            if word.start() in provinces or (self.fixed_initials.may_match(text, before)   # "Nhiệt đới" + "TP.HCM":
                                             and self.fixed_re.match(text, before)):     # a place closes it
                end = start + len(text[start:before].rstrip(" -–—"))
                break
            # a foreign word, then a Vietnamese one that a lower-case word follows: "Đại học Yale" + "Số cựu
            # sinh viên" (a list's heading; "Hyundai Thành Công", "Petro Bình Minh" are names)
            previous = words[number - 1].group()
            switches = not word.group().isascii() and not previous.isupper() and self.is_foreign_word(previous) \
                and bool(_LOWER_NEXT.match(text, word.end(), word.end() + 3))
            if person or switches or self.joint_ends(text, words[number - 1], word) \
                    or self.head_ends(text, words[number - 1].end(), word.start(), provinces, depth):   # "MCC đến" + "Việt Nam"
                end = start + _TRAILING_JOIN.search(text[start:before]).start()
                break
        name = " ".join(text[start:end].split())
        lowered = fold(name)
        if len(name) < 2 or name.split()[0] in self.terms or lowered in self.connectors \
                or ((lowered in self.never_starts or lowered.startswith(self.never_openings))
                    and not (head in self.no_person_stop and self.is_person(name))):   # "Trường Tiểu học Đoàn Thị Điểm"
            return None
        first = name.split()[0]
        if head in self.acronym_alone and _is_acronym(first):   # "kênh ESPN" + a reporter's name
            return None if _DASH_NEXT.match(text, start + len(first)) else (first, start + len(first))
        if head in self.latin_only and not self.is_latin(name):
            return None   # "Hội An", "Trường Sa": places after a head
        if " " not in name and _LOWER_NEXT.match(text, end, end + 3) and not (name.isupper() or self.is_foreign_word(name)):
            return None   # "Báo Dân tộc và Phát triển": a sentence-case name the grammar cannot close
        if _LOWER_WORD.search(name, (inner := self.head_re.match(name)) and inner.end() or 0) \
                and _LOWER_NEXT.match(text, end, end + 3) and _capitalised_at_end(name) == 1:
            return None   # "Sân khấu Điện" (ảnh): a sentence-case name cut short; not a head's words ("Tập đoàn Bitexco đã")
        return name, end

    # -- short forms in brackets ----------------------------------------------------

    def other_body(self, short: str, name: str) -> bool:
        """True if the bracket names a whole body of another head, the name's owner: "Cục Viễn thông
        (Bộ TT&TT)" (not "Sở Kế hoạch và Đầu tư tỉnh Bắc Ninh (Sở KH&ĐT)", its short form)."""
        inside = self.parse_head(short, 0, {}) if " " in short else None
        return inside is not None and not name.startswith(inside.head + " ")

    def short_form(self, text: str, name: str, end: int) -> str | None:
        """The bracketed short form right after a name, or None:
        "(VUFO)" -> "VUFO"; "(Liên hiệp)" -> "Liên hiệp"; "(PCPNN)" after "... phi chính phủ nước ngoài" -> None."""
        bracket = text.find("(", end, end + 50) >= 0 and _BRACKET.match(text[end:end + 50])   # (most names have none)
        if not bracket:
            return None
        short = bracket.group(2)
        if short in self.terms or self.ordinal_re.fullmatch(short) or self.other_body(short, name) or self.is_country(short):
            return None   # ("Real Madrid (TBN)": the club's country, Tây Ban Nha)
        if bracket.group("called") and short[:1].isupper():
            return short   # the writer says it is the short form ("Công ty TNHH Song Lộc (gọi tắt là Công ty Song Lộc)")
        if self.short_form_re.fullmatch(short):
            acronym = short.split()[-1]
            if sum(c.isupper() for c in acronym) >= 2 and not self.spells_term(acronym, name):
                return short
            return None
        if short[:1].isupper() and fold(name).startswith(fold(short) + " "):
            return short
        return None

    @staticmethod
    def spells_part(acronym: str, name: str) -> bool:
        """True if ``acronym`` spells the initials of the last words of ``name`` but not of all
        of them: "ATGT" in "Ủy ban An toàn giao thông"; not "TAND" in "Tòa án nhân dân"."""
        letters = _NOT_A_LETTER.sub("", acronym).casefold().replace("đ", "d")
        words = name.split()
        initials = "".join(w[0].casefold().replace("đ", "d") for w in words)
        return len(letters) > 1 and initials != letters and initials.endswith(letters)

    @staticmethod
    def spells_term(acronym: str, name: str) -> bool:
        """True if ``acronym`` spells the initials of lower-case words that end the name."""
        letters = _NOT_A_LETTER.sub("", acronym).casefold().replace("đ", "d")
        initials = ""
        for word in reversed(name.split()):
            if not word[:1].islower():
                break
            initials = word[0].casefold().replace("đ", "d") + initials
            if initials == letters:
                return True
        return False


@patterns.resource
def grammar() -> OrganizationGrammar:
    """The organization grammar, compiled once per process."""
    return OrganizationGrammar()


def _one_body(name: str, placed: dict[str, str]) -> str | None:
    """The fuller name ``name`` starts if the article's fuller names starting it are all one
    body (one org_id: "Hiệp hội Du lịch TP Đà Nẵng", "Hiệp hội Du lịch thành phố Đà Nẵng"):
    the first written."""
    fuller = [p for p in placed if p.startswith(name + " ")]
    return fuller[0] if fuller and len({placed[p] for p in fuller}) == 1 else None


def _national_committee(org: OrgName) -> bool:
    """True for "Ban Chỉ đạo Trung ương" without its programme or topic: a field that needs
    context (organizations.yaml), placed only "Trung ương"."""
    if org.owner is not None or org.programme or org.about or not org.field or not org.place:
        return False
    entry = grammar().fields.get(fold(org.field)) or {}
    return bool(entry.get("needs_context")) and fold(org.place) == "trung ương"


def canonical(org: OrgName, own: tuple[str, str] | None, placed: dict[str, str]) -> tuple[str, str]:
    """(name, rule suffix): a bare name ("Sở Ngoại vụ", "Ban Chỉ đạo") becomes the one
    fuller body of the article it starts ("Sở Ngoại vụ tỉnh Lạng Sơn"), else, for heads
    that exist only in a province ("Sở", "Tỉnh ủy"), the body of the article's own province.
    ``placed``: the article's fuller names and their org_id, in text order."""
    name = org.name(own)
    if org.many:
        return name, ""
    if _national_committee(org):   # "cố vấn Ban chỉ đạo Trung ương" of the programme's committee named before
        fuller = _one_body(name, placed)
        return (fuller, "+context") if fuller else (name, "")
    if not org.bare or not org.head or grammar().by_name[org.head].get("level") == "central" and not org.field \
            and org.head not in grammar().bare_is_the_one:
        return name, ""   # "Quốc hội", "Mặt trận Tổ quốc Việt Nam" bare are the national bodies
    fuller = _one_body(name, placed)
    if fuller:
        return fuller, "+context"
    if org.implied and own:
        return org.name(own, complete=True), "+own-province"
    return name, ""


def _word_ending(alternatives: str) -> regex.Pattern:
    """Whether one of ``alternatives`` (a pattern), as a whole word, ends right before a position (rules.endings)."""
    return ending(r"(?<![\p{L}\p{N}])(?:" + alternatives + ")" + SPACE + r"\Z")


def _is_acronym(word: str) -> bool:
    """An acronym of two capitals or more, digits among them ("VTV3", "KBS2"; not "N1")."""
    return sum(map(str.isupper, word)) >= 2 and all(c.isupper() or c.isdigit() for c in word)
