"""The tokenizer's fast reading with ``re`` is the same as its reading with ``regex``."""
from __future__ import annotations

import re

import regex
import pytest

from pipeline.text.tokenizer import COMMON_CHARS, COMMON_PIECE, PIECE, SPACES, words_and_spaces

CLASSES = ((r"[\p{L}\p{M}\p{N}_]", r"\w"), (r"\d", r"\d"), (rf"[{SPACES}]", r"\s"))


def test_both_engines_class_every_common_character_alike():
    common = "".join(chr(code) for code in range(0x2C00) if re.fullmatch(f"[{COMMON_CHARS}]", chr(code)))
    assert len(common) == 4000   # every one of COMMON_CHARS
    for of_regex, of_re in CLASSES:
        assert regex.findall(of_regex, common) == re.findall(of_re, common), of_regex


@pytest.mark.parametrize("text", [
    "UBND tỉnh Thái Bình (VUFO) đạt 1,3 triệu USD/năm.\n\n  Sáng 5/12, 1.196.137 người_dùng\t\x1f—…",
    "Giá 25°C, ½ số vốn, x² + ⅓ € 100 ™ ①",
])
def test_the_fast_reading_gives_the_same_pieces(text):
    assert COMMON_PIECE.findall(text) == PIECE.findall(text)


def test_a_text_with_other_characters_is_read_with_regex():
    text = "Khánh Hòa\u0301 x\u20d7 ၁၂ 漢字"   # a combining mark, a mark for symbols, Myanmar digits
    pieces = PIECE.findall(text)
    assert words_and_spaces(text) == ([token or run for token, _, run in pieces], [space == " " for _, space, _ in pieces])
    assert COMMON_PIECE.findall(text) != pieces
