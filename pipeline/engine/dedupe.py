"""Duplicates: the same article scraped twice, or syndicated with trivial changes.

Every article is reduced to its set of *shingles* (runs of ``SHINGLE`` consecutive
syllables of the lower-cased normalized text, punctuation ignored) and to a
MinHash signature of that set (``NUM_PERM`` permutations, fixed seed, so every
process and every machine computes the same signature). Two articles are
duplicates when their estimated Jaccard similarity is at least ``THRESHOLD``;
candidates are found with LSH banding (``b`` bands of ``r`` rows chosen for that
threshold), then confirmed on the signatures. An exact copy has similarity 1.

The signature and the bands are those of datasketch's ``MinHash`` (scheme
"affine32") and ``MinHashLSH``, computed here in a few lines of numpy:
importing datasketch pulls in scipy and cost 0.4 s at every start.
``tests/test_dedupe.py`` checks both against datasketch.

"First" is the article with the smallest *order key*, its position in the run's
input order. The decisions are taken in that order by one process, which makes
-j 1, -j 2, resumed and Dask runs agree.

    >>> index = DuplicateIndex()
    >>> a = signature("Sáng 5/12, UBND tỉnh Thái Bình tổ chức hội nghị tổng kết công tác đối ngoại.")
    >>> index.add(a, 0, "aaaa")
    >>> index.first_of(signature("Sáng 5/12, UBND tỉnh Thái Bình tổ chức Hội nghị tổng kết công tác đối ngoại"), 1)
    'aaaa'

Why 0.8 (see docs/scale.md): a syndicated copy differs by a header, a byline,
a caption or a few edited words, which keeps 5-syllable-shingle similarity above
0.85 for articles of a few hundred syllables; two different articles on the same
event (same officials, same figures) stay far below 0.5.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
import zlib
from array import array

import numpy as np
import regex

from pipeline.text.chunks import ChunkMemo
from pipeline.text.common_chars import UNCOMMON_CHAR

#: syllables per shingle (5 syllables ~ 2-3 Vietnamese words)
SHINGLE = 5
#: MinHash permutations: the estimate's standard error is ~0.035 at J = 0.8
NUM_PERM = 128
#: fixed seed of the permutations: signatures must agree across processes and runs
SEED = 1
#: estimated Jaccard similarity at or above which a later article is a duplicate
THRESHOLD = float(os.environ.get("TINTRICH_DEDUPE_THRESHOLD", "0.8"))

SYLLABLE = regex.compile(r"[\p{L}\p{N}]+")
#: SYLLABLE written for ``re`` (``\w`` but "_"), which reads a text about twice as fast: the same
#: syllables in a chunk of COMMON_CHARS only (nearly every one; any other is read with SYLLABLE)
COMMON_SYLLABLE = re.compile(r"[^\W_]+")
#: chunks whose codes a process remembers before it forgets them all (about 200 bytes each)
CODES_KEPT = 50_000


class _Codes(ChunkMemo):
    """A chunk of text between two spaces -> the CRC-32 of each of its lower-cased syllables'
    UTF-8 bytes, each chunk read once: a text is mostly the same few thousand words, and looking
    them up costs a fraction of finding its syllables and hashing each. No syllable holds a space,
    so a text's syllables are its chunks' in turn. The codes are kept as the bytes of uint64s: a
    text's are one join, read by numpy at once (not a Python int at a time, a third of the time)."""

    def kept(self) -> int:
        return CODES_KEPT

    def read(self, chunk: str) -> bytes:
        chunk = chunk.lower()   # no space is lowered into, nor lowers other than, a space (final sigma
        # looks no further than a space): a text's lower case is its chunks' in turn
        syllables = (SYLLABLE if UNCOMMON_CHAR.search(chunk) else COMMON_SYLLABLE).findall(chunk)
        return array("Q", [zlib.crc32(word.encode("utf-8")) for word in syllables]).tobytes()


_CODES = _Codes()


@functools.lru_cache(maxsize=1)
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the ``NUM_PERM`` affine permutations h -> a*h + b mod 2**32 (``a`` odd: a
    bijection), drawn as datasketch draws them for ``seed=SEED``."""
    draw = np.random.RandomState(SEED)
    a = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def premix(hashes: np.ndarray) -> np.ndarray:
    """The MurmurHash3 finalizer on uint32: spreads weak hashes before the permutations."""
    hashes = hashes ^ (hashes >> np.uint32(16))
    hashes = hashes * np.uint32(0x85EBCA6B)
    hashes = hashes ^ (hashes >> np.uint32(13))
    hashes = hashes * np.uint32(0xC2B2AE35)
    return hashes ^ (hashes >> np.uint32(16))


#: odd multiplier that chains the syllable hashes of a shingle
CHAIN = np.uint64(0x9E3779B97F4A7C15)


def shingle_hashes(text: str, chunks: list[str] | None = None) -> np.ndarray:
    """A 32-bit hash of each shingle of ``text``, in order: a shingle is a window of
    ``SHINGLE`` lower-case syllables ("tỉnh thái bình họp bàn"); a text shorter than
    one is one shingle, a text without syllables has none. Each hash chains the
    CRC-32 of the window's syllables (equal shingles, equal hashes; about 8x faster
    than hashing every shingle's bytes). ``chunks``: ``text.split(" ")``, when the caller has it."""
    chunks = text.split(" ") if chunks is None else chunks
    codes = np.frombuffer(b"".join(map(_CODES.__getitem__, chunks)), dtype=np.uint64)
    if not len(codes):
        return codes
    count = max(1, len(codes) - SHINGLE + 1)
    chained = codes[:count].copy()
    for offset in range(1, min(SHINGLE, len(codes))):
        chained *= CHAIN   # wraps modulo 2**64; in place, no new array
        chained += codes[offset:offset + count]
    return (chained ^ (chained >> np.uint64(32))) & np.uint64(0xFFFFFFFF)


def signature(text: str, chunks: list[str] | None = None) -> np.ndarray | None:
    """The MinHash signature (``NUM_PERM`` uint32) of a normalized text, None if it has no syllables
    (``chunks``: ``text.split(" ")``, when the caller has it)."""
    hashes = shingle_hashes(text, chunks)
    if not len(hashes):
        return None
    a, b = permutations()
    mixed = premix(hashes.astype(np.uint32))
    with np.errstate(over="ignore"):   # uint32 arithmetic wraps: that is the modulo 2**32
        # a row per permutation, its minimum read along the row (a fifth faster than down columns);
        # added to in place: one array of permutations x shingles made, not two
        permuted = a.reshape(-1, 1) * mixed
        permuted += b.reshape(-1, 1)
        return permuted.min(axis=1)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def bands_for(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) as datasketch's ``MinHashLSH`` picks them for ``threshold``: those
    that minimize the false positive plus false negative probability mass (equal weights).
    The integrals are of polynomials of degree at most ``num_perm``, which Gauss-Legendre
    quadrature with ``num_perm // 2 + 1`` points computes exactly; every candidate at once, one
    row of an array each (a loop over the 645 candidates of 128 permutations took 20 ms a start)."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    candidates = [(bands, rows) for bands in range(1, num_perm + 1) for rows in range(1, num_perm // bands + 1)]
    bands, rows = (np.array(column, dtype=float).reshape(-1, 1) for column in zip(*candidates))

    def integral(function, low: float, high: float) -> np.ndarray:
        points = (high - low) / 2 * nodes + (high + low) / 2
        return (high - low) / 2 * np.sum(weights * function(points), axis=1)

    def missed(s):   # probability that a pair of similarity s shares no band
        return (1 - s ** rows) ** bands

    error = 0.5 * integral(lambda s: 1 - missed(s), 0.0, threshold) + 0.5 * integral(missed, threshold, 1.0)
    return candidates[int(np.argmin(error))]   # the first of equal ones, as the loop kept it


class _BandTable:
    """Band hash -> article numbers, compact: sorted numpy arrays plus a small dict of recent entries.

    The dict costs ~100 bytes an entry against 16 in the arrays, so it is merged often
    (a merge of two sorted runs is linear): measured on 100,000 signatures, the index
    peaks at 31 MB merging every 8,192 entries, 98 MB every 65,536.
    """

    MERGE_EVERY = 8192

    def __init__(self):
        self.keys = np.empty(0, dtype=np.uint64)
        self.values = np.empty(0, dtype=np.int64)
        self.recent: dict[int, list[int]] = {}
        self.n_recent = 0

    def get(self, key: int) -> list[int]:
        found = list(self.recent.get(key, ()))
        if len(self.keys):   # empty until the first merge; and most keys are not there
            left = self.keys.searchsorted(key, side="left")
            if left < len(self.keys) and self.keys[left] == key:
                right = self.keys.searchsorted(key, side="right")
                found.extend(int(v) for v in self.values[left:right])
        return found

    def put(self, key: int, value: int) -> None:
        self.recent.setdefault(key, []).append(value)
        self.n_recent += 1
        if self.n_recent >= self.MERGE_EVERY:
            self._merge()

    def _merge(self) -> None:
        keys = np.fromiter((k for k, vs in self.recent.items() for _ in vs), dtype=np.uint64, count=self.n_recent)
        values = np.fromiter((v for vs in self.recent.values() for v in vs), dtype=np.int64, count=self.n_recent)
        keys, values = np.concatenate([self.keys, keys]), np.concatenate([self.values, values])
        order = np.argsort(keys, kind="stable")
        self.keys, self.values = keys[order], values[order]
        self.recent, self.n_recent = {}, 0


class DuplicateIndex:
    """The first copies seen so far, searchable by signature.

    RAM per first copy: the band tables (``bands`` x 16 bytes, 144 with the
    defaults) and its order key (24 bytes); its signature and doc_id go to an
    unnamed temporary file and are read back only for LSH candidates. A
    coordinator indexing a million articles holds about 170 MB.
    """

    ID_BYTES = 64

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM):
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands, self.rows = bands_for(threshold, num_perm)
        self.tables = [_BandTable() for _ in range(self.bands)]
        self._keys = np.empty(1024, dtype=np.int64)
        self._count = 0
        self._store = tempfile.TemporaryFile(prefix="tintrich-signatures-")
        self._record = num_perm * 4 + self.ID_BYTES
        self._last = (None, [])   # the last signature's bytes and band keys: a first copy is asked
        # for them twice in a row (first_of, then add)

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        self._store.close()

    def _band_keys(self, sig: np.ndarray) -> list[int]:
        data = np.ascontiguousarray(sig, dtype=np.uint32).tobytes()
        if data != self._last[0]:
            width = self.rows * 4   # bytes of a band's rows
            bands = (data[i * width:(i + 1) * width] for i in range(self.bands))
            self._last = (data, [int.from_bytes(hashlib.blake2b(band, digest_size=8).digest(), "little") for band in bands])
        return self._last[1]

    def _read(self, number: int) -> tuple[np.ndarray, str]:
        data = os.pread(self._store.fileno(), self._record, number * self._record)
        size = self.num_perm * 4
        return np.frombuffer(data[:size], dtype=np.uint32), data[size:].rstrip(b"\0").decode("utf-8")

    def candidates(self, sig: np.ndarray) -> set[int]:
        """Numbers of the indexed articles sharing at least one band with ``sig`` (the LSH query)."""
        found = set()
        for table, key in zip(self.tables, self._band_keys(sig)):
            found.update(table.get(key))
        return found

    def first_of(self, sig: np.ndarray, order_key: int) -> str | None:
        """doc_id of the earliest indexed article ``sig`` duplicates (similarity >= threshold), else None."""
        best, best_id = None, None
        for number in self.candidates(sig):
            other, doc_id = self._read(number)
            if similarity(sig, other) >= self.threshold:
                key = int(self._keys[number])
                if best is None or key < best:
                    best, best_id = key, doc_id
        return best_id

    def add(self, sig: np.ndarray, order_key: int, doc_id: str) -> None:
        """Index a first copy (``order_key``: its position in the run's input order)."""
        number = self._count
        encoded = doc_id.encode("utf-8")
        if len(encoded) > self.ID_BYTES:
            raise ValueError(f"doc_id longer than {self.ID_BYTES} bytes: {doc_id!r}")
        sig = np.ascontiguousarray(sig, dtype=np.uint32)
        os.pwrite(self._store.fileno(), sig.tobytes() + encoded.ljust(self.ID_BYTES, b"\0"), number * self._record)
        if number == len(self._keys):
            self._keys = np.concatenate([self._keys, np.empty_like(self._keys)])
        self._keys[number] = order_key
        self._count += 1
        for table, key in zip(self.tables, self._band_keys(sig)):
            table.put(key, number)
