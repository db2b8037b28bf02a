"""Money amounts: value in the currency's unit, ISO currency, qualifier, change, rate.

Currency spellings are ``patterns/currencies.csv``; "đồng" traps and rate words are
``patterns/money.yaml``; qualifiers, changes and ranges ``patterns/qualifiers.yaml``.
The matches go to ``doc.spans["money"]``; :mod:`pipeline.facts.attribution` turns them into facts.

    "ước đạt 1,3 triệu USD"              -> 1300000 USD, estimated
    "khoảng 1,2 triệu USD/năm"           -> 1200000 USD, approx, per "năm"
    "tăng 4,9 triệu USD so với năm 2022" -> 4900000 USD, change increase
    "từ 5 đến 7 tỷ đồng"                 -> 5e9 VND, value_high 7e9
    "từ 5 tỷ đồng đến 7 tỷ đồng"         -> the same
    "bị phạt 65 triệu vì quảng cáo"      -> 65000000 VND (rule "amount, VND implied": millions or billions
                                            without currency after a word of money, ``money.yaml`` implied_*)
"""
from __future__ import annotations

from decimal import Decimal

import regex

from pipeline.component import ComponentSpec, Match, component
from pipeline.facts.counts import counted_nouns
from pipeline.facts.figures import FIGURE_COLUMNS, FigureGrammar
from pipeline.facts.rates import Rates
from pipeline.rules import patterns
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import AFTER, lower_case, phrases
from pipeline.rules.numbers import amount_pattern, parse_amount, plain_number
from pipeline.rules.overlap import non_overlapping

SPEC = ComponentSpec(name="money", span_key="money", label="MONEY", columns=FIGURE_COLUMNS,
                     reads=("doc._.numbers",), assigns=("doc.spans[money]",))


def _word_guards(rules: dict) -> str:
    """Regex source after a currency written after its figure: "đồng" and "đô" that start
    another word are no currency ("5 đồng chí", "1 đô thị lớn"), but after a scale word or a
    number grouped in thousands "đồng" is the currency whatever follows ("6,3 tỷ đồng tiền ủng hộ")."""
    not_dong = "|".join(map(regex.escape, rules["dong_not_before"]))
    scaled = phrases(rules["dong_always_after"])
    dong = (rf"(?<!đồng)|(?<=(?:(?<![\p{{L}}])(?i:{scaled})|\d[.,]\d{{3}})\s*đồng)"
            rf"|(?<=đồng)(?!\s+(?:{not_dong}){AFTER})")
    never = rf"(?<!đồng)|(?<=đồng)(?!\s+(?:{phrases(rules['dong_never_before'])}){AFTER})"   # "27.000 đồng xu": coins
    dollar = rf"(?<!(?<![\p{{L}}])đô)|(?<=đô)(?!\s+(?:{phrases(rules['do_not_before'])}){AFTER})"
    # "60 triệu bảng", "367.640 bảng" (pounds), never "5 bảng" (tables, groups); "bảng Anh" is a spelling of its own
    scale_only = "".join(rf"(?:(?<!(?<![\p{{L}}]){regex.escape(word)})"
                         rf"|(?<=(?:(?<![\p{{L}}])(?i:{scaled})|\d[.,]\d{{3}})\s*{regex.escape(word)}))"
                         for word in rules["scale_only"])
    return f"(?:{dong})(?:{never})(?:{dollar}){scale_only}"


class Currencies:
    """Spelling -> ISO code, and the regex sources for currencies after and before a figure."""

    def __init__(self):
        rules = patterns.load_yaml("money.yaml")
        self.codes: dict[str, str] = {}
        spellings = {"after": [], "before": []}
        written = {"after": [], "before": []}   # the spellings as written, by position
        for row in patterns.load_csv("currencies.csv"):
            spelling = row["spelling"]
            written[row["position"]].append(spelling)
            self.codes[spelling] = row["code"]
            if row["case"] == "any":
                self.codes.setdefault(spelling.lower(), row["code"])
            source = r"\s+".join(map(regex.escape, spelling.split()))
            if row["case"] == "any":
                source = f"(?i:{source})"
            if spelling[-1].isalnum():   # a currency written first may be glued to its number: "USD1,23"
                source += AFTER if row["position"] == "after" else r"(?![\p{L}])"
            spellings[row["position"]].append((len(spelling), source))
        self.after = "(?:" + "|".join(s for _, s in sorted(spellings["after"], reverse=True)) + ")" + _word_guards(rules)
        self.before = "(?:" + "|".join(s for _, s in sorted(spellings["before"], reverse=True)) + ")"
        self.after_spellings, self.before_written = written["after"], written["before"]
        self.before_spellings = {spelling.lower() for spelling in written["before"]}
        per_words = phrases(rules["per_words"])
        markers = [m for m in rules["per_markers"] if m != "/"]
        minor_words = phrases(rules["minor_units"])
        self.minor_re = compiled(regex, rf"(?i:{minor_words}){AFTER}")
        self.minor_currency, self.no_minor = rules["minor_currency"], set(rules["no_minor"])
        # "2 đô la và 23 xen", "hai đô 23": hundredths after the amount
        self.minor = (rf"(?:\s+(?:và\s+)?(?P<minor>{amount_pattern()})(?:\s+(?P<minor_unit>(?i:{minor_words}){AFTER}))?"
                      rf"(?(minor_unit)|(?=\s*(?:[.,;!?)]|\Z))))?")
        self.minor_alone = rf"(?i:{minor_words}){AFTER}(?!\s+(?i:{phrases(rules['minor_not_before'])}){AFTER})"
        # after "/" the unit is open: a known unit ("cổ phiếu", "người/tháng"), else any one word
        # ("đồng/lượng", "USD/ounce", "đồng/kit"); after "mỗi", "một" only a known one
        unit = rf"(?:(?:{per_words})|\p{{L}}[\p{{L}}\p{{N}}²³]*){AFTER}"
        # ("20.000 đồng/1 kg": a "1" may stand after the slash; review of batch articles, stop 55)
        self.per = (rf"(?:\s*/\s*(?:0?1[^\S\n]+)?(?P<per>{unit}(?:\s*/\s*{unit})*)"
                    rf"|\s+(?:{phrases(markers)})\s+(?P<per_word>(?:{per_words}){AFTER}))?")

    def code(self, spelling: str) -> str:
        spelling = " ".join(spelling.split())
        return self.codes.get(spelling) or self.codes[spelling.lower()]


@patterns.resource
def currencies() -> Currencies:
    return Currencies()


def shortest(words) -> tuple[str, ...]:
    """The words of ``words`` that hold none of the others: a text holds one of ``words`` if and only if
    it holds one of these ("us$" holds "$", "rs." holds "rs"), and each is one scan of the text fewer
    (three of thirteen: 0.01 ms an article without any, as most are)."""
    return tuple(sorted(word for word in words if not any(other != word and other in word for other in words)))


@component(SPEC)
class MoneyFinder:
    """Finds money amounts in ``doc.text``."""

    def __init__(self):
        self.currencies = currencies()
        self.grammars = [
            ("amount+currency", FigureGrammar(self.currencies.after, tail=self.currencies.minor + self.currencies.per,
                                              kilo=True, unit_spellings=self.currencies.after_spellings), ()),
            ("currency+amount", FigureGrammar(self.currencies.before, unit_first=True, kilo=True,
                                              unit_spellings=self.currencies.before_written),
             shortest(self.currencies.before_spellings)),
            ("amount+minor unit", FigureGrammar(self.currencies.minor_alone), ("xen", "xu", "cent")),
        ]
        rules = patterns.load_yaml("money.yaml")
        scales = phrases(rules["implied_scales"])
        # nothing but a pause or a joining word after the amount: its "unit" is empty
        pause = (rf"(?=[^\S\n]*(?:[,.;:!?)…\n/]|\Z)|[^\S\n]+(?i:{phrases(rules['implied_after'])}){AFTER})")
        self.implied_grammar = FigureGrammar(pause, tail=self.currencies.per)
        self.scaled_re = compiled(regex, rf"(?<![\p{{L}}])(?i:{scales}){AFTER}")
        self.cue_re = compiled(regex, rf"(?<![\p{{L}}])(?i:{phrases(rules['implied_cues'])}){AFTER}")
        self.reach = rules["implied_reach"]
        self.rate_before = Rates(rules, counted_nouns())   # "mỗi suất 5 triệu đồng"
        # the lower-case words after a rate's unit (:meth:`whole_per`), each captured
        self.per_rest_re = compiled(regex, r"(?:[^\S\n]+(?P<word>\p{Ll}+)){1,3}")

    def __call__(self, doc) -> list[Match]:
        text, numbers = doc.text, doc._.numbers   # read once for the three grammars
        lowered = lower_case(text)   # for the unit words two grammars require (the number pass lower-cased it)
        found = [(order, figure, rule) for order, (rule, grammar, required) in enumerate(self.grammars)
                 for figure in grammar.finditer(text, numbers, required, lowered)]
        # an amount without currency: read only at the numbers in millions or billions after a word of money,
        # each with the number before it (a range's low end: "từ 300 đến 600 triệu")
        scaled = sorted({pair for number, span in enumerate(numbers) if self.implied(text, *span)
                         for pair in (numbers[number - 1:number] + [span])})
        found += [(len(self.grammars), figure, "amount, VND implied") for figure in self.implied_grammar.finditer(
            text, scaled) if self.implied(text, figure.start, figure.end)] if scaled else []
        kept = non_overlapping(found, prefer=lambda c: (c[0], c[1].start), span=lambda c: (c[1].start, c[1].end))
        return sorted((self.match(figure, rule) for _, figure, rule in kept), key=lambda m: m.start)

    def implied(self, text: str, start: int, end: int) -> bool:
        """Is an amount without currency at ``start:end`` one in đồng: in millions or billions, after a word of
        money in its clause? (Most numbers are digits alone, which hold no scale word: not searched.)"""
        if not text[start:end].strip("0123456789.,") or not self.scaled_re.search(text, start, end):
            return False
        reach = max(0, start - self.reach)
        clause = max(text.rfind(mark, reach, start) for mark in ".;!?\n")
        return bool(self.cue_re.search(text, max(reach, clause + 1), start))

    def whole_per(self, text: str, per: str, end: int) -> tuple[str, int]:
        """A rate's last unit after "/" that is the first syllable of a counted noun, with the rest of the noun
        ("10.000 đồng/cổ phần", "500.000 đồng/gia đình", "79 USD/thiết bị" rather than "cổ", "gia", "thiết"),
        and the figure's end after it."""
        last = per.rsplit("/", 1)[-1].strip()
        after = self.per_rest_re.match(text, end)
        if " " in last or after is None:
            return per, end
        words = after.captures("word")
        size, kind = counted_nouns().longest([last, *words])
        if size < 2 or kind != "noun":
            return per, end
        return f"{per} {' '.join(words[:size - 1])}", after.spans("word")[size - 2][1]

    def match(self, figure, rule: str) -> Match:
        value, unit, end = figure.value, figure.unit, figure.end
        per = figure.groups.get("per")
        if per:
            per, end = self.whole_per(figure.match.string, per, end)
        per = per or figure.groups.get("per_word")
        before = self.rate_before(figure.match.string, figure.start, far=not per)
        if before:
            per = f"{before}/{per}" if per else before
        if rule == "amount+minor unit":   # "mười xen": hundredths of the minor currency
            value, code = plain_number(Decimal(str(value)) / 100), self.currencies.minor_currency
        elif rule == "amount, VND implied":
            code = "VND"
        else:
            code = self.currencies.code(unit)
            minor = parse_amount(figure.groups["minor"]) if figure.groups.get("minor") else None
            if minor is not None and minor < 100 and code not in self.currencies.no_minor and not figure.value_high \
                    and (figure.groups.get("minor_unit") or value < 10_000 and value == int(value)):
                value = plain_number(Decimal(str(value)) + Decimal(str(minor)) / 100)
            elif minor is not None:   # no cents after millions: "14,6 triệu USD 2. Rings" (a list's next rank)
                end = figure.span("minor")[0]
                while figure.match.string[end - 1].isspace():   # back to the currency's end (a match opens with a number)
                    end -= 1
        return Match(figure.start, end, {
            "kind": "money", "value": value, "value_high": figure.value_high,
            "unit": code, "qualifier": figure.qualifier,
            "per": " ".join(per.split()).replace(" / ", "/") if per else None,
            "change": figure.change,
        }, rule=rule)
