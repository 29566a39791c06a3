"""A model that cannot serve falls back to BM25, and says so once."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from ranking.rerank import ActiveModel


class FakeDb:
    """Answers the two lookups ActiveModel makes, for one stored model."""

    def __init__(self, row: Any) -> None:
        self.row = row

    def __enter__(self) -> FakeDb:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def scalar(self, _query: object) -> int:
        return int(self.row.id)

    def get(self, _model: object, _id: int) -> Any:
        return self.row


class Row:
    id = 5
    features = ("not", "our", "features")


def test_an_incompatible_active_model_serves_bm25_and_is_reported_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    active = ActiveModel(lambda: FakeDb(Row()))  # type: ignore[arg-type,return-value]
    caplog.set_level(logging.ERROR)
    for _ in range(3):
        active.state.forget()  # as if the promotion were announced again
        assert active.get() is None
    assert len([r for r in caplog.records if "cannot serve" in r.getMessage()]) == 1
