"""The tokenizer's fast reading with ``re`` is the same as its reading with ``regex``, and its
reading chunk by chunk the same as its reading of the whole text."""
from __future__ import annotations

import re

import regex
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.attrs import IDX, IS_SPACE, LENGTH, LOWER, ORTH, SPACY
from spacy.tokens import Doc

from pipeline.text import tokenizer
from pipeline.text.normalize import Normalized, normalize
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


ATTRS = [ORTH, SPACY, IDX, LENGTH, LOWER, IS_SPACE]


def assert_read_whole(nlp, text):
    """The tokenizer's Doc of ``text`` has the tokens, spaces and lexemes of the Doc of its words."""
    words, spaces = words_and_spaces(text)
    doc = nlp.tokenizer.from_normalized(Normalized(text))
    assert [t.text_with_ws for t in doc] == [t.text_with_ws for t in Doc(nlp.vocab, words=words, spaces=spaces)]
    assert (doc.to_array(ATTRS) == Doc(nlp.vocab, words=words, spaces=spaces).to_array(ATTRS)).all()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from([" ", "  ", "\n", "\t", "a", "1", ".", ",", "ờ", "\u00a0", "\x1f",
                                      "x\u0301", "\r\n", "1.000", "Tỉnh", "(VUFO)", "USD/năm."]), max_size=40).map("".join)
       | st.text(max_size=200))
@example(text="")
@example(text="a  b \nc\n d ")   # spaces next to other whitespace or at the ends: no chunks of tokens
def test_chunks_give_the_tokens_of_the_whole_text(nlp, text):
    assert_read_whole(nlp, text)


def test_chunks_forgotten_give_the_same_tokens(nlp, seed_texts, monkeypatch):
    monkeypatch.setattr(tokenizer, "CHUNKS_KEPT", 50)
    monkeypatch.setattr(nlp.tokenizer, "chunks", tokenizer.Chunks(nlp.vocab))
    for text in seed_texts.values():
        assert_read_whole(nlp, normalize(text).text)
        assert len(nlp.tokenizer.chunks) <= 50
