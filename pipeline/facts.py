"""Facts: money, counts, percents and ratios, each with what it is about.

Collects ``doc.spans["money"|"counts"|"percents"]`` into ``doc.spans["facts"]`` and
fills, from the figure's sentence and its neighbours:

- ``subject``: the province (gazetteer name), the country (``Việt Nam``) or the
  organization the figure belongs to (``patterns/subjects.yaml``);
- ``period``: the year or range it refers to (``patterns/periods.yaml``: "2022",
  "2019-2022", "2023-H1", "2023-Q1", "2023-06");
- ``metric``: what is measured (``patterns/metrics.yaml``: disbursed, committed,
  approved, mobilized, total_value, ...).

A field stays empty when neither the sentence nor the context says it.

    "Năm 2023, Sơn La tiếp nhận 6 chương trình, dự án, khoản viện trợ với tổng giá trị
     cam kết gần 4,9 triệu USD."
      -> money 4900000 USD under, subject "Sơn La", period "2023", metric "committed"
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import patterns
from pipeline.document import Match, to_span
from pipeline.extractors.dates import reference_year
from pipeline.extractors.numbers import _phrases

#: the span groups a fact comes from, in order of precedence where two overlap
SOURCES = ("money", "percents", "counts")
FIELDS = ("kind", "value", "value_high", "unit", "qualifier", "per", "change")
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


# --- periods ----------------------------------------------------------------------------

@dataclass
class Period:
    """A period mention: offsets, normalized value (None if its year is unknown), baseline flag."""

    start: int
    end: int
    period: str | None
    baseline: bool
    rule: str


@functools.lru_cache(maxsize=None)
def _period_rules():
    data = patterns.load_yaml("periods.yaml")
    rules = [(r["name"], regex.compile(r"(?<![\p{L}\p{N}])(?:" + r["pattern"] + r")(?![\p{L}\p{N}])", regex.IGNORECASE))
             for r in data["rules"]]
    baseline = regex.compile(r"(?<![\p{L}])(?:" + _phrases(data["baseline_before"]) + r")\s*$", regex.IGNORECASE)
    return rules, baseline, data


def _period_value(name: str, groups: dict, year: int | None, data: dict) -> str | None:
    y1 = int(groups["y1"]) if groups.get("y1") else year
    if name == "this_year":
        return str(year) if year else None
    if name in ("from_to_years", "year_range"):
        y2 = int(groups["y2"]) if groups.get("y2") else (year if groups.get("now") else None)
        if y2 is None or not y1 or y2 <= y1:
            return None
        return f"{y1}-{y2}"
    if y1 is None:
        return None
    if name == "months_of_year":
        n = groups["n"].lower()
        months = int(n) if n.isdigit() else data["spelled_months"].get(n)
        if not months or not 1 <= months <= 12:
            return None
        first = groups["part"].lower() == "đầu"
        if months == 6:
            return f"{y1}-H1" if first else f"{y1}-H2"
        if months == 3:
            return f"{y1}-Q1" if first else f"{y1}-Q4"
        return f"{y1}-01/{y1}-{months:02d}" if first else f"{y1}-{13 - months:02d}/{y1}-12"
    if name == "quarter":
        q = groups["q"].upper()
        return f"{y1}-Q{ROMAN.get(q) or int(q)}"
    if name == "month_year":
        month = int(groups["m"])
        return f"{y1}-{month:02d}" if 1 <= month <= 12 else None
    return str(y1)


def find_periods(text: str, year: int | None = None) -> list[dict]:
    """Period mentions in ``text``; ``year`` completes those without one ("6 tháng đầu năm").

    ``find_periods("Từ năm 2020 đến 2022, đã có")`` ->
    ``[{"period": "2020-2022", "baseline": False, "text": "Từ năm 2020 đến 2022", ...}]``
    """
    rules, baseline, data = _period_rules()
    candidates = []
    for order, (name, pattern) in enumerate(rules):
        for m in pattern.finditer(text, timeout=patterns.PATTERN_TIMEOUT):
            groups = m.groupdict()
            years = [int(groups[k]) for k in ("y1", "y2") if groups.get(k)]
            if any(not data["min_year"] <= y <= data["max_year"] for y in years):
                continue
            value = _period_value(name, groups, year, data)
            if value is None and name in ("from_to_years", "year_range") and len(years) == 2:
                continue  # "2025-2020" is not a period
            is_baseline = bool(baseline.search(text[max(0, m.start() - 30):m.start()], timeout=patterns.PATTERN_TIMEOUT))
            candidates.append((m.end() - m.start(), -order, Period(m.start(), m.end(), value, is_baseline, name)))
    taken: list[Period] = []
    for _, _, period in sorted(candidates, key=lambda c: (c[0], c[1]), reverse=True):
        if all(period.end <= t.start or period.start >= t.end for t in taken):
            taken.append(period)
    return [{"period": p.period, "baseline": p.baseline, "text": text[p.start:p.end], "start": p.start,
             "end": p.end, "rule": p.rule} for p in sorted(taken, key=lambda p: p.start)]


# --- metrics ----------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _metric_rules():
    data = patterns.load_yaml("metrics.yaml")["metrics"]
    cues = {}
    for metric, spec in data.items():
        for cue in spec["cues"]:
            cues[" ".join(cue.lower().split())] = (spec["rank"], metric)
    pattern = regex.compile(r"(?<![\p{L}\p{N}])(?:" + _phrases(cues) + r")(?![\p{L}\p{N}])", regex.IGNORECASE)
    return cues, pattern


@functools.lru_cache(maxsize=None)
def _restatement():
    words = patterns.load_yaml("metrics.yaml")["restatement_before"]
    return regex.compile(r"(?<![\p{L}\p{N}])(?:" + _phrases(words) + r")\W*$", regex.IGNORECASE)


def find_metric(before: str, after: str = "") -> str | None:
    """The metric the words around a figure name: best-ranked cue, nearest first.

    ``find_metric("Giá trị giải ngân các dự án năm 2022 ước đạt")`` -> ``"disbursed"``
    """
    cues, pattern = _metric_rules()
    for text, nearest_is_last in ((before, True), (after, False)):
        found = [(cues[" ".join(m.group().lower().split())], m.start())
                 for m in pattern.finditer(text, timeout=patterns.PATTERN_TIMEOUT)]
        if found:
            best_rank = min(rank for (rank, _), _ in found)
            ranked = [(metric, start) for (rank, metric), start in found if rank == best_rank]
            return max(ranked, key=lambda c: c[1])[0] if nearest_is_last else min(ranked, key=lambda c: c[1])[0]
    return None


# --- subjects ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _subject_rules():
    data = patterns.load_yaml("subjects.yaml")
    not_after = _phrases(data["national_not_after"])
    national = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?<!(?:{not_after})\s+)(?:{_phrases(data['national_cues'])})(?![\p{{L}}\p{{N}}])")
    unnamed = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{_phrases(data['unnamed_province'])})(?![\p{{L}}\p{{N}}])(?!\s+\p{{Lu}})")
    province_names = sorted({row["name"] for row in patterns.load_csv("provinces.csv")}, key=len, reverse=True)
    in_name = regex.compile(r"(?:tỉnh|thành phố|TP\.?)\s+(" + "|".join(map(regex.escape, province_names)) + r")(?![\p{L}])")
    return data, national, unnamed, in_name


@dataclass
class Mention:
    start: int
    name: str | None   # None: an unnamed "tỉnh" pointing back to the province in context
    place: bool        # a province or the country, rather than an organization


class Context:
    """Subjects and periods of every sentence of one doc, for looking up facts."""

    def __init__(self, doc: Doc):
        data, national, unnamed, in_name = _subject_rules()
        text = doc.text
        self.sentences = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") else [(0, len(text))]
        self.paragraph = [text.count("\n", 0, start) for start, _ in self.sentences]
        year, _ = reference_year(doc)
        mentions: list[Mention] = []
        org_ranges = []
        for span in doc.spans["organizations"] if "organizations" in doc.spans else []:
            name = (span._.data or {}).get("name")
            if not name:
                continue
            org_ranges.append((span.start_char, span.end_char))
            province = in_name.search(name)
            if province:
                mentions.append(Mention(span.start_char, province.group(1), True))
            elif unnamed.search(name.split()[-1]):   # "Hội đồng nhân dân tỉnh": the province in context
                mentions.append(Mention(span.start_char, None, True))
            elif not national.fullmatch(name):
                mentions.append(Mention(span.start_char, name, False))
        self.province_eras = []   # (start, name, era) of every province mention
        for span in doc.spans["provinces"] if "provinces" in doc.spans else []:
            mentions.append(Mention(span.start_char, span._.data["name"], True))
            self.province_eras.append((span.start_char, span._.data["name"], span._.data.get("era")))
        for m in national.finditer(text, timeout=patterns.PATTERN_TIMEOUT):
            if not any(start <= m.start() < end for start, end in org_ranges):
                mentions.append(Mention(m.start(), data["national"], True))
        for m in unnamed.finditer(text, timeout=patterns.PATTERN_TIMEOUT):
            if not any(start <= m.start() < end for start, end in org_ranges):
                mentions.append(Mention(m.start(), None, True))
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.text = text
        self.periods = [p for p in find_periods(text, year) if not p["baseline"]]
        lead_end = self.sentences[:data["lead_sentences"]][-1][1]
        lead_places = [m for m in self.mentions if m.name and m.place and m.start < lead_end]
        self.home = lead_places[0].name if lead_places else None

    def sentence_of(self, offset: int) -> int:
        for number, (start, end) in enumerate(self.sentences):
            if start <= offset < end:
                return number
        return len(self.sentences) - 1

    def in_sentence(self, items, number: int):
        start, end = self.sentences[number]
        return [i for i in items if start <= (i.start if hasattr(i, "start") else i["start"]) < end]

    def earlier_in_paragraph(self, number: int):
        """Sentence numbers before ``number`` in its paragraph, nearest first."""
        back = number - 1
        while back >= 0 and self.paragraph[back] == self.paragraph[number]:
            yield back
            back -= 1

    def subject(self, start: int, end: int) -> str | None:
        """The place the figure belongs to, else an organization (see module docstring).

        Places first at every level: the nearest place before the figure in its sentence
        (an unnamed "tỉnh" there means the province in context), else one after it, else
        the last place of an earlier sentence of the paragraph, else the article's home
        (the first place of the headline and lead). An organization only where no place
        is known: a donor or company in the sentence does not own the province's figure.
        """
        number = self.sentence_of(start)
        here = self.in_sentence(self.mentions, number)
        places = [m for m in here if m.place]
        before = [m for m in places if m.start < start]
        after = [m for m in places if m.start >= end]
        nearest = before[-1] if before else after[0] if after else None
        if nearest is not None and nearest.name:
            return nearest.name
        for back in self.earlier_in_paragraph(number):
            named = [m for m in self.in_sentence(self.mentions, back) if m.name and m.place]
            if named:
                return named[-1].name
        if self.home:
            return self.home
        organizations = [m for m in here if not m.place]
        if organizations:
            before = [m for m in organizations if m.start < start]
            return (before[-1] if before else organizations[0]).name
        for back in self.earlier_in_paragraph(number):
            named = [m for m in self.in_sentence(self.mentions, back) if m.name]
            if named:
                return named[-1].name
        return None

    def subject_era(self, subject: str | None, start: int) -> str | None:
        """The era (pre_2025/post_2025) of a province subject: that of the nearest mention
        of the province before the figure, else after it."""
        eras = [(at, era) for at, name, era in self.province_eras if name == subject]
        before = [era for at, era in eras if at < start]
        return before[-1] if before else eras[0][1] if eras else None

    def period(self, start: int, end: int) -> str | None:
        number = self.sentence_of(start)
        here = [p for p in self.in_sentence(self.periods, number) if p["period"]]
        before = [p for p in here if p["end"] <= start]
        after = [p for p in here if p["start"] >= end]
        # a period right after the figure is its own: "giảm từ 39,14% năm 2022 xuống còn 31,05% năm 2023"
        if after and not self.text[end:after[0]["start"]].strip(" (\t"):
            return after[0]["period"]
        if before:
            return before[-1]["period"]
        if after:
            return after[0]["period"]
        for back in self.earlier_in_paragraph(number):
            values = {p["period"] for p in self.in_sentence(self.periods, back) if p["period"]}
            if len(values) == 1:
                return values.pop()
        return None

    def metric(self, text: str, fact: Match, previous: Match | None, following: Match | None) -> str | None:
        """The metric named between the previous figure of the same kind in the sentence
        (a cue before it was its own) and this one, else after it up to the end of its
        clause; a change with no cue of its own, or a restatement ("tương đương"),
        measures what the figure before it does ("giải ngân ... đạt hơn 228,7 triệu USD,
        tăng 4,9 triệu USD")."""
        sentence_start, sentence_end = self.sentences[self.sentence_of(fact.start)]
        window_start = previous.end if previous is not None else sentence_start
        between = text[window_start:fact.start]
        restates = previous is not None and _restatement().search(between, timeout=patterns.PATTERN_TIMEOUT)
        found = None if restates else find_metric(between)
        if found is None and (fact.data.get("change") or restates) and previous is not None:
            return previous.data.get("metric")
        if found is None:
            window_end = min(sentence_end, following.start if following is not None else sentence_end)
            clause = regex.split(r"[;,.:]", text[fact.end:window_end], maxsplit=1)[0]
            found = find_metric("", clause)
        return found


@Language.component("tintrich_facts")
def collect_facts(doc: Doc) -> Doc:
    """Merge money, percent and count spans into ``doc.spans["facts"]`` with subject/period/metric."""
    context = Context(doc)
    chosen = []
    for table in SOURCES:
        earlier = list(chosen)
        for span in doc.spans[table] if table in doc.spans else []:
            if any(span.start_char < other.end_char and other.start_char < span.end_char for other in earlier):
                continue
            chosen.append(span)
    matches = []
    for span in sorted(chosen, key=lambda s: s.start_char):
        data = {field: (span._.data or {}).get(field) for field in FIELDS}
        data["subject"] = context.subject(span.start_char, span.end_char)
        data["subject_era"] = context.subject_era(data["subject"], span.start_char)
        data["period"] = context.period(span.start_char, span.end_char)
        matches.append(Match(span.start_char, span.end_char, data, rule=span._.rule))
    for number, match in enumerate(matches):
        sentence = context.sentence_of(match.start)
        same_kind = [m for m in matches if m.data["kind"] == match.data["kind"] and context.sentence_of(m.start) == sentence]
        previous = [m for m in same_kind if m.end <= match.start]
        following = [m for m in matches[number + 1:] if m.start >= match.end]
        match.data["metric"] = context.metric(doc.text, match, previous[-1] if previous else None,
                                              following[0] if following else None)
    fill_from_repeats(matches)
    facts = [to_span(doc, match, label="FACT") for match in matches]
    doc.spans["facts"] = [fact for fact in facts if fact is not None]
    return doc


def fill_from_repeats(matches: list[Match]) -> None:
    """A figure an article repeats is one fact: an empty subject/period/metric of one
    mention is taken from the nearest other mention of the same figure ("Thái Nguyên:
    Viện trợ ... ước đạt 1,3 triệu USD" in the headline takes "disbursed" from "Giá trị
    giải ngân ... ước đạt 1,3 triệu USD" in the body)."""
    same = ("kind", "value", "unit", "change", "per")
    for match in matches:
        for key in ("subject", "period", "metric"):
            if match.data[key] is not None:
                continue
            others = [m for m in matches if m is not match and m.data[key] is not None
                      and all(m.data[k] == match.data[k] for k in same)]
            if others:
                nearest = min(others, key=lambda m: abs(m.start - match.start))
                match.data[key] = nearest.data[key]
                if key == "subject":
                    match.data["subject_era"] = nearest.data["subject_era"]
