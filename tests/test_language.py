"""The language check reads a text of common characters with ``re`` as it would with ``regex``."""
from __future__ import annotations

import re

import regex

from pipeline.text.common_chars import COMMON_CHARS
from pipeline.text.language import COMMON_WORD, WORD, _first_words, looks_vietnamese


def test_both_engines_find_the_same_letters_among_the_common_characters():
    common = "".join(chr(code) for code in range(0x2C00) if re.fullmatch(f"[{COMMON_CHARS}]", chr(code)))
    assert regex.findall(r"[\p{L}\p{M}]", common) == re.findall(COMMON_WORD.pattern[:-1], common)
    assert WORD.findall(common) == COMMON_WORD.findall(common)


def test_a_text_with_other_characters_is_read_with_regex():
    text = "Khánh Hòa\u0301 x\u20d7 漢字 Hà Nội"   # a combining mark, a mark for symbols, Han
    assert _first_words(text) == ["Khánh", "Hòa\u0301", "x\u20d7", "漢字", "Hà", "Nội"]
    assert COMMON_WORD.findall(text) != WORD.findall(text)


def test_vietnamese_and_not():
    assert looks_vietnamese("Sáng 5/12, UBND tỉnh Thái Bình tổ chức hội nghị tổng kết công tác năm.")
    assert not looks_vietnamese("The provincial people's committee held a conference on the results of the year.")
