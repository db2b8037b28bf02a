"""The time one article may take, counted in CPU seconds of its own thread.

A worker on a busy machine, a Dask worker thread and a local worker process all count the
same way, so the same article meets the same limit anywhere. The engine opens a budget per
article (:func:`article_budget`); the pipeline calls :func:`checkpoint` between components
and inside its long loops, which raises :class:`ArticleTimeout` once the budget is spent:

    with article_budget(60):
        for component in components:
            component(doc)
            checkpoint()
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar


class ArticleTimeout(Exception):
    """An article used more CPU time than its budget (``TINTRICH_ARTICLE_TIMEOUT``)."""


class Budget:
    """``seconds`` of CPU time of the thread that opens it (0: no limit).

    Reading a thread's CPU time is a system call (about 0.7 us), and an article passes some
    eighty checkpoints: :meth:`check` reads the monotonic clock first (about 0.06 us, no system
    call), since a thread cannot have used more CPU time than the time that has passed; only
    once that is more than the budget is the CPU time read. The same articles time out."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.opened = time.monotonic()   # read first: at least as much time has passed since as CPU time was used
        self.started = time.thread_time()

    def spent(self) -> float:
        return time.thread_time() - self.started

    def check(self) -> None:
        if self.seconds and time.monotonic() - self.opened > self.seconds and self.spent() > self.seconds:
            raise ArticleTimeout(f"article used more than {self.seconds:g} s of CPU time")


_current: ContextVar[Budget | None] = ContextVar("tintrich_article_budget", default=None)


@contextmanager
def article_budget(seconds: float):
    """A CPU-time budget for the code in this block (0: none)."""
    budget = Budget(seconds)
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def checkpoint() -> None:
    """Raise :class:`ArticleTimeout` if the current article's budget is spent (else nothing)."""
    budget = _current.get()
    if budget is not None:
        budget.check()
