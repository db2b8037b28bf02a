"""Counts: a number followed by a noun, with the noun as the unit.

The counted noun is open: any noun of ``patterns/counted_nouns.txt`` (kept by hand) or
``patterns/counted_nouns.lexicon.txt`` (made from underthesea's dictionaries and tagger,
see ``scripts/make_counted_nouns.py``), unless ``patterns/counts.yaml`` excludes it (time
units, ages, measures, levels). The unit is the longest noun after the number, cut to
its head for counters ("lượt", "con", "bộ") and completed by the next noun for heads
that need one ("xe bồn", "trạm bơm"). What is not a count (document numbers, ordinals,
years, codes) is ``counts.yaml`` too; figures already read as money, dates, percents
or ratios are skipped. Matches go to ``doc.spans["counts"]``.

    "59 tổ chức phi chính phủ nước ngoài" -> 59, unit "tổ chức"
    "3 thuyền viên", "15 cụm công nghiệp" -> 3 "thuyền viên", 15 "cụm công nghiệp"
    "420 DN"                              -> 420 "DN" (an abbreviation, as written)
    "145/151 xã"                          -> 145 "xã", and the total 151 "xã" (rule fraction_total)
    "đã 17 lần đi nước ngoài"             -> 17 "lần" (occasions; "tăng gấp 3 lần" is a ratio)
    "6,45 điểm", "65 tuổi", "120 ha", "3 năm" -> nothing (a score, an age, a measure, a duration)
    "lần thứ 4", "số 57-KH/TU", "năm 2022 tổ chức" -> nothing
"""
from __future__ import annotations

import functools

import regex

from pipeline.component import ComponentSpec, Match, component, span_offsets
from pipeline.facts.figures import FIGURE_COLUMNS, FigureGrammar, qualifier_words
from pipeline.facts.rates import Rates
from pipeline.rules import lexicon, patterns
from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending
from pipeline.rules.grammar import BEFORE, phrases
from pipeline.rules.lexicon import key, spelled
from pipeline.rules.numbers import is_spelled_alone, parse_digits
from pipeline.rules.overlap import Taken
from pipeline.text.language import is_syllable

SPEC = ComponentSpec(name="counts", span_key="counts", label="COUNT", columns=FIGURE_COLUMNS,
                     reads=("doc.spans[money]", "doc.spans[dates]", "doc.spans[percents]", "doc._.numbers"),
                     assigns=("doc.spans[counts]",))

#: one word after a number: letters, with a hyphen or an apostrophe inside ("X-quang", "H'Mông")
WORD = r"[\p{L}\p{M}][\p{L}\p{M}'’-]*"
_WORDS = compiled(regex, rf"{WORD}(?:[^\S\n]+{WORD}){{0,5}}")
_SPACES = regex.compile(r"[^\S\n]+")
#: "50 trường hợp mắc mới/tuần"; the "/" beside an alternative that never matches: a lone literal is
#: what regex, to match, first looks for through the rest of the text (to the next "/" of an article:
#: 55 us in 200,000 characters without one). The words are taken whole, as giving back a letter
#: or a word leaves a letter where a space or the "/" must be (2 -> 0.9 us a try that fails)
_RATE = compiled(regex, r"(?:[^\S\n]+\p{L}++){0,3}+[^\S\n]*(?:/|(?!))[^\S\n]*\p{L}")
#: the one or two words right before a number, on its line, with no punctuation between; searched
#: from the end back (regex.REVERSE: 0.041 -> 0.005 ms an article), as only its last word is read,
#: the same either way: the spaces before the end, then every letter before them (a match can
#: stop before none of them: the word before must end in a space, the lookbehind find no letter)
_WORDS_BEFORE = compiled(regex, r"(?<![\p{L}\p{N}])[\p{L}]+(?:[^\S\n][\p{L}]+)?[^\S\n]+\Z", regex.REVERSE)
_DECIMAL = compiled(regex, r"(?<!\d)\d++(?:[.,]\d{3})*+[.,]\d{1,2}")


class CountedNouns:
    """The nouns a count may end with, looked up by their lower-case syllables.

    ``unit_at("thuyền viên được cứu", 0)`` -> ``("thuyền viên", 11)``; ``None`` where no
    counted noun starts, or where the longest noun there is excluded ("năm học", "ha")."""

    LONGEST = 6

    def __init__(self):
        rules = patterns.load_yaml("counts.yaml")
        sections = lexicon.words()
        self.curated = lexicon.counted_by_hand()
        self.nouns = set(sections["nouns"])
        self.nouns -= set(map(key, rules["split_compounds"]))   # (in place: a copy of 30,000 entries fewer)
        self.nouns |= self.curated
        self.excluded = set(sections["measures"]) | set(map(key, rules["not_units"]))
        self.excluded_heads = set(map(key, rules["not_unit_heads"]))
        self.not_nouns = set(sections["not nouns"])
        # words of real text (the tagger's training words) and the nouns kept by hand: a counted noun of
        # the dictionaries alone gives its last syllable to such a word after it (gives_last_syllable)
        self.vouched = set(sections["seen words"]) | self.curated
        # each entry's kind as longest() reads it: kept by hand, else excluded, else from the lexicon
        self.kinds = dict.fromkeys(self.nouns, "noun")
        self.kinds.update(dict.fromkeys(self.excluded | self.excluded_heads | self.not_nouns, "excluded"))
        self.kinds.update(dict.fromkeys(self.curated - self.excluded, "noun"))
        # the lengths of the entries opening with each syllable, longest first (the kinds' keys are every
        # entry): most words after a number open none, and a syllable opens entries of two or three
        # lengths, the only ones looked up, of the six a word and those after it could make
        lengths: dict[str, set[int]] = {}
        for entry in self.kinds:
            lengths.setdefault(entry[0], set()).add(len(entry))
        self.sizes: dict[str, tuple[int, ...]] = {first: tuple(sorted(found, reverse=True))
                                                  for first, found in lengths.items()}
        self.alone = set(map(key, rules["heads_alone"]))
        self.completed = set(map(key, rules["heads_completed"]))
        self.agents = set(map(key, rules["agent_heads"]))
        self.parts = set(map(key, rules["not_completing"]))
        self.abbreviations = set(rules["abbreviations"])
        self.modifiers = set(map(key, rules["modifiers"]))

    def longest(self, words: list[str]) -> tuple[int, str]:
        """(number of words, "noun" | "excluded" | "") of the longest entry opening ``words``."""
        first = spelled(words[0])
        sizes = self.sizes.get(first)
        if sizes is None:
            return 0, ""
        lowered = tuple(map(spelled, words[:sizes[0]]))
        if (first,) in self.excluded_heads:   # whatever follows, unless kept by hand
            return len(lowered), "noun" if lowered in self.curated and lowered not in self.excluded else "excluded"
        for size in sizes:   # (an entry of another length opening with the syllable there is none)
            kind = self.kinds.get(lowered[:size]) if size <= len(lowered) else None
            if kind == "noun" and size > 1 and lowered[:size] not in self.vouched and self.gives_last_syllable(words, size):
                continue   # "đội xếp | hạng ba": "đội" and "xếp hạng"
            if kind:   # "4 thất bại" counts no "thất" (not nouns are excluded)
                return size, kind
        return 0, ""

    def completing(self, words: list[str]) -> tuple[int, str]:
        """:meth:`longest` of the words after a head to complete ("xe" + "bồn"), but no part of the thing:
        "18 tàu vỏ thép" counts "tàu" (with a steel hull), not "tàu vỏ" (``counts.yaml`` ``not_completing``)."""
        size, kind = self.longest(words)
        return (0, "") if tuple(map(spelled, words[:size])) in self.parts else (size, kind)

    def gives_last_syllable(self, words: list[str], size: int) -> bool:
        """Whether the last syllable of the noun ``words[:size]`` opens a word of real text (``vouched``)
        with the words after it written in lower case: "4/6 đội xếp hạng ba" is "đội" + "xếp hạng" (the
        dictionaries' "đội xếp", a French-era policeman, no word of real text), "hai người làm thuê"
        "người" + "làm thuê", "20 câu đầu tiên" "câu" + "đầu tiên". A noun of real text keeps its
        syllables ("7 bệnh nhân tử vong", "trẻ em gái"), and so does a noun before a name ("tiêm kích F-15")."""
        following = [spelled(words[size - 1])]
        for word in words[size:size + 3]:
            if not word[0].islower():
                return False
            following.append(spelled(word))
            if tuple(following) in self.vouched:
                return True
        return False

    def unit_at(self, text: str, pos: int, curated_only: bool = False) -> tuple[str, int] | None:
        """(unit, end) of the counted noun starting at ``pos``, or None."""
        m = _WORDS.match(text, pos)
        if not m:
            return None
        words = m.group().split()
        if words[0] in self.abbreviations:
            return words[0], pos + len(words[0])
        size, kind = self.longest(words)
        if size == 1 and key(words[0]) in self.modifiers and len(words) > 1:   # "hai nam nhân viên", not "nam sinh"
            following = _SPACES.match(text, pos + words_end(m.group(), words, 1))
            noun = self.unit_at(text, following.end(), curated_only) if following else None
            if noun is not None:
                return noun   # the noun after the gender; else the gender alone ("3 nam, 1 nữ và 2 cháu")
        if kind == "":
            return None
        if kind == "excluded" and size == 1 and (words[0].lower(),) in self.completed and len(words) > 1:
            more, more_kind = self.completing(words[1:])   # "11 điểm trường": a head excluded alone
            if more_kind == "noun" and words[1][0].islower():
                return " ".join(w.lower() for w in words[:1 + more]), pos + words_end(m.group(), words, 1 + more)
        if kind != "noun" or not words[0][0].islower() and key(words[0]) not in self.curated:
            return None
        lowered = tuple(map(spelled, words))
        if curated_only and not any(lowered[:n] in self.curated for n in range(1, size + 1)):
            return None
        if size > 1 and lowered[:size] in self.curated:
            pass   # a noun of counted_nouns.txt is kept whole ("trường hợp", "trạm bơm")
        elif lowered[:1] in self.alone:
            size = 1
        elif size >= 2 and lowered[:2] in self.alone:
            size = 2
        elif size == 1 and lowered[:1] in self.completed | self.agents and len(words) > 1 \
                and (words[1][0].islower() or lowered[:1] in self.agents):
            more, more_kind = self.completing(words[1:])
            agent = lowered[:1] in self.agents and more_kind == "excluded" and lowered[1:1 + more] in self.not_nouns
            # an agent's noun capitalised as diplomacy writes it ("hai nhà Lãnh đạo"), not a name ("3 nhà Hà Nội")
            sentence_case = words[1][0].islower() or more > 1 and all(w[0].islower() for w in words[2:1 + more])
            size += more if (more_kind == "noun" or agent) and sentence_case else 0
        end = pos + words_end(m.group(), words, size)
        return " ".join(w.lower() for w in words[:size]), end   # as written ("binh sỹ")



def words_end(written: str, words: list[str], count: int) -> int:
    """Where the first ``count`` of ``words`` (``written.split()``, the words read by ``_WORDS``) end in
    ``written``: each found from the end of the one before, past the spaces between (read only for a
    noun found, most often of one word: half of the lookups find none, or a word excluded: "năm", "tuổi")."""
    end = 0
    for word in words[:count]:
        end = written.index(word, end) + len(word)
    return end


def word_before(before: str) -> str | None:
    """The word right before the end of ``before`` on its line, with only spaces after it, None if none."""
    words = _WORDS_BEFORE.match(before)
    return words.group().split()[-1] if words else None


@patterns.resource
def counted_nouns() -> CountedNouns:
    return CountedNouns()


@functools.lru_cache(maxsize=64)
def noun_at(text: str, pos: int, curated_only: bool) -> tuple[str, int] | None:
    """:meth:`CountedNouns.unit_at`, remembered: the noun after a number is looked up where the
    grammar is to be tried, then again for the count it reads there (a quarter of the lookups)."""
    return counted_nouns().unit_at(text, pos, curated_only)


@component(SPEC)
class CountFinder:
    """Finds counts of things in ``doc.text``."""

    def __init__(self):
        rules = patterns.load_yaml("counts.yaml")
        # (read with the pipeline, not at its first article) a rate before a count: "mỗi năm có khoảng 20.000 con voi"
        self.rates = Rates(patterns.load_yaml("money.yaml"), counted_nouns(), commas=False)
        self.grammar = FigureGrammar(WORD, fraction=True,
                                     unit_check=lambda text, pos: noun_at(text, pos, False) is not None)
        # the unit pattern says only "a word": start the whole pattern nearer each number (a count's
        # words before it are short: "khoảng", "hơn", "từ", "tăng gần"), so that fewer numbers
        # before it, followed by any word, are tried in vain
        self.grammar.REACH = 48
        self.not_after = ending(rf"{BEFORE}(?:(?i:{phrases(rules['not_after'])})|{phrases(rules['not_after_as_written'])})\s*$")
        self.exceptions = ending(rf"{BEFORE}(?i:{phrases(rules['not_after_exceptions'])})\s*$")
        none_after = rules["none_after"]
        self.none_after = compiled(regex, rf"[^\S\n]+(?:{phrases(none_after['words'])})(?![\p{{L}}])"
                                          rf"(?![^\S\n]+(?:{phrases(none_after['unless_then'])})(?![\p{{L}}]))")
        self.either_or = {unit: compiled(regex, rf"/(?:{phrases(others)})(?![\p{{L}}])")
                          for unit, others in rules["either_or"].items()}
        self.glued = set(rules["not_glued_after"])
        self.powered = set(rules["powered_measures"])
        self.first_year, self.last_year = rules["year_range"]
        self.bare_number = compiled(regex, r"\d{4}")
        self.share_denominator = rules["share_denominator"]
        self.share_after = ending(rf"{BEFORE}(?i:{phrases(rules['share_after'])})\s*$")
        self.references = {key(phrase) for phrase in rules["references"]}
        self.spelled_open = {word.lower() for word in rules["spelled_open"]}
        self.spelled_not_before = {key(phrase) for phrase in rules["spelled_not_before"]}
        # "trở lên" after a noun of several words, or after one or two words describing it ("500 lao động trở lên",
        # "4 cơ sở y tế trở lên"): the grammar reads it only right after the noun's first word
        self.after_words = qualifier_words()["after"]
        described = phrases(patterns.load_yaml("qualifiers.yaml")["after_described"])
        self.after_noun = compiled(regex, rf"(?:[^\S\n]+(?P<q>(?i:{phrases(self.after_words)}))"
                                          rf"|(?:[^\S\n]+\p{{Ll}}+){{1,2}}[^\S\n]+(?P<q>(?i:{described})))(?![\p{{L}}])")

    def is_year(self, text: str | None) -> bool:
        return bool(text) and bool(self.bare_number.fullmatch(text)) and self.first_year <= int(text) <= self.last_year

    def is_count(self, text: str, figure) -> bool:
        low = figure.groups["low"]
        if figure.low_start and text[figure.low_start - 1] in self.glued:
            return False
        before = text[max(0, figure.start - 40):figure.start]
        if (self.not_after.match(before)
                and not self.exceptions.match(before)):
            return False
        if figure.value != int(figure.value) or figure.value_high is not None and figure.value_high != int(figure.value_high):
            return False
        if _DECIMAL.fullmatch(low) or _DECIMAL.fullmatch(figure.groups.get("high") or ""):
            return False   # "1.0", "2,50" written bare are no whole numbers ("1,2 triệu" is)
        if self.is_year(low) or self.is_year(figure.groups.get("high")):
            return False
        word = word_before(before)   # before the figure, and before its number (the same word without a qualifier)
        before_number = word if figure.low_start == figure.start else \
            word_before(text[max(0, figure.low_start - 40):figure.low_start])
        if figure.value == 0 or self.after_a_measure(word) or self.after_a_foreign_name(before_number):
            return False
        unit = figure.span("unit")
        if unit and text[unit[0] - 1].isalnum():   # glued to its number: "iPhone 7s", "249cc", "24k", a model or a measure
            return False
        return not is_spelled_alone(low)

    def is_share(self, text: str, figure) -> bool:
        """A fraction that is a share of a whole, no part of a total: its denominator is small ("gần 2/3 sinh
        viên", "1/2 cây bút bi") or a word of share is before it ("chiếm 1/10 chiều dài"); "4/6 đội" is a part.
        A part larger than its total is no fraction of things: a day without its cue ("phiên ngày mai 29/6 thị trường";
        review of batch articles, stop 54)."""
        total = parse_digits(figure.groups["of"]) if figure.groups.get("of") else None
        return total is not None and (total <= self.share_denominator or figure.value > total
                                      or bool(self.share_after.match(text[max(0, figure.start - 40):figure.start])))

    @staticmethod
    def after_a_foreign_name(word: str | None) -> bool:
        """A number right after (``word``) a capitalised word of the Latin script that is no Vietnamese
        syllable (nor an acronym) numbers what that word names: "Galaxy Note 7", "Nokia 3",
        "Ligue 1". (It also drops a player's or a team's tally, "Kane 14 bàn": measured on the
        batch, about one such right count lost for two models' numbers no longer counted.)"""
        word = word or ""
        return word[:1].isupper() and not word.isupper() and not is_syllable(word)

    def after_a_measure(self, word: str | None) -> bool:
        """A number right after (``word``) a measure of length is its power: "400 m 2 má" (m²); not
        after a word that is also a measure ("đăng ký 48 nguyện vọng": "ký" is to sign, not a kilogram)."""
        return word is not None and word in self.powered

    def unit(self, text: str, figure) -> tuple[str, int] | None:
        """(unit, end) of the noun the figure counts, or None (not a noun, a rate)."""
        low = figure.groups["low"]
        spelled = not any(c.isdigit() for c in low)
        open_word = spelled and low.lower() in self.spelled_open   # "hai chi nhánh", not "ba mẹ" (counts.yaml)
        found = noun_at(text, figure.span("unit")[0], spelled and not open_word)
        if spelled and found is not None and low[:1].isupper() and _capitalised(text[figure.span("unit")[0]:found[1]]):
            return None   # a spelled number and a capitalised noun are a name: "đảo Ba Bình", "Hai Bà Trưng" (not "Hai CLB")
        if found is None or _RATE.match(text, found[1]) and not self.one_of_either(text, *found) \
                or open_word and self.pair_or_idiom(found[0]) and noun_at(text, figure.span("unit")[0], True) is None:
            return None
        if figure.value == 1 and self.none_after.match(text, found[1]):
            return None   # "không ốm 1 lần nào": not once
        return found

    def qualifier(self, text: str, figure, end: int) -> tuple[str, int]:
        """(qualifier, end) of a count whose noun ends at ``end``: a qualifier written after the noun ("20 người trở lên")
        where none is before it; none for "trên" before one thing, the preposition "on" ("chết bất thường trên 1 tàu du
        lịch": review of batch articles, stop 53)."""
        if figure.qualifier == "exact" and (after := self.after_noun.match(text, max(end, figure.end))):
            return self.after_words[" ".join(after.group("q").lower().split())], after.end()
        bound = figure.groups.get("q1") or figure.groups.get("q2") or ""
        if figure.qualifier == "over" and figure.value == 1 and " ".join(bound.lower().split()) == "trên":
            return "exact", end
        return figure.qualifier, end

    def one_of_either(self, text: str, unit: str, end: int) -> bool:
        """Whether the unit ending at ``end`` is followed by a slash and another unit it may be instead (``counts.yaml``
        ``either_or``: "20 tỉnh/thành" counts provinces, no rate)."""
        other = self.either_or.get(unit)
        return other is not None and other.match(text, end) is not None

    def per(self, text: str, start: int, end: int) -> str | None:
        """What a count is per: "34 trường hợp mỗi ngày", "mỗi năm có khoảng 20.000 con voi", "mỗi nhà máy chuẩn bị khoảng
        25.000 suất ăn mỗi ngày" -> "nhà máy/ngày" (:mod:`pipeline.facts.rates`)."""
        after = self.rates.after(text, end)
        before = self.rates(text, start, far=after is None)
        return f"{before}/{after}" if before and after else before or after

    def pair_or_idiom(self, unit: str) -> bool:
        """Whether a unit or its first word is one a spelled number makes a pair, a part of the body or an idiom
        (``counts.yaml`` ``spelled_not_before``: "hai vợ chồng", "hai tay cầm")."""
        words = key(unit)
        return any(words[:n] in self.spelled_not_before for n in range(1, len(words) + 1))

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        # (the groups' offsets as kept with them: each walk of a span group builds a Span per span)
        taken = Taken.covering(offsets for key in ("money", "dates", "percents") for offsets in span_offsets(doc, key))
        found = []
        for figure in self.grammar.finditer(text, doc._.numbers):
            if taken.overlaps(figure.start, figure.end) or not self.is_count(text, figure) or self.is_share(text, figure):
                continue
            unit = self.unit(text, figure)
            if unit is None:
                continue
            unit, end = unit
            if key(f"{figure.groups['low']} {unit}") in self.references:
                continue   # "giữa hai nước": the two countries of a relation
            qualifier, end = self.qualifier(text, figure, end)
            row = {"kind": "count", "value": figure.value, "value_high": figure.value_high, "unit": unit,
                   "qualifier": qualifier, "per": self.per(text, figure.start, max(end, figure.end)), "change": figure.change}
            total = parse_digits(figure.groups["of"]) if figure.groups.get("of") else None
            end = max(end, figure.end)
            found.append(Match(figure.start, end, row, rule="fraction" if total else "number+noun"))
            if total is not None and total > figure.value:
                found.append(Match(figure.span("of")[0], end, {**row, "value": total, "qualifier": "exact",
                                                                "change": None}, rule="fraction_total"))
        return found


def _capitalised(noun: str) -> bool:
    """Whether a noun as written opens with a capital and is no acronym ("Bình", not "CLB")."""
    first = noun.split(maxsplit=1)[0] if noun.strip() else ""
    return first[:1].isupper() and not first.isupper()
