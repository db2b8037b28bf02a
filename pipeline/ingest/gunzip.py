"""gzip read as a stream that keeps what a cut-off file holds, and stops gzip bombs.

    >>> stream = io.BufferedReader(Gunzip(open("scrape.jsonl.gz", "rb"), "scrape.jsonl.gz"))
    >>> lines = stream.readlines()          # every complete record before a cut
    >>> stream.raw.truncated                # True when the file ended before its gzip trailer

Python's ``gzip.GzipFile`` raises at a truncated end and loses what it had decompressed
of its last block; this reader hands out every byte zlib can recover, then ends the
stream and says it was cut. Several gzip members in one file are read one after another.
"""
from __future__ import annotations

import io
import zlib
from typing import BinaryIO

from pipeline.ingest.limits import InputTooLarge

#: compressed bytes read at a time
CHUNK = 64 * 1024
#: past this many bytes out, the ratio of out to in is checked
RATIO_AFTER = 2**20


class Gunzip(io.RawIOBase):
    """A read-only stream of the decompressed bytes of ``inner``, at most ``limit`` bytes and
    (past the first MiB) at most ``ratio`` times what was read."""

    def __init__(self, inner: BinaryIO, what: str, limit: int, ratio: float | None = None):
        self.inner, self.what, self.limit, self.ratio = inner, what, limit, ratio
        self.decompressor = zlib.decompressobj(wbits=31)
        self.pending = b""
        self.read_in = self.given_out = 0
        self.truncated = False
        self.finished = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending and not self.finished:
            self._decompress_more()
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        self.given_out += count
        self._check()
        return count

    def _decompress_more(self) -> None:
        data = self.decompressor.unconsumed_tail or self.inner.read(CHUNK)
        if not data:
            self.finished = True
            self.truncated = not self.decompressor.eof and (self.read_in > 0 or self.given_out > 0)
            if self.truncated:   # what zlib holds of the cut block
                self.pending += self.decompressor.flush()
            return
        if not self.decompressor.unconsumed_tail:
            self.read_in += len(data)
        self.pending += self.decompressor.decompress(data, CHUNK * 4)
        if self.decompressor.eof:   # the end of one member; another may follow
            rest = self.decompressor.unused_data
            self.decompressor = zlib.decompressobj(wbits=31)
            if rest.strip(b"\0"):
                self.pending += self.decompressor.decompress(rest, CHUNK * 4)
            else:   # zero padding after the last member
                self.finished = not self._next_member_starts()

    def _next_member_starts(self) -> bool:
        data = self.inner.read(CHUNK)
        if not data.strip(b"\0"):
            return False
        self.read_in += len(data)
        self.pending += self.decompressor.decompress(data, CHUNK * 4)
        return True

    def _check(self) -> None:
        if self.given_out > self.limit:
            raise InputTooLarge(f"{self.what} decompresses to more than {self.limit} bytes")
        if self.ratio and self.given_out > RATIO_AFTER and self.given_out > self.ratio * max(self.read_in, 1):
            raise InputTooLarge(f"{self.what} decompresses to more than {self.ratio:g} times its size (gzip bomb?)")
