"""Command line: argument parsing only; the work is in the stage modules. The one module at the top.

    tintrich run INPUT... -o OUTDIR [--format csv|parquet] [-j N] [--no-resume] [--disable NAME,...]
                 [--config FILE] [--engine local|dask [--scheduler ADDRESS] [--partitions N]]
    tintrich extract FILE|- [--disable NAME,...] [--config FILE]
    tintrich eval --gold DIR --corpus DIR [--out FILE (default eval.csv)] [--show-errors]
    tintrich report OUTDIR [--per-page N] [--max-articles N]
    tintrich facts OUTDIR [--by subject,period,metric] [--kind money] [--include-changes] [--strict] [--out FILE]
    tintrich components                 # the pipeline's components in order, what they read and write
    tintrich fetch [SOURCES...] [--province NAME | --all-provinces] -o ARCHIVE [--contact EMAIL]
                   [--since DATE] [--delay S] [--max-pages N] [--timeout S] [--quiet]

Every module is imported by the command that needs it, so ``tintrich --help`` starts fast.
Errors a user can fix print one line on stderr and exit with code 2.
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


class UsageError(Exception):
    """A mistake the user can fix: printed as one line, exit code 2."""


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return number


def _year(value: str) -> int:
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise argparse.ArgumentTypeError("must be a year such as 2017")
    return int(value)


def _pipeline_arguments(parser) -> None:
    parser.add_argument("--disable", default="", metavar="NAME,...",
                        help="components to leave out (see `tintrich components`)")
    parser.add_argument("--config", metavar="FILE", help="a tintrich.toml (default: ./tintrich.toml if present)")


def add_run(commands) -> None:
    run = commands.add_parser("run", help="process inputs into tables in OUTDIR")
    run.add_argument("inputs", nargs="+", help="files, directories, globs, or - for stdin")
    run.add_argument("-o", "--output", required=True, help="output folder")
    run.add_argument("--format", choices=["csv", "parquet"], default="csv")
    run.add_argument("-j", "--jobs", type=_positive, default=os.cpu_count() or 1,
                     help="worker processes (default: all cores)")
    for field in ("text", "url", "title", "published"):
        run.add_argument(f"--{field}-field", action="append", help=f"JSONL field holding the {field} (repeatable)")
    run.add_argument("--published-year", type=_year, metavar="YEAR",
                     help="the year the articles were published in, for those neither input nor text dates "
                          "(an archive of 2017): completes dates and periods written without a year "
                          "(year_source 'archive')")
    run.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    run.add_argument("--include-hidden", action="store_true",
                     help="also read hidden files and folders (names starting with '.') of input folders")
    run.add_argument("--resume", action=argparse.BooleanOptionalAction, default=True,
                     help="continue an interrupted run in OUTDIR, or add only new articles to it (default); "
                          "--no-resume starts over")
    run.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="local processes (default) or a Dask distributed cluster")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster of -j workers)")
    run.add_argument("--partitions", type=_positive, metavar="N",
                     help="Dask engine: number of input partitions (default: about 4 per worker)")
    _pipeline_arguments(run)


def add_extract(commands) -> None:
    extract = commands.add_parser("extract", help="print one article's results as JSON")
    extract.add_argument("input", help="a file, or - for stdin")
    extract.add_argument("--published", help="publication date (ISO) if the text has none")
    extract.add_argument("--published-year", type=_year, metavar="YEAR",
                         help="the year it was published in, if neither input nor text dates it")
    _pipeline_arguments(extract)


def add_eval(commands) -> None:
    evaluate = commands.add_parser("eval", help="score against gold files")
    evaluate.add_argument("--gold", required=True, help="folder of gold <id>.json files")
    evaluate.add_argument("--corpus", required=True, help="folder with the articles <id>.txt")
    evaluate.add_argument("--out", default="eval.csv", help="CSV of the scores (default: eval.csv here)")
    evaluate.add_argument("--show-errors", action="store_true", help="print what was missed or spurious")


def add_report(commands) -> None:
    report = commands.add_parser("report", help="write OUTDIR/report.html from the tables of a run")
    report.add_argument("outdir", help="output folder of `tintrich run`")
    report.add_argument("--per-page", type=_positive, default=50, help="rendered articles per page (default 50)")
    report.add_argument("--max-articles", type=int, default=1000,
                        help="articles rendered with highlights; the rest are only indexed (default 1000)")
    report.add_argument("--top", type=_positive, default=20, help="rows of each top table (default 20)")


def add_facts(commands) -> None:
    facts = commands.add_parser("facts", help="pivot of summed facts per subject/period/metric and unit")
    facts.add_argument("outdir", help="output folder of `tintrich run` (facts.csv or facts.parquet), or a facts file")
    facts.add_argument("--by", default="subject,period,metric", help="comma-separated columns to group by")
    facts.add_argument("--kind", default="money", choices=["money", "count", "percent", "ratio"])
    facts.add_argument("--include-changes", action="store_true", help="also sum changes (\"tăng 4,9 triệu USD\")")
    facts.add_argument("--include-flagged", action="store_true",
                       help="also sum amounts flagged to check (implausible, or 1,000 times the article's others)")
    facts.add_argument("--strict", action="store_true",
                       help="subject and period only where the figure's clause or sentence states them")
    facts.add_argument("--out", default=None, help="where to write the pivot CSV (default OUTDIR/facts_pivot.csv)")


def add_fetch(commands) -> None:
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


def add_components(commands) -> None:
    commands.add_parser("components", help="list the pipeline's components in order, with what they read and write")


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="tintrich", description="Vietnamese news articles in, research tables out.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    for add in (add_run, add_extract, add_eval, add_report, add_facts, add_components, add_fetch):
        add(commands)
    return parser


def disabled(args) -> tuple[str, ...]:
    """The components to leave out: the configuration file's, then ``--disable``; checked."""
    from pipeline import catalog
    from pipeline.settings import read_config

    names = [*read_config(args.config).disable, *(n.strip() for n in args.disable.split(",") if n.strip())]
    catalog.ordered(names)   # unknown names, or a component left without what it requires: PipelineError
    return tuple(dict.fromkeys(names))


def read_options(args):
    from pipeline.ingest import ReadOptions

    options = ReadOptions()
    for name in ("text", "url", "title", "published"):
        given = getattr(args, f"{name}_field")
        if given:
            setattr(options, f"{name}_fields", tuple(given))
    options.published_year = getattr(args, "published_year", None)
    return options


def command_run(args) -> int:
    from pipeline.engine import run

    if args.engine == "local" and (args.scheduler or args.partitions):
        raise UsageError("--scheduler and --partitions need --engine dask")
    summary = run(args.inputs, args.output, fmt=args.format, jobs=args.jobs, options=read_options(args),
                  progress=not args.quiet, resume=args.resume, engine=args.engine,
                  scheduler=args.scheduler, partitions=args.partitions, disable=disabled(args),
                  include_hidden=args.include_hidden)
    if not args.quiet:
        print_summary(summary)
    return 0


def print_summary(summary: dict) -> None:
    status = ", ".join(f"{k} {v}" for k, v in sorted(summary["by_status"].items()))
    rows = ", ".join(f"{k} {v}" for k, v in summary["rows"].items())
    print(f"{summary['articles']} articles ({status}) in {summary['seconds']} s, "
          f"{summary['articles_per_s']} articles/s", file=sys.stderr)
    if summary.get("reused") or summary.get("resumed"):
        print(f"{'resumed run' if summary.get('resumed') else 'run'} {summary.get('generation')}: "
              f"{summary['processed']} processed, {summary['reused']} already in the output"
              + (f", {summary['new_copies']} found to be copies (not processed)" if summary.get("new_copies") else ""),
              file=sys.stderr)
    if summary.get("skipped"):
        skipped = "; ".join(f"{n} {reason}" for reason, n in sorted(summary["skipped"].items()))
        print(f"not read: {skipped} (listed in skipped.csv)", file=sys.stderr)
    print(f"rows: {rows}", file=sys.stderr)


def command_extract(args) -> int:
    from pipeline import catalog
    from pipeline.engine.core import process
    from pipeline.ingest import read_inputs

    nlp = catalog.load(disabled(args))
    for article in read_inputs([args.input]):
        if args.published and not article.published:
            article.published = args.published
        article.published_year = args.published_year
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
    from pipeline.output.aggregate import PivotOptions, format_table, write_pivot

    by = tuple(column.strip() for column in args.by.split(",") if column.strip())
    options = PivotOptions(by, args.kind, args.include_changes, args.include_flagged, args.strict)
    table, header, target = write_pivot(args.outdir, options, out=args.out)
    print(header)
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
        raise UsageError(str(error)) from None
    if not args.quiet:
        print(format_summary(summary), file=sys.stderr)
    return 130 if summary["interrupted"] else 0


def command_components(args) -> int:
    from pipeline import catalog

    for spec in catalog.discover():
        table = f" -> {spec.table}.csv" if spec.table else ""
        print(f"{spec.name:<14} {spec.module}{table}")
        print(f"{'':<14} requires: {', '.join(spec.requires) or '-'}; reads: {', '.join(spec.reads) or '-'}; "
              f"assigns: {', '.join(spec.assigns) or '-'}")
    return 0


#: modules of the optional extras, and the extra that installs each
EXTRAS = {"matplotlib": "report", "jinja2": "report", "dask": "dask", "distributed": "dask"}


COMMANDS = {"run": command_run, "extract": command_extract, "eval": command_eval, "report": command_report,
            "facts": command_facts, "components": command_components, "fetch": command_fetch}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pipeline.catalog import PipelineError
    from pipeline.engine.manifest import ManifestMismatch, RunLocked
    from pipeline.settings import ConfigError

    try:
        return COMMANDS[args.command](args)
    except (UsageError, FileNotFoundError, PipelineError, ConfigError, ManifestMismatch, RunLocked,
            ValueError) as error:
        print(f"tintrich: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        again = " (the same command resumes it: what was written is kept)" if args.command in ("run", "fetch") else ""
        print(f"tintrich: interrupted{again}", file=sys.stderr)
        return 130
    except OSError as error:   # the machine's refusal: a file where a folder should be, no permission, disk full
        where = f": {error.filename}" if getattr(error, "filename", None) else ""
        print(f"tintrich: error: {error.strerror or error}{where}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as error:
        extra = EXTRAS.get((error.name or "").partition(".")[0])
        if extra is None:
            raise
        print(f"tintrich: error: {args.command} needs {error.name}: pip install 'tintrich[{extra}]'", file=sys.stderr)
        return 2
    except BrokenPipeError:   # `tintrich extract a.txt | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
