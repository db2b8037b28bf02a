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

import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component, data_at, rule_at, span_offsets
from pipeline.entities.dates import reference_year
from pipeline.facts.figures import FIGURE_COLUMNS
from pipeline.facts.metrics import metric
from pipeline.facts.periods import Periods
from pipeline.facts.sentences import Sentences
from pipeline.facts.checks import flag_amounts
from pipeline.facts.clauses import Clauses
from pipeline.facts import donors as donors_of, periods as periods_of, subjects as subjects_of
from pipeline.facts.donors import Donors
from pipeline.facts.subjects import PERSON, Subjects, subject_rules
from pipeline.rules import patterns
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import AFTER, BEFORE, PhraseLists, phrases
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
        Column("metric_source", "string", "where the metric was read: clause or sentence"),
        Column("subject", "string", "whom or where the figure belongs to: a province, Việt Nam, a place abroad "
                                    "or an organization"),
        Column("subject_scope", "string", "province, national, foreign, multi (several provinces), organization or empty"),
        Column("subject_source", "string", "where the subject was read: clause, sentence, paragraph, headline, "
                                           "article or source (the province of the site); for an empty subject, why: "
                                           "case (a criminal case's figure), penalty (a rule's scale of penalties), "
                                           "person (a private person's or family's own sum)"),
        Column("period", "string", "the time it refers to: 2022, 2019-2022, 2023-H1, 2023-Q1, 2023-06"),
        Column("period_source", "string", "where the period was read: clause, sentence, paragraph, headline, article "
                                          "or published (the publication year of a figure whose text names no period)"),
        Column("donor", "string", "who gives, funds, signs, invests or lends the amount: organizations' names, "
                                  "'; '-joined"),
        Column("donor_id", "string", "the donors' org_id, '; '-joined, in the order of donor"),
        Column("donor_source", "string", "where the donor was read: clause or sentence"),
        Column("flags", "string", "why an amount should be checked before it is summed: implausible_amount, "
                                  "outlier_1000x (patterns/checks.yaml)"),
        Column("figure_id", "string", "the same figure reported by several articles (same subject, period, metric "
                                      "and unit, values equal within their rounding), set when a run ends"),
        Column("subject_era", "string", "which map a province subject refers to: pre_2025, post_2025 or empty"),
    ),
    row_id="fact_id",
    with_sentence=True,
    requires=("doc.spans[money]", "doc.spans[percents]", "doc.spans[counts]", "token.is_sent_start"),
    reads=("doc.spans[provinces]", "doc.spans[organizations]", "doc.spans[headlines]", "doc._.reference_year",
           "doc._.published", "doc._.url", "doc._.teams", "doc._.title_provinces"),
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
        spans = figures(doc)
        if not spans:   # a fifth of general news states no figure: nothing to attribute
            return []
        sentences = Sentences(doc, _phrase_lists())
        clauses = Clauses(doc.text, sentences, subject_rules()["clause_openers"], [start for start, _ in spans])
        headlines = span_offsets(doc, "headlines")
        headline = sentences.of(headlines[0][0]) if headlines else 0
        amounts = [start for start, end in spans if (data_at(doc, start, end) or {}).get("kind") == "money"]
        subjects = Subjects(doc, sentences, clauses, headline, amounts)
        periods = Periods(doc.text, reference(doc), sentences, clauses, subjects.actors(), headline,
                          anchored=subjects.home.name is not None, days=dated_days(doc))
        donors = Donors(doc, clauses)
        matches = []
        for start, end in spans:
            given = data_at(doc, start, end) or {}
            data = {field: given.get(field) for field in FIELDS}
            subject = subjects.subject(start, end, data.get("kind") or "money", data.get("unit"))
            data.update(subject=subject.name, subject_scope=subject.scope, subject_source=subject.source,
                        subject_era=(subject.era or subjects.era(subject.name, start))
                        if subject.scope == "province" else None)
            # a rate written with the amount dates no event ("2 triệu đồng/người"); a share written before it, outside
            # the figure, does ("mỗi suất 1,5 triệu đồng": per "suất")
            per = data.get("per")
            dated = periods.period(start, end, rate=bool(per) and per.rsplit("/", 1)[-1] in doc.text[start:end])
            data.update(period=dated.period, period_source=dated.source)
            given = donors.donors(start, end, data.get("kind") or "money")
            data.update(donor="; ".join(given.names) or None, donor_source=given.source,
                        donor_id="; ".join(i or "" for i in given.ids) if any(given.ids) else None)
            matches.append(Match(start, end, data, rule=rule_at(doc, start, end)))
        carry_changes(doc.text, matches)
        estimate_in_sentence(doc.text, sentences, matches)
        fill_metrics(_names_masked(sentences), sentences, clauses, matches)
        fill_from_repeats(matches, sentences.spans[headline][1] if sentences.spans else 0)
        flag_amounts(matches)
        return matches


@patterns.resource
def _phrase_lists() -> PhraseLists:
    """The lists of phrases that subjects, periods and donors read in the whole text, read together
    in one pass (six lists: 149 -> 86 us an article on 213 real articles with figures)."""
    return PhraseLists(subjects_of.text_phrases() + periods_of.text_phrases() + donors_of.text_phrases())


_YEAR_MONTH = regex.compile(r"(\d{4})-(\d{2})")


def reference(doc) -> tuple[int | None, int | None, int | None]:
    """(year completing periods without one, publication month, publication year) of a doc."""
    published = _YEAR_MONTH.match(doc._.published or "")
    year = reference_year(doc)[0]
    return (year, int(published.group(2)), int(published.group(1))) if published else (year, None, None)


def dated_days(doc) -> dict[tuple[int, int], tuple[int, int, bool]]:
    """{(start, end): (year, month, written)} of the days of ``doc`` the dates stage gave a year: ``written`` whether
    the text writes that year (``year_source`` "explicit")."""
    found = {}
    for start, end in span_offsets(doc, "dates"):
        data = data_at(doc, start, end) or {}
        date = data.get("date") or ""
        if len(date) == 10 and date[:4].isdigit():   # (a day: "2016-12-17")
            found[start, end] = (int(date[:4]), int(date[5:7]), data.get("year_source") == "explicit")
    return found


def figures(doc) -> list[tuple[int, int]]:
    """(start, end) of the figure spans in text order; a span overlapping one of an earlier source
    (:data:`SOURCES`: money, then percents, then counts) is left out."""
    chosen = []
    for key in SOURCES:
        earlier = Taken.covering(chosen)
        chosen += [(start, end) for start, end in span_offsets(doc, key) if not earlier.overlaps(start, end)]
    return sorted(chosen, key=lambda s: s[0])


def _names_masked(sentences: Sentences) -> str:
    """The text with each organization's name written as capitals of the same length: a cue inside
    a name ("Công ty Cổ phần Đầu tư ...", "Quỹ Hỗ trợ nông dân") names no metric."""
    text, organizations = sentences.text, sentences.organizations
    if not organizations:
        return text
    parts, last = [], 0
    for start, end in sorted((start, end) for start, end, _ in organizations):
        if start >= last:
            parts += [text[last:start], "X" * (end - start)]
            last = end
    return "".join(parts) + text[last:]


#: between two figures, a joining word: the second is given in turn ("tăng 225 đồng/lít và 326 đồng/lít") or
#: restated ("tăng 6 xu Mỹ, hay 0,1%", "giảm 5 tỷ đồng, tương đương 3%")
_JOINED = regex.compile(r"[^\S\n]*,?[^\S\n]*(?:(?P<turn>và)|hay|tức là|tức|tương đương với|tương đương)[^\S\n]+\Z")


def carry_changes(text: str, matches: list[Match]) -> None:
    """A figure joined to a change before it is a change too: given in turn, of the same kind and unit; restated,
    of money or a percent."""
    for previous, match in zip(matches, matches[1:]):
        change = previous.data.get("change")
        if not change or match.data.get("change") or match.data.get("value_high") is not None:
            continue
        joined = _JOINED.match(text, previous.end, match.start)
        if joined is None or joined.end() != match.start:
            continue
        same = (previous.data.get("kind"), previous.data.get("unit")) == (match.data.get("kind"), match.data.get("unit"))
        if same if joined.group("turn") else {previous.data.get("kind"), match.data.get("kind")} <= {"money", "percent"}:
            match.data["change"] = change


@patterns.resource
def _estimates() -> tuple[regex.Pattern, regex.Pattern, int]:
    """(an estimate's words, the last of them before a place found from there back; the stops of their scope; its
    reach): ``qualifiers.yaml`` ``estimated_in_sentence``, ``estimated_stops``, ``estimated_reach``."""
    data = patterns.load_yaml("qualifiers.yaml")
    words = compiled(regex, rf"{BEFORE}(?i:{phrases(data['estimated_in_sentence'])}){AFTER}", regex.REVERSE)
    stops = compiled(regex, rf"(?:{BEFORE}(?i:{phrases(data['estimated_stops'])}){AFTER}|[;:])")
    return words, stops, data["estimated_reach"]


def estimate_in_sentence(text: str, sentences: Sentences, matches: list[Match]) -> None:
    """An amount, a percent or a ratio with no qualifier of its own after an estimate's words in its sentence, with
    no stop between, is estimated too ("ước đạt 462.000 tấn và 867 triệu USD"; ``qualifiers.yaml``)."""
    words, stops, reach = _estimates()
    for match in matches:
        if match.data.get("kind") == "count" or match.data.get("qualifier") != "exact":
            continue
        sentence_start = sentences.spans[sentences.of(match.start)][0]
        found = words.search(text, max(sentence_start, match.start - reach), match.start)
        if found is not None and not stops.search(text, found.end(), match.start):
            match.data["qualifier"] = "estimated"


def fill_metrics(text: str, sentences: Sentences, clauses: Clauses, matches: list[Match]) -> None:
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
        match.data["metric"], match.data["metric_source"] = metric(
            text, sentences, match, previous, following, clauses.clause(match.start)[0])


def fill_from_repeats(matches: list[Match], headline_end: int = 0) -> None:
    """A figure an article repeats is one fact: an empty subject/period/metric of one
    mention is taken from the nearest other mention of the same figure ("Thái Nguyên:
    Viện trợ ... ước đạt 1,3 triệu USD" in the headline takes "disbursed" from "Giá trị
    giải ngân ... ước đạt 1,3 triệu USD" in the body). A count, a percent or a ratio is
    one figure only as the headline's and the body's first mention of it (the headline
    ends at ``headline_end``): two body mentions of the same small number name different
    things ("10 ôtô bán chạy nhất Trung Quốc", then "10 ôtô" of another item)."""
    repeats = defaultdict(list)
    for match in matches:
        repeats[tuple(match.data[k] for k in SAME_FIGURE)].append(match)
    for mentions in repeats.values():
        if len(mentions) < 2:   # (a figure written once has nothing to take)
            continue
        if mentions[0].data.get("kind") != "money":
            headline = [m for m in mentions if m.start < headline_end]
            mentions = headline + [m for m in mentions if m.start >= headline_end][:1] if headline else []
        for key in COMPANIONS:
            _fill_nearest(mentions, key)


def _fill_nearest(mentions: list[Match], key: str) -> None:
    """Mentions in text order: each empty ``key`` from the nearest mention that has it (the
    earlier on a tie; an earlier one may have just been filled), in one pass each way."""
    companions = COMPANIONS[key]
    following, later = [None] * len(mentions), None
    for number in range(len(mentions) - 1, -1, -1):
        following[number] = later
        if _known(mentions[number], key):
            later = mentions[number]
    earlier = None
    for number, match in enumerate(mentions):
        if not _known(match, key):
            found = [m for m in (earlier, following[number]) if m is not None and not _other_giver(m, match)]
            if found:
                nearest = min(found, key=lambda m: abs(m.start - match.start))
                for field in (key, *companions):
                    match.data[field] = nearest.data.get(field)
        if _known(match, key):
            earlier = match


#: the fields that go with each attribution when it is taken from a repeat
COMPANIONS = {"subject": ("subject_scope", "subject_source", "subject_era"), "period": ("period_source",),
              "metric": ("metric_source",), "donor": ("donor_id", "donor_source")}


def _other_giver(one: Match, other: Match) -> bool:
    """Two mentions of one amount given by different bodies are two figures: a foundation's "hơn 15
    triệu đô la" raised is not Rolex's contract "trị giá 15 triệu đô la"."""
    return bool(one.data.get("donor") and other.data.get("donor") and one.data["donor"] != other.data["donor"])


def _known(match: Match, key: str) -> bool:
    """Whether a mention has its ``key``: a value, or (for the subject) a scope that says why it
    has none ("multi": several provinces; "team": a game's count in sports news) or a source that does ("person": a
    private person's sum, which its repeat in the headline does not make the province's). A period that is
    only the publication year is a guess: a repeat that states one replaces it (the headline's "cam
    kết tài trợ 14,5 tỷ đồng" takes the body's "giai đoạn 2021-2023")."""
    if key == "period" and match.data.get("period_source") == "published":
        return False
    return match.data.get(key) is not None or (key == "subject" and (match.data.get("subject_scope") in ("multi", "team")
                                                                      or match.data.get("subject_source") == PERSON.source))
