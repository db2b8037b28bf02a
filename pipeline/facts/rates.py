"""The rate a figure is written per where "mỗi" stands before it (or, for a count, right after it), for money and
counts alike:

    "mỗi suất 5 triệu đồng"                        -> per "suất"
    "mỗi nhà tiêu được hỗ trợ 3,5 triệu đồng"      -> per "nhà tiêu"
    "mỗi năm cho thu lãi hơn 200 triệu đồng"       -> per "năm" ("mỗi" earlier in the clause)
    "mỗi năm có khoảng 20.000 con voi bị giết"     -> per "năm"
    "34 trường hợp mỗi ngày"                       -> per "ngày" (:meth:`Rates.after`)

The rules are ``money.yaml``'s (``per_words``, ``per_before_links``, ``per_in_clause_reach``); the unit after "mỗi"
is the longest counted noun there (:mod:`pipeline.facts.counts`), else a word of ``per_words``.
"""
from __future__ import annotations

import regex

from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending
from pipeline.rules.grammar import lower_case


class Rates:
    """``Rates(rules, nouns)(text, start)``: the rate written before the figure at ``start``, or None; ``rules``:
    money.yaml, ``nouns``: the counted nouns (:func:`pipeline.facts.counts.counted_nouns`)."""

    def __init__(self, rules: dict, nouns, commas: bool = True):
        self.nouns, self.commas = nouns, commas
        self.words = frozenset(rules["per_words"])
        self.before_re = ending(r"(?<![\p{L}])(?i:mỗi)\s+(?P<words>\p{Ll}+(?:[^\S\n]+\p{Ll}+){0,4})[^\S\n]+\Z")
        self.links = frozenset(" ".join(link.split()) for link in rules["per_before_links"])
        self.reach = rules["per_in_clause_reach"]   # "mỗi" in the clause: the last one, no number nor mark after it
        self.words_re = compiled(regex, r"(?<![\p{L}])(?i:mỗi)\s+(?:(?i:một)\s+)?(?P<words>\p{Ll}+(?:[^\S\n]+\p{Ll}+){0,4})")
        self.after_re = compiled(regex, r"(?:[^\S\n]+\p{Ll}+){0,2}?[^\S\n]+(?i:mỗi)[^\S\n]+"
                                        r"(?P<words>\p{Ll}+(?:[^\S\n]+\p{Ll}+){0,2})")
        # between the rate and the figure: no number nor mark of a sentence's end; with ``commas`` False (counts) no
        # comma nor quote either but right after a rate that opens its clause ("Mỗi ngày, quán phục vụ chừng 600-1.000
        # khách", "Trung bình mỗi tháng, ..."; not "giá 100 triệu mỗi căn như Bình Dương, dự án phải hội đủ 3 điều
        # kiện", "có mỗi cái nhà, Thảo Vân nuôi con ... cho 2 mẹ con")
        self.gap_re = compiled(regex, r"[^\d.;:!?\n]*" if commas else r"[^\d.,;:!?\n\"“”]*")
        self.fronted_gap_re = compiled(regex, r"[^\S\n]*,[^\d.,;:!?\n\"“”]*")
        self.opens_clause = ending(r"(?:^|[\n.!?:;“\"(,])[^\S\n]*(?:(?i:trung[^\S\n]+bình|bình[^\S\n]+quân)[^\S\n]+)?\Z")

    def __call__(self, text: str, start: int, far: bool = True) -> str | None:
        """The rate written before a figure: right before it, the longest counted noun after "mỗi" and then only
        money.yaml per_before_links; or earlier in its clause, with no number nor sentence mark between ("Với mỗi
        chiếc xe máy đi qua, nhóm người này thu 20 đến 30 nghìn đồng" -> "chiếc"; ``far``: not for a figure with a
        rate of its own, "lương 15 USD mỗi giờ" after "mỗi ngày")."""
        m = self.before_re.search(text, max(0, start - 60), start)
        if m is not None:
            words = m.group("words").split()
            size = self.size(words)
            rest = " ".join(words[size:])
            if size and (not rest or rest in self.links):
                return " ".join(words[:size])
        return self.unit(self.in_clause(text, start) if far else None)

    def after(self, text: str, end: int) -> str | None:
        """The rate written right after a count, a word or two of its noun between: "34 trường hợp mỗi ngày", "30 con chó
        mỗi ngày" -> "ngày"."""
        return self.unit(self.after_re.match(text, end))

    def unit(self, m: regex.Match | None) -> str | None:
        """The rate's unit among the words after "mỗi" a match captured (``words``), or None."""
        words = m.group("words").split() if m else []
        size = self.size(words) if words else 0
        return " ".join(words[:size]) if size else None

    def in_clause(self, text: str, start: int) -> regex.Match | None:
        """The last "mỗi" and its words within ``per_in_clause_reach`` before ``start``, with no number nor sentence
        mark after them (found with str.rfind: a pattern that looks ahead for no later "mỗi" read the window again
        from every place)."""
        window_start = max(0, start - self.reach)
        at = lower_case(text[window_start:start]).rfind("mỗi")
        m = self.words_re.match(text, window_start + at, start) if at >= 0 else None
        if m is None:
            return None
        if self.gap_re.match(text, m.end(), start).end() == start:
            return m
        fronted = None if self.commas else self.fronted_gap_re.match(text, m.end(), start)
        if fronted is not None and fronted.end() == start and self.opens_clause.match(text, max(0, m.start() - 20), m.start()):
            return m
        return None

    def size(self, words: list[str]) -> int:
        """How many of ``words`` name the unit of a rate: the longest counted noun, else a word of per_words."""
        size, kind = self.nouns.longest(words)
        if not size or (kind != "noun" and " ".join(words[:size]) not in self.words):
            size = next((n for n in (2, 1) if " ".join(words[:n]) in self.words), 0)
        return size
