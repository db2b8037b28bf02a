"""The compile cache: a pattern read back from the cache folder finds what the compiler's
own pattern finds, bad cache files and folders cost nothing but time, and the shipped
patterns have the same text in every process (or the cache would never be hit)."""
import os
import re
import subprocess
import sys
from pathlib import Path

import regex

from pipeline.rules import compiled as cache
from pipeline.text.tone_marks import placement

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus").glob("*.txt"))]
MISPLACED = " Sở Kế họach và Đầu tư, Ban Đối ngọai, Qũy Vì người nghèo, HÒA BÌNH, tòan dân"


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "compiled").glob("*.pickle"))


def _spans(pattern, texts):
    return [[(m.span(), m.group()) for m in pattern.finditer(text)] for text in texts]


def test_a_stdlib_trie_read_back_finds_what_the_compiler_finds(tmp_path, monkeypatch):
    monkeypatch.setenv("TINTRICH_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "MIN_SECONDS", 0.0)
    source = placement().pattern.pattern        # the tone-mark trie, 145k characters
    texts = [text + MISPLACED for text in TEXTS]
    fresh = cache.compiled(re, source)
    assert len(_entries(tmp_path)) == 1
    again = cache.compiled(re, source)          # read from the file
    expected = _spans(re.compile(source), texts)
    assert sum(map(len, expected)) >= len(TEXTS) * 4
    assert _spans(fresh, texts) == expected and _spans(again, texts) == expected


def test_a_regex_pattern_read_back_keeps_groups_and_flags(tmp_path, monkeypatch):
    monkeypatch.setenv("TINTRICH_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "MIN_SECONDS", 0.0)
    words = sorted({word for text in TEXTS for word in regex.findall(r"\p{L}{2,}", text)}, key=lambda w: (-len(w), w))
    source = r"(?<![\p{L}])(?P<word>" + "|".join(map(regex.escape, words)) + r")(?![\p{L}])"
    cache.compiled(regex, source, regex.IGNORECASE)
    again = cache.compiled(regex, source, regex.IGNORECASE)
    expected = regex.compile(source, regex.IGNORECASE)
    upper = [text.upper() for text in TEXTS]
    assert _spans(again, upper) == _spans(expected, upper)
    assert again.groupindex == expected.groupindex and again.flags == expected.flags
    assert len(_entries(tmp_path)) == 1


def test_a_broken_cache_file_is_compiled_again_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("TINTRICH_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "MIN_SECONDS", 0.0)
    source = "|".join(f"từ{i}" for i in reversed(range(600)))
    cache.compiled(re, source)
    [entry] = _entries(tmp_path)
    entry.write_bytes(b"\x80\x05 cut short")
    assert cache.compiled(re, source).search("một từ42 đây").group() == "từ42"
    assert entry.read_bytes()[:2] == b"\x80\x05" and entry.stat().st_size > 100


def test_a_folder_that_cannot_be_written_or_off_means_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    source = "|".join(f"chữ{i}" for i in reversed(range(600)))
    monkeypatch.setenv("TINTRICH_CACHE", str(blocker))
    assert cache.compiled(regex, source).search("chữ599").group() == "chữ599"
    monkeypatch.setenv("TINTRICH_CACHE", "off")
    assert cache.folder() is None
    assert cache.compiled(re, source).search("chữ7 ").group() == "chữ7"
    assert not list(tmp_path.rglob("*.pickle"))


def test_patterns_compiled_quicker_than_a_file_is_read_are_not_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("TINTRICH_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "MIN_SECONDS", 60.0)
    assert cache.compiled(re, r"\d+").search("số 12").group() == "12"
    assert cache.compiled(regex, "|".join(f"số{i}" for i in reversed(range(600)))).search("số 12 số12").group() == "số12"
    assert not _entries(tmp_path)
    monkeypatch.setattr(cache, "MIN_SECONDS", 0.0)
    cache.compiled(re, r"\d+")
    assert len(_entries(tmp_path)) == 1


def test_every_cached_pipeline_pattern_has_one_text_whatever_the_hash_seed(tmp_path):
    """Patterns built from sets once came out in a different order in each process: each
    worker compiled them again. Two processes with different hash seeds share every entry (each
    keeps every pattern it compiles, however quick)."""
    script = ("from pipeline.rules import compiled; compiled.MIN_SECONDS = 0; import pipeline; pipeline.load(); "
              "from pipeline.text.normalize import normalize; normalize('Kế họach')")
    counts = []
    for seed in ("1", "2"):
        env = {**os.environ, "TINTRICH_CACHE": str(tmp_path), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)
        counts.append(len(_entries(tmp_path)))
    assert counts[0] >= 15 and counts[1] == counts[0]


def test_internals_that_do_not_fit_mean_the_plain_compiler(tmp_path, monkeypatch):
    """Another Python's ``_sre.compile`` may take other arguments: the pattern is compiled as
    usual and nothing is written."""
    monkeypatch.setenv("TINTRICH_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "MIN_SECONDS", 0.0)
    monkeypatch.setattr(cache, "_state", lambda engine, pattern, flags: ("sre", pattern, flags, [1, 2, 3]))
    source = "|".join(f"nước{i}" for i in reversed(range(600)))
    assert cache.compiled(re, source).search("các nước42 ").group() == "nước42"
    assert not _entries(tmp_path)


def test_no_home_directory_means_no_cache(monkeypatch):
    monkeypatch.delenv("TINTRICH_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)   # a bare container: no $HOME, no entry in the password database

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache.folder() is None
    assert cache.compiled(re, "|".join(f"xã{i}" for i in reversed(range(600)))).search("xã42").group() == "xã42"
