"""Titles of inputs that carry none: the headline at the top of the text (patterns/headlines.yaml)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import pipeline
from pipeline.cli import main

EXTRA = Path(__file__).parent / "gold" / "extra"


def test_seed_headlines_become_titles(seed_texts):
    titles = {name: pipeline.extract(text).article["title"] for name, text in seed_texts.items()}
    assert titles["000_22c4afcade77e2f4"] == (
        "Thái Nguyên: Viện trợ phi chính phủ nước ngoài năm 2022 ước đạt 1,3 triệu USD")
    # the header slogan above it is page chrome, dropped by the normalizer
    assert titles["003_467578c8939c35eb"].startswith("Hội nghị sơ kết Chương trình Quốc gia")
    # 001 opens with its lead sentence: no headline, no title
    assert titles["001_26a770fd3adbd106"] is None


def test_masthead_menu_and_dateline_above_the_headline_are_passed_over():
    text = (EXTRA / "e02_nghean_budget.txt").read_text(encoding="utf-8")
    result = pipeline.extract(text)
    assert result.article["title"] == "Thu ngân sách Nghệ An năm 2023 vượt 20.000 tỷ đồng"
    assert result.article["published"] == "2024-01-05"
    assert "Báo Nghệ An điện tử" not in result.text and "Thời sự | Kinh tế" not in result.text
    assert not any(row["name"].startswith("Báo Nghệ An") for row in result.rows["organizations"])


def test_a_title_given_by_the_input_is_kept(tmp_path, seed_texts):
    line = {"text": seed_texts["000_22c4afcade77e2f4"], "title": "Tiêu đề của trang", "url": "https://example.vn/a"}
    (tmp_path / "in.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    articles = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert articles.loc[0, "title"] == "Tiêu đề của trang"
