"""One ``tintrich fetch``: list the sources, queue what is new, download it host by host, sum it up.

    run = FetchRun(sources, "archive/", FetchOptions(contact="me@example.org"))
    summary = run.run()   # {"sites": 2, "listed": 41, "new": 34, "skipped": {"old": 2}, ...}

The steps are the methods of :class:`FetchRun`, in order: :meth:`~FetchRun.discover` (every
source's listing, in threads), :meth:`~FetchRun.queue` (what is neither in the ledger nor
before ``--since``, one queue per host, newest first), :meth:`~FetchRun.fetch_pages` (hosts
take turns, each at its own pace, up to ``--max-pages``) and :meth:`~FetchRun.summary`.
"""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor

from pipeline.fetch.archive import ERRORS, OLD_NAMES, Archive
from pipeline.fetch.client import Client, Response, host_of
from pipeline.fetch.discover import Discovery, Item
from pipeline.fetch.errors import KINDS, ErrorLog, FetchError
from pipeline.fetch.options import FetchOptions
from pipeline.fetch.sources import Source

#: bytes of a page decompressed to read its publication date (the client's max_bytes bounds the raw page)
PAGE_TEXT_BYTES = 50 * 2**20

#: sources listed at the same time (each host still gets one request at a time)
DISCOVERY_THREADS = 8

#: HTTP statuses of a failed request that settle its URL for good, with the ledger outcome they get
SETTLING_STATUSES = {404: "gone", 410: "gone"}


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


def newest_first(items: list[Item]) -> deque:
    """Newest first; undated items after the dated ones, in listing order."""
    return deque(sorted(items, key=lambda item: (item.published is None,
                                                 -(item.published.toordinal() if item.published else 0))))


def progress(iterable=None, **settings):
    from tqdm import tqdm

    return tqdm(iterable, dynamic_ncols=True, leave=False, **settings)


class FetchRun:
    """The archive, the polite client, the errors file and the counts of one fetch."""

    def __init__(self, sources: list[Source], folder, options: FetchOptions):
        self.sources, self.options = sources, options
        self.started = time.monotonic()
        self.archive = Archive(folder, options.contact, options.user_agent)
        self.errors = ErrorLog(self.archive.folder / ERRORS)
        self.client = Client(options, self.errors)
        self.discovery = Discovery(self.client, options, self.errors)
        self.listed: dict[str, Item] = {}
        self.skipped: Counter = Counter()
        self.interrupted = False
        self.warc: str | None = None
        self._bar = None

    def run(self) -> dict:
        """Discover, queue and fetch; Ctrl-C ends the run keeping what was archived. The summary."""
        try:
            self.discover()
            self.fetch_pages(self.queue())
        except KeyboardInterrupt:
            self.interrupted = True
        finally:
            self.close()
        return self.summary()

    # -- discover --------------------------------------------------------------------------------

    def discover(self) -> None:
        """Every source's items, each URL once (with the first date any listing gives it)."""
        for found in self._listings():
            for item in found:
                known = self.listed.setdefault(item.url, item)
                if known.published is None and item.published is not None:
                    known.published = item.published

    def _listing(self, source: Source) -> list[Item]:
        try:
            return self.discovery.list(source)
        except Exception as error:  # a document that trips a parser must not end the fetch
            self.errors.add(FetchError("parse", f"discovery failed: {type(error).__name__}: {error}", source.url))
            return []

    def _listings(self):
        """The items of every source, source by source in the given order; the sources are listed in
        threads, so that one site's delay does not hold up the others."""
        bar = progress(total=len(self.sources), desc="discover", unit="source", disable=not self.options.progress)
        pool = ThreadPoolExecutor(max_workers=max(1, min(DISCOVERY_THREADS, len(self.sources))))
        try:
            futures = [pool.submit(self._listing, source) for source in self.sources]
            for future in futures:
                yield future.result()
                bar.update(1)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            bar.close()

    # -- queue -----------------------------------------------------------------------------------

    def queue(self) -> dict[str, deque]:
        """The listed items still to fetch, one queue per host, newest first."""
        since = self.options.since
        by_host: dict[str, list[Item]] = {}
        for item in self.listed.values():
            if self.archive.settled(item.url, since):
                self.skipped["already"] += 1
            elif since is not None and item.published is not None and item.published < since:
                self.skipped["old"] += 1
            else:
                by_host.setdefault(host_of(item.url), []).append(item)
        return {host: newest_first(items) for host, items in by_host.items()}

    # -- fetch pages -----------------------------------------------------------------------------

    def fetch_pages(self, queues: dict[str, deque]) -> None:
        """Hosts take turns, each at its own pace, until the queues are empty or ``max_pages`` asked."""
        cap = self.options.max_pages
        waiting = sum(len(queue) for queue in queues.values())
        self._bar = progress(total=min(waiting, cap) if cap else waiting, desc="fetch", unit="page",
                             disable=not self.options.progress)
        attempted = 0
        while queues:
            if cap is not None and attempted >= cap:
                self.skipped["over_max_pages"] += sum(len(queue) for queue in queues.values())
                return
            item = self._next(queues)
            if item is None:
                continue
            attempted += 1
            try:
                self.page(item)
            except Exception as error:  # a page that trips a parser or writer must not end the fetch
                self.errors.add(FetchError("parse", f"{type(error).__name__}: {error}", item.url))
            self._bar.update(1)

    def _next(self, queues: dict[str, deque]) -> Item | None:
        """The next item of the host that may be asked soonest; None when that host is backing off
        (its queue is dropped) or the item was settled meanwhile (by a redirect to it)."""
        host = min(queues, key=self.client.ready_at)
        if self.client.blocked(host):
            self.skipped["host_backing_off"] += len(queues.pop(host))
            return None
        item = queues[host].popleft()
        if not queues[host]:
            del queues[host]
        if self.archive.settled(item.url, self.options.since):
            self.skipped["already"] += 1
            return None
        return item

    def page(self, item: Item) -> None:
        """One listed URL: downloaded, checked, archived or noted; failures go to the errors file."""
        try:
            response = self.client.get(item.url)
        except FetchError as error:
            self._failed(item, error)
            return
        archive, status = self.archive, response.status
        if response.url != item.url and archive.settled(response.url, self.options.since):
            archive.note(item.url, "duplicate", final=response.url, status=status)
            self.skipped["already"] += 1
        elif "html" not in response.content_type:
            shown = response.content_type or "no Content-Type"
            self.errors.add(FetchError("parse", f"not an HTML page ({shown})", item.url, status))
            archive.note(item.url, "not_html", final=response.url, status=status)
        else:
            self._archive(item, response)

    def _archive(self, item: Item, response: Response) -> None:
        """An HTML page into the WARC, unless its own date (read only when ``--since`` is given and the
        listing gave none) is before ``--since``: then a ledger line ``old``."""
        published, since = item.published, self.options.since
        if since is not None and published is None:
            published = page_date(response)
            if published is not None and published < since:
                self.archive.note(item.url, "old", final=response.url, status=response.status,
                                  published=published.isoformat())
                self.skipped["old"] += 1
                return
        self.archive.add_page(item.url, response, published.isoformat() if published else None)

    def _failed(self, item: Item, error: FetchError) -> None:
        """A failed request: a line of the errors file; a ledger line too when it settles the URL."""
        self.errors.add(error, item.url)
        if error.status in SETTLING_STATUSES:
            self.archive.note(item.url, SETTLING_STATUSES[error.status], status=error.status)
        elif error.kind == "too_large":
            self.archive.note(item.url, "too_large", status=error.status)

    # -- close and sum up ------------------------------------------------------------------------

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        self.warc = self.archive.close()
        self.errors.close()

    def summary(self) -> dict:
        errors, client = self.errors, self.client
        return {
            "sources": len(self.sources),
            "sites": len({host_of(source.url) for source in self.sources}),
            "listed": len(self.listed),
            "new": self.archive.pages,
            "skipped": dict(self.skipped),
            "errors": {kind: errors.counts[kind] for kind in KINDS if errors.counts[kind]},
            "documents": self.discovery.documents,
            "requests": client.requests,
            "retries": client.retries,
            "warc": self.warc,
            "recovered": self.archive.recovered_pages,
            "renamed": {old: OLD_NAMES[old] for old in self.archive.renamed},
            "archive": str(self.archive.folder),
            "errors_file": str(self.errors.path),
            "interrupted": self.interrupted,
            "seconds": round(time.monotonic() - self.started, 1),
        }
