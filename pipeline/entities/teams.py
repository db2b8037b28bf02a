"""Sports teams (clubs) in sports news, and the provinces their names hold.

A club is most often named by its place: with its sponsor ("Sanna Khánh Hòa", "SHB Đà
Nẵng", "XSKT Cần Thơ", "B.Bình Dương"), with a club word ("Hà Nội FC", "CLB Than Quảng Ninh"),
or alone where the words around it say a team ("Hải Phòng thắng Long An 3-2", "thủ môn Văn
Lâm của Hải Phòng", "Đà Nẵng 1-1 Than Quảng Ninh"). Such a province is the club's, not a
mention of the province; a place's name the article reads as a club once is the club wherever
it stands alone, except after a word of place ("có mặt tại TP.HCM").

The grammar is data (``patterns/teams.yaml``); teams are read only in an article about sport
(enough distinct words of its vocabulary). The province gazetteer reads them with its mentions
(:class:`TeamReader` is given those); the organizations component writes each club a row.

    "tỷ số 9-3 trước Sanna Khánh Hòa"  -> Team "Sanna Khánh Hòa" (rule "sponsor+place")
    "Hải Phòng - Long An 3-2"          -> Teams "Hải Phòng", "Long An" (rule "place+match")
"""
from __future__ import annotations

import re
from typing import NamedTuple

import regex

from pipeline.rules import patterns
from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending
from pipeline.rules.grammar import at_sentence_start, at_word_starts_of_any, letter_groups, literals, slug, trie
from pipeline.rules.overlap import Taken
from pipeline.text.language import is_syllable

#: a word of a club's name: an acronym, a capital and a full stop, a capitalised word
_NAME_WORD = r"(?:\p{Lu}[\p{Lu}\p{N}&]{1,5}(?![\p{L}\p{N}])|\p{Lu}\.|\p{Lu}\p{Ll}+(?![\p{L}\p{N}]))"
#: a capitalised word of a foreign club's name ("Arsenal", "Palace", "Saint-Étienne")
_LATIN_WORD = r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?"
#: a word written in the letters of the Latin script that Vietnamese does not mark (no "đ", "ư", "ơ", "ă", tone)
_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ'’-]+")
#: a capitalised word (or an acronym) right before or right after a name, on its line: the name is part of a longer one
_CAPITAL_BEFORE = ending(r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*[^\S\n]+\Z")
_CAPITAL_AFTER = regex.compile(r"[^\S\n]+\p{Lu}")
#: a word in capitals right after a word, on its line: the two are a heading's ("CĐV HẢI PHÒNG GÂY NÁO LOẠN")
_HEADING_AFTER = regex.compile(r"[^\S\n]+\p{Lu}{2,}(?![\p{L}\p{N}])")


def _adverbs(rules: dict) -> str:
    """Regex source of the lower-case words that may stand between a name and what says a team (teams.yaml
    `words_between`: "Hải Phòng vẫn để thua"), each read from a word start (a run of letters is tried once, not from
    each of its letters)."""
    return rf"(?:(?<![\p{{L}}\p{{N}}])\p{{Ll}}++[^\S\n]+){{0,{int(rules['words_between'])}}}"


@patterns.resource
def club_words_in_id() -> regex.Pattern:
    """The club words (teams.yaml ``club_prefixes``, ``club_suffixes``) opening or closing a club's
    org_id, a slug: "clb-hagl", "ha-noi-fc" -> "hagl", "ha-noi" once they are taken off."""
    rules = patterns.load_yaml("teams.yaml")
    prefixes, suffixes = ("|".join(sorted({regex.escape(slug(word)) for word in rules[key]}, key=len, reverse=True))
                          for key in ("club_prefixes", "club_suffixes"))
    return compiled(regex, rf"^(?:{prefixes})-|-(?:{suffixes})$")


class Team(NamedTuple):
    """One team named in the text: its span, its name as written, how it was read, and the
    province its name holds (the start of that mention), if any."""

    start: int
    end: int
    name: str
    rule: str
    place: int | None = None


class TeamReader:
    """Reads the teams of an article from its text and its province mentions."""

    def __init__(self):
        rules = patterns.load_yaml("teams.yaml")
        self.min_context = int(rules["min_context"])
        # one trie per first letter, read together: re skips ahead to one letter in a tight loop, to one
        # of the fourteen the words start with at nearly every character (90 -> 68 us an article)
        self.context_scans = [compiled(re, trie(group, char=re.escape) + r"(?!\w)")
                              for group in letter_groups({w.casefold() for w in rules["context"]})]
        self.not_sponsors = set(rules["not_sponsors"])
        self.sponsors_anyway = tuple(rules["sponsors_anyway"])
        words = rf"{_NAME_WORD}(?:(?<=\.)[^\S\n]*|[^\S\n]+)"
        # up to three name words right before a mention (read back from the mention)
        self.sponsor_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}.\-–])(?:{words}){{1,3}}\Z")
        self.word_re = compiled(regex, _NAME_WORD)
        self.suffix_re = compiled(regex, rf"[^\S\n]+(?:{literals(rules['club_suffixes'])})(?![\p{{L}}\p{{N}}])")
        self.prefix_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?:{literals(rules['club_prefixes'])})[^\S\n]+\Z")
        # a club named by a club word and capitalised words, with no province: "CLB HAGL", "Viettel FC"
        name = rf"{_NAME_WORD}(?:(?<=\.)[^\S\n]*{_NAME_WORD}|[^\S\n]+{_NAME_WORD}){{0,3}}"
        prefixes, suffixes = literals(rules["club_prefixes"]), literals(rules["club_suffixes"])
        self.prefixed_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?:{prefixes})[^\S\n]+(?P<name>{name})")
        self.suffixed_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}.])(?P<name>{name})[^\S\n]+(?:{suffixes})(?![\p{{L}}\p{{N}}])")
        self.level_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?:{literals(rules['club_level'])})[^\S\n]+\Z")
        self.read_cues(rules)

    def read_cues(self, rules: dict) -> None:
        """The words around a name that say a team (teams.yaml `team_before`, `team_after`, `roles`...)."""
        score = rules["score"]
        self.before_re = compiled(regex, rf"(?:(?<![\p{{L}}\p{{N}}])(?:{literals(rules['team_before'])})|{score})[^\S\n]*\Z")
        adverb = _adverbs(rules)
        self.after_re = compiled(regex, rf"[^\S\n]*(?:{adverb}(?:{literals(rules['team_after'])})(?![\p{{L}}\p{{N}}])"
                                        rf"|{score}|{rules['shirt']})")
        self.of_re = compiled(regex, r"(?<![\p{L}\p{N}])của[^\S\n]+\Z")
        self.role_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?:{literals(rules['roles'])})(?![\p{{L}}\p{{N}}])[^.;:\n]*\Z")
        self.role_reach = int(rules["role_reach"])
        # a player's club in brackets after his role and name: "Hậu vệ Tấn Tài (Bình Định)"
        roles = literals(rules["roles"])
        self.bracket_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?i:{roles})(?:[^\S\n]+\p{{Lu}}\p{{Ll}}*){{1,4}}"
                                          rf"[^\S\n]*{rules['bracket_before']}")
        # the head of a body's name among the five words before a name, with no punctuation between
        heads = [head["name"] for head in patterns.load_yaml("organizations.yaml")["heads"]]
        heads += [row["acronym"] for row in patterns.load_csv("acronyms.csv") if row["kind"] != "term"]
        self.body_before_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?:{literals(heads)})(?![\p{{L}}\p{{N}}])"
                                              r"(?:[^\S\n]+[\p{L}&.-]+){0,5}[^\S\n]+\Z")
        self.joint_re = compiled(regex, rf"(?:{rules['fixture_dash']}|{rules['list_joint']})\Z")
        self.dash_after_re = compiled(regex, rules["fixture_dash"])
        self.acronym_re = compiled(regex, r"(?<![\p{L}\p{N}.&-])\p{Lu}{2,6}(?![\p{L}\p{N}&]|-\p{L}|\.\p{L})")
        self.not_clubs = {*rules["not_clubs"], *rules["club_prefixes"], *rules["club_suffixes"]}
        self.place_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?:{literals(rules['place_before'])})[^\S\n]+\Z")
        self.read_foreign_cues(rules)

    def read_foreign_cues(self, rules: dict) -> None:
        """The words that say a foreign club named by a name of its own (teams.yaml `foreign_context`,
        `foreign_before`, `player_after`, `person_before`, `not_foreign_clubs`)."""
        edge = r"(?![\p{L}\p{N}])"
        self.foreign_context_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?:{literals(rules['foreign_context'])}){edge}")
        self.latin_run_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}.&'’-]){_LATIN_WORD}(?:[^\S\n]+{_LATIN_WORD}){{0,3}}"
                                            rf"(?![\p{{L}}\p{{N}}&'’-])")
        score = rules["score"]
        self.foreign_before_re = compiled(
            regex, rf"(?:(?<![\p{{L}}\p{{N}}])(?:{literals(rules['foreign_before'])})|{score})[^\S\n]*\Z")
        adverb = _adverbs(rules)
        after = [word for word in rules["team_after"] if word not in rules["player_after"]]
        self.foreign_after_re = compiled(regex, rf"[^\S\n]*(?:{adverb}(?:{literals(after)}){edge}|{score})")
        persons = {*rules["roles"], *rules["person_before"]}
        persons |= {word[:1].upper() + word[1:] for word in persons if word != "anh"}
        self.person_before_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?:{literals(persons)})[^\S\n]+\Z")
        # (players compared: a role, at most two lower-case words and "như": "những tiền vệ lùi sâu như Xavi")
        self.role_like_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?i:{literals(rules['roles'])})(?:[^\S\n]+\p{{Ll}}+){{0,2}}"
                                            rf"[^\S\n]+(?:{literals(rules['role_like'])})[^\S\n]+\Z")
        self.person_after_re = compiled(regex, rf"[^\S\n]*(?:{adverb}(?:{literals(rules['person_after'])}){edge}"
                                               r"|\d{1,3}(?:\+\d{1,2})?['’]?(?![\d\-–.]|,\d))")
        self.not_club_before_re = compiled(
            regex, rf"(?:(?<![\p{{L}}\p{{N}}])(?:{literals(rules['not_club_before'])})|\bU-?\d{{2}})[^\S\n]+\Z")
        # (the last two words of a player's full name: a bounded pattern, tried from word starts only)
        self.latin_before_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}]){_LATIN_WORD}[^\S\n]+{_LATIN_WORD}[^\S\n]*\Z")
        self.bracket_after_re = compiled(regex, r"[^\S\n]*\([^\S\n]*(?P<inside>[^()\n]{1,40}?)[^\S\n]*\)")
        self.not_opening = set(rules["not_opening"])
        self.role_of_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}])(?i:{literals(rules['roles'])})(?:[^\S\n]+\p{{Ll}}+){{0,2}}"
                                          r"[^\S\n]+của[^\S\n]+\Z")
        # a known club's names -> its name ("Barca" -> "Barcelona": read bare in an article about sport)
        self.known_clubs = {alias: name for name, aliases in rules["known_clubs"].items() for alias in (name, *aliases)}
        self.not_foreign = {word.casefold() for word in (*rules["not_foreign_clubs"], *rules["not_clubs"],
                                                          *(row["name"] for row in patterns.load_csv("countries.csv")))}

    def about_sport(self, text: str) -> bool:
        """True for an article with at least ``min_context`` distinct words of sport."""
        seen = set()
        folded = text.casefold()
        if len(folded) != len(text):   # (a character whose case folds to two: read the text as written)
            folded = text
        for m in at_word_starts_of_any(self.context_scans, folded):
            seen.add(m.group())
            if len(seen) >= self.min_context:
                return True
        return False

    def read(self, text: str, mentions: list) -> list[Team] | None:
        """The teams of ``text``, given its province mentions (matches with groups ``prefix`` and
        ``name``, in text order); None outside an article about sport (an empty list in one that names
        no club this grammar reads: foreign clubs are known names, ``foreign_orgs.csv``)."""
        if not self.about_sport(text):
            return None
        teams, by_place = [], {}
        for number, m in enumerate(mentions):
            if (m.group("prefix") or "").lower().startswith("tỉnh"):
                continue
            team = self.named(text, m, mentions[number - 1].end() if number else 0)
            if team is None and self.team_around(text, m):
                team = Team(m.start(), m.end(), " ".join(m.group().split()), "place+match", m.start())
            if team is not None:
                teams.append(team)
                by_place[m.start()] = team
        teams += self.fixtures(text, mentions, teams, by_place)
        teams += self.propagated(text, mentions, teams, by_place)
        teams += self.unplaced(text, teams)
        foreign = self.foreign_context_re.search(text) is not None   # (words of foreign football: known clubs read alone)
        teams += self.acronyms(text, teams, mentions, foreign)
        return sorted(teams + (self.foreign(text, teams, mentions) if foreign else []))

    def named(self, text: str, m, previous_end: int) -> Team | None:
        """A club whose name holds the mention: a club word before or after it, or its sponsor."""
        start = max(previous_end, text.rfind("\n", 0, m.start()) + 1, m.start() - 60)
        suffix = self.suffix_re.match(text, m.end())
        prefix = self.prefix_re.search(text, start, m.start())
        if prefix or suffix:
            first, last = (prefix.start() if prefix else m.start()), (suffix.end() if suffix else m.end())
            return Team(first, last, " ".join(text[first:last].split()), "club+place", m.start())
        if m.group("prefix"):
            return None
        found = self.sponsor_re.search(text, start, m.start())
        if found is None:
            return None
        offset = self.sponsor(text[found.start():m.start()])
        if offset is None:
            return None
        first = found.start() + offset
        written = text[first:m.end()]
        # a capitalised word opening a sentence may be any word ("Nhìn Long An ..."): such a
        # sponsor is one where the article names the club so again
        if at_sentence_start(text, first) and not text[first:m.start()].split()[0].isupper() \
                and text.count(written) < 2:
            return None
        club = self.prefix_re.search(text, start, first)   # "CLB SHB Đà Nẵng"
        first = club.start() if club else first
        return Team(first, m.end(), " ".join(text[first:m.end()].split()), "sponsor+place", m.start())

    def sponsor(self, written: str) -> int | None:
        """The offset in ``written`` (the name words right before a place) where the sponsor
        starts: after the last word that is no sponsor ("Theo", "Sở", "CĐV"); None when none is left."""
        words = list(self.word_re.finditer(written))
        first = 0
        for number, word in enumerate(words):
            if word.group().rstrip(".") in self.not_sponsors \
                    and not written.startswith(self.sponsors_anyway, word.start()):
                first = number + 1
        return words[first].start() if first < len(words) else None

    def team_around(self, text: str, m) -> bool:
        """True where the words right around a mention say a team: a match, a score, its people."""
        line = text.rfind("\n", 0, m.start()) + 1
        start = max(line, m.start() - 60)
        if self.place_re.search(text, start, m.start()):
            return False
        if self.before_re.search(text, start, m.start()) or self.after_re.match(text, m.end()) \
                or self.bracket_re.search(text, start, m.start()):
            return True
        return bool(self.of_re.search(text, start, m.start())
                    and self.role_re.search(text, max(line, m.start() - self.role_reach), m.start()))

    def fixtures(self, text: str, mentions: list, teams: list[Team], by_place: dict) -> list[Team]:
        """Place names joined to a team before them by a dash, a comma or "và" ("Than Quảng Ninh -
        Đà Nẵng", "các đội như Đắk Lắk, Bình Định"), or by a dash to one after them ("Đà Nẵng -
        Than Quảng Ninh")."""
        spans = [(t.start, t.end) for t in teams]
        found = []
        for m in mentions:   # (in text order: a list's names join one after another)
            if m.start() in by_place or (m.group("prefix") or "").lower().startswith("tỉnh"):
                continue
            before = any(end <= m.start() and self.joint_re.match(text, end, m.start()) for _, end in spans)
            after = self.dash_after_re.match(text, m.end())
            if before or (after and any(start == after.end() for start, _ in spans)):
                team = Team(m.start(), m.end(), " ".join(m.group().split()), "place+match", m.start())
                found.append(team)
                spans.append((team.start, team.end))
                by_place[m.start()] = team
        return found

    def acronyms(self, text: str, teams: list[Team], mentions: list, foreign: bool) -> list[Team]:
        """Clubs named by an acronym ("SLNA", "HAGL"): one the words around say a team at least
        once ("SLNA thắng TP.HCM", "9 cầu thủ của HAGL"), wherever it stands alone, except
        after a word of place; none of ``not_clubs`` (federations, broadcasters, "HLV") or of the club words ("đội bóng FC
        Haarlem"), none cut from a heading by a word in capitals right after it ("CĐV HẢI PHÒNG", "3-1 LỊCH THI ĐẤU"). A
        known club's acronym is written as its name ("MU": "Man United") and, in foreign football news (``foreign``), read
        alone as its name is ("Phía MU đang đàm phán")."""
        taken = [(t.start, t.end) for t in teams] + [m.span() for m in mentions]
        found = [m for m in self.acronym_re.finditer(text) if m.group() not in self.not_clubs
                 and not _HEADING_AFTER.match(text, m.end()) and not any(s < m.end() and m.start() < e for s, e in taken)]
        clubs = {m.group() for m in found if self.team_around(text, m)
                 or foreign and m.group() in self.known_clubs and self.alone(text, m.start(), m.end())}
        return [Team(m.start(), m.end(), self.known_clubs.get(m.group(), m.group()), "name+match") for m in found
                if m.group() in clubs and not self.place_re.search(text, max(0, m.start() - 40), m.start())]   # ("MU")

    def foreign(self, text: str, teams: list[Team], mentions: list) -> list[Team]:
        """Foreign clubs named by a name of their own in the Latin script ("Arsenal", "Man City"): one
        the words around say a team at least once ("2-0 trước Liverpool", "Vito Mannone (Sunderland)") or a club the
        press names alone most (teams.yaml `known_clubs`: "Barca", written as "Barcelona"),
        wherever it stands alone, except after a word of place; none the article gives a person, no country. Asked only
        in an article with words of foreign football (:meth:`read`)."""
        taken = Taken.covering([*((t.start, t.end) for t in teams), *(m.span() for m in mentions)])
        names = [(start, end, name) for start, end, name in self.latin_names(text) if not taken.overlaps(start, end)]
        persons = {word for start, end, name in names if name not in self.known_clubs and self.is_person(text, start, end)
                   for word in (name, *name.split())}   # (and each of a person's names: "Mino Raiola", "Raiola";
        # a club the press names alone most is none: "thủ môn Real" is Real's goalkeeper, review of batch articles, stop 53)
        clubs = {name for start, end, name in names if name not in persons
                 and (name in self.known_clubs and self.alone(text, start, end) or self.foreign_around(text, start, end))}
        return [Team(start, end, self.known_clubs.get(name, name), "name+match") for start, end, name in names
                if name in clubs and not self.place_re.search(text, max(0, start - 40), start)]

    @staticmethod
    def alone(text: str, start: int, end: int) -> bool:
        """True where no capitalised word stands right before or after a name: no part of a longer one ("lò HAGL
        Arsenal JMG", the academy); a Vietnamese word opening the sentence is none ("Phía MU đang đàm phán", "Nay MU càng
        khó hơn": review of batch articles, stop 56)."""
        before = _CAPITAL_BEFORE.match(text, max(0, start - 30), start)
        opening = before is not None and at_sentence_start(text, before.start()) and is_syllable(before.group().strip())
        return not ((before and not opening) or _CAPITAL_AFTER.match(text, end))

    def latin_names(self, text: str):
        """(start, end, name) of the names of capitalised Latin words ("Crystal Palace"), leading
        Vietnamese words left out ("Trong khi đó Chelsea": "Chelsea"), with a word at least that is no
        Vietnamese syllable, no country, competition or club word (teams.yaml `not_foreign_clubs`)."""
        for m in self.latin_run_re.finditer(text):
            words = list(self.word_re.finditer(m.group()))
            while words and self.not_in_name(words[0].group(), opening=True):
                words.pop(0)
            while words and self.not_in_name(words[-1].group(), opening=False):
                words.pop()
            if not words or len(words) > 2 or not all(_LATIN.fullmatch(word.group()) for word in words):
                continue
            name = m.group()[words[0].start():words[-1].end()]
            if name.casefold() not in self.not_foreign \
                    and (name in self.known_clubs or not all(is_syllable(word.group()) for word in words)):
                yield m.start() + words[0].start(), m.start() + words[-1].end(), name

    def not_in_name(self, word: str, opening: bool) -> bool:
        """True for a word that opens or closes no foreign club's name: a Vietnamese word ("Trong", "Và",
        a syllable marked with a Vietnamese letter or tone), a word of `not_opening` ("Video")."""
        return (opening and (word in self.not_sponsors or word in self.not_opening)) \
            or not _LATIN.fullmatch(word) or (not word.isascii() and is_syllable(word))

    def is_person(self, text: str, start: int, end: int) -> bool:
        """True where the name is a person's: after a role or a word of persons ("thủ môn Petr Cech",
        "ngôi sao Hazard", "những tiền vệ lùi sâu như Xavi") or before words of speech ("Ronaldo nói"), or before a
        bracket that holds no country ("Eden Hazard (Chelsea)"); or no club's: a ground's, a city's, a national team's
        ("sân Old Trafford", "thành Manchester", "U20 Italy")."""
        if self.person_before_re.search(text, max(0, start - 30), start) or self.person_after_re.match(text, end) \
                or self.not_club_before_re.search(text, max(0, start - 30), start) \
                or self.role_like_re.search(text, max(0, start - 50), start):
            return True
        bracket = self.bracket_after_re.match(text, end)
        return bool(bracket) and bracket.group("inside").casefold() not in self.not_foreign

    def foreign_around(self, text: str, start: int, end: int) -> bool:
        """True where the words right around a foreign name say a team: a match, a score, its people,
        the brackets after a player's name ("Vito Mannone (Sunderland)")."""
        line = text.rfind("\n", 0, start) + 1
        begin = max(line, start - 60)
        if self.place_re.search(text, begin, start):
            return False
        if self.foreign_before_re.search(text, begin, start) or self.foreign_after_re.match(text, end):
            return True
        if text[start - 1:start] == "(" and text[end:end + 1] == ")" and self.latin_before_re.search(text, begin, start - 1):
            return True   # (after a player's full name in the Latin script: "Vito Mannone (Sunderland)")
        return bool(self.role_of_re.search(text, begin, start))   # ("cầu thủ của Arsenal", "tiền vệ trẻ của Chelsea")

    def propagated(self, text: str, mentions: list, teams: list[Team], by_place: dict) -> list[Team]:
        """Every other bare mention of a place the article reads as a club alone or with a club
        word ("Hải Phòng", after "Hải Phòng thắng ..." or "CLB Hải Phòng"), not after a word of place."""
        names = {m.start(): " ".join(m.group("name").split()) for m in mentions}
        clubs = {names[t.place] for t in teams if t.place is not None and t.rule in ("place+match", "club+place")}
        found = []
        for m in mentions:
            if m.start() in by_place or m.group("prefix") or names[m.start()] not in clubs:
                continue
            start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 40)
            if self.place_re.search(text, start, m.start()) or self.ends_a_name(text, start, m.start()):
                continue
            team = Team(m.start(), m.end(), " ".join(m.group().split()), "place+article", m.start())
            found.append(team)
            by_place[m.start()] = team
        return found

    def ends_a_name(self, text: str, start: int, end: int) -> bool:
        """True where the mention may close a body's name: the head of one (organizations.yaml
        `heads`, as written, or an acronym of acronyms.csv) among the words right before it, with no
        punctuation between ("Sở Văn hóa Thể thao Hải Phòng", "UBND TP Hải Phòng")."""
        return self.body_before_re.search(text, start, end) is not None

    def no_name_after(self, text: str, m) -> bool:
        """True where the capitalised words after a club word name no club: the club word is a level ("Ở cấp CLB
        Chanathip nổi tiếng", teams.yaml `club_level`), or they end the text, a byline glued to its last sentence
        ("Đội hình thi đấu của 2 CLB Anh Dũng"; review of batch articles, stop 60)."""
        return self.level_re.search(text, max(0, m.start() - 20), m.start()) is not None or not text[m.end():].strip()

    def unplaced(self, text: str, teams: list[Team]) -> list[Team]:
        """Clubs named with a club word and no province: "CLB HAGL", "Viettel FC", "Lanexang Utd"."""
        taken = [(t.start, t.end) for t in teams]
        found = []
        for pattern, rule in ((self.prefixed_re, "club+name"), (self.suffixed_re, "name+club")):
            for m in pattern.finditer(text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                name = m.group("name")
                if name.split()[0].rstrip(".") in self.not_sponsors and rule == "name+club" \
                        or rule == "club+name" and self.no_name_after(text, m):
                    continue
                taken.append(m.span())
                found.append(Team(m.start(), m.end(), " ".join(m.group().split()), rule))
        return found
