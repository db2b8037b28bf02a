"""PhraseLists (pipeline.rules.grammar: several lists of phrases read in one pass) gives each list
exactly what its own Phrases.finditer finds: the lists that facts reads in the whole text, and lists
made to trip it (phrases that are prefixes of others' words, that share first words, that start with
something else than a letter), on the attribution corpora and on texts made for them (words glued to
others, overlapping, repeated, capitalised, a lower case of another length)."""
from __future__ import annotations

import pytest

from pipeline.facts.attribution import _phrase_lists
from pipeline.facts.subjects import _subject_rules
from pipeline.rules import patterns
from pipeline.rules.grammar import PhraseLists, Phrases

WRITTEN = [Phrases(["Việt Nam", "Việt", "Nam Định", "cả nước", "Cả nước", "(ngụ", "3 tỉnh"], case=True),
           Phrases(["Nam", "Mỹ", "Hoa Kỳ", "cả", "Việt Nam Cộng hòa", "châu Á", "3"], case=True)]
MADE = [Phrases(["dự kiến", "dự", "hiện", "thực hiện", "(ngụ", "% tổng", "ông"]),
        Phrases(["dự kiến năm", "dự án", "ông bà", "bà", "hiện nay", "3 tỉnh", "ở"]),
        Phrases(["kiến", "dự", "(ngụ", "tỉnh", "ở tại"])]
#: a word one list alone starts phrases with (the scan's match is kept as that list's), beside
#: words of the same first letter that two lists or another list start phrases with
SOLE = [Phrases(["dự án", "dự án này", "dự", "dân", "(x", "(x y"]), Phrases(["dân tộc", "đây", "dựng", "("])]

EDGES = [
    "", "dự", "Dự kiến năm", "dự kiếndự kiến", "thực hiện hiện nay", "ông bà ông bà", "xông bà, ôngbà",
    "(ngụ tỉnh X) (Ngụ", "10% tổng 3 tỉnh", "3  tỉnh\n3 tỉnh", "ở  tại ở", "_dự dự_ dự", "İstanbul dự kiến",
    "DỰ KIẾN  NĂM 2024, ông  Bà", "hiện nay hiện", "dự án dự kiến dự", "ở", "bà ",
    "Việt Nam Cộng hòa, Việt Nam; Nam Định 3 tỉnh", "cả nước Cả nước CẢ NƯỚC", "ViệtNam Mỹ, Hoa  Kỳ\nchâu Á", "Mỹ",
    "dự án này dự án dự ánnày dự  án\nnày dân tộc dân dựng đây (x y (x (xy ( dự_án dựán",
]


def _texts() -> list[str]:
    lines = [line.split("\t")[0] for name in ("subjects", "donors", "periods", "metrics")
             for line in (patterns.folder() / f"{name}.corpus.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return EDGES + lines + ["\n".join(lines), "\n".join(EDGES)]


@pytest.mark.parametrize("lists", [_phrase_lists(), PhraseLists(MADE), PhraseLists(SOLE), _subject_rules()[1]["places"],
                                   PhraseLists(WRITTEN)], ids=["facts", "made", "sole", "places", "written"])
def test_lists_read_together_find_what_each_finds_alone(lists):
    for text in _texts():
        for lowered in (None, text.lower()):
            together = lists.finditer_all(text, lowered)
            alone = [list(phrases.finditer(text, lowered)) for phrases in lists.lists]
            assert [[m.span() for m in found] for found in together] == \
                   [[m.span() for m in found] for found in alone], text


def test_lists_in_either_case_or_with_an_empty_phrase_are_refused():
    with pytest.raises(ValueError):
        PhraseLists([Phrases(["Việt Nam"], case=True), Phrases(["cả nước"])])
    with pytest.raises(ValueError):
        PhraseLists([Phrases(["", "dự"])])


def test_a_list_of_many_first_letters_read_by_letter_finds_what_its_whole_pattern_finds():
    from pipeline.rules.grammar import at_word_starts
    abroad = _subject_rules()[1]["foreign"].found
    made = Phrases([chr(code) + "an" for code in range(ord("A"), ord("R"))] + ["Ấn Độ", "Anh", "an", "ban", "1 an"],
                   case=True)
    for phrases in (abroad, made):
        assert 1 < len(phrases.by_first_letter) < len({spelling[0] for spelling in phrases.spellings})
        for text in _texts() + [" ".join(made.spellings) * 3, "Ấn Độ, Anh và Mỹ; Hoa Kỳ; châu Á" * 20]:
            assert [m.span() for m in phrases.finditer(text)] == [m.span() for m in at_word_starts(phrases.pattern, text)]
