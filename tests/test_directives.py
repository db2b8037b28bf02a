"""Numbered and named documents: canonical number, date of issue, issuer from the text."""
from __future__ import annotations

from pathlib import Path

import pytest

import pipeline
from corpus_adapters import parse_number
from pipeline.entities.directives import canonical_number


def rows(text: str, published: str | None = None) -> list[tuple]:
    found = pipeline.extract(text, published=published).rows.get("directives", [])
    return [(r["doc_type"], r["number"], r["issued"], r["issuer"]) for r in found]


@pytest.mark.parametrize("written,number", [
    ("12-CT/TƯ", "12-CT/TW"),
    ("12-CT/TW", "12-CT/TW"),
    ("12 – CT/TƯ", "12-CT/TW"),
    ("1252/QĐ-UBND", "1252/QĐ-UBND"),
    ("80/2020/NĐ - CP", "80/2020/NĐ-CP"),
    ("12/CT-TW", "12-CT/TW"),           # a party number written state-style
    ("36 CT/TW", "36-CT/TW"),           # the press: a space before the code
    ("121KL/TW", "121-KL/TW"),          # ... or nothing
    ("25/QĐ-SNN", "25/QĐ-SNN"),         # a state number keeps its form
])
def test_canonical_number(written, number):
    assert canonical_number(written) == number


def test_tu_and_tw_give_the_same_number():
    assert parse_number("Chỉ thị số 12-CT/TƯ") == parse_number("Chỉ thị số 12-CT/TW") == {
        "doc_type": "Chỉ thị", "number": "12-CT/TW"}


def test_number_date_and_issuer_after():
    text = ("triển khai Kế hoạch số 57-KH/TU ngày 12/4/2022 của Ban Thường vụ Tỉnh ủy Thái Nguyên thực hiện "
            "Chỉ thị số 12-CT/TW của Ban Bí thư Trung ương Đảng")
    assert rows(text) == [("Kế hoạch", "57-KH/TU", "2022-04-12", "Ban Thường vụ Tỉnh ủy Thái Nguyên"),
                          ("Chỉ thị", "12-CT/TW", None, "Ban Bí thư Trung ương Đảng")]


def test_issuer_before_the_document_in_a_provincial_article():
    text = ("Đối với tỉnh Lạng Sơn, UBND tỉnh ban hành Quyết định số 1252/QĐ-UBND ngày 02/7/2020 về Chương "
            "trình tăng cường hợp tác tại tỉnh Lạng Sơn")
    assert rows(text) == [("Quyết định", "1252/QĐ-UBND", "2020-07-02", "Ủy ban nhân dân tỉnh Lạng Sơn")]


def test_number_without_so_and_date_without_year():
    assert rows("tiếp tục thực hiện Nghị định 80/2020/NĐ-CP; Công điện số 12/CĐ-UBND ngày 26/10 của UBND tỉnh",
                published="2023-10-30") == [("Nghị định", "80/2020/NĐ-CP", None, "Chính phủ"),
                                            ("Công điện", "12/CĐ-UBND", "2023-10-26", "Ủy ban nhân dân tỉnh")]


def test_named_documents_have_no_number():
    text = ("Liên hiệp các tổ chức hữu nghị Việt Nam quán triệt Nghị quyết Hội nghị Trung ương 6 khóa XIII và "
            "sơ kết Chương trình Quốc gia về tăng cường hợp tác và vận động viện trợ phi chính phủ nước ngoài "
            "giai đoạn 2019-2025.")
    found = pipeline.extract(text).rows["directives"]
    assert [(r["doc_type"], r["number"], r["text"]) for r in found] == [
        ("Nghị quyết", None, "Nghị quyết Hội nghị Trung ương 6 khóa XIII"),
        ("Chương trình", None, "Chương trình Quốc gia về tăng cường hợp tác và vận động viện trợ phi chính phủ "
                               "nước ngoài giai đoạn 2019-2025")]


@pytest.mark.parametrize("text", [
    "Ông đề nghị tỉnh ban hành kế hoạch/chương trình thực hiện tốt công tác đối ngoại",
    "Kỳ họp đã biểu quyết thông qua 11 nghị quyết với 100% đại biểu tán thành",
    "Giai đoạn 2021-2023, tổng nguồn lực thực hiện chương trình khoảng 6.834 tỷ đồng",
])
def test_no_document(text):
    assert rows(text) == []


def test_one_document_id_for_every_spelling_of_a_number():
    ids = {r["document_id"] for text in ("theo Chỉ thị số 12-CT/TƯ của Ban Bí thư", "theo Chỉ thị 12 CT/TW",
                                          "theo Chỉ thị số 12/CT-TW")
           for r in pipeline.extract(text).rows.get("directives", [])}
    assert ids == {"Chỉ thị 12-CT/TW"}


@pytest.mark.parametrize("text,issuer", [
    ("Thông tư 02/2017/TT- BYT hướng dẫn", "Bộ Y tế"),
    ("Luật Đấu thầu số 43/2013/QH13 quy định", "Quốc hội"),
    ("Thông tư liên tịch số: 183/2010/TTLT/BTC-BNN hướng dẫn",
     "Bộ Tài chính, Bộ Nông nghiệp và Phát triển nông thôn"),
    ("Quyết định 1200/QĐ-TTG được ban hành", "Thủ tướng Chính phủ"),   # a code written in capitals
    ("Chỉ thị số 12-CT/TW được triển khai", None),   # a Party code names no one body
    ("Quyết định 11692/QĐ-SHTT đã có", None),        # a code not declared national
    ("Nghị định 01/2017/NĐ-BTNMT được ban hành", None),   # a Nghị định is the Chính phủ's: miswritten
])
def test_issuer_from_the_national_code_of_the_number(text, issuer):
    assert [row[3] for row in rows(text)] == [issuer]


def test_the_issuer_the_text_names_comes_before_the_code():
    assert rows("Thông tư 02/2017/TT-BYT ngày 15/3/2017 của Bộ trưởng") == [
        ("Thông tư", "02/2017/TT-BYT", "2017-03-15", "Bộ trưởng")]



def test_a_kind_that_may_not_be_numbered_is_none_of_the_three():
    """DirectiveFinder.may_be_numbered says False only where numbered_re, bare_re and cited_re all fail:
    asked at every word start of the corpus and of these lines (a number right after a kind or after
    "số", glued, after a colon, across a line break)."""
    import re

    import regex

    from pipeline.rules import patterns
    assert all(regex.fullmatch(r"\p{L}+(?: \p{L}+)*", kind) for kind in patterns.load_yaml("directives.yaml")["types"])
    finder = dict(pipeline.load().pipeline)["tintrich_directives"].finder
    text = "\n".join([
        "Quyết định 1423/QĐ-UBND, Quyết định:1423/QĐ-UBND, Nghị quyết liên tịch5/NQLT, Nghị định số:  79/2014/NĐ-CP",
        "Kế hoạch phát triển kinh tế xã hội của tỉnh số 57-KH/TU ngày 12/4/2022; Chỉ thị số 17; Nghị quyết 35 về",
        "Chương trình Quốc gia về hợp tác giai đoạn 2019 – 2025, chương trình hành động số\u00a012-CT/TƯ",
        "Quyết định\nsố 12/QĐ, Nghị định\n12/2014/NĐ-CP, Chỉ thị số\n17, Luật số12/QH, quyết định số 12 CT/TW",
        (Path(__file__).parents[1] / "patterns" / "directives.corpus.tsv").read_text(encoding="utf-8")])
    starts = [m.start() for m in re.finditer(r"\b\w", text)]
    assert sum(finder.may_be_numbered(text, start) for start in starts) < len(starts) / 2
    for start in starts:
        if not finder.may_be_numbered(text, start):
            assert not any(p.match(text, start) for p in (finder.numbered_re, finder.bare_re, finder.cited_re))
