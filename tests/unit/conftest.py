"""Unit tests run without the sentence encoder unless a test asks for it."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _lexical_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep unit tests off the encoder (seconds to load; their fake hits carry no vectors)."""
    monkeypatch.setattr("retrieval.candidates.query_vector", lambda q: None)
