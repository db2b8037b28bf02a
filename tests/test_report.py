"""``tintrich report``: the HTML report of a real run on the seed corpus, and of a large synthetic one.

Money rows are taken from real seed sentences with their offsets in texts.jsonl,
so the charts and highlights are checked against amounts a reader can find.
"""
from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.report import ReportSettings, build_report
from pipeline.report.stats import MoneyTotals, TopCounter
from pipeline.report.highlight import Highlight, render_text
from pipeline.report.read import read_chunks
from pipeline.output.tables import columns

COLUMNS = columns()

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

#: amounts of the seed texts as the facts extractor should give them: (seed file, phrase in the
#: normalized text, which occurrence of it, the amount inside it, row fields)
SEED_MONEY = [
    ("000_22c4afcade77e2f4", "ước đạt 1,3 triệu USD", 0, "1,3 triệu USD",
     dict(value=1.3e6, subject="Thái Nguyên", subject_scope="province", period="2022", metric="viện trợ giải ngân")),
    ("000_22c4afcade77e2f4", "ước đạt 1,3 triệu USD", 1, "1,3 triệu USD",    # the body repeats the headline
     dict(value=1.3e6, subject="Thái Nguyên", subject_scope="province", period="2022")),
    ("001_26a770fd3adbd106", "khoảng 1,2 triệu USD/năm", 0, "1,2 triệu USD/năm",
     dict(value=1.2e6, subject="Thái Bình", subject_scope="province", per="năm", metric="viện trợ giải ngân")),
    ("002_589f46926d63e719", "đạt hơn 228,7 triệu USD", 0, "228,7 triệu USD",
     dict(value=228.7e6, subject="Việt Nam", subject_scope="national", period="2023", metric="viện trợ giải ngân")),
    ("002_589f46926d63e719", "tăng 4,9 triệu USD", 0, "tăng 4,9 triệu USD",
     dict(value=4.9e6, subject="Việt Nam", subject_scope="national", period="2023", change="increase", metric="viện trợ giải ngân")),
    ("002_589f46926d63e719", "cam kết gần 4,9 triệu USD", 0, "4,9 triệu USD",
     dict(value=4.9e6, subject="Sơn La", subject_scope="province", period="2023", metric="viện trợ cam kết")),
    ("003_467578c8939c35eb", "đạt gần 562 triệu USD", 0, "562 triệu USD",
     dict(value=562e6, subject="Việt Nam", subject_scope="national", period="2020-2022")),
    ("003_467578c8939c35eb", "lên đến 1.196.137 USD", 0, "1.196.137 USD",
     dict(value=1196137, period="2019-2022")),
    ("003_467578c8939c35eb", "là 2.256.106 USD", 0, "2.256.106 USD",
     dict(value=2256106, subject="Lạng Sơn", subject_scope="province")),
]
#: a fact that is not money: in no chart
SEED_COUNT = ("000_22c4afcade77e2f4", "có 59 tổ chức", 0, "59 tổ chức",
              dict(kind="count", unit="tổ chức", value=59, subject="Thái Nguyên", period="2022"))
#: what the charts' captions must say about SEED_MONEY
EXCLUDED_CAPTION = ("Money rows in USD: 9; excluded: 1 a change, not an amount (change set); 1 a rate (per set); "
                    "1 unknown subject; 1 unknown period; 1 the same amount repeated in the article")


def run_seeds(outdir: Path) -> Path:
    assert main(["run", str(CORPUS), "-o", str(outdir), "--quiet", "-j", "1"]) == 0
    return outdir


def seed_texts(outdir: Path) -> dict[str, str]:
    """seed file name (without .txt) -> normalized text, via articles.csv and texts.jsonl."""
    articles = pd.read_csv(outdir / "articles.csv", dtype=str)
    doc_ids = {Path(source).stem: doc_id for source, doc_id in zip(articles["source"], articles["doc_id"])}
    texts = {}
    with open(outdir / "texts.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            texts[record["doc_id"]] = record["text"]
    return {name: (doc_id, texts[doc_id]) for name, doc_id in doc_ids.items()}


def seed_facts(outdir: Path) -> pd.DataFrame:
    """A facts table of the SEED_MONEY amounts (and one count) at their real offsets."""
    texts = seed_texts(outdir)
    rows = []
    for number, (name, phrase, occurrence, amount, fields) in enumerate([*SEED_MONEY, SEED_COUNT]):
        doc_id, text = texts[name]
        found = [m.start() for m in re.finditer(re.escape(phrase), text)]
        start = found[occurrence] + phrase.index(amount)
        rows.append({"doc_id": doc_id, "fact_id": f"{doc_id}-{number}", "kind": "money", "unit": "USD", **fields,
                     "text": text[start:start + len(amount)], "start": start, "end": start + len(amount),
                     "sentence_id": 0, "rule": "test"})
    facts = pd.DataFrame(rows, columns=COLUMNS["facts"])
    facts["order"] = facts["doc_id"].map(list(pd.read_csv(outdir / "articles.csv", dtype=str)["doc_id"]).index)
    return facts.sort_values(["order", "start"], kind="stable").drop(columns="order").reset_index(drop=True)


@pytest.fixture(scope="module")
def seed_output(tmp_path_factory) -> Path:
    """A real run on corpus/ whose facts.csv is replaced by :func:`seed_facts`."""
    outdir = run_seeds(tmp_path_factory.mktemp("seed-run"))
    seed_facts(outdir).to_csv(outdir / "facts.csv", index=False)
    return outdir


@pytest.fixture(scope="module")
def seed_report(seed_output) -> str:
    return build_report(seed_output).read_text(encoding="utf-8")


def visible_text(html: str) -> str:
    body = html[html.find("<body>"):] if "<body>" in html else html
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_summary_counts_articles_and_rows(seed_output, seed_report):
    text = visible_text(seed_report)
    assert "Articles by status status articles ok 5 all 5" in text
    for table in COLUMNS:
        if table != "articles":
            rows = len(pd.read_csv(seed_output / f"{table}.csv"))
            assert f"{table}.csv {rows:,} " in text
    finished = [json.loads(line) for line in (seed_output / "manifest.jsonl").read_text().splitlines()]
    seconds = sum(entry["seconds"] for entry in finished if entry["event"] == "finished")
    assert f"run time {seconds:,} s runs 1 from manifest.jsonl" in text


def test_run_time_is_unknown_without_a_finished_run(seed_output, tmp_path):
    outdir = tmp_path / "out"
    shutil.copytree(seed_output, outdir)
    (outdir / "manifest.jsonl").unlink()
    assert "run time unknown (no finished run in manifest.jsonl)" in visible_text(
        build_report(outdir).read_text(encoding="utf-8"))


def test_every_highlight_links_to_its_row(seed_output, seed_report):
    ids = set(re.findall(r' id="([^"]+)"', seed_report))
    links = re.findall(r'<a style="text-decoration: none[^"]*" href="#([^"]+)">([^<]+)</a>', seed_report)
    assert len(links) >= 20
    for anchor, label in links:
        assert anchor in ids, anchor
        table, row = anchor.rsplit("-", 1)
        assert label.strip() == f"#{row}"
    provinces = pd.read_csv(seed_output / "provinces.csv", dtype={"doc_id": str})
    first = provinces.iloc[0]
    assert (f'id="provinces-0" title="provinces.csv row 0: {first.doc_id} {first.start}–{first["end"]}"'
            in seed_report)


def test_money_fact_is_highlighted_where_it_is(seed_output, seed_report):
    facts = pd.read_csv(seed_output / "facts.csv", dtype={"doc_id": str})
    assert facts.loc[0, "text"] == "1,3 triệu USD"
    markup = re.search(r'<span style="font-weight: bold; display: inline-block[^>]*>\s*([^<]*?)\s*<span'
                       r'(?:(?!</span>\s*</span>\s*</span>).)*?href="#facts-0"', seed_report, re.S)
    assert markup and markup.group(1) == "1,3 triệu USD"
    assert "MONEY" in seed_report[markup.start():markup.end()]


def test_money_charts_say_what_they_sum(seed_report):
    text = visible_text(seed_report)
    assert text.count("data:image/svg+xml;base64,") == 0  # data URIs are attributes, not visible text
    assert seed_report.count('<img src="data:image/svg+xml;base64,') == 2
    assert (f"{EXCLUDED_CAPTION}; 1 whose period is not one year; 1 whose subject is not a province. "
            "Included: 2 rows in 2 province·year groups.") in text
    assert f"{EXCLUDED_CAPTION}. Included: 4 rows in 3 metrics." in text


@pytest.mark.parametrize("chunk_size", [1, 2, 1000])
def test_money_sums_by_subject_year_and_metric(seed_output, chunk_size):
    money = MoneyTotals()
    for chunk in read_chunks(seed_output / "facts.csv", COLUMNS["facts"], chunk_size):
        money.update(chunk)
    assert dict(money.by_subject_year) == {("USD", "Thái Nguyên", "2022"): [1.3e6, 1],   # Việt Nam: no province
                                           ("USD", "Sơn La", "2023"): [4.9e6, 1]}
    assert dict(money.by_metric) == {("USD", "viện trợ giải ngân"): [pytest.approx(1.3e6 + 228.7e6), 2],
                                     ("USD", "viện trợ cam kết"): [4.9e6, 1],
                                     ("USD", "(no metric)"): [562e6, 1]}


def test_top_tables_count_mentions_and_articles(seed_output, seed_report):
    provinces = pd.read_csv(seed_output / "provinces.csv")
    counts = provinces.groupby("name").agg(mentions=("doc_id", "size"), articles=("doc_id", "nunique"))
    name, row = max(counts.iterrows(), key=lambda item: (item[1].mentions, item[1].articles))
    assert f"<td>{name}</td><td class=n>{row.mentions}</td><td class=n>{row.articles}</td>" in seed_report


def test_offsets_that_do_not_match_the_text_are_flagged_not_highlighted(seed_output, tmp_path):
    outdir = tmp_path / "out"
    shutil.copytree(seed_output, outdir)
    facts = pd.read_csv(outdir / "facts.csv", dtype={"doc_id": str})
    facts.loc[0, "start"] += 1
    facts.to_csv(outdir / "facts.csv", index=False)
    html = build_report(outdir).read_text(encoding="utf-8")
    assert 'href="#facts-0"' not in html
    assert re.search(r'id="facts-0"[^>]*class="problem"', html)
    assert "text at offsets is" in html


def test_parquet_output_gives_the_same_report(seed_output, tmp_path):
    outdir = tmp_path / "out"
    outdir.mkdir()
    for table in COLUMNS:
        pd.read_csv(seed_output / f"{table}.csv", dtype={"doc_id": str}).to_parquet(outdir / f"{table}.parquet")
    shutil.copy(seed_output / "texts.jsonl", outdir)
    html = build_report(outdir).read_text(encoding="utf-8")
    assert "Articles by status status articles ok 5 all 5" in visible_text(html)
    assert "Included: 2 rows in 2 province·year groups" in visible_text(html)
    assert "run time" in visible_text(html)
    assert 'href="#facts-0"' in html


def test_a_damaged_table_is_reported_not_fatal(seed_output, tmp_path):
    outdir = tmp_path / "out"
    shutil.copytree(seed_output, outdir)
    (outdir / "facts.csv").write_bytes(b'doc_id,kind,value\n"unclosed,\x00\n')
    (outdir / "dates.csv").unlink()
    html = build_report(outdir).read_text(encoding="utf-8")
    assert "dates: no dates.csv or dates.parquet" in html
    assert "No money facts to chart" in html


def test_cli_report(seed_output, tmp_path, capsys):
    assert main(["report", str(seed_output)]) == 0
    assert capsys.readouterr().out.strip() == str(seed_output / "report.html")
    assert main(["report", str(tmp_path / "missing")]) == 2


def test_highlights_cover_exactly_their_characters():
    text = "Sáng 5/12, Ủy ban nhân dân tỉnh Thái Nguyên họp.\nViện trợ ước đạt 1,3 triệu USD."
    org = Highlight(11, 43, "ORG", "organizations", 0)
    province = Highlight(32, 43, "PROVINCE", "provinces", 4)
    money = Highlight(text.index("1,3"), text.index("1,3") + 13, "MONEY", "facts", 7)
    html = render_text(text, [org, province, money])
    pieces = re.findall(r"display: inline-block[^>]*>\s*([^<]*?)\s*<span", html)
    assert pieces == ["Ủy ban nhân dân tỉnh", "Thái Nguyên", "1,3 triệu USD"]
    assert html.count('class="spans"') == 2            # one displaCy block per paragraph
    without_labels = re.sub(r'<span style="background: [^"]*; z-index: 10.*?</a>\s*</span>', "", html, flags=re.S)
    assert "".join(visible_text(without_labels).split()) == "".join(text.split())
    for anchor in ("organizations-0", "provinces-4", "facts-7"):
        assert f'href="#{anchor}"' in html


# --- a large output: 3 000 articles made of the seed rows with new doc_ids ---

COPIES = 600


def synthetic_output(seed: Path, outdir: Path, copies: int) -> Path:
    """``copies`` copies of every seed article (doc_id + 4 digits), rows kept grouped by article."""
    outdir.mkdir()
    for table in COLUMNS:
        frame = pd.read_csv(seed / f"{table}.csv", dtype={"doc_id": str})
        blocks = []
        for copy in range(copies):
            block = frame.copy()
            block["doc_id"] = block["doc_id"] + f"{copy:04d}"
            blocks.append(block)
        pd.concat(blocks, ignore_index=True).to_csv(outdir / f"{table}.csv", index=False)
    lines = (seed / "texts.jsonl").read_text(encoding="utf-8").splitlines()
    with open(outdir / "texts.jsonl", "w", encoding="utf-8") as handle:
        for copy in range(copies):
            for line in lines:
                record = json.loads(line)
                handle.write(json.dumps({"doc_id": record["doc_id"] + f"{copy:04d}", "text": record["text"]},
                                        ensure_ascii=False) + "\n")
    return outdir


@pytest.fixture(scope="module")
def large_output(seed_output, tmp_path_factory) -> Path:
    return synthetic_output(seed_output, tmp_path_factory.mktemp("large") / "out", COPIES)


def test_large_output_is_paginated_and_capped(large_output):
    settings = ReportSettings(per_page=50, max_articles=200, index_page_size=1000, chunk_size=700)
    main_html = build_report(large_output, settings).read_text(encoding="utf-8")
    pages = sorted(p.name for p in (large_output / "report").iterdir())
    assert pages == ["articles-0001.html", "articles-0002.html", "articles-0003.html", "articles-0004.html",
                     "index-0001.html", "index-0002.html", "index-0003.html"]
    assert '<section class="article"' not in main_html
    assert "3,000 articles; 200 rendered" in visible_text(main_html)
    rendered = []
    for number in range(1, 5):
        html = (large_output / "report" / f"articles-{number:04d}.html").read_text(encoding="utf-8")
        rendered += re.findall(r'<section class="article" id="doc-([^"]+)"', html)
    articles = pd.read_csv(large_output / "articles.csv", dtype=str)
    assert rendered == list(articles["doc_id"][:200])
    index = "".join((large_output / "report" / f"index-{n:04d}.html").read_text(encoding="utf-8") for n in (1, 2, 3))
    assert index.count("<tr>") == 3000 + 3
    assert f'href="articles-0004.html#doc-{articles.doc_id[199]}"' in index
    assert f"<td>{articles.doc_id[200]}</td>" in index          # listed, not linked, not rendered
    # top tables are exact although articles straddle chunks of 700 rows
    seed_provinces = pd.read_csv(large_output / "provinces.csv", dtype=str).head(
        len(pd.read_csv(large_output / "provinces.csv")) // COPIES)
    name, mentions = seed_provinces["name"].value_counts().index[0], seed_provinces["name"].value_counts().iloc[0]
    articles_with = seed_provinces.loc[seed_provinces["name"] == name, "doc_id"].nunique()
    assert (f"<td>{name}</td><td class=n>{mentions * COPIES:,}</td><td class=n>{articles_with * COPIES:,}</td>"
            in main_html)
    # a second, smaller report of the same folder removes the pages it no longer needs
    build_report(large_output, ReportSettings(per_page=100, max_articles=150, index_page_size=5000))
    assert sorted(p.name for p in (large_output / "report").iterdir()) == ["articles-0001.html", "articles-0002.html"]


def top_organizations(outdir: Path, chunk_size: int) -> list[dict]:
    counter = TopCounter(["name"], "acronym")
    for chunk in read_chunks(outdir / "organizations.csv", ["doc_id", "name", "acronym"], chunk_size):
        counter.update(chunk)
    return counter.top(50)


def test_top_counter_is_the_same_for_any_chunk_size(seed_output, large_output):
    # chunks of 3 rows: one article's rows straddle three or more chunks
    assert top_organizations(seed_output, 3) == top_organizations(seed_output, 10**6)
    large = top_organizations(large_output, 97)
    assert large == top_organizations(large_output, 10**6)
    seed = {entry["key"]: entry for entry in top_organizations(seed_output, 10**6)}
    for entry in large:
        assert entry["mentions"] == seed[entry["key"]]["mentions"] * COPIES
        assert entry["articles"] == seed[entry["key"]]["articles"] * COPIES


def test_top_donors_by_articles_and_money_once_facts_name_them():
    """The donors table counts foreign NGOs and donors by org_id (one row per body, whatever
    the spelling) and sums their money once facts.csv has a donor column."""
    from pipeline.report.stats import DonorCounter

    organizations = pd.DataFrame({
        "doc_id": ["a", "a", "b", "b", "c"],
        "org_id": ["world-vision-international", "world-vision-international", "world-vision-international",
                   "japan-international-cooperation-agency", "uy-ban-nhan-dan-tinh-thai-binh"],
        "name": ["Tổ chức Tầm nhìn Thế giới", "Tổ chức Tầm nhìn Thế giới", "World Vision",
                 "Cơ quan Hợp tác Quốc tế Nhật Bản", "Ủy ban nhân dân tỉnh Thái Bình"],
        "kind": ["foreign_ngo", "foreign_ngo", "foreign_ngo", "bilateral_donor", "state"],
        "country": ["US", "US", "US", "JP", "VN"],
    })
    donors = DonorCounter()
    donors.update(organizations)
    top = donors.top(10)
    assert [(row["org_id"], row["articles"], row["mentions"], row["name"]) for row in top] == [
        ("world-vision-international", 2, 3, "Tổ chức Tầm nhìn Thế giới"),
        ("japan-international-cooperation-agency", 1, 1, "Cơ quan Hợp tác Quốc tế Nhật Bản")]
    assert all(row["money"] == {} for row in top)   # no donor column in facts yet: no money

    facts = pd.DataFrame({"doc_id": ["a", "b"], "kind": ["money", "money"], "value": [2e9, 5e5],
                          "unit": ["VND", "USD"], "subject": ["Quảng Trị", "Thái Bình"], "period": ["2020", "2021"],
                          "per": [None, None], "change": [None, None], "metric": ["funded", "funded"],
                          "donor": ["Tổ chức Tầm nhìn Thế giới", "Cơ quan Hợp tác Quốc tế Nhật Bản"]})
    donors.update_money(facts)
    assert {row["org_id"]: row["money"] for row in donors.top(10)} == {
        "world-vision-international": {"VND": 2e9}, "japan-international-cooperation-agency": {"USD": 5e5}}


def test_the_report_has_a_top_donors_section(seed_report):
    assert 'id="donors"' in seed_report and "Top donors" in visible_text(seed_report)
