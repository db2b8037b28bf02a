"""What a run shows while it goes (a progress bar) and when it ends (a summary)."""
from __future__ import annotations

import sys
import time
from collections import Counter


def summary(started: float, statuses: Counter, rows: dict, skipped: int = 0, generation: int = 1,
            resumed: bool = False) -> dict:
    """The closing figures of a run (what the CLI prints)."""
    seconds = time.time() - started
    total = sum(statuses.values())
    return {"articles": total, "by_status": dict(statuses), "rows": rows, "skipped": skipped,
            "generation": generation, "resumed": resumed,
            "seconds": round(seconds, 2), "articles_per_s": round(total / seconds, 1) if seconds else None}


def progress_bar(enabled: bool):
    """A tqdm bar on stderr (only when stderr is a terminal)."""
    from tqdm import tqdm   # only when a run starts: not on `tintrich --help`

    return tqdm(unit=" articles", file=sys.stderr, disable=not enabled or not sys.stderr.isatty())
