"""A model that cannot serve falls back to BM25, and says so once."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from ranking.rerank import ActiveModel, announce_active


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


class Registry:
    """The active model id, as the registry keeps it; promotions change it."""

    def __init__(self, active: int) -> None:
        self.active = active

    def session(self) -> FakeDb:
        row = type("Row", (), {"id": self.active, "features": ()})()
        return FakeDb(row)


class FakeRedis:
    """The keys announcements write."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    def set(self, key: str, value: str) -> None:
        self.values[key] = value


def test_a_promotion_applies_on_the_next_search(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[int] = []

    def servable(row: Any) -> Any:
        loaded.append(row.id)
        return type("Reranker", (), {"model_id": row.id})()

    monkeypatch.setattr("ranking.rerank.servable", servable)
    registry, redis = Registry(active=1), FakeRedis()
    active = ActiveModel(registry.session, redis)  # type: ignore[arg-type]
    assert active.get().model_id == 1  # type: ignore[union-attr]
    assert active.get().model_id == 1 and loaded == [1]  # type: ignore[union-attr]
    registry.active = 2  # promoted in Postgres ...
    assert active.get().model_id == 1  # type: ignore[union-attr]  # ... not yet announced
    announce_active(redis)  # type: ignore[arg-type]
    assert active.get().model_id == 2 and loaded == [1, 2]  # type: ignore[union-attr]
