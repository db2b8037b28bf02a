"""Periods: the year, range, half, quarter or month a figure refers to (``patterns/periods.yaml``).

    >>> find_periods("Từ năm 2020 đến 2022, đã có")[0]["period"]
    '2020-2022'

Values: ``2022``, ``2019-2022``, ``2023-H1``, ``2023-Q1``, ``2023-06``, ``2024-01/2024-09``.
A period without its year ("6 tháng đầu năm") takes the reference year of the doc;
a baseline ("so với năm 2022") is marked and never a figure's period.
"""
from __future__ import annotations

import bisect

from dataclasses import dataclass

import regex

from pipeline.facts.clauses import Clauses
from pipeline.facts.figures import group_names
from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending
from pipeline.facts.sentences import Sentences
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, Phrases, lower_case, phrases
from pipeline.rules.overlap import non_overlapping

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass
class Period:
    """A period mention: offsets, normalized value (None if its year is unknown), baseline flag."""

    start: int
    end: int
    period: str | None
    baseline: bool
    rule: str


@dataclass(frozen=True, eq=False)   # (hashed as itself: a rule's requirements are looked up by it)
class AnyCase:
    """A pattern read in any case, and, when its own words have no capital (nothing in it reads
    case), the same pattern matched as written in the lower-cased text, where it finds the same
    spans about twice as fast as regex reads a text in any case. That holds for a text whose
    lower case keeps every character in its place and has no ſ (which regex reads as an s in
    any case, and lower() keeps): tests/test_periods_lowered.py checks, over every character,
    that regex reads in any case the letters of the rules exactly where lower() writes them, and
    that lower() keeps letters, digits, spaces and word characters what they were. A pattern's
    capitals that are only letters to read in any case ("quý IV", "Olympic") are read in the lower
    case as their lower case, and a part read in any case (``(?i:đến)``) as written: regex scans a
    text for such a part several times slower (:func:`_reading_lower_case`)."""

    any_case: regex.Pattern
    lowered: regex.Pattern | None

    @staticmethod
    def compile(words: str, before: str = "", after: str = "") -> AnyCase:
        """``words`` between the zero-width checks ``before`` and ``after`` (BEFORE, AFTER: letters
        and digits, which a lower case keeps)."""
        lowered = _reading_lower_case(words)
        return AnyCase(compiled(regex, before + "(?:" + words + ")" + after, regex.IGNORECASE),
                       None if lowered is None else compiled(regex, before + "(?:" + lowered + ")" + after))

    def reading(self, text: str, lowered: str | None) -> tuple[regex.Pattern, str]:
        """The pattern and the text to search for the matches in ``text`` (``lowered``: its
        lower case from :func:`comparable_lower`, or None)."""
        return (self.lowered, lowered) if lowered is not None and self.lowered is not None else (self.any_case, text)


#: the parts of a pattern's source :func:`_reading_lower_case` reads: a property, an escape, a group's opening, a class
_SOURCE_PART = regex.compile(r"\\[pP]\{\w+\}|\\.|\(\?(?:P<\w+>|[^:=!<P]*:|<?[=!])?|\[(?:\\.|[^\]\\])*\]|.", regex.DOTALL)
#: the escapes that read no case: the letters and digits (which a lower case keeps), and no upper-case escape (\\S, \\D)
_CASELESS_ESCAPES = ("\\p{L}", "\\p{N}")


def _reading_lower_case(words: str) -> str | None:
    """The source that reads in the lower case of a text what ``words`` read in the text in any case: its letters in lower
    case ("quý\\s+(?P<q>IV|III|II|I)": "...iv|iii|ii|i"), a part read in any case read as written ("(?i:đến)": "(?:đến)");
    None where a part reads case: an escape of an upper case (``\\p{Lu}``, ``\\S``), a part read as written
    (``(?-i:Mười)``), a capital in a class (``[A-Z]``), another flag. A group keeps its name."""
    parts = []
    for part in _SOURCE_PART.findall(words):
        if part.startswith("\\"):
            if (part[1:2].isupper() or part.startswith("\\p")) and part not in _CASELESS_ESCAPES:
                return None
        elif part == "(?" or part.startswith("(?") and part.endswith(":"):   # (another flag, a group of another kind)
            if part not in ("(?:", "(?i:"):
                return None
            part = "(?:"
        elif part.startswith("["):
            caseless = part.replace(_CASELESS_ESCAPES[0], "").replace(_CASELESS_ESCAPES[1], "")
            if caseless != caseless.lower():
                return None
        elif not part.startswith("(?"):
            part = part.lower() if len(part.lower()) == 1 else None
            if part is None:
                return None
        parts.append(part)
    return "".join(parts)


#: a character regex reads in any case as a letter lower() does not make it (ſ, an s)
_FOLDED_APART = "ſ"


def comparable_lower(text: str, lowered: str | None = None) -> str | None:
    """The lower case of ``text`` (``lowered`` if given) when :class:`AnyCase` may read it, else None."""
    lowered = lower_case(text) if lowered is None else lowered
    return lowered if len(lowered) == len(text) and _FOLDED_APART not in text else None


@patterns.resource
def _period_rules():
    data = patterns.load_yaml("periods.yaml")
    # a rule's `patterns` are alternatives compiled one by one: regex scans a text fast for a
    # pattern that starts with a literal word, slowly for one that starts with an alternation
    # ... and a rule that ``requires`` some words is searched only in a text that has them
    # ... both read the lower-cased text where they can (AnyCase)
    gates = {source: AnyCase.compile(source) for r in data["rules"] for source in r.get("requires", [])}
    rules = [(r["name"], AnyCase.compile(pattern, BEFORE, AFTER),
              tuple(gates[source] for source in r.get("requires", [])))
             for r in data["rules"] for pattern in r.get("patterns") or [r["pattern"]]]
    # a baseline ("so với năm 2022"), a date of someone's life ("sinh năm 1995") or the year in a
    # law's name ("Luật Các tổ chức tín dụng năm 2010") is never a figure's period
    stops = "(?:trong|vào|từ|đến|tại|của|cho|đã|sẽ|được|là)"   # words no law's name has before its year
    # (a preposition may come between: "thành lập từ năm 1997", "ra đời vào năm 2005"; stop 42)
    life = rf"(?i:{phrases(data['baseline_before'] + data['not_period_before'])})(?:\s+(?:từ|vào)(?![\p{{L}}]))?"
    law = rf"(?:{phrases(data['named_with_year'])})(?:\s+(?!{stops}(?![\p{{L}}]))[\p{{L}}\-,]+){{0,8}}?"
    baseline = Baseline(ending(rf"(?<![\p{{L}}])(?:{life}|{law})\s*$"), ending(rf"(?<![\p{{L}}]){life}\s*$"),
                        tuple(sorted({name.split()[0] for name in data["named_with_year"]})))
    return rules, baseline, data


@dataclass(frozen=True)
class Baseline:
    """The words before a period that make it no figure's: a baseline, a date of someone's life, a law's
    name (:func:`_period_rules`), searched from the end of a window back (``any``). A law's name is
    read as written: a window that holds none of its first words (``laws``: "Luật", "Bộ", "Hiến", nine
    windows in ten) is searched for the others alone (``life``), a search half as long (11 -> 5 us)."""

    any: regex.Pattern
    life: regex.Pattern
    laws: tuple[str, ...]

    def before(self, window: str) -> bool:
        """Whether ``window`` (the text before a period) ends with such words."""
        return bool((self.any if any(word in window for word in self.laws) else self.life).match(window))


def _period_value(name: str, groups: dict, now: tuple, data: dict) -> str | None:
    """The period of one rule's match; ``now`` is (year, month) of the publication (either may be None)."""
    year = now[0]
    y1 = int(groups["y1"]) if groups.get("y1") else year
    for reader in (_to_now, _ranges, _within_year):
        found = reader(name, groups, y1, now, data)
        if found is not False:
            return found
    return str(y1) if y1 else None


def _month(value) -> int | None:
    month = int(value)
    return month if 1 <= month <= 12 else None


def _quarter(written: str, data: dict) -> int:
    """A quarter's number, written in Roman or Arabic numerals or by its place in the year ("IV", "3", "đầu tiên")."""
    return ROMAN.get(written.upper()) or data["spelled_quarters"].get(" ".join(written.lower().split())) or int(written)


def _to_now(name: str, groups: dict, y1, now: tuple, data: dict):
    """Periods that run to the publication month ("đến nay"); False for other rules."""
    year, month = now
    if name == "this_year":
        return str(year) if year else None
    if name == "last_year":   # (the year before the publication's: none where the publication date is unknown)
        return str(year - 1) if year and month else None
    if name == "year_to_date":
        return f"{y1}-01/{year}-{month:02d}" if y1 and year and month and y1 == year else None
    if name in ("from_month_to_now", "from_month_on"):
        first = _month(groups["m1"])
        if not (y1 and year and month and first) or (y1, first) > (year, month):
            return None
        return f"{year}-{month:02d}" if (y1, first) == (year, month) else f"{y1}-{first:02d}/{year}-{month:02d}"
    if name == "from_year_on":
        return f"{y1}-01/{year}-{month:02d}" if year and month and y1 and y1 <= year else None
    if name in ("from_to_years", "year_range") and (groups.get("now") or "").strip().lower() == "nay":
        return f"{y1}-01/{year}-{month:02d}" if year and month and y1 and y1 < year else None
    return False


def _ranges(name: str, groups: dict, y1, now: tuple, data: dict):
    """Ranges of years or of months across years; False for other rules."""
    if name in ("from_to_years", "year_range"):
        y2 = int(groups["y2"]) if groups.get("y2") else (now[0] if groups.get("now") else None)
        return f"{y1}-{y2}" if y2 is not None and y1 and y2 > y1 else None
    if name in ("from_month_to_month", "from_day_to_day"):
        first, last, y2 = _month(groups["m1"]), _month(groups["m"]), int(groups["y2"])
        if not (first and last):
            return None
        y1 = int(groups["y1"]) if groups.get("y1") else y2 - (first > last)   # (the first day's year unwritten)
        return f"{y1}-{first:02d}/{y2}-{last:02d}"
    if name == "from_quarter_to_quarter":
        first, last = (_quarter(groups[q], data) for q in ("q1", "q"))
        y2 = int(groups["y2"])
        return f"{y1}-{3 * first - 2:02d}/{y2}-{3 * last:02d}" if y1 and (y1, first) < (y2, last) else None
    if name == "from_year_to_month":
        last = _month(groups["m"])
        return f"{int(groups['y1'])}-01/{int(groups['y2'])}-{last:02d}" if last else None
    return False


def _within_year(name: str, groups: dict, y1, now: tuple, data: dict):
    """Months, quarters and halves of one year; False for other rules."""
    if y1 is None:
        return None
    if name in ("to_month", "to_month_of_the_year"):
        last = _month(groups["m"])
        return (f"{y1}-01" if last == 1 else f"{y1}-01/{y1}-{last:02d}") if last else None
    if name == "month_name":   # "tháng Tám năm ngoái": the year before the publication's
        y1 += -1 if groups.get("last") else 1 if groups.get("next") else 0
        return f"{y1}-{data['month_names'][' '.join(groups['mname'].split())]:02d}"
    if name in ("month_year", "month_this_year", "month_within", "point_in_time"):
        month = _month(groups["m"])
        return f"{y1}-{month:02d}" if month else None
    if name == "quarter":
        return f"{y1}-Q{_quarter(groups['q'], data)}"
    if name == "months_of_year":
        return _months_of_year(groups, y1, data)
    return False


def _months_of_year(groups: dict, y1: int, data: dict) -> str | None:
    """"6 tháng đầu năm 2023" -> 2023-H1, "9 tháng năm 2025" -> 2025-01/2025-09."""
    n = groups["n"].lower()
    months = int(n) if n.isdigit() else data["spelled_months"].get(n)
    if not months or not 1 <= months <= 12:
        return None
    first = (groups.get("part") or "đầu").lower() == "đầu"
    if months == 6:
        return f"{y1}-H1" if first else f"{y1}-H2"
    if months == 3:
        return f"{y1}-Q1" if first else f"{y1}-Q4"
    if months == 12:
        return str(y1)
    return f"{y1}-01/{y1}-{months:02d}" if first else f"{y1}-{13 - months:02d}/{y1}-12"


def find_periods(text: str, year: int | None = None, month: int | None = None, lowered: str | None = None) -> list[dict]:
    """Period mentions in ``text``; ``year`` completes those without one ("6 tháng đầu năm"),
    ``year`` and ``month`` (of the publication) end those that run to now ("đến nay");
    ``lowered``: the text's lower case, if the caller has it.

    ``find_periods("Từ năm 2020 đến 2022, đã có")`` ->
    ``[{"period": "2020-2022", "baseline": False, "text": "Từ năm 2020 đến 2022", ...}]``
    """
    rules, baseline, data = _period_rules()
    candidates = []
    for order, name, m in _rule_matches(rules, text, comparable_lower(text, lowered)):
        names = group_names(m.re)   # (regex's groupdict() is several times slower than the zip)
        groups = dict(zip(names, m.groups())) if names is not None else m.groupdict()
        years = [int(groups[k]) for k in ("y1", "y2") if groups.get(k)]
        if any(not data["min_year"] <= y <= data["max_year"] for y in years):
            continue
        value = _period_value(name, groups, (year, month), data)
        if value is None and name in ("from_to_years", "year_range") and len(years) == 2:
            continue  # "2025-2020" is not a period
        candidates.append((order, Period(m.start(), m.end(), value, False, name)))
    kept = [period for _, period in non_overlapping(
        candidates, prefer=lambda c: (-(c[1].end - c[1].start), c[0]), span=lambda c: (c[1].start, c[1].end))]
    for period in kept:   # (which overlapping match is kept does not depend on it: read for those only)
        period.baseline = baseline.before(text[max(0, period.start - 90):period.start])
    return [{"period": p.period, "baseline": p.baseline, "text": text[p.start:p.end], "start": p.start,
             "end": p.end, "rule": p.rule} for p in sorted(kept, key=lambda p: p.start)]


_COMMA_NEXT = regex.compile(r"[^\S\n]*,")


@patterns.resource
def _day_opening() -> regex.Pattern:
    """The words a day opening a sentence may be written with before its number (periods.yaml ``day_openers``)."""
    return regex.compile(rf"\s*(?:(?:{phrases(_period_rules()[2]['day_openers'])})\s+)*\d", regex.IGNORECASE)


def _dated_openings(found: list[dict], days: dict[tuple[int, int], tuple[int, int, bool]] | None, text: str,
                    sentences: Sentences) -> list[dict]:
    """``found`` and the day each sentence opens on, followed by a comma (``days``: {(start, end): (year, month,
    written)} of the days the dates stage found): "Ngày 17/12/2016, Sơn ... bị bắt", "Sáng 2/2/2017, ..." date what
    they report that month (rule ``dated_opening``); "Ngày 31/5, 18 chủ tàu đồng loạt gửi đơn", "Vào ngày 5/7, ...",
    written without the year, that year (rule ``dated_opening_this_year``)."""
    opening, words = [], _day_opening()
    for (start, end), (year, month, written) in (days or {}).items():
        if not _COMMA_NEXT.match(text, end):
            continue
        first = sentences.spans[sentences.of(start)][0]
        if text[first:start].strip().lower() not in ("", "vào"):
            # a day with its year set off by commas later in the sentence: "Một thời gian sau, tại Việt Nam, ngày
            # 27/3/2016, trên phố Chùa Láng, ... bắt quả tang 2 người"; not after a period of the sentence, whose day it
            # restates ("Tính đến hết tháng 9, ngày 30/9/2016, ...")
            sentence, first = first, text.rfind(",", first, start) + 1
            if not first or not written or any(sentence <= p["start"] < end for p in found):
                continue
        if not written:   # (the year only: right for a span of days too, "Từ ngày 9 đến 13-6, doanh thu ...")
            period, rule = str(year), "dated_opening_this_year"
        elif (so := words.match(text, first, end)) and so.end() > start:   # (the month: a day's event only)
            period, rule = f"{year}-{month:02d}", "dated_opening"
        else:
            continue
        opening.append({"period": period, "baseline": False, "text": text[start:end], "start": start, "end": end,
                        "rule": rule})
    return sorted(found + opening, key=lambda p: p["start"]) if opening else found


def _rule_matches(rules: list, text: str, lowered: str | None = None):
    """(order, name, match) of every rule's matches in ``text``, rule by rule; a rule whose required
    words are not in the text is not searched (each requirement searched once, whichever rules share it,
    and only until one of a rule's is found: "lũy kế" spares the search for "đến hết").
    ``lowered``: the text's lower case from :func:`comparable_lower` (or None), where a match's
    offsets are the text's and its groups the lower case of the text's."""
    has: dict = {}   # a requirement, and the requirements of a rule (the patterns of one rule share them): found?

    def present(gate: AnyCase) -> bool:
        if gate not in has:
            pattern, read = gate.reading(text, lowered)
            has[gate] = pattern.search(read) is not None
        return has[gate]
    for order, (name, rule, requires) in enumerate(rules):
        if requires:
            found = has.get(requires)
            if found is None:
                found = has[requires] = any(present(gate) for gate in requires)   # (in order, up to the first found)
            if not found:
                continue
        pattern, read = rule.reading(text, lowered)
        for m in pattern.finditer(read):
            yield order, name, m


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` is inside one of ``spans`` (sorted by start, none overlapping)."""
    at = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return at >= 0 and spans[at][0] <= pos < spans[at][1]


@dataclass(frozen=True)
class Dated:
    """A figure's period and where it was read: clause, sentence, paragraph, headline,
    article or published (the publication year of a figure whose text names no period)."""

    period: str | None
    source: str | None


class Periods:
    """The periods of one doc (baselines left out), looked up by a figure's position."""

    def __init__(self, text: str, reference: tuple, sentences: Sentences, clauses: Clauses, actors=frozenset(),
                 headline: int = 0, anchored: bool = True, days: dict | None = None):
        """``reference``: (year, month, published year) - the year completing periods without one,
        the publication month and year (None when unknown); ``actors``: the numbers of the
        sentences that name an organization; ``headline``: the number of the headline's sentence;
        ``anchored``: whether the article has a place of its own (else, in a round-up of general
        news, an earlier sentence's period is another item's and is not carried); ``days``: {(start, end): (year, month,
        written)} of the days the dates stage found (:func:`_dated_openings`)."""
        (year, month, published), data = reference, _period_rules()[2]
        self.text, self.sentences, self.clauses, self.actors = text, sentences, clauses, actors
        lowered = sentences.lowered if sentences.text == text else None
        found = [p for p in find_periods(text, year, month, lowered) if not p["baseline"]]
        self.found = _dated_openings(found, days, text, sentences)
        self.asides = _asides(text, self.found) if "(" in text else {}
        self.by_sentence = sentences.group(self.found)
        limit = _subject_carry_limit()
        own, self.sentence_only = data["not_carried"], data["sentence_only"]   # a day's event dates its own sentence only
        frames = self._one_each(lambda p: p["rule"] not in data["ranges"] and p["rule"] not in own)
        anything = self._one_each(lambda p: p["rule"] not in own)
        cues = self.cues = _period_cues()
        lowered = lower_case(text) if lowered is None else lowered
        found = sentences.phrases if sentences.text == text else (lambda phrases: phrases.finditer(text, lowered))
        self._back = {sentences.of(m.start()) for m in found(cues.anaphora)}
        self._back |= {number for number, (start, _) in enumerate(sentences.spans) if cues.opens(text, start)}
        self._resolve_anaphora(frames, anything, data["ranges"])
        # what an earlier sentence hands on, read back from a figure's sentence when asked (:meth:`_earlier`)
        self.frames, self.anything, self.limit = (frames, anything, limit) if anchored else (None, None, limit)
        # where nothing is carried, the spans of years that may override the lead's (:meth:`_overridden`)
        self.spans_of_years = None if anchored else self._one_each(lambda p: p["rule"] in data["ranges"])
        # (without a publication date, the year the text completes periods with stands for it)
        self.frame, self.frame_range = (_lead(frames, headline, published or year, data["frame_max_age"]),
                                        _lead(anything, headline, published or year, data["frame_max_age"]))
        self.published = str(published) if published else None
        self._ahead, self._now = self._looking_ahead(found(cues.ahead), lowered)
        self._ahead |= self._breakdowns_of(self._ahead)

    def _looking_ahead(self, matches, lowered: str) -> tuple[set, set]:
        """(the sentences that look ahead or state a stock, those that count up to now), from the ``matches`` of
        :attr:`PeriodCues.ahead`: no compound ("thực hiện"), none inside a period ("đến nay" of "từ đầu năm đến nay"),
        no plan right after a percent ("40,8% kế hoạch": a share of the plan reached)."""
        cues, spans, ahead, now = self.cues, [(p["start"], p["end"]) for p in self.found], set(), set()
        for m in matches:
            cue = " ".join(lowered[m.start():m.end()].split())
            if cue not in cues.compounds and not _inside(spans, m.start()) \
                    and not (cue in cues.measured_against and lowered[max(0, m.start() - 3):m.start()].rstrip().endswith("%")):
                (now if cue in cues.to_now else ahead).add(self.sentences.of(m.start()))
        return ahead, now

    def _one_each(self, keep) -> list[str | None]:
        """Each sentence's one period of those ``keep`` accepts, None where it has none or several (an aside's in
        brackets dates no other sentence)."""
        return [_single({p["period"] for p in here if p["period"] and keep(p) and p["start"] not in self.asides})
                if here else None for here in self.by_sentence]   # (most sentences have no period)

    def _earlier(self, number: int, ranges: bool) -> str | None:
        """The one period (``ranges``: of any kind, else no range) of the nearest earlier sentence of
        sentence ``number``'s paragraph that has one, a few sentences back at most (none in a round-up)."""
        values = self.anything if ranges else self.frames
        return None if values is None else self.sentences.carried(number, values.__getitem__, self.limit)

    def _opening(self, number: int) -> str | None:
        """The period that opens sentence ``number`` when it opens a paragraph, set off by a comma
        ("Giai đoạn 2021 - 2023, Quỹ Toàn cầu đã tài trợ ..."): it frames the whole paragraph."""
        sentences, here = self.sentences, self.by_sentence[number]
        if not here or (number and sentences.paragraph[number] == sentences.paragraph[number - 1]):
            return None   # (no period, or not a paragraph's first sentence: none opens it)
        lead = next((p for p in here if p["period"]), None)
        start = sentences.spans[number][0]
        opens = lead and lead["rule"] not in self.sentence_only and _OPENING_BEFORE.fullmatch(self.text, start, lead["start"])
        return lead["period"] if opens and _OPENING_AFTER.match(self.text, lead["end"]) else None

    def _breakdowns_of(self, numbers: set) -> set:
        """The sentences that break down one of ``numbers`` (the sentence right before, same paragraph)."""
        sentences, found = self.sentences, set()
        for number in range(1, len(sentences.spans)):
            if (number - 1 in numbers or number - 1 in found) and sentences.paragraph[number] == sentences.paragraph[number - 1] \
                    and self.cues.breakdown.match(self.text, sentences.spans[number][0]):
                found.add(number)
        return found

    def _resolve_anaphora(self, frames: list, anything: list, ranges: list) -> None:
        """A sentence that points back ("Trong giai đoạn này, AAR Japan đã tài trợ ...") and
        writes no period of its own takes the last range of years written before it anywhere in
        the article, and hands it on to the rest of its paragraph as its own frame."""
        last, self.anaphoric = None, [None] * len(self.by_sentence)
        for number, here in enumerate(self.by_sentence):
            if number in self._back and not anything[number] and last:
                frames[number] = anything[number] = self.anaphoric[number] = last
            found = [p["period"] for p in here if p["period"] and p["rule"] in ranges]
            if found:
                last = found[-1]

    def period(self, start: int, end: int, rate: bool = False) -> Dated:
        """The period of the figure at ``start:end`` (see :func:`_in_sentence`), else the one
        period of an earlier sentence of its paragraph, else the headline's or lead's, else the
        publication year unless the sentence looks ahead or sums up years, or the figure is a rate
        (``rate``: a unit price or an amount per person, which no event dates)."""
        number = self.sentences.of(start)
        found = self._in_sentence(number, start, end)
        if found.period:
            return found
        if self._looks_ahead(number):   # a plan or a standing stock ("hiện có"): only its own period
            return Dated(None, None)
        if number in self._now:   # "Đến nay còn khoảng 14.000 binh sĩ": the publication's, nothing carried
            return Dated(self.published, "published") if self.published and not rate else Dated(None, None)
        if any(p["start"] in self.asides for p in self.by_sentence[number]):
            return Dated(None, None)   # its sentence dates an aside's figures: an earlier sentence's period may not hold
        opening = self.sentences.carried(number, self._opening)   # (the paragraph's first sentence's)
        if opening:
            return Dated(opening, "paragraph")
        ranges = number not in self.actors or self._points_back(number)
        if self._points_back(number) and self.anaphoric[number]:
            return Dated(self.anaphoric[number], "anaphora")
        earlier = self._earlier(number, ranges)
        if earlier:
            return Dated(earlier, "paragraph")
        if self._unknown_year(number, start):   # "4 tháng đầu năm" of no known year: not the lead's nor the article's
            return Dated(None, None)
        frame = self.frame_range if ranges else self.frame
        if frame.period and frame.after <= number:
            return Dated(None, None) if self._overridden(number, frame.period) else Dated(frame.period, frame.source)
        if self.published and not rate and not self.cues.running_total.match(self.text, max(0, start - 80), start):
            return Dated(self.published, "published")
        return Dated(None, None)

    def _unknown_year(self, number: int, start: int) -> bool:
        """Whether the clause of the figure at ``start``, or the sentence before it in its paragraph, names a period
        whose year the text does not give ("4 tháng đầu năm" in an undated article): that is the figure's period,
        which the lead's or the article's does not replace."""
        clause_start, clause_end = self.clauses.clause(start)
        if any(p["period"] is None and clause_start <= p["start"] < clause_end for p in self.by_sentence[number]):
            return True
        previous = number - 1   # or the sentence before, of its paragraph, names only such periods
        return previous >= 0 and self.sentences.paragraph[previous] == self.sentences.paragraph[number] \
            and bool(self.by_sentence[previous]) and all(p["period"] is None for p in self.by_sentence[previous])

    def _overridden(self, number: int, framed: str) -> bool:
        """Whether a nearer sentence of sentence ``number``'s paragraph states another span of years
        than the lead's ``framed`` period, in an article whose earlier periods are not carried (a
        round-up, or no place of its own): the lead's is then not known to hold ("giai đoạn 2011-2015"
        in the lead; "trong giai đoạn 2012 - 2016, ... đã xử lý được trên 610.000 tỷ đồng nợ xấu. Nợ
        xấu do các tổ chức tín dụng tự xử lý (chiếm trên 56%)")."""
        if self.spans_of_years is None:
            return False
        nearer = self.sentences.carried(number, self.spans_of_years.__getitem__, self.limit)
        return nearer is not None and nearer != framed

    def _looks_ahead(self, number: int) -> bool:
        """Whether sentence ``number`` looks ahead or states a stock."""
        return number in self._ahead

    def _points_back(self, number: int) -> bool:
        """Whether sentence ``number`` points back to a range ("trong giai đoạn này")."""
        return number in self._back

    def _dates(self, period: dict, start: int, end: int) -> bool:
        """Whether ``period`` may date the figure at ``start:end``: not from brackets the figure is not in, unless
        they open right after it."""
        aside = self.asides.get(period["start"])
        return aside is None or aside[0] <= start < aside[1] \
            or end <= aside[0] and bool(_RIGHT_BEFORE_BRACKET.fullmatch(self.text, end, aside[0]))

    def _in_sentence(self, number: int, start: int, end: int) -> Dated:
        """One right after the figure, else the nearest before it in its clause, else one after
        it in its clause, else the same in its sentence."""
        here = [p for p in self.by_sentence[number] if p["period"] and self._dates(p, start, end)]
        after = [p for p in here if p["start"] >= end]
        # a period right after the figure is its own: "giảm từ 39,14% năm 2022 xuống còn 31,05% năm 2023",
        # "thấp hơn mức 2,1 nghìn tỷ won trong tháng 5/2017"
        if after and self.cues.right_after.match(self.text, end, after[0]["start"]):
            return Dated(after[0]["period"], "clause")
        clause_start, clause_end = self.clauses.clause(start)
        for source, low, high in (("clause", clause_start, clause_end), ("sentence", 0, len(self.text))):
            inside = [p for p in here if low <= p["start"] < high]
            before = [p for p in inside if p["end"] <= start]
            if source == "sentence" and not self.cues.breakdown.match(self.text, clause_start):
                # "... hơn 380 triệu USD từ năm 1998 đến năm 2013; ... chi hơn 7,5 tỷ USD": past its clause, a
                # period written after another clause's figure is that figure's (a breakdown's shares it:
                # "... hơn 6,5 triệu USD trong năm 2018, trong đó AAV cam kết 750.000 USD")
                before = [p for p in before if not self.clauses.figure_before(p["start"])]
            if before:
                return Dated(before[-1]["period"], source)
            later = [p for p in inside if p["start"] >= end]
            if source == "sentence":   # past its clause, a period of a clause with a figure of its own is that figure's
                later = [p for p in later if not self.clauses.has_figure(p["start"])]
            if later:
                return Dated(later[0]["period"], source)
        return Dated(None, None)


#: what may stand before and after a period that opens a paragraph ("Trong giai đoạn 2021 - 2023, ...")
_OPENING_BEFORE = regex.compile(r"\s*(?:(?i:trong|từ|vào|suốt)\s+)?")
_OPENING_AFTER = regex.compile(r"[^\S\n]*,")


@dataclass(frozen=True)
class PeriodCues:
    """The words around periods that ``periods.yaml`` lists, compiled once per process."""

    anaphora: Phrases          # point back to a range ("giai đoạn này")
    opener: regex.Pattern      # a sentence opening with a bare "Dự án" points back too
    opener_words: tuple        # ... and the first words of its phrases, as written
    ahead: Phrases             # look ahead or state a stock ("dự kiến", "hiện"), with the compounds
    compounds: frozenset       # ... that are no cue ("thực hiện")
    to_now: frozenset          # ... and those that count up to now ("đến nay": the publication's period)
    measured_against: frozenset   # ... and those that are none right after a percent ("40,8% kế hoạch")
    breakdown: regex.Pattern   # a breakdown opens here ("Trong đó, ...")
    running_total: regex.Pattern   # "nâng tổng ... lên" right before a figure
    right_after: regex.Pattern     # what may stand between a figure and its own period ("trong")

    def opens(self, text: str, start: int) -> bool:
        """Whether the sentence at ``start`` opens with a bare "Dự án" (:attr:`opener`): tried only where one of
        :attr:`opener_words` or a space stands (a sentence's first word, most often another: 16 tries an
        article -> about one)."""
        return (text.startswith(self.opener_words, start) or text[start:start + 1].isspace()) \
            and bool(self.opener.match(text, start))


@patterns.resource
def _period_cues() -> PeriodCues:
    data = _period_rules()[2]
    return PeriodCues(
        anaphora=Phrases(data["anaphora"]),
        opener=compiled(regex, rf"\s*(?:{phrases(data['anaphora_openers'])})\s+(?=\p{{Ll}})"),
        opener_words=tuple(sorted({phrase.split()[0] for phrase in data["anaphora_openers"]})),
        ahead=Phrases(data["not_published"] + data["not_published_compounds"] + data["to_now"]),
        compounds=frozenset(data["not_published_compounds"]), to_now=frozenset(data["to_now"]),
        measured_against=frozenset(data["measured_against"]),
        breakdown=compiled(regex, rf"\s*(?i:{phrases(data['breakdown_openers'])}){AFTER}"),
        running_total=ending(rf"{BEFORE}(?i:{phrases(data['running_totals'])})(?:\s+\p{{Ll}}+){{0,3}}\s+lên\s+\Z"),
        right_after=compiled(regex, rf"[\s(]*(?:(?:{phrases(data['right_after'])})\s+)?\Z"))


def text_phrases() -> list[Phrases]:
    """The lists of phrases :class:`Periods` reads in the whole text (see :meth:`Sentences.phrases`)."""
    cues = _period_cues()
    return [cues.anaphora, cues.ahead]


@dataclass(frozen=True)
class Frame:
    """The period of the headline or lead, for the figures from sentence ``after`` on."""

    period: str | None
    source: str | None
    after: int = 0


_YEAR = regex.compile(r"\d{4}")


def _lead(values: list, headline: int, published: int | None = None, max_age: int = 0) -> Frame:
    """The first period of the headline or lead sentences, unless it ended more than
    ``max_age`` years before the publication year: that is history told in the lead ("tài sản bị
    buôn lậu ra nước ngoài từ năm 1949"), not the period the article reports on."""
    lead = [(number, values[number]) for number in range(headline, headline + _lead_sentences())
            if number < len(values) and values[number]]
    if not lead:
        return Frame(None, None)
    number, value = lead[0]
    if published and max(int(year) for year in _YEAR.findall(value)) < published - max_age:
        return Frame(None, None)
    return Frame(value, "headline" if number == headline else "article", number)


def _single(values: set) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


def _subject_carry_limit() -> int:
    return patterns.load_yaml("subjects.yaml")["carry_sentences"]


def _lead_sentences() -> int:
    return patterns.load_yaml("subjects.yaml")["lead_sentences"]


#: brackets around a position, on one line and without another bracket inside; the few characters between a figure and
#: brackets that open right after it (its unit's end, a space)
_BRACKETS = regex.compile(r"\([^()\n]{0,200}\)")
_RIGHT_BEFORE_BRACKET = regex.compile(r"[^\S\n]*")
_DIGIT = regex.compile(r"\d")


def _asides(text: str, found: list[dict]) -> dict[int, tuple[int, int]]:
    """{start of a period: the span of its brackets} of the periods in brackets that hold a figure of their own, an
    aside's ("(năm 2015 giá tôm giảm 15-20%), xuất khẩu tôm ... năm qua đạt 3,13 tỷ USD"): such a period dates the
    figures of its brackets and one right before them, no other (:meth:`Periods._dates`); brackets that hold the period
    alone or words about it ("(2013-2016)", "(tính đến thời điểm tháng 9/2016)") frame as any period does."""
    asides = {}
    for period in found:
        m = _bracket_around(text, period["start"])
        if m is not None and _DIGIT.search(text[m.start():period["start"]] + text[period["end"]:m.end()]):
            asides[period["start"]] = m.span()
    return asides


def _bracket_around(text: str, pos: int):
    """The match of the brackets around ``pos`` in ``text``, or None."""
    opened = text.rfind("(", max(0, pos - 200), pos)
    if opened < 0 or text.find(")", opened, pos) >= 0:
        return None
    m = _BRACKETS.match(text, opened)
    return m if m is not None and m.end() > pos else None
