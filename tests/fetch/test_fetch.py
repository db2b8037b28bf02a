"""`tintrich fetch` against a real local HTTP server (see fixture_site.py); nothing touches the internet.

The module's fixtures run the fetch once over the fixture site (``--since`` 60 days ago,
``--delay 0.1``, ``--timeout 1``), then a second time; the tests read the WARC files
with warcio, the ledger, the errors file and the server's log of requests.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from warcio.archiveiterator import ArchiveIterator

from fixture_site import BUSY, DOWN, MAIN, PORTAL, ROOT, SINCE, Server, Site
from pipeline.cli import main
from pipeline.fetch import (BOOKKEEPING, ERRORS, LEDGER, MARKER, BadArguments, FetchOptions, fetch, format_summary,
                            read_errors, read_ledger, resolve)
from pipeline.fetch.options import version

DELAY = 0.1
BACKOFF = 0.2
#: the User-Agent every request must carry: the installed tintrich version and the contact
USER_AGENT = f"tintrich/{version()} (+lab@example.org)"
#: the site, one of its feeds again (listed in another thread at the same time: the host must still
#: get one request at a time), and the portal's feed given directly
SOURCES_TEXT = (f"# the fixture sites\nhttp://{MAIN}/\nhttp://{MAIN}/atom.xml\n\n"
                f"http://{PORTAL}/rss.xml   # a feed given directly\n")


def options(server, **changes) -> FetchOptions:
    settings = dict(delay=DELAY, contact="lab@example.org", since=SINCE, timeout=1.0, backoff=BACKOFF,
                    proxy=server.proxy, progress=False)
    settings.update(changes)
    return FetchOptions(**settings)


def warc_records(archive: Path) -> list[tuple[str, str, object]]:
    """(file name, record type, record data) of every record of every finished WARC in ``archive``."""
    found = []
    for path in sorted(archive.glob("*.warc.gz")):
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                data = {"uri": record.rec_headers.get_header("WARC-Target-URI"),
                        "id": record.rec_headers.get_header("WARC-Record-ID"),
                        "concurrent": record.rec_headers.get_header("WARC-Concurrent-To"),
                        "status": record.http_headers.get_statuscode() if record.rec_type == "response" else None,
                        "payload": record.content_stream().read() if record.rec_type == "response" else b"",
                        "request": record.http_headers.protocol + " " + record.http_headers.statusline
                        if record.rec_type == "request" else "",
                        "user_agent": record.http_headers.get_header("User-Agent")
                        if record.rec_type == "request" else ""}
                found.append((path.name, record.rec_type, data))
    return found


def archived_urls(archive: Path) -> Counter:
    return Counter(data["uri"] for _, kind, data in warc_records(archive) if kind == "response")


def tintrich_run(archive: Path, out: Path) -> subprocess.CompletedProcess:
    """``tintrich run ARCHIVE/``: the WARC files are read, not the bookkeeping files beside them."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(archive), "-o", str(out),
                             "-j", "1"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def assert_the_marker_lists_the_bookkeeping_files(archive: Path) -> None:
    """The marker names exactly the files of the archive that are neither WARC files nor hidden."""
    marker = json.loads((archive / MARKER).read_text(encoding="utf-8"))
    assert marker == {"kind": "tintrich fetch archive", "version": 1,
                      "bookkeeping": ["fetch_errors.csv", "fetch_ledger.jsonl", "tintrich-archive.json"]}
    assert list(BOOKKEEPING) == marker["bookkeeping"]
    present = {path.name for path in archive.iterdir()
               if not path.name.startswith(".") and not path.name.endswith(".warc.gz")}
    assert present == set(marker["bookkeeping"])


@pytest.fixture(scope="module")
def server():
    with Server(Site()) as running:
        yield running


@pytest.fixture(scope="module")
def sources_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sources") / "sources.txt"
    path.write_text(SOURCES_TEXT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def first(server, sources_file, tmp_path_factory):
    archive = tmp_path_factory.mktemp("fetch") / "archive"
    summary = fetch(resolve([str(sources_file)]), archive, options(server))
    return archive, summary, len(server.site.log)


@pytest.fixture(scope="module")
def second(first, server, sources_file):
    archive, _, logged = first
    before = sorted(archive.iterdir())
    summary = fetch(resolve([str(sources_file)]), archive, options(server))
    return summary, before, logged, len(server.site.log)


def test_exactly_the_allowed_new_pages_are_archived(first, server):
    archive, summary, _ = first
    site = server.site
    records = warc_records(archive)
    responses = [data for _, kind, data in records if kind == "response"]
    requests = [data for _, kind, data in records if kind == "request"]
    assert Counter(data["uri"] for data in responses) == Counter(site.expected)   # each allowed page, once
    assert len(site.expected) == 34 and summary["new"] == 34
    assert all(data["status"] == "200" for data in responses)
    # a request record for every response, linked to it, as sent
    by_id = {data["id"]: data for data in responses}
    assert sorted(by_id[data["concurrent"]]["uri"] for data in requests) == sorted(site.expected)
    assert all(data["request"].startswith("GET /") and data["request"].endswith(" HTTP/1.1") for data in requests)
    assert {data["user_agent"] for data in requests} == {USER_AGENT}
    # the body as served (the portal's gzip'd pages come back decoded by warcio, byte for byte)
    for data in responses:
        host, path = data["uri"].split("/", 3)[2], "/" + data["uri"].split("/", 3)[3]
        assert data["payload"] == site.pages[(host, path)][1], data["uri"]
    # one file for the run, under its final name, and the ledger agrees with it
    assert [path.name for path in archive.glob("*.warc.gz")] == [Path(summary["warc"]).name]
    assert not list(archive.glob(".*.part"))
    ledger = read_ledger(archive / LEDGER)
    assert Counter(entry["url"] for entry in ledger if entry["outcome"] == "archived") == Counter(site.expected)
    assert {entry["url"]: entry["outcome"] for entry in ledger if entry["outcome"] != "archived"} == {
        f"http://{MAIN}/tin/khong-ton-tai.html": "gone",
        f"http://{MAIN}/tin/trang-lon.html": "too_large",
        f"http://{MAIN}/tin/cu-chi-trang.html": "old",
    }


def test_what_must_not_be_requested_is_not(first, server):
    site = server.site
    requested = site.paths_requested(MAIN)
    assert requested[site.private] == 0                      # robots.txt: Disallow: /private/
    assert requested["/tin/cu-trong-rss.html"] == 0          # the feed dates it before --since
    assert requested["/sitemap-old.xml"] == 0           # the index dates it before --since
    assert requested["/tin/cu-chi-trang.html"] == 1          # only its page says it is old
    for host in (MAIN, PORTAL):
        assert site.requests_to(host)[0][1] == "/robots.txt"   # robots.txt before anything else
    assert {agent for *_, agent in site.log} == {USER_AGENT}


def test_every_failure_is_in_the_errors_file(first):
    archive, summary, _ = first
    rows = read_errors(archive / ERRORS)
    got = sorted((row["url"], row["kind"], row["status"]) for row in rows)
    assert got == sorted([
        (f"http://{MAIN}/private/bai-noi-bo.html", "robots", ""),
        (f"http://{MAIN}/tin/khong-ton-tai.html", "http_4xx", "404"),
        (f"http://{MAIN}/tin/vong-lap.html", "redirect_loop", "301"),
        (f"http://{MAIN}/tin/trang-lon.html", "too_large", "200"),
        (f"http://{MAIN}/tin/trang-cham.html", "timeout", ""),
    ])
    assert all(row["host"] == MAIN and row["time"] and row["detail"] for row in rows)
    assert summary["errors"] == {"robots": 1, "http_4xx": 1, "timeout": 1, "too_large": 1, "redirect_loop": 1}
    assert summary["skipped"] == {"old": 2}
    text = format_summary(summary)
    assert "34 new pages archived" in text and "redirect_loop 1" in text


def test_retries_after_500_and_429_honour_backoff_and_retry_after(first, server):
    site = server.site
    for path, status, wait in ((site.flaky_500, 500, BACKOFF), (site.flaky_429, 429, 1.0)):
        tries = [(when, code) for when, logged, code in site.requests_to(MAIN) if logged == path]
        assert [code for _, code in tries] == [status, 200]
        assert tries[1][0] - tries[0][0] >= wait


def test_the_delay_per_host_is_respected(first, server):
    for host in (MAIN, PORTAL):
        times = [when for when, *_ in server.site.requests_to(host)]
        gaps = [later - earlier for earlier, later in zip(times, times[1:])]
        assert len(gaps) >= 5 and min(gaps) >= DELAY, (host, min(gaps))


def test_delay_of_0_3_seconds(server, tmp_path):
    """A run of its own at --delay 0.3 on the portal: every gap between two requests is 0.3 s or more."""
    logged = len(server.site.log)
    summary = fetch(resolve([f"http://{PORTAL}/rss.xml"]), tmp_path / "archive", options(server, delay=0.3))
    assert summary["new"] == 4
    times = [when for when, host, *_ in server.site.log[logged:] if host == PORTAL]
    assert len(times) == 6   # robots.txt, the feed, four pages
    assert min(later - earlier for earlier, later in zip(times, times[1:])) >= 0.3


def test_second_fetch_downloads_nothing_new(first, second, server):
    archive, _, _ = first
    summary, before, logged, logged_after = second
    assert summary["new"] == 0 and summary["warc"] is None
    assert sorted(archive.iterdir()) == before                      # no new WARC
    assert sum(archived_urls(archive).values()) == 34
    again = Counter(path for _, host, path, *_ in server.site.log[logged:logged_after] if host == MAIN)
    pages = {url.split(MAIN, 1)[1] for url in server.site.expected if MAIN in url}
    assert not pages & set(again)                                   # no archived page asked again
    assert again["/tin/khong-ton-tai.html"] == again["/tin/trang-lon.html"] == 0   # settled failures
    assert again["/tin/trang-cham.html"] == 1                       # a timeout may pass: tried again
    assert summary["skipped"]["already"] == 37


def test_tintrich_run_over_the_archive_gives_one_row_per_page_then_adds_only_new_ones(first, second, server,
                                                                                         sources_file, tmp_path):
    archive, _, _ = first
    site = server.site
    assert_the_marker_lists_the_bookkeeping_files(archive)
    out = tmp_path / "out"
    tintrich_run(archive, out)
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert Counter(articles["url"]) == Counter(site.expected)
    assert set(articles["status"]) == {"ok"}
    assert {url for url, encoding in zip(articles["url"], articles["encoding"]) if encoding == "windows-1258"} \
        == {url for url, charset in site.encodings.items() if charset == "windows-1258"}
    # the site publishes one more article: the next fetch adds one page, the next run one row
    new_url = site.add_article("/tin/31-moi.html", "Chiều 2/12, UBND tỉnh Thái Nguyên họp bàn kế hoạch "
                               "đầu tư công năm sau với tổng vốn 5.400 tỷ đồng cho 48 dự án.",
                               dt.date.today() - dt.timedelta(days=2))
    summary = fetch(resolve([str(sources_file)]), archive, options(server))
    assert summary["new"] == 1 and archived_urls(archive)[new_url] == 1, summary
    result = tintrich_run(archive, out)
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert Counter(articles["url"]) == Counter(site.expected)      # site.expected now has the new page
    assert len(articles) == 35
    assert "1 processed, 34 already in the output" in result.stderr
    assert "3 bookkeeping of a tintrich fetch archive" in result.stderr


def test_max_pages_caps_a_run_newest_first_and_the_next_run_goes_on(server, tmp_path):
    archive = tmp_path / "archive"
    newest = sorted((url for url in server.site.expected if PORTAL in url), reverse=True)   # bai-4 is the newest
    first = fetch(resolve([f"http://{PORTAL}/rss.xml"]), archive, options(server, delay=0, max_pages=3))
    assert first["new"] == 3 and first["skipped"] == {"over_max_pages": 1}
    assert set(archived_urls(archive)) == set(newest[:3])
    then = fetch(resolve([f"http://{PORTAL}/rss.xml"]), archive, options(server, delay=0, max_pages=3))
    assert then["new"] == 1 and archived_urls(archive) == Counter(newest)


def test_a_host_asking_for_an_hour_is_left_alone_and_one_without_robots_txt_is_not_crawled(server, tmp_path):
    logged = len(server.site.log)
    archive = tmp_path / "archive"
    summary = fetch(resolve([f"http://{BUSY}/rss.xml", f"http://{DOWN}/"]), archive,
                    options(server, delay=0, retries=1, backoff=0.05))
    asked = Counter((host, path) for _, host, path, *_ in server.site.log[logged:])
    # one page asked once: its Retry-After is longer than we wait, so the other two are not asked
    assert sum(count for (host, path), count in asked.items() if host == BUSY and path.startswith("/bai-")) == 1
    assert summary["skipped"] == {"host_backing_off": 2}
    # robots.txt answering 503 (tried twice) forbids the host: nothing else is asked of it
    assert {path for host, path in asked if host == DOWN} == {"/robots.txt"} and asked[(DOWN, "/robots.txt")] == 2
    rows = read_errors(archive / ERRORS)
    assert sorted((row["url"], row["kind"], row["status"]) for row in rows) == [
        (f"http://{BUSY}/bai-0.html", "http_4xx", "429"),
        (f"http://{DOWN}/", "robots", ""),                 # the page it kept us from
        (f"http://{DOWN}/robots.txt", "http_5xx", "503"),  # and why
    ]
    assert "Retry-After 3600" in rows[0]["detail"] + rows[1]["detail"] + rows[2]["detail"]
    assert summary["new"] == 0 and summary["warc"] is None and not list(archive.glob("*.warc*"))


def ledger_pages(archive: Path) -> int:
    try:
        with open(archive / LEDGER, encoding="utf-8") as handle:
            return sum('"outcome": "archived"' in line for line in handle)
    except FileNotFoundError:
        return 0


def test_sigkill_during_a_fetch_then_fetch_again(tmp_path):
    """Killed (SIGKILL) three times at random points, then run to the end: every allowed page is
    in the archive exactly once, and `tintrich run` gives one row per page."""
    site = Site(hazards=False)
    rng = random.Random(20261201)
    sources = tmp_path / "sources.txt"
    sources.write_text(SOURCES_TEXT, encoding="utf-8")
    archive = tmp_path / "archive"
    with Server(site) as server:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "http_proxy": server.proxy, "no_proxy": "", "NO_PROXY": ""}
        command = [sys.executable, "-m", "pipeline.cli", "fetch", str(sources), "-o", str(archive), "--delay", "0.05",
                   "--since", SINCE.isoformat(), "--contact", "lab@example.org", "--quiet"]
        kills = 0
        for target in (0, 9, 21):
            process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       start_new_session=True)
            deadline = time.monotonic() + 60
            while process.poll() is None and ledger_pages(archive) < target and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.12))
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                kills += 1
            process.wait()
        assert kills == 3
        assert list(archive.glob(".*.part")), "the last kill should leave a WARC to recover"
        finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert finished.returncode == 0, finished.stderr
    assert not list(archive.glob(".*.part"))
    assert archived_urls(archive) == Counter(site.expected)          # none twice, none lost
    ledger = [entry["url"] for entry in read_ledger(archive / LEDGER) if entry["outcome"] == "archived"]
    assert Counter(ledger) == Counter(site.expected)
    assert_the_marker_lists_the_bookkeeping_files(archive)
    out = tmp_path / "out"
    tintrich_run(archive, out)
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert Counter(articles["url"]) == Counter(site.expected)
    assert set(articles["status"]) == {"ok"}


def test_a_killed_runs_warc_is_cut_back_to_what_its_ledger_says(server, tmp_path):
    """The state a kill can leave, made on purpose: the WARC still under its temporary name, a record
    cut short at its end, the last page's ledger line half written. The next fetch keeps the pages
    the ledger names, drops the rest, fetches that page again and ends with each page once."""
    archive = tmp_path / "archive"
    portal = {url for url in server.site.expected if PORTAL in url}
    fetch(resolve([f"http://{PORTAL}/rss.xml"]), archive, options(server, delay=0))
    [warc] = archive.glob("*.warc.gz")
    part = archive / f".{warc.name}.part"
    warc.rename(part)
    with open(part, "ab") as handle:
        handle.write(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b"x" * 500)[:60])
    ledger = archive / LEDGER
    lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
    ledger.write_text("".join(lines[:-1]) + lines[-1][:len(lines[-1]) // 2], encoding="utf-8")
    summary = fetch(resolve([f"http://{PORTAL}/rss.xml"]), archive, options(server, delay=0))
    assert (summary["recovered"], summary["new"]) == (3, 1)
    assert archived_urls(archive) == Counter(portal)
    assert not list(archive.glob(".*.part")) and len(list(archive.glob("*.warc.gz"))) == 2
    assert Counter(entry["url"] for entry in read_ledger(ledger) if entry["outcome"] == "archived") == Counter(portal)


def test_an_archive_written_with_the_old_dot_names_is_renamed_and_nothing_is_lost(server, tmp_path):
    """An archive an earlier tintrich was killed writing: ledger ``.fetched.jsonl`` with its last line
    half written, errors ``.fetch_errors.csv``, the WARC still ``.part``, no marker. The next fetch
    renames both files, writes the marker, recovers the WARC from the old ledger, keeps every error,
    and downloads only the page whose ledger line was cut."""
    archive = tmp_path / "archive"
    sources = [f"http://{PORTAL}/rss.xml", f"http://{DOWN}/"]   # four pages, and a host that gives errors
    fetch(resolve(sources), archive, options(server, delay=0, retries=1, backoff=0.05))
    errors_before = read_errors(archive / ERRORS)
    assert len(errors_before) == 2
    [warc] = archive.glob("*.warc.gz")
    warc.rename(archive / f".{warc.name}.part")
    lines = (archive / LEDGER).read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == 4
    (archive / ".fetched.jsonl").write_text("".join(lines[:-1]) + lines[-1][:20], encoding="utf-8")
    (archive / ERRORS).rename(archive / ".fetch_errors.csv")
    (archive / LEDGER).unlink()
    (archive / MARKER).unlink()
    logged = len(server.site.log)
    summary = fetch(resolve([f"http://{PORTAL}/rss.xml"]), archive, options(server, delay=0))
    assert summary["renamed"] == {".fetched.jsonl": LEDGER, ".fetch_errors.csv": ERRORS}
    assert "renamed: .fetched.jsonl -> fetch_ledger.jsonl" in format_summary(summary)
    assert not (archive / ".fetched.jsonl").exists() and not (archive / ".fetch_errors.csv").exists()
    assert_the_marker_lists_the_bookkeeping_files(archive)
    assert (summary["recovered"], summary["new"], summary["skipped"]) == (3, 1, {"already": 3})
    pages = [path for _, host, path, *_ in server.site.log[logged:] if host == PORTAL and path.startswith("/tin-tuc/")]
    assert len(pages) == 1
    assert read_errors(archive / ERRORS) == errors_before
    portal = Counter(url for url in server.site.expected if PORTAL in url)
    assert Counter(entry["url"] for entry in read_ledger(archive / LEDGER) if entry["outcome"] == "archived") == portal
    assert archived_urls(archive) == portal and not list(archive.glob(".*.part"))


def test_a_ledger_under_both_names_is_merged(server, tmp_path):
    """An older tintrich run on an archive after a newer one leaves both ``.fetched.jsonl`` and
    ``fetch_ledger.jsonl``: the next fetch merges them, losing no line, and fetches nothing again."""
    archive = tmp_path / "archive"
    fetch(resolve([f"http://{PORTAL}/rss.xml"]), archive, options(server, delay=0))
    lines = (archive / LEDGER).read_text(encoding="utf-8").splitlines(keepends=True)
    (archive / LEDGER).write_text("".join(lines[:2]), encoding="utf-8")
    (archive / ".fetched.jsonl").write_text("".join(lines[2:]), encoding="utf-8")
    summary = fetch(resolve([f"http://{PORTAL}/rss.xml"]), archive, options(server, delay=0))
    assert summary["renamed"] == {".fetched.jsonl": LEDGER}
    assert (archive / LEDGER).read_text(encoding="utf-8").splitlines(keepends=True) == lines
    assert summary["new"] == 0 and summary["skipped"] == {"already": 4}
    assert not (archive / ".fetched.jsonl").exists()


def test_sources_file_names_and_provinces(tmp_path):
    path = tmp_path / "sources.txt"
    path.write_text("# comment\nhttps://example.vn/rss.xml\nbaothainguyen.vn\n\nBáo Quảng Ninh  # by name\n",
                    encoding="utf-8")
    assert [source.url for source in resolve([str(path)])] == [
        "https://example.vn/rss.xml", "https://baothainguyen.vn/", "https://baoquangninh.vn/"]
    by_province = {source.url for source in resolve([], province="thai nguyen")}
    assert by_province == {source.url for source in resolve([], province="Thái Nguyên")} \
        == {"https://baothainguyen.vn/", "https://thainguyen.gov.vn/", "https://thainguyentv.vn/"}
    assert len(resolve([], all_provinces=True)) >= len(by_province)
    with pytest.raises(BadArguments):
        resolve(["no-such-sources.txt"])


def test_bad_arguments_exit_2_with_one_line(tmp_path, capsys):
    out = str(tmp_path / "archive")
    for argv in (["fetch", "-o", out], ["fetch", "-o", out, "--province", "Atlantis"],
                 ["fetch", "-o", out, "https://example.vn/", "--since", "1/12/2026"],
                 ["fetch", "-o", out, "https://example.vn/", "--delay", "-1"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("tintrich: error:") and err.count("\n") == 1, err
    with pytest.raises(SystemExit) as exited:
        main(["fetch", "https://example.vn/", "--max-pages", "0", "-o", out])
    assert exited.value.code == 2
    assert not Path(out).exists()


def test_input_discovery_knows_the_archive_bookkeeping():
    """The names ``tintrich run`` leaves out of an archive are the ones ``tintrich fetch`` writes."""
    from pipeline.fetch.archive import BOOKKEEPING, MARKER
    from pipeline.ingest.discover import ARCHIVE_BOOKKEEPING, ARCHIVE_MARKER

    assert (set(BOOKKEEPING), MARKER) == (set(ARCHIVE_BOOKKEEPING), ARCHIVE_MARKER)
