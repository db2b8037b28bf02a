"""``tintrich fetch``: new articles of news sites into a WARC archive that ``tintrich run`` reads.

    from pipeline.fetch import FetchOptions, fetch
    summary = fetch(["https://baothainguyen.vn/"], "archive/", FetchOptions(contact="me@example.org"))

One concern per module: :mod:`~pipeline.fetch.sources` (what to fetch),
:mod:`~pipeline.fetch.discover` (feeds and sitemaps to article URLs, with trafilatura),
:mod:`~pipeline.fetch.client` (the polite HTTP client), :mod:`~pipeline.fetch.archive`
(WARC files, ledger, crash recovery) and :mod:`~pipeline.fetch.errors` (the errors file).
How it all works: ``docs/fetch.md``.
"""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter, deque

from pipeline.fetch.archive import ERRORS, LEDGER, Archive, read_ledger
from pipeline.fetch.client import Client, Response, host_of
from pipeline.fetch.discover import Discovery, Item
from pipeline.fetch.errors import KINDS, ErrorLog, FetchError, read_errors
from pipeline.fetch.options import BadArguments, FetchOptions, parse_since
from pipeline.fetch.sources import Source, resolve

__all__ = ["fetch", "FetchOptions", "BadArguments", "Source", "resolve", "parse_since", "format_summary",
           "read_ledger", "read_errors", "LEDGER", "ERRORS", "KINDS"]

#: bytes of a page decompressed to read its publication date (the client's max_bytes bounds the raw page)
PAGE_TEXT_BYTES = 50 * 2**20


def page_date(response: Response) -> dt.date | None:
    """The page's publication date as ``tintrich run`` would read it (trafilatura's metadata), or None."""
    import trafilatura

    from pipeline.ingest.text import NotText, decode

    try:
        html, _ = decode(response.content(PAGE_TEXT_BYTES))
        metadata = trafilatura.extract_metadata(html, default_url=response.url)
    except (NotText, FetchError):
        return None
    except Exception:  # a page trafilatura cannot read has no date for us; it is still archived
        return None
    found = getattr(metadata, "date", None) if metadata is not None else None
    try:
        return dt.date.fromisoformat(found[:10]) if found else None
    except ValueError:
        return None


def _progress(iterable=None, **settings):
    from tqdm import tqdm

    return tqdm(iterable, dynamic_ncols=True, leave=False, **settings)


class _Run:
    def __init__(self, archive: Archive, client: Client, errors: ErrorLog, options: FetchOptions):
        self.archive, self.client, self.errors, self.options = archive, client, errors, options
        self.skipped: Counter = Counter()

    def page(self, item: Item) -> None:
        """One listed URL: downloaded, checked, archived or noted; failures go to the errors file."""
        archive, since = self.archive, self.options.since
        try:
            response = self.client.get(item.url)
        except FetchError as error:
            self.errors.add(error, item.url)
            if error.status in (404, 410):
                archive.note(item.url, "gone", status=error.status)
            elif error.kind == "too_large":
                archive.note(item.url, "too_large", status=error.status)
            return
        if response.url != item.url and archive.settled(response.url, since):
            archive.note(item.url, "duplicate", final=response.url, status=response.status)
            self.skipped["already"] += 1
            return
        if "html" not in response.content_type:
            shown = response.content_type or "no Content-Type"
            self.errors.add(FetchError("parse", f"not an HTML page ({shown})", item.url, response.status))
            archive.note(item.url, "not_html", final=response.url, status=response.status)
            return
        published = item.published
        if since is not None and published is None:   # the listing gave no date: the page may
            published = page_date(response)
            if published is not None and published < since:
                archive.note(item.url, "old", final=response.url, status=response.status,
                             published=published.isoformat())
                self.skipped["old"] += 1
                return
        archive.add_page(item.url, response, published.isoformat() if published else None)


def _order(items: list[Item]) -> list[Item]:
    """Newest first; undated items after the dated ones, in listing order."""
    return sorted(items, key=lambda item: (item.published is None,
                                           -(item.published.toordinal() if item.published else 0)))


#: sources listed at the same time (each host still gets one request at a time)
DISCOVERY_THREADS = 8


def _discover_all(discovery: Discovery, sources: list[Source], errors: ErrorLog, options: FetchOptions):
    """The items of every source, source by source in the given order; the sources are listed in
    threads, so that one site's delay does not hold up the others."""
    from concurrent.futures import ThreadPoolExecutor

    def listing(source: Source) -> list[Item]:
        try:
            return discovery.list(source)
        except Exception as error:  # a document that trips a parser must not end the fetch
            errors.add(FetchError("parse", f"discovery failed: {type(error).__name__}: {error}", source.url))
            return []

    bar = _progress(total=len(sources), desc="discover", unit="source", disable=not options.progress)
    pool = ThreadPoolExecutor(max_workers=max(1, min(DISCOVERY_THREADS, len(sources))))
    try:
        futures = [pool.submit(listing, source) for source in sources]
        for future in futures:
            yield future.result()
            bar.update(1)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        bar.close()


def fetch(sources, archive, options: FetchOptions | None = None) -> dict:
    """Fetch the new articles of ``sources`` (Source objects, or SOURCES arguments: files, URLs,
    names) into the folder ``archive``; the summary as a dict. Failures are lines of
    ``archive/.fetch_errors.csv``, never exceptions (:class:`BadArguments` only for a fetch
    that cannot start)."""
    options = options or FetchOptions()
    options.check()
    if isinstance(sources, (str, Source)):
        sources = [sources]
    sources = [item for source in sources
               for item in ([source] if isinstance(source, Source) else resolve([str(source)]))]
    if not sources:
        raise BadArguments("no source to fetch: give SOURCES, --province or --all-provinces")
    started = time.monotonic()
    store = Archive(archive, options.contact, options.user_agent)
    errors = ErrorLog(store.folder / ERRORS)
    client = Client(options, errors)
    discovery = Discovery(client, options, errors)
    run = _Run(store, client, errors, options)
    listed: dict[str, Item] = {}
    interrupted = False
    bar = None
    try:
        for found in _discover_all(discovery, sources, errors, options):
            for item in found:
                known = listed.setdefault(item.url, item)
                if known.published is None and item.published is not None:
                    known.published = item.published
        queues: dict[str, deque] = {}
        for item in listed.values():
            if store.settled(item.url, options.since):
                run.skipped["already"] += 1
            elif options.since is not None and item.published is not None and item.published < options.since:
                run.skipped["old"] += 1
            else:
                queues.setdefault(host_of(item.url), []).append(item)
        queues = {host: deque(_order(items)) for host, items in queues.items()}
        waiting = sum(len(queue) for queue in queues.values())
        cap = options.max_pages
        bar = _progress(total=min(waiting, cap) if cap else waiting, desc="fetch", unit="page",
                        disable=not options.progress)
        attempted = 0
        while queues:
            if cap is not None and attempted >= cap:
                run.skipped["over_max_pages"] += sum(len(queue) for queue in queues.values())
                break
            # the host that may be asked soonest: hosts take turns, each at its own pace
            host = min(queues, key=client.ready_at)
            if client.blocked(host):
                run.skipped["host_backing_off"] += len(queues.pop(host))
                continue
            item = queues[host].popleft()
            if not queues[host]:
                del queues[host]
            if store.settled(item.url, options.since):
                run.skipped["already"] += 1
                continue
            attempted += 1
            try:
                run.page(item)
            except Exception as error:  # a page that trips a parser or writer must not end the fetch
                errors.add(FetchError("parse", f"{type(error).__name__}: {error}", item.url))
            bar.update(1)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if bar is not None:
            bar.close()
        warc = store.close()
        errors.close()
    return {
        "sources": len(sources),
        "sites": len({host_of(source.url) for source in sources}),
        "listed": len(listed),
        "new": store.pages,
        "skipped": dict(run.skipped),
        "errors": {kind: errors.counts[kind] for kind in KINDS if errors.counts[kind]},
        "documents": discovery.documents,
        "requests": client.requests,
        "retries": client.retries,
        "warc": warc,
        "recovered": store.recovered_pages,
        "archive": str(store.folder),
        "errors_file": str(errors.path),
        "interrupted": interrupted,
        "seconds": round(time.monotonic() - started, 1),
    }


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
    if summary["recovered"]:
        lines.append(f"recovered {summary['recovered']} pages from an interrupted fetch")
    if summary["warc"]:
        lines.append(f"written: {summary['warc']}")
    if summary["interrupted"]:
        lines.append("interrupted: the pages archived so far are kept; run the same command to go on")
    return "\n".join(lines)
