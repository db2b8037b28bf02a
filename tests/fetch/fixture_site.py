"""A fixture news site served by a real HTTP server on 127.0.0.1, for the fetch tests.

The server is also an HTTP proxy for two made-up hosts, ``baotinh.test`` (a provincial
newspaper: robots.txt, a home page linking an RSS and an Atom feed, a sitemap index
with two live sitemaps and an old one, 30 articles, and every kind of trouble) and
``congtinh.test`` (a portal with no robots.txt and an RSS feed of four articles);
``banron.test`` answers every page 429 with ``Retry-After: 3600`` and ``hongtam.test``
answers 503 even for robots.txt.
The fetcher is pointed at it as its proxy (``FetchOptions.proxy``, or ``http_proxy``
for a subprocess), so URLs look like a real site's (trafilatura's URL checks reject
``127.0.0.1``) while every request goes to this server; it answers 502 for any other
host, and ``.test`` names never resolve, so nothing can reach the internet.

Articles: the 30 real and written article texts of this repository (``corpus/``,
``tests/gold/real``, ``tests/gold/extra``), one per page; every third page is
served in windows-1258. Troubles on ``baotinh.test``: a path disallowed by
robots.txt, a 404, a page that answers 500 once then 200, one that answers 429
with ``Retry-After: 1`` once then 200, a redirect loop, a page of 50 MB (generated
while streaming, without a Content-Length), and a page slower than the fetch's
timeout. Two old articles (dated before :data:`SINCE`) test ``--since``: one has its
date in the RSS feed, one only on its page. The portal gzips what it sends to clients
that accept it. All dates are relative to today.
"""
from __future__ import annotations

import datetime as dt
import gzip
import html
import threading
import time
import unicodedata
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
MAIN = "baotinh.test"
PORTAL = "congtinh.test"
BUSY = "banron.test"       # answers every page with 429 and Retry-After: 3600
DOWN = "hongtam.test"      # robots.txt answers 503
HOSTS = (MAIN, PORTAL, BUSY, DOWN)
#: the --since of the tests; every date of the site is in the past (htmldate ignores future dates)
SINCE = dt.date.today() - dt.timedelta(days=60)
TZ = dt.timezone(dt.timedelta(hours=7))
BIG = 50 * 2**20
SLOW_SECONDS = 2.5

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Vietnamese text in windows-1258: letters with a tone mark become base letter + combining mark."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        marks = "".join(c for c in decomposed if c in TONE_MARKS)
        out.append((base + marks).encode("cp1258", errors="replace"))
    return b"".join(out)


def article_texts() -> list[tuple[str, str]]:
    """(stem, text) of the 30 article texts in the repository."""
    paths = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests/gold/real").glob("*.txt")) \
        + sorted((ROOT / "tests/gold/extra").glob("*.txt"))
    texts = [(path.stem, path.read_text(encoding="utf-8")) for path in paths]
    assert len(texts) == 30, len(texts)
    return texts


PORTAL_TEXTS = [
    "UBND tỉnh tổ chức hội nghị trực tuyến triển khai kế hoạch chuyển đổi số năm 2027 tới 96 xã, phường. "
    "Các sở, ngành được giao rà soát thủ tục hành chính, đưa 420 thủ tục lên Cổng dịch vụ công.",
    "Sở Nông nghiệp và Môi trường cho biết vụ đông năm nay toàn tỉnh gieo trồng 12.500 ha ngô, rau màu "
    "và khoai lang; năng suất lúa mùa ước đạt 58 tạ/ha, tăng 1,2 tạ so với cùng kỳ.",
    "Ban Quản lý các khu công nghiệp trao giấy chứng nhận đầu tư cho hai dự án sản xuất linh kiện điện tử "
    "với tổng vốn 85 triệu USD, dự kiến tạo việc làm cho khoảng 3.000 lao động địa phương.",
    "Trường Cao đẳng nghề của tỉnh khai giảng khóa đào tạo sơ cấp cho 250 học viên là người dân tộc thiểu số; "
    "học phí được ngân sách hỗ trợ toàn bộ theo Nghị quyết của HĐND tỉnh.",
]


def page_html(title: str, body: str, published: dt.date, charset: str) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines() if line.strip())
    stamp = dt.datetime(published.year, published.month, published.day, 8, 0, tzinfo=TZ).isoformat()
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="{charset}">'
            f"<title>{html.escape(title)}</title>"
            f'<meta property="article:published_time" content="{stamp}">'
            f"</head><body><nav><a href=\"/\">Trang chủ</a> | <a href=\"/thoi-su\">Thời sự</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>\n{paragraphs}\n</article>"
            f"<footer>Báo Tỉnh - Cơ quan của Đảng bộ tỉnh</footer></body></html>")


def _title(text: str, fallback: str) -> str:
    """The first line that reads like a headline (not a menu, a breadcrumb or a masthead)."""
    for line in text.splitlines():
        line = line.strip()
        if (25 <= len(line) <= 160 and not line.endswith(".") and not any(c in line for c in "|>*")
                and not line.isupper() and not line.startswith(("Thứ", "Đăng nhập", "Email"))):
            return line
    return fallback


class Site:
    """Content and behaviour of the fixture hosts, and the log of requests they received."""

    def __init__(self, hazards: bool = True):
        self.hazards = hazards
        self.lock = threading.Lock()
        self.log: list[tuple[float, str, str, int, str]] = []   # (monotonic time, host, path, status, UA)
        self.hits: Counter = Counter()
        self.pages: dict[tuple[str, str], tuple[str, bytes, dt.date]] = {}   # (host, path) -> (charset, body, date)
        self.expected: set[str] = set()        # URLs of the pages a fetch since SINCE must archive
        self.encodings: dict[str, str] = {}
        start = SINCE
        for number, (stem, text) in enumerate(article_texts(), 1):
            path = f"/tin/{number:02d}-{stem.split('_')[-1].replace('_', '-')}.html"
            charset = "windows-1258" if number % 3 == 0 else "utf-8"
            published = start + dt.timedelta(days=number)
            self._page(MAIN, path, _title(text, f"Tin số {number}"), text, published, charset)
        self.main_articles = [path for (host, path) in self.pages if host == MAIN]
        for number, text in enumerate(PORTAL_TEXTS, 1):
            self._page(PORTAL, f"/tin-tuc/bai-{number}.html", f"Tin từ cổng thông tin số {number}", text,
                       SINCE + dt.timedelta(days=30 + number), "utf-8")
        old_text = "Bài cũ: hội nghị sơ kết công tác quý III của Sở Tài chính, giải ngân đạt 61,5% kế hoạch vốn."
        self._page(MAIN, "/tin/cu-trong-rss.html", "Sơ kết quý III (bài cũ, ngày trong RSS)", old_text,
                   SINCE - dt.timedelta(days=10), "utf-8", expected=False)
        self._page(MAIN, "/tin/cu-chi-trang.html", "Sơ kết quý III (bài cũ, ngày chỉ trên trang)",
                   old_text.replace("61,5", "62,4"), SINCE - dt.timedelta(days=9), "utf-8", expected=False)
        self.private = "/private/bai-noi-bo.html"
        self._page(MAIN, self.private, "Tài liệu nội bộ", "Không được thu thập.", SINCE + dt.timedelta(days=3), "utf-8",
                   expected=False)
        articles = self.main_articles
        self.flaky_500, self.flaky_429 = articles[6], articles[14]
        self.rss_items = articles[:12] + ["/tin/cu-trong-rss.html", self.private]
        if hazards:
            self.rss_items += ["/tin/khong-ton-tai.html", "/tin/vong-lap.html", "/tin/trang-lon.html",
                               "/tin/trang-cham.html"]
        self.atom_items = articles[9:20]
        self.sitemap_1 = articles[17:25]
        self.sitemap_2 = articles[25:] + ["/tin/cu-chi-trang.html"]

    def _page(self, host, path, title, text, published, charset, expected=True):
        markup = page_html(title, text, published, charset)
        body = windows_1258(markup) if charset == "windows-1258" else markup.encode("utf-8")
        self.pages[(host, path)] = (charset, body, published)
        if expected:
            self.expected.add(f"http://{host}{path}")
            self.encodings[f"http://{host}{path}"] = charset

    # -- documents -------------------------------------------------------------------------------

    def date_of(self, path: str, host: str = MAIN) -> dt.date:
        return self.pages[(host, path)][2]

    def rss(self, host: str, paths: list[str]) -> bytes:
        items = []
        for path in paths:
            day = self.pages.get((host, path), (None, None, SINCE + dt.timedelta(days=5)))[2]
            stamp = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=TZ)
            items.append(f"<item><title>Tin {html.escape(path)}</title><link>http://{host}{path}</link>"
                         f"<pubDate>{stamp.strftime('%a, %d %b %Y %H:%M:%S +0700')}</pubDate></item>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                f"<title>Tin mới</title><link>http://{host}/</link>{''.join(items)}</channel></rss>").encode()

    def atom(self) -> bytes:
        entries = []
        for path in self.atom_items:
            day = self.date_of(path)
            entries.append(f'<entry><title>Tin</title><link rel="alternate" href="http://{MAIN}{path}"/>'
                           f"<id>http://{MAIN}{path}</id><published>{day.isoformat()}T08:00:00+07:00</published>"
                           f"<updated>{day.isoformat()}T09:00:00+07:00</updated></entry>")
        return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                f'<title>Báo Tỉnh</title><link rel="self" href="http://{MAIN}/atom.xml"/>'
                f"{''.join(entries)}</feed>").encode()

    def sitemap(self, paths: list[str], lastmod: bool) -> bytes:
        urls = []
        for path in paths:
            stamp = f"<lastmod>{self.date_of(path).isoformat()}</lastmod>" if lastmod else ""
            urls.append(f"<url><loc>http://{MAIN}{path}</loc>{stamp}</url>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(urls) + "</urlset>").encode()

    def sitemap_index(self) -> bytes:
        children = [("sitemap-1.xml", SINCE + dt.timedelta(days=25)), ("sitemap-2.xml", SINCE + dt.timedelta(days=30)),
                    ("sitemap-old.xml", SINCE - dt.timedelta(days=300))]
        entries = "".join(f"<sitemap><loc>http://{MAIN}/{name}</loc><lastmod>{day.isoformat()}</lastmod></sitemap>"
                          for name, day in children)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>').encode()

    def home(self) -> bytes:
        return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Báo Tỉnh</title>'
                '<link rel="alternate" type="application/rss+xml" title="Tin mới" href="/rss/tin-moi.rss">'
                '<link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml">'
                '</head><body><h1>Báo Tỉnh</h1><a href="/thoi-su">Thời sự</a></body></html>').encode()

    # -- answering -------------------------------------------------------------------------------

    def add_article(self, path: str, text: str, published: dt.date) -> str:
        """A new article on the main site, listed in its RSS feed; its URL."""
        self._page(MAIN, path, f"Tin mới: {text[:40]}", text, published, "utf-8")
        self.rss_items.insert(0, path)
        return f"http://{MAIN}{path}"

    def respond(self, host: str, path: str, gzip_ok: bool = False):
        """(status, headers, body) where body is bytes, or the string "big" or "slow".
        The portal gzips its feed and pages for clients that accept it."""
        status, headers, body = self._respond(host, path)
        if host == PORTAL and gzip_ok and status == 200:
            headers = headers + [("Content-Encoding", "gzip")]
            body = gzip.compress(body)
        return status, headers, body

    def _respond(self, host: str, path: str):
        xml = [("Content-Type", "application/xml; charset=utf-8")]
        if host == MAIN:
            if path == "/robots.txt":
                return 200, [("Content-Type", "text/plain")], (
                    f"User-agent: *\nDisallow: /private/\n\nSitemap: http://{MAIN}/sitemap_index.xml\n").encode()
            if path == "/":
                return 200, [("Content-Type", "text/html; charset=utf-8")], self.home()
            if path == "/rss/tin-moi.rss":
                return 200, [("Content-Type", "application/rss+xml; charset=utf-8")], self.rss(MAIN, self.rss_items)
            if path == "/atom.xml":
                return 200, [("Content-Type", "application/atom+xml")], self.atom()
            if path == "/sitemap_index.xml":
                return 200, xml, self.sitemap_index()
            if path == "/sitemap-1.xml":
                return 200, xml, self.sitemap(self.sitemap_1, lastmod=True)
            if path == "/sitemap-2.xml":
                return 200, xml, self.sitemap(self.sitemap_2, lastmod=False)
            if path == "/tin/vong-lap.html":
                return 302, [("Location", "/tin/vong-lap-2.html")], b""
            if path == "/tin/vong-lap-2.html":
                return 301, [("Location", f"http://{MAIN}/tin/vong-lap.html")], b""
            if path == "/tin/trang-lon.html":
                return 200, [("Content-Type", "text/html; charset=utf-8")], "big"
            if path == "/tin/trang-cham.html":
                return 200, [("Content-Type", "text/html; charset=utf-8")], "slow"
            if path == self.flaky_500 and self.hits[(host, path)] == 1:
                return 500, [("Content-Type", "text/html")], b"<html><body>Internal Server Error</body></html>"
            if path == self.flaky_429 and self.hits[(host, path)] == 1:
                return 429, [("Retry-After", "1"), ("Content-Type", "text/plain")], b"Too many requests"
        elif host == BUSY:
            if path == "/rss.xml":
                return 200, [("Content-Type", "application/rss+xml")], self.rss(BUSY, [f"/bai-{n}.html" for n in range(3)])
            if path != "/robots.txt":
                return 429, [("Retry-After", "3600"), ("Content-Type", "text/plain")], b"Slow down"
        elif host == DOWN:
            return 503, [("Content-Type", "text/plain")], b"Service unavailable"
        elif host == PORTAL:
            if path == "/rss.xml":
                paths = [f"/tin-tuc/bai-{number}.html" for number in range(1, 5)]
                return 200, [("Content-Type", "text/xml; charset=utf-8")], self.rss(PORTAL, paths)
        page = self.pages.get((host, path))
        if page is None:
            return 404, [("Content-Type", "text/html")], b"<html><body>Not found</body></html>"
        charset, body, _ = page
        return 200, [("Content-Type", f"text/html; charset={charset}")], body

    def requests_to(self, host: str) -> list[tuple[float, str, int]]:
        with self.lock:
            return [(when, path, status) for when, logged_host, path, status, _ in self.log if logged_host == host]

    def paths_requested(self, host: str = MAIN) -> Counter:
        return Counter(path for _, path, _ in self.requests_to(host))


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            parts = urlsplit(self.path)
            host = (parts.hostname or self.headers.get("Host", "").split(":")[0]).lower()
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            if host not in HOSTS:
                self.send_error(502, "not a test host")
                return
            with site.lock:
                site.hits[(host, path)] += 1
            status, headers, body = site.respond(host, path, "gzip" in self.headers.get("Accept-Encoding", ""))
            with site.lock:
                site.log.append((time.monotonic(), host, path, status, self.headers.get("User-Agent", "")))
            try:
                if body == "slow":
                    time.sleep(SLOW_SECONDS)
                    body = "<html><body><p>Trang chậm.</p></body></html>".encode()
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                if body == "big":
                    self.end_headers()   # no Content-Length: the client has to count while streaming
                    block = b"<p>" + "Dữ liệu rất lớn. ".encode() * 4000 + b"</p>\n"
                    sent = 0
                    while sent < BIG:
                        self.wfile.write(block)
                        sent += len(block)
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass   # the client gave up (too large, timeout): that is the point

    return Handler


class Server:
    """``with Server(site) as server:`` serves ``site`` on 127.0.0.1; ``server.proxy`` is its URL."""

    def __init__(self, site: Site):
        self.site = site
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.proxy = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
