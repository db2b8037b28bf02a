"""Hostile inputs end as rows and the run goes on; CSV cells cannot run as spreadsheet formulas."""
from __future__ import annotations

import csv
import io
import itertools
import json
import resource
import zlib

import pandas as pd
import pytest
import regex

import pipeline
from pipeline import catalog
from pipeline.ingest import Article
from pipeline.settings import LIMITS, Limits
from pipeline.engine import run
from pipeline.engine.core import process
from pipeline.output.csvfile import csv_lines, csv_row_lines, csv_rows

SEED = "000_22c4afcade77e2f4"


def gzip_of_zeros(path, megabytes: int) -> None:
    """A gzip bomb: ``megabytes`` MiB of zero bytes in about a thousandth of that."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(2**20)
    with open(path, "wb") as handle:
        for _ in range(megabytes):
            handle.write(packer.compress(block))
        handle.write(packer.flush())


def one_long_line(path, megabytes: int, prefix: bytes = b"", suffix: bytes = b"") -> None:
    block = "Tỉnh Sơn La tiếp nhận viện trợ ".encode() * (2**20 // 36)
    with open(path, "wb") as handle:
        handle.write(prefix)
        written = 0
        while written < megabytes * 2**20:
            handle.write(block)
            written += len(block)
        handle.write(suffix)


def run_folder(folder, out):
    run([str(folder)], out, jobs=1, progress=False)
    return pd.read_csv(out / "articles.csv").set_index("source")


@pytest.fixture
def folder(tmp_path, seed_texts):
    """An input folder holding one good article, to check that the run goes on."""
    path = tmp_path / "in"
    path.mkdir()
    (path / "z-good.txt").write_text(seed_texts[SEED], encoding="utf-8")
    return path


def test_gzip_bombs_end_as_error_rows(folder, tmp_path):
    gzip_of_zeros(folder / "bomb.txt.gz", 256)
    (folder / "bomb.jsonl.gz").write_bytes((folder / "bomb.txt.gz").read_bytes())
    articles = run_folder(folder, tmp_path / "out")
    for name in ("bomb.txt.gz", "bomb.jsonl.gz"):
        row = articles.loc[str(folder / name)]
        assert row.status == "error" and "gzip bomb" in row.error
    assert articles.loc[str(folder / "z-good.txt")].status == "ok"


def test_a_200_megabyte_line_ends_as_an_error_row(folder, tmp_path):
    one_long_line(folder / "line.txt", 200)
    one_long_line(folder / "line.jsonl", 200, prefix=b'{"text": "', suffix='"}\n{"text": "Tỉnh Sơn La."}\n'.encode())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    articles = run_folder(folder, tmp_path / "out")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert articles.loc[str(folder / "line.txt")].status == "error"
    assert "larger than the limit" in articles.loc[str(folder / "line.txt")].error
    assert articles.loc[str(folder / "line.jsonl") + "#1"].status == "error"
    assert articles.loc[str(folder / "line.jsonl") + "#2"].status == "ok"  # the file goes on after the long line
    assert grown_mb < 3 * LIMITS.max_article_bytes / 2**20  # never the whole 200 MB line in memory


def test_a_jsonl_of_many_empty_objects_gives_one_empty_row_each(tmp_path):
    count = 100_000
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"{}\n" * count)
    run([str(path)], tmp_path / "out", jobs=1, progress=False)
    with open(tmp_path / "out" / "articles.csv", encoding="utf-8", newline="") as handle:
        statuses = [row["status"] for row in csv.DictReader(handle)]
    assert len(statuses) == count and set(statuses) == {"empty"}


def test_html_nested_ten_thousand_deep_is_a_row(folder, tmp_path):
    page = "<html><body>" + "<div>" * 10_000 + "Tỉnh Thái Bình" + "</div>" * 10_000 + "</body></html>"
    (folder / "deep.html").write_text(page, encoding="utf-8")
    articles = run_folder(folder, tmp_path / "out")
    assert articles.loc[str(folder / "deep.html")].status in ("empty", "error", "ok")
    assert len(articles) == 2 and articles.loc[str(folder / "z-good.txt")].status == "ok"


@pytest.fixture
def pipeline_with_a_backtracking_pattern():
    """A fresh pipeline plus one component whose pattern backtracks exponentially on 'aaaa...'."""
    from spacy.language import Language

    @Language.component("test_backtracking")
    def backtracking(doc):
        regex.search(r"(a|aa)+b", doc.text)
        return doc

    nlp = catalog.build()
    nlp.add_pipe("test_backtracking")
    return nlp


def test_a_pattern_that_backtracks_is_stopped_by_the_article_budget(pipeline_with_a_backtracking_pattern):
    """A pattern a researcher adds that backtracks without end: the CPU timer of the article's
    budget interrupts the regex engine in the middle of its match; the article is an error row."""
    from pipeline.engine.core import limited
    from pipeline.rules.budget import ArticleTimeout

    with limited(0.5):
        result = process(pipeline_with_a_backtracking_pattern, Article(source="evil", text="a" * 64))
    assert result.article["status"] == "error" and result.article["error"].startswith(ArticleTimeout.__name__)


def test_text_built_to_backtrack_the_real_grammars_still_gets_its_row(tmp_path, monkeypatch):
    path = tmp_path / "evil.jsonl"
    lines = [{"text": "1." * 100_000 + "x"}, {"text": "Ông " + "Nguyễn Văn " * 20_000 + "?"}, {"text": "(" * 50_000}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    run([str(path)], tmp_path / "out", jobs=1, progress=False)
    articles = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert len(articles) == 3
    for row in articles.itertuples():
        assert row.status in ("ok", "empty") or "timed out" in row.error or "ArticleTimeout" in row.error


def test_text_over_the_character_limit_is_an_error_row(monkeypatch):
    import pipeline.engine.core as run_module

    monkeypatch.setattr(run_module, "LIMITS", Limits(max_text_chars=1000))
    result = process(pipeline.load(), Article(source="long", text="Tỉnh Sơn La. " * 200))
    assert result.article["status"] == "error" and "longer than the limit of 1000" in result.article["error"]
    assert run_module.fingerprint(Article(source="long", text="Tỉnh Sơn La. " * 200)).error


def test_csv_cells_cannot_start_a_formula(tmp_path):
    record = {"text": "Tỉnh Sơn La tiếp nhận 6 dự án viện trợ.", "title": '=HYPERLINK("http://x.vn","bấm")',
              "author": "@SUM(A1:A9)", "url": "+84 912 345 678", "published": "2024-01-26"}
    other = {"text": "Tin ngắn về tỉnh Trà Vinh.", "title": "-", "author": "-1+2"}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n" + json.dumps(other, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    run([str(path)], tmp_path / "csv", jobs=1, progress=False)
    run([str(path)], tmp_path / "parquet", fmt="parquet", jobs=1, progress=False)
    with open(tmp_path / "csv" / "articles.csv", encoding="utf-8", newline="") as handle:
        first, second = list(csv.DictReader(handle))
    assert first["title"] == "'" + record["title"]
    assert first["author"] == "'@SUM(A1:A9)" and first["url"] == "'+84 912 345 678"
    assert second["title"] == "-"  # a lone dash is not a formula
    assert second["author"] == "'-1+2"
    assert first["n_chars"].isdigit() and int(first["n_chars"]) > 0  # numbers untouched
    provinces = pd.read_csv(tmp_path / "csv" / "provinces.csv")
    assert provinces.start.dtype.kind == "i"
    parquet = pd.read_parquet(tmp_path / "parquet" / "articles.parquet")
    assert parquet.title[0] == record["title"]  # Parquet is not for spreadsheets: written as is


def test_a_carriage_return_in_a_cell_stays_inside_its_row(tmp_path):
    """Python's CSV writer leaves a lone "\\r" unquoted when lines end in "\\n"; readers
    then split the row. Found by the fuzz test with a scraped title of "\\r"."""
    records = [{"text": "Tỉnh Sơn La tiếp nhận 6 dự án.", "title": "\r"},
               {"text": "Tin ngắn về tỉnh Trà Vinh.", "title": "Tin\rmới"}]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    run([str(path)], tmp_path / "out", jobs=1, progress=False)
    with open(tmp_path / "out" / "articles.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["title"] for row in rows] == ["\r", "Tin\rmới"]
    assert [row["status"] for row in rows] == ["ok", "ok"]
    assert len(pd.read_csv(tmp_path / "out" / "articles.csv")) == 2


def test_rows_are_cut_and_counted_as_a_csv_reader_reads_them():
    """The final tables count their rows from the lines they write, and the facts' rows with a
    figure id are found in them, without a reader: a quote, a line break or a comma in a cell
    must not move a row's end; a lone carriage return is left to the reader."""
    cells = ['Ông A nói: "Tỉnh sẽ hỗ trợ 5 tỷ đồng".', "dòng một\ndòng hai", "Tin\rmới", "", "Hà Nội, Huế", '"']
    for size in (1, 2, 3):
        for combination in itertools.product(cells, repeat=size):
            lines = csv_lines([list(combination), ["Sơn La", *combination]])
            expected = list(csv.reader(io.StringIO(lines)))
            assert csv_rows(lines) == len(expected) == 2
            rows = csv_row_lines(lines)
            assert (rows is None) == ("\r" in lines)
            if rows is not None:
                assert "".join(rows) == lines and [next(csv.reader([row])) for row in rows] == expected


def test_the_summary_counts_the_rows_the_tables_hold(tmp_path):
    records = [{"text": "Tỉnh Sơn La tiếp nhận 6 dự án viện trợ.", "title": 'Sơn La: "6 dự án"\nviện trợ'},
               {"text": "Tin ngắn về tỉnh Trà Vinh và tỉnh Sơn La.", "title": "Tin mới,\n\"Trà Vinh\""}]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    summary = run([str(path)], tmp_path / "out", jobs=1, progress=False)
    for table in ("articles", "provinces"):
        with open(tmp_path / "out" / f"{table}.csv", encoding="utf-8", newline="") as handle:
            assert summary["rows"][table] == len(list(csv.DictReader(handle))) >= 2
