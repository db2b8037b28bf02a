"""Metrics: what a figure measures, from the words around it (``patterns/metrics.yaml``).

    >>> find_metric("Giá trị giải ngân các dự án năm 2022 ước đạt")
    'disbursed'

Rank 1 cues name an action (giải ngân, cam kết, phê duyệt, ...) and win over rank 2
cues that only say the figure is a total (tổng giá trị, kinh phí); among cues of one
rank the nearest to the figure wins.
"""
from __future__ import annotations

import regex

from pipeline.component import Match
from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending
from pipeline.facts.sentences import Sentences
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, Phrases, phrases


@patterns.resource
def _metric_rules():
    data = patterns.load_yaml("metrics.yaml")
    cues = {" ".join(cue.lower().split()): None for cue in data["not_cues"]}
    for metric, spec in data["metrics"].items():
        kinds = frozenset(spec["kinds"]) if "kinds" in spec else None
        for cue in spec["cues"]:
            cues[" ".join(cue.lower().split())] = (spec["rank"], metric, kinds, False)
        for cue in spec.get("noun_cues", ()):   # the thing an action may be done with
            cues[" ".join(cue.lower().split())] = (spec["rank"], metric, kinds, True)
        for cue in spec.get("money_cues", ()):   # a word that measures amounts only ("chi phí")
            cues[" ".join(cue.lower().split())] = (spec["rank"], metric, frozenset({"money"}), False)
    pattern = Phrases(cues)
    listed = phrases(data["breakdown_words"])
    # what is left of a window once names, numbers, punctuation and these words are taken out
    breakdown = compiled(regex, rf"(?:{BEFORE}(?i:{listed}){AFTER}|\p{{Lu}}[\p{{L}}\p{{N}}.'’-]*|[\d.,%]+|[^\p{{L}}\d]+)*\Z")
    return cues, pattern, breakdown


@patterns.resource
def _named_quantity() -> dict[bool, regex.Pattern]:
    """The last word that names what a figure measures in a text, found from its end: of a percent a rate or a
    tax, of another figure a tax (``metrics.yaml`` ``rate_nouns``, ``tax_nouns``); keyed by "is a percent"."""
    data = patterns.load_yaml("metrics.yaml")
    return {percent: compiled(regex, BEFORE + "(?i:" + phrases(data["tax_nouns"] + (data["rate_nouns"] if percent else []))
                              + ")" + AFTER, regex.REVERSE) for percent in (True, False)}


@patterns.resource
def _people_after() -> regex.Pattern:
    """People, or what they think, right after a percent (``metrics.yaml`` ``shares_of_people``): a share of them."""
    return compiled(regex, r"[^\S\n]*(?i:" + phrases(patterns.load_yaml("metrics.yaml")["shares_of_people"]) + ")" + AFTER)


@patterns.resource
def _count_units() -> frozenset[str]:
    return frozenset(" ".join(unit.lower().split()) for unit in patterns.load_yaml("metrics.yaml")["count_units"])


def _counts_funded(unit: str | None) -> bool:
    """Whether a count's unit is one a metric may measure (``metrics.yaml`` ``count_units``: "dự án", "chương trình")."""
    words = (unit or "").lower().split()
    return any(" ".join(words[:n]) in _count_units() for n in range(1, min(len(words), 3) + 1))


@patterns.resource
def _share_after() -> regex.Pattern:
    """The total a figure is a share of, right after it (``metrics.yaml`` ``share_of``, after one of ``share_links``)."""
    data = patterns.load_yaml("metrics.yaml")
    return compiled(regex, rf"[^\S\n]+(?:(?i:{phrases(data['share_links'])})[^\S\n]+)?(?:{phrases(data['share_of'])}){AFTER}")


@patterns.resource
def _restatement():
    words = patterns.load_yaml("metrics.yaml")["restatement_before"]
    return ending(BEFORE + "(?:" + phrases(words) + r")\W*$", regex.IGNORECASE)


def find_metric(before: str, after: str = "", kind: str | None = None) -> str | None:
    """The metric the words around a figure name: best-ranked cue, nearest first; of a figure
    of ``kind``, only metrics that measure that kind (``kinds`` in ``metrics.yaml``).

    ``find_metric("Giá trị giải ngân các dự án năm 2022 ước đạt")`` -> ``"disbursed"``
    """
    cues, pattern, _ = _metric_rules()
    for text, nearest_is_last in ((before, True), (after, False)):
        found, action_end = [], -1   # where the last action cue ended: a thing right after it is what it is done with
        for m in pattern.finditer(text):
            cue = cues[" ".join(m.group().lower().split())]
            if cue is None or _in_name(text, m.start()) or _as_unit(text, m):
                continue
            if not (cue[3] and action_end >= 0 and not text[action_end:m.start()].strip()) \
                    and (kind is None or cue[2] is None or kind in cue[2]):
                found.append((cue[:2], m.start()))
            action_end = -1 if cue[3] else m.end()
        if found:
            best_rank = min(rank for (rank, _), _ in found)
            ranked = [(metric, start) for (rank, metric), start in found if rank == best_rank]
            return max(ranked, key=lambda c: c[1])[0] if nearest_is_last else min(ranked, key=lambda c: c[1])[0]
    return None


def _cue_ends(text: str) -> bool:
    """Whether a cue of a metric ends ``text`` (spaces aside)."""
    _, pattern, _ = _metric_rules()
    text = text.rstrip()
    return any(m.end() == len(text) for m in pattern.finditer(text[-30:]))


def _cue_starts(text: str) -> bool:
    """Whether a cue of a metric starts ``text`` (spaces aside): after a percent, the thing it is a share of
    ("mức thuế chiếm 66,2% giá bán lẻ xăng dầu" is no price)."""
    cues, pattern, _ = _metric_rules()
    first = next(iter(pattern.finditer(text.lstrip()[:30])), None)
    return first is not None and first.start() == 0 and cues[" ".join(first.group().lower().split())] is not None


def _in_name(text: str, start: int) -> bool:
    """A capitalised cue right after a capitalised word is part of a name ("TAND TP Rạch Giá"), and so is one
    inside a sentence with a capitalised word after it ("xử phạt ông Lương Thái Vinh": a family name, no salary)."""
    if not text[start].isupper():
        return False
    previous = text[max(0, start - 30):start].split()
    if previous and previous[-1][:1].isupper() and previous[-1][-1].isalpha() and text[start - 1].isspace():
        return True
    return bool(previous) and previous[-1][-1:].isalpha() and bool(_CAPITAL_NEXT.match(text, start))


def _as_unit(text: str, m) -> bool:
    """A cue written as a unit: after "/" ("30.000 đồng/ký": kilograms, no signature), or "ký" after a number
    ("mua 2 ký cam"; not "Năm 2015 ký kết")."""
    before = text[max(0, m.start() - 12):m.start()]
    return bool(_PER_BEFORE.search(before) or m.group().lower() == "ký" and _NUMBER_BEFORE.search(before))


#: where the words of a share of people end: a comma, a semicolon, "và" ("17% cho rằng giá sẽ đi ngang và chỉ có 22% ...")
_CLAUSE_JOIN = regex.compile(r"[,;]|(?<![\p{L}])và(?![\p{L}])")

_PER_BEFORE, _NUMBER_BEFORE = regex.compile(r"/[^\S\n]*\Z"), regex.compile(r"\d[^\S\n]+\Z")

#: "giá" right before a figure, with only its links between ("với giá là", "giá bán khoảng"): the figure is a price
_PRICED_RIGHT_BEFORE = regex.compile(r"(?<![\p{L}])(?<!(?i:trị|đấu|đánh|ra|ổn|tỷ|tỉ|định)\s)(?i:giá)(?:\s+(?i:bán|mua|là|ở mức|"
                                     r"khoảng|từ|chỉ|chỉ còn|lên tới|lên đến))*\s*\Z")

#: a capitalised word, then another: a name
_CAPITAL_NEXT = regex.compile(r"\p{Lu}\p{Ll}*[^\S\n]+\p{Lu}")


def _own_words(text: str, between: str, kind: str | None, previous: Match | None) -> str:
    """The words before a figure, from the previous figure of its kind on (``between``), that may name what it measures:
    from the rate or tax they name last on ("mức thuế chiếm 66,2%"; not "số thu thuế": revenue from a tax), and after
    the clause of a share of people before it (what "61% chuyên gia dự đoán giá vàng ..." think is theirs)."""
    if kind == "percent" and previous is not None and _people_after().match(text, previous.end):
        between = between[max((m.end() for m in _CLAUSE_JOIN.finditer(between)), default=len(between)):]
    named = _named_quantity()[kind == "percent"].search(between)
    return between[named.start():] if named and not _cue_ends(between[:named.start()]) else between


def metric(text: str, sentences: Sentences, fact: Match, previous: Match | None,
           following: Match | None, clause_start: int = 0) -> tuple[str | None, str | None]:
    """(metric, source) of a figure: the metric named between the previous figure of the same
    kind in the sentence (a cue before it was its own) and this one, else after it up to the
    end of its clause; source ``clause`` when that text lies in the figure's clause, else
    ``sentence``. A change with no cue of its own, a restatement ("tương đương") and a part
    of a breakdown ("trong đó Nghệ An hơn 5,2 triệu USD") measure what the figure before
    them does, with its source."""
    sentence_start, sentence_end = sentences.spans[sentences.of(fact.start)]
    between = text[(window_start := previous.end if previous is not None else sentence_start):fact.start]
    restates = previous is not None and bool(_restatement().match(between))
    kind = fact.data.get("kind")
    if kind == "count" and not _counts_funded(fact.data.get("unit")):
        return None, None   # "tiếp nhận 17 bệnh nhân": what aid and budgets go to only (metrics.yaml count_units)
    found = None if restates else find_metric(_own_words(text, between, kind, previous), kind=kind)
    if found == "funded" and _share_after().match(text, fact.end):   # "đóng góp 3,5 tỷ USD vào kim ngạch": a share
        return None, None
    if found is not None and found != "price" and kind != "count" and _PRICED_RIGHT_BEFORE.search(between):
        found = "price"   # "ký hợp đồng bán ... với giá là 5.850 USD/tấn": the figure is what the deal's unit costs
    if found is None and previous is not None and (fact.data.get("change") or restates or _breakdown(between)):
        return previous.data.get("metric"), previous.data.get("metric_source")
    if found is not None:
        return found, "clause" if window_start >= clause_start else "sentence"
    window_end = min(sentence_end, following.start if following is not None else sentence_end)
    mark = _CLAUSE_MARK.search(text, fact.end, window_end)
    clause = text[fact.end:mark.start() if mark else window_end]
    found = None if kind == "percent" and (_cue_starts(clause) or _people_after().match(clause)) \
        else find_metric("", clause, kind)
    if found is not None and kind == "count" and not _PASSIVE.search(clause):
        found = None   # "Hai người phụ nữ ... đã chi hơn 2 tỷ đồng": the counted do it, it is not done to them
    if found is None and _priced(fact, between, clause):
        if previous is not None and previous.data.get("per") == fact.data.get("per"):
            # a second amount per the same unit in the sentence measures what the first does ("hỗ trợ 2 triệu
            # đồng/con đối với trâu, bò ... và 1,2 triệu đồng/con đối với bê, nghé"), a price or not ("tăng thuế
            # ... đối với xăng tăng từ 3.000 đồng/lít lên tối đa 5.000 đồng/lít": a tax, both)
            return previous.data.get("metric"), previous.data.get("metric_source")
        found = "price"   # an amount per kilogram, litre, share, ...: what one unit costs
    return found, "clause" if found else None


#: a verb after a count measures it only in the passive ("400 ngôi nhà được hỗ trợ", "4 xã ... do JICA tài trợ")
_PASSIVE = regex.compile(rf"{BEFORE}(?i:được|bị|do){AFTER}")

#: where the words after a figure stop naming its metric
_CLAUSE_MARK = regex.compile(r"[;,.:]")


def _priced(fact: Match, before: str, after: str = "") -> bool:
    """Whether a money figure is an amount per a unit of goods or of a service sold
    (``metrics.yaml`` ``price_units``; not of time or of persons) that the words before it do
    not name as something else (``not_price_before``: "lãi khoảng 9 triệu đồng/ha" is a profit), nor
    the words right after it ("mỗi lít xăng đang gánh 3.000 đồng tiền thuế": a tax)."""
    per = fact.data.get("per")
    units, not_price, named_after = _price_rules()
    return (fact.data.get("kind") == "money" and bool(per) and per.split("/")[0].strip().lower() in units
            and not not_price.search(before) and not named_after.match(after))


@patterns.resource
def _price_rules() -> tuple[frozenset[str], regex.Pattern, regex.Pattern]:
    data = patterns.load_yaml("metrics.yaml")
    return (frozenset(unit.lower() for unit in data["price_units"]),
            compiled(regex, rf"{BEFORE}(?i:{phrases(data['not_price_before'])}){AFTER}"),
            compiled(regex, rf"[^\S\n]+(?:(?i:tiền)[^\S\n]+)?(?i:{phrases(data['not_price_before'])}){AFTER}"))


def _breakdown(between: str) -> bool:
    """Whether only names, numbers and breakdown words lie between two figures."""
    return bool(_metric_rules()[2].match(between))
