"""Command line: argument parsing only; the work is in the stage modules.

    tintrich run INPUT... -o OUTDIR [--format csv|parquet] [-j N] [--no-resume]
                 [--engine local|dask [--scheduler ADDRESS] [--partitions N]]
    tintrich extract FILE|-
    tintrich eval --gold DIR --corpus DIR [--out FILE (default eval.csv)] [--show-errors]
    tintrich report OUTDIR [--per-page N] [--max-articles N]
    tintrich facts OUTDIR [--by subject,period,metric] [--kind money] [--include-changes] [--out FILE]
    tintrich fetch [SOURCES...] [--province NAME | --all-provinces] -o ARCHIVE [--contact EMAIL]
                   [--since DATE] [--delay S] [--max-pages N] [--timeout S] [--quiet]
"""
from __future__ import annotations

import argparse
import json
import os
import sys


class ArgumentParser(argparse.ArgumentParser):
    """Bad arguments: one line on stderr, exit code 2."""

    def error(self, message: str):
        self.exit(2, f"tintrich: error: {message}\n")


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="tintrich", description="Vietnamese news articles in, research tables out.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)

    run = commands.add_parser("run", help="process inputs into tables in OUTDIR")
    run.add_argument("inputs", nargs="+", help="files, directories, globs, or - for stdin")
    run.add_argument("-o", "--output", required=True, help="output folder")
    run.add_argument("--format", choices=["csv", "parquet"], default="csv")
    run.add_argument("-j", "--jobs", type=_positive, default=os.cpu_count() or 1,
                     help="worker processes (default: all cores)")
    run.add_argument("--text-field", action="append", help="JSONL field holding the text (repeatable)")
    run.add_argument("--url-field", action="append")
    run.add_argument("--title-field", action="append")
    run.add_argument("--published-field", action="append")
    run.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    run.add_argument("--resume", action=argparse.BooleanOptionalAction, default=True,
                     help="continue an interrupted run in OUTDIR, or add only new articles to it (default); "
                          "--no-resume starts over")
    run.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="local processes (default) or a Dask distributed cluster")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster of -j workers)")
    run.add_argument("--partitions", type=_positive, metavar="N",
                     help="Dask engine: number of input partitions (default: about 4 per worker)")

    extract = commands.add_parser("extract", help="print one article's results as JSON")
    extract.add_argument("input", help="a file, or - for stdin")
    extract.add_argument("--published", help="publication date (ISO) if the text has none")

    evaluate = commands.add_parser("eval", help="score against gold files")
    evaluate.add_argument("--gold", required=True, help="folder of gold <id>.json files")
    evaluate.add_argument("--corpus", required=True, help="folder with the articles <id>.txt")
    evaluate.add_argument("--out", default="eval.csv", help="CSV of the scores (default: eval.csv here)")
    evaluate.add_argument("--show-errors", action="store_true", help="print what was missed or spurious")

    report = commands.add_parser("report", help="write OUTDIR/report.html from the tables of a run")
    report.add_argument("outdir", help="output folder of `tintrich run`")
    report.add_argument("--per-page", type=_positive, default=50, help="rendered articles per page (default 50)")
    report.add_argument("--max-articles", type=int, default=1000,
                        help="articles rendered with highlights; the rest are only indexed (default 1000)")
    report.add_argument("--top", type=_positive, default=20, help="rows of each top table (default 20)")

    facts = commands.add_parser("facts", help="pivot of summed facts per subject/period/metric and unit")
    facts.add_argument("outdir", help="output folder of `tintrich run` (facts.csv or facts.parquet), or a facts file")
    facts.add_argument("--by", default="subject,period,metric", help="comma-separated columns to group by")
    facts.add_argument("--kind", default="money", choices=["money", "count", "percent", "ratio"])
    facts.add_argument("--include-changes", action="store_true", help="also sum changes (\"tăng 4,9 triệu USD\")")
    facts.add_argument("--out", default=None, help="where to write the pivot CSV (default OUTDIR/facts_pivot.csv)")

    fetch = commands.add_parser("fetch", help="download new articles of news sites into a WARC archive")
    fetch.add_argument("sources", nargs="*", metavar="SOURCES",
                       help="files of site/feed/sitemap URLs, URLs, or hosts/names from patterns/sources.csv")
    fetch.add_argument("-o", "--output", required=True, metavar="ARCHIVE", help="archive folder (WARC files)")
    fetch.add_argument("--province", help="the sources of this province in patterns/sources.csv")
    fetch.add_argument("--all-provinces", action="store_true", help="every source in patterns/sources.csv")
    fetch.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host (default 1)")
    fetch.add_argument("--contact", help="your e-mail or URL, sent in the User-Agent")
    fetch.add_argument("--max-pages", type=_positive, help="article pages requested in this run at most")
    fetch.add_argument("--since", metavar="DATE", help="only items published on or after DATE (YYYY-MM-DD)")
    fetch.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default 30)")
    fetch.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return number


def read_options(args):
    from pipeline.ingest import ReadOptions

    options = ReadOptions()
    for name in ("text", "url", "title", "published"):
        given = getattr(args, f"{name}_field")
        if given:
            setattr(options, f"{name}_fields", tuple(given))
    return options


def command_run(args) -> int:
    from pipeline.manifest import ManifestMismatch
    from pipeline.run import run

    if args.engine == "local" and (args.scheduler or args.partitions):
        print("tintrich: error: --scheduler and --partitions need --engine dask", file=sys.stderr)
        return 2
    try:
        summary = run(args.inputs, args.output, fmt=args.format, jobs=args.jobs, options=read_options(args),
                      progress=not args.quiet, resume=args.resume, engine=args.engine,
                      scheduler=args.scheduler, partitions=args.partitions)
    except ManifestMismatch as error:
        print(f"tintrich: error: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        print_summary(summary)
    return 0


def print_summary(summary: dict) -> None:
    status = ", ".join(f"{k} {v}" for k, v in sorted(summary["by_status"].items()))
    rows = ", ".join(f"{k} {v}" for k, v in summary["rows"].items())
    print(f"{summary['articles']} articles ({status}) in {summary['seconds']} s, "
          f"{summary['articles_per_s']} articles/s", file=sys.stderr)
    if summary.get("skipped") or summary.get("resumed"):
        print(f"{'resumed run' if summary.get('resumed') else 'run'} {summary.get('generation')}: "
              f"{summary.get('skipped', 0)} articles already in the output skipped", file=sys.stderr)
    print(f"rows: {rows}", file=sys.stderr)


def command_extract(args) -> int:
    from pipeline import load
    from pipeline.ingest import read_inputs
    from pipeline.run import process

    nlp = load()
    for article in read_inputs([args.input]):
        if args.published and not article.published:
            article.published = args.published
        result = process(nlp, article)
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1, default=str))
    return 0


def command_eval(args) -> int:
    from pipeline.evaluate import evaluate

    scores, misses = evaluate(args.gold, args.corpus)
    print(scores.to_string(index=False))
    if args.show_errors:
        for miss in misses:
            print(f"{miss['id']} {miss['field']}: missed {miss['missed']} spurious {miss['spurious']}")
    scores.to_csv(args.out, index=False)
    print(f"scores written to {args.out}", file=sys.stderr)
    return 0


def command_report(args) -> int:
    from pipeline.report import ReportSettings, build_report

    settings = ReportSettings(per_page=args.per_page, max_articles=max(args.max_articles, 0), top=args.top)
    print(build_report(args.outdir, settings))
    return 0


def command_facts(args) -> int:
    from pipeline.aggregate import format_table, write_pivot

    by = [column.strip() for column in args.by.split(",") if column.strip()]
    try:
        table, target = write_pivot(args.outdir, by, kind=args.kind, include_changes=args.include_changes,
                                    out=args.out)
    except ValueError as error:
        print(f"tintrich: error: {error}", file=sys.stderr)
        return 2
    print(format_table(table), flush=True)
    print(f"written: {target}", file=sys.stderr)
    return 0


def command_fetch(args) -> int:
    from pipeline.fetch import BadArguments, FetchOptions, fetch, format_summary, parse_since, resolve

    try:
        options = FetchOptions(delay=args.delay, contact=args.contact, max_pages=args.max_pages,
                               since=parse_since(args.since) if args.since else None, timeout=args.timeout,
                               progress=not args.quiet)
        options.check()
        sources = resolve(args.sources, province=args.province, all_provinces=args.all_provinces)
        if not sources:
            raise BadArguments("no source to fetch: give SOURCES, --province or --all-provinces")
        if not args.contact and not args.quiet:
            print("tintrich: warning: no --contact; site admins cannot reach you", file=sys.stderr)
        summary = fetch(sources, args.output, options)
    except BadArguments as error:
        print(f"tintrich: error: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(format_summary(summary), file=sys.stderr)
    return 130 if summary["interrupted"] else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"run": command_run, "extract": command_extract, "eval": command_eval,
                "report": command_report, "facts": command_facts, "fetch": command_fetch}[args.command](args)
    except FileNotFoundError as error:
        print(f"tintrich: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
