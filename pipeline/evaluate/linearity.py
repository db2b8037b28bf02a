"""Do the pipeline's patterns run in time linear in their input? Measured, pattern by pattern.

No pattern carries a ``timeout=`` (it cost a tenth of the run time); instead every
pattern the pipeline compiles is timed here on text built to make patterns backtrack
(runs of one letter, digit, dot or bracket, capitalized syllables without end, numbers
without units, ...) at two lengths, ten times apart. A pattern whose time per character
grows with the length is named, with the input that shows it:

    python -m pipeline.evaluate.linearity                  # every pattern the pipeline uses
    python -m pipeline.evaluate.linearity '(a|aa)+b'       # one pattern you want to add

``tests/test_linear_patterns.py`` asserts that none grows; ``benchmarks/patterns.py``
prints the slowest.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import os
import re
import sys
import time
from dataclasses import dataclass

import regex
import regex._main as regex_main

#: the seeds of adversarial inputs, each repeated to the wanted length; runs of spaces or
#: line breaks are not among them because the normalizer leaves none in a text
SEEDS = (
    "a", "A", "1", ".", "1.", "1,", "1 ", "(", "-", "/", "Aa ", "a.", "A.",
    "Nguyễn Văn ", "Ủy ban nhân dân ", "tỉnh Thái Bình, ", "1.000 tỷ đồng ", "ngày 1/1/2020 ",
    "số 12/QĐ-UBND ", "Chủ tịch UBND ", "UBND ", "TP. ", "năm 2020 và ", "Ông ", "Bộ Ban Sở Hội ",
    "khoảng 1 người ", "20% ", "- ", "đ ", "1/", "12-CT/TW ", "Tổ chức ", "Foundation International ",
)


@dataclass
class Timing:
    """How one pattern's time grows on its worst input: ``growth`` is the time per
    character at the long length over that at the short one (1: linear)."""

    pattern: str
    flags: int
    seed: str
    short_ms: float
    long_ms: float
    growth: float


def _seconds(call, repeat: int) -> float:
    """The least time of three tries of ``repeat`` calls, per call."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(repeat):
            call()
        best = min(best, (time.perf_counter() - started) / repeat)
    return best


def _run(compiled, text: str, limit: float):
    for _ in compiled.finditer(text, timeout=limit):
        pass


def time_pattern(compiled, short: int = 1000, factor: int = 10, limit: float = 2.0) -> Timing:
    """The worst growth of ``compiled`` over :data:`SEEDS`, searched through the text with
    ``finditer`` (the pipeline's other uses, a ``match`` at a position or a ``fullmatch``
    of a line, are covered by the whole pipeline on the same inputs in
    ``tests/test_linear_patterns.py``); a pattern that exceeds ``limit`` seconds on the
    long input has infinite growth."""
    if not isinstance(compiled, regex.Pattern):   # a stdlib ``re`` pattern: same text, regex engine
        compiled = regex.compile(compiled.pattern, compiled.flags & ~re.UNICODE)
    worst = None
    for seed in SEEDS:
        small = (seed * (short // len(seed) + 1))[:short]
        large = (seed * (short * factor // len(seed) + 1))[:short * factor]
        try:
            long_s = _seconds(functools.partial(_run, compiled, large, limit), 1)
        except TimeoutError:
            return Timing(compiled.pattern, compiled.flags, seed, float("nan"), limit * 1e3, float("inf"))
        if long_s < 2e-3:   # too fast to tell from noise, and fast enough whatever its growth
            continue
        short_s = _seconds(functools.partial(_run, compiled, small, limit), factor)
        timing = Timing(compiled.pattern, compiled.flags, seed, short_s * 1e3, long_s * 1e3,
                        long_s / max(short_s, 1e-9) / factor)
        if worst is None or timing.growth > worst.growth:
            worst = timing
    return worst or Timing(compiled.pattern, compiled.flags, "", 0.0, 0.0, 1.0)


@contextlib.contextmanager
def recording():
    """Every pattern compiled inside the block (by ``regex`` or ``re``, through ``compile``
    or a module function such as ``regex.search(pattern, text)``), as a set of
    ``(pattern, flags, module)``. The compile cache (:mod:`pipeline.rules.compiled`) is off inside
    the block: a pattern it read from its folder would be used without being compiled, unseen."""
    seen = set()
    regex_compile, re_compile = regex_main._compile, re._compile
    cache = os.environ.get("TINTRICH_CACHE")
    os.environ["TINTRICH_CACHE"] = "off"

    def record_regex(pattern, flags, *args, **kwargs):
        compiled = regex_compile(pattern, flags, *args, **kwargs)
        seen.add((compiled.pattern, compiled.flags, "regex"))
        return compiled

    def record_re(pattern, flags):
        compiled = re_compile(pattern, flags)
        seen.add((compiled.pattern, compiled.flags, "re"))
        return compiled

    regex_main._compile, re._compile = record_regex, record_re
    try:
        yield seen
    finally:
        regex_main._compile, re._compile = regex_compile, re_compile
        if cache is None:
            del os.environ["TINTRICH_CACHE"]
        else:
            os.environ["TINTRICH_CACHE"] = cache


def pipeline_patterns(texts: list[str]) -> list:
    """The compiled patterns the pipeline uses on ``texts``: its caches emptied, then every
    component built and run on them while :func:`recording`; module-level patterns are
    read from the modules."""
    from pipeline import catalog

    modules = [module for name, module in sorted(sys.modules.items()) if name.startswith("pipeline")]
    for module in modules:
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    with recording() as seen:
        nlp = catalog.load()
        for text in texts:
            nlp(text)
    found = {(p, f): None for p, f, _ in seen}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, (regex.Pattern, re.Pattern)):
                found[value.pattern, value.flags] = value
    return [value or regex.compile(pattern, flags) for (pattern, flags), value in found.items()
            if isinstance(pattern, str)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pattern", nargs="?", help="one pattern to time (default: the pipeline's)")
    parser.add_argument("--top", type=int, default=15, help="how many of the slowest to print")
    args = parser.parse_args(argv)
    compiled = [regex.compile(args.pattern, regex.V1)] if args.pattern else pipeline_patterns(_sample_texts())
    timings = sorted((time_pattern(p) for p in compiled), key=lambda t: -t.growth)
    print(f"{len(timings)} patterns; growth = time per character at 10x the length / at 1x (1 = linear)")
    for timing in timings[:args.top]:
        print(f"{timing.growth:6.2f}  {timing.long_ms:8.2f} ms  {timing.seed!r:22s} "
              f"{timing.pattern[:90]!r}")
    return 1 if timings and timings[0].growth > 3 else 0


def _sample_texts() -> list[str]:
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    return [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]


if __name__ == "__main__":
    sys.exit(main())
