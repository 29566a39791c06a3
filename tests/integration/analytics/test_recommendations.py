"""Signals computed from real events and orders, and the recommendations served from them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from behaviour.signals import click_through, refresh_signals
from core.settings import Settings
from indexer.outbox import sync_until_empty
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts


@pytest.fixture(scope="module")
def app(settings: Settings, indexed_catalog: int) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture(scope="module")
def stocked(engine: Engine, indexed_catalog: int) -> list[dict[str, Any]]:
    """Products in stock, grouped so one type and one brand dominate the first few."""
    with engine.connect() as connection:
        rows = (
            connection.execute(
                text(
                    "SELECT id, brand, product_type FROM products WHERE stock > 5 AND price IS NOT NULL "
                    "AND product_type IS NOT NULL ORDER BY product_type, id LIMIT 40"
                )
            )
            .mappings()
            .all()
        )
    return [dict(row) for row in rows]


def view(b: Browser, *product_ids: int) -> None:
    events = [
        {
            "client_event_id": uuid.uuid4().hex,
            "type": "product_view",
            "timestamp": datetime.now(UTC).isoformat(),
            "product_id": pid,
        }
        for pid in product_ids
    ]
    assert b.post("/api/events/batch", {"events": events}).json()["accepted"] == len(events)


def ids(body: dict[str, Any]) -> list[int]:
    return [item["product_id"] for item in body["items"]]


@pytest.fixture()
def clean(engine: Engine, redis_client: Redis) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE orders, order_items, events RESTART IDENTITY"))


def test_signals_drive_similar_bought_together_and_trending(
    app: FastAPI,
    clean: None,
    stocked: list[dict[str, Any]],
    engine: Engine,
    redis_client: Redis,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    p = [row["id"] for row in stocked]
    view(Browser(app), p[0], p[1])
    view(Browser(app), p[0], p[2])
    view(Browser(app), p[0], p[1])
    for _ in range(12):  # 12 views outweigh p[0]'s 3 views and one purchase (8)
        view(Browser(app), p[5])
    make_user(session_factory, settings, "buyer@example.com")
    buyer = Browser(app)
    buyer.sign_in("buyer@example.com")
    for product_id in (p[0], p[3]):
        buyer.send("PUT", f"/api/cart/items/{product_id}", {"quantity": 1})
    assert buyer.post("/api/orders", {}).status_code == 201
    counts = refresh_signals(engine, redis_client)
    assert counts["co_viewed_pairs"] >= 4 and counts["co_bought_pairs"] == 2

    similar = buyer.get(f"/api/recommendations/similar/{p[0]}").json()
    assert similar["source"] == "co-viewed" and ids(similar)[:2] == [p[1], p[2]]
    assert p[0] not in ids(similar) and len(ids(similar)) == 8  # topped up by content
    lonely = buyer.get(f"/api/recommendations/similar/{p[20]}").json()
    assert lonely["source"] == "content" and lonely["items"] and p[20] not in ids(lonely)
    together = buyer.get(f"/api/recommendations/bought-together/{p[0]}").json()
    assert ids(together) == [p[3]]
    trending = buyer.get("/api/recommendations/trending").json()
    assert trending["source"] == "trending" and ids(trending)[0] == p[5]
    of_type = buyer.get(
        "/api/recommendations/trending", params={"type": stocked[5]["product_type"]}
    ).json()
    assert ids(of_type)[0] == p[5]


def test_shelves_leave_out_what_cannot_be_bought(
    app: FastAPI,
    clean: None,
    stocked: list[dict[str, Any]],
    engine: Engine,
    redis_client: Redis,
) -> None:
    sold_out, next_best = stocked[6]["id"], stocked[7]["id"]
    shopper = Browser(app)
    for _ in range(12):
        view(Browser(app), sold_out)
    for _ in range(6):
        view(Browser(app), next_best)
    shopper.get(f"/api/products/{sold_out}")
    refresh_signals(engine, redis_client)
    assert ids(shopper.get("/api/recommendations/trending").json())[0] == sold_out
    with engine.begin() as connection:
        before = connection.execute(
            text("SELECT stock FROM products WHERE id = :id"), {"id": sold_out}
        ).scalar()
        connection.execute(text("UPDATE products SET stock = 0 WHERE id = :id"), {"id": sold_out})
    try:
        trending = shopper.get("/api/recommendations/trending").json()
        assert sold_out not in ids(trending) and ids(trending)[0] == next_best
        assert all(item["in_stock"] for item in trending["items"])
        # The shopper's own history is shown as it is, marked out of stock.
        recent = shopper.get("/api/recommendations/recently-viewed").json()["items"]
        assert [(i["product_id"], i["stock_label"]) for i in recent] == [(sold_out, "Out of stock")]
    finally:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE products SET stock = :s WHERE id = :id"), {"s": before, "id": sold_out}
            )


def test_for_you_is_personal_with_fallbacks(
    app: FastAPI,
    clean: None,
    stocked: list[dict[str, Any]],
    engine: Engine,
    redis_client: Redis,
) -> None:
    newcomer = Browser(app).get("/api/recommendations/for-you").json()
    assert newcomer["source"] in ("trending", "best-rated") and newcomer["items"]
    fan = Browser(app)
    liked_type = stocked[0]["product_type"]
    view(fan, *[row["id"] for row in stocked if row["product_type"] == liked_type][:4])
    picks = fan.get("/api/recommendations/for-you").json()
    assert picks["items"], picks
    if picks["source"] == "personal":
        types = [item["product_type"] for item in picks["items"]]
        assert types.count(liked_type) >= len(types) // 2
    else:  # too few matches in the band: trending in the favourite type
        assert picks["source"] in (f"trending:{liked_type}", "best-rated")


def test_recently_viewed_follows_the_product_pages(
    app: FastAPI, clean: None, stocked: list[dict[str, Any]]
) -> None:
    b = Browser(app)
    for row in stocked[:3]:
        b.get(f"/api/products/{row['id']}")
    recent = b.get("/api/recommendations/recently-viewed").json()
    assert ids(recent) == [row["id"] for row in reversed(stocked[:3])]


def test_popularity_reaches_search_through_the_outbox(
    app: FastAPI,
    clean: None,
    stocked: list[dict[str, Any]],
    engine: Engine,
    redis_client: Redis,
    es: Elasticsearch,
    settings: Settings,
) -> None:
    favourite = stocked[7]["id"]
    for _ in range(5):
        view(Browser(app), favourite)
    assert refresh_signals(engine, redis_client)["popularity_changed"] >= 1
    assert refresh_signals(engine, redis_client)["popularity_changed"] == 0  # nothing moved
    sync_until_empty(engine=engine, es=es, alias=settings.products_alias)
    es.indices.refresh(index=settings.products_alias)
    assert es.get(index=settings.products_alias, id=str(favourite))["_source"]["popularity"] == 5.0
    popular = Browser(app).get("/api/search", params={"sort": "popular", "size": 3}).json()
    assert popular["results"][0]["product_id"] == favourite
    browse = Browser(app).get("/api/search", params={"size": 3}).json()
    assert browse["results"][0]["product_id"] == favourite


def test_click_through_rates_are_smoothed_per_product_and_per_query(
    app: FastAPI, clean: None, engine: Engine, redis_client: Redis
) -> None:
    b = Browser(app)
    page = b.get("/api/search", params={"q": "laptop", "size": 5}).json()
    shown = [hit["product_id"] for hit in page["results"]]
    now = datetime.now(UTC).isoformat()
    events = [
        {
            "client_event_id": "imp",
            "type": "impression",
            "timestamp": now,
            "query_id": page["query_id"],
            "items": [{"product_id": pid, "position": n + 1} for n, pid in enumerate(shown)],
        },
        {
            "client_event_id": "clk",
            "type": "click",
            "timestamp": now,
            "query_id": page["query_id"],
            "product_id": shown[0],
            "position": 1,
        },
    ]
    assert b.post("/api/events/batch", {"events": events}).json()["accepted"] == 2
    refresh_signals(engine, redis_client)
    chosen = click_through(redis_client, shown[0], "Laptop")
    ignored = click_through(redis_client, shown[1], "laptop")
    assert chosen is not None and ignored is not None
    # One click in one showing is evidence, not certainty: well below 1, above the others.
    assert ignored < chosen < 0.5
    assert click_through(redis_client, shown[0]) == chosen  # all of its showings were for laptop
    assert click_through(redis_client, shown[0], "phone") is None
