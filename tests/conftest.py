from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed articles, by id (file stem)."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))}


@pytest.fixture(scope="session")
def nlp():
    import pipeline

    return pipeline.load()
