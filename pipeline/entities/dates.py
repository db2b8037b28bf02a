"""Calendar dates, with a missing year resolved, and the publication dateline.

Rules and cue words are in ``patterns/dates.yaml``. A day and month written
without a year ("Sáng 5/12") take the year from the publication date (the year
that puts the date nearest to it, or one stated around the date within a year of it). In
an article without a publication date they take the latest year of their sentence, else
the article's latest, only where the text states that year more than once (a year stated
once is the article's history, a plan or a title as often as the date's), else the run's
``--published-year``; the row says where the year came from (``year_source``). A date
inside a name ("đường Cách mạng tháng 8", "phố 19 tháng 12") is no date. Lines that are
publication datelines ("02:04, 01/04/2021", "Cập nhật: 15/03/2024 08:30") set
``doc._.published`` when the input gave none and are not listed as dates.

    "Sáng 5/12" published 2022-12-06           -> date "2022-12-05", precision day, year_source published
    "Sáng 5/12" undated, "năm 2022" said once  -> date empty, precision day
    "ngày 12/4/2022"                           -> "2022-04-12", day, explicit
    "tháng 10-2017"                            -> "2017-10", month, explicit
    "năm 2023"                                 -> "2023", year, explicit
"""
from __future__ import annotations

import bisect
import datetime
import functools
from collections import Counter
from dataclasses import dataclass

import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component
from pipeline.entities.headlines import find_body, find_headline
from pipeline.rules import patterns
from pipeline.rules.budget import checkpoint
from pipeline.rules.grammar import BEFORE, phrases
from pipeline.rules.overlap import non_overlapping
from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending

#: a date ends where no letter or digit follows, nor a separator and a digit ("5/12/2022" is one date)
DATE_AFTER = r"(?![\p{L}\p{N}]|[/.-]\p{N})"

SPEC = ComponentSpec(
    name="dates", span_key="dates", table="dates", label="DATE", color="#bfe1d9",
    columns=(
        Column("date", "string", "ISO date: 2022-12-05 (day), 2017-10 (month), 2023 (year); empty if the year is unknown"),
        Column("precision", "string", "day, month or year"),
        Column("year_source", "string",
               "explicit; sentence, paragraph or context (the nearest year stated there); published (from the "
               "publication date); archive (the year the run gave, --published-year); article (its latest year, "
               "stated twice or more, no publication date); same_date (where none of these gives one, the year the "
               "article writes the same day and month with); recurring or lunar: no year (every year's date, a "
               "lunar date); near_date: the year of a day of the article's latest full dates within 3 days of it; "
               "older_than_article: no year (an older year of its sentence or paragraph, no "
               "publication date); weekday_contradicts: no year (the weekday written with the date falls on it in "
               "another year than the one found); invalid: no year (no such day in the year found: 29/2); "
               "not_stated: no year (no publication date, and the text states none the rules above accept); "
               "not_resolved: no year (a publication date, yet none of the rules gives one)"),
    ),
    reads=("doc._.published", "doc._.published_year"),
    assigns=("doc.spans[dates]", "doc._.published", "doc._.reference_year"),
    scores=(
        Score("dates", gold="dates", pairs=(("date", "date", "text"),), where=(("precision", "day"),),
              gold_requires="date"),
        Score("published", gold="published", pairs=((None, "published", "text"),), table="articles", scalar=True),
    ),
)


@dataclass(frozen=True)
class DateRules:
    # name, pattern, the anchor every match holds, and another it holds (read only where the first is) or None
    rules: tuple[tuple[str, regex.Pattern, str, regex.Pattern | None], ...]
    anchors: dict[str, regex.Pattern]
    datelines: tuple[tuple[str, int, regex.Pattern], ...]
    not_reported: regex.Pattern   # before a year the article does not report: a horizon, a birth year, a baseline
    ahead: regex.Pattern
    target: regex.Pattern
    period_years: regex.Pattern
    relative: regex.Pattern   # a word after a date that counts it from publication ("tới", "năm sau")
    in_name: regex.Pattern    # the head of a name right before a date ("đường Cách mạng tháng 8")
    weekday: regex.Pattern    # a weekday written with the date ("thứ Sáu (16/6)"): dates.yaml's `weekday`
    recent_days: int
    repeated_year: int
    min_year: int
    max_year: int
    future_cost: float
    dateline_max_chars: int
    dateline_near_lines: int
    near_days: int = 0   # a day this close to a day the article dates in full takes that day's year

    @functools.cached_property
    def by_anchor(self) -> dict[str, list[tuple[int, str, regex.Pattern, regex.Pattern | None]]]:
        """anchor -> (order, name, pattern, also) of each rule whose matches hold that anchor."""
        found: dict[str, list] = {}
        for order, (name, pattern, anchor, also) in enumerate(self.rules):
            found.setdefault(anchor, []).append((order, name, pattern, also))
        return found


@patterns.resource
def date_rules() -> DateRules:
    data = patterns.load_yaml("dates.yaml")
    cue = phrases(data["cues"])
    fill = {"cue": cue, "weekday": data["weekday"], "dmy": data["dmy"], "time": data["time"],
            "counter": data["counter"], "fraction_after": phrases(data["fraction_after"])}

    def expand(pattern: str) -> str:
        for _ in range(2):  # placeholders may contain placeholders ({dmy} in a dateline)
            for key, value in fill.items():
                pattern = pattern.replace("{" + key + "}", f"(?:{value})")
        return pattern

    anchors = {name: regex.compile(anchor, regex.IGNORECASE) for name, anchor in data["anchors"].items()}
    patterns.check_names([rule["anchor"] for rule in data["rules"]], anchors, "dates.yaml: a rule's anchor")
    also = {name: regex.compile(anchor, regex.IGNORECASE) for name, anchor in data.get("also_anchors", {}).items()}
    patterns.check_names([rule["also"] for rule in data["rules"] if "also" in rule], also, "dates.yaml: also")
    rules = tuple((rule["name"], compiled(regex, BEFORE + expand(rule["pattern"]) + DATE_AFTER, regex.IGNORECASE),
                   rule["anchor"], also.get(rule.get("also"))) for rule in data["rules"])
    datelines = tuple((line["name"], line["rank"], compiled(regex, expand(line["pattern"]), regex.IGNORECASE))
                      for line in data["datelines"])
    born = (r"(?<![\p{L}])(?<!(?i:" + phrases(data["born_not_after"]) + r")\s)(?:"
            + phrases(data["born_before_year"]) + ")")
    # one pattern, read from the end of the words before the year back (:func:`ending`: most fail at once)
    not_reported = ending(r"(?:" + phrases(data["horizon_before_year"]) + "|" + born + "|"
                          + phrases(data["baseline_before_year"]) + r")\s*(?:năm\s*)?$", regex.IGNORECASE)
    ahead = regex.compile(BEFORE + r"(?:" + phrases(data["ahead"]) + r")(?![\p{L}])", regex.IGNORECASE)
    target = regex.compile(BEFORE + r"(?:" + phrases(data["target_before_year"]) + r")(?![\p{L}])", regex.IGNORECASE)
    period_years = regex.compile("|".join(f"(?:{p})" for p in data["stated_year_periods"]), regex.IGNORECASE)
    relations = "|".join(f"(?P<{kind}>{phrases(words)})" for kind, words in data["relative_after"].items())
    relative = compiled(regex, rf"[^\S\n]+(?:{relations})(?![\p{{L}}\p{{N}}])"
                             rf"(?![^\S\n]+(?:{phrases(data['relative_not_before'])})(?![\p{{L}}]))", regex.IGNORECASE)
    in_name = ending(r"(?<![\p{L}])(?:" + phrases(data["name_before_date"]) + r")\s+(?:\d{1,2}\s+)?$", regex.IGNORECASE)
    weekday = regex.compile(data["weekday"] + r"(?![\p{L}])", regex.IGNORECASE)
    return DateRules(rules, anchors, datelines, not_reported, ahead, target, period_years, relative, in_name,
                     weekday, data["recent_days"], data["repeated_year"],
                     data["min_year"], data["max_year"],
                     float(data["future_cost"]), data["dateline_max_chars"], data["dateline_near_lines"],
                     near_days=data["near_days"])


@dataclass
class DateMention:
    """One date as written: offsets, the parts it states, the rule that read it."""

    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None
    rule: str

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"


def _valid(year: int | None, month: int | None, day: int | None, rules: DateRules) -> bool:
    if year is not None and not rules.min_year <= year <= rules.max_year:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        try:
            datetime.date(year or 2000, month, day)  # 2000 is a leap year: 29/2 without year is fine
        except (ValueError, TypeError):
            return False
    return True


#: every date has a number; its words reach this far before the first one ("Thứ Bảy,
#: chiều tối ngày 24 đến ngày 27/10") and end with a number; a rule may look a few words past it ("từ 1/3 - 1/2
#: thời gian" is no range of days: dates.yaml fraction_after)
REACH_BEFORE, REACH_AFTER = 60, 16
#: numbers whose windows meet, as one match: digits, then more digits at most the two reaches
#: apart (possessive: a longer gap ends the run at once)
NUMBER_RUN = regex.compile(r"\d+(?:\D{0,%d}+\d+)*+" % (REACH_BEFORE + REACH_AFTER))


def number_windows(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """Stretches of ``text`` around its numbers, merged, where the date rules are run: those
    that hold an anchor of a date ("5/12", "tháng 3", "năm 2024"; most numbers are amounts),
    with the names of the anchors each holds (a rule runs only where its own is)."""
    anchors = date_rules().anchors
    held = [(max(0, m.start() - REACH_BEFORE), min(m.end() + REACH_AFTER, len(text)))
            for m in NUMBER_RUN.finditer(text)]
    held = [(start, end, frozenset(name for name, anchor in anchors.items() if anchor.search(text, start, end)))
            for start, end in held]
    return [window for window in held if window[2]]


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in ``text``, longest first where rules overlap, in text order."""
    rules = date_rules()
    candidates = []
    for start, end, held in number_windows(text):   # each window: the rules of the anchors it holds
        checkpoint()
        for anchor in held:
            for order, name, pattern, also in rules.by_anchor.get(anchor, ()):
                if also is None or also.search(text, start, end):
                    candidates += [(order, mentions) for m in pattern.finditer(text, start, end)
                                   if (mentions := _mentions(m, name, rules))]
    kept = non_overlapping(candidates, prefer=lambda c: (-(c[1][0].end - c[1][0].start), c[0]),
                           span=lambda c: (c[1][0].start, c[1][0].end))
    return sorted((m for _, mentions in kept for m in mentions), key=lambda m: (m.start, -m.end))


#: how far before a date the head of a name that holds it is looked for ("đường Cách mạng ")
NAME_REACH = 30
#: a date written without a cue word: it opens with its number or with "tháng"
BARE_DATE = regex.compile(r"\d|tháng", regex.IGNORECASE)


def in_name(m: regex.Match, rules: DateRules) -> bool:
    """Whether a match is a date without a cue word right after the head of a name
    ("đường Cách mạng tháng 8", "phố 19 tháng 12": streets named after a day)."""
    return bool(BARE_DATE.match(m.string, m.start())
                and rules.in_name.match(m.string, max(0, m.start() - NAME_REACH), m.start()))


def _mentions(m: regex.Match, name: str, rules: DateRules) -> list[DateMention]:
    """The dates of one match of rule ``name`` (none where a part is out of range, none in a name)."""
    if in_name(m, rules):
        return []
    groups = m.groupdict()
    parts = {k: int(groups[k]) if groups.get(k) else None for k in ("day", "month", "year")}
    if groups.get("end_year"):   # a range's first day, in its last day's year (the year before if its month is later)
        parts["year"] = int(groups["end_year"]) - (parts["month"] > int(groups["end_month"]))
    if not _valid(parts["year"], parts["month"], parts["day"], rules):
        return []
    if not groups.get("first_day"):
        return [DateMention(m.start(), m.end(), rule=name, **parts)]
    # "từ ngày 24 đến 27-10": the 24th spans the range, the 27th its end
    first = {**parts, "day": int(groups["first_day"])}
    if not _valid(first["year"], first["month"], first["day"], rules) or first["day"] >= parts["day"]:
        return []
    return [DateMention(m.start(), m.end(), rule=name, **first), DateMention(m.start("day"), m.end(), rule=name, **parts)]


def article_top(text: str) -> tuple[int | None, int | None]:
    """Character offsets of the headline and of the first paragraph (None where not found)."""
    headline = find_headline(text)
    body = find_body(text)
    return (headline[0] if headline else None), (body[1][body[0]][0] if body else None)


def line_numbers(text: str, offsets) -> list[int | None]:
    """The number of the non-empty line holding each offset (None stays None)."""
    return [None if offset is None else sum(1 for line in text[:offset].split("\n") if line.strip())
            for offset in offsets]


def find_dateline(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """(publication date as ISO or None, character ranges of every dateline line): the dateline
    nearest the headline and body when the page prints two (the site's clock and the article's).

    ``find_dateline("Văn Hoa - 05:32, 24/11/2023\\n...")`` -> ``("2023-11-24", [(0, 27)])``
    """
    rules = date_rules()
    candidates, lines, offset, number = [], [], 0, 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) <= rules.dateline_max_chars:
            for _, rank, pattern in rules.datelines:
                m = pattern.fullmatch(stripped)
                if not m:
                    continue
                lines.append((offset, offset + len(line)))
                found = find_dates(m.group("date"))
                if found and found[0].day and found[0].year:
                    d = found[0]
                    candidates.append((rank, number, f"{d.year:04d}-{d.month:02d}-{d.day:02d}"))
                break
        number += bool(stripped)
        offset += len(line) + 1
    if len(candidates) < 2:
        return (candidates[0][2] if candidates else None), lines
    headline, body = line_numbers(text, article_top(text))
    anchor = headline if headline is not None else body

    def preference(candidate):
        rank, at, _ = candidate
        if anchor is None:
            return (rank, at)
        return (abs(at - anchor) > rules.dateline_near_lines, rank, abs(at - (body if body is not None else anchor)))

    return min(candidates, key=preference)[2], lines


_ISO_DATE = regex.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _iso(value) -> datetime.date | None:
    if not value:
        return None
    m = _ISO_DATE.match(str(value))
    if not m:
        return None
    try:
        return datetime.date(*map(int, m.groups()))
    except ValueError:
        return None


@dataclass(frozen=True)
class StatedYears:
    """The years an article states: its latest (horizons, forecasts, baselines and birth years left out,
    reporting periods "quý I/2024" in) and how many times each is stated (forecasts in, baselines out)."""

    latest: int | None
    times: dict[int, int]


def _reported_not(rules: DateRules, before: str) -> bool:
    """Whether the words ``before`` a year make it no year the article reports: a horizon, a birth, a
    baseline ("so với cùng kỳ năm 2016")."""
    return rules.not_reported.match(before) is not None


def stated_years(text: str, mentions: list[DateMention]) -> StatedYears:
    """The years ``text`` states outright (:class:`StatedYears`)."""
    rules = date_rules()
    told = [m for m in mentions if m.year and not _reported_not(rules, text[max(0, m.start - 30):m.start])]
    periods = [int(m.group("year")) for m in rules.period_years.finditer(text)
               if rules.min_year <= int(m.group("year")) <= rules.max_year]
    reported = [m.year for m in told if not rules.target.search(text, max(0, m.start - 80), m.start)] + periods
    return StatedYears(max(reported, default=None), dict(Counter([m.year for m in told] + periods)))


class YearContext:
    """The years an article states outright (not horizons, not baselines, not the year of a full
    date, often a document's), to complete a day and month without one from its sentence, its
    paragraph or the text before it."""

    def __init__(self, text: str, mentions: list[DateMention], published: datetime.date | None):
        rules = date_rules()
        self.text = text
        self.years = [(m.start, m.year) for m in mentions if m.year and m.day is None   # "ngày 20/12/2019" of a
                      and not _reported_not(rules, text[max(0, m.start - 30):m.start])
                      and (published is None or abs(m.year - published.year) <= 1)]
        self.positions = [p for p, _ in self.years]
        # the one year the article writes a day and month with: the same day written again without it
        written: dict[tuple[int, int], set[int]] = {}
        for m in mentions:
            if m.year and m.day:
                written.setdefault((m.month, m.day), set()).add(m.year)
        self.same_day = {day: years.pop() for day, years in written.items() if len(years) == 1}
        # the latest year the text writes anywhere ("(1957 - 2017)"): a full date of an older year is history
        self.latest_written = max(map(int, _ANY_YEAR.findall(text)), default=None) if self.same_day else None

    def latest(self, start: int, end: int, at: int) -> int | None:
        """The latest year stated between ``start`` and ``end`` (a meeting "Chiều 26/1" that reviews
        "năm 2023" and plans "năm 2024" is in 2024)."""
        low, high = bisect.bisect_left(self.positions, start), bisect.bisect_left(self.positions, end)
        inside = [y for p, y in self.years[low:high] if p != at]
        return max(inside) if inside else None

    def looks_ahead(self, m: DateMention) -> bool:
        """Whether the sentence announces what is to come before the date ("dự kiến", "trước ngày")."""
        text = self.text
        start = max(text.rfind("\n", 0, m.start), text.rfind(". ", 0, m.start)) + 1
        return bool(date_rules().ahead.search(text, start, m.end))

    def relation(self, m: DateMention) -> str | None:
        """How the words right after the date count it from publication: next, this, next_year,
        last_year, or recurring and lunar (no year at all; dates.yaml `relative_after`), or None."""
        found = date_rules().relative.match(self.text, m.end)
        return found.lastgroup if found else None

    def year_of(self, m: DateMention) -> tuple[int | None, str | None]:
        """(year, "sentence" | "paragraph" | "context") for a mention without a year: the latest year
        of its sentence, else of its paragraph, else the last year stated before the paragraph."""
        text = self.text
        para_start = text.rfind("\n", 0, m.start) + 1
        para_end = len(text) if (end := text.find("\n", m.end)) < 0 else end
        marks = [text.rfind(mark, para_start, m.start) for mark in (". ", "; ")]
        sentence_start = max([para_start] + [p + 2 for p in marks if p >= 0])
        ends = [e for e in (text.find(mark, m.end, para_end) for mark in (". ", "; ")) if e >= 0]
        sentence_end = min(ends) if ends else para_end
        for start, end, source in ((sentence_start, sentence_end, "sentence"), (para_start, para_end, "paragraph")):
            year = self.latest(start, end, m.start)
            if year is not None:
                return year, source
        before = bisect.bisect_left(self.positions, para_start)
        return (self.years[before - 1][1], "context") if before else (None, None)


def resolve_year(m: DateMention, context: YearContext, published: datetime.date | None,
                 stated: StatedYears | None, archive: int | None = None) -> tuple[int | None, str | None]:
    """(year, year_source) of a date mention (:func:`year_of_mention`); where that gives none, the one year the
    article writes the same day and month with ("tối 16-2" in an article that writes "trưa 16-2-2017")."""
    year, source = year_of_mention(m, context, published, stated, archive)
    if year is None and source is None and m.day and not context.relation(m):   # (no reason to leave it empty)
        same = context.same_day.get((m.month, m.day))
        if same is not None:
            return same, "same_date"
        # the story's days: those of the latest year the text writes, not an anniversary's ("7/6/1957" in "60 năm ...
        # (1957 - 2017)")
        present = {day: year for day, year in context.same_day.items() if year == context.latest_written}
        near = near_day_year(m.month, m.day, present, date_rules().near_days)
        if near is not None:   # "ngày 14-2", "rạng sáng 18-2" beside "trưa 16-2-2017": the story's days
            return near, "near_date"
    return year, source


_ANY_YEAR = regex.compile(r"(?<![\p{N}])(?:19|20)\d\d(?![\p{N}])")


def near_day_year(month: int, day: int, dated: dict[tuple[int, int], int], reach: int) -> int | None:
    """The year that puts day ``day`` of ``month`` within ``reach`` days of a day the article dates in full (``dated``:
    (month, day) -> year), the nearest such day's; None where none is that near, or two near ones disagree."""
    found = set()
    for (other_month, other_day), year in dated.items():
        for candidate in (year - 1, year, year + 1):   # "30/12" beside "2/1/2017" is 2016's
            try:
                gap = abs((datetime.date(candidate, month, day) - datetime.date(year, other_month, other_day)).days)
            except ValueError:   # 29/2 of another year, an impossible day
                continue
            if gap <= reach:
                found.add(candidate)
    return found.pop() if len(found) == 1 else None


def year_of_mention(m: DateMention, context: YearContext, published: datetime.date | None,
                    stated: StatedYears | None, archive: int | None = None) -> tuple[int | None, str | None]:
    """(year, year_source) of a date mention (see ``patterns/dates.yaml``, recent_days). ``stated``
    (:func:`stated_years`) is read only when ``published`` is None (:func:`undated_year`), and
    ``archive`` (the year the run says the articles were published in, ``--published-year``) only
    where the text gives no year."""
    if m.year is not None:
        return m.year, "explicit"
    relation = context.relation(m)
    if relation in ("recurring", "lunar"):   # "ngày 11 tháng 11 hàng năm", "21-23/2 âm lịch": no one year
        return None, relation
    if published is None:
        return undated_year(m, context, relation, stated, archive)
    if relation:   # "tháng 6 tới": counted from the publication date
        return relative_year(m, relation, published), "published"
    near = nearest_year(m.month, m.day, published)
    try:
        gap = (published - datetime.date(near, m.month, m.day or 1)).days
    except (TypeError, ValueError):
        gap = None
    if gap is not None and 0 <= gap <= date_rules().recent_days:
        return near, "published"
    year, source = context.year_of(m)
    if year is not None and source == "context" and context.looks_ahead(m):
        return nearest_year(m.month, m.day, published), "published"   # "Dự kiến từ ngày 15/6": ahead
    if year is not None:
        return year, source
    return nearest_year(m.month, m.day, published), "published"


def undated_year(m: DateMention, context: YearContext, relation: str | None, stated: StatedYears,
                 archive: int | None) -> tuple[int | None, str | None]:
    """(year, year_source) of a day and month without a year in an article without publication date:
    the latest year of their sentence, else the article's latest, where the article states that year
    at least ``dates.yaml`` repeated_year times (none where the year of their sentence, paragraph or
    the text before is older than the article's latest: "older_than_article"); else the run's year
    (``archive``)."""
    if not relation:
        year, source = context.year_of(m)
        if year is not None and stated.latest is not None and year < stated.latest:
            return None, "older_than_article"   # "Ông Kohl qua đời vào ngày 16/6" in a paragraph on 1989
        year, source = (year, source) if source == "sentence" else (stated.latest, "article")
        if year is not None and stated.times.get(year, 0) >= date_rules().repeated_year:
            return year, source
    if archive and (not relation or relation in YEAR_RELATIONS):   # "năm ngoái" needs the year only
        return archive + YEAR_RELATIONS.get(relation, 0), "archive"
    return None, None


#: relations to the publication year that do not depend on its day ("năm nay", "năm sau", "năm ngoái")
YEAR_RELATIONS = {"this": 0, "next_year": 1, "last_year": -1}


def relative_year(m: DateMention, relation: str, published: datetime.date) -> int:
    """The year of a date counted from ``published``: the next such day ("tháng 6 tới"), this
    year's, next year's or last year's."""
    if relation == "next":
        return published.year + ((m.month, m.day or 0) < (published.month, published.day))
    if relation == "last":
        return published.year - ((m.month, m.day or 0) > (published.month, published.day))
    return published.year + YEAR_RELATIONS[relation]


def nearest_year(month: int, day: int | None, published: datetime.date) -> int | None:
    """The year putting day/month nearest the publication date (later dates cost more)."""
    rules = date_rules()
    best = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            when = datetime.date(year, month, day or 1)
        except ValueError:
            continue
        gap = (published - when).days
        cost = gap if gap >= 0 else -gap * rules.future_cost
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


#: the days of the week as dates.yaml's `weekday` reads them, lower case, one space ("thứ Hai" is Monday),
#: datetime's numbering
_WEEKDAYS = {"thứ hai": 0, "thứ ba": 1, "thứ tư": 2, "thứ năm": 3, "thứ sáu": 4, "thứ bảy": 5, "chủ nhật": 6,
             "thứ 2": 0, "thứ 3": 1, "thứ 4": 2, "thứ 5": 3, "thứ 6": 4, "thứ 7": 5}


def weekday_agrees(text: str, m: DateMention, year: int) -> bool:
    """False when the date is written with a weekday ("thứ Sáu (16/6)", "Chủ nhật, 5/12") that the
    day and month fall on in another year than ``year``: a year found elsewhere in the text that the
    writer's own weekday contradicts is left out rather than given."""
    written = date_rules().weekday.search(text, m.start, m.end)
    if written is None or not m.day:
        return True
    day = _WEEKDAYS.get(" ".join(written.group().lower().split()))
    try:
        return day is None or datetime.date(year, m.month, m.day).weekday() == day
    except ValueError:
        return True


def reference_year(doc) -> tuple[int | None, str | None]:
    """(year, source) that completes a date or period without a year in this doc.

    Set by the dates component: the publication year ("published"), else the latest year
    the article states ("article"), else the year the run gave (``--published-year``,
    "archive"), else (None, None).
    """
    return doc._.reference_year or (None, None)


@component(SPEC)
class DateFinder:
    """Finds dates in ``doc.text``; sets ``doc._.published`` from a dateline if missing."""

    def __init__(self):
        date_rules()

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        published_in_text, dateline_ranges = find_dateline(text)
        if not doc._.published and published_in_text:
            doc._.published = published_in_text
        mentions = [m for m in find_dates(text)
                    if not any(start <= m.start < end for start, end in dateline_ranges)]
        published = _iso(doc._.published)
        # the article's latest year stands in for a publication date only: not read when there is one
        stated = None if published else stated_years(text, mentions)
        archive = None if published else doc._.published_year
        if published:
            doc._.reference_year = (published.year, "published")
        elif stated.latest:
            doc._.reference_year = (stated.latest, "article")
        elif archive:
            doc._.reference_year = (archive, "archive")
        context = YearContext(text, mentions, published)
        found = []
        for m in mentions:
            year, source = resolve_year(m, context, published, stated, archive)
            if year is not None and not _valid(year, m.month, m.day, date_rules()):
                year, source = None, "invalid"   # "29/2" in an article whose year is not a leap year
            elif source != "explicit" and year is not None and not weekday_agrees(text, m, year):
                year, source = None, "weekday_contradicts"   # "thứ Sáu (16/6)" in 2014: a Monday
            if year is None:
                date, source = None, source or ("not_stated" if published is None else "not_resolved")
            elif m.precision == "day":
                date = f"{year:04d}-{m.month:02d}-{m.day:02d}"
            elif m.precision == "month":
                date = f"{year:04d}-{m.month:02d}"
            else:
                date = f"{year:04d}"
            found.append(Match(m.start, m.end, {"date": date, "precision": m.precision, "year_source": source},
                               rule=m.rule))
        return found
