"""``tintrich report OUTDIR``: the tables of a run -> ``OUTDIR/report.html`` a researcher opens offline.

    >>> build_report("out/")                 # after: tintrich run corpus/ -o out/
    PosixPath('out/report.html')

Four passes over the output folder, each in bounded memory:

1. ``articles``: articles by status (read in chunks);
2. ``articles`` again: the article index, written as it is read; the first
   ``max_articles`` articles with status ``ok`` are chosen for rendering;
3. every span table, in chunks: row counts, the top provinces / organizations /
   officials / cited documents, money sums for the charts, and the rows of the
   chosen articles;
4. ``texts.jsonl``, line by line, for the chosen articles' texts.

Small runs (at most ``per_page`` rendered articles and ``index_page_size``
articles) give one self-contained ``report.html``. Larger runs also write
``OUTDIR/report/articles-0001.html`` (``per_page`` articles each) and
``OUTDIR/report/index-0001.html`` (``index_page_size`` articles each); the
main page links to them.
"""
from __future__ import annotations

import math
import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.report import page
from pipeline.report.aggregate import EXCLUDED, MoneyTotals, NOT_ONE_YEAR, TopCounter
from pipeline.report.charts import MAX_BARS, bar_chart
from pipeline.report.highlight import COLORS, Highlight, label_of, render_text
from pipeline.report.page import Markup, escape, link
from pipeline.report.read import MANIFEST, RUN_SUMMARY, read_chunks, read_run_summary, read_texts, table_path
from pipeline.tables import SPAN_TABLES

REPORT_FILE = "report.html"
PAGES_FOLDER = "report"
#: the articles columns the index shows
INDEX_COLUMNS = ["doc_id", "source", "url", "title", "published", "status", "error", "n_chars"]
#: corpus-wide top tables: (table, heading, key columns, detail column)
TOP_TABLES = [
    ("provinces", "Provinces", ["name"], None),
    ("organizations", "Organizations", ["name"], "acronym"),
    ("officials", "Officials", ["name"], "title"),
    ("directives", "Cited documents", ["doc_type", "number"], "issuer"),
]
#: fields shown for a row in an article's row table, per table (the rest are in the CSV)
ROW_FIELDS = {table: [f for f in fields if f != "fact_id"] for table, fields in SPAN_TABLES.items()}


@dataclass(frozen=True)
class ReportSettings:
    per_page: int = 50              # rendered articles per articles-NNNN.html page
    max_articles: int = 1000        # articles rendered with highlights; the rest are in the index only
    index_page_size: int = 1000     # articles per index-NNNN.html page
    top: int = 20                   # rows of each top table
    chunk_size: int = 50_000        # table rows read at a time
    max_chars: int = 100_000        # characters of one article's text rendered


def build_report(outdir, settings: ReportSettings = ReportSettings()) -> Path:
    """Write ``OUTDIR/report.html`` (and ``OUTDIR/report/*.html`` for large runs); returns its path."""
    started = time.time()
    outdir = Path(outdir)
    articles_path = table_path(outdir, "articles")
    if articles_path is None:
        raise FileNotFoundError(f"no articles.csv or articles.parquet in {outdir} (run `tintrich run` first)")
    pages_dir = outdir / PAGES_FOLDER
    _remove_old_pages(pages_dir)

    statuses = Counter()
    for chunk in read_chunks(articles_path, ["status"], settings.chunk_size):
        statuses.update(chunk["status"].fillna("(none)"))
    n_articles = sum(statuses.values())
    n_rendered = min(statuses["ok"], settings.max_articles)
    layout = Layout(n_articles, n_rendered, settings)

    index = ArticleIndex(layout, pages_dir)
    chosen: list[dict] = []
    for chunk in read_chunks(articles_path, INDEX_COLUMNS, settings.chunk_size):
        for position, article in zip(chunk.index, chunk.to_dict("records")):
            number = None
            if article["status"] == "ok" and len(chosen) < n_rendered:
                number = len(chosen)
                chosen.append(article)
            index.add(position, article, number)
    index.close()

    tables = scan_span_tables(outdir, {a["doc_id"] for a in chosen}, settings)
    texts = read_texts(outdir / "texts.jsonl", {a["doc_id"] for a in chosen}, settings.max_chars)
    sections = [article_section(article, texts.get(article["doc_id"]), tables.rows_of[article["doc_id"]])
                for article in chosen]
    inline_sections = ""
    if layout.paginated:
        for number in range(layout.n_pages):
            body = sections[number * settings.per_page:(number + 1) * settings.per_page]
            _write(pages_dir / layout.article_page(number), articles_page(layout, number, body))
    else:
        inline_sections = "".join(sections)

    main = main_page(outdir, articles_path, statuses, tables, layout, index, inline_sections,
                     round(time.time() - started, 2))
    return _write(outdir / REPORT_FILE, main)


class Layout:
    """Where each rendered article and each index entry goes."""

    def __init__(self, n_articles: int, n_rendered: int, settings: ReportSettings):
        self.n_articles, self.n_rendered, self.settings = n_articles, n_rendered, settings
        self.paginated = n_rendered > settings.per_page
        self.n_pages = math.ceil(n_rendered / settings.per_page) if self.paginated else 0
        self.index_paginated = n_articles > settings.index_page_size

    @staticmethod
    def article_page(number: int) -> str:
        return f"articles-{number + 1:04d}.html"

    @staticmethod
    def index_page(number: int) -> str:
        return f"index-{number + 1:04d}.html"

    def article_href(self, doc_id: str, number: int, from_main: bool) -> str:
        """Link to rendered article ``number`` (0-based) from the main page or from a page in report/."""
        if not self.paginated:
            return f"#doc-{doc_id}" if from_main else f"../{REPORT_FILE}#doc-{doc_id}"
        target = f"{self.article_page(number // self.settings.per_page)}#doc-{doc_id}"
        return f"{PAGES_FOLDER}/{target}" if from_main else target


class ArticleIndex:
    """Every article in one table: inline on the main page, or index pages written as rows arrive."""

    HEADER = ["#", "doc_id", "title / source", "status", "published", "characters", "error"]

    def __init__(self, layout: Layout, pages_dir: Path):
        self.layout, self.pages_dir = layout, pages_dir
        self.rows: list[list] = []
        self.n_pages = 0
        self.first_last: list[tuple[str, str]] = []

    def add(self, position: int, article: dict, number: int | None) -> None:
        doc_id = article["doc_id"] or ""
        from_main = not self.layout.index_paginated
        shown = link(self.layout.article_href(doc_id, number, from_main), doc_id) if number is not None else doc_id
        self.rows.append([position + 1, shown, article["title"] or article["source"] or article["url"],
                          article["status"], article["published"], article["n_chars"], article["error"]])
        if self.layout.index_paginated and len(self.rows) == self.layout.settings.index_page_size:
            self._flush()

    def close(self) -> None:
        if self.layout.index_paginated and self.rows:
            self._flush()

    def table(self) -> str:
        return page.table(self.HEADER, self.rows, numeric={0, 5})

    def _flush(self) -> None:
        first, last = self.rows[0][0], self.rows[-1][0]
        self.first_last.append((first, last))
        body = (f"<h1>Article index, page {self.n_pages + 1}</h1>"
                f"<p>{link('../' + REPORT_FILE, 'back to the report')} — articles {first:,}–{last:,} "
                f"of {self.layout.n_articles:,}, in the order of the articles table. "
                "A linked doc_id is rendered with highlights; the others are listed only.</p>" + self.table())
        _write(self.pages_dir / Layout.index_page(self.n_pages), page.document(f"index {self.n_pages + 1}", body))
        self.n_pages += 1
        self.rows = []


@dataclass
class SpanTables:
    row_counts: dict            # table -> rows (None: no file)
    tops: dict                  # table -> TopCounter
    money: MoneyTotals
    rows_of: dict               # doc_id -> [(table, row position, row dict)]
    problems: list


def scan_span_tables(outdir: Path, wanted: set[str], settings: ReportSettings) -> SpanTables:
    """One chunked pass over every span table (see the module docstring, pass 3)."""
    scanned = SpanTables({}, {table: TopCounter(key, detail) for table, _, key, detail in TOP_TABLES},
                         MoneyTotals(), defaultdict(list), [])
    for table, fields in SPAN_TABLES.items():
        path = table_path(outdir, table)
        if path is None:
            scanned.row_counts[table] = None
            scanned.problems.append(f"{table}: no {table}.csv or {table}.parquet")
            continue
        columns = list(dict.fromkeys(["doc_id", *fields, "text", "start", "end"]))
        scanned.row_counts[table] = 0
        try:
            for chunk in read_chunks(path, columns, settings.chunk_size):
                scanned.row_counts[table] += len(chunk)
                if table in scanned.tops:
                    scanned.tops[table].update(chunk)
                if table == "facts":
                    scanned.money.update(chunk)
                mine = chunk[chunk["doc_id"].isin(wanted)]
                for position, row in zip(mine.index, mine.to_dict("records")):
                    scanned.rows_of[row["doc_id"]].append((table, position, row))
        except Exception as error:  # a damaged table is reported, the rest of the report is still built
            scanned.problems.append(f"{path.name}: could not be read after {scanned.row_counts[table]:,} rows "
                                    f"({type(error).__name__}: {str(error)[:200]})")
    return scanned


def article_section(article: dict, text: tuple[str, int] | None, rows: list) -> str:
    """One article: its metadata, its text with every row highlighted, and the rows themselves."""
    doc_id = article["doc_id"]
    meta = " · ".join(f"{name} <code>{escape(str(article[name]))}</code>"
                      for name in ("doc_id", "source", "url", "published", "n_chars") if article.get(name))
    heading = escape(article["title"] or article["source"] or doc_id)
    if text is None:
        return (f'<section class="article" id="doc-{escape(doc_id)}"><h3>{heading}</h3><p class="meta">{meta}</p>'
                f'<p class="note">No text for this article in texts.jsonl.</p></section>')
    shown, length = text
    highlights, table_rows, attributes = [], [], []
    for table, position, row in sorted(rows, key=lambda item: (_number(item[2]["start"]), item[0])):
        start, end = _number(row["start"]), _number(row["end"])
        problem = _offset_problem(shown, length, start, end, row["text"])
        if not problem:
            highlights.append(Highlight(start, end, label_of(table, row.get("kind")), table, position))
        fields = "; ".join(f"{f}={_plain(row[f])}" for f in ROW_FIELDS[table] if row.get(f) is not None and row[f] == row[f])
        offsets = f"{start}–{end}" if start is not None and end is not None else "?"
        table_rows.append([f"{table} #{position}", offsets, row["text"], fields, problem or "shown"])
        attributes.append(f' id="{escape(table)}-{position}" title="{escape(table)}.csv row {position}: '
                          f'{escape(doc_id)} {escape(offsets)}"' + (' class="problem"' if problem else ""))
    note = (f'<p class="note">Text cut at {len(shown):,} of {length:,} characters.</p>'
            if len(shown) < length else "")
    rows_html = (page.table(["row", "start–end", "text", "fields", "highlight"], table_rows, css="rows",
                            row_attributes=attributes) if table_rows else '<p class="note">No rows.</p>')
    return (f'<section class="article" id="doc-{escape(doc_id)}"><h3>{heading}</h3><p class="meta">{meta}</p>'
            f"{render_text(shown, highlights)}{note}"
            f"<details open><summary>{len(table_rows)} rows of this article (row = position in the table file, "
            f"0-based; start–end = characters of texts.jsonl)</summary>{rows_html}</details></section>")


def _plain(value) -> str:
    """``1300000.0 -> "1300000"``, ``0.26 -> "0.26"``: numbers as in the CSV, not 1.3e+06."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _number(value) -> int | None:
    return int(value) if value is not None and value == value else None


def _offset_problem(shown: str, length: int, start, end, text) -> str | None:
    """Why a row cannot be highlighted (None when it can)."""
    if start is None or end is None or not 0 <= start < end <= length:
        return "offsets outside the text"
    if end > len(shown):
        return "beyond the rendered text"
    if text is not None and shown[start:end] != text:
        return f"text at offsets is {shown[start:end]!r}"
    return None


def articles_page(layout: Layout, number: int, sections: list[str]) -> str:
    pages = [(layout.article_page(n), str(n + 1)) for n in range(layout.n_pages)]
    first = number * layout.settings.per_page + 1
    last = first + len(sections) - 1
    body = (f"<h1>Articles {first:,}–{last:,}</h1><p>{link('../' + REPORT_FILE, 'back to the report')} — "
            f"page {number + 1} of {layout.n_pages}; {layout.n_rendered:,} of {layout.n_articles:,} articles "
            f"are rendered.</p>{page.pager(pages, number)}{page.legend(COLORS)}{''.join(sections)}"
            f"{page.pager(pages, number)}")
    return page.document(f"articles page {number + 1}", body)


def main_page(outdir: Path, articles_path: Path, statuses: Counter, tables: SpanTables, layout: Layout,
              index: ArticleIndex, inline_sections: str, seconds: float) -> str:
    run = read_run_summary(outdir)
    run_time = (f"{run['seconds']:,} s" if isinstance(run.get("seconds"), (int, float))
                else f"unknown (no {RUN_SUMMARY}, and no finished run in {MANIFEST})")
    suffix = articles_path.suffix
    status_rows = [[status, n] for status, n in statuses.most_common()] + [[Markup("<b>all</b>"), layout.n_articles]]
    count_rows = [[f"articles{suffix}", layout.n_articles]] + [
        [f"{table}{suffix}", n if n is not None else "missing"] for table, n in tables.row_counts.items()]
    problems = "".join(f"<li>{escape(p)}</li>" for p in tables.problems)
    body = [
        f"<h1>tintrich report</h1><p class=note>Output folder <code>{escape(str(outdir))}</code>; "
        f"report built in {seconds} s.</p>",
        '<h2 id="summary">Summary</h2><div class="tops summary">',
        f"<div><h3>Articles by status</h3>{page.table(['status', 'articles'], status_rows, numeric={1})}</div>",
        f"<div><h3>Rows per table</h3>{page.table(['table', 'rows'], count_rows, numeric={1})}</div>",
        f"<div><h3>Run</h3>{page.table(None, [['run time', run_time]] + _run_details(run))}</div></div>",
        f"<ul class=note>{problems}</ul>" if problems else "",
        '<h2 id="charts">Money</h2>', money_charts(tables.money),
        '<h2 id="top">Across the corpus</h2><div class="tops">',
        *(top_table(heading, key, detail, tables.tops[table], layout.settings.top)
          for table, heading, key, detail in TOP_TABLES),
        "</div>", '<h2 id="articles">Articles</h2>', articles_overview(layout, index, inline_sections),
    ]
    return page.document("tintrich report", "\n".join(body))


def _run_details(run: dict) -> list[list]:
    return [[key, value] for key, value in run.items()
            if key != "seconds" and isinstance(value, (str, int, float))][:10]


def money_charts(money: MoneyTotals) -> str:
    """Two charts per currency, each captioned with the rows it sums and the rows it leaves out."""
    parts = []
    if money.unknown_unit:
        parts.append(f'<p class="note">{sum(money.unknown_unit.values()):,} money rows have no currency '
                     "(<code>unit</code>) and are in no chart.</p>")
    currencies = money.currencies()
    if not currencies:
        parts.append('<p class="note">No money facts to chart: facts has no row with <code>kind = money</code> '
                     "and a known value, currency, subject and period.</p>")
    for currency in currencies:
        counts = money.counts[currency]
        excluded = {why: counts[why] for why in EXCLUDED if counts[why]}
        in_metric = counts["rows"] - sum(excluded.values())
        in_yearly = in_metric - counts[NOT_ONE_YEAR]
        left_out = "; ".join(f"{n:,} {why}" for why, n in excluded.items()) or "none"
        base = (f"Sums <code>value</code> of facts rows with <code>kind = money</code>, <code>unit = "
                f"{escape(currency)}</code>, a known <code>subject</code> and <code>period</code>, no "
                "<code>change</code> and no <code>per</code>, each amount once per article. "
                f"Money rows in {escape(currency)}: {counts['rows']:,}; excluded: {left_out}")
        yearly = sorted(((s, y, total, n) for (c, s, y), (total, n) in money.by_subject_year.items() if c == currency),
                        key=lambda item: -item[2])
        if yearly:
            parts.append(page.figure(
                bar_chart([f"{s} · {y}" for s, y, _, _ in yearly[:MAX_BARS]], [t for _, _, t, _ in yearly[:MAX_BARS]],
                          f"Money by province (subject) and year, {currency}", currency),
                f"money by subject and year, {currency}",
                f"{base}; {counts[NOT_ONE_YEAR]:,} whose period is not one year. "
                f"<b>Included: {in_yearly:,} rows</b> in {len(yearly):,} subject·year groups"
                + (f" (top {MAX_BARS} shown)." if len(yearly) > MAX_BARS else ".")))
        by_metric = sorted(((m, total, n) for (c, m), (total, n) in money.by_metric.items() if c == currency),
                           key=lambda item: -item[1])
        parts.append(page.figure(
            bar_chart([m for m, _, _ in by_metric[:MAX_BARS]], [t for _, t, _ in by_metric[:MAX_BARS]],
                      f"Money by metric, {currency}", currency),
            f"money by metric, {currency}",
            f"{base}. <b>Included: {in_metric:,} rows</b> in {len(by_metric):,} metrics"
            + (f" (top {MAX_BARS} shown)." if len(by_metric) > MAX_BARS else ".")))
    return "\n".join(parts)


def top_table(heading: str, key: list[str], detail: str | None, counter: TopCounter, n: int) -> str:
    top = counter.top(n)
    header = [*key, "mentions", "articles"] + ([f"most frequent {detail}"] if detail else [])
    rows = [[*entry["key"], entry["mentions"], entry["articles"]] + ([entry["detail"]] if detail else [])
            for entry in top]
    shown = page.table(header, rows, numeric={len(key), len(key) + 1}) if rows else '<p class="note">None found.</p>'
    return f"<div><h3>{escape(heading)}</h3><p class=note>{len(counter.mentions):,} distinct; top {len(top)}</p>{shown}</div>"


def articles_overview(layout: Layout, index: ArticleIndex, inline_sections: str) -> str:
    settings = layout.settings
    parts = [f"<p>{layout.n_articles:,} articles; {layout.n_rendered:,} rendered with their rows highlighted "
             f"(articles with status ok, at most {settings.max_articles:,}); the rest are listed in the index only.</p>"]
    if layout.paginated:
        parts.append(f"<p>Rendered articles, {settings.per_page} per page:</p>" + page.pager(
            [(f"{PAGES_FOLDER}/{layout.article_page(n)}", str(n + 1)) for n in range(layout.n_pages)]))
    if layout.index_paginated:
        parts.append(f"<h3>Index</h3><p>{settings.index_page_size:,} articles per page:</p>" + page.pager(
            [(f"{PAGES_FOLDER}/{layout.index_page(n)}", f"{first:,}–{last:,}")
             for n, (first, last) in enumerate(index.first_last)]))
    else:
        parts.append("<h3>Index</h3>" + index.table())
    if inline_sections:
        parts.append(page.legend(COLORS) + inline_sections)
    return "\n".join(parts)


def _remove_old_pages(pages_dir: Path) -> None:
    """Pages of an earlier report of this folder (only the files this module writes)."""
    if pages_dir.is_dir():
        for old in [*pages_dir.glob("articles-*.html"), *pages_dir.glob("index-*.html")]:
            old.unlink()


def _write(path: Path, html: str) -> Path:
    """Write atomically: a reader never sees half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text(html, encoding="utf-8")
    os.replace(temporary, path)
    return path
