"""Near-duplicate detection on real articles: MinHash signatures, LSH candidates, "first" by order key."""
from __future__ import annotations

import itertools
import re
import subprocess
import sys
import zlib

import numpy as np
import pytest
import regex
from datasketch import MinHash, MinHashLSH

from conftest import ROOT
from pipeline.engine import dedupe
from pipeline.engine.dedupe import DuplicateIndex, THRESHOLD, shingle_hashes, signature, similarity
from pipeline.engine.manifest import IdSet
from pipeline.text.common_chars import COMMON_CHARS
from pipeline.text.normalize import normalize

REAL = ROOT / "tests" / "gold" / "real"


@pytest.fixture(scope="module")
def real_texts(seed_texts):
    """The five seeds and the nine real excerpts, normalized: fourteen different articles."""
    texts = {stem: normalize(text).text for stem, text in seed_texts.items()}
    texts.update({path.stem: normalize(path.read_text(encoding="utf-8")).text for path in sorted(REAL.glob("*.txt"))})
    return texts


def syndicated(text: str) -> str:
    """How another site reprints a story: its name on top, a byline below, one word edited."""
    lines = text.split("\n")
    lines[-1] = lines[-1].replace("tỉnh", "Tỉnh", 1)
    return "(Báo Tin tức)\n" + "\n".join(lines) + "\nTheo TTXVN"


def test_signatures_and_bands_are_those_of_datasketch(real_texts):
    """tintrich computes MinHash itself (datasketch's import pulls in scipy); datasketch,
    a test dependency only, is the reference."""
    for text in real_texts.values():
        reference = MinHash(num_perm=dedupe.NUM_PERM, seed=dedupe.SEED, scheme="affine32", hashfunc=lambda h: h)
        reference.update_batch(shingle_hashes(text).tolist())
        assert signature(text).tolist() == reference.hashvalues.tolist()
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        lsh = MinHashLSH(threshold=threshold, num_perm=dedupe.NUM_PERM)
        assert dedupe.bands_for(threshold) == (lsh.b, lsh.r)


def test_shingles_are_lowercase_syllable_windows():
    hashes = shingle_hashes("UBND tỉnh Thái Bình họp, bàn kế hoạch.")
    assert len(hashes) == 4   # 8 syllables, windows of 5
    assert hashes[:2].tolist() == [*shingle_hashes("ubnd tỉnh thái bình họp"), *shingle_hashes("tỉnh thái bình họp bàn")]
    assert len(set(hashes.tolist())) == 4
    assert shingle_hashes("Tin mới").tolist() == shingle_hashes("tin mới").tolist() and len(shingle_hashes("Tin mới")) == 1
    assert len(shingle_hashes("... !!")) == 0 and signature("... !!") is None


def test_both_engines_find_the_same_syllables_among_the_common_characters():
    common = "".join(chr(code) for code in range(0x2C00) if re.fullmatch(f"[{COMMON_CHARS}]", chr(code)))
    assert regex.findall(r"[\p{L}\p{N}]", common) == re.findall(r"[^\W_]", common)
    assert dedupe.SYLLABLE.findall(common) == dedupe.COMMON_SYLLABLE.findall(common)


def reference_hashes(text: str) -> list[int]:
    """The shingles' hashes as first written: SYLLABLE's words, the CRC-32 of each computed anew."""
    codes = np.array([zlib.crc32(word.encode("utf-8")) for word in dedupe.SYLLABLE.findall(text.lower())], dtype=np.uint64)
    count = max(1, len(codes) - dedupe.SHINGLE + 1)
    chained = np.zeros(count, dtype=np.uint64)
    for offset in range(min(dedupe.SHINGLE, len(codes))):
        chained = chained * dedupe.CHAIN + codes[offset:offset + count]
    return ((chained ^ (chained >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).tolist() if len(codes) else []


def test_remembered_codes_give_the_hashes_computed_anew(real_texts, monkeypatch):
    monkeypatch.setattr(dedupe, "CODES_KEPT", 50)
    monkeypatch.setattr(dedupe, "_CODES", dedupe._Codes())
    odd = "İstanbul, Hòa\u0301 x\u20d7 ၁၂ 漢字 người_dùng ½ x² ǅ"   # lower-cased to a combining mark; other scripts
    for text in [*real_texts.values(), odd, odd.upper(), ""]:
        assert shingle_hashes(text).tolist() == reference_hashes(text)
        assert shingle_hashes(text, text.split(" ")).tolist() == reference_hashes(text)
        assert len(dedupe._CODES) <= 50


def test_a_copy_and_a_syndicated_copy_are_duplicates(real_texts):
    for stem, text in real_texts.items():
        original = signature(text)
        assert similarity(original, signature(text)) == 1.0
        if len(shingle_hashes(text)) >= 100:  # a byline and a header weigh more in a three-line excerpt
            assert similarity(original, signature(syndicated(text))) >= THRESHOLD, stem


def test_different_real_articles_are_not_duplicates(real_texts):
    signatures = {stem: signature(text) for stem, text in real_texts.items()}
    for (a, sa), (b, sb) in itertools.combinations(signatures.items(), 2):
        assert similarity(sa, sb) < 0.3, (a, b)


def test_signatures_agree_across_processes(real_texts):
    text = real_texts["000_22c4afcade77e2f4"]
    code = ("import sys; from pipeline.engine.dedupe import signature; "
            "sys.stdout.write(signature(sys.stdin.read()).tobytes().hex())")
    other = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True,
                           cwd=ROOT).stdout
    assert other == signature(text).tobytes().hex()


def test_candidates_are_those_of_datasketch_minhash_lsh(real_texts):
    texts = dict(real_texts)
    texts.update({f"{stem}-syndicated": syndicated(text) for stem, text in real_texts.items()})
    index = DuplicateIndex()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=dedupe.NUM_PERM)
    assert (lsh.b, lsh.r) == (index.bands, index.rows)
    names = list(texts)
    for number, name in enumerate(names):
        sig = signature(texts[name])
        index.add(sig, number, name)
        lsh.insert(name, MinHash(num_perm=dedupe.NUM_PERM, hashvalues=sig, scheme="affine32"))
    for name in names:
        sig = signature(texts[name])
        ours = {names[number] for number in index.candidates(sig)}
        theirs = set(lsh.query(MinHash(num_perm=dedupe.NUM_PERM, hashvalues=sig, scheme="affine32")))
        assert ours == theirs, name
    index.close()


def test_first_is_the_smallest_order_key_whatever_the_insertion_order(real_texts):
    text = real_texts["001_26a770fd3adbd106"]
    index = DuplicateIndex()
    index.add(signature(syndicated(text)), 50, "later")
    index.add(signature(text), 5, "earlier")
    index.add(signature(real_texts["002_589f46926d63e719"]), 1, "other story")
    assert index.first_of(signature(text), 70) == "earlier"
    assert index.first_of(signature(real_texts["003_467578c8939c35eb"]), 70) is None
    index.close()


def test_band_tables_answer_the_same_after_merging(real_texts, monkeypatch):
    monkeypatch.setattr(dedupe._BandTable, "MERGE_EVERY", 3)
    index = DuplicateIndex()
    sigs = {stem: signature(text) for stem, text in real_texts.items()}
    for number, (stem, sig) in enumerate(sigs.items()):
        index.add(sig, number, stem)
    assert all(len(table.keys) > 0 for table in index.tables)
    for stem, sig in sigs.items():
        assert index.first_of(sig, 10**6) == stem
    index.close()


def test_id_set_across_merges(monkeypatch):
    monkeypatch.setattr(IdSet, "MERGE_EVERY", 5)
    ids = IdSet()
    added = [f"{number:016x}" for number in range(23)]
    assert all(ids.add_new(doc_id) for doc_id in added)
    assert not any(ids.add_new(doc_id) for doc_id in added)
    assert all(doc_id in ids for doc_id in added) and "ffffffffffffffff" not in ids
    assert len(ids) == 23
