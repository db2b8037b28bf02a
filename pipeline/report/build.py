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
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline import catalog
from pipeline.output.files import atomic_file
from pipeline.report.charts import MAX_BARS, bar_chart
from pipeline.report.highlight import Highlight, colors, label_of, render_text
from pipeline.report.page import Markup, link, render
from pipeline.report.read import MANIFEST, read_chunks, read_run_summary, read_texts, table_path
from pipeline.report.stats import (
    EXCLUDED,
    NOT_A_PROVINCE,
    NOT_ONE_YEAR,
    DonorCounter,
    MoneyTotals,
    TopCounter,
)

REPORT_FILE = "report.html"
PAGES_FOLDER = "report"
#: the articles columns the index shows
INDEX_COLUMNS = ["doc_id", "source", "url", "title", "published", "status", "error", "n_chars"]
INDEX_HEADER = ["#", "doc_id", "title / source", "status", "published", "characters", "error"]
#: corpus-wide top tables: (table, heading, key columns, detail column)
TOP_TABLES = [
    ("provinces", "Provinces", ["name"], None),
    ("organizations", "Organizations", ["name"], "acronym"),
    ("officials", "Officials", ["name"], "title"),
    ("directives", "Cited documents", ["doc_type", "number"], "issuer"),
]


def row_fields() -> dict[str, list[str]]:
    """Fields shown for a row in an article's row table, per table (the rest are in the CSV)."""
    return {spec.table: [f for f in spec.fields if f != spec.row_id] for spec in catalog.tables()}


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
    layout = Layout(sum(statuses.values()), min(statuses["ok"], settings.max_articles), settings)

    index, chosen = index_articles(articles_path, layout, pages_dir)
    tables = scan_span_tables(outdir, {a["doc_id"] for a in chosen}, settings)
    texts = read_texts(outdir / "texts.jsonl", {a["doc_id"] for a in chosen}, settings.max_chars)
    sections = [article_section(article, texts.get(article["doc_id"]), tables.rows_of[article["doc_id"]])
                for article in chosen]
    inline_sections = []
    if layout.paginated:
        for number in range(layout.n_pages):
            body = sections[number * settings.per_page:(number + 1) * settings.per_page]
            _write(pages_dir / layout.article_page(number), articles_page(layout, number, body))
    else:
        inline_sections = sections

    main = main_page(outdir, articles_path, statuses, tables, layout, index, inline_sections,
                     round(time.time() - started, 2))
    return _write(outdir / REPORT_FILE, main)


def index_articles(articles_path: Path, layout: "Layout", pages_dir: Path) -> tuple["ArticleIndex", list[dict]]:
    """The article index (pass 2), and the articles chosen for rendering: the first ``ok`` ones."""
    index = ArticleIndex(layout, pages_dir)
    chosen: list[dict] = []
    for chunk in read_chunks(articles_path, INDEX_COLUMNS, layout.settings.chunk_size):
        for position, article in zip(chunk.index, chunk.to_dict("records")):
            number = None
            if article["status"] == "ok" and len(chosen) < layout.n_rendered:
                number = len(chosen)
                chosen.append(article)
            index.add(position, article, number)
    index.close()
    return index, chosen


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

    def _flush(self) -> None:
        first, last = self.rows[0][0], self.rows[-1][0]
        self.first_last.append((first, last))
        _write(self.pages_dir / Layout.index_page(self.n_pages), render(
            "index.html", title=f"index {self.n_pages + 1}", number=self.n_pages, first=first, last=last,
            n_articles=self.layout.n_articles, report_file=REPORT_FILE, header=INDEX_HEADER, rows=self.rows))
        self.n_pages += 1
        self.rows = []


@dataclass
class SpanTables:
    row_counts: dict            # table -> rows (None: no file)
    tops: dict                  # table -> TopCounter
    money: MoneyTotals
    rows_of: dict               # doc_id -> [(table, row position, row dict)]
    problems: list
    donors: DonorCounter


def scan_span_tables(outdir: Path, wanted: set[str], settings: ReportSettings) -> SpanTables:
    """One chunked pass over every span table (see the module docstring, pass 3)."""
    scanned = SpanTables({}, {table: TopCounter(key, detail) for table, _, key, detail in TOP_TABLES},
                         MoneyTotals(), defaultdict(list), [], DonorCounter())
    for table, fields in row_fields().items():
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
                    scanned.donors.update_money(chunk)
                if table == "organizations":
                    scanned.donors.update(chunk)
                mine = chunk[chunk["doc_id"].isin(wanted)]
                for position, row in zip(mine.index, mine.to_dict("records")):
                    scanned.rows_of[row["doc_id"]].append((table, position, row))
        except Exception as error:  # a damaged table is reported, the rest of the report is still built
            scanned.problems.append(f"{path.name}: could not be read after {scanned.row_counts[table]:,} rows "
                                    f"({type(error).__name__}: {str(error)[:200]})")
    return scanned


def article_section(article: dict, text: tuple[str, int] | None, rows: list) -> Markup:
    """One article: its metadata, its text with every row highlighted, and the rows themselves."""
    doc_id = article["doc_id"]
    values = {"doc_id": doc_id, "heading": article["title"] or article["source"] or doc_id, "text": text,
              "meta": [(name, str(article[name])) for name in ("doc_id", "source", "url", "published", "n_chars")
                       if article.get(name)]}
    if text is None:
        return Markup(render("article.html", **values))
    shown, length = text
    fields_of = row_fields()
    highlights, table_rows, attributes = [], [], []
    for table, position, row in sorted(rows, key=lambda item: (_number(item[2]["start"]), item[0])):
        start, end = _number(row["start"]), _number(row["end"])
        problem = _offset_problem(shown, length, start, end, row["text"])
        if not problem:
            highlights.append(Highlight(start, end, label_of(table, row), table, position))
        fields = "; ".join(f"{f}={_plain(row[f])}" for f in fields_of[table] if row.get(f) is not None and row[f] == row[f])
        offsets = f"{start}–{end}" if start is not None and end is not None else "?"
        table_rows.append([f"{table} #{position}", offsets, row["text"], fields, problem or "shown"])
        attributes.append(Markup(' id="{}-{}" title="{}.csv row {}: {} {}"{}').format(
            table, position, table, position, doc_id, offsets, Markup(' class="problem"') if problem else ""))
    return Markup(render("article.html", **values, highlighted=Markup(render_text(shown, highlights)),
                         cut=(len(shown), length) if len(shown) < length else None,
                         rows=table_rows, row_attributes=attributes))


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


def articles_page(layout: Layout, number: int, sections: list[Markup]) -> str:
    first = number * layout.settings.per_page + 1
    return render("articles.html", title=f"articles page {number + 1}", layout=layout, number=number, first=first,
                  last=first + len(sections) - 1, report_file=REPORT_FILE, colors=colors(), sections=sections,
                  pages=[(layout.article_page(n), str(n + 1)) for n in range(layout.n_pages)])


def main_page(outdir: Path, articles_path: Path, statuses: Counter, tables: SpanTables, layout: Layout,
              index: ArticleIndex, inline_sections: list[Markup], seconds: float) -> str:
    run = read_run_summary(outdir)
    run_time = (f"{run['seconds']:,} s" if isinstance(run.get("seconds"), (int, float))
                else f"unknown (no finished run in {MANIFEST})")
    suffix = articles_path.suffix
    return render(
        "main.html", title="tintrich report", outdir=str(outdir), seconds=seconds,
        status_rows=[[status, n] for status, n in statuses.most_common()] + [[Markup("<b>all</b>"), layout.n_articles]],
        count_rows=[[f"articles{suffix}", layout.n_articles]] + [
            [f"{table}{suffix}", n if n is not None else "missing"] for table, n in tables.row_counts.items()],
        run_rows=[["run time", run_time]] + _run_details(run), problems=tables.problems,
        money=money_charts(tables.money), donors=donor_table(tables.donors, layout.settings.top),
        tops=[top_table(heading, key, detail, tables.tops[table], layout.settings.top)
              for table, heading, key, detail in TOP_TABLES],
        layout=layout, colors=colors(), sections=inline_sections,
        article_pages=[(f"{PAGES_FOLDER}/{layout.article_page(n)}", str(n + 1)) for n in range(layout.n_pages)],
        index_pages=[(f"{PAGES_FOLDER}/{layout.index_page(n)}", f"{first:,}–{last:,}")
                     for n, (first, last) in enumerate(index.first_last)],
        index_header=INDEX_HEADER, index_rows=index.rows)


def _run_details(run: dict) -> list[list]:
    return [[key, value] for key, value in run.items()
            if key != "seconds" and isinstance(value, (str, int, float))][:10]


@dataclass
class MoneyCharts:
    notes: list[str]
    charts: list[dict]


def money_charts(money: MoneyTotals) -> MoneyCharts:
    """Two charts per currency, each captioned with the rows it sums and the rows it leaves out."""
    shown = MoneyCharts([], [])
    if money.unknown_unit:
        shown.notes.append(Markup("{:,} money rows have no currency (<code>unit</code>) and are in no chart.")
                           .format(sum(money.unknown_unit.values())))
    currencies = money.currencies()
    if not currencies:
        shown.notes.append(Markup("No money facts to chart: facts has no row with <code>kind = money</code> "
                                  "and a known value, currency, subject and period."))
    for currency in currencies:
        counts = money.counts[currency]
        excluded = {why: counts[why] for why in EXCLUDED if counts[why]}
        in_metric = counts["rows"] - sum(excluded.values())
        in_yearly = in_metric - counts[NOT_ONE_YEAR] - counts[NOT_A_PROVINCE]
        left_out = "; ".join(f"{n:,} {why}" for why, n in excluded.items()) or "none"
        base = Markup("Sums <code>value</code> of facts rows with <code>kind = money</code>, <code>unit = {}</code>, "
                      "a known <code>subject</code> and <code>period</code>, no <code>change</code> and no "
                      "<code>per</code>, each amount once per article. Money rows in {}: {:,}; excluded: {}").format(
            currency, currency, counts["rows"], left_out)
        yearly = sorted(((s, y, total, n) for (c, s, y), (total, n) in money.by_subject_year.items() if c == currency),
                        key=lambda item: -item[2])
        if yearly:
            shown.charts.append(_chart(
                [f"{s} · {y}" for s, y, _, _ in yearly], [t for _, _, t, _ in yearly],
                f"Money by province (subject) and year, {currency}", currency, f"money by subject and year, {currency}",
                base + Markup("; {:,} whose period is not one year; {:,} whose subject is not a province. <b>Included: "
                              "{:,} rows</b> in {:,} province·year groups").format(
                    counts[NOT_ONE_YEAR], counts[NOT_A_PROVINCE], in_yearly, len(yearly))))
        by_metric = sorted(((m, total, n) for (c, m), (total, n) in money.by_metric.items() if c == currency),
                           key=lambda item: -item[1])
        shown.charts.append(_chart(
            [m for m, _, _ in by_metric], [t for _, t, _ in by_metric], f"Money by metric, {currency}", currency,
            f"money by metric, {currency}",
            base + Markup(". <b>Included: {:,} rows</b> in {:,} metrics").format(in_metric, len(by_metric))))
    return shown


def _chart(labels: list[str], values: list[float], title: str, unit: str, alt: str, caption: Markup) -> dict:
    """One bar chart of at most MAX_BARS groups; the caption says when groups are left out."""
    more = Markup(" (top {} shown).").format(MAX_BARS) if len(labels) > MAX_BARS else Markup(".")
    return {"uri": bar_chart(labels[:MAX_BARS], values[:MAX_BARS], title, unit), "alt": alt, "caption": caption + more}


def top_table(heading: str, key: list[str], detail: str | None, counter: TopCounter, n: int) -> dict:
    top = counter.top(n)
    return {"heading": heading, "distinct": len(counter.mentions), "numeric": (len(key), len(key) + 1),
            "header": [*key, "mentions", "articles"] + ([f"most frequent {detail}"] if detail else []),
            "rows": [[*entry["key"], entry["mentions"], entry["articles"]] + ([entry["detail"]] if detail else [])
                     for entry in top]}


def donor_table(donors: DonorCounter, n: int) -> dict:
    """Foreign NGOs and donors by the number of articles that name them; with the money each gave
    (per currency) once facts.csv says who gave it (its ``donor`` column)."""
    top = donors.top(n)
    currencies = sorted({currency for row in top for currency in row["money"]})
    header = ["donor", "kind", "country", "articles", "mentions"] + [f"money ({c})" for c in currencies]
    rows = [[row["name"], row["kind"], row["country"] or "", row["articles"], row["mentions"]]
            + [f"{row['money'][c]:,.0f}" if c in row["money"] else "" for c in currencies] for row in top]
    if donors.money_column:
        note = Markup("Money: facts of kind money by <code>{}</code>, as summed in the charts above; an amount "
                      "given by several donors counts in full for each.").format(donors.money_column)
    else:
        note = Markup("By number of articles. Money by donor needs a <code>donor</code> column in facts.csv "
                      "(attributing amounts to donors is not done yet).")
    return {"distinct": len(donors.counter.mentions), "header": header, "rows": rows, "note": note,
            "numeric": tuple(range(3, len(header)))}


def _remove_old_pages(pages_dir: Path) -> None:
    """Pages of an earlier report of this folder (only the files this module writes)."""
    if pages_dir.is_dir():
        for old in [*pages_dir.glob("articles-*.html"), *pages_dir.glob("index-*.html")]:
            old.unlink()


def _write(path: Path, html: str) -> Path:
    """Write atomically: a reader never sees half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path, "w", encoding="utf-8") as handle:
        handle.write(html)
    return path
