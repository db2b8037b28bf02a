"""Which files an input names: directories recursively, globs expanded, in a stable order."""
from __future__ import annotations

import glob
import os
from typing import Iterable, Iterator


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Paths to read, in a stable order: directories recursively, globs expanded."""
    for item in inputs:
        if item == "-":
            yield "-"
        elif os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs.sort()
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        elif glob.has_magic(item):
            matched = sorted(glob.glob(item, recursive=True))
            yield from (path for path in matched if os.path.isfile(path))
            if not matched:
                yield item  # reported as a missing input
        else:
            yield item
