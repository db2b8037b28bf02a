"""The report as a person sees it: headless Chromium opens report.html from a file URL.

Chromium is driven through the DevTools protocol over ``--remote-debugging-pipe``
(JSON messages ending in NUL on file descriptors 3 and 4), so no extra package is
needed. Screenshots go to ``tests/artifacts/`` (git-ignored). Skipped only when
Chromium is not installed (``apt-get install chromium``; CI installs it).
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.report import build_report
from test_report import run_seeds, seed_facts

CHROMIUM = next((path for path in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
                 if path and os.path.exists(path)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-pipe"]
TIMEOUT = 60


class Chromium:
    """A headless Chromium with a fresh profile, one page, and ``evaluate`` / ``screenshot``."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="tintrich-chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def give_pipe_as_fd_3_and_4():
            # copy above 10 first, so neither end is overwritten while moving to 3 and 4
            read_end = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                        preexec_fn=give_pipe_as_fd_3_and_4, pass_fds=(3, 4),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.session = None

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            while b"\0" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([self._from_browser], [], [], remaining)[0]:
                    raise TimeoutError(f"chromium did not answer {method}")
                data = os.read(self._from_browser, 1 << 20)
                if not data:
                    raise ConnectionError("chromium closed the pipe")
                self._buffer += data
            line, self._buffer = self._buffer.split(b"\0", 1)
            answer = json.loads(line)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def open(self, url: str, width: int = 1280, height: int = 1600) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, self.session)
        self.send("Page.navigate", {"url": url}, self.session)
        deadline = time.monotonic() + TIMEOUT
        while self.evaluate(f"location.href === {json.dumps(url)} && document.readyState") != "complete":
            assert time.monotonic() < deadline, f"{url} did not load"
            time.sleep(0.1)

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def screenshot(self, path: Path, clip: dict | None = None) -> bytes:
        params = {"format": "png"}
        if clip:
            params.update(clip={**clip, "scale": 1}, captureBeyondViewport=True)
        data = base64.b64decode(self.send("Page.captureScreenshot", params, self.session)["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return data

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (OSError, TimeoutError, ConnectionError, RuntimeError):
            pass
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """report.html of a real run on corpus/, with money facts at real offsets of the seed texts."""
    outdir = run_seeds(tmp_path_factory.mktemp("browser-run"))
    seed_facts(outdir).to_csv(outdir / "facts.csv", index=False)
    return build_report(outdir)


@pytest.fixture(scope="module")
def browser(report):
    chromium = Chromium()
    try:
        chromium.open(report.as_uri())
        yield chromium
    finally:
        chromium.close()


def test_summary_numbers_are_shown(browser, report):
    statuses = browser.evaluate("""[...document.querySelectorAll('.summary table')[0].rows]
                                   .map(r => r.innerText.replace(/\\s+/g, ' ').trim())""")
    assert statuses == ["status articles", "ok 5", "all 5"]
    counts = dict(browser.evaluate("""[...document.querySelectorAll('.summary table')[1].rows].slice(1)
                                      .map(r => [r.cells[0].innerText, r.cells[1].innerText])"""))
    provinces = len(pd.read_csv(report.parent / "provinces.csv"))
    assert counts["provinces.csv"] == f"{provinces:,}" and counts["facts.csv"] == "10"


def test_charts_are_drawn(browser):
    images = browser.evaluate("""[...document.querySelectorAll('figure img')].map(i => ({
        complete: i.complete, width: i.naturalWidth, height: i.naturalHeight,
        shown: i.getBoundingClientRect().width, caption: i.parentElement.innerText}))""")
    assert len(images) == 2
    for image in images:
        assert image["complete"] and image["width"] > 0 and image["height"] > 0 and image["shown"] > 0
    assert "Included: 3 rows" in images[0]["caption"] and "1 unknown period" in images[0]["caption"]


def test_money_fact_is_highlighted_and_links_to_its_row(browser, report):
    facts = pd.read_csv(report.parent / "facts.csv", dtype={"doc_id": str})
    first = facts.iloc[0]
    seen = browser.evaluate("""(() => {
        const a = document.querySelector('a[href="#facts-0"]');
        const highlight = a.closest('span[style*="inline-block"]');
        const box = highlight.getBoundingClientRect();
        a.click();
        const row = document.querySelector(':target');
        return {text: highlight.firstChild.textContent.trim(), label: a.parentElement.innerText,
                width: box.width, height: box.height, target: row.id, title: row.title,
                row: row.innerText, article: highlight.closest('section').id};
    })()""")
    assert seen["text"] == "1,3 triệu USD" == first.text
    assert "MONEY" in seen["label"] and "#0" in seen["label"]
    assert seen["width"] > 0 and seen["height"] > 0
    assert seen["target"] == "facts-0"
    assert seen["title"] == f"facts.csv row 0: {first.doc_id} {first.start}–{first['end']}"
    assert seen["article"] == f"doc-{first.doc_id}"
    ARTIFACTS.mkdir(exist_ok=True)
    box = browser.evaluate("""(() => { const s = document.querySelector('a[href="#facts-0"]').closest('section');
        const r = s.getBoundingClientRect();
        return {x: r.left + scrollX - 8, y: r.top + scrollY, width: r.width + 16, height: Math.min(r.height, 1400)}; })()""")
    assert browser.screenshot(ARTIFACTS / "report-article.png", box)[:8] == b"\x89PNG\r\n\x1a\n"


def test_screenshot_of_the_top_of_the_report(browser):
    browser.evaluate("scrollTo(0, 0)")
    png = browser.screenshot(ARTIFACTS / "report.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
