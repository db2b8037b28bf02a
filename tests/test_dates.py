"""Dates and publication datelines (pipeline/extractors/dates.py) on real text.

Phrase-level cases are in patterns/dates.corpus.tsv and patterns/datelines.corpus.tsv.
"""
from __future__ import annotations

import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.entities.dates import find_dateline, nearest_year

EXTRA = Path(__file__).resolve().parent / "gold" / "real"


def dates(text, published=None):
    result = pipeline.extract(text, published=published)
    return result, result.tables()["dates"]


def test_missing_year_comes_from_the_publication_date():
    _, table = dates("Sáng 5/12, Liên hiệp các tổ chức Hữu nghị tỉnh Thái Nguyên tổ chức Hội nghị.",
                     published="2022-12-06")
    assert table[["date", "year_source"]].values.tolist() == [["2022-12-05", "published"]]


def test_a_late_december_date_in_a_january_article_is_last_year():
    _, table = dates("Chiều 28/12, đoàn công tác đến thăm tỉnh.", published="2024-01-03")
    assert table["date"].tolist() == ["2023-12-28"]


def test_nearest_year_prefers_the_past_over_the_same_distance_ahead():
    published = datetime.date(2024, 1, 10)
    assert nearest_year(6, 5, published) == 2023     # June: 219 days back beats 147 ahead
    assert nearest_year(1, 15, published) == 2024    # five days ahead is still nearest
    assert nearest_year(12, 28, datetime.date(2022, 12, 30)) == 2022


def test_explicit_year_is_kept_even_with_a_publication_date():
    _, table = dates("Quyết định số 1252/QĐ-UBND ngày 02/7/2020 về Chương trình", published="2022-12-21")
    assert table[["date", "year_source"]].values.tolist() == [["2020-07-02", "explicit"]]


def test_dateline_sets_the_publication_date_and_is_not_a_date_row():
    text = (EXTRA / "x02_quangngai_wvi.txt").read_text(encoding="utf-8")
    result, table = dates(text)
    assert result.article["published"] == "2021-04-01"
    assert table.loc[table["precision"] == "day", "text"].tolist() == ["Sáng 1.4"]
    assert table.loc[table["precision"] == "day", "date"].tolist() == ["2021-04-01"]


def test_byline_beats_the_site_clock_widget():
    text = (EXTRA / "x10_hoabinh_interview.txt").read_text(encoding="utf-8")
    result, table = dates(text)
    assert result.article["published"] == "2023-11-24"
    assert "2019-08-23" not in set(table["date"])


def test_metadata_publication_date_wins_over_the_dateline():
    result, _ = dates("02:04, 01/04/2021\nSáng 1.4, Phó Chủ tịch UBND tỉnh tiếp đoàn.", published="2021-04-02")
    assert result.article["published"] == "2021-04-02"


def test_no_year_anywhere_leaves_the_date_empty():
    _, table = dates("Sáng 8/11, Đoàn đại biểu thành phố Asan (Hàn Quốc) đã đến thăm tỉnh Ninh Bình.")
    assert table["date"].isna().all() and table["text"].tolist() == ["Sáng 8/11"]


def test_seed_articles_have_no_dateline(seed_texts):
    for doc_id, text in seed_texts.items():
        assert find_dateline(text)[0] is None, doc_id


def _date_phrases() -> list[str]:
    from pipeline.rules import patterns

    return [line.split("\t")[0] for name in ("dates", "datelines", "periods")
            for line in (patterns.folder() / f"{name}.corpus.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_date_phrases()), min_size=1, max_size=10),
       st.lists(st.sampled_from([". ", "\n", ", ", " ", " và "]), min_size=10, max_size=10))
def test_dates_read_around_numbers_are_those_of_a_whole_scan(phrases, joins):
    """The date rules run only around numbers, where their anchors are (and their `also` anchors);
    on texts of real phrases that finds exactly what running them over the whole text finds,
    every rule everywhere."""
    import dataclasses

    from pipeline.entities import dates

    text = "".join(phrase + join for phrase, join in zip(phrases, joins))
    windowed = dates.find_dates(text)
    whole, rules = dates.number_windows, dates.date_rules
    everywhere = dataclasses.replace(rules(), rules=tuple(rule[:3] + (None,) for rule in rules().rules))
    try:
        dates.number_windows = lambda text: [(0, len(text), frozenset(everywhere.anchors))]
        dates.date_rules = lambda: everywhere
        assert windowed == dates.find_dates(text)
    finally:
        dates.number_windows, dates.date_rules = whole, rules


def test_a_year_the_article_compares_with_does_not_date_its_days():
    """Without a publication date a day takes the article's year only where the article states that year
    more than once; "cũng thời gian này năm 2016" is the baseline a farmer compares this year with (a review
    of batch articles found the days of a 2017 article dated 2016 so), and does not count."""
    text = ('Sáng 13.7, cá chết trôi vào bờ. Theo ông Tuyên, cũng {} năm 2016, nước hồ rút cạn hơn năm nay. '
            '"Năm 2016 nuôi lấy kinh nghiệm", anh nói.')
    _, compared = dates(text.format("thời gian này"))
    _, stated = dates(text.format("trong"))
    day = lambda table: table[table.text == "Sáng 13.7"].date.fillna("").tolist()   # noqa: E731
    assert day(compared) == [""] and day(stated) == ["2016-07-13"]
