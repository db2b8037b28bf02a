"""The cache of parsed pattern files: what is read back is what the parser makes of the
file, an edited file or a broken entry is parsed again, a folder that cannot be written or
``TINTRICH_CACHE=off`` means parsing as usual, and every process has the same key."""
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.rules import patterns

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(path.name for path in (ROOT / "patterns").iterdir() if path.suffix in (".yaml", ".txt"))


def _plain(name: str, folder: Path):
    """The file parsed as load_yaml and load_words parsed it before the cache."""
    with open(folder / name, encoding="utf-8") as handle:
        if name.endswith(".yaml"):
            return yaml.load(handle, Loader=patterns.SAFE_LOADER) or {}
        return tuple(line for line in map(str.strip, handle) if line and not line.startswith("#"))


def _load(name: str):
    return patterns.parsed(name, patterns._yaml_of if name.endswith(".yaml") else patterns.words_of)


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "parsed").glob("*.pickle"))


@pytest.mark.parametrize("cache", ["folder", "off"])
def test_every_shipped_file_read_back_is_what_the_parser_makes_of_it(tmp_path, monkeypatch, cache):
    monkeypatch.setenv("TINTRICH_CACHE", str(tmp_path) if cache == "folder" else "off")
    for name in SHIPPED:
        expected = pickle.dumps(_plain(name, ROOT / "patterns"))
        assert pickle.dumps(_load(name)) == expected   # parsed, then stored
        assert pickle.dumps(_load(name)) == expected   # read back
    assert len(_entries(tmp_path)) == (len(SHIPPED) if cache == "folder" else 0)


def test_an_edited_file_or_a_broken_entry_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("TINTRICH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TINTRICH_PATTERNS", str(tmp_path))
    (tmp_path / "toys.yaml").write_text("animals: [mèo, chó]\n", encoding="utf-8")
    assert _load("toys.yaml") == {"animals": ["mèo", "chó"]}
    (tmp_path / "toys.yaml").write_text("animals: [mèo, chó, gà]\r\n", encoding="utf-8")
    assert _load("toys.yaml") == {"animals": ["mèo", "chó", "gà"]}
    [entry] = _entries(tmp_path / "cache")
    entry.write_bytes(b"\x80\x05 cut short")
    assert _load("toys.yaml") == {"animals": ["mèo", "chó", "gà"]}
    assert pickle.loads(entry.read_bytes())[1] == {"animals": ["mèo", "chó", "gà"]}


def test_a_changed_function_the_parser_uses_makes_another_key(tmp_path, monkeypatch):
    monkeypatch.setenv("TINTRICH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TINTRICH_PATTERNS", str(tmp_path))
    (tmp_path / "words.txt").write_text("Mèo\nChó\n", encoding="utf-8")

    def lower(word):
        return word.lower()

    def upper(word):
        return word.upper()

    def parse(handle):
        return [spell(line.strip()) for line in handle]

    spell = lower
    assert patterns.parsed("words.txt", parse, uses=(lower,)) == ["mèo", "chó"]
    spell = upper   # another spelling function: the stored words are not read back
    assert patterns.parsed("words.txt", parse, uses=(upper,)) == ["MÈO", "CHÓ"]
    assert patterns.parsed("words.txt", parse, uses=(upper,)) == ["MÈO", "CHÓ"]   # stored, read back


def test_a_folder_that_cannot_be_written_means_parsing_as_usual(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TINTRICH_CACHE", str(blocker))
    assert _load("counted_nouns.txt") == _plain("counted_nouns.txt", ROOT / "patterns")
    assert not list(tmp_path.rglob("*.pickle"))


def test_a_file_that_does_not_parse_is_named_in_the_error(tmp_path, monkeypatch):
    monkeypatch.setenv("TINTRICH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TINTRICH_PATTERNS", str(tmp_path))
    (tmp_path / "bad.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError, match="bad.yaml"):
        _load("bad.yaml")
    assert not _entries(tmp_path / "cache")


def test_every_process_has_the_same_key_whatever_the_hash_seed(tmp_path):
    script = "from pipeline.rules import patterns; patterns.load_yaml('organizations.yaml'); patterns.load_words('counted_nouns.txt')"
    stamps = []
    for seed in ("1", "2"):
        env = {**os.environ, "TINTRICH_CACHE": str(tmp_path), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)
        stamps.append([(path.name, path.stat().st_mtime_ns) for path in _entries(tmp_path)])
    assert len(stamps[0]) == 2 and stamps[1] == stamps[0]   # read back, not written again
