"""From a source (a site, a feed or a sitemap) to the article URLs it lists, with dates.

Discovery is trafilatura's: on a site's home page ``trafilatura.feeds.determine_feed``
finds the feeds, ``trafilatura.sitemaps.extract_robots_sitemaps`` reads the sitemaps
robots.txt names (else trafilatura's usual guesses, ``/sitemap.xml`` and the like, are
tried), ``trafilatura.feeds.extract_links`` lists a feed's links (RSS, Atom, JSON Feed)
and ``trafilatura.sitemaps.SitemapObject.process`` a sitemap's pages and child
sitemaps (XML or plain text). We only hand it documents that our own polite client
(:mod:`pipeline.fetch.client`) fetched, so trafilatura never touches the network itself.

What trafilatura does not give is dates: an item's date is read here from the feed
(``pubDate``, ``published``, ``updated``, ``dc:date``) or the sitemap
(``news:publication_date``, else ``lastmod``), so that ``--since`` can skip old items
without downloading them. A sitemap index's children whose ``lastmod`` is before
``--since`` are not read at all, and children are read newest first.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re
import threading
from collections import deque
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

from courlan import check_url, clean_url, get_hostinfo
from lxml import etree
from trafilatura import feeds, sitemaps

from pipeline.fetch.client import Client
from pipeline.fetch.errors import ErrorLog, FetchError
from pipeline.fetch.options import FetchOptions
from pipeline.fetch.sources import Source
from pipeline.ingest import iso_date

#: feeds read per site at most (a site may link one per section)
MAX_FEEDS = 20
#: bytes of a feed or sitemap we parse (a sitemap may hold 50 000 URLs, about 10 MB)
DOCUMENT_BYTES = 50 * 2**20


@dataclass
class Item:
    """One article URL as listed, with its date when the listing gave one."""

    url: str
    published: dt.date | None
    listed_in: str
    source: str


def parse_date(value: str | None) -> dt.date | None:
    """A date from an RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) string, in its own time zone."""
    if not value:
        return None
    value = value.strip()
    if re.match(r"^[A-Za-z]{3},|^\d{1,2} [A-Za-z]{3} \d{4}", value):
        try:
            return email.utils.parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError):
            pass
    found = iso_date(value)
    return dt.date.fromisoformat(found) if found else None


_MARKUP = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S | re.I)
_FIRST_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")


def document_kind(text: str) -> str:
    """``feed``, ``sitemap``, ``html`` or ``unknown``, from the document's first element."""
    head = _MARKUP.sub("", text.lstrip("\ufeff \t\r\n")[:8192]).lstrip()
    if head.startswith(("{", "[")):
        return "feed"   # JSON Feed
    match = _FIRST_TAG.search(head[:2048])
    if match:
        local = match.group(1).split(":")[-1].lower()
        if local in ("rss", "feed", "rdf"):
            return "feed"
        if local in ("urlset", "sitemapindex"):
            return "sitemap"
        if local in ("html", "head", "body", "meta", "title", "div"):
            return "html"
    elif re.match(r"https?://\S+\s*(\n|$)", head):
        return "sitemap"   # a plain text sitemap: one URL per line
    return "unknown"


def _xml(text: str):
    parser = etree.XMLParser(encoding="utf-8", resolve_entities=False, no_network=True, recover=True)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _local(element) -> str:
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _absolute(base: str, url: str) -> str:
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def _keys(raw: str, base: str) -> set[str]:
    """The forms a listed URL may take once trafilatura has cleaned it."""
    raw = raw.strip()
    absolute = _absolute(base, raw) or raw
    keys = {raw, absolute, urldefrag(absolute)[0]}
    cleaned = clean_url(absolute)
    if cleaned:
        keys.add(cleaned)
    checked = check_url(absolute)   # what feeds.extract_links keeps
    if checked:
        keys.add(checked[0])
    return keys


def feed_dates(text: str, base: str) -> dict[str, dt.date]:
    """``{link: date}`` for the items of an RSS or Atom feed that carry a date."""
    root = _xml(text)
    found: dict[str, dt.date] = {}
    if root is None:
        return found
    for item in root.iter():
        if _local(item) not in ("item", "entry"):
            continue
        link, dates = None, {}
        for child in item:
            name = _local(child)
            if name == "link":
                href = child.get("href")
                if href and child.get("rel", "alternate") == "alternate":
                    link = link or href
                elif child.text and child.text.strip():
                    link = link or child.text.strip()
            elif name == "guid" and child.get("isPermaLink", "true") != "false" and (child.text or "").startswith("http"):
                dates.setdefault("guid", child.text.strip())
            elif name in ("pubdate", "published", "issued", "date", "updated", "modified"):
                dates.setdefault(name, child.text)
        link = link or dates.pop("guid", None)
        dates.pop("guid", None)
        if not link:
            continue
        for name in ("pubdate", "published", "issued", "date", "updated", "modified"):
            day = parse_date(dates.get(name))
            if day:
                for key in _keys(link, base):
                    found[key] = day
                break
    return found


def sitemap_dates(text: str, base: str) -> dict[str, dt.date]:
    """``{loc: date}`` of a sitemap's ``<url>``/``<sitemap>`` entries: ``news:publication_date``, else ``lastmod``."""
    root = _xml(text)
    found: dict[str, dt.date] = {}
    if root is None:
        return found
    for entry in root.iter():
        if _local(entry) not in ("url", "sitemap"):
            continue
        loc, lastmod, published = None, None, None
        for child in entry.iter():
            name = _local(child)
            if name == "loc" and child is not entry and _local(child.getparent()) in ("url", "sitemap"):
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = child.text
            elif name == "publication_date":
                published = child.text
        day = parse_date(published) or parse_date(lastmod)
        if loc and day:
            for key in _keys(loc, base):
                found[key] = day
    return found


class Discovery:
    """Lists the article URLs of sources, logging what fails to ``errors``."""

    def __init__(self, client: Client, options: FetchOptions, errors: ErrorLog):
        self.client, self.options, self.errors = client, options, errors
        self.documents = 0          # feeds and sitemaps read
        self.sitemaps_skipped = 0   # child sitemaps left unread (older than --since, or over the cap)
        self._lock = threading.Lock()   # sources are listed in threads

    def _count(self, documents: int = 0, skipped: int = 0) -> None:
        with self._lock:
            self.documents += documents
            self.sitemaps_skipped += skipped

    def _get_text(self, url: str, quiet_404: bool = False) -> str | None:
        try:
            return self.client.get(url).text(DOCUMENT_BYTES).lstrip("\ufeff \t\r\n")
        except FetchError as error:
            if not (quiet_404 and error.status in (404, 410)):
                self.errors.add(error, url)
            return None

    def list(self, source: Source) -> list[Item]:
        """Every article URL the source lists (in listing order, each once)."""
        listing: dict[str, Item] = {}
        name = source.name or source.url
        domain, base = get_hostinfo(source.url)
        if domain is None:
            self.errors.add(FetchError("parse", "not a valid http(s) URL", source.url))
            return []
        feed_urls, sitemap_urls = list(source.feeds), list(source.sitemaps)
        prefetched: dict[str, str] = {}
        if not feed_urls and not sitemap_urls:
            text = self._get_text(source.url)
            if text is None:
                return []
            kind = document_kind(text)
            if kind == "feed":
                self._read_feed(source.url, text, base, domain, name, listing)
            elif kind == "sitemap":
                self._read_sitemaps([source.url], base, domain, name, listing, {source.url: text})
            else:
                feed_urls, sitemap_urls = self._find_documents(source.url, text, base, domain, prefetched)
        found_before = len(listing)
        for url in feed_urls:
            text = self._get_text(url)
            if text is not None:
                self._read_feed(url, text, base, domain, name, listing)
        if sitemap_urls:
            self._read_sitemaps(sitemap_urls, base, domain, name, listing, prefetched)
        if (source.feeds or source.sitemaps) and len(listing) == found_before and source.url:
            # the feeds and sitemaps the table names gave nothing: discover them from the site
            retry = Source(url=source.url, name=source.name)
            for item in self.list(retry):
                listing.setdefault(item.url, item)
        return list(listing.values())

    def _find_documents(self, url: str, html: str, base: str, domain: str,
                        prefetched: dict[str, str]) -> tuple[list[str], list[str]]:
        """Feeds linked from a page and the site's sitemaps (robots.txt, else a guess that answers)."""
        params = feeds.FeedParameters(base, domain, url)
        found_feeds = feeds.determine_feed(html, params)[:MAX_FEEDS]
        try:
            robots = self.client.robots_txt(url)
        except FetchError:
            robots = ""
        found_sitemaps = sitemaps.extract_robots_sitemaps(robots, base)
        if not found_sitemaps:
            for guess in sitemaps.GUESSES:
                candidate = f"{base}/{guess}"
                try:
                    self.client.check_robots(candidate)
                except FetchError:
                    continue
                text = self._get_text(candidate, quiet_404=True)
                if text is not None and document_kind(text) == "sitemap":
                    prefetched[candidate] = text
                    found_sitemaps = [candidate]
                    break
        return found_feeds, found_sitemaps

    def _add(self, listing: dict, url: str, day, listed_in: str, name: str) -> None:
        item = listing.get(url)
        if item is None:
            listing[url] = Item(url, day, listed_in, name)
        elif item.published is None and day is not None:
            item.published = day

    def _read_feed(self, url: str, text: str, base: str, domain: str, name: str, listing: dict) -> None:
        self._count(documents=1)
        params = feeds.FeedParameters(base, domain, url)
        links = feeds.extract_links(text, params)
        if not links and document_kind(text) != "feed":
            self.errors.add(FetchError("parse", "not a feed (RSS, Atom or JSON Feed)", url))
            return
        dates = feed_dates(text, base)
        for link in links:
            self._add(listing, link, dates.get(link), url, name)

    def _read_sitemaps(self, urls: list[str], base: str, domain: str, name: str, listing: dict,
                       prefetched: dict[str, str]) -> None:
        """Sitemaps and, breadth first, the child sitemaps they list (newest first)."""
        since = self.options.since
        queue = deque(urls)
        seen: set[str] = set()
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            if len(seen) >= self.options.max_sitemaps:
                self._count(skipped=len(queue) + 1)
                break
            seen.add(url)
            text = prefetched.pop(url, None) or self._get_text(url)
            if text is None:
                continue
            self._count(documents=1)
            sitemap = sitemaps.SitemapObject(base, domain, [])
            sitemap.current_url, sitemap.content = url, text
            sitemap.process()
            if not sitemaps.is_plausible_sitemap(url, text):
                self.errors.add(FetchError("parse", "not a sitemap (XML or plain text)", url))
                continue
            dates = sitemap_dates(text, base)
            children = [child for child in dict.fromkeys(sitemap.sitemap_urls) if child not in seen]
            if since is not None:
                recent = [child for child in children if not (dates.get(child) and dates[child] < since)]
                self._count(skipped=len(children) - len(recent))
                children = recent
            # newest first, undated after dated
            children.sort(key=lambda child: dates.get(child) or dt.date.min, reverse=True)
            queue.extend(children)
            for link in sitemap.urls:
                self._add(listing, link, dates.get(link), url, name)
