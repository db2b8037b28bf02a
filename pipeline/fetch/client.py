"""The polite HTTP client: robots.txt, a delay per host, retries, and hard limits.

One request at a time per host: a host's lock is held through the wait and the
request (discovery runs several sources in threads; pages are fetched by one), and
before each request to a host the client waits until ``delay`` seconds have passed
since the end of the previous one (robots.txt ``Crawl-delay`` wins when it is longer). Every request
carries the User-Agent ``tintrich/<version> (+contact)``.

* robots.txt (``urllib.robotparser``) is read once per host and run, before
  anything else is asked of that host, and every URL (redirect targets too) is
  checked against it. No robots.txt (4xx) allows everything, 401/403 forbids
  everything (as ``urllib.robotparser`` does); one that cannot be read (5xx after
  retries, network error, timeout) forbids the host for this run (RFC 9309 2.3.1.4).
* 429 and 5xx answers, and network errors, are retried ``retries`` times, after
  ``Retry-After`` (seconds or an HTTP date) when the server gives one, else after
  ``backoff`` seconds doubled each time. A host asking to wait longer than
  ``max_wait`` is left alone for the rest of the run (:meth:`Client.blocked`).
* Redirects are followed by hand, at most ``max_redirects``; a URL seen twice is a
  ``redirect_loop``.
* A response larger than ``max_bytes`` (by its Content-Length, or while streaming)
  is abandoned (``too_large``); one that takes more than ``timeout`` seconds
  (silence, or the whole body, checked between reads) is a ``timeout``.

Failures are raised as :class:`~pipeline.fetch.errors.FetchError`; the caller
writes them to the errors file. Only robots.txt failures are logged here, once
per host, since no caller asked for robots.txt.
"""
from __future__ import annotations

import email.utils
import http.client
import re
import socket
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from pipeline.fetch.errors import ErrorLog, FetchError
from pipeline.fetch.options import AGENT, FetchOptions

REDIRECTS = {301, 302, 303, 307, 308}
RETRIED = {429, 500, 502, 503, 504}
CHUNK = 64 * 1024
ROBOTS_BYTES = 512 * 1024          # RFC 9309: parse at least 500 KiB
MAX_CRAWL_DELAY = 60.0             # a robots.txt Crawl-delay above this is taken as this
#: what every request asks for besides its User-Agent: pages and XML, in Vietnamese, gzip'd if the server will
ASKED = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "vi,en;q=0.5",
    "Accept-Encoding": "gzip",
}


class _EveryStatus(urllib.request.HTTPErrorProcessor):
    """Hand back every response as it came (no HTTPError, no automatic redirect)."""

    def http_response(self, request, response):
        return response

    https_response = http_response


@dataclass
class Response:
    """One final (2xx) answer: the URL it came from after redirects, status line, headers as
    received, the body as received (still gzip'd if the server sent it so), and the headers
    the request carried."""

    url: str
    status: int
    reason: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]
    chain: list[str] = field(default_factory=list)   # the requested URL, then every redirect target
    seconds: float = 0.0

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", self.header("Content-Type") or "", re.I)
        return match.group(1).lower() if match else None

    def content(self, limit: int) -> bytes:
        """The body with its Content-Encoding (or a gzip file's compression) undone, at most ``limit``
        bytes (a ``too_large`` FetchError past it)."""
        data = self.body
        encoding = (self.header("Content-Encoding") or "").strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate") or data[:2] == b"\x1f\x8b":
            wbits = zlib.MAX_WBITS | 32 if encoding != "deflate" else zlib.MAX_WBITS
            try:
                inflater = zlib.decompressobj(wbits)
                data = inflater.decompress(data, limit + 1)
            except zlib.error as error:
                raise FetchError("parse", f"bad {encoding or 'gzip'} body: {error}", self.url) from None
            if len(data) > limit:
                raise FetchError("too_large", f"body decompresses to more than {limit} bytes", self.url)
        return data

    def text(self, limit: int) -> str:
        """The decompressed body as text: the declared charset (HTTP header or XML declaration),
        else the pipeline's own detection (UTF-8, legacy fonts, Windows-1258)."""
        data = self.content(limit)
        declared = self.charset
        if not declared:
            match = re.match(rb"\s*<\?xml[^>]*encoding=[\"']([\w.:-]+)", data[:200])
            declared = match.group(1).decode("ascii").lower() if match else None
        if declared:
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
        from pipeline.ingest.text import NotText, decode

        try:
            return decode(data)[0]
        except NotText:
            return data.decode("utf-8", errors="replace")


@dataclass
class _Host:
    delay: float
    next_time: float = 0.0
    robots: RobotFileParser | None = None
    robots_failed: FetchError | None = None
    robots_text: str = ""
    blocked: FetchError | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)          # one exchange at a time
    robots_lock: threading.Lock = field(default_factory=threading.Lock)   # robots.txt read once


def host_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower case: the unit of politeness."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Client:
    def __init__(self, options: FetchOptions, errors: ErrorLog | None = None,
                 clock=time.monotonic, sleep=time.sleep):
        self.options, self.errors, self.clock, self.sleep = options, errors, clock, sleep
        self.hosts: dict[str, _Host] = {}
        self.requests = 0      # HTTP exchanges made
        self.retries = 0       # of which repeats after 429/5xx/network errors
        self._lock = threading.Lock()   # guards hosts and the counters
        handlers: list = [_EveryStatus()]
        if options.proxy:
            handlers.append(urllib.request.ProxyHandler({"http": options.proxy, "https": options.proxy}))
        self._opener = urllib.request.build_opener(*handlers)

    # -- per host state -------------------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        key = host_of(url)
        with self._lock:
            if key not in self.hosts:
                self.hosts[key] = _Host(delay=self.options.delay)
            return self.hosts[key]

    def ready_at(self, url: str) -> float:
        """The clock time at which a request to ``url``'s host may be sent."""
        return self._host(url).next_time

    def blocked(self, url: str) -> FetchError | None:
        """Why ``url``'s host is left alone for this run (a long Retry-After), or None."""
        return self._host(url).blocked

    def robots_txt(self, url: str) -> str:
        """The host's robots.txt as read (empty when there is none)."""
        self._robots(url)
        return self._host(url).robots_text

    def _robots(self, url: str) -> _Host:
        state = self._host(url)
        with state.robots_lock:
            return self._read_robots(url, state)

    def _read_robots(self, url: str, state: _Host) -> _Host:
        if state.robots is not None or state.robots_failed is not None:
            return state
        robots_url = host_of(url) + "/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            response = self.get(robots_url, robots=False)
            state.robots_text = response.text(ROBOTS_BYTES)
            parser.parse(state.robots_text.splitlines())
        except FetchError as error:
            if error.status in (401, 403):
                parser.disallow_all = True
            elif error.status is not None and 400 <= error.status < 500 and error.status != 429:
                parser.allow_all = True
            else:
                error.detail = f"robots.txt could not be read, nothing fetched from this host: {error.detail}"
                state.robots_failed = error
                if self.errors is not None:
                    self.errors.add(error, robots_url)
                return state
        parser.modified()   # can_fetch() answers False until the parser has a read time
        crawl_delay = parser.crawl_delay(AGENT)
        if crawl_delay:
            state.delay = max(state.delay, min(float(crawl_delay), MAX_CRAWL_DELAY))
        state.robots = parser
        return state

    def check_robots(self, url: str) -> None:
        """Raise a ``robots`` FetchError unless robots.txt lets us fetch ``url``."""
        state = self._robots(url)
        if state.robots_failed is not None:
            raise FetchError("robots", "robots.txt of this host could not be read", url)
        if not state.robots.can_fetch(AGENT, url):
            raise FetchError("robots", "disallowed by robots.txt", url)

    # -- requests -------------------------------------------------------------------------------

    def get(self, url: str, robots: bool = True) -> Response:
        """The 2xx answer for ``url`` after redirects and retries, or a FetchError."""
        url = urldefrag(url)[0]
        chain = [url]
        current = url
        for _ in range(self.options.max_redirects + 1):
            if robots:
                self.check_robots(current)
            response = self._exchange(current)
            if response.status in REDIRECTS:
                location = response.header("Location")
                if not location:
                    raise FetchError("parse", f"HTTP {response.status} without a Location", url, response.status)
                target = urldefrag(urljoin(current, location.strip()))[0]
                if target in chain:
                    raise FetchError("redirect_loop", "redirect loop: " + " -> ".join(chain + [target]),
                                     url, response.status)
                chain.append(target)
                current = target
                continue
            if 200 <= response.status < 300:
                response.chain = chain
                return response
            where = f" (at {current})" if current != url else ""
            kind = "http_5xx" if response.status >= 500 else "http_4xx"
            raise FetchError(kind, f"HTTP {response.status} {response.reason}{where}".strip(), url,
                             response.status)
        raise FetchError("redirect_loop", f"more than {self.options.max_redirects} redirects: "
                         + " -> ".join(chain), url)

    def _exchange(self, url: str) -> Response:
        """One URL, waiting for its host and retrying 429/5xx and network errors."""
        state = self._host(url)
        with state.lock:
            return self._exchange_locked(url, state)

    def _exchange_locked(self, url: str, state: _Host) -> Response:
        if state.blocked is not None:
            raise FetchError(state.blocked.kind, state.blocked.detail, url, state.blocked.status)
        attempt = 0
        while True:
            wait = state.next_time - self.clock()
            if wait > 0:
                self.sleep(wait)
            try:
                response = self._request(url)
            except FetchError as error:
                state.next_time = self.clock() + state.delay
                if error.kind != "network" or attempt >= self.options.retries:
                    raise
                pause = self.options.backoff * 2 ** attempt
            else:
                state.next_time = self.clock() + state.delay
                if response.status not in RETRIED or attempt >= self.options.retries:
                    return response
                given = retry_after(response.header("Retry-After"))
                pause = given if given is not None else self.options.backoff * 2 ** attempt
                if pause > self.options.max_wait:
                    kind = "http_4xx" if response.status < 500 else "http_5xx"
                    state.blocked = FetchError(
                        kind, f"HTTP {response.status}, Retry-After {pause:g} s is longer than the "
                        f"{self.options.max_wait:g} s we wait; host left for a later run", url, response.status)
                    raise state.blocked
            state.next_time = max(state.next_time, self.clock() + pause)
            attempt += 1
            with self._lock:
                self.retries += 1

    def _request(self, url: str) -> Response:
        """One HTTP exchange, as it came (no redirect followed, no retry)."""
        options = self.options
        request = urllib.request.Request(url, headers=self._headers(), method="GET")
        start = self.clock()
        with self._lock:
            self.requests += 1
        with self._open(request, url) as raw:
            status, reason = raw.status, raw.reason or ""
            received = list(raw.headers.items())
            version = "HTTP/1.0" if getattr(raw, "version", 11) == 10 else "HTTP/1.1"
            declared = (raw.headers.get("Content-Length") or "").strip()
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError("too_large", f"Content-Length {declared} is over the limit of "
                                 f"{options.max_bytes} bytes", url, status)
            body = self._body(raw, url, status, start + options.timeout)
        parts = urlsplit(url)
        sent = [("Host", parts.netloc)] + [(key.title(), value) for key, value in request.header_items()
                                           if key.lower() != "host"] + [("Connection", "close")]
        return Response(url=url, status=status, reason=reason, version=version, headers=received,
                        body=body, request_headers=sent, seconds=self.clock() - start)

    def _headers(self) -> dict[str, str]:
        return {"User-Agent": self.options.user_agent, **ASKED}

    def _open(self, request: urllib.request.Request, url: str):
        """The server's answer to ``request`` (status and headers read, body not yet), or a FetchError."""
        timeout = self.options.timeout
        try:
            return self._opener.open(request, timeout=timeout)
        except urllib.error.URLError as error:
            if isinstance(error.reason, (socket.timeout, TimeoutError)):
                raise FetchError("timeout", f"no answer within {timeout:g} s", url) from None
            raise FetchError("network", str(error.reason), url) from None
        except (socket.timeout, TimeoutError):
            raise FetchError("timeout", f"no answer within {timeout:g} s", url) from None
        except (http.client.HTTPException, OSError, ValueError) as error:
            raise FetchError("network", f"{type(error).__name__}: {error}", url) from None

    def _body(self, raw, url: str, status: int, deadline: float) -> bytes:
        """The body, read in chunks: abandoned past ``max_bytes`` or past the ``deadline``."""
        limit, timeout = self.options.max_bytes, self.options.timeout
        chunks, size = [], 0
        try:
            while chunk := raw.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise FetchError("too_large", f"body over the limit of {limit} bytes "
                                     "(abandoned while streaming)", url, status)
                if self.clock() > deadline:
                    raise FetchError("timeout", f"body not complete within {timeout:g} s "
                                     f"({size} bytes read)", url, status)
                chunks.append(chunk)
        except (socket.timeout, TimeoutError):
            raise FetchError("timeout", f"body stalled for {timeout:g} s ({size} bytes read)",
                             url, status) from None
        except (http.client.HTTPException, OSError) as error:
            raise FetchError("network", f"body cut short: {type(error).__name__}: {error}", url,
                             status) from None
        return b"".join(chunks)
