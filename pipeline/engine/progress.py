"""What a run shows while it goes (a progress bar) and when it ends (a summary)."""
from __future__ import annotations

import sys
import time
from collections import Counter


def summary(started: float, statuses: Counter, rows: dict, skipped: dict | None = None, generation: int = 1,
            resumed: bool = False, reused: int = 0, new_copies: int = 0) -> dict:
    """The closing figures of a run (what the CLI prints): ``articles`` and ``by_status`` count
    every article of the inputs (in articles.csv); ``reused`` those an earlier run had written;
    ``new_copies`` those newly found to be a copy of an article before them in the input order
    (a new input scraped again, or an older article a new one now comes before): not processed;
    ``processed`` the others; ``skipped`` the files not read and the inputs met twice, by reason."""
    seconds = time.time() - started
    total = sum(statuses.values())
    processed = total - reused - new_copies
    return {"articles": total, "by_status": dict(statuses), "rows": rows, "skipped": dict(skipped or {}),
            "reused": reused, "new_copies": new_copies, "processed": processed, "generation": generation,
            "resumed": resumed,
            "seconds": round(seconds, 2), "articles_per_s": round(processed / seconds, 1) if seconds else None}


def progress_bar(enabled: bool):
    """A tqdm bar on stderr (only when stderr is a terminal)."""
    from tqdm import tqdm   # only when a run starts: not on `tintrich --help`

    return tqdm(unit=" articles", file=sys.stderr, disable=not enabled or not sys.stderr.isatty())
