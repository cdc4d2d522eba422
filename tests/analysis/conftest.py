"""Fixtures shared by the analysis tests."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The third-party reference corpus, read in place (never copied into the repository)."""
    corpus = CORPUS.resolve()
    if not corpus.is_dir() or not any(corpus.glob("*.txt")):
        pytest.skip(f"reference corpus not found at {corpus}")
    return corpus
