"""Figures: a number with its qualifier, change, range and unit, found in running text.

The grammar every numeric fact is read with (money, counts, percents, ratios): a
number (:func:`pipeline.rules.numbers.amount_pattern`) beside a unit, with the
qualifier, change and range words of ``patterns/qualifiers.yaml`` around it.

    >>> [f.value for f in FigureGrammar("USD").finditer("tăng hơn 4,9 triệu USD")]
    [4900000]
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

import regex

from pipeline.component import Column
from pipeline.facts.numbers import plain_lower_case
from pipeline.rules import patterns
from pipeline.rules.budget import checkpoint
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import first_letters_ahead, literals, phrases
from pipeline.rules.numbers import DIGITS, amount_pattern, parse_amount, plain_number, tail_scale, vocabulary

#: the fields every figure component gives its spans (money, counts, percents)
FIGURE_COLUMNS = (
    Column("kind", "string", "money, count, percent or ratio"),
    Column("value", "number", "the number in the unit's own unit; for a range, its low end"),
    Column("value_high", "number", "the high end of a range, else empty"),
    Column("unit", "string", "ISO 4217 currency, counted noun, % or lần"),
    Column("qualifier", "string", "exact, approx, over, under or estimated"),
    Column("per", "string", "what a rate is per ('năm', 'người/tháng'), else empty"),
    Column("change", "string", "increase or decrease when the figure is a difference, else empty"),
)


@dataclass
class Figure:
    """A figure read from text: ``"tăng hơn 4,9 triệu USD"`` -> value 4900000,
    qualifier "over", change "increase", unit text "USD"."""

    start: int
    end: int
    value: int | float
    value_high: int | float | None
    qualifier: str
    change: str | None
    unit: str
    groups: dict
    low_start: int
    match: regex.Match

    def span(self, group: str) -> tuple[int, int] | None:
        """(start, end) of a group of the grammar ("unit", "of"), None where it read nothing."""
        return self.match.span(group_numbers(self.match.re)[group]) if self.groups.get(group) else None


def first_words(words: dict) -> set[str]:
    """The words a figure can start with: a number word that can start a number, the first word of a
    qualifier, change or range phrase, "gấp"."""
    vocab = vocabulary()
    phrases_ = [*words["before"], *words["change"], *words["range_from"], *words.get("range_between", ())]
    return ({phrase.split()[0] for phrase in phrases_} | {"gấp"}
            | (vocab.words - set(vocab.scales) - vocab.never_first - vocab.hundred))


def first_lookahead(words: dict, unit: str | None) -> str:
    """Regex source: a lookahead for what a figure can start with: a digit, one of :func:`first_words`,
    or (``unit``, when written first) its unit. It rejects other positions at once instead of trying
    every alternative of the grammar there (searches 1.4 times faster on news)."""
    return rf"(?=\d|(?i:{literals(first_words(words))})(?![\p{{L}}\p{{N}}])" + (f"|{unit}" if unit else "") + ")"


def words_source(words, any_case: bool = True) -> str:
    """Regex source of one of the phrases ``words`` (:func:`~pipeline.rules.grammar.phrases`), in any case or as
    written, behind a lookahead for their first letters: regex tries the alternatives one after the other, the
    first letter of each compared in vain where none can start (a number, most words); the lookahead refuses
    such a place at once (:func:`~pipeline.rules.grammar.first_letters_ahead`)."""
    return rf"{'(?i:' if any_case else '(?:'}{first_letters_ahead(words)}(?:{phrases(words)}))"


@patterns.resource
def plain_starts() -> re.Pattern:
    """Where a figure (its unit after it) may start, for the stdlib re on the lower case of a text of
    :data:`~pipeline.facts.numbers.PLAIN_TEXT`: the places of :attr:`FigureGrammar.starts` (a letter or
    digit is ``[^\\W_]`` to re; tests/test_numbers.py checks every character and every letter of the
    words), found three times faster (regex tried its lookbehind and the words in any case at every
    character of a window)."""
    first = literals({word.lower() for word in first_words(qualifier_words())})
    return compiled(re, rf"(?<![^\W_])(?<!\d[.,])(?=\d|(?:{first})(?![^\W_]))")


@patterns.resource
def qualifier_words() -> dict:
    """``patterns/qualifiers.yaml`` as lookups: phrase (lower-case) -> category."""
    data = patterns.load_yaml("qualifiers.yaml")

    def invert(section: dict) -> dict:
        return {" ".join(word.lower().split()): category for category, words in section.items() for word in words}

    return {"before": invert(data["before"]), "after": invert(data["after"]), "change": invert(data["change"]),
            "change_adverbs": data["change_adverbs"], "change_objects": data["change_objects"],
            "default": data["default"], "range_from": data["range_from"], "range_to": data["range_to"],
            "range_between": data["range_between"], "range_and": data["range_and"],
            "comparatives": frozenset(w.lower() for w in data["comparatives"]),
            "on_after": frozenset(w.lower() for w in data["on_after"]),
            "noun_bounds": frozenset(data["noun_bounds"]), "bound_nouns": frozenset(w.lower() for w in data["bound_nouns"]),
            "over_at_clause_start": frozenset(" ".join(w.lower().split()) for w in data["over_at_clause_start"]),
            "over_after_word": frozenset(" ".join(w.lower().split()) for w in data["over_after_word"]),
            "over_not_after": compiled(regex, rf"(?<![\p{{L}}])(?i:{phrases(data['over_not_after'])})\Z"),
            "compared_after": compiled(regex, rf"[^.;!?\n]{{0,80}}?(?i:{phrases(data['compared_after'])})(?![\p{{L}}])")}


class FigureGrammar:
    """Finds figures followed (or, with ``unit_first``, preceded) by a unit.

    ``unit`` is regex source for the unit; ``tail`` optional regex source after it
    (e.g. a rate "/năm"); ``times`` allows "gấp" before the number ("tăng gấp hơn 9
    lần"); ``fraction`` allows "A/B" ("145/151 xã", value A); ``unit_optional``
    lets a figure stand without its unit when "gấp" precedes it ("gấp 3"). ``unit_check(text,
    start)``: whether the unit read at ``start`` is one (for a unit pattern that only says
    "a word", checked against a lexicon); numbers before a word it refuses are not tried.
    """

    def __init__(self, unit: str, tail: str = "", unit_first: bool = False, times: bool = False,
                 fraction: bool = False, unit_optional: bool = False, unit_check=None, kilo: bool = False,
                 unit_spellings=()):
        words = qualifier_words()
        before = words_source(words["before"])
        after = words_source(words["after"])
        end = r"(?![\p{L}\p{N}])"
        # "10K đồng", "$10k": with ``kilo`` a K glued to the number multiplies it by 1000
        thousand = r"(?:[kK](?![\p{L}\p{N}]))"
        body = self.body(unit, words, before, unit_first, fraction, unit_optional, kilo)
        prefix = self.prefix(words, before, end, times)
        # not from inside a word or a number ("1.234.567" read from its "2" would re-read the
        # rest of the number at every digit: time quadratic in a long run of "1.1.1...")
        starts = rf"(?<![\p{{L}}\p{{N}}]|\d[.,]){first_lookahead(words, unit if unit_first else None)}"
        pattern = rf"{starts}(?:{prefix}{body}{{twice}}{tail})(?:\s+(?P<q4>{after}){end})?"
        self.pattern = compiled(regex, pattern.replace("{twice}", self.unit_twice))
        self.starts = compiled(regex, starts)
        self.plain_starts = None if unit_first else plain_starts()
        self.single = compiled(regex, pattern.replace("{twice}", "")) if self.unit_twice else None
        self.unit_first, self.unit_optional = unit_first, unit_optional
        self.unit_after = compiled(regex, (thousand + "?" if kilo else "") + rf"\s*(?P<unit>{unit})")
        self.unit_check = unit_check
        # ``unit_spellings``, when the unit is one of them (in any case): the letters by which one meets its number
        self.edges = self.unit_edges(unit_spellings, unit_first, kilo) if unit_spellings else None
        self.unit_before = compiled(regex, rf"(?:{unit})\s*\Z")
        # a figure without its unit counts only after "gấp"; others are dropped later
        self.times_re = compiled(regex, r"(?i:gấp)(?![\p{L}\p{N}])") if times and unit_optional else None

    @staticmethod
    def prefix(words: dict, before: str, end: str, times: bool) -> str:
        """Qualifier, change, "gấp", qualifier before the number ("tăng gấp hơn 9 lần")."""
        change = words_source(words["change"])
        adverb = rf"(?:{words_source(words['change_adverbs'])}{end}\s*)?"   # "giảm mạnh tới 120.000 đồng"
        changed = rf"(?:{words_source(words['change_objects'], any_case=False)}{end}\s*)?"   # "tăng trưởng GDP 6,7%"
        return (rf"(?:(?P<q1>{before}){end}\s*)?(?:(?P<change>{change}){end}\s*{changed}{adverb})?"
                + (r"(?:(?P<times>(?i:gấp))\s+)?" if times else "")
                + rf"(?:(?P<q2>{before}){end}\s*)?")

    def body(self, unit: str, words: dict, before: str, unit_first: bool, fraction: bool, unit_optional: bool,
             kilo: bool) -> str:
        """Regex source of the number (or range) and its unit; sets ``unit_twice``."""
        end = r"(?![\p{L}\p{N}])"
        amount = amount_pattern()
        if unit_first:   # "USD1,23", "EUR29,99": a currency code may be glued to its number
            amount = amount.replace(r"(?<![\p{L}\p{N}.,])", r"(?<![\p{N}.,])", 1)
        kilo_low = r"(?P<kilo>[kK](?![\p{L}\p{N}]))?" if kilo else ""
        kilo_high = r"(?P<kilo_high>[kK](?![\p{L}\p{N}]))?" if kilo else ""
        spelled = [w for w in words["range_to"] if any(c.isalpha() for c in w)]   # "đến", "cho đến"; the others dashes
        dash = "".join(regex.escape(w) for w in words["range_to"] if w not in spelled)
        plain_to = rf"\s*[{dash}]\s*|\s+(?i:{phrases(spelled)})\s+"
        # "giữa 1000 và 2000 đồng": "và" ends a range only after "giữa"
        range_to = (rf"(?:{plain_to})" if unit_first
                    else rf"(?:(?(between)\s+(?i:{phrases(words['range_and'])})\s+|(?:{plain_to})))")
        # "từ" opens a range before a number ("từ 5 đến 7 tỷ đồng"), not after a currency:
        # "... 1,3 triệu USD\nTừ năm 2020" is not "USD 5"
        opening = "" if unit_first else (rf"(?:(?P<between>(?i:{phrases(words['range_between'])}))\s+"
                                         rf"|(?P<range_from>(?i:{phrases(words['range_from'])}))\s+)?")
        # "VND1000-VND2000": a currency written before the number may be written again before the high end
        again = r"(?:(?P=unit)\s*)?" if unit_first else ""
        figure = (rf"{opening}(?P<low>{amount}){kilo_low}"
                  + (rf"(?:\s*/\s*(?P<of>{DIGITS}))?" if fraction else "")
                  + rf"(?:{range_to}(?:(?P<q3>{before}){end}\s*)?{again}(?P<high>{amount}){kilo_high})?")
        unit_group = rf"(?P<unit>{unit})"
        self.unit_twice = ""
        if unit_first:
            return rf"{unit_group}\s*{figure}"
        # the unit written at both ends: "từ 5 tỷ đồng đến 7 tỷ đồng", "10%-15%"
        self.unit_twice = (rf"(?(high)|(?(unit)(?:{range_to}(?:(?P<q5>{before}){end}\s*)?(?P<high>{amount})"
                           rf"{kilo_high}\s*(?P=unit))?))")
        return rf"{figure}\s*{unit_group}" + ("?" if unit_optional else "")

    def cores(self, text: str, numbers: list[tuple[int, int]], lowered: str | None = None) -> list[tuple[int, int]]:
        """Where a figure must be: a number of the number pass beside its unit (or, with
        ``times``, a "gấp"). The whole grammar (a long alternation of qualifier and change
        words at every position) is then tried only from a little before each of these.
        ``lowered``: the text's :func:`~pipeline.facts.numbers.plain_lower_case`, where a unit of
        :attr:`edges` is looked for only beside a number that one of them touches."""
        found, edges = [], self.edges if lowered is not None else None
        for start, end in numbers:
            if edges is not None and not self.unit_may_touch(lowered, start, end):
                continue
            if self.unit_first:
                unit = self.unit_before.search(text, max(0, start - self.UNIT_REACH), start)
                if unit:
                    found.append((unit.start(), end))
            else:
                unit = self.unit_after.match(text, end)   # (its group 1 is the unit's)
                if unit and (self.unit_check is None or self.unit_check(text, unit.start(1))):
                    found.append((start, unit.end()))
        if self.times_re is not None and (lowered is None or "gấp" in lowered):   # (a text without the word: no scan)
            found = sorted(found + [m.span() for m in self.times_re.finditer(text)])
        return found

    @staticmethod
    def unit_edges(spellings, unit_first: bool, kilo: bool) -> frozenset[str]:
        """The lower case of the letter by which each spelling touches its number (its last when written
        first, else its first, or a K glued to the number)."""
        if unit_first:
            return frozenset(spelling.split()[-1][-1].lower() for spelling in spellings)
        return frozenset({spelling.split()[0][0].lower() for spelling in spellings} | ({"k"} if kilo else set()))

    def unit_may_touch(self, lowered: str, start: int, end: int) -> bool:
        """Whether the unit may stand beside the number at ``start``-``end`` of a plain text's lower case:
        the character past the spaces between is one of :attr:`edges` (no spelling ends in a space that
        the unit's pattern reads, str.isspace on such a text), or 8 spaces after the number do not tell.
        The unit's pattern, tried at each number (3 in 4 touch no currency, percent or "lần"), is
        tried only there."""
        if self.unit_first:
            return lowered[max(0, start - self.UNIT_REACH):start].rstrip()[-1:] in self.edges
        after = lowered[end:end + 8].lstrip()
        return after[:1] in self.edges or not after and end + 8 < len(lowered)

    #: how far before its number and unit a figure may start: qualifier, change, "gấp",
    #: qualifier, "từ", a low end, "đến", qualifier ("tăng không ít hơn từ một trăm hai mươi
    #: lăm đến hơn 130 tỷ đồng" is 66); the same figures as a whole-text scan on the
    #: 3,205 texts of the benchmark archive, gold and pattern corpora with 80
    REACH = 120
    #: how far before its number a unit written first may start ("đô la Mỹ 1,2 triệu")
    UNIT_REACH = 40

    def search(self, text: str, start: int, limit: int, lowered: str | None = None) -> regex.Match | None:
        """``self.pattern.search(text, start)``, the grammar tried only where :attr:`starts` (its
        opening lookbehind and lookahead, alone) finds that a figure may start, up to ``limit``.

        The grammar can match nowhere else; searched whole, it sets up its twenty-odd groups
        and repeats at every character, while a window of 120 characters before a number holds
        one to three places where a figure may start (money's searches 1.4 times faster on the
        benchmark archive). Past ``limit`` (the end of the number and unit the search is for,
        which it rarely passes) the whole grammar is searched, as before. ``lowered``: the text's
        :func:`~pipeline.facts.numbers.plain_lower_case`, where :func:`plain_starts` finds the same places."""
        plain = lowered is not None and self.plain_starts is not None   # (none for a unit written first)
        starts, read = (self.plain_starts.search, lowered) if plain else (self.starts.search, text)
        match = self.pattern.match
        while (place := starts(read, start)) is not None:
            if place.start() > limit:
                return self.pattern.search(text, place.start())
            m = match(text, place.start())
            if m is not None:
                return m
            start = place.start() + 1
        return None

    def finditer(self, text: str, numbers: list[tuple[int, int]] | None = None, required: tuple[str, ...] = (),
                 lowered: str | None = None):
        """Every well-formed figure in ``text``, in order; ``numbers``: the spans of the
        number pass (:mod:`pipeline.facts.numbers`), found here when not given.

        ``required``: lower-case strings of which one must occur in ``text`` for any
        figure to be possible (the unit words); without one the scan is skipped (``lowered``: the
        text in lower case, when the caller has it already).
        A unit written at both ends that is not a range ("7 tỷ đồng - 5 tỷ đồng")
        gives the first figure alone, and the second is read after it.
        """
        if required:
            lowered = text.lower() if lowered is None else lowered
            if not any(word in lowered for word in required):
                return
        if numbers is None:
            numbers = [m.span() for m in regex.finditer(amount_pattern(), text)]
        scan_all = self.unit_optional and self.times_re is None
        plain = plain_lower_case(text) if self.plain_starts is not None or self.edges is not None else None
        cores = None if scan_all else iter(self.cores(text, numbers, plain))
        position, core = 0, None
        while True:
            start = position
            if cores is not None:   # the next number-and-unit not yet read, and a little before it
                while core is None or core[1] <= position:
                    core = next(cores, None)
                    if core is None:
                        return
                start = max(position, core[0] - self.REACH)
            m = self.search(text, start, len(text) if core is None else core[1], plain)
            if m is None:
                return
            figure = read_figure(m)
            if figure is None and self.single is not None and m.group("high") and m.start("high") > m.end("unit"):
                m = self.single.match(text, m.start()) or m
                figure = read_figure(m)
            position = max(m.end(), position + 1)
            checkpoint()
            if figure is not None:
                yield figure


_WORD_BEFORE = compiled(regex, r"(\p{L}+)[^\S\n]*\Z")


def compares(m: regex.Match, phrase: str, group: int, words: dict) -> bool:
    """"nhanh hơn 30%": "hơn" (``phrase``, read by group number ``group``) after an adjective compares, "đi trên
    hai xe": "trên" after a verb of being on is "on", and "lương tối thiểu 3 triệu": "tối thiểu" after a noun names its
    bound; none qualifies the figure."""
    after = words["comparatives"] if phrase == "hơn" else words["on_after"] if phrase == "trên" else \
        words["bound_nouns"] if phrase in words["noun_bounds"] else None
    if after is None:
        return False
    start = m.start(group)
    before = _WORD_BEFORE.search(m.string, max(0, start - 20), start)
    return bool(before) and before.group(1).lower() in after


def bounds_amount(m: regex.Match, phrase: str, group: int, words: dict) -> bool:
    """"Nhiều hơn 1 đô la": a comparative (``phrase``, the change read by group number ``group``) opening
    its sentence, line or bracket (or, some, right after a word: "ghi được nhiều hơn 10 bàn"), with no comparison
    after the figure, bounds the amount (qualifiers.yaml `over_at_clause_start`, `over_after_word`)."""
    if phrase not in words["over_at_clause_start"]:
        return False
    start = m.start(group)
    before = m.string[max(0, start - 40):start].rstrip()
    opens = before[-1:] in (".", ";", ":", "!", "?", "(") if before else True
    opens = opens or phrase in words["over_after_word"] and before[-1:].isalpha() and not words["over_not_after"].search(before)
    return opens and not words["compared_after"].match(m.string, m.end())


@functools.lru_cache(maxsize=None)
def group_names(pattern: regex.Pattern) -> tuple[str, ...] | None:
    """The names of a pattern's groups in the order of their numbers, None if a group has none:
    zipped with a match's ``groups()`` they make its ``groupdict()``, which regex builds about
    eight times slower (7.7 us for the seventeen groups of money's grammar)."""
    index = pattern.groupindex
    names = tuple(sorted(index, key=index.get))
    return names if [index[name] for name in names] == list(range(1, pattern.groups + 1)) else None


@functools.lru_cache(maxsize=None)
def group_numbers(pattern: regex.Pattern) -> dict[str, int]:
    """A pattern's group numbers by name: a match reads a group by its number (``m.start(6)``) about
    four times faster than by its name (``m.start("low")``: 1.2 against 0.3 us for money's grammar)."""
    return dict(pattern.groupindex)


#: after "tăng từ <a figure>": the new level follows ("lên", "xuống", "xuống còn", "lên mức")
_TO_LEVEL = regex.compile(r"[^\S\n]*,?[^\S\n]*(?:lên|xuống)(?![\p{L}\p{N}])")


def _signed(text: str, start: int, percent: bool) -> str | None:
    """The change a sign written on a number says: "(+0,29%)", "(+72 USD/ounce)" an increase, "(-0,23%)" or "-"
    opening a line a decrease, and an amount's "(-12 USD/ounce)" right after another figure too. Not a "+" after a
    digit ("km 556+700": a road's milestone), nor an amount's "-" after a name (:func:`below_zero`), nor a dash
    between numbers."""
    before = text[start - 2] if start > 1 else "\n"
    if start and text[start - 1] == "+" and not before.isalnum():
        return "increase"
    if start and text[start - 1] in _MINUS and before in "(\n" and (percent or _after_figure(text, start - 2)):
        return "decrease"
    return None


_MINUS = ("-", "\u2212")
#: "âm" right before an amount: a level below zero ("lợi nhuận trước thuế của STB âm 18,5 tỷ đồng"); not "siêu âm 3 lần"
_NEGATIVE_WORD = regex.compile(r"(?<![\p{L}\p{N}])(?<!(?i:siêu)[^\S\n])âm[^\S\n]$")


def _after_figure(text: str, bracket: int) -> bool:
    """Whether the bracket at ``bracket`` follows a figure ("giảm 1% (-12 USD/ounce)"), not a name."""
    words = text[max(0, bracket - 12):bracket].rstrip()
    return bool(words) and (words[-1].isdigit() or words[-1] == "%" or words.split()[-1].lower() in ("đồng", "usd"))


def below_zero(text: str, start: int) -> bool:
    """Whether the amount starting at ``start`` (its qualifier included) is written below zero: a minus opening a
    bracket or a line right before it ("Công ty CP Hóa dầu Quân đội (-21 tỷ đồng)", "(- gần 11 tỷ đồng)"), or
    "âm" ("lợi nhuận ... âm 18,5 tỷ đồng"). Not a dash after a number ("80 -100 triệu": a range) nor a minus
    after another figure, which is a change (:func:`_signed`)."""
    if _NEGATIVE_WORD.search(text, max(0, start - 4), start):
        return True
    minus = start - 2 if start > 1 and text[start - 1] == " " else start - 1
    if minus < 0 or text[minus] not in _MINUS:
        return False
    return (minus == 0 or text[minus - 1] in "(\n") and not _after_figure(text, minus - 1)


def _qualified(m: regex.Match, groups: dict, numbers: dict, words: dict) -> tuple[str, str | None]:
    """(qualifier, the phrase that gave it, None for the default) of a figure: the nearest qualifier word that does not
    compare (:func:`compares`)."""
    qualifier, by = words["default"], None
    for group, table in (("q4", "after"), ("q1", "before"), ("q2", "before")):
        phrase = groups[group] and " ".join(groups[group].lower().split())
        if phrase and not compares(m, phrase, numbers[group], words):
            qualifier, by = words[table][phrase], phrase
    return qualifier, by


def read_figure(m: regex.Match) -> Figure | None:
    """The value, range, qualifier and change of one grammar match (None if malformed)."""
    words = qualifier_words()
    names = group_names(m.re)   # every group read once, into one dict
    groups = dict(zip(names, m.groups())) if names else m.groupdict()
    low = parse_amount(groups["low"])
    if low is None:
        return None
    high = parse_amount(groups["high"]) if groups["high"] else None
    if groups["high"] and high is None:
        return None
    if groups.get("kilo"):   # "10K đồng"
        low *= 1000
    if groups.get("kilo_high") and high is not None:   # "1-2k đồng": the low end borrows the K
        high *= 1000
        low = low * 1000 if not groups.get("kilo") and low * 1000 <= high else low
    if high is not None:
        scale = tail_scale(groups["high"])
        if tail_scale(groups["low"]) == 1 and scale > 1 and low * scale <= high:
            low = plain_number(Decimal(str(low)) * scale)
        if high <= low:
            return None
    numbers = group_numbers(m.re)
    qualifier, qualified_by = _qualified(m, groups, numbers, words)
    changed = groups["change"] and " ".join(groups["change"].lower().split())
    change = words["change"][changed] if changed else None
    if change and qualifier == words["default"] and bounds_amount(m, changed, numbers["change"], words):
        qualifier, change = "over", None
    if not change and qualified_by in words["change"] and words["compared_after"].match(m.string, m.end()):
        qualifier, change = words["default"], words["change"][qualified_by]   # "ít hơn 23% so với ...": a difference
    if change and groups.get("range_from") and high is None and _TO_LEVEL.match(m.string, m.end()):
        change = None   # "tăng từ 15.000 người lên 390 triệu người": the old level, no difference
    unit = groups["unit"] or ""
    percent = unit.strip().startswith("%")
    if change is None and high is None:
        change = _signed(m.string, m.start(numbers["low"]), percent)
    if change is None and high is None and not percent and below_zero(m.string, m.start()):
        low = -low
    return Figure(m.start(), m.end(), low, high, qualifier, change, " ".join(unit.split()), groups,
                  m.start(numbers["low"]), m)
