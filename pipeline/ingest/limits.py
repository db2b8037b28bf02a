"""Reading with a size cap: one hostile input must not exhaust a worker (limits in :mod:`pipeline.settings`)."""
from __future__ import annotations


class InputTooLarge(Exception):
    """An input (or what it decompresses to) is over a configured limit."""


def read_capped(stream, limit: int, what: str) -> bytes:
    """Read a whole stream, refusing more than ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"{what} is larger than the limit of {limit} bytes")
    return data
