"""Vietnamese text typed in a legacy font encoding, turned into Unicode.

Before Unicode, Vietnamese documents were typed with font encodings that put the
letters on Latin-1 code points: TCVN3 ("ABC", .VnTime fonts: ``NguyÔn V¨n A``)
and VNI (VNI-Times fonts: ``Nguyeãn Vaên A``). Scraped provincial archives still
carry such text, in old .txt files or in pages that declare Latin-1. The tables
are data, ``patterns/legacy_fonts.tsv``.

A text is converted only when it is plainly one of them: it has no Vietnamese
letter outside Latin-1 (ư, ơ, đ, ạ, ấ, …), and TCVN3's marker characters
(¸ µ ¶ · ¹ ª « ¬ ® § …) or VNI's vowel + mark pairs (aø, eä, oá, öô …) make up at
least ``SHARE`` of its letters. Western European text (ä, ö, ü, ñ, ï) has neither
pattern in that density.

    >>> convert("NguyÔn V¨n Hïng, Chñ tÞch UBND tØnh Th¸i B×nh")
    Converted(text='Nguyễn Văn Hùng, Chủ tịch UBND tỉnh Thái Bình', font='tcvn3')
    >>> convert("Thaønh phoá Hoà Chí Minh").text
    'Thành phố Hồ Chí Minh'
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

import regex

from pipeline.rules import patterns
from pipeline.rules.compiled import compiled

#: the marker characters (TCVN3) or pairs (VNI) must be at least this share of the letters
#: (measured: 8-12 % in TCVN3 text, 12-18 % in VNI text, 0 in Unicode Vietnamese)
SHARE = {"tcvn3": 0.02, "vni": 0.05}
MINIMUM = 3
#: Vietnamese letters outside Latin-1: a text that has them is already Unicode
NATIVE = compiled(re, r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01A0\u01A1\u01AF\u01B0\u1EA0-\u1EF9]")
#: TCVN3 codes that are symbols, not letters, in Latin-1 (never in ordinary text)
TCVN3_MARKERS = "¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾×÷"
#: VNI: a vowel followed by a mark character no Vietnamese or Western word puts there
VNI_MARKERS = r"[aeouyAEOUYôöÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]"


@functools.lru_cache(maxsize=1)
def _tables():
    tables: dict[str, dict[str, str]] = {}
    for row in patterns.load_csv("legacy_fonts.tsv"):
        tables.setdefault(row["font"], {})[row["legacy"]] = row["unicode"]
    pieces = {font: compiled(regex, "|".join(regex.escape(k) for k in sorted(table, key=len, reverse=True)))
              for font, table in tables.items()}
    return tables, pieces


@functools.lru_cache(maxsize=1)
def _detectors():
    # character classes: the stdlib re scans for them about three times faster than regex
    # (the TCVN3 markers are searched in every article, and are nearly never there)
    return compiled(re, f"[{re.escape(TCVN3_MARKERS)}]"), compiled(re, VNI_MARKERS)


def detect(text: str) -> str | None:
    """``"tcvn3"``, ``"vni"`` or None (Unicode, or not sure)."""
    if NATIVE.search(text):   # Unicode Vietnamese (the common case): its first such letter is soon found
        return None
    tcvn3, vni = _detectors()
    if not tcvn3.search(text) and not vni.search(text):
        return None
    letters = sum(1 for c in text if c.isalpha())
    if len(tcvn3.findall(text)) >= max(MINIMUM, SHARE["tcvn3"] * letters):
        return "tcvn3"
    if len(vni.findall(text)) >= max(MINIMUM, SHARE["vni"] * letters):
        return "vni"
    return None


def _recase(original: str, converted: str, table: dict) -> str:
    """TCVN3 capitals with tone marks are the lower-case codes in an upper-case font. A
    word whose other letters are all capitals becomes capitals: with two or more of
    them ("TØNH" -> "TỈNH"), or with one between words in capitals ("HOµ X· HéI")."""
    def capitals(start: int, end: int) -> int | None:
        """How many plain letters of the word; None if one of them is lower-case."""
        plain = [c for c in original[start:end] if c not in table]
        return None if any(not c.isupper() for c in plain) else len(plain)

    words = [m.span() for m in regex.finditer(r"\p{L}+", converted)]
    chars = list(converted)
    for number, (start, end) in enumerate(words):
        if converted[start:end].isupper() or all(c not in table for c in original[start:end]):
            continue
        count = capitals(start, end)
        if not count:
            continue
        if count == 1:
            neighbours = [words[i] for i in (number - 1, number + 1) if 0 <= i < len(words)]
            if not neighbours or not all(capitals(*span) for span in neighbours):
                continue
        chars[start:end] = converted[start:end].upper()
    return "".join(chars)


class Converted(NamedTuple):
    text: str
    font: str | None   # "tcvn3", "vni", or None: the text was left as it was


def convert(text: str, font: str | None = None) -> Converted:
    """The text in Unicode and the font it was in; the text unchanged (font None) when it
    is not plainly TCVN3 or VNI (see :func:`detect`) or ``font`` is not a known one."""
    font = font or detect(text)
    tables, pieces = _tables()
    if font not in tables:
        return Converted(text, None)
    table = tables[font]
    converted = pieces[font].sub(lambda m: table[m.group()], text)
    if font == "tcvn3":   # one character for one: positions line up with the original
        converted = _recase(text, converted, table)
    return Converted(converted, font)
