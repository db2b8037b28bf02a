"""Vietnamese numbers: pure functions from written figures to values, and back.

"." groups thousands and "," is the decimal mark; scale words multiply; numbers
may be spelled out or mixed. The vocabulary is ``patterns/numbers.yaml``.

    parse_amount("1.196.137")         -> 1196137
    parse_amount("228,7 triệu")       -> 228700000
    parse_amount("1 tỷ 200 triệu")    -> 1200000000
    parse_amount("hai mươi mốt")      -> 21
    parse_amount("1,5 million")       -> 1500000
    parse_amount("hai phẩy năm tỷ")   -> 2500000000
    format_vietnamese(1234.5)         -> "1.234,5"
    spell_vietnamese(105)             -> "một trăm linh năm"

``amount_pattern()`` is the regex source for one number in running text, which
:mod:`pipeline.facts.figures` builds on. Nothing here reads a document.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, phrases

#: possessive: a number is read whole or not at all (giving back digits never lets a unit
#: follow, and would make a run like "1.1.1..." cost time quadratic in its length)
DIGITS = r"\d++(?:[.,]\d++)*+"
_DIGITS = regex.compile(DIGITS)


@dataclass(frozen=True)
class Vocabulary:
    """The number words of ``patterns/numbers.yaml``, lower-cased."""

    digits: dict
    ten: frozenset
    tens: frozenset
    hundred: frozenset
    zero_tens: frozenset
    half: frozenset
    half_of: frozenset
    scales: dict
    never_first: frozenset
    ambiguous_alone: frozenset
    max_digits: int
    decimal_marks: frozenset

    @property
    def decimal_digits(self) -> dict[str, int]:
        """The digit words read one by one after a spelled decimal mark ("hai phẩy không năm"):
        those that can start a number, and "không"."""
        return {w: v for w, v in self.digits.items() if w == "không" or w not in self.never_first}

    @property
    def words(self) -> set[str]:
        return {*self.digits, *self.ten, *self.tens, *self.hundred, *self.zero_tens, *self.half, *self.half_of, *self.scales}


@functools.lru_cache(maxsize=None)
def vocabulary() -> Vocabulary:
    data = patterns.load_yaml("numbers.yaml")
    return Vocabulary(
        digits={k.lower(): v for k, v in data["digits"].items()},
        ten=frozenset(data["ten"]), tens=frozenset(data["tens"]), hundred=frozenset(data["hundred"]),
        zero_tens=frozenset(data["zero_tens"]), half=frozenset(data["half"]), half_of=frozenset(data["half_of"]),
        scales={k.lower(): Decimal(v) for k, v in data["scales"].items()},
        never_first=frozenset(data["never_first"]), ambiguous_alone=frozenset(data["ambiguous_alone"]),
        max_digits=int(data["max_digits"]), decimal_marks=frozenset(data["decimal_marks"]),
    )


def plain_number(value: Decimal) -> int | float:
    """``Decimal('5')`` -> 5, ``Decimal('2.5')`` -> 2.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def parse_digits(text: str) -> int | float | None:
    """A figure written with digits, Vietnamese style first: ``"1.234,5"`` -> 1234.5.

    One "," is a decimal mark ("27,9") unless three zeros follow it, which no Vietnamese writer puts after a decimal
    mark ("10,000 máy tính", "3,000 căn biệt thự": English thousands; review of batch articles, stop 54);
    "." followed by exactly three digits groups
    thousands ("1.407"), otherwise it is an English decimal point ("1.5"); with both
    marks the last one is the decimal mark ("1,234.5" English, "1.234,5" Vietnamese).
    Malformed groups ("1.23.4") give None.
    """
    text = text.strip()
    if not _DIGITS.fullmatch(text) or sum(c.isdigit() for c in text) > vocabulary().max_digits:
        return None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if text.count(decimal_mark) > 1:
            return None
        whole, fraction = text.split(decimal_mark)
        return _grouped(whole, group_mark, fraction)
    if dots:
        if dots == 1 and len(text.split(".")[1]) != 3:
            return _grouped(text.split(".")[0], ".", text.split(".")[1])
        return _grouped(text, ".", "")
    if commas:
        if commas == 1 and not text.endswith(",000"):
            whole, fraction = text.split(",")
            return _grouped(whole, ",", fraction)
        return _grouped(text, ",", "")
    return plain_number(Decimal(text))


def _grouped(whole: str, group_mark: str, fraction: str) -> int | float | None:
    groups = whole.split(group_mark)
    if any(len(g) != 3 for g in groups[1:]) or not groups[0]:
        return None
    try:
        return plain_number(Decimal("".join(groups) + ("." + fraction if fraction else "")))
    except InvalidOperation:
        return None


class _Small:
    """A number below one thousand being read word by word ("hai trăm linh năm")."""

    def __init__(self):
        self.hundreds = self.tens = self.units = self.literal = None
        self.zero_tens = False

    @property
    def empty(self) -> bool:
        return self.hundreds is None and self.tens is None and self.units is None and self.literal is None

    def value(self) -> Decimal | None:
        """None for the colloquial "hai trăm năm" (250 or 205?), which is not a figure."""
        if self.literal is not None:
            return self.literal
        if self.hundreds is not None and self.units is not None and self.tens is None and not self.zero_tens:
            return None
        return (self.hundreds or 0) + (self.tens or 0) + (self.units or 0)


class _AmountReader:
    """Reads a number word by word: small numbers (:class:`_Small`) multiplied by scale words
    onto a stack of (amount, scale) parts. Each ``take_*`` method returns False when the word
    cannot continue the number."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.stack: list[tuple[Decimal, Decimal]] = []
        self.small = _Small()
        self.previous: str | None = None
        self.decimals: str | None = None   # the digits after a spelled decimal mark, being read

    def read(self, word: str) -> bool:
        key, vocab = word.lower(), self.vocab
        if self.decimals is not None and key not in vocab.scales:
            taken = self.take_decimal(word, key)
        elif key in vocab.decimal_marks:
            taken = self.take_mark()
        elif _DIGITS.fullmatch(word):
            taken = self.take_digits(word)
        elif key in vocab.digits:
            taken = self.small.units is None and self.small.literal is None
            if taken:
                self.small.units = Decimal(vocab.digits[key])
        elif key in vocab.half_of:   # "nửa tỷ": a half, then its scale
            taken = self.small.empty and not self.stack
            if taken:
                self.small.literal = Decimal("0.5")
        elif key in vocab.ten:
            taken = self.small.units is None and self.small.tens is None and self.small.literal is None
            if taken:
                self.small.tens = Decimal(10)
        elif key in vocab.tens:
            taken = self.small.units is not None and self.small.tens is None
            if taken:
                self.small.tens, self.small.units = self.small.units * 10, None
        else:
            taken = self.take_word(key)
        self.previous = key
        return taken

    def take_mark(self) -> bool:
        """"phẩy", "chấm": decimals follow a whole number below a thousand ("hai phẩy năm")."""
        whole = None if self.stack or self.small.empty else self.small.value()
        if whole is None or whole != whole.to_integral_value():
            return False
        self.decimals = ""
        return True

    def take_decimal(self, word: str, key: str) -> bool:
        """The decimals after a spelled mark: digits, or digit words one by one."""
        if word.isdigit() and not self.decimals:
            self.decimals = word
        elif key in self.vocab.decimal_digits:
            self.decimals += str(self.vocab.decimal_digits[key])
        else:
            return False
        return True

    def close_decimals(self) -> bool:
        """The whole number and its decimals become one literal (before a scale word, at the end)."""
        if self.decimals is None:
            return True
        if not self.decimals:
            return False
        whole, self.small = self.small.value(), _Small()
        self.small.literal, self.decimals = Decimal(f"{whole}.{self.decimals}"), None
        return True

    def take_digits(self, word: str) -> bool:
        value = parse_digits(word)
        if value is None or not self.small.empty:
            return False
        self.small.literal = Decimal(str(value))
        return True

    def take_word(self, key: str) -> bool:
        vocab, small = self.vocab, self.small
        if key in vocab.hundred:
            if small.hundreds is not None or small.tens is not None or small.literal is not None:
                return False
            small.hundreds = (small.units if small.units is not None else Decimal(1)) * 100
            small.units = None
            return True
        if key in vocab.zero_tens:
            small.zero_tens = small.hundreds is not None and small.tens is None and small.units is None
            return small.zero_tens
        if key in vocab.half:
            return self.take_half()
        if key in vocab.scales:
            return self.take_scale(vocab.scales[key])
        return False

    def take_half(self) -> bool:
        """"rưỡi": half of the scale just read ("hai triệu rưỡi"), or fifty after "trăm"."""
        if self.previous in self.vocab.scales and self.stack:
            amount, scale = self.stack.pop()
            self.stack.append((amount + scale / 2, scale))
            return True
        if self.previous in self.vocab.hundred and self.small.hundreds is not None:
            self.small.hundreds += 50
            return True
        return False

    def take_scale(self, scale: Decimal) -> bool:
        """A scale word multiplies what was read since the last larger one ("3 nghìn tỷ")."""
        stack = self.stack
        if not self.close_decimals():
            return False
        if self.small.empty and not (stack and stack[-1][1] < scale):
            return False
        amount = self.small.value()
        if amount is None:
            return False
        while stack and stack[-1][1] < scale:
            amount += stack.pop()[0]
        if stack and stack[-1][1] == scale:
            return False
        stack.append((amount * scale, scale))
        self.small = _Small()
        return True

    def value(self) -> int | float | None:
        if not self.close_decimals() or self.small.empty and not self.stack:
            return None
        last = Decimal(0) if self.small.empty else self.small.value()
        if last is None:
            return None
        return plain_number(sum((amount for amount, _ in self.stack), Decimal(0)) + last)


@functools.lru_cache(maxsize=4096)   # the same numbers come back ("2020", "1,3 triệu"), each read by three grammars
def parse_amount(text: str) -> int | float | None:
    """A number in digits, words or both, with scale words: ``"3 nghìn tỷ"`` -> 3e12.

    Returns None when the words do not form a number ("ba năm" read as 3 then 5).
    """
    reader = _AmountReader(vocabulary())
    for word in text.split():
        if not reader.read(word):
            return None
    return reader.value()


def tail_scale(text: str) -> int:
    """The product of the scale words ending a number: ``"7 nghìn tỷ"`` -> 1e12, ``"7"`` -> 1.

    The low end of a range borrows it: "5-7 tỷ đồng" is 5e9 to 7e9.
    """
    scales = vocabulary().scales
    product = Decimal(1)
    for word in reversed(text.split()):
        if word.lower() not in scales:
            break
        product *= scales[word.lower()]
    return plain_number(product)


def is_spelled_alone(text: str) -> bool:
    """True for a lone ambiguous word ("một", "năm") that is not read as a number by itself."""
    return text.strip().lower() in vocabulary().ambiguous_alone


@functools.lru_cache(maxsize=None)
def amount_pattern() -> str:
    """Regex source (no groups) for one number in running text.

    Digits with optional scale words ("1,3 triệu", "3 nghìn tỷ", "1 tỷ 200 triệu"),
    or spelled words ("mười lăm", "hai triệu rưỡi"). Scale words cannot start a number.
    """
    vocab = vocabulary()
    word = phrases(vocab.words)
    first = phrases(vocab.words - set(vocab.scales) - vocab.never_first - vocab.hundred)
    scale = phrases(set(vocab.scales) | vocab.half)
    digit_word = phrases(vocab.decimal_digits)
    # "2 chấm 23", "hai phẩy không năm": a spelled decimal mark and the decimals after it
    digit_words = rf"(?i:{digit_word}){AFTER}(?:\s+(?i:{digit_word}){AFTER})*"
    decimals = rf"(?:\s+(?i:{phrases(vocab.decimal_marks)})\s+(?:\d++(?![.,]\d)|{digit_words}))?"
    digits_part = rf"{DIGITS}{decimals}(?:\s+(?i:{scale}){AFTER})*"
    words_part = rf"(?i:{first}){AFTER}(?:\s+(?i:{word}){AFTER})*{decimals}(?:\s+(?i:{scale}){AFTER})*"
    more = rf"(?:\s+{DIGITS}(?:\s+(?i:{phrases(vocab.scales)}){AFTER})+)*"
    return rf"(?<![\p{{L}}\p{{N}}.,])(?:{digits_part}|{words_part}){more}"


def format_vietnamese(value: int | float | Decimal) -> str:
    """A number as Vietnamese news prints it: ``1196137`` -> ``"1.196.137"``, ``228.7`` -> ``"228,7"``."""
    number = Decimal(str(value))
    sign = "-" if number < 0 else ""
    whole, _, fraction = format(abs(number), "f").partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = ".".join([whole, *groups])
    return sign + text + ("," + fraction if fraction else "")


_UNIT_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUP_SCALES = ["", "nghìn", "triệu", "tỷ"]


def _spell_below_thousand(number: int, leading: bool) -> list[str]:
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or not leading:
        words += [_UNIT_WORDS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += (["linh"] if words else []) + [_UNIT_WORDS[units]]
    elif tens == 1:
        words += ["mười"] + ([{5: "lăm"}.get(units, _UNIT_WORDS[units])] if units else [])
    else:
        words += [_UNIT_WORDS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 5: "lăm"}.get(units, _UNIT_WORDS[units]))
    return words


def spell_vietnamese(number: int) -> str:
    """A whole number read out in words: ``2500`` -> ``"hai nghìn năm trăm"``.

    Numbers of a thousand billion and more are read with "nghìn tỷ", "triệu tỷ".
    """
    if number == 0:
        return "không"
    if number >= 10 ** 12:
        high, low = divmod(number, 10 ** 9)
        words = spell_vietnamese(high).split() + ["tỷ"]
        return " ".join(words + (_spell_groups(low, leading=False) if low else []))
    return " ".join(_spell_groups(number, leading=True))


def _spell_groups(number: int, leading: bool) -> list[str]:
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    if not leading:
        groups += [0] * (4 - len(groups))
    words = []
    for power in range(len(groups) - 1, -1, -1):
        group = groups[power]
        if group == 0:
            continue
        first = not words and leading
        words += _spell_below_thousand(group, leading=first) + ([_GROUP_SCALES[power]] if power else [])
    return words
