"""Organizations: state, Party, mass, foreign and international bodies named in the text.

A name is read with the grammar in ``patterns/organizations.yaml`` (HEAD, then a
FIELD or an open proper name, then an OWNER organization or a PLACE), plus the known
organizations (``patterns/foreign_orgs.csv``: foreign NGOs and donors; ``acronyms.csv``),
the Latin-script names of foreign NGOs ("Zhishan Foundation"), the members of a list after a
cue ("các tổ chức như: MAG, ICCO, FFI") and the short forms the article defines in brackets.
Every mention is a row whose ``name`` is canonical within the article, and whose ``org_id``
names the body across articles:

    "UBND tỉnh Thái Bình"                     -> "Ủy ban nhân dân tỉnh Thái Bình" (acronym "UBND tỉnh Thái Bình")
    "Ban Thường vụ Tỉnh ủy Thái Nguyên"        -> head "Ban", field "Thường vụ", owner "Tỉnh ủy Thái Nguyên"
    "... hữu nghị Việt Nam (VUFO)", "VUFO"     -> both "Liên hiệp các tổ chức hữu nghị Việt Nam"
    "Tổ chức Tầm nhìn Thế giới (World Vision)" -> both org_id "world-vision-international", kind foreign_ngo
    "Bộ Quốc phòng Nga"                        -> kind state, country RU (never "Bộ Quốc phòng")
    "Sở Ngoại vụ" after "Sở Ngoại vụ tỉnh Lạng Sơn" -> "Sở Ngoại vụ tỉnh Lạng Sơn"
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component
from pipeline.entities.org_foreign import foreign_names
from pipeline.entities.org_gazetteer import as_printed
from pipeline.entities.org_grammar import OrgName, canonical, grammar, provinces_of
from pipeline.entities.org_identity import describe, foreign_ministry_title, identity_key
from pipeline.entities.provinces import is_residence
from pipeline.entities.teams import club_words_in_id
from pipeline.rules import patterns
from pipeline.rules.budget import checkpoint
from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending
from pipeline.rules.grammar import (alternation, at_sentence_start, at_word_starts, at_word_starts_of_any, fold,
                                    matches_where, scan_starts, space_after, spelling_pattern, words_at)
from pipeline.rules.overlap import Taken, non_overlapping

SPEC = ComponentSpec(
    name="organizations", span_key="organizations", table="organizations", label="ORG", color="#7aecec",
    columns=(
        Column("name", "string", "canonical full name within the article (UBND written out, bare names completed)"),
        Column("acronym", "string", "its short form: defined in the text, from patterns/acronyms.csv, or the head's"),
        Column("org_id", "string", "the body across articles: the slug of patterns/foreign_orgs.csv, else of the "
                                   "canonical name (one per body within an article: acronym, translation and full name)"),
        Column("kind", "string", "party, state, mass_org, foreign_ngo, bilateral_donor, multilateral, enterprise, "
                                 "media, education, health, other"),
        Column("country", "string", "ISO 3166-1 alpha-2 of the country the body belongs to (VN for Vietnamese bodies)"),
        Column("level", "string", "central, province, district, commune (Vietnamese party, state and mass bodies)"),
    ),
    internal=("head",),
    reads=("doc.spans[provinces]", "doc._.teams"),
    assigns=("doc.spans[organizations]", "doc._.org_context"),
    scores=(Score("organizations", gold="organizations", pairs=((None, "name", "name"),), method="identity"),),
)

#: a comma or "và" between two names of a list
_JOINT = compiled(regex, r"[^\S\n]*(?:,|và|,[^\S\n]*và)[^\S\n]*\Z")
#: a giver introduced right before a name: "do Chính phủ Úc", "của Chính phủ Nhật Bản" (the words
#: before a name are checks of whether they are there at all: read from the name back)
_GIVER_BEFORE = ending(r"(?<![\p{L}\p{N}])(?:do|của|từ)[^\S\n]+\Z")
#: a price right after a short form: it is a stock code ("BBC 110,000 +1,90")
_PRICE_AFTER = regex.compile(r"[^\S\n]+\d{1,3}(?:[.,]\d{3})+(?![\d.,])")
#: a bracket opening right after a name, a short form inside and closing ("... Mỹ (Fed)")
_KNOWN_BRACKET = regex.compile(r"[^\S\n]?\((?=[^()\n]{2,12}\))")
#: an opening bracket right before a name
_BRACKET_BEFORE = regex.compile(r"\([^\S\n]*\Z")
#: what stands between a name and another in brackets
_OPENING = regex.compile(r"[^\S\n]*\([^\S\n]*\Z")
#: a comma right after a source a sentence opens with ("Theo AFP, ...")
_COMMA_AFTER = regex.compile(r"[^\S\n]*,")
#: a comma or a dash between a department and its owner ("Khoa Hóa học, Trường Đại học ...")
_DEPARTMENT_JOINT = regex.compile(r"[^\S\n]*[,–-][^\S\n]*")
#: a capitalised word right before a name written again (then part of a longer name), and right after it
_CAPITAL_WORD_AROUND = ending(r"\p{Lu}[\p{L}\p{M}]*[^\S\n]+\Z")
_CAPITAL_NEXT = regex.compile(r"[^\S\n]+\p{Lu}")
#: an honorific or a head of state right before a name: a person's ("ông Trump", "Tổng thống Trump"); a level: a
#: place's ("huyện Krông Ana")
_NOT_A_BODY_CUE = ending(r"(?<![\p{L}\p{M}])(?i:ông|bà|anh|chị|ngài|tổng[^\S\n]+thống|thủ[^\S\n]+tướng|tỉnh|thành"
                                r"[^\S\n]+phố|TP\.?|huyện|quận|thị[^\S\n]+xã|xã|phường|thị[^\S\n]+trấn)[^\S\n]+\Z")
#: a comma and the place abroad a name written again stands in: the name is a place's ("ở San Jose, California")
_PLACE_AFTER = regex.compile(r"[^\S\n]*,[^\S\n]*(\p{Lu}[\p{L}\p{M}]*(?:[^\S\n]+\p{Lu}[\p{L}\p{M}]*){0,2})(?![\p{L}\p{M}])")
#: an opening bracket right before a name written again: another's short name ("Công ty ... (Viet Bamboo Airways)")
_OPEN_BRACKET = ending(r"\([^\S\n]*\Z")
#: Vietnam named right after a body ("Bộ Ngoại giao Việt Nam"; the name leaves it out)
_VIETNAM_AFTER = regex.compile(r"[^\S\n]+(?:Việt[^\S\n]+Nam|VN)(?![\p{L}\p{M}\p{N}])")

#: a capitalised foreign word, an age group or another acronym right after an acronym ("FIFA U20 World Cup",
#: "ASEAN NCAP", the cars' safety programme)
_LONGER_NAME = regex.compile(r"[^\S\n]+(U\d{2}\b|\p{Lu}\p{Ll}+|[A-Z]{3,})(?![\p{L}\p{N}])")

#: (kind, country, level) of a body nothing describes
_UNDESCRIBED = (None, None, None)

#: the rank of each source of candidates on a tie of length (a known name wins)
RANK = {"known": 0, "grammar": 1, "team": 2, "latin": 3, "list": 4}


#: how far around a name its sentence is read (a longer sentence is cut: the work per name stays bounded)
REACH = 300


#: a province named with its level word ("tỉnh Hà Tĩnh", "thành phố Đà Nẵng", "TP Cần Thơ")
_LEVEL_WORD = regex.compile(r"(?i:tỉnh|thành[^\S\n]+phố|TP\.?)[^\S\n]")


def _sentence(text: str, org: OrgName) -> tuple[int, int]:
    """(start, end) of the sentence (or line) the name stands in, at most :data:`REACH` characters each side."""
    low, high = max(0, org.start - REACH), min(len(text), org.end + REACH)
    start = max(text.rfind(". ", low, org.start), text.rfind("\n", low, org.start), low - 1) + 1
    ends = [i for i in (text.find(". ", org.end, high), text.find("\n", org.end, high)) if i >= 0]
    return start, min(ends) if ends else high


def _own_in_sentence(text: str, org: OrgName, provinces: list) -> tuple[str, str] | None:
    """(name, kind) of the province a bare provincial body's own sentence names before it with its level word ("lãnh
    đạo tại tỉnh Hà Tĩnh, ở vị trí Phó Chủ tịch UBND tỉnh": Hà Tĩnh's, in an article that names Thanh Hóa more; review
    of batch articles, stop 47), else None (the article's own province)."""
    if not (org.bare and org.implied or org.own_level):   # ("Tỉnh ủy"; "UBND tỉnh")
        return None
    start, _ = _sentence(text, org)
    named = [found for found in provinces if start <= found.start_char < org.start and found.data
             and _LEVEL_WORD.match(text, found.start_char)]
    found = (named[-1].data["name"], named[-1].data.get("kind") or "tỉnh") if named else None
    return None if found is None or org.own_level and org.own_level != found[1] else found   # ("UBND thành phố" of a tỉnh)


def _two_known(first: OrgName, second: OrgName | None) -> bool:
    """Are both names known bodies (foreign_orgs.csv, acronyms.csv), and two different ones ("Liên hợp quốc", "FAO")?"""
    return second is not None and first.known is not None and second.known is not None \
        and first.known.org is not second.known.org


#: what may not stand right before a short form used alone, nor right after it ("VUFO-ĐN")
_ALONE_BEFORE = regex.compile(r"(?<![\p{L}\p{N}&-])")
_ALONE_AFTER = regex.compile(r"(?![\p{L}\p{N}&]|-\p{L})")


def own_province(provinces: list, text: str) -> tuple[str, str] | None:
    """(name, kind) of the province the article mentions most, or None, also on a tie between provinces each
    named once (an article of Nghệ An's paper on a leader born in Nam Định, naming Sơn La and Thái Nguyên once
    too, signed "(Ban Tuyên giáo Tỉnh ủy)": none of them is the article's); where a person lives or comes from
    ("trú tại ..., tỉnh Cao Bằng") counts only if the article names no other; ``provinces``: the article's
    (:func:`pipeline.entities.org_grammar.provinces_of`)."""
    found = sorted(provinces, key=lambda found: found.start_char)
    found = [f for f in found if not is_residence(text, f.start_char)] or found
    if not found:
        return None
    data = [f.data for f in found]
    names = [found["name"] for found in data]
    counts = Counter(names)   # in the order the names first come: max gives the first of a tie
    ranked = counts.most_common(2)
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1] == 1:
        return None
    best = names.index(max(counts, key=counts.__getitem__))
    return names[best], data[best].get("kind") or "tỉnh"


@component(SPEC)
class OrganizationFinder:
    """Finds organization names in ``doc.text`` (runs after the province gazetteer).

    Leaves ``doc._.org_context`` = {"own": (province, kind), "placed": [names]}
    for the officials extractor, which reads names after titles with the same grammar.
    """

    def __init__(self):
        self.grammar = grammar()
        self.foreign = foreign_names()
        spec = patterns.load_yaml("organizations.yaml")
        credits = spec["credits"]
        # the cues before a name read back from it (:func:`ending`): searched forward, every alternative was tried
        # from each of the window's 120 places (measured on the names of the benchmark's 300 articles and the
        # batch's 2,000: the credit 4.5 -> 3.2 and 5.3 -> 3.3 us a name, the source 9.6 -> 1.2 and 12.5 -> 1.7)
        self.credit_before_re = ending(credits["before"])
        self.masthead_line_re = compiled(regex, credits["masthead_line"])
        self.credit_after_re = compiled(regex, credits["after"])
        self.writer_before_re, self.writer_after_re = ending(credits["writer_before"]), compiled(regex, credits["writer_after"])
        self.source_before_re = ending(credits["source_before"])
        self.source_comma_re, self.source_closes_re = ending(credits["source_ends"][0]), regex.compile(credits["source_ends"][1])
        self.source_after_re = compiled(regex, credits["source_after"])
        self.reporter_before_re = ending(credits["reporter_before"])
        self.reports_after_re = compiled(regex, credits["reports_after"])
        # a head's shorthand alone: not after a word of number, not before a name, a number or a place's level
        # (nor one a sector names as often as a body: "doanh nghiệp, HTX và nông dân": organizations.yaml)
        shorthands = "|".join(sorted((regex.escape(short) for short in self.grammar.shorthands
                                      if short not in spec["generic_shorthands"]), key=len, reverse=True))
        self.shorthand_re = compiled(regex, rf"(?<![\p{{L}}\p{{N}}&.(-])(?<!(?i:các|những|nhiều|mọi|ít|số|\d|\()[^\S\n]+)"
                                            rf"(?:{shorthands})(?![\p{{L}}\p{{N}}&.-])(?![^\S\n]*(?:\p{{Lu}}|\d|\(|\))"
                                            r"|[^\S\n]+(?:tỉnh|huyện|quận|thị|thành|xã|phường|TP|các|những))")
        self.shorthand_starts = compiled(re, shorthands)   # (where a match of shorthand_re starts: matches_where)

    # -- candidates ------------------------------------------------------------------

    def candidates(self, text: str, provinces: dict, countries: list[tuple[int, int]], teams=()) -> list[OrgName]:
        """Every name the grammar, the known names, the Latin-name and list rules read, and the
        sports clubs the province gazetteer read (``teams``: :class:`pipeline.entities.teams.Team`),
        the longest of overlapping ones kept (a known name on a tie), in text order; no head inside a
        province's or a country's name ("Hải Phòng", "Tây Ban Nha")."""
        inside = Taken.covering([*((span.start_char, span.end_char) for span in provinces.values()), *countries])
        found = [(org, "grammar") for org in self.grammar_names(text, provinces) if not inside.overlaps(org.start, org.start + 1)]
        found += [(org, "known") for org in self.known_names(text)]
        found += [(OrgName(start, end, "", full=" ".join(text[start:end].split()), rule="latin name", latin=True), "latin")
                  for start, end in self.foreign.names(text)]
        listed = self.foreign.list_items(text, 0)
        found += [(org, "list") for org in self.list_names(listed)]
        found += [(OrgName(team.start, team.end, "", full=team.name, rule="team " + team.rule), "team") for team in teams]
        kept = non_overlapping(found, prefer=lambda f: (-(f[0].end - f[0].start), f[0].start, RANK[f[1]]),
                               span=lambda f: (f[0].start, f[0].end))
        orgs = sorted((org for org, _ in kept if not self.is_credit(text, org)
                       and not self.grammar.plural_after_re.match(text, org.end)), key=lambda o: o.start)   # "Quốc hội hai nước"
        return self.without_foreign_brackets(text, self.with_cues(text, orgs, {start for _, start, _, _ in listed}))

    @staticmethod
    def without_foreign_brackets(text: str, orgs: list[OrgName]) -> list[OrgName]:
        """A known acronym in brackets after a name that is no organization read here is that
        name's short form, not the known body: "Quân đội nhân dân Mới (NPA)", "Thu nhập quốc dân (GNI)"."""
        kept = []
        for number, org in enumerate(orgs):
            bracketed = org.known is not None and org.known.is_acronym \
                and _BRACKET_BEFORE.search(text, max(0, org.start - 20), org.start)
            before = orgs[number - 1] if number else None
            if bracketed and not (before is not None and _OPENING.match(text, before.end, org.start)):
                continue
            kept.append(org)
        return kept

    def is_credit(self, text: str, org: OrgName, kind: str | None = None) -> bool:
        """True if the name is a photo credit, a byline or chrome ("(Ảnh: Báo Thái Nguyên)",
        "H.V/Báo Tin Tức", "Bản quyền © Báo An Giang"), or a newspaper's masthead; ``kind``: the body's, where the
        name written here does not say it ("Independent nhận định" after "Tờ Independent")."""
        window = max(0, org.start - 120)   # a credit's words stand right before the name
        line_start = text.rfind("\n", window, org.start) + 1
        start = max(line_start, window)
        if self.credit_before_re.match(text, start, org.start) or self.credit_after_re.match(text, org.end):
            return True
        if self.writer_before_re.match(text, start, org.start) and self.writer_after_re.match(text, org.end):
            return True   # "Theo Hữu Vinh (Công an TP.HCM)" ending the line
        # the bracket or the line's end after the name asked first: one name in eight or sixteen has it; or a
        # comma after a paper or an agency a sentence opens with as its source ("Theo AFP, giới chức ...")
        after = self.source_after_re.match(text, org.end)
        if (after or _COMMA_AFTER.match(text, org.end)) and self.source_before_re.match(text, start, org.start) \
                and (after or (kind or describe(org, self.grammar)[0]) == "media"):
            return True
        if (self.reporter_before_re.match(text, start, org.start) or self.reports_after_re.match(text, org.end)) \
                and (kind or describe(org, self.grammar)[0]) == "media":
            return True   # "Theo phóng viên TTXVN tại Hamburg, ...", "Reuters đưa tin": the agency cited
        # a paper or an agency a sentence ends on as its source (", theo Yonhap.")
        if self.source_closes_re.match(text, org.end) and self.source_comma_re.match(text, start, org.start) \
                and (kind or describe(org, self.grammar)[0]) == "media":
            return True
        head = self.grammar.by_name.get(org.head) if org.head else None
        return bool(head and head.get("kind") == "media" and line_start == org.start
                    and self.masthead_line_re.match(text, org.start))

    def grammar_names(self, text: str, provinces: dict) -> list[OrgName]:
        g, found = self.grammar, []
        for m in at_word_starts_of_any(g.head_scans, text):   # (each match is head_re's at a word start)
            checkpoint()
            org = g.parse_head(text, m.start(), provinces, scanned=m) \
                or g.parse_coordinated(text, m.start(), provinces, scanned=m)
            if org:
                found.append(org)
        for m in at_word_starts_of_any(g.absorbing_scans, text):
            head = g.heads[fold(g.absorbed_head[fold(m.group())])]
            # the mention starts at the head where it ends the title: "[ban Dân tộc tỉnh Hòa Bình]" in
            # "Trưởng ban ...", else it is the whole title: "[Vụ trưởng Khai thác Thủy sản]", "[Thứ trưởng
            # Ngoại giao Nga]" (the head implied)
            ends = fold(m.group()).endswith(" " + fold(head["name"]))
            start = m.end() - len(head["name"]) if ends else m.start()
            org = g.parse_rest(text, start, m.end(), head, provinces)
            word = space_after(text, m.end())
            if org and org.bare and word is not None and text[word].islower():
                continue   # "Trưởng đoàn kiểm tra": a team named by what it does, no body
            if org and foreign_ministry_title(org, m.group(), text, g):
                continue   # "Bộ trưởng Quốc phòng Mỹ James Mattis": a foreign minister's title, no body named
            if org:
                found.append(org.replace(rule="title+" + org.rule))
        found += g.after_title_bodies(text) + g.shared_head_bodies(text)
        return found + g.bare_of_one_body(text, found)

    def known_names(self, text: str) -> list[OrgName]:
        """The known organizations written without a head ("KOICA", "Plan International",
        "Caritas Thụy Sĩ", "Oxfam tại Việt Nam")."""
        g, found = self.grammar, []
        for m, spelling in g.known.finditer(text):
            checkpoint()
            if spelling.after_classifier:   # "Cứu trợ trẻ em" only after "tổ chức": read by the grammar
                continue
            end, suffix = g.known_suffix(text, m.end())
            longer = m.group().isupper() and not suffix and _LONGER_NAME.match(text, end)
            if longer and (longer.group(1)[0] == "U" or longer.group(1).isascii()) \
                    and not g.titled_re.match(text, max(0, m.start() - 24), m.start()):   # "Giám đốc FBI James Comey"
                continue   # "FIFA U20 World Cup", "ASEAN Cup": the acronym starts the name of something else
            if spelling.is_acronym and _PRICE_AFTER.match(text, end):
                continue   # "2 BBC 110,000 +1,90": a stock code and its price in a table
            if not spelling.is_acronym and g.indefinite_re.match(text[max(0, m.start() - 12):m.start()]):
                continue   # "một Nhà nước Hồi giáo tiếp theo": a kind of state, not IS
            if g.region_re.match(text[max(0, m.start() - 16):m.start()]):
                continue   # "khu vực ASEAN": the members' region
            if g.names_product(spelling, text, m.start(), end, suffix):
                continue   # "Nokia 6", "xe Honda", "trên Facebook": a product or a platform, not the company
            located = g.located_re.match(text, end)
            written = " ".join(text[m.start():end].split()) if suffix else None
            shown = written or (spelling.org.name if spelling.is_acronym else as_printed(spelling, m.group()))
            found.append(OrgName(m.start(), located.end() if located else end, "", full=shown, known=spelling,
                                 located=" ".join(located.group().split()) if located else None,
                                 needs_cue=spelling.needs_cue, rule=spelling.org.source if spelling.is_acronym
                                 else spelling.org.source + " name"))
        return found

    def list_names(self, listed) -> list[OrgName]:
        """The members of a list after a cue that nothing else reads ("các tổ chức như: ACEF, GPI")."""
        found = []
        for item, start, end, foreign in listed:
            if self.foreign.acronym_re.match(item) or self.foreign.is_name(item):
                found.append(OrgName(start, end, "", full=item, rule="list after cue", latin=foreign))
        return found

    def with_cues(self, text: str, orgs: list[OrgName], listed: set[int]) -> list[OrgName]:
        """Known spellings that are also ordinary words (CARE, GNI, MAG) kept only with a cue: in
        a list after a cue, next to another organization in a list, or the same organization
        named unambiguously in the article."""
        sure = {org.known.org.org_id for org in orgs if org.known is not None and not org.needs_cue}
        kept = []
        for number, org in enumerate(orgs):
            if org.needs_cue and org.known.org.org_id not in sure and org.start not in listed \
                    and not self.in_list(text, orgs, number):
                continue
            kept.append(org)
        return kept

    @staticmethod
    def in_list(text: str, orgs: list[OrgName], number: int) -> bool:
        """True if the organization is joined by a comma or "và" to a neighbour that needs no cue."""
        joint = _JOINT
        before = orgs[number - 1] if number else None
        after = orgs[number + 1] if number + 1 < len(orgs) else None
        return bool((before is not None and not before.needs_cue and joint.match(text[before.end:orgs[number].start]))
                    or (after is not None and not after.needs_cue and joint.match(text[orgs[number].end:after.start])))

    # -- the component ---------------------------------------------------------------

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        read = provinces_of(doc)
        provinces = {found.start_char: found for found in read}
        own = own_province(read, text)
        countries = [m.span() for m in at_word_starts(self.grammar.country_name_re, text)]
        orgs = self.candidates(text, provinces, countries, doc._.teams or ())
        local = self.grammar.places_named(text)   # "UBND huyện" is the article's one huyện's, or no name
        orgs = [placed for placed in (self.grammar.placed_locally(text, org, local) for org in orgs) if placed is not None]
        # the fuller names a bare one may stand for ("Sở Ngoại vụ tỉnh Lạng Sơn"); never a foreign
        # country's body ("Chính phủ" beside "Chính phủ Qatar" is not Qatar's)
        owns = {org: _own_in_sentence(text, org, read) or own for org in orgs}
        ids = {org: identity_key(org, owns[org]) for org in orgs}
        self.one_id_a_club(text, orgs, ids, doc._.teams or (), provinces)
        placed = {}   # name -> org_id, in text order
        for org in orgs:
            if (not org.bare or org.programme or org.about) and not (org.where and org.where.country):
                placed.setdefault(org.name(owns[org]), ids[org])
        names = {org: canonical(org, owns[org], placed) for org in orgs}
        orgs = [org for org in orgs if not self.needs_context(text, org, names[org])]
        named = [(org, names[org]) for org in orgs]   # (a name's lookups hash through Python)
        by_name = {name: ids[org] for org, (name, rule) in named if not rule}
        for org, (name, rule) in named:   # "Sở Xây dựng" standing for "Sở Xây dựng TP HCM": that body's org_id
            if rule.endswith("+context") and name in by_name:
                ids[org] = by_name[name]
        orgs, defined, bracketed = self.short_forms(text, orgs, names, ids)
        orgs = sorted(orgs + self.bare_shorthands(text, orgs, names, ids), key=lambda o: o.start)
        self.link_brackets(text, orgs, ids)
        self.apply_classifiers(orgs, names, ids)
        self.unify(orgs, names, ids)
        doc._.org_context = {"own": own, "placed": placed, "local": local}
        described = self.describe_all(orgs + bracketed, ids, text, doc._.teams is not None)   # (a body in brackets too)
        countries = countries_named(countries, orgs, text)   # "Vụ Pháp chế", "Nguyễn Tuấn Anh" name no country
        abroad = countries and len(countries) > len(provinces) + text.count("Việt Nam")   # an article about abroad
        acronyms, rows = {identity: short for short, (_, identity) in defined.items()}, []
        for org in orgs:   # each name's name and org_id looked up once (a name hashes through Python)
            name, org_id = names[org], ids[org]
            in_context = self.in_context(org, described.get(org_id, _UNDESCRIBED), name, text, countries, abroad)
            rows.append(self.row(org, name, org_id, in_context, acronyms))
        return rows

    def bare_shorthands(self, text: str, orgs: list[OrgName], names: dict, ids: dict) -> list[OrgName]:
        """A head's shorthand written alone ("BV", "Cty": acronyms.csv kind short) where the article names one body of
        that head: that body ("BV quận Thủ Đức", then "ban lãnh đạo BV", "bảo vệ BV"; rule "head+context"). Not before a
        capitalised word, a digit or a place (a name the grammar did not read), nor inside a name read."""
        found = []
        starts = scan_starts(self.shorthand_starts, text) if self.grammar.shorthands else ()
        for m in matches_where(self.shorthand_re, starts, text):
            head = self.grammar.shorthands[m.group()]
            bodies = {ids[org] for org in orgs if org.head == head and not names[org][1].endswith("+context")}
            if len(bodies) != 1 or any(org.start < m.end() and m.start() < org.end for org in orgs + found):
                continue
            body, bare = next(org for org in orgs if ids[org] in bodies), OrgName(m.start(), m.end(), head, rule="head")
            if self.is_credit(text, bare):   # ("Ảnh: QH", a photographer's initials)
                continue
            names[bare], ids[bare] = (names[body][0], "+context"), ids[body]
            found.append(bare)
        return found

    @staticmethod
    def one_id_a_club(text: str, orgs: list[OrgName], ids: dict, teams, provinces: dict) -> None:
        """One org_id for the names an article gives one club: with or without its club words ("CLB
        HAGL", "HAGL"; "Hà Nội FC", "Hà Nội"), the first one's; and a club named by its place alone
        ("Hà Nội thắng 2-0") is the article's one club whose fuller name holds that place ("SHB Đà
        Nẵng"). Two clubs of one place in an article ("SHB Đà Nẵng", "Hoàng Thư Đà Nẵng"): left apart."""
        first = {}
        for org in orgs:
            if org.rule.startswith("team "):
                ids[org] = first.setdefault(club_words_in_id().sub("", ids[org]), ids[org])

        def place(team) -> str:
            province = provinces.get(team.place)
            return fold(text[province.start_char:province.end_char] if province is not None else team.name)

        by_span = {(org.start, org.end): org for org in orgs if org.rule.startswith("team ")}
        fuller, alone = {}, []
        for team in teams:
            org = by_span.get((team.start, team.end))
            if org is None or team.place is None:
                continue
            if team.rule.startswith("place+"):   # named by its place alone
                alone.append((place(team), org))
            else:
                fuller.setdefault(place(team), set()).add(ids[org])
        for where, org in alone:
            clubs = fuller.get(where, ())
            if len(clubs) == 1:
                ids[org] = next(iter(clubs))

    def needs_context(self, text: str, org: OrgName, name: tuple[str, str]) -> bool:
        """True for a bare name that names no body unless the article names the fuller one
        ("Ban Chỉ đạo" alone; organizations.yaml, fields with `needs_context`)."""
        entry = self.grammar.fields.get(fold(org.field)) if org.field and org.bare else None
        if not (entry and entry.get("needs_context") and not org.programme and not org.about):
            return False
        written = text[org.start:org.end].split()
        # "Ban chỉ đạo cơ cấu lại ...": written in lower case, a new committee the fuller name is not
        return not name[1].endswith("+context") or written[-1][:1].islower()

    def in_context(self, org: OrgName, described: tuple, name: tuple[str, str], text: str, countries: list,
                   abroad: bool) -> tuple:
        """(kind, country, level) read in the article's context.

        A Vietnamese body named bare ("Quốc hội", "Chính phủ", "Sở Thống kê") in an article about
        abroad, or in a sentence that names a foreign country, may be any country's: no country, no
        level ("đề nghị Chính phủ Bê-la-rút", "đa số trong Quốc hội" of France). A foreign
        government or embassy, or a foreign ministry of foreign_orgs.csv, is a donor only in a sentence
        about aid (organizations.yaml `aid_cues`, `donor_when_giving`).
        """
        kind, country, level = described
        # (the sentence is read only for the two questions below that most names never reach)
        if kind == "bilateral_donor" and not self.gives_aid(text, org, *_sentence(text, org)) and (
                (org.head and self.grammar.by_name[org.head].get("foreign_kind"))
                or (org.known is not None and fold(text[org.start:org.end]).startswith(self.grammar.giving_heads))):
            return "state", country, level
        completed = name[1].endswith(("+context", "+own-province")) or org.own_level is not None
        if country != "VN" or not org.head or org.where is not None or org.owner is not None or org.known is not None \
                or completed or kind not in ("state", "party") or _VIETNAM_AFTER.match(text, org.end) \
                or self.grammar.fields.get(fold(org.field or ""), {}).get("vietnamese"):
            return described   # (Vietnam's body where the text says so: "Bộ Ngoại giao Việt Nam" beside "Bộ Quốc phòng Mỹ";
            # or where only Vietnam's is named so: "Bộ Nông nghiệp và Phát triển nông thôn" beside "Indonesia")
        start, end = _sentence(text, org)
        first = bisect.bisect_left(countries, (start, start))   # the first country named in the sentence
        if not abroad and not (first < len(countries) and countries[first][1] <= end):
            return described
        return kind, None, None

    def gives_aid(self, text: str, org: OrgName, start: int, end: int) -> bool:
        """True if the sentence has the body give aid: an aid word after it ("Chính phủ Nhật Bản
        tài trợ"), or one before it when "do", "của" or "từ" introduce it ("viện trợ của Chính phủ Úc");
        not "lực lượng ủng hộ Chính phủ Syria" (support)."""
        if self.grammar.aid_cue_re.search(text, org.end, end):
            return True
        return bool(_GIVER_BEFORE.match(text, start, org.start)) and bool(self.grammar.aid_cue_re.search(text, start, org.start))

    def row(self, org: OrgName, name: tuple[str, str], org_id: str, described: tuple, acronyms: dict) -> Match:
        """``acronyms``: org_id -> the short form the article defines for that body."""
        kind, country, level = described
        return Match(org.start, org.end, {
            "name": name[0], "acronym": self.acronym(name[0], org, acronyms.get(org_id)), "org_id": org_id,
            "kind": kind, "country": country, "level": level, "head": org.head or None,
        }, rule=org.rule + name[1])

    def describe_all(self, orgs: list[OrgName], ids: dict, text: str, sport: bool = False) -> dict[str, tuple]:
        """(kind, country, level) per org_id: one body has one kind. A known organization's
        (foreign_orgs.csv) wins, then a name the grammar read, then a Latin name or a list
        member (a foreign NGO when the list says so); a short form has none of its own. A department of a head whose
        kind is its owner's (`kind_after_comma`) with no owner read takes the kind of the body after its comma or dash
        ("Khoa Hóa học, Trường Đại học Khoa học Tự nhiên": education). In team-sport news (``sport``) a Latin name after
        a club's head is a club ("CLB Chelsea": `sport_kind`)."""
        best: dict[str, tuple[tuple, tuple]] = {}
        starts = {org.start: org for org in orgs}
        for org in orgs:
            if org.rule in ("short form defined in text", "name written again"):
                continue
            if org.known is not None or org.head:
                rank, described = (0 if org.known is not None else 1), describe(org, self.grammar)
                joint = org.owner is None and self.grammar.by_name.get(org.head, {}).get("kind_after_comma") \
                    and _DEPARTMENT_JOINT.match(text, org.end)
                parent = starts.get(joint.end()) if joint else None
                if parent is not None and parent.head:
                    described = (describe(parent, self.grammar)[0] or described[0], *described[1:])
                if sport and org.latin and org.head in self.grammar.sport_kind:
                    described = (self.grammar.sport_kind[org.head], *described[1:])
            else:
                rank, described = 2, ("foreign_ngo" if org.latin else "other" if org.rule.startswith("team ") else None,
                                      None, None)
            identity, rank = ids[org], (rank, described[2] is None)   # (of equal rank, the mention that tells the level)
            if described[0] and (identity not in best or rank < best[identity][0]):
                best[identity] = (rank, described)
        return {identity: described for identity, (_, described) in best.items()}

    def short_forms(self, text: str, orgs: list[OrgName], names: dict, ids: dict):
        """Short forms defined in brackets (not mentions of their own), then their other
        mentions, with the name and identity of the body they stand for."""
        defined, brackets = {}, []
        by_span = {(org.start, org.end): org for org in orgs if org.known is not None}
        for org in orgs:
            # a bracket after a bare acronym ("ASEAN (RSG)") names something longer, not the acronym's body
            written_acronym = org.known is not None and text[org.start:org.end].isupper()
            short = org.inner_short or (None if written_acronym else self.grammar.short_form(text, names[org][0], org.end))
            if not short and not written_acronym:
                short = self.known_short_form(text, org, by_span)
            if short:
                start = text.index(short, org.start if org.inner_short else org.end)
                known = by_span.get((start, start + len(short)))
                if _two_known(org, known):
                    continue   # two known bodies: "Tổ chức Lương thực và Nông nghiệp của Liên hợp quốc (FAO)"
                brackets.append((start, start + len(short)))
                if known is not None and org.known is None:   # "Cơ quan Viện trợ ... Hoa Kỳ (USAID)": USAID
                    self._take_identity(ids, ids[org], ids[known])
                defined.setdefault(short, (names[org][0], ids[org]))
        bracketed = [org for org in orgs if (org.start, org.end) in brackets]
        orgs = [org for org in orgs if (org.start, org.end) not in brackets]
        again, kinds = self.names_written_again(text, orgs, names, ids)
        if defined or again:
            extra = self.written_mentions(text, defined, again, kinds, brackets, names, ids)
            # (a club the team reader found alone is the body the article named with its head: "Chelsea" after "CLB Chelsea")
            orgs = sorted(non_overlapping(orgs + extra, prefer=lambda o: (-(o.end - o.start), o.start, o.full is None,
                                                                          o.rule.startswith("team"))),
                          key=lambda o: o.start)
        return orgs, defined, [org for org in bracketed if org.known is not None]

    def written_mentions(self, text: str, defined: dict, again: dict, kinds: dict, brackets: list, names: dict,
                         ids: dict) -> list:
        """The mentions of the short forms an article ``defined`` and of the proper names it writes ``again`` (of bodies
        of ``kinds``), each with the name and org_id of its body (set in ``names`` and ``ids``); not in ``brackets`` nor
        a credit."""
        extra = []
        for start, end in words_at(text, {**again, **defined}, _ALONE_BEFORE, _ALONE_AFTER):
            written = text[start:end]
            name, identity = defined.get(written) or again[written]
            if written not in defined:   # "Kaspersky Lab cho biết" after "hãng bảo mật Kaspersky Lab"
                if _CAPITAL_WORD_AROUND.match(text, max(0, start - 30), start) or _CAPITAL_NEXT.match(text, end) \
                        or _OPEN_BRACKET.match(text, max(0, start - 3), start):
                    continue   # part of a longer name, or another's name in brackets
                org = OrgName(start, end, "", full=name, rule="name written again")
            elif (country := self.grammar.country_at(text, end)) and not name.endswith(" " + country.group().strip()):
                continue   # "LĐBĐ Myanmar" after "Liên đoàn Bóng đá (LĐBĐ) Indonesia": another country's body
            else:   # "Cục NTBD": the head before the short form is the mention's
                head_start = _with_head(text, start, name)
                if head_start == start and _abbreviates_field(written, name):
                    continue   # "quyền SHTT" after "Cục Sở hữu trí tuệ (SHTT)": the field, no body
                org = OrgName(head_start, end, "", full=name, rule="short form defined in text")
            if (start, end) not in brackets and not self.is_credit(text, org, kinds.get(written)):
                extra.append(org)
                names[org], ids[org] = (name, ""), identity
        return extra

    def names_written_again(self, text: str, orgs: list[OrgName], names: dict,
                            ids: dict) -> tuple[dict[str, tuple[str, str]], dict[str, str | None]]:
        """{proper name: (body's name, org_id)} of the bodies the article names with a head or a descriptor and a
        foreign proper name ("hãng bảo mật Kaspersky Lab", "công ty chế tạo máy Uralvagonzavod", "Tập đoàn Vingroup"),
        whose proper name written alone elsewhere in the article is that body ("Kaspersky Lab cho biết"; review of batch
        articles, stop 43); a Vietnamese proper name is none ("Công ty Hoàng Long": "Hoàng Long" is also a person)."""
        found, kinds = {}, {}
        for org in orgs:
            written = org.open_name
            if written and org.latin and org.head and len(written) > 3 and text[org.start:org.end] != written \
                    and fold(written) not in self.grammar.places_abroad \
                    and not self.grammar.is_country(written) \
                    and not self.grammar.names_a_country(text, org.end - len(written), org.end):
                found.setdefault(written, (names[org][0], ids[org]))
                kinds.setdefault(written, describe(org, self.grammar)[0])
        # a name a person or a place is also called by is no body's ("ông Trump" beside "Tổ chức Trump", "huyện Krông Ana",
        # "Đại học San Jose" beside "ở San Jose, California")
        return {written: body for written, body in found.items()
                if not any(_NOT_A_BODY_CUE.match(text, max(0, start - 20), start) or self.place_after(text, end)
                           for start, end in words_at(text, [written], _ALONE_BEFORE, _ALONE_AFTER))}, kinds

    def place_after(self, text: str, end: int) -> bool:
        """True where a comma and a city or a state abroad follow ``end`` ("San Jose, California"; not a country:
        "(Công ty Pacific Crystal, Trung Quốc)" is the company's)."""
        place = _PLACE_AFTER.match(text, end)
        return place is not None and fold(place.group(1)) in self.grammar.places_abroad

    @staticmethod
    def known_short_form(text: str, org: OrgName, by_span: dict) -> str | None:
        """A known acronym in brackets right after a name, however it is capitalised, defines it: the
        name's own ("Cục dự trữ liên bang Mỹ (Fed)"), or any after a name the grammar read ("Ngân hàng
        TMCP Công Thương (VietinBank)")."""
        opening = _KNOWN_BRACKET.match(text, org.end)
        if not opening:
            return None
        inside = text[opening.end():text.find(")", opening.end())]
        known = by_span.get((opening.end(), opening.end() + len(inside)))
        if known is None or not known.known.is_acronym:
            return None
        return None if _two_known(org, known) else inside

    @staticmethod
    def _take_identity(ids: dict, old: str, new: str) -> None:
        """Every name of the body ``old`` becomes the body ``new``."""
        for org, identity in ids.items():
            if identity == old:
                ids[org] = new

    def join_shortened(self, orgs: list[OrgName], ids: dict) -> None:
        """A foreign proper name that opens the longer one of the article's one other body is that body, shortened
        ("hãng hàng không Etihad" after "Hãng hàng không Etihad Airways"): both take the longer one's identity; not
        where the longer goes on with a Vietnamese word or a country ("HTX Raiffeisen CHLB Đức", a federation)."""
        latin = [org for org in orgs if org.latin and org.open_name]
        for org in latin:
            longer = {ids[other] for other in latin if other.open_name.startswith(org.open_name + " ")
                      and (rest := other.open_name[len(org.open_name) + 1:]).isascii() and not self.grammar.is_country(rest)}
            if len(longer) == 1 and ids[org] not in longer:
                self._take_identity(ids, ids[org], longer.pop())

    def link_brackets(self, text: str, orgs: list[OrgName], ids: dict) -> None:
        """A name followed by another in brackets is one body ("Quỹ từ thiện Zhishan (Zhishan
        Foundation, Đài Loan)", "Tổ chức Tầm nhìn Thế giới (World Vision)"): both take the
        identity of the known one, else of the first. Two Vietnamese names read by the grammar are
        a unit and its parent ("Cục Y tế dự phòng (Bộ Y tế)"), two known bodies are two ("... của
        Liên hợp quốc (FAO)")."""
        opening = _OPENING
        for first, second in zip(orgs, orgs[1:]):
            translation = not (first.head and second.head) or first.latin or second.latin
            if _two_known(first, second):
                continue
            if translation and opening.match(text[first.end:second.start]) and ids[first] != ids[second]:
                identity = ids[second] if second.known is not None and first.known is None else ids[first]
                old = {ids[first], ids[second]}
                for org in orgs:
                    if ids[org] in old:
                        ids[org] = identity

    def apply_classifiers(self, orgs: list[OrgName], names: dict, ids: dict) -> None:
        """A classifier ("tổ chức") belongs to a name as the article writes it inside sentences
        ("Tổ chức Children of Vietnam", then "COV" too; "tổ chức WVI" -> "Tầm nhìn Thế giới")."""
        for identity, classifier in self.classifier_use(orgs, ids).items():
            for org in orgs:
                if ids[org] != identity or (org.head and org.head not in self.grammar.classifiers):
                    continue
                base = names[org][0]
                for head in self.grammar.classifiers:   # "Tổ chức Tầm nhìn Thế giới" -> "Tầm nhìn Thế giới"
                    if base.startswith(head + " "):
                        base = base[len(head) + 1:]
                name = f"{classifier} {base}" if classifier and not base.startswith(classifier + " ") else base
                names[org] = (name, names[org][1] + ("+context" if name != names[org][0] else ""))

    def classifier_use(self, orgs: list[OrgName], ids: dict) -> dict[str, str | None]:
        """org_id -> the classifier to write before its name ("Tổ chức") or None, by the
        majority of its mentions inside sentences; mentions at a sentence start only count if alone."""
        votes, alone = {}, {}
        for org in orgs:
            if org.head in self.grammar.classifiers and org.open_name:
                if org.in_name is None:
                    alone[ids[org]] = org.head
                else:
                    votes.setdefault(ids[org], Counter())[org.head if org.in_name else None] += 1
        decided = {}
        for identity, count in votes.items():
            ranked = count.most_common()
            tie = len(ranked) > 1 and ranked[0][1] == ranked[1][1]
            decided[identity] = next(c for c in count if c) if tie else ranked[0][0]
        return {**alone, **decided}

    def unify(self, orgs: list[OrgName], names: dict, ids: dict) -> None:
        """One name per body of a known organization (or one named in brackets): the first
        name the article writes for it, short forms and acronyms left out; a foreign name shortened is its body's
        (:meth:`join_shortened`)."""
        self.join_shortened(orgs, ids)
        groups: dict[str, list[OrgName]] = {}
        for org in orgs:
            groups.setdefault(ids[org], []).append(org)
        for members in groups.values():
            if len(members) < 2 or not any(o.known is not None or o.full for o in members):
                continue
            written = [names[o][0] for o in members if not (o.known is not None and o.known.is_acronym)
                       and o.rule != "short form defined in text"]
            if written:   # the name the article introduces it with
                best = written[0]
                for org in members:
                    if names[org][0] != best:
                        names[org] = (best, names[org][1] + "+context")

    def acronym(self, name: str, org: OrgName, defined: str | None) -> str | None:
        """The short form: defined in the text, the known organization's, or the head's ("UBND tỉnh Thái Bình")."""
        found = defined
        if not found and org.known is not None:
            found = org.known.org.acronym
        short_head = self.grammar.head_short.get(org.head)
        if not found and short_head and name.startswith(org.head):
            found = short_head + name[len(org.head):]
        return found


def countries_named(countries: list[tuple[int, int]], orgs: list[OrgName], text: str) -> list[tuple[int, int]]:
    """The countries named outside the bodies' names and outside people's names: "Vụ Pháp chế" (the legal
    department) names no France, "Công ty TNHH Xử lý nước Trâm Anh", "Nguyễn Tuấn Anh", "Lê Minh Đức" no England nor
    Germany, and a bare body in their sentence stays the country's (review of batch articles, stops 42 and 54); a
    body's own country ("Bộ Ngoại giao Pháp") stays a country named; a name that is another word where it is written
    (``organizations.yaml`` ``country_as_word``: "Anh kê khai sai", "Ý kiến") names none."""
    inside = Taken.covering([(org.start, org.end) for org in orgs if not _has_country(org)])
    name, as_word = _surname_before(), _country_as_word()
    return [(start, end) for start, end in countries if not inside.overlaps(start, end)
            and not name.match(text, max(0, start - 40), start) and not as_word(text, start, end)]


@patterns.resource
def _surname_before() -> regex.Pattern:
    """A Vietnamese family name (``officials.yaml`` ``surnames``) and up to two capitalised words, ending where a
    country's name starts: that name is a person's given name."""
    surnames = alternation(map(regex.escape, patterns.load_yaml("officials.yaml")["surnames"]))
    return ending(rf"(?<![\p{{L}}])(?:{surnames})(?:[^\S\n]+\p{{Lu}}\p{{Ll}}*){{0,2}}[^\S\n]+\Z")


@patterns.resource
def _country_as_word():
    """``as_word(text, start, end)``: whether the country's name at ``start``-``end`` is another word there: an
    opening pronoun or a compound (``organizations.yaml`` ``country_as_word``), or a name that is also a given name or a
    word (``countries.csv`` ``needs_cue``) ending a longer proper name after a capitalised word that opens no sentence
    ("huyện Tuy Đức", "xã Hoài Đức", "Cty Trâm Anh"; review of batch articles, stop 54)."""
    spec = patterns.load_yaml("organizations.yaml")["country_as_word"]
    opening, compound = frozenset(spec["opening"]), regex.compile(
        "(?:" + alternation(map(spelling_pattern, spec["compounds"])) + r")(?![\p{L}\p{M}\p{N}])")
    name_ends = frozenset(row["name"] for row in patterns.load_csv("countries.csv") if row.get("needs_cue") == "yes")

    def as_word(text: str, start: int, end: int) -> bool:
        written = text[start:end]
        if compound.match(text, start):
            return True
        if written in name_ends and (word := _CAPITALISED_BEFORE.match(text, max(0, start - 30), start)) \
                and not at_sentence_start(text, word.start()):
            return True
        return written in opening and bool(_LOWER_WORD_AFTER.match(text, end)) and at_sentence_start(text, start)

    return as_word


_LOWER_WORD_AFTER = regex.compile(r"[^\S\n]+\p{Ll}")
_CAPITALISED_BEFORE = ending(r"(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{Ll}\p{M}]*[^\S\n]+\Z")


def _has_country(org: OrgName | None) -> bool:
    """Whether a body, or the body it belongs to, is placed in a country ("Ủy ban Quân vụ Hạ viện Hoa Kỳ")."""
    return org is not None and (org.where is not None and org.where.country is not None or _has_country(org.owner))


def _abbreviates_field(short: str, name: str) -> bool:
    """Whether a short form spells the initials of its body's name without the head, not with it: "SHTT" of "Cục Sở hữu
    trí tuệ" is intellectual property, written alone ("quyền SHTT"); the body is "Cục SHTT" (review of batch articles,
    stop 55)."""
    initials = [word[0].upper() for word in name.split() if word[0].isalpha()]
    return len(initials) > 2 and short.upper() == "".join(initials[1:]) != "".join(initials)


def _with_head(text: str, start: int, name: str) -> int:
    """Where a short form's mention starts: before the first words of its body's name written right before it
    ("Cục NTBD" for "Cục Nghệ thuật biểu diễn (NTBD)"; review of batch articles, stop 42), else at the short form."""
    before = text[max(0, start - 40):start].lower()
    words = name.lower().split()
    for size in range(min(3, len(words) - 1), 0, -1):
        head = " ".join(words[:size]) + " "
        if before.endswith(head) and (len(before) == len(head) or not before[-len(head) - 1].isalnum()):
            return start - len(head)
    return start
