"""The language check reads a text of common characters with ``re`` as it would with ``regex``."""
from __future__ import annotations

import re

import regex

from pipeline.text import language
from pipeline.text.common_chars import COMMON_CHARS
from pipeline.text.language import COMMON_WORD, WORD, Share, _kind, looks_vietnamese, vietnamese_share, word_kind


def test_both_engines_find_the_same_letters_among_the_common_characters():
    common = "".join(chr(code) for code in range(0x2C00) if re.fullmatch(f"[{COMMON_CHARS}]", chr(code)))
    assert regex.findall(r"[\p{L}\p{M}]", common) == re.findall(COMMON_WORD.pattern[:-1], common)
    assert WORD.findall(common) == COMMON_WORD.findall(common)


def test_a_text_with_other_characters_is_read_with_regex():
    text = "Khánh Hòa\u0301 x\u20d7 漢字 Hà Nội"   # a combining mark, a mark for symbols, Han
    assert language._Kinds()["漢字,Hà"] == (language.OTHER, word_kind("Hà"))   # no common letter in 漢字
    assert vietnamese_share(text) == reference_share(text)
    assert COMMON_WORD.findall(text) != WORD.findall(text)


def test_vietnamese_and_not():
    assert looks_vietnamese("Sáng 5/12, UBND tỉnh Thái Bình tổ chức hội nghị tổng kết công tác năm.")
    assert not looks_vietnamese("The provincial people's committee held a conference on the results of the year.")


def reference_share(text: str) -> Share:
    """The shares as first written: the first SAMPLE_WORDS words but acronyms, measured one by one."""
    words = [w for w in WORD.findall(text[:language.SAMPLE_CHARS]) if not (len(w) > 1 and w.isupper())]
    kinds = [_kind(w) for w in words[:language.SAMPLE_WORDS]]
    if not kinds:
        return Share(0, 0.0, 0.0, 0.0)
    count = len(kinds)
    return Share(count, sum(s for s, _ in kinds) / count, sum(s and m for s, m in kinds) / count,
                 sum(m and not s for s, m in kinds) / count)


def test_remembered_kinds_give_the_shares_measured_anew(seed_texts, monkeypatch):
    monkeypatch.setattr(language, "KINDS_KEPT", 50)
    monkeypatch.setattr(language, "_KINDS", language._Kinds())
    for text in seed_texts.values():
        for variant in (text, "UBND HĐND A " * 300 + text, text[:500], "The report, UBND A B C D E F G H."):
            assert vietnamese_share(variant) == reference_share(variant)
            assert len(language._KINDS) <= 50


def test_the_texts_chunks_give_the_shares_of_its_sample(seed_texts):
    half = language.SAMPLE_CHARS // 2
    for text in seed_texts.values():
        long = (text.replace("\n", " ") + " ") * 8
        for variant in (text, long, long[:half], long[:half + 1], long[:language.SAMPLE_CHARS - 1],
                        "UBND HĐND A " * 300 + text, "  ".join(text.split(" ")), text + "\u0301 Hòa\u0301"):
            assert vietnamese_share(variant, variant.split(" ")) == reference_share(variant)
