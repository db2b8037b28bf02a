"""Subjects: whom or where a figure belongs to (``patterns/subjects.yaml``), with where it was read.

Places are the provinces of the gazetteer, provincial bodies (their province), the country
("Việt Nam": "cả nước", "toàn quốc"), a place abroad (``patterns/countries.csv``) and an
unnamed "tỉnh" (the province of the context). The nearest place wins, looked for in ever
wider parts of the text, and the part it was found in is the ``source``:

0. ``clause``: a single place written right after the figure, or after "ở" / "tại" ("mức 2.200
   USD ở Malaysia"), whatever the clause named before it;
1. ``clause``: the figure's comma segment (a breakdown: "trong đó Nghệ An hơn 5,2 triệu
   USD"), then its clause, unless the clause is about several provinces ("tại 4 tỉnh",
   "các tỉnh Hà Tĩnh, Quảng Bình") - then the subject is empty and the scope ``multi``;
2. ``sentence``: the same over the sentence; an organization the figure belongs to ("ngân
   sách hoạt động của EMW") when the sentence names no place;
3. ``paragraph``: the place of the nearest earlier sentence of the paragraph that names one;
4. ``headline`` / ``article``: the place of the headline or lead;
5. ``source``: the province of the site the article came from (``patterns/sources.csv``);
6. ``sentence``: an organization of the sentence, where nothing names a place: not a state or
   party body (it approves, proposes, fines or reports the figures near it; its own figure is
   read after "của"), not the lister of a quoted price ("giá vàng ... của Công ty SJC niêm yết ở
   mức ...": the market's), not a body of another clause or list item with an amount of its own.

A place written right after an organization ("Plan International tại Việt Nam", "WWF-Việt
Nam") is where that body works, not the figure's place; a delegate's constituency ("đại biểu
Nguyễn Văn Cảnh (Bình Định)") is no place of the figures either, and a body that speaks or is
named as the source ("cho biết", "theo Tổng cục Thống kê") is not their subject. Where a person
lives ("ngụ tỉnh Kiên Giang") and where a company sits ("Công ty Cổ phần Triệu Sơn (Hà Nội)") are
places of their own sentence's figures only: never carried, never the article's home.

    >>> Subjects(doc, sentences, clauses).subject(start, end)
    Subject(name='Sơn La', scope='province', source='sentence', era=None)
"""
from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

import regex
from spacy.tokens import Doc

from pipeline.component import data_at, span_offsets
from pipeline.entities.org_grammar import grammar
from pipeline.entities.provinces import RESIDENT_REACH, resident_rule, resident_words
from pipeline.facts.clauses import Clauses, starts_between
from pipeline.facts.periods import comparable_lower
from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending
from pipeline.facts.sentences import Sentences
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, PhraseLists, Phrases, WordLed, literals, phrases

PLACES = ("province", "national", "foreign", "unnamed")


@dataclass(frozen=True)
class Subject:
    name: str | None
    scope: str | None      # province, national, foreign, multi, organization, team, or None
    source: str | None     # clause, sentence, paragraph, headline, article, source
    era: str | None = None


NOBODY = Subject(None, None, None)
FINE_REACH = 150   # how far around a fine, in its clause, the fined body is looked for
#: no subject, and why (``subject_source``): a criminal case's figures, a rule's scale of penalties and a private
#: person's or family's own sum take a place only from their own clause or sentence (:meth:`Subjects._beyond_sentence`)
CASE, PENALTY, PERSON = Subject(None, None, "case"), Subject(None, None, "penalty"), Subject(None, None, "person")


@dataclass
class Mention:
    """A place or organization named in the text, a candidate subject of the figures near it."""

    start: int
    end: int
    name: str | None   # None: an unnamed "tỉnh" pointing back to the province of the context
    scope: str         # province, national, foreign, unnamed or organization
    era: str | None = None
    listed: bool = False   # one of several places listed together ("Yên Bái, Lào Cai và Cao Bằng")
    body: bool = False     # read from an organization's name ("UBND tỉnh Quảng Trị")
    resident: bool = False   # where a person lives ("ngụ tỉnh Kiên Giang"), a pay scale's country: its own sentence's only
    state: bool = False      # a state or party body ("Bộ Tài chính", "Quốc hội"), a club: its own figures only after "của"
    abroad: str | None = None   # the country of a foreign state body ("Hải quân Mỹ": "Mỹ")
    seat_of: str | None = None  # the company whose seat this place is, in brackets after its name: its figures' subject

    @property
    def place(self) -> bool:
        return self.scope in PLACES


def _national_phrases(data: dict) -> list[str]:
    """The phrases that make a figure the country's: cues, the home market, the state's pay scales."""
    return data["national_cues"] + data["national_market_cues"] + data["national_own_sentence_cues"]


_PLACE_WORD = r"\p{Lu}[\p{L}\p{M}'’-]*"   # a capitalised word of a place's name abroad ("Sakarya", "Los")
_BRACKETED = rf"(?:{_PLACE_WORD}\s+){{0,3}}{_PLACE_WORD}\s*\(\s*"   # "Los Angeles (" before "Mỹ)"


def _locative(data: dict) -> str:
    """A locative before a place abroad (subjects.yaml foreign_locatives): "tại", "ở", "trên toàn"; not after a body's
    seat ("đường dây ... có trụ sở tại Hong Kong": subjects.yaml seat_words)."""
    return rf"(?<![\p{{L}}])(?<!(?i:{phrases(data['seat_words'])})\s+)(?:{phrases(data['foreign_locatives'])})\s+"


def _abroad_cue(data: dict) -> regex.Pattern:
    """What stands before a place abroad where a figure is located there: a locative ("tại Nhật Bản"), a locative and a
    part of the country ("ở miền Đông Cộng hòa Dân chủ Congo"; subjects.yaml foreign_regions), or a locative and a place
    of that country before a comma ("ở tỉnh Sakarya, Thổ Nhĩ Kỳ"; foreign_address_units; two joined by "và" and up to two
    larger ones after), the two ("ở thành phố Avignon,
    miền Nam nước Pháp"), or a place with its country in brackets ("tại Los Angeles (Mỹ)"); "nước" may open the
    country's name ("tại nước Pháp")."""
    unit = rf"(?:{phrases(data['foreign_address_units'])})\s+(?:{_PLACE_WORD}\s+){{0,3}}{_PLACE_WORD}"
    # (two places joined by "và", and up to two larger units after: "ở thành phố Kerbala và thị trấn Musayyib, tỉnh
    # Babil, Iraq": review of batch articles, stop 47)
    address = rf"(?:{unit}(?:\s+và\s+{unit})?\s*,\s*(?:{unit}\s*,\s*){{0,2}})"
    region = rf"(?:(?i:{phrases(data['foreign_regions'])})\s+)"
    owner = _after_owned(data["owned"] + data["owned_abroad"], 5)
    return ending(rf"(?:{_locative(data)}(?:{region}{address}?|{address}{region}?|{_BRACKETED})?|{owner})(?:nước\s+)?\Z")


def _after_owned(nouns: list[str], most: int) -> str:
    """Regex source: a noun of what is owned ("ngân sách", "nhập khẩu"), up to ``most`` words, then "của" before its
    owner ("ngân sách quốc phòng của", "tổng lượng nhập khẩu mặt hàng thanh long tươi của")."""
    return rf"{BEFORE}(?i:{phrases(nouns)})(?:\s+[\p{{L}}]+){{0,{most}}}\s+của\s+"


def _bracketed_abroad(data: dict) -> regex.Pattern:
    """A locative, a place and its country in brackets ("khởi hành ở Paris (Pháp)"): the place of its own sentence's
    figures only, a detail of the story, neither carried nor the article's home (stop 46: "Paris (Pháp)" in the lead of a
    history of the Dakar rally made France its home and gave the deaths of another year in Mali to later sentences)."""
    return ending(rf"{_locative(data)}{_BRACKETED}\Z")


def _regions(data: dict) -> Phrases:
    """The regions of the country after their cue ("khu vực phía Bắc", "vùng Tây Nam bộ"; ``several_regions``)."""
    regions = data["several_regions"]
    return Phrases([f"{cue} {region}" for cue in regions["cues"] for region in regions["regions"]])


def _breakdown_item(data: dict) -> tuple[regex.Pattern, regex.Pattern]:
    """(what stands before, after) a place that is an item of a breakdown (subjects.yaml ``breakdown_item``)."""
    return ending(data["breakdown_item"]["before"]), compiled(regex, data["breakdown_item"]["after"])


def _aside_rules(data: dict) -> dict:
    """The places of their own sentence only: a market abroad, a place a sentence turns to for a contrast
    (``market``, right before a place abroad), and the words that may lead either or a residence (``resident_hint``);
    what a country named in a sentence is not (``not_about_after``: a trade partner, a destination, a currency, an address
    in brackets) and the world (``world``): not the country the sentence is about (:meth:`Subjects._about_another_country`)."""
    asides = data["market_cues"] + data["contrast_cues"]
    partner = rf"(?:{BEFORE}(?i:{phrases(data['country_not_about_after'])})\s+(?:nước\s+(?:bạn\s+)?)?|\(\s*)\Z"
    return {"market": ending(rf"{BEFORE}(?i:{phrases(asides)})\s+\Z"), "resident_hint": Phrases(resident_words() + asides),
            "not_about_after": ending(partner), "world": frozenset(data["world"])}


@patterns.resource
def _subject_rules():
    data = patterns.load_yaml("subjects.yaml")
    not_after = phrases(data["national_not_after"])
    national = _Cued(Phrases(_national_phrases(data), case=True),
                     ending(rf"{BEFORE}(?i:{not_after})\s+\Z"), False)
    counters = phrases(data["multi_counters"])
    # not a count of provinces ("8 tỉnh", "các tỉnh"): that is several of them, not one in context
    unnamed = WordLed(compiled(regex, rf"{BEFORE}(?<!(?i:\d|{counters})\s+)(?:{phrases(data['unnamed_province'])}){AFTER}"
                                      r"(?!\s+\p{Lu})"), data["unnamed_province"])
    province_names = {row["name"] for row in patterns.load_csv("provinces.csv")}
    in_name = compiled(regex, r"(?:tỉnh|thành phố|TP\.?)\s+(" + literals(province_names) + r")(?![\p{L}])")
    abroad = [row["name"] for row in patterns.load_csv("countries.csv")] + [*_places_abroad()] + data["world"]
    foreign = _Cued(Phrases(abroad, case=True), _abroad_cue(data), True, 80, _breakdown_item(data))
    # a count of provinces has one or two digits ("4 tỉnh", not the year of "2019-2022 tỉnh")
    # read from the unit back: the units are found in one pass (Phrases), the count before each checked
    # (whether there is one read back from the unit, where it starts only then)
    count = rf"{BEFORE}(?<![-–/.,]\s*)(?i:\d{{1,2}}|{counters})\s+\Z"
    places = PhraseLists([national.found, foreign.found])   # the country's names and places abroad, read in one pass
    multi = (Phrases(data["multi_units"]), compiled(regex, count), ending(count),
             compiled(regex, rf"\s+(?:{phrases(data['multi_units_not_before'])})(?![\p{{L}}])"),
             ending(rf"{BEFORE}(?:{phrases(data['multi_left_out_after'])})(?:\s+[\p{{L}}\p{{M}}]+){{0,3}}\s+\Z"))
    links = "|".join(regex.escape(link) for link in data["organization_place_links"])
    attached = compiled(regex, rf"\s*(?:{links})?\s*\Z")
    source_place = ending(rf"{BEFORE}(?i:{phrases(data['source_openers'])})\s[^.;:\n]{{0,80}}\s(?:tại|ở)\s+\Z")
    after_name = _after_name(links)
    possessive = ending(_after_owned(data["owned"], 3) + r"\Z")
    listing = _listing(data, counters)
    business_name = compiled(regex, rf"(?i:{phrases(data['business_heads'])}){AFTER}")
    breakdown = compiled(regex, rf"\s*(?i:{phrases(data['clause_openers'])}){AFTER}")
    national_name = compiled(regex, phrases(data["national_cues"]))
    return data, {"places": places, "national_name": national_name, "breakdown": breakdown, **_not_owner_rules(data),
                  "business_name": business_name, "business_before": _business_before(data), "resident": resident_rule(),
                  **_aside_rules(data), "case": Phrases(data["case_cues"]), "scale": Phrases(data["scale_cues"]),
                  "national": national, "unnamed": unnamed, "unnamed_country": frozenset(data["unnamed_country_cues"]),
                  "in_name": in_name, "foreign": foreign, "multi": multi, "bracketed_abroad": _bracketed_abroad(data),
                  "attached": attached, "after_name": after_name, "source_place": source_place, "regions": _regions(data),
                  "acronym_after": compiled(regex, r"\s*\(\p{Lu}[\p{L}\p{N}&-]+\)"), "possessive": possessive, "listing": listing,
                  "right_after": compiled(regex, rf"[^\S\n]*(?:(?:{phrases(data['right_after_locatives'])})[^\S\n]+)?"),
                  "not_a_place": _not_a_place_rule(data), "both_countries": Phrases(data["both_countries"]),
                  **_holder_rules(data), **_lister_rules(data)}


def _not_a_place_rule(data: dict) -> regex.Pattern:
    """What, right before a province, makes it no place of figures: a delegate's constituency in brackets after the
    name, a photo credit, the name of the newspaper a report is taken from, a route's end ("tuyến Nước Ngầm – Hà Tĩnh")
    (an ending: asked back from the province)."""
    constituency = (rf"{BEFORE}(?i:{phrases(data['delegates'])})\s+(?:\p{{Lu}}\p{{Ll}}*\s+){{1,5}}"
                    r"\((?i:đoàn\s+)?(?:(?i:tỉnh|thành phố|TP\.?)\s*)?\Z")
    credit = rf"{BEFORE}(?:{phrases(data['credit_cues'])})[^\S\n]*:[^\n.;:]{{0,30}}\Z"
    newspaper = (rf"{BEFORE}(?<!(?i:{phrases(data['newspaper_not_after'])})[^\S\n])(?i:{phrases(data['newspapers'])})"
                 r"[^\S\n]+(?:\p{Lu}[\p{L}.]*[^\S\n]+){0,2}\Z")
    route = (rf"{BEFORE}(?:{phrases(data['route_words'])})[^\S\n]+"
             r"(?:\p{Lu}[\p{L}.]*(?:[^\S\n]*[-–—,][^\S\n]*|[^\S\n]+)){0,8}\Z")
    return ending(f"{constituency}|{credit}|{newspaper}|{route}")


def _not_owner_rules(data: dict) -> dict:
    """What makes a body named beside a figure no owner of it: it speaks ("Bộ Tài chính khẳng định",
    "Tổng Giám đốc IATA, cho biết", "Thứ trưởng Bộ LĐTB&XH Doãn Mậu Diệp cho biết"), it is the source
    ("theo hãng tin AP", "phân tích từ hãng luật Baker McKenzie"), it lists a quoted price ("niêm yết ở
    mức", "mua vào"), or it is a baseline ("so với giá tại Bệnh viện Thống Nhất")."""
    heads = phrases(data["reported_by_heads"])
    cues = [cue.lower() for cue in data["listing_cues"]]
    return {"speaks": compiled(regex, rf"\s*(?:\([^()]{{0,60}}\))?(?:\s+\p{{Lu}}[\p{{L}}.]*){{0,5}}\s*,?\s*"
                                      rf"(?:(?i:đã|đang|cũng|vừa)\s+)?(?i:{phrases(data['speech_verbs'])}){AFTER}"),
            "reported_by": ending(rf"{BEFORE}(?i:{phrases(data['reported_by'])})(?:\s+(?:{heads})(?:\s+\p{{Ll}}+){{0,2}})?\s+\Z"),
            "quotes": (compiled(regex, rf"{BEFORE}(?i:{phrases(cues)}){AFTER}"),
                       WordLed(compiled(regex, rf"{BEFORE}(?:{phrases(cues)}){AFTER}"), cues)),
            "baseline": ending(rf"{BEFORE}(?i:{phrases(data['baselines'])})(?:\s+\p{{Ll}}+){{0,3}}\s+\Z"),
            "relative": ending(rf"{BEFORE}(?i:{phrases(data['relative_markers'])})\s+\Z")}


def _holder_rules(data: dict) -> dict:
    """A private person's or family's own sum (``subjects.yaml`` ``holder_verbs``): the verb right before a figure (up to
    three words between, the window ending at the figure), the person or family before it (``family``, a person's word
    before a name, ``named``, or a pronoun, ``pronoun``, checked to stand right before the verb) and the speech verbs
    that make the person only the one who reports it."""
    pronouns = phrases(data["holder_pronouns"] + [word.capitalize() for word in data["holder_pronouns"]])
    person = (rf"{BEFORE}(?:(?P<family>(?i:{phrases(data['holder_persons'])}))"
              rf"|(?P<named>(?:{pronouns})(?=[^\S\n]+\p{{Lu}}))|(?P<pronoun>(?:{pronouns})){AFTER})")
    return {"holder_verb": compiled(regex, rf"{BEFORE}(?i:{phrases(data['holder_verbs'])})"
                                           r"(?=(?:[^\S\n]+[\p{L}\p{M}]+){0,3}[^\S\n]+\Z)"),
            "holder": compiled(regex, person),
            "not_holder_verb": ending(rf"{BEFORE}(?i:{phrases(data['holder_not_verbs'])})\Z"),
            "speech": compiled(regex, rf"{BEFORE}(?i:{phrases(data['speech_verbs'])}){AFTER}")}


def _lister_rules(data: dict) -> dict:
    """A quote of gold or of a currency (``subjects.yaml`` ``lister_goods``), the links of bodies named together, and a
    fine (``fine_cues``)."""
    return {"list_link": compiled(regex, r"\s*(?:,|và|,\s*và)\s*"),
            "fine": Phrases(data["fine_cues"] + data["not_fines"]), "not_fines": frozenset(data["not_fines"]),
            "lister_goods": compiled(regex, rf"{BEFORE}(?i:{phrases(data['lister_goods'])}){AFTER}")}


def _after_name(links: str) -> regex.Pattern:
    """A name right before a place: a capitalized word joined by "-" or "tại"/"ở" (not a currency:
    "mức 2.200 USD ở Malaysia" is the amount in Malaysia), or an acronym ("GNI Việt Nam"), or a
    foreign brand: a capitalised word of plain Latin letters with two vowel groups, which no
    Vietnamese syllable has ("Honda Việt Nam", "Habitat Việt Nam", "Oxfam Việt Nam"; not "Hoa", "Nam")."""
    currencies = {row["spelling"] for row in patterns.load_csv("currencies.csv") if row["spelling"][:1].isupper()}
    word = rf"(?<![\p{{L}}\p{{N}}&.'’])(?!(?:{literals(currencies)})\s)\p{{Lu}}[\p{{L}}\p{{N}}&.'’]*"
    brand = r"(?<![\p{L}\p{N}])[A-Z][A-Za-z]*[aeiouyAEIOUY]+[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]+[aeiouyAEIOUY][A-Za-z]*"
    return ending(rf"(?:(?:{word}|\))\s*(?:[-–]|\s(?:{links}))|(?<!\p{{Lu}})\p{{Lu}}{{2,}}\s*|{brand}[^\S\n]+)\s*\Z")


def _business_before(data: dict) -> regex.Pattern:
    """A body's head, then one to four words of its name in any case, none a preposition ("các
    ngân hàng tại Việt Nam" is a place), right before a country: "Tập đoàn xăng dầu Việt Nam",
    "Cty Đấu giá Việt Nam"."""
    return ending(rf"{BEFORE}(?i:{phrases(data['business_heads'])})"
                  r"(?:\s+(?!(?i:tại|ở|của|trong|cho|với|trên|từ|sang)\s)[\p{L}&.-]+){1,4}\s+\Z")


def _not_a_place_of_figures(text: str, start: int, end: int, province: dict, rules: dict) -> bool:
    """A province in a company's name ("Tổng Công ty Bia - Rượu - Nước giải khát Hà Nội"; a branch
    "chi nhánh tỉnh Hà Giang" is the province's), or a delegate's constituency in brackets after
    the name ("đại biểu Nguyễn Văn Cảnh (Bình Định)" speaks of the country's money). ``text[start:end]``
    is the span's text (what ``Span.text`` joins: a doc's text is its tokens and their spaces). Nor one in a photo
    credit or a newspaper's name ("Ảnh: PL TP. HCM", "theo báo Nghệ An": ``_not_a_place_rule``)."""
    if rules["business_name"].match(province.get("in_name") or "") and not text[start:end].lower().startswith("tỉnh"):
        return True
    return bool(rules["not_a_place"].match(text, max(0, start - 80), start))


def subject_rules() -> dict:
    """``patterns/subjects.yaml``."""
    return _subject_rules()[0]


def text_phrases() -> list[Phrases]:
    """The lists of phrases :class:`Subjects` reads in the whole text (see :meth:`Sentences.phrases`)."""
    rules = _subject_rules()[1]
    return [rules["resident_hint"], rules["case"], rules["multi"][0], rules["both_countries"], rules["regions"],
            rules["scale"], rules["fine"]]


@patterns.resource
def _host_provinces() -> dict[str, str]:
    """URL host -> province, for the provincial newspapers and portals of ``patterns/sources.csv``."""
    return {row["host"].lower().removeprefix("www."): row["province"]
            for row in patterns.load_csv("sources.csv") if row.get("province")}


class Subjects:
    """The candidate subjects of one doc, looked up by a figure's position."""

    def __init__(self, doc: Doc, sentences: Sentences, clauses: Clauses, headline: int = 0,
                 amounts: list[int] | None = None):
        """``headline``: the number of the headline's sentence (the lead follows it); ``amounts``: the
        starts of the amounts of money, in order (by default every figure's)."""
        data, rules = _subject_rules()
        self.amounts, self.item_reach = clauses.figures if amounts is None else amounts, data["item_reach"]
        self._quotes: list[int] | None = None   # where a listed price is quoted: found when first asked
        self.fines = [m.start() for m in sentences.phrases(rules["fine"])   # where a word of a fine stands
                      if " ".join(m.group().lower().split()) not in rules["not_fines"]]
        self.text, self.sentences, self.clauses, self.rules = doc.text, sentences, clauses, rules
        # an organization is a candidate subject of the figures of its own sentence only, and a count
        # of provinces is asked about inside a figure's sentence only: both are read near figures alone
        near_figure = _near_figures(sentences, clauses.figures)
        organizations = _organization_spans(sentences)
        clubs = {(team.start, team.end) for team in doc._.teams or ()} | _clubs_named(doc, organizations)
        mentions = _organization_mentions(organizations, rules, doc.text, near_figure, clubs)
        mentions += _not_named_abroad(_pattern_mentions(doc.text, organizations, rules), sentences, rules)
        mentions += self._province_mentions(doc, rules)
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.game_units = frozenset(data["game_units"]) if doc._.teams is not None else frozenset()   # (sport)
        self.starts = [m.start for m in self.mentions]
        _mark_lists([m for m in self.mentions if m.place and m.name and not m.body], doc.text, rules["listing"])
        self._mark_residents(sentences, rules)
        _mark_seats(self.mentions, organizations, doc.text)
        self.by_sentence = sentences.group(self.mentions)
        # where the text is about several provinces: listed ones and counts ("4 tỉnh"), found once
        units = [m for m in sentences.phrases(rules["multi"][0]) if near_figure(m.start())]
        self.two_countries = [m.start() for m in sentences.phrases(rules["both_countries"]) if near_figure(m.start())]
        self.regions = [m.start() for m in sentences.phrases(rules["regions"]) if near_figure(m.start())]
        self.several = sorted([m.start for m in self.mentions if m.listed]
                              + _counts_of_provinces(doc.text, rules["multi"], units) + self.two_countries)
        self.limit, self.holder_reach = data["carry_sentences"], data["holder_reach"]
        self._singles: dict[int, tuple[Mention | None, Mention | None]] = {}
        self.home_min = data["home_min_mentions"]
        self.lead_only = frozenset(data["home_from_lead_only"])
        self.home = self._home(range(headline, headline + data["lead_sentences"]), doc._.url, doc._.title_provinces)
        self.case = len(sentences.phrases(rules["case"])) >= data["case_min"]
        self.scales = {sentences.of(m.start()) for m in sentences.phrases(rules["scale"])}   # (a rule's penalties)

    def _mark_residents(self, sentences: Sentences, rules: dict) -> None:
        """The mentions of a place a person lives in (or a market abroad): the residence rule is tried only where one
        of its words stands shortly before (one scan)."""
        hints = [m.start() for m in sentences.phrases(rules["resident_hint"])]
        for m in self.mentions:
            reach = max(0, m.start - RESIDENT_REACH)
            near = bisect.bisect_left(hints, reach)
            m.resident = m.resident or (m.place and near < len(hints) and hints[near] < m.start
                          and bool(rules["resident"].match(self.text, reach, m.start)
                                   or m.scope == "foreign" and rules["market"].match(self.text, reach, m.start)))

    def _province_mentions(self, doc: Doc, rules: dict) -> list[Mention]:
        """The provinces of the doc that may be places of its figures, their eras kept by name (:meth:`era`)."""
        mentions, self.eras = [], defaultdict(lambda: ([], []))   # province name -> (starts, eras) of its mentions
        for start, end in span_offsets(doc, "provinces"):
            province = data_at(doc, start, end)
            if _not_a_place_of_figures(doc.text, start, end, province, rules):
                continue
            mentions.append(Mention(start, end, province["name"], "province", province.get("era")))
            starts, eras = self.eras[province["name"]]
            starts.append(start)
            eras.append(province.get("era"))
        return mentions

    def _home(self, lead_sentences: range, url: str | None, title_provinces: list | None) -> Subject:
        """The article's own place: the first province of its headline (``title_provinces``: of the title the input
        gave above a text that does not print it) or lead, else the province that has most of the article's province
        mentions (at least half), else the country or a place abroad of its headline or lead, else its site's province."""
        if title_provinces:
            name, era = title_provinces[0]
            return Subject(name, "province", "headline", era)
        lead = [(number, m) for number in lead_sentences if number < len(self.by_sentence)
                for m in self.by_sentence[number] if m.place and m.name and not m.listed and not m.resident]
        for number, place in lead:
            if place.scope == "province":
                return Subject(place.name, place.scope, "headline" if number == lead_sentences.start else "article",
                               place.era)
        named = Counter(m.name for m in self.mentions if m.scope == "province" and m.name and not m.resident)
        if named:
            name, times = named.most_common(1)[0]
            if times * 2 >= sum(named.values()) and times >= self.home_min:
                return Subject(name, "province", "article", self.era(name, 0))
        if lead:
            number, place = lead[0]
            return Subject(place.name, place.scope, "headline" if number == lead_sentences.start else "article",
                           place.era)
        host = urlsplit(url).hostname if url else None
        province = _host_provinces().get((host or "").lower().removeprefix("www."))
        return Subject(province, "province", "source") if province else NOBODY

    def earlier_place(self, number: int) -> Mention | None:
        """The last single place of the nearest earlier sentence of sentence ``number``'s paragraph
        that has one (:meth:`Sentences.carried`), at most ``carry_sentences`` back; ``_SEVERAL`` where
        the nearest such sentence lists several ("Các tỉnh, thành phố từ Đà Nẵng đến Bình Thuận ...")."""
        return self.sentences.carried(number, lambda earlier: self._single_places(earlier)[0], self.limit)

    def earlier_province(self, number: int) -> Mention | None:
        """The same for the last single province."""
        found = self.sentences.carried(number, lambda earlier: self._single_places(earlier)[1], self.limit)
        return None if found is _SEVERAL else found

    def _single_places(self, number: int) -> tuple[Mention | None, Mention | None]:
        """:func:`_last_single_places` of sentence ``number``, read once: only the sentences before
        figures are asked about."""
        found = self._singles.get(number)
        if found is None:
            found = self._singles[number] = _last_single_places(self.by_sentence[number])
        return found

    def actors(self) -> frozenset[int]:
        """The numbers of the sentences that name an organization."""
        return frozenset(number for number, here in enumerate(self.by_sentence)
                         if any(m.scope == "organization" for m in here))

    def within(self, start: int, end: int) -> list[Mention]:
        return self.mentions[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]

    def subject(self, start: int, end: int, kind: str = "money", unit: str | None = None) -> Subject:
        """What the figure at ``start:end`` (a fact of ``kind``, in ``unit``) belongs to (see the module
        docstring); a game's own count in sports news (``subjects.yaml`` ``game_units``) is a team's."""
        if kind == "count" and unit in self.game_units:
            return Subject(None, "team", None)
        if kind == "count" and _countries_listed(self.text, end, unit):   # "ba nước Nga, Iran và Thổ Nhĩ Kỳ"
            return Subject(None, "multi", "clause")
        number, segment, clause = self.sentences.of(start), self.clauses.segment(start), self.clauses.clause(start)
        if (written_after := self._right_after(end)) is not None:
            return self._resolved(written_after, "clause", number)
        if (body := self._lister(number, start, clause) or (self._fined(start, clause) if kind == "money" else None)) \
                is not None:
            return Subject(body.name, "organization", "clause" if body.start >= clause[0] else "sentence")
        weak = None   # (a person's home in the figure's clause, its source): taken if the sentence names no other place
        for source, part in (("clause", segment), ("clause", clause), ("sentence", self.sentences.spans[number])):
            here = self._here(part, source, clause)
            places, others = self._candidates(here, start, end)
            found = _nearest(places, start, end, after=False)
            if self._about_several(part) or (found is None and source != "sentence" and len(others) > 1):
                return self._several(here, part, source, number)
            # past its own clause, a place after the figure is another clause's (a breakdown)
            found = found or _nearest(places, start, end, after=source != "sentence")
            if found is None and source == "clause" and starts_between(self.regions, *part):
                return Subject(None, "multi", source)   # "khu vực phía Bắc", "vùng Tây Nam bộ": several provinces
            if found is not None and found.resident:   # a person's home: the figure's where no other place is nearer
                found = _nearest([m for m in places if not m.resident], start, end, after=False) or found
                if found.resident:
                    weak = weak or (found, source)
                    if source != "sentence":
                        continue
                    found, source = weak
            if found is not None:
                return self._resolved(found, source, number)
            if source == "sentence" and not self._listed(clause):
                owner = self._owner(here, clause, start)
                if owner is not None:
                    return Subject(owner.name, "organization", "sentence")
        if weak is not None:
            return self._resolved(weak[0], weak[1], number)
        return self._beyond_sentence(number, start, end, clause, kind)

    def _here(self, part: tuple[int, int], source: str, clause: tuple[int, int]) -> list[Mention]:
        """The mentions of a part of the figure's sentence; in the whole sentence, where the figure's clause brings in its
        own actor ("...; UNDP và FAO phối hợp ... 4,5 triệu USD"), not a place of another clause with a figure of its own."""
        here = self.within(*part)
        if (source == "sentence" and any(m.scope == "organization" for m in self.within(*clause))
                and not self.rules["breakdown"].match(self.text, clause[0])):
            here = [m for m in here if clause[0] <= m.start < clause[1] or not self.clauses.has_figure(m.start)]
        return here

    def _several(self, here: list[Mention], part: tuple[int, int], source: str, number: int) -> Subject:
        """The subject of a figure whose part of the sentence names several places: "nằm rải rác tại 23 tỉnh thành trên
        cả nước" are the country's, in the figure's own clause of a sentence that names no country abroad; else multi."""
        national = self._country_of_several(here, part, source)
        if national is not None and not self._names_another_country(number, None):
            return self._resolved(national, source, number)
        return Subject(None, "multi", source)

    def _right_after(self, end: int) -> Mention | None:
        """A single named place written right after the figure, or after "ở" / "tại": the figure's
        ("cao hơn nhiều so với mức 2.200 USD ở Malaysia", whatever the clause named before)."""
        number = bisect.bisect_left(self.starts, end)
        following = self.mentions[number] if number < len(self.mentions) else None
        if following is None or not following.place or not following.name or following.listed or following.resident:
            return None
        return following if self.rules["right_after"].fullmatch(self.text, end, following.start) else None

    def _beyond_sentence(self, number: int, start: int, end: int, clause: tuple[int, int],
                         kind: str = "money") -> Subject:
        """For a figure whose sentence names no place: an earlier sentence's, the home province's or, for an amount, an
        organization's of the sentence (a count or a percent near a body is seldom the body's: "hai nhà ngoại giao Nga"
        beside "Bộ Ngoại giao Nga", a survey's "90%" beside the WHO); none in the report of a criminal case (its sums are
        persons', not a place's or a body's merely named), nor in a sentence that states a rule's scale of penalties."""
        if self.case or number in self.scales:
            return CASE if self.case else PENALTY
        if kind == "money" and self._private(number, start):
            return PERSON
        # the place of an earlier sentence, unless this one brings in an organization (another
        # actor, whose figure is the article's unless its sentence says where), and only in an
        # article that has a place of its own: in a round-up of world or general news ("chứng khoán
        # tại Mỹ ...", then a gold price) the place of one item is not the next one's
        carried = self.earlier_place(number) if self.home.name else None
        if carried is not None and carried.scope == "national" and self._about_another_country(number):
            return NOBODY   # (nor the article's province: "ở đội tuyển Thái Lan ... 2 huy chương vàng")
        if carried is not None and carried.scope == "foreign" and self._names_another_country(number, carried.name):
            carried = None
        if carried is not None and not any(m.scope == "organization" for m in self.by_sentence[number]):
            return Subject(carried.name, carried.scope, "paragraph", carried.era)   # (scope "multi": several)
        if self.home.scope == "province" and not (kind in self.lead_only and self.home.source == "article"):
            return self.home
        if kind in ("count", "percent"):
            return self._abroad(number, start, end) if kind == "percent" else NOBODY
        # an organization written before the figure, or after it in its own clause (not one of a
        # later item of a list: "...; dự án Điện Nghi Sơn 2, trị giá 2,793 tỷ USD; ...; thỏa thuận
        # hợp tác giữa Tập đoàn TH và ...")
        if self._listed(clause):
            return NOBODY
        # not a state or party body merely named (it approves, proposes, fines, supervises or
        # reports the figures near it), nor a body of another clause with a figure of its own
        # ("giá trúng thầu tại Bệnh viện Thống Nhất gần 11 triệu đồng, còn cung ứng cho Viện Huyết
        # học là gần 17 triệu đồng")
        organizations = [m for m in self.by_sentence[number] if m.scope == "organization" and not m.state
                         and m.start < clause[1] and self._may_own(m, clause, end)]
        # (one that starts inside the figure is neither before nor after it: "Hội nghị 5 Ban Chấp
        # hành Trung ương" read as a count)
        nearest = _nearest(organizations, start, end)
        return Subject(nearest.name, "organization", "sentence") if nearest else self._abroad(number, start, end)

    def _private(self, number: int, start: int) -> bool:
        """Whether the amount at ``start`` is a private person's or family's own sum (``subjects.yaml``
        ``holder_verbs``): "mỗi năm cho thu lãi hơn 200 triệu đồng" after "Gia đình chị Nguyễn Thị Phương"."""
        low = self.sentences.spans[number][0]
        verbs = list(self.rules["holder_verb"].finditer(self.text, max(low, start - 40), start))
        if not verbs or self.rules["not_holder_verb"].match(self.text, low, verbs[-1].end()):
            return False
        verb = verbs[-1].start()
        persons = list(self.rules["holder"].finditer(self.text, max(low, verb - self.holder_reach), verb))
        if not persons:
            return False
        person = persons[-1]
        between = self.text[person.end():verb]
        if person.lastgroup == "pronoun" and (len(between.split()) > 2 or not between.islower() and between.strip()):
            return False   # a pronoun is the actor only right before its verb ("anh đã đầu tư")
        return (";" not in between and not self.rules["speech"].search(self.text, person.end(), verb)
                and not any(m.end > person.start() for m in self.within(max(low, person.start() - 80), verb)))

    def _names_another_country(self, number: int, carried: str | None) -> bool:
        """Whether sentence ``number`` writes a country or a place abroad other than ``carried``, the place an
        earlier sentence would give its figures ("Hàn Quốc đang theo đuổi mục tiêu tài trợ ... 100 triệu USD cho 13
        nước" after sentences on North Korea): that country, whatever words stand before it, is what it is about."""
        start, end = self.sentences.spans[number]
        return any(_one_name(" ".join(m.group().split())) != carried
                   for m in self.rules["foreign"].found.finditer(self.text[start:end]))

    def _about_another_country(self, number: int) -> bool:
        """Whether sentence ``number`` is about a country abroad: it names one and not Việt Nam, the country not a trade
        partner, a destination or a currency (``subjects.yaml`` ``country_not_about_after``: "xuất khẩu sang Trung Quốc"),
        nor an address in brackets ("thành phố Bằng Tường (Quảng Tây)"), the world, a person's name or a language."""
        start, end = self.sentences.spans[number]
        if self.rules["national_name"].search(self.text, start, end):
            return False
        world, partner = self.rules["world"], self.rules["not_about_after"]
        return any(m.group() not in world and not partner.match(self.text, max(0, start + m.start() - 20), start + m.start())
                   for m in _countries_written(self.text, start, end, self.rules["foreign"]))

    def _abroad(self, number: int, start: int, end: int) -> Subject:
        """For an amount or a percent whose sentence names no place nor (an amount) a body of its own: the
        country of a foreign state body of the sentence, its government, army, police or ministry ("Hải quân
        Mỹ đã bổ sung ngân sách cải tạo 16,42 triệu USD", "chính phủ Afghanistan chỉ còn kiểm soát 57% lãnh
        thổ"). Not of a count: in world news a country's body counts what it meets abroad or its allies
        ("Bộ Quốc phòng Nga ... tiêu diệt 180 tay súng" in Syria; of 80 batch counts read, a third wrong)."""
        abroad = _nearest([m for m in self.by_sentence[number] if m.abroad], start, end)
        return Subject(abroad.abroad, "foreign", "sentence") if abroad is not None else NOBODY

    def _may_own(self, mention: Mention, clause: tuple[int, int], end: int) -> bool:
        """Whether a body named in a figure's sentence may be its owner: not one of another clause
        that has an amount of its own, not one written after the figure with an amount right after
        it (a later item of a list: "Công ty TNHH xăng dầu Hồng Đức (-18 tỷ đồng) và Công ty TNHH
        Petro Bình Minh (-14 triệu đồng)"; ``subjects.yaml`` ``item_reach``) or after "mà" (a relative clause on
        another amount: "..., số tiền mà Head tài trợ"), not a baseline ("đắt
        gấp 5,8 lần so với giá tại Bệnh viện Thống Nhất")."""
        if mention.start < clause[0] and self._amount_in(*self.clauses.clause(mention.start)):
            return False
        if mention.start >= end and (self._amount_in(mention.end, min(clause[1], mention.end + self.item_reach))
                                     or self.rules["relative"].match(self.text, max(0, mention.start - 8), mention.start)):
            return False
        return not self.rules["baseline"].match(self.text, max(0, mention.start - 40), mention.start)

    def _amount_in(self, low: int, high: int) -> bool:
        return starts_between(self.amounts, low, high)

    def _listed(self, clause: tuple[int, int]) -> bool:
        """Whether the figure's clause quotes a listed price or rate ("giá vàng ... của Công ty SJC niêm
        yết ở mức ...", "mua vào", "tỷ giá"): the lister is not its subject (``subjects.yaml``
        ``listing_cues``), unless the quote is of gold or a currency (:meth:`_lister`)."""
        if self._quotes is None:
            self._quotes = _quoted(self.text, self.sentences.lowered, *self.rules["quotes"])
        return starts_between(self._quotes, *clause)

    def _lister(self, number: int, start: int, clause: tuple[int, int]) -> Mention | None:
        """The dealer or bank that lists the price of gold or the rate quoted at ``start`` (its clause holds a listing cue,
        :meth:`_listed`; its sentence names gold or a currency, ``subjects.yaml`` ``lister_goods``): the body, not a state
        one, named before the figure in its sentence, no ";" between, and alone there ("giá vàng SJC 1kg của Công ty ...
        Vàng bạc đá quý Sài Gòn niêm yết ở mức 36,180 – 36,380 triệu đồng/lượng"); none where several are named together
        ("cả 3 ngân hàng Vietcombank, VietinBank và BIDV cùng mua vào là 22.670 đồng/USD")."""
        if not self._listed(clause) or not self.rules["lister_goods"].search(self.text, *self.sentences.spans[number]):
            return None
        low = self.sentences.spans[number][0]
        low = max(low, self.text.rfind(";", low, start) + 1)
        last, before = None, None   # the two nearest bodies before the figure (read back: linear in a long sentence)
        for index in range(bisect.bisect_left(self.starts, start) - 1, bisect.bisect_left(self.starts, low) - 1, -1):
            m = self.mentions[index]
            if m.scope == "organization" and not m.state and m.end <= start:
                last, before = (m, None) if last is None else (last, m)
                if before is not None:
                    break
        if last is None or before is not None and before.name != last.name and \
                self.rules["list_link"].fullmatch(self.text, before.end, last.start):
            return None
        return last

    def _fined(self, start: int, clause: tuple[int, int]) -> Mention | None:
        """The body a fine at ``start`` is imposed on: the one body, not a state one, named in the figure's clause,
        where a word of a fine stands before the figure in it (``subjects.yaml`` ``fine_cues``)."""
        if not starts_between(self.fines, clause[0], start):
            return None
        near = self.within(max(clause[0], start - FINE_REACH), min(clause[1], start + FINE_REACH))   # (linear)
        bodies = {m.name: m for m in near if m.scope == "organization" and not m.state}
        return next(iter(bodies.values())) if len(bodies) == 1 else None

    def _candidates(self, here: list[Mention], start: int, end: int) -> tuple[list[Mention], set]:
        """The places of ``here`` that may be the figure's, and the names of those written after it
        that belong to a figure of their own: after another figure ("... đạt 7 tỉ USD năm 2015 và
        hiện có hơn 4.000 công ty Qatar hoạt động tại UAE"), or in a comma segment with its own
        figure (a breakdown after a total: "Trong số tiền tạm ứng 3.000 tỉ đồng, tỉnh Quảng Bình
        nhận 1.100 tỉ đồng, tỉnh Hà Tĩnh nhận 1.000 tỉ đồng": the total is about several). Not an
        unnamed "tỉnh" sharing out the figure ("mức phí 1,8 triệu đồng/ha/vụ, trong đó ngân sách
        tỉnh hỗ trợ 70%")."""
        places, others, shares = [], set(), []
        for m in here:
            if not m.place or m.listed:
                continue
            segment = self.clauses.segment(m.start)
            if m.start >= end and self.clauses.figure_between(end, m.start):
                if m.name:   # an unnamed "tỉnh" names no further place
                    others.add(m.name)
            elif m.start >= end and m.name and segment[0] > start and self.clauses.figure_between(*segment):
                shares.append(m)
            else:
                places.append(m)
        if len(others | {m.name for m in shares}) > 1:   # a breakdown over two places or more
            return places, others | {m.name for m in shares}
        return places + shares, others

    def _about_several(self, part: tuple[int, int]) -> bool:
        """Whether a part of the text is about several provinces: a list of them, or a count."""
        return starts_between(self.several, *part)

    def _country_of_several(self, here: list[Mention], part: tuple[int, int], source: str) -> Mention | None:
        """The country whose provinces a part about several of them counts: named in the figure's clause, or closing a
        count of provinces in another clause of its sentence (:meth:`_countrywide`); never "hai nước"."""
        if starts_between(self.two_countries, *part):
            return None
        if source == "clause":
            return next((m for m in here if m.scope == "national"), None)
        return self._countrywide(here, part) if source == "sentence" else None

    def _countrywide(self, here: list[Mention], part: tuple[int, int]) -> Mention | None:
        """The country closing a count of provinces in another clause of the sentence: "có 69 người bị nhiễm ..., trong
        đó 4 người tử vong và nằm rải rác tại 23 tỉnh thành trên cả nước" (the provinces are the country's)."""
        counts = self.several[bisect.bisect_left(self.several, part[0]):bisect.bisect_left(self.several, part[1])]
        return next((m for m in here if m.scope == "national" and any(
            0 < m.start - count <= 40 and not _CLAUSE_BREAK.search(self.text, count, m.start) for count in counts)), None)

    def _resolved(self, mention: Mention, source: str, number: int) -> Subject:
        if mention.seat_of is not None:
            return Subject(mention.seat_of, "organization", source)
        if mention.name is not None:
            return Subject(mention.name, mention.scope, source, mention.era)
        # an unnamed "tỉnh": the province of the context ("Quảng Trị là ... nặng nề nhất cả nước.
        # Năm 2015, tỉnh đã phê duyệt ..." is Quảng Trị's, not the country's)
        carried = self.earlier_province(number)
        if carried is not None:
            return Subject(carried.name, carried.scope, "paragraph", carried.era)
        return self.home if self.home.scope == "province" else NOBODY

    def _owner(self, here: list[Mention], clause: tuple[int, int], start: int) -> Mention | None:
        """An organization after "của" before the figure in its clause, when the sentence has no place."""
        if any(m.place for m in here):
            return None
        for mention in reversed([m for m in here if m.scope == "organization" and clause[0] <= m.start < start]):
            if self.rules["possessive"].match(self.text, max(clause[0], mention.start - 60), mention.start):
                return mention
        return None

    def era(self, subject: str | None, start: int) -> str | None:
        """The era (pre_2025/post_2025) of a province subject: that of the nearest mention
        of the province before the figure, else after it."""
        if subject not in self.eras:
            return None
        starts, eras = self.eras[subject]
        before = bisect.bisect_left(starts, start)
        return eras[before - 1] if before else eras[0]


#: what ends a clause between a count of provinces and the country after it
_CLAUSE_BREAK = regex.compile(r"[,;:.!?()\n]")
#: between a body and the place in brackets after it: "Công ty Cổ phần Triệu Sơn (Hà Nội)"
_SEAT_OPENING = regex.compile(r"[^\S\n]*\([^\S\n]*(?:(?:tỉnh|thành phố|TP\.?)[^\S\n]*)?")
_SEAT_CLOSING = regex.compile(r"[^\S\n]*\)")


def _mark_seats(mentions: list[Mention], organizations: list[Body], text: str) -> None:
    """A place in brackets right after a company is where it sits ("Công ty Cổ phần dược phẩm Đại Y (Hà Nội) bị
    phạt 70 triệu đồng"), as a person's residence is: neither carried to later sentences nor the article's home
    (a national agency's report listing fined companies and their cities is no report on one city); where it is
    the place of a figure of its own sentence, the figure is the company's (its fine, its revenue: as the blind
    readers of general10 gave five fines, stop 57). A public body's province in brackets ("BV Đa khoa huyện Quế
    Phong (Nghệ An)") is where the story happens, as any mention."""
    ends = {body.end: body.name for body in organizations if body.kind == "enterprise"}
    if not ends:   # (no company: no seat)
        return
    for m in mentions:
        before = text.rfind("(", max(0, m.start - 16), m.start) if m.place and not m.resident else -1
        if before < 0:
            continue
        while before and text[before - 1] in " \t":
            before -= 1
        if before in ends and _SEAT_OPENING.fullmatch(text, before, m.start):
            # (the company's only where the bracket holds the place alone: "(Việt Nam 55%, Trung Quốc 45%)" is a share)
            m.resident, m.seat_of = True, ends[before] if _SEAT_CLOSING.match(text, m.end) else None


class Body(NamedTuple):
    """A named organization of the text, as the subjects read it."""

    start: int
    end: int
    name: str
    kind: str | None
    country: str | None   # its ISO code, "VN" for a Vietnamese body


def _organization_spans(sentences: Sentences) -> list[Body]:
    """Every named organization."""
    return [Body(start, end, data["name"], data.get("kind"), data.get("country"))
            for start, end, data in sentences.organizations if data.get("name")]


def _near_figures(sentences: Sentences, figures: list[int]):
    """Whether an offset is in the sentence of one of ``figures`` (their starts) or in the sentence
    after it (what is written right after a figure at a sentence's end may stand there)."""
    numbers = {sentences.of(start) + after for start in figures for after in (0, 1)}
    return lambda offset: sentences.of(offset) in numbers


def _clubs_named(doc, organizations: list) -> set[tuple[int, int]]:
    """The spans of the bodies of team-sport news named after a club's head ("CLB Chelsea", then "Chelsea": kind other,
    `sport_kind` of organizations.yaml), clubs like those named by their own name."""
    if doc._.teams is None:
        return set()
    heads = tuple(f"{head} " for head in grammar().sport_kind)
    return {(body.start, body.end) for body in organizations if body.kind == "other" and body.name.startswith(heads)}


def _organization_mentions(organizations: list[Body], rules, text: str, near=lambda offset: True,
                           clubs: frozenset = frozenset()) -> list[Mention]:
    """A provincial body is its province's place; an unnamed one ("HĐND tỉnh") the province of the
    context; another body an organization, unless it only speaks ("Bộ Tài chính khẳng định: ...")
    or is named as the source ("Cuộc khảo sát của Đại học Quinnipiac", "theo Tổng cục Thống kê"), or is
    a newspaper or a channel (which tells figures far more often than it is what they are about).
    ``near``: whether a body at an offset stands near a figure (elsewhere it is no figure's subject); ``clubs``: the
    spans of the sports clubs, which own a figure only after "của", as a state body (a club is named beside the
    transfer fees it pays, receives or sets, and the wages of its players)."""
    mentions = []
    for body in organizations:
        start, end, name = body.start, body.end, body.name
        province = rules["in_name"].search(name)
        if province:
            mentions.append(Mention(start, end, province.group(1), "province", body=True))
        elif rules["unnamed"].pattern.search(name.split()[-1]):
            mentions.append(Mention(start, end, None, "unnamed", body=True))
        elif body.kind != "media" and near(start) and not rules["national_name"].fullmatch(name) \
                and not rules["speaks"].match(text, end) \
                and not rules["reported_by"].match(text, max(0, start - 40), start):
            state = body.kind in subject_rules()["state_kinds"] or (start, end) in clubs
            abroad = _country_of(name, body.country, rules) if state and body.country not in (None, "", "VN") else None
            mentions.append(Mention(start, end, name, "organization", state=state, abroad=abroad))
    return mentions


def _country_of(name: str, code: str, rules) -> str | None:
    """The country of a foreign body by the first name ``countries.csv`` gives it, from the country or place abroad
    its name writes ("Quân đội Syria": "Syria", "Cảnh sát New York": "Mỹ") else from its code ("Lầu Năm Góc", US:
    "Mỹ"); None for a code it does not list."""
    written = next(iter(rules["foreign"].found.finditer(name)), None)
    return _one_name(" ".join(written.group().split())) if written else _country_names().get(code)


def _one_name(written: str) -> str:
    """A country or a place abroad as written, by its country's one name ("Hoa Kỳ": "Mỹ", "London": "Anh",
    "New York": "Mỹ"); a place no table gives a country as written."""
    return _country_names().get(_abroad_codes().get(written), written)


@patterns.resource
def _abroad_codes() -> dict[str, str]:
    """{name: country code} of every place abroad: the countries of ``countries.csv`` and the cities, states
    and provinces of ``places_abroad.csv`` ("Cảnh sát New York": Mỹ, as "tại New York" is)."""
    return {**_places_abroad(), **country_codes()}


@patterns.resource
def _places_abroad() -> dict[str, str]:
    """{name: country code} of the cities, states and provinces abroad (``places_abroad.csv``)."""
    return {row["name"]: row["iso"] for row in patterns.load_csv("places_abroad.csv")}


@patterns.resource
def country_codes() -> dict[str, str]:
    """{name: code} of the countries of ``countries.csv`` (not its regions)."""
    return {row["name"]: row["iso"] for row in patterns.load_csv("countries.csv") if row["iso"]}


@patterns.resource
def _country_names() -> dict[str, str]:
    """The first name ``countries.csv`` gives each country code."""
    return {row["iso"]: row["name"] for row in reversed(patterns.load_csv("countries.csv")) if row["iso"]}


def _pattern_mentions(text: str, organizations: list[Body], rules) -> list[Mention]:
    """The country, places abroad and unnamed "tỉnh" of the text, outside organizations' names and
    not written right after one ("Plan International tại Việt Nam")."""
    data, _ = _subject_rules()
    ends = sorted(body.end for body in organizations)
    ranges = sorted((body.start, body.end) for body in organizations)
    starts = [start for start, _ in ranges]

    def taken(m) -> bool:
        inside = bisect.bisect_right(starts, m.start()) - 1
        if inside >= 0 and m.start() < ranges[inside][1]:
            return True
        before = bisect.bisect_right(ends, m.start()) - 1
        if before >= 0 and rules["attached"].match(text, ends[before], m.start()):
            return True
        # "... tại Việt Nam (CARE)", "Tập đoàn xăng dầu Việt Nam (Petrolimex)": a short name in brackets
        # after the place closes a body's name
        return bool(rules["after_name"].match(text, max(0, m.start() - 40), m.start())
                    or rules["acronym_after"].match(text, m.end())
                    or rules["business_before"].match(text, max(0, m.start() - 50), m.start())
                    or rules["source_place"].match(text, max(0, m.start() - 120), m.start()))

    mentions, own_sentence = [], frozenset(data["national_own_sentence_cues"])   # "lương cơ sở": never carried
    national, foreign = rules["places"].finditer_all(text)
    for kind, name, found in (("national", data["national"], rules["national"].kept(text, national)),
                              ("foreign", None, rules["foreign"].kept(text, foreign)),
                              ("unnamed", None, rules["unnamed"].finditer(text))):
        for m in found:
            if not taken(m):
                written = " ".join(m.group().split())
                if kind == "foreign":   # a country by one name ("Hoa Kỳ": Mỹ), a place abroad by its country's ("London": Anh)
                    written = _one_name(written)
                mentions.append(Mention(m.start(), m.end(), name if kind == "national" else
                                        (written if kind == "foreign" else None), kind,
                                        resident=kind == "national" and written in own_sentence
                                        or kind == "foreign" and bool(rules["bracketed_abroad"].match(
                                            text, max(0, m.start() - 80), m.start()))))
    return mentions


@patterns.resource
def _country_lists() -> tuple[frozenset, regex.Pattern]:
    """(units, pattern) of a count of countries followed by their names listed: "ba nước bảo trợ Nga, Iran và Thổ Nhĩ
    Kỳ", "3 nước Baltic (Estonia, Latvia và Litva)" is no figure of the place after it ("... lệnh ngừng bắn tại
    Syria"): a total over several, as "3 tỉnh Yên Bái, Lào Cai và Cao Bằng" (``subjects.yaml`` ``country_units``;
    review of batch articles, stops 47 and 49)."""
    data = patterns.load_yaml("subjects.yaml")
    names = literals(row["name"] for row in patterns.load_csv("countries.csv") if row.get("kind") == "country")
    # (the names may follow a region's name, in brackets: "3 nước Baltic (Estonia, Latvia và Litva)"; stop 49)
    # (or after a few words of the region or a verb: "6 nước trong khu vực là Singapore, Malaysia, ...", "4 nước khu vực
    # Đông Nam Á là Indonesia, Malaysia, Thái Lan và VN", "6 nước Đông Nam Á (thêm Singapore và Myanmar)"; stop 55)
    listed = (rf"(?:[^\S\n]+\p{{L}}+){{0,6}}[^\S\n]+(?:\((?:(?:thêm|gồm|là)[^\S\n]+)?)?(?:{names})"
              rf"(?:[^\S\n]*(?:,|và)[^\S\n]*(?:{names}))+(?![\p{{L}}])")
    return frozenset(data["country_units"]), compiled(regex, listed)


def _countries_listed(text: str, end: int, unit: str | None) -> bool:
    units, listed = _country_lists()
    return unit in units and listed.match(text, end) is not None


#: a country of one word may be a person's name or a language: "Anh Long", "Trần Minh Đức", "tiếng Anh"
_NAME_BEFORE, _NAME_AFTER = ending(r"(?<![\p{L}\p{M}])(?:\p{Lu}[\p{L}\p{M}]*|tiếng)[^\S\n]+\Z"), regex.compile(r"[^\S\n]+\p{Lu}")


def _in_a_name(text: str, start: int, end: int) -> bool:
    return bool(_NAME_BEFORE.match(text, max(0, start - 20), start) or _NAME_AFTER.match(text, end))


def _countries_written(text: str, start: int, end: int, foreign: "_Cued"):
    """The places abroad written in ``text[start:end]`` (matches of that slice), but a country of one word that is
    part of a person's name or a language's (:func:`_in_a_name`)."""
    return (place for place in foreign.found.finditer(text[start:end])
            if " " in place.group() or not _in_a_name(text, start + place.start(), start + place.end()))


def _not_named_abroad(mentions: list[Mention], sentences: Sentences, rules: dict) -> list[Mention]:
    """The mentions but those of a whole country it does not name ("trên toàn quốc", "cả nước": ``subjects.yaml``
    ``unnamed_country_cues``) in a sentence that names a country abroad, or in an article that never writes "Việt Nam"
    and locates its first sentences (headline and lead) abroad ("tại", "ở", "trên toàn" a country): that country's
    ("Chính phủ Malaysia tiếp tục ... hàng loạt cuộc truy quét trên toàn quốc"; "32 khu vực khác nhau trong cả nước"
    under "... trên toàn nước Anh"), not Việt Nam's."""
    unnamed, text = rules["unnamed_country"], sentences.text
    cued = [m for m in mentions if m.scope == "national" and " ".join(text[m.start:m.end].split()) in unnamed]
    if not cued:   # (most articles: nothing to read)
        return mentions

    def abroad(start: int, end: int) -> bool:
        return next(_countries_written(text, start, end, rules["foreign"]), None) is not None
    lead = sentences.spans[min(2, len(sentences.spans) - 1)][1] if sentences.spans else 0
    foreign_article = "Việt Nam" not in text and any(   # (a place there, not a destination: "Xuất khẩu sang Mỹ")
        True for _ in rules["foreign"].kept(text, rules["foreign"].found.finditer(text[:lead])))
    dropped = {id(m) for m in cued if foreign_article or abroad(*sentences.spans[sentences.of(m.start)])}
    return [m for m in mentions if id(m) not in dropped]


class _Cued:
    """Phrases found in one pass, kept where the words right before them are (``wanted``) or
    are not a cue: "tại Mỹ" (a place abroad), not "người Việt Nam" (no national figure)."""

    def __init__(self, found: Phrases, cue: regex.Pattern, wanted: bool, reach: int = 30, item=None):
        self.found, self.cue, self.wanted, self.reach = found, cue, wanted, reach
        self.item = item   # (what stands before, after) a place that is an item of a breakdown, kept without a cue

    def kept(self, text: str, found):
        """Those of the matches ``found`` (of the phrases in ``text``) that the words before (``reach`` characters) keep,
        and the items of a breakdown by place ("(Việt Nam 55%, Trung Quốc 45%)")."""
        for m in found:
            if bool(self.cue.match(text, max(0, m.start() - self.reach), m.start())) == self.wanted \
                    or self.item and self.item[1].match(text, m.end()) and self.item[0].match(text, max(0, m.start() - 12),
                                                                                          m.start()):
                yield m


def _quoted(text: str, lowered: str, quotes: regex.Pattern, led: WordLed) -> list[int]:
    """The starts of the matches of ``quotes`` (lower-case words in any case) in ``text``: read in its
    lower case ``lowered`` where that keeps every character in its place (as the period rules are:
    :class:`pipeline.facts.periods.AnyCase`), and there only where the first word of a cue stands
    (``led``: the same words as written), about thirty times sooner than regex reading a whole text
    in any case (161 -> 5 us an article)."""
    lowered = comparable_lower(text, lowered)
    return [m.start() for m in (quotes.finditer(text) if lowered is None else led.finditer(lowered))]


def _counts_of_provinces(text: str, multi, units: list) -> list[int]:
    """The starts of the counts of provinces ("4 tỉnh", "các tỉnh, thành phố"); ``units``: where the
    words of provinces stand (the matches of ``multi``'s phrases)."""
    _, count, counted, not_provinces, left_out = multi
    found = []
    for unit in units:
        window = (max(0, unit.start() - 40), unit.start())
        before = count.search(text, *window) if counted.match(text, *window) else None
        if before and not not_provinces.match(text, unit.end()) \
                and not left_out.match(text, max(0, before.start() - 40), before.start()):
            found.append(before.start())
    return found


def _listing(data: dict, counters: str) -> tuple[regex.Pattern, regex.Pattern]:
    """(what stands between two places listed in a row, a count of places after a place: "ở Ba Lan và 3 nước Baltic",
    "tại Hà Nội và các địa phương lân cận") for :func:`_mark_lists`."""
    return (compiled(regex, r"\s*(?:,|và|cùng|hoặc|đến|tới)?\s*(?:(?:các\s+)?(?:tỉnh|thành phố|TP\.?)\s+)?\Z"),
            compiled(regex, rf"[^\S\n]*(?:,|và)[^\S\n]+(?i:\d{{1,2}}|{counters})[^\S\n]+"
                            rf"(?:{phrases(data['multi_units'] + data['country_units'])})(?![\p{{L}}])"))


def _mark_lists(places: list[Mention], text: str, listing: tuple) -> None:
    """Mark places listed together: two different ones in a row with only "," / "và" (and "tỉnh")
    between them, a range ("Các tỉnh, thành phố từ Đà Nẵng đến Bình Thuận"), or a place and a count of places after
    it ("triển khai chính ở Ba Lan và 3 nước Baltic")."""
    between, counted = listing
    for first, second in zip(places, places[1:]):
        if first.name != second.name and first.end <= second.start and between.match(text, first.end, second.start):
            first.listed = second.listed = True
    for place in places:
        place.listed = place.listed or counted.match(text, place.end) is not None


def _nearest(mentions: list[Mention], start: int, end: int, after: bool = True) -> Mention | None:
    """The nearest before the figure, else (with ``after``) the first after it."""
    before = [m for m in mentions if m.start < start]
    if before:
        return before[-1]
    if not after:
        return None
    after = [m for m in mentions if m.start >= end]
    return after[0] if after else None


#: what a sentence that lists several places gives to the sentences after it: none of them
_SEVERAL = Mention(-1, -1, None, "multi")


def _last_single_places(mentions: list[Mention]) -> tuple[Mention | None, Mention | None]:
    """The last named place and the last named province of a sentence that lists none, found in one
    pass for both (None where it has none); ``_SEVERAL`` for both where the places it names are
    listed ones only, None for both where it names others too ("tỉnh Gia Lai (mới) sau sáp nhập tỉnh
    Gia Lai và tỉnh Bình Định")."""
    if not mentions:
        return None, None
    if any(m.listed for m in mentions):
        alone = any(m.place and m.name and not m.listed and not m.body for m in mentions)
        return (None, None) if alone else (_SEVERAL, _SEVERAL)
    named = [m for m in mentions if m.place and m.name and not m.resident]
    provinces = [m for m in named if m.scope == "province"]
    return named[-1] if named else None, provinces[-1] if provinces else None
