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
import re
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.report import build_report
from test_report import run_seeds

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


#: a money amount of seed 000 ("... năm 2022 ước đạt 1,3 triệu USD")
KNOWN_MONEY = ("000_22c4afcade77e2f4", "1,3 triệu USD")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """report.html of a real run of the pipeline on corpus/."""
    return build_report(run_seeds(tmp_path_factory.mktemp("browser-run")))


def known_money_row(outdir: Path) -> tuple[int, pd.Series]:
    """Position in facts.csv and row of the first KNOWN_MONEY fact."""
    articles = pd.read_csv(outdir / "articles.csv", dtype=str)
    doc_id = articles.loc[articles["source"].str.contains(KNOWN_MONEY[0]), "doc_id"].iloc[0]
    facts = pd.read_csv(outdir / "facts.csv", dtype={"doc_id": str})
    found = facts[(facts["doc_id"] == doc_id) & (facts["kind"] == "money")
                  & facts["text"].str.contains(KNOWN_MONEY[1], regex=False)]
    assert len(found), f"the pipeline found no money fact {KNOWN_MONEY[1]!r} in {KNOWN_MONEY[0]}"
    return int(found.index[0]), found.iloc[0]


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
    for table in ("provinces", "organizations", "facts"):
        assert counts[f"{table}.csv"] == f"{len(pd.read_csv(report.parent / f'{table}.csv')):,}"
    assert int(counts["facts.csv"].replace(",", "")) > 0


def test_charts_are_drawn(browser):
    images = browser.evaluate("""[...document.querySelectorAll('figure img')].map(i => ({
        complete: i.complete, width: i.naturalWidth, height: i.naturalHeight,
        shown: i.getBoundingClientRect().width, caption: i.parentElement.innerText}))""")
    assert len(images) == 2
    for image in images:
        assert image["complete"] and image["width"] > 0 and image["height"] > 0 and image["shown"] > 0
        assert "kind = money" in image["caption"] and "unit = USD" in image["caption"]
        assert int(re.search(r"Included: ([\d,]+) rows", image["caption"]).group(1)) > 0


def test_money_fact_is_highlighted_and_links_to_its_row(browser, report):
    position, fact = known_money_row(report.parent)
    seen = browser.evaluate("""(() => {
        const a = document.querySelector('a[href="#facts-%d"]');
        const highlight = a.closest('span[style*="inline-block"]');
        const box = highlight.getBoundingClientRect();
        a.click();
        const row = document.querySelector(':target');
        return {text: highlight.firstChild.textContent.trim(), label: a.parentElement.innerText,
                width: box.width, height: box.height, target: row.id, title: row.title,
                row: row.innerText, article: highlight.closest('section').id};
    })()""" % position)
    assert seen["text"] and fact.text.startswith(seen["text"])     # the first piece of the highlight
    assert "MONEY" in seen["label"] and f"#{position}" in seen["label"]
    assert seen["width"] > 0 and seen["height"] > 0
    assert seen["target"] == f"facts-{position}" and KNOWN_MONEY[1] in seen["row"]
    assert seen["title"] == f"facts.csv row {position}: {fact.doc_id} {fact.start}–{fact['end']}"
    assert seen["article"] == f"doc-{fact.doc_id}"
    ARTIFACTS.mkdir(exist_ok=True)
    box = browser.evaluate("""(() => { const s = document.querySelector('a[href="#facts-%d"]').closest('section');
        const r = s.getBoundingClientRect();
        return {x: r.left + scrollX - 8, y: r.top + scrollY, width: r.width + 16, height: Math.min(r.height, 1400)}; })()"""
        % position)
    assert browser.screenshot(ARTIFACTS / "report-article.png", box)[:8] == b"\x89PNG\r\n\x1a\n"


def test_screenshot_of_the_top_of_the_report(browser):
    browser.evaluate("scrollTo(0, 0)")
    png = browser.screenshot(ARTIFACTS / "report.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
