"""Credit that follows the shopper: an anonymous search and add-to-cart, then sign-in and
checkout, on the real stack; the rollups and the experiment results credit the search."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from analytics.rollups import roll_up
from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts
from tests.integration.analytics.test_reports import reset_analytics

# Only the tests that read the app's clock alone are marked `clock` (run again a year ahead,
# see the Makefile): the others compare it with Postgres' now() (served_at, received_at),
# which faketime does not move.


@pytest.fixture(scope="module")
def app(indexed_catalog: int, settings: Settings) -> Iterator[FastAPI]:
    """Serve the real app over the indexed catalog."""
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture()
def merchandiser(
    app: FastAPI,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    redis_client: Redis,
) -> Browser:
    """A signed-in merchandiser; no behaviour, orders or experiments yet."""
    reset_accounts(engine)
    reset_analytics(engine)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE orders, order_items RESTART IDENTITY"))
    redis_client.flushdb()
    make_user(session_factory, settings, "merch@example.com", role=Role.MERCHANDISER)
    browser = Browser(app)
    assert browser.sign_in("merch@example.com").status_code == 200
    return browser


def search_and_cart(shopper: Browser, q: str) -> tuple[str, dict[str, Any]]:
    """Search anonymously, add the first priced result to the cart; return (query_id, hit)."""
    found = shopper.get("/api/search", params={"q": q})
    assert found.status_code == 200, found.text
    body = found.json()
    # Two go into the cart, so at least two must be left (the cart refuses more than the stock).
    hit = next(
        h
        for h in body["results"]
        if h["price"] is not None and h["in_stock"] and (h["stock_left"] or 2) >= 2
    )
    added = {
        "client_event_id": "cart-1",
        "type": "add_to_cart",
        "timestamp": datetime.now(UTC).isoformat(),
        "query_id": body["query_id"],
        "product_id": hit["product_id"],
        "quantity": 2,
    }
    assert shopper.post("/api/events/batch", {"events": [added]}).status_code in (200, 202)
    cart = shopper.send("PUT", f"/api/cart/items/{hit['product_id']}", {"quantity": 2})
    assert cart.status_code == 200, cart.text
    return str(body["query_id"]), hit


def test_a_checkout_after_sign_in_credits_the_anonymous_search(
    app: FastAPI,
    merchandiser: Browser,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    experiment = merchandiser.post(
        "/api/experiments",
        {
            "name": "credit",
            "arms": [{"name": "A", "ranking": "bm25"}, {"name": "B", "ranking": "ltr"}],
        },
    ).json()
    assert merchandiser.post(f"/api/experiments/{experiment['id']}/start").status_code == 200
    shopper = Browser(app)
    query_id, hit = search_and_cart(shopper, "laptop")
    make_user(session_factory, settings, "ann@example.com")
    assert shopper.sign_in("ann@example.com").status_code == 200
    placed = shopper.post("/api/orders", {})
    assert placed.status_code == 201, placed.text
    with engine.connect() as connection:
        credited = connection.execute(
            text("SELECT query_id::text FROM events WHERE event_type = 'purchase'")
        ).scalar_one()
        arm = connection.execute(
            text("SELECT arm FROM served_queries WHERE query_id = :q"), {"q": query_id}
        ).scalar_one()
    assert credited == query_id  # the purchase names the search made before sign-in
    revenue = 2 * hit["price"]

    roll_up(engine)
    report = merchandiser.get("/api/analytics/report").json()
    assert report["overall"]["searches"] == 1
    assert report["overall"]["conversion_rate"] == 1.0
    assert report["overall"]["revenue_per_search"] == pytest.approx(revenue)
    detail = merchandiser.get("/api/analytics/query", params={"q": "laptop"}).json()
    assert detail["conversion_rate"] == 1.0

    results = merchandiser.get(f"/api/experiments/{experiment['id']}/results").json()
    figures = {a["arm"]: a for a in results["arms"]}
    assert figures[arm]["searches"] == 1
    assert figures[arm]["conversion_rate"] == 1.0
    assert figures[arm]["revenue_per_search"] == pytest.approx(revenue)


@pytest.mark.clock
def test_a_shared_browser_keeps_the_first_accounts_events_theirs(
    app: FastAPI,
    merchandiser: Browser,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    shopper = Browser(app)
    make_user(session_factory, settings, "ann@example.com")
    make_user(session_factory, settings, "bob@example.com")
    first_search, _ = search_and_cart(shopper, "laptop")
    assert shopper.sign_in("ann@example.com").status_code == 200
    assert shopper.post("/api/auth/sign-out").status_code == 200
    shopper.refresh()
    assert shopper.sign_in("bob@example.com").status_code == 200
    with engine.connect() as connection:
        owners = (
            connection.execute(
                text(
                    "SELECT u.email FROM events e JOIN users u ON u.id = e.user_id "
                    "WHERE e.query_id = :q"
                ),
                {"q": first_search},
            )
            .scalars()
            .all()
        )
    assert owners == ["ann@example.com"]  # bob's sign-in claims only what nobody claimed
