"""``tintrich fetch``: new articles of news sites into a WARC archive that ``tintrich run`` reads.

    from pipeline.fetch import FetchOptions, fetch
    summary = fetch(["https://baothainguyen.vn/"], "archive/", FetchOptions(contact="me@example.org"))

One concern per module: :mod:`~pipeline.fetch.sources` (what to fetch),
:mod:`~pipeline.fetch.discover` (feeds and sitemaps to article URLs, with trafilatura),
:mod:`~pipeline.fetch.client` (the polite HTTP client), :mod:`~pipeline.fetch.archive`
(WARC files, ledger, crash recovery), :mod:`~pipeline.fetch.errors` (the errors file) and
:mod:`~pipeline.fetch.run` (one fetch, step by step).
How it all works: ``docs/fetch.md``.
"""
from __future__ import annotations

from pipeline.fetch.archive import BOOKKEEPING, ERRORS, LEDGER, MARKER, read_ledger
from pipeline.fetch.errors import KINDS, read_errors
from pipeline.fetch.options import BadArguments, FetchOptions, parse_since
from pipeline.fetch.run import FetchRun, page_date
from pipeline.fetch.sources import Source, as_sources, resolve

__all__ = ["fetch", "FetchOptions", "FetchRun", "BadArguments", "Source", "resolve", "parse_since", "format_summary",
           "page_date", "read_ledger", "read_errors", "LEDGER", "ERRORS", "MARKER", "BOOKKEEPING", "KINDS"]


def fetch(sources, archive, options: FetchOptions | None = None) -> dict:
    """Fetch the new articles of ``sources`` (Source objects, or SOURCES arguments: files, URLs,
    names) into the folder ``archive``; the summary as a dict. Failures are lines of
    ``archive/fetch_errors.csv``, never exceptions (:class:`BadArguments` only for a fetch
    that cannot start)."""
    options = options or FetchOptions()
    options.check()
    sources = as_sources(sources)
    if not sources:
        raise BadArguments("no source to fetch: give SOURCES, --province or --all-provinces")
    return FetchRun(sources, archive, options).run()


def format_summary(summary: dict) -> str:
    """The summary as the CLI prints it (a few lines)."""
    skipped = summary["skipped"]
    def count(number: int, noun: str) -> str:
        return f"{number} {noun}{'' if number == 1 else 's'}"

    lines = [f"{count(summary['sites'], 'site')}, {count(summary['listed'], 'URL')} listed "
             f"({summary['documents']} feeds and sitemaps), {count(summary['new'], 'new page')} archived, "
             f"{sum(skipped.values())} skipped, {count(sum(summary['errors'].values()), 'error')}; "
             f"{count(summary['requests'], 'request')} in {summary['seconds']} s"]
    if skipped:
        lines.append("skipped: " + ", ".join(f"{kind.replace('_', ' ')} {count}" for kind, count in sorted(skipped.items())))
    if summary["errors"]:
        lines.append("errors: " + ", ".join(f"{kind} {count}" for kind, count in summary["errors"].items())
                     + f" (one line each in {summary['errors_file']})")
    if summary.get("renamed"):
        lines.append("renamed: " + ", ".join(f"{old} -> {new}" for old, new in summary["renamed"].items()))
    if summary["recovered"]:
        lines.append(f"recovered {summary['recovered']} pages from an interrupted fetch")
    if summary["warc"]:
        lines.append(f"written: {summary['warc']}")
    if summary["interrupted"]:
        lines.append("interrupted: the pages archived so far are kept; run the same command to go on")
    return "\n".join(lines)
