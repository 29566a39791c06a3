"""Labels from logged behaviour: the cascade click model over what search really showed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from elasticsearch import Elasticsearch
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from ranking.behaviour import build_from_behaviour, logged_searches
from ranking.features import FEATURES
from search_service.app import create_app
from tests.fixtures.accounts import Browser, reset_accounts

pytestmark = pytest.mark.clock


@pytest.fixture(scope="module")
def app(settings: Settings, indexed_catalog: int) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):
        yield application


def test_every_shown_result_is_graded_in_the_order_shown(
    app: FastAPI,
    engine: Engine,
    redis_client: Redis,
    es: Elasticsearch,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    b = Browser(app)
    page = b.get("/api/search", params={"q": "laptop", "size": 6}).json()
    shown = [hit["product_id"] for hit in page["results"]]
    now = datetime.now(UTC).isoformat()
    base = {"timestamp": now, "query_id": page["query_id"]}
    events = [
        {
            **base,
            "client_event_id": "imp",
            "type": "impression",
            "items": [{"product_id": pid, "position": n + 1} for n, pid in enumerate(shown)],
        },
        {**base, "client_event_id": "c1", "type": "click", "product_id": shown[1], "position": 2},
        {**base, "client_event_id": "c2", "type": "click", "product_id": shown[3], "position": 4},
        {
            **base,
            "client_event_id": "cart",
            "type": "add_to_cart",
            "product_id": shown[3],
            "quantity": 1,
        },
    ]
    assert b.post("/api/events/batch", {"events": events}).json()["accepted"] == 4
    with session_factory() as db:
        [search] = [s for s in logged_searches(db) if s.query_id == page["query_id"]]
        assert search.grades == {pid: 0 for pid in shown} | {shown[1]: 1, shown[3]: 2}
        [cascade] = [s for s in logged_searches(db, cascade=True) if s.query_id == search.query_id]
        assert cascade.grades == {shown[0]: 0, shown[1]: 1, shown[2]: 0, shown[3]: 2}
        [case] = build_from_behaviour(db, es, settings.products_alias, [search], k=50)
    assert [int(s) for s in case.skus] == shown  # in the order shown, for position debiasing
    assert all(len(row) == len(FEATURES) for row in case.features)
    assert case.grades == [0, 1, 0, 2, 0, 0]
