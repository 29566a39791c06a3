"""Shopper profiles: updated in Redis as events arrive, equal to a rebuild from Postgres."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from behaviour import profiles
from behaviour.models import Event
from core.settings import Settings
from ranking.context import FeatureContext
from ranking.features import FEATURES, feature_matrix
from search_service.app import create_app
from tests.fixtures.accounts import Browser, reset_accounts

pytestmark = pytest.mark.clock


@pytest.fixture(scope="module")
def app(settings: Settings, indexed_catalog: int) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):
        yield application


def products(engine: Engine, n: int) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = (
            connection.execute(
                text(
                    "SELECT id, brand, product_type, price FROM products WHERE price IS NOT NULL "
                    "AND brand IS NOT NULL ORDER BY id LIMIT :n"
                ),
                {"n": n},
            )
            .mappings()
            .all()
        )
    return [dict(row) for row in rows]


def test_the_live_profile_equals_a_rebuild_and_feeds_the_shopper_features(
    app: FastAPI, engine: Engine, redis_client: Redis, session_factory: sessionmaker[Session]
) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    picked = products(engine, 4)
    b = Browser(app)
    start = datetime.now(UTC) - timedelta(hours=1)
    kinds = ["product_view", "product_view", "add_to_cart", "product_view", "product_view"]
    targets = [picked[0], picked[1], picked[1], picked[2], picked[0]]
    events = [
        {
            "client_event_id": f"p{n}",
            "type": kind,
            "product_id": target["id"],
            "timestamp": (start + timedelta(minutes=n)).isoformat(),
            **({"quantity": 1} if kind == "add_to_cart" else {}),
        }
        for n, (kind, target) in enumerate(zip(kinds, targets, strict=True))
    ]
    page = b.get("/api/search", params={"q": "laptop", "size": 5}).json()
    assert page["results"], page
    events.append(
        {
            "client_event_id": "p-shown",
            "type": "impression",
            "query_id": page["query_id"],
            # After its search (served just now): an event may not predate the search it names.
            "timestamp": datetime.now(UTC).isoformat(),
            "items": [
                {"product_id": hit["product_id"], "position": n}
                for n, hit in enumerate(page["results"], start=1)
            ],
        }
    )
    answer = b.post("/api/events/batch", {"events": events}).json()
    assert answer["accepted"] == 6, answer
    b.post("/api/events/batch", {"events": events})  # a retry must not count twice
    anonymous = b.refresh()["anonymous_id"]
    live = profiles.load(redis_client, f"a:{anonymous}")
    with session_factory() as db:
        rebuilt = profiles.rebuild(db, Event.anonymous_id == anonymous)
    assert live is not None and live == rebuilt
    assert live.viewed == [picked[0]["id"], picked[2]["id"], picked[1]["id"]]
    assert live.carted == [picked[1]["id"]]
    assert live.brands[picked[1]["brand"]] >= 4.0  # a view (1) and an add-to-cart (3)
    # What search showed is counted apart from interest: per brand and price band.
    assert live.shown == len(page["results"]) and live.interest == 7.0
    assert sum(live.shown_bands.values()) == sum(
        1 for h in page["results"] if h["price"] is not None
    )
    # Session context: the five acts, newest first, all within the half hour before the last.
    assert [act.at for act in live.session] == [
        (start + timedelta(minutes=n)).timestamp() for n in reversed(range(5))
    ]
    assert len(live.session_at(start + timedelta(minutes=30))) == 5

    hits = [
        {
            "_score": 1.0,
            "matched_queries": {},
            "_source": {
                "product_id": p["id"],
                "brand": p["brand"],
                "product_type": p["product_type"],
                "price": float(p["price"]),
            },
        }
        for p in picked
    ]
    rows = feature_matrix(
        hits, "anything", FeatureContext(at=start + timedelta(minutes=5), profile=live)
    )
    named = [dict(zip(FEATURES, row, strict=True)) for row in rows]
    assert named[1]["carted_item"] == 1.0 and named[0]["viewed_item"] == 1.0
    assert named[3]["viewed_item"] == 0.0 and named[1]["brand_affinity"] > 0
    assert 0.0 < named[0]["price_fit"] <= 1.0
    assert named[1]["brand_uptake"] > 0 and named[1]["price_uptake"] > 0
    assert named[0]["session_acts"] == 5.0
    assert named[0]["session_type_share"] >= 2 / 5  # picked[0] was seen twice
    anonymous_rows = feature_matrix(hits, "anything", FeatureContext(at=datetime.now(UTC)))
    assert math.isnan(dict(zip(FEATURES, anonymous_rows[0], strict=True))["price_fit"])
