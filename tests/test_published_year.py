"""``--published-year``: an archive whose articles carry no date, said by the run to be of one year.

Real lines of the 2017 baomoi.com archive (tests/gold/bylines), which give no publication date."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import ROOT
from pipeline.cli import main

BYLINES = ROOT / "tests" / "gold" / "bylines"


def run(tmp_path, name: str, *extra: str) -> dict[str, pd.DataFrame]:
    out = tmp_path / name
    assert main(["run", str(BYLINES / "b1389.jsonl"), str(BYLINES / "b0202.jsonl"), "-o", str(out), "-j", "1",
                 "--quiet", *extra]) == 0
    return {table: pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False) for table in ("dates", "facts")}


def test_dates_without_a_year_take_the_year_the_run_gives(tmp_path):
    before, after = run(tmp_path, "none")["dates"], run(tmp_path, "y2017", "--published-year", "2017")["dates"]
    assert before[["doc_id", "start", "text"]].equals(after[["doc_id", "start", "text"]])   # the same mentions
    # "Sáng 29/6" (b0202): no year in its text; "Ngày 5/7" (b1389) takes the article's latest year, 2017
    unknown = before["year_source"] == "not_stated"   # (an empty date says why: no year stated, no publication date)
    assert unknown.sum() >= 1 and (before["year_source"] == "article").sum() >= 1
    assert set(after[unknown]["year_source"]) == {"archive"}
    assert all(date.startswith("2017") for date in after[unknown]["date"])
    assert after[~unknown].equals(before[~unknown])   # a year the text states is kept


def dates_of_one(tmp_path, line: dict, year: str) -> pd.DataFrame:
    """The dates table of a run over one JSONL line with ``--published-year year``."""
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["run", str(source), "-o", str(tmp_path / "out"), "-j", "1", "--quiet", "--published-year", year]) == 0
    return pd.read_csv(tmp_path / "out" / "dates.csv", dtype=str)


def test_a_date_of_the_input_or_the_text_wins_over_the_year_given(tmp_path):
    dates = dates_of_one(tmp_path, {"url": "http://example.vn/a", "published": "2016-12-30", "text":
                                    "Chiều 28/12, UBND tỉnh Bình Định đã họp bàn kế hoạch năm tới. Năm ngoái tỉnh thu 5 tỷ đồng."},
                         "2020")
    assert dates["date"].tolist() == ["2016-12-28"] and dates["year_source"].tolist() == ["published"]


def test_last_year_counts_from_the_year_given(tmp_path):
    dates = dates_of_one(tmp_path, {"url": "http://example.vn/b",
                                    "text": "Ngày 28/12 năm ngoái, tàu cá của ngư dân Bình Định bị hỏng máy."}, "2017")
    assert dates["date"].tolist() == ["2016-12-28"] and dates["year_source"].tolist() == ["archive"]


def test_another_year_is_another_run_and_its_rows_are_not_reused(tmp_path):
    out = tmp_path / "out"
    arguments = ["run", str(BYLINES / "b0202.jsonl"), "-o", str(out), "-j", "1", "--quiet"]
    assert main([*arguments, "--published-year", "2016"]) == 0
    assert main([*arguments, "--published-year", "2017"]) == 0   # resumed into the same folder
    dates = pd.read_csv(out / "dates.csv", dtype=str, keep_default_na=False)
    assert "2017-06-29" in set(dates["date"]) and not any(d.startswith("2016-06") for d in dates["date"])


@pytest.mark.parametrize("year", ["17", "twenty", "3000"])
def test_a_year_that_is_no_year_is_refused(year, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["run", str(BYLINES / "b0202.jsonl"), "-o", "unused", "--published-year", year])
    assert stopped.value.code == 2
