"""The number pass: every number of the text found once, for every figure extractor.

Money, counts, percents and ratios all start from a number beside its unit. Instead of
each scanning the whole text for "number next to a unit", this component finds the numbers
once (:func:`pipeline.rules.numbers.amount_pattern`: digits, scale words, spelled numbers)
and leaves their spans in ``doc._.numbers``; each figure grammar then only looks for its
unit right beside them (:meth:`pipeline.facts.figures.FigureGrammar.finditer`).

    >>> doc._.numbers                   # "đạt 1,3 triệu USD, tăng 26%"
    [(4, 15), (26, 28)]
"""
from __future__ import annotations

import re

import regex

from pipeline.component import ComponentSpec, component
from pipeline.rules import patterns
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import for_the_last_text, lower_case
from pipeline.rules.numbers import amount_pattern

SPEC = ComponentSpec(name="numbers", assigns=("doc._.numbers",))


@patterns.resource
def number_re() -> regex.Pattern:
    return compiled(regex, amount_pattern())


#: the characters of which a text is read by :func:`lowered_number_re` (on its lower case): Latin with
#: Vietnamese letters, combining marks, spaces and common punctuation and symbols; each lower-cases
#: to one character that the stdlib ``re`` classes as ``regex`` classes it (letter or digit, digit,
#: space) and that matches a letter of the number words as ``regex`` matches it in any case (checked
#: one by one in tests/test_numbers.py). Left out: "\x1c"-"\x1f" (spaces to ``re`` only), "İ"
#: (two characters in lower case), "ſ" (an "s" in any case to ``regex``)
PLAIN_TEXT = (r"\x00-\x1b\x20-\u012f\u0131-\u017e\u0180-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f"
              r"\u20a0-\u20c0\u2100-\u214f\u2190-\u23ff\u2500-\u27bf")
_NOT_PLAIN = compiled(re, f"[^{PLAIN_TEXT}]")


@patterns.resource
def lowered_number_re() -> re.Pattern:
    """The number pattern for the stdlib ``re``, read on a text's lower case: about twice as fast as
    :func:`number_re` (``regex`` tries its word alternatives in any case at every word start), with
    the same matches on a text of :data:`PLAIN_TEXT` (a letter or digit is ``[^\\W_]`` to ``re``).

    What may stand before a number (no letter, digit, "." or ",") is read as a character, group 1
    being the number: re scans for a pattern's opening class before trying the rest (a fifth faster
    than the lookbehind tried at every character). :func:`find_numbers` puts a space before the
    text (a number may open it) and reads "_", to ``re`` a word character but no letter, as "#"."""
    source = (amount_pattern().removeprefix(r"(?<![\p{L}\p{N}.,])")
              .replace(r"(?![\p{L}\p{N}])", r"(?![^\W_])").replace("(?i:", "(?:"))
    return compiled(re, rf"[^\w.,]({source})")   # (a "\\p{...}" left would be refused: re knows no such class)


@patterns.resource
def glued_codes() -> tuple[str, ...]:
    """The currencies a number may be glued after, as written: "USD1,23", "EUR29,99", "VN$1000"."""
    return tuple(sorted({row["spelling"] for row in patterns.load_csv("currencies.csv")
                         if row["position"] == "before" and (row["spelling"][-1].isalpha() or len(row["spelling"]) > 1)},
                        key=lambda code: (-len(code), code)))


@patterns.resource
def glued_re() -> regex.Pattern:
    """A number (group 1) glued after a currency of :func:`glued_codes`, found from the code on: the
    numbers that the code written in a lookbehind before them would find (no code holds a digit, so a
    code ends where its number starts and the codes come in the order of their numbers), but the
    lookbehind is no more tried at every character of a text that holds a code."""
    return compiled(regex, r"(?<![\p{L}])(?:" + "|".join(map(regex.escape, glued_codes())) + r")(\d+(?:[.,]\d+)*)")


@patterns.resource
def glued_code_re() -> re.Pattern:
    """Any of :func:`glued_codes`: the stdlib re scans for their capitals and finds the first code (or
    none, as in nine texts of ten) in a third of the time of one str.find a code."""
    return compiled(re, "|".join(map(re.escape, glued_codes())))


@for_the_last_text
def plain_lower_case(text: str) -> str | None:
    """The lower case of a text of :data:`PLAIN_TEXT` (the same length, each character read by re as regex
    reads the original), None for another text (the number pass, then the figure grammars of money,
    counts and percents ask for each article's)."""
    return lower_case(text) if _NOT_PLAIN.search(text) is None else None


def find_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) of every number of ``text``, in order."""
    lowered = plain_lower_case(text)
    if lowered is not None:
        spaced = " " + lowered.replace("_", "#")   # (money and percents lower-case it too)
        found = [(m.start(1) - 1, m.end(1) - 1) for m in lowered_number_re().finditer(spaced)]
    else:
        found = [m.span() for m in number_re().finditer(text)]
    code = glued_code_re().search(text)   # a glued number is read from its code on
    glued = [m.span(1) for m in glued_re().finditer(text, code.start())] if code else []
    return sorted(found + glued) if glued else found


@component(SPEC)
def numbers(doc):
    """Set ``doc._.numbers``."""
    doc._.numbers = find_numbers(doc.text)
    return doc
