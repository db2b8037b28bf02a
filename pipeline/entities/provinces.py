"""Provinces and centrally-run cities, before and after the July 2025 merger.

The gazetteer is ``patterns/provinces.csv`` (63 units with codes, the unit of the
34 each joined, spelling variants); matching rules are in ``patterns/provinces.yaml``.
A name matches as a place, with or without "tỉnh"/"thành phố"/"TP.", but not
inside a person's name ("Nguyễn Thái Bình") nor a longer proper name
("Thái Bình Dương").

    "UBND tỉnh Thái Bình"  -> name "Thái Bình", code "34", name_2025 "Hưng Yên"
    "TP.HCM"               -> name "Hồ Chí Minh", code "79"

Each mention also says which map it refers to (``era``: pre_2025 or post_2025, and
``era_source``: mention | published | merger_cue): see ``patterns/provinces.yaml``.
"""
from __future__ import annotations

import functools
import re

import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component
from pipeline.entities.teams import TeamReader
from pipeline.rules import patterns
from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending
from pipeline.rules.grammar import AFTER, BEFORE, at_word_starts, fold, literals, phrases, trie

#: the word right after a name, one space away
_NEXT_WORD = compiled(regex, r" (\p{L}+)")
#: a dash with the spaces around it, folded to "-" in a spelling's key
_DASH_RUN = compiled(regex, r"\s*[-–—]\s*")

#: how far before a place the words that make it a person's home are looked for
RESIDENT_REACH = 120


@patterns.resource
def resident_words() -> list[str]:
    """The words shortly before a place where a person lives or goes (provinces.yaml `residence_cues`,
    `destination_cues`, `person_words`)."""
    rules = patterns.load_yaml("provinces.yaml")
    return rules["residence_cues"] + rules["destination_cues"] + rules["person_words"]


@patterns.resource
def resident_rule() -> regex.Pattern:
    """What stands right before the place where a person lives (read backwards from it, :func:`ending`): a residence
    cue ("ngụ", "quê"; a commune and a comma may come between), or a person and an open bracket ("Ông Nguyễn Văn N.
    (đối tượng nghèo - ", "anh Võ Thành Nhân, (sinh năm 1982, phường Tam Hiệp, ..."), or the verb of a trip right
    before it ("mày mò ra Hà Nội tìm mua giống ổi": where someone went)."""
    rules = patterns.load_yaml("provinces.yaml")
    person = rf"{BEFORE}(?i:{phrases(rules['person_words'])})\s+(?:\p{{Lu}}[\p{{L}}]*\.?\s*){{1,4}},?\s*\([^()]{{0,60}}"
    trip = rf"{BEFORE}(?:{phrases(rules['destination_cues'])})\s+"
    return ending(rf"(?:{BEFORE}(?i:{phrases(rules['residence_cues'])})\s+(?:[^.;:()\n]{{0,50}},\s*)?|{person}|{trip})"
                  r"(?:(?:tỉnh|thành phố|TP\.?)\s*)?\Z")


def is_residence(text: str, start: int) -> bool:
    """Is the place at ``start`` where a person lives or comes from ("trú tại xã Hưng Đạo, tỉnh Cao Bằng")? The rule is
    asked only where a bracket or a residence cue's first syllable stands in the reach before (most places have none)."""
    window = text[max(0, start - RESIDENT_REACH):start]
    if "(" not in window[-64:] and not any(hint in window for hint in _resident_hints()):
        return False   # (a person's bracket opens at most 60 characters before the place)
    return bool(resident_rule().match(text, max(0, start - RESIDENT_REACH), start))


@patterns.resource
def _resident_hints() -> tuple[str, ...]:
    """Pieces of the residence cues, one in each (provinces.yaml `residence_hints`: "trú" of "thường trú"), and the
    verbs of a trip (`destination_cues`), each its own piece; the trips first (the pieces most often found), and none
    that holds another ("sinh ra", "chàng trai" hold "ra"): a window holds a piece of these where it held one of all."""
    rules = patterns.load_yaml("provinces.yaml")
    pieces = list(dict.fromkeys(rules["destination_cues"] + rules["residence_hints"]))
    return tuple(piece for piece in pieces if not any(other != piece and other in piece for other in pieces))


SPEC = ComponentSpec(
    name="provinces", span_key="provinces", table="provinces", label="PROVINCE", color="#feca74",
    columns=(
        Column("name", "string", "canonical name of the unit as it was until 30 June 2025"),
        Column("code", "string", "its code (patterns/provinces.csv)"),
        Column("name_2025", "string", "the unit it belongs to from 1 July 2025 (34 units)"),
        Column("code_2025", "string", "that unit's code"),
        Column("era", "string", "which map the mention refers to: pre_2025, post_2025 or empty"),
        Column("era_source", "string", "where era was read: mention, published, merger_cue"),
        Column("in_name", "string", "the body whose proper name holds the province ('báo Pháp Luật TP.HCM', the "
                                    "club 'SHB Đà Nẵng'), or the province's city named like it ('TP Thanh Hóa', "
                                    "in the province): not a mention of the province itself; empty for a plain mention"),
    ),
    internal=("kind",),
    reads=("doc._.published",),
    assigns=("doc.spans[provinces]", "doc._.teams", "doc._.title_provinces"),
    # a province inside a body's name (in_name) is not a mention of the province as the subject
    scores=(Score("provinces", gold="provinces", pairs=((None, "name", "name"),), unless=("in_name",)),),
)


def _spelling_char(char: str) -> str:
    """Regex source of one character of a spelling: a space any run of spaces, a dash any dash."""
    if char == " ":
        return r"\s+"
    return r"\s*[-–—]\s*" if char == "-" else re.escape(char)


def _name_pattern(name: str) -> str:
    """A regex for one spelling: spaces match any run of spaces, dashes any dash."""
    pieces = regex.split(r"\s*[-–—]\s*", name)
    parts = [r"\s+".join(regex.escape(word) for word in piece.split()) for piece in pieces]
    return r"\s*[-–—]\s*".join(parts)


def in_name_patterns(rules: dict) -> tuple[regex.Pattern, re.Pattern]:
    """The name of a body that ends right before a mention (a head, ``in_name_heads`` in any case
    or ``in_name_acronyms`` as written, and a few words), and its heads case-folded, as one
    stdlib ``re`` trie to read a case-folded text with: every head the first finds in a text is
    found there, where folding keeps the text's length (each character ``regex`` matches to a
    head's letter without case folds to it: tests/test_provinces.py checks every character)."""
    heads = "|".join([f"(?i:{literals(rules['in_name_heads'])})", literals(rules["in_name_acronyms"])])
    # (a number only after "số" or a capitalised word: "Công ty CP xây dựng số 1 Điện Biên", "Bệnh viện Nhi đồng 1 TP.HCM";
    # not "Công ty Việt Tân có 1 xe chạy tuyến Kon Tum"; review of batch articles, stop 54)
    word = (rf"(?![^\S\n]*(?i:{literals(rules['in_name_not'])})(?![\p{{L}}]))"
            rf"(?:[^\S\n]+[\p{{L}}&.\-–—]+|(?<=(?<![\p{{L}}])[Ss]ố|\p{{Lu}}\p{{L}}*)[^\S\n]+\p{{N}}+(?![\p{{L}}]))")
    body = compiled(regex, rf"(?<![\p{{L}}])(?P<head>{heads})(?:{word}){{0,{rules['in_name_words']}}}[^\S\n]+\Z")
    folded = {w.casefold() for w in [*rules["in_name_heads"], *rules["in_name_acronyms"]]}
    return body, compiled(re, trie(folded, char=re.escape))


def _person_cue(words: list[str]) -> regex.Pattern:
    """A word for a person (``provinces.yaml`` ``person_cues``) and up to three capitalised words right
    before a position: in lower case, or capitalised where a sentence, a line or a quote opens."""
    capitalised = [word[:1].upper() + word[1:] for word in words]
    return ending(rf"(?:(?<![\p{{L}}])(?:{literals(words)})|(?<=(?:\A|[.!?:;\n\"“(])[^\S\n]*)(?:{literals(capitalised)}))"
                  rf"(?:[^\S\n]+\p{{Lu}}\p{{L}}*){{0,3}}[^\S\n]+\Z")


@component(SPEC)
class ProvinceGazetteer:
    """Finds province mentions in ``doc.text``."""

    def __init__(self):
        rules = patterns.load_yaml("provinces.yaml")
        self.units = {}
        spellings = {}
        for row in patterns.load_csv("provinces.csv"):
            self.units[row["name"]] = row
            for spelling in [row["name"], *filter(None, row["variants"].split("|"))]:
                spellings[spelling] = row["name"]
        self.spellings = {_DASH_RUN.sub("-", s): n for s, n in spellings.items()}
        names = sorted(spellings, key=len, reverse=True)
        self.pattern = compiled(regex,
            BEFORE + r"(?P<prefix>(?:" + literals(rules["prefixes"]) + r")\s*)?"
            r"(?P<name>" + "|".join(_name_pattern(n) for n in names) + r")" + AFTER)
        # names found with one trie, then the prefix and the full pattern (see matches())
        self.name_re = compiled(re, "(?:" + trie(set(self.spellings), char=_spelling_char) + r")(?!\w)")
        self.prefix_re = compiled(regex, BEFORE + r"(?:" + literals(rules["prefixes"]) + r")\s*\Z")
        self.person_words, self.person_word_heads = set(rules["person_name_words"]), set(rules["person_word_heads"])
        self.person_cue = _person_cue(rules["person_cues"])
        # "Chủ tịch Hồ Chí Minh", "tư tưởng Hồ Chí Minh": a province named after a person
        self.named_after = {name: compiled(regex, rf"(?<![\p{{L}}])(?i:{literals(words)})[^\S\n]+\Z")
                            for name, words in rules["also_a_person"].items()}
        self.longer_name_words = set(rules["longer_name_next_words"])
        self.read_lower_units(rules)
        self.merger_date = str(rules["merger_date"])
        self.names_2025 = {row["name_2025"] for row in self.units.values()}
        self.markers = {}
        alternatives = []
        for key, end in (("era_markers_after", AFTER), ("era_markers_at_clause_end", r"(?=\s*(?:[,.;:!?)]|$))")):
            words = {marker: era for era, markers in rules[key].items() for marker in markers}
            self.markers.update(words)
            alternatives.append("(?:" + literals(words) + ")" + end)
        self.marker_after = compiled(regex, r"[ \t]*(" + "|".join(alternatives) + ")", regex.MULTILINE)
        self.cue = compiled(regex, "|".join(regex.escape(c) for c in rules["merger_cues"]), regex.IGNORECASE)
        self.in_name_re, self.in_name_heads = in_name_patterns(rules)
        self.teams = TeamReader()
        # a spelling's unit remembered per process: the same few spellings come back in every article
        self.canonical = functools.lru_cache(maxsize=4096)(self.canonical)

    def read_lower_units(self, rules: dict) -> None:
        """The patterns of districts, towns and cities named like a province (provinces.yaml
        `lower_units`, `lower_unit_abbreviations`, `city_prefixes`)."""
        units = rf"(?:{literals(rules['lower_units'])})[^\S\n]+|(?:{literals(rules['lower_unit_abbreviations'])})[^\S\n]*"
        name = r"\p{Lu}\p{L}*(?:[^\S\n]+\p{Lu}\p{L}*){0,3}"
        self.lower_units = compiled(re, trie({*rules["lower_units"], *rules["lower_unit_abbreviations"]},
                                             char=re.escape))   # any of them, as written
        self.lower_unit_list = compiled(regex,    # "các huyện Lệ Thủy, " before the name, or "phường Hiệp " of its own name
            rf"(?<![\p{{L}}])(?P<plural>các[^\S\n]+)?(?:{units})"
            rf"(?:(?P<lead>(?:\p{{Lu}}\p{{L}}*[^\S\n]+){{1,2}})|(?P<list>(?:{name}[^\S\n]*(?:,|và)[^\S\n]*)*))$")
        self.list_goes_on_with_va = compiled(regex, rf"(?:[^\S\n]*,[^\S\n]*{name})*[^\S\n]+và[^\S\n]+\p{{Lu}}")
        # "cao tốc Hà Nội - Hải Phòng": the ends of a road, not the provinces; "sông Thái Bình": a river
        roads, rivers = literals(rules["road_words"]), literals(rules["river_words"])
        self.road_before = compiled(regex, rf"(?<![\p{{L}}])(?:(?:{roads})[^\S\n]+(?:{name}[^\S\n]*[-–][^\S\n]*)?"
                                           rf"|(?:{rivers})[^\S\n]+)$")
        self.time_zone_before = compiled(regex, rules["time_zone_before"])   # "(giờ Hà Nội)": a clock's
        # "thành phố Thanh Hóa": a province's city, not the province (a centrally-run city's is the city)
        self.city_prefixes = {fold(p) for p in rules["city_prefixes"]}
        self.province_level_cities = set(rules["province_level_cities"])

    def matches(self, text: str):
        """The matches of ``pattern`` left to right, none overlapping, as its ``finditer`` gives them:
        the names found with one trie (stdlib re, read at word starts), the prefix looked for before
        each, and the full pattern matched there (seven times faster than ``finditer``)."""
        last = 0
        for name in at_word_starts(self.name_re, text):
            start = name.start()
            if start < last:
                continue
            prefix = self.prefix_re.search(text, max(last, start - 16), start)
            m = self.pattern.match(text, prefix.start()) if prefix else None
            m = m or self.pattern.match(text, start)
            if m is not None:
                last = m.end()
                yield m

    def in_name(self, text: str, m: regex.Match) -> str | None:
        """"báo Pháp Luật TP.HCM" -> the body's name when the mention closes a proper name. Most
        mentions have no head before them: ``in_name_heads`` tells, ten times faster than
        ``in_name_re`` (whose case-insensitive alternation is tried at every character)."""
        start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 80)
        folded = text[start:m.start()].casefold()
        if len(folded) == m.start() - start and not self.in_name_heads.search(folded):
            return None
        body = self.in_name_re.search(text, start, m.start())
        return " ".join(text[body.start():m.end()].split()) if body else None

    def canonical(self, spelling: str) -> str:
        key = _DASH_RUN.sub("-", " ".join(spelling.split()))
        return self.spellings[key]

    def is_place(self, text: str, m: regex.Match) -> bool:
        """False where the name is part of a person's or a longer proper name, or names a district
        ("huyện Quảng Ninh"). A province's city ("TP Thanh Hóa") is in that province: a row whose
        ``in_name`` is the city (:meth:`names_a_city`)."""
        if m.group("prefix"):
            return True
        before = text[max(0, m.start() - 20):m.start()].split()
        if before and before[-1] in self.person_words and text[m.start() - 1] == " " \
                and not (len(before) > 1 and before[-2] in self.person_word_heads):
            return False
        if self.person_cue.match(text, max(0, m.start() - 60), m.start()):
            return False   # "chị Phùng Thu Huế", "Chị Huế cho biết"
        person = self.named_after.get(" ".join(m.group("name").split()))
        if person is not None and person.search(text, max(0, m.start() - 40), m.start()):
            return False
        if self.time_zone_before.search(text, max(0, m.start() - 20), m.start()):
            return False   # "theo giờ Hà Nội"
        after = _NEXT_WORD.match(text, m.end())   # "Tây Thái Bình Dương.": the word, not its full stop
        if after and after.group(1) in self.longer_name_words:
            return False
        return not self.names_a_lower_unit(text, m)

    def names_a_city(self, m: regex.Match) -> bool:
        """True for "thành phố"/"TP" before a province's name that is also its city's ("TP Hà
        Tĩnh", "thành phố Thanh Hóa"); not before a centrally-run city ("TP Hải Phòng", "thành phố Huế")."""
        if fold(" ".join(m.group("prefix").split())) not in self.city_prefixes:
            return False
        unit = self.units[self.canonical(m.group("name"))]
        spelling = " ".join(m.group("name").split())
        return unit["kind"] == "tỉnh" and spelling not in self.province_level_cities

    def names_a_lower_unit(self, text: str, m: regex.Match) -> bool:
        """True for "huyện Quảng Ninh", "các huyện Lệ Thủy, Quảng Ninh và Minh Hóa", the end of a lower unit's longer name
        ("phường Hiệp Bình Phước", "xã Tân Long An": review of batch articles, stop 54) and the ends of a road ("cao tốc
        Hà Nội - Hải Phòng")."""
        window = text[max(0, m.start() - 150):m.start()]
        if self.road_before.search(window, max(0, len(window) - 60)):
            return True   # "cao tốc Hà Nội - Hải Phòng"
        # the list holds a unit: where none is written, the pattern is not tried at every character
        found = self.lower_unit_list.search(window) if self.lower_units.search(window) else None
        if not found:
            return False
        listed = found.group("list")   # names and their separators, "," or "và"
        return (bool(found.group("lead")) or not listed or bool(found.group("plural")) or "và" in listed.split()
                or self.list_goes_on_with_va.match(text, m.end()) is not None)

    def marked_era(self, text: str, m: regex.Match, unit: dict) -> tuple[str | None, bool]:
        """(era, by a marker) a mention states itself: a marker after it ("(mới)", "cũ"),
        or a name the merger retired."""
        marker = self.marker_after.match(text, m.end())
        if marker:
            return self.markers[marker.group(1)], True
        spelling = " ".join(m.group("name").split())
        if unit["name"] not in self.names_2025 and spelling != unit["name_2025"]:
            return "pre_2025", False
        return None, False

    def article_era(self, doc, any_marker: bool) -> tuple[str | None, str | None]:
        """(era, era_source) for the mentions that do not state one. A marker, old or new,
        tells that the article is written after the merger."""
        published = (doc._.published or "")[:10]
        if len(published) == 10:
            return ("post_2025" if published >= self.merger_date else "pre_2025"), "published"
        if any_marker or self.cue.search(doc.text):
            return "post_2025", "merger_cue"
        return None, None

    def title_provinces(self, doc) -> list[tuple[str, str | None]]:
        """The provinces (name, era) of a title the input gave beside a text that does not print it (a scraper's
        JSONL ``title``: "Hà Tĩnh: Tôm chết bất thường, nghi bị đầu độc?" above a text opening on its lead): the
        headline's places, which the facts read as the article's home. None found in a title the text prints (its
        headline line is read in the text)."""
        title = " ".join((doc._.title or "").split())
        if not title or doc._.teams is not None or title in " ".join(doc.text[:2 * len(title) + 400].split()):
            return []   # (a headline the text opens on is read there; in sport a place names a club: "SLNA thắng Long An")
        found = []
        for m in self.matches(title):
            if self.is_place(title, m) and not self.in_name(title, m):   # (not "Cấp thoát nước Bắc Ninh")
                unit = self.units[self.canonical(m.group("name"))]
                stated, by_marker = self.marked_era(title, m, unit)
                found.append((unit["name"], stated or self.article_era(doc, by_marker)[0]))
        return found

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        mentions = []
        for m in self.matches(text):
            if self.is_place(text, m):
                unit = self.units[self.canonical(m.group("name"))]
                mentions.append((m, unit, self.marked_era(text, m, unit)))
        teams = self.teams.read(text, [m for m, _, _ in mentions])
        doc._.teams = teams
        doc._.title_provinces = self.title_provinces(doc)
        # a place's name that is a club's whole name ("Hải Phòng thắng Long An") is no mention, as a
        # person's is not: the club is an organization; one inside a longer club name is the club's
        # place ("SHB Đà Nẵng": in_name)
        clubs = {team.place: team for team in teams or () if team.place is not None}
        mentions = [(m, unit, era) for m, unit, era in mentions
                    if not (m.start() in clubs and clubs[m.start()].start == m.start() and clubs[m.start()].end == m.end())]
        if not mentions:
            return []
        era, era_source = self.article_era(doc, any(by_marker for _, _, (_, by_marker) in mentions))
        return [Match(m.start(), m.end(), {
            "name": unit["name"],
            "code": unit["code"],
            "name_2025": unit["name_2025"],
            "code_2025": unit["code_2025"],
            "era": stated or era,
            "era_source": "mention" if stated else era_source,
            "in_name": clubs[m.start()].name if m.start() in clubs
                       else " ".join(m.group().split()) if m.group("prefix") and self.names_a_city(m)
                       else self.in_name(text, m),
            "kind": unit["kind"],
        }, rule="gazetteer+prefix" if m.group("prefix") else "gazetteer") for m, unit, (stated, _) in mentions]
