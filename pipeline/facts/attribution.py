"""Facts: money, counts, percents and ratios, each with what it is about.

Collects ``doc.spans["money"|"percents"|"counts"]`` into ``doc.spans["facts"]`` and
fills, from the figure's sentence and its neighbours:

- ``subject``: the province (gazetteer name), the country (``Việt Nam``) or the
  organization the figure belongs to (:mod:`pipeline.facts.subjects`);
- ``period``: the year or range it refers to (:mod:`pipeline.facts.periods`: "2022",
  "2019-2022", "2023-H1", "2023-Q1", "2023-06");
- ``metric``: what is measured (:mod:`pipeline.facts.metrics`: disbursed, committed,
  approved, mobilized, total_value, ...).

A field stays empty when neither the sentence nor the context says it.

    "Năm 2023, Sơn La tiếp nhận 6 chương trình, dự án, khoản viện trợ với tổng giá trị
     cam kết gần 4,9 triệu USD."
      -> money 4900000 USD under, subject "Sơn La", period "2023", metric "committed"
"""
from __future__ import annotations

import bisect
from collections import defaultdict

from pipeline.component import Column, ComponentSpec, Match, Score, component
from pipeline.entities.dates import reference_year
from pipeline.facts.figures import FIGURE_COLUMNS
from pipeline.facts.metrics import metric
from pipeline.facts.periods import Periods
from pipeline.facts.sentences import Sentences
from pipeline.facts.subjects import Subjects
from pipeline.rules.overlap import Taken

#: the span groups a fact comes from, in order of precedence where two overlap
SOURCES = ("money", "percents", "counts")
FIELDS = tuple(column.name for column in FIGURE_COLUMNS)
#: a figure an article repeats has these equal (see :func:`fill_from_repeats`)
SAME_FIGURE = ("kind", "value", "unit", "change", "per")


def _figure_score(field: str, gold: str, kind: str, unit_pair: tuple | None, extra: tuple = (),
                  defaults: tuple = ()) -> Score:
    pairs = (("value", "value", "number"),) + ((unit_pair,) if unit_pair else ()) + extra
    return Score(field, gold=gold, pairs=pairs, where=(("kind", kind),), gold_defaults=defaults)


SPEC = ComponentSpec(
    name="facts", span_key="facts", table="facts", label="FACT", color="#e4e7d2", label_column="kind",
    colors=(("MONEY", "#f6c342"), ("COUNT", "#bfeeb7"), ("PERCENT", "#c887fb"), ("RATIO", "#c887fb")),
    columns=(
        Column("fact_id", "string", "<doc_id>-<n>, unique in a run"),
        *FIGURE_COLUMNS,
        Column("metric", "string", "what is measured: disbursed, committed, approved, ... (patterns/metrics.yaml)"),
        Column("subject", "string", "whom or where the figure belongs to: a province, Việt Nam or an organization"),
        Column("period", "string", "the time it refers to: 2022, 2019-2022, 2023-H1, 2023-Q1, 2023-06"),
        Column("subject_era", "string", "which map a province subject refers to: pre_2025, post_2025 or empty"),
    ),
    row_id="fact_id",
    with_sentence=True,
    requires=("doc.spans[money]", "doc.spans[percents]", "doc.spans[counts]", "token.is_sent_start"),
    reads=("doc.spans[provinces]", "doc.spans[organizations]", "doc._.reference_year"),
    assigns=("doc.spans[facts]",),
    scores=(
        _figure_score("money", "money", "money", ("currency", "unit", "text")),
        _figure_score("money (with qualifier)", "money", "money", ("currency", "unit", "text"),
                      (("qualifier", "qualifier", "text"),), defaults=(("qualifier", "exact"),)),
        _figure_score("counts", "counts", "count", ("unit", "unit", "name")),
        _figure_score("percents", "percents", "percent", None),
        _figure_score("ratios", "ratios", "ratio", None),
        Score("money attribution", gold="money", pairs=(), method="attribute"),
    ),
)


@component(SPEC)
class FactCollector:
    """Merges the figure spans into facts with subject, period and metric."""

    def __call__(self, doc) -> list[Match]:
        sentences = Sentences(doc)
        subjects = Subjects(doc, sentences)
        periods = Periods(doc.text, reference_year(doc)[0], sentences)
        matches = []
        for span in figures(doc):
            data = {field: (span._.data or {}).get(field) for field in FIELDS}
            data["subject"] = subjects.subject(span.start_char, span.end_char)
            data["subject_era"] = subjects.era(data["subject"], span.start_char)
            data["period"] = periods.period(span.start_char, span.end_char)
            matches.append(Match(span.start_char, span.end_char, data, rule=span._.rule))
        fill_metrics(doc.text, sentences, matches)
        fill_from_repeats(matches)
        return matches


def figures(doc) -> list:
    """The figure spans in text order; a span overlapping one of an earlier source
    (:data:`SOURCES`: money, then percents, then counts) is left out."""
    chosen = []
    for key in SOURCES:
        earlier = Taken.covering((span.start_char, span.end_char) for span in chosen)
        chosen += [span for span in (doc.spans[key] if key in doc.spans else [])
                   if not earlier.overlaps(span.start_char, span.end_char)]
    return sorted(chosen, key=lambda s: s.start_char)


def fill_metrics(text: str, sentences: Sentences, matches: list[Match]) -> None:
    """The metric of each figure (:func:`pipeline.facts.metrics.metric`), given the previous
    figure of its kind in its sentence and the next figure; figures are in text order and
    do not overlap, so both are found by binary search."""
    in_sentence = defaultdict(list)   # (kind, sentence) -> ends of its matches, in text order
    for number, match in enumerate(matches):
        in_sentence[match.data["kind"], sentences.of(match.start)].append((match.end, number))
    starts = [match.start for match in matches]
    for number, match in enumerate(matches):
        same_kind = in_sentence[match.data["kind"], sentences.of(match.start)]
        before = bisect.bisect_right(same_kind, (match.start, len(matches)))
        previous = matches[same_kind[before - 1][1]] if before else None
        after = bisect.bisect_left(starts, match.end, lo=number + 1)
        following = matches[after] if after < len(matches) else None
        match.data["metric"] = metric(text, sentences, match, previous, following)


def fill_from_repeats(matches: list[Match]) -> None:
    """A figure an article repeats is one fact: an empty subject/period/metric of one
    mention is taken from the nearest other mention of the same figure ("Thái Nguyên:
    Viện trợ ... ước đạt 1,3 triệu USD" in the headline takes "disbursed" from "Giá trị
    giải ngân ... ước đạt 1,3 triệu USD" in the body)."""
    repeats = defaultdict(list)
    for match in matches:
        repeats[tuple(match.data[k] for k in SAME_FIGURE)].append(match)
    for mentions in repeats.values():
        for key in ("subject", "period", "metric"):
            _fill_nearest(mentions, key)


def _fill_nearest(mentions: list[Match], key: str) -> None:
    """Mentions in text order: each empty ``key`` from the nearest mention that has it (the
    earlier on a tie; an earlier one may have just been filled), in one pass each way."""
    following, later = [None] * len(mentions), None
    for number in range(len(mentions) - 1, -1, -1):
        following[number] = later
        if mentions[number].data[key] is not None:
            later = mentions[number]
    earlier = None
    for number, match in enumerate(mentions):
        if match.data[key] is None:
            found = [m for m in (earlier, following[number]) if m is not None]
            if found:
                nearest = min(found, key=lambda m: abs(m.start - match.start))
                match.data[key] = nearest.data[key]
                if key == "subject":
                    match.data["subject_era"] = nearest.data["subject_era"]
        if match.data[key] is not None:
            earlier = match
