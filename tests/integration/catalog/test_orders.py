"""Checkout over the real Postgres: stock taken in the same transaction, or nothing at all."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user
from tests.fixtures.shop import open_shop


@pytest.fixture(scope="module")
def app(settings: Settings, engine: Engine) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture()
def stocked(
    engine: Engine, session_factory: sessionmaker[Session], redis_client: Redis
) -> dict[str, int]:
    return open_shop(
        engine,
        session_factory,
        redis_client,
        [("A", "Acme kettle", "20.00", 3), ("B", "Acme toaster", "35.50", 1)],
    )


def stock(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT sku, stock FROM products")).all())  # type: ignore[arg-type]


def shopper(
    app: FastAPI,
    session_factory: sessionmaker[Session],
    settings: Settings,
    email: str = "ann@example.com",
) -> Browser:
    make_user(session_factory, settings, email)
    b = Browser(app)
    b.sign_in(email)
    return b


def test_checkout_takes_the_stock_and_empties_the_cart(
    app: FastAPI,
    stocked: dict[str, int],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    b = shopper(app, session_factory, settings)
    b.send("PUT", f"/api/cart/items/{stocked['A']}", {"quantity": 2})
    b.send("PUT", f"/api/cart/items/{stocked['B']}", {"quantity": 1})
    placed = b.post("/api/orders", {})
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["total"] == "75.50" and [i["quantity"] for i in order["items"]] == [2, 1]
    assert stock(engine) == {"A": 1, "B": 0}
    assert b.get("/api/cart").json()["items"] == []
    assert [o["id"] for o in b.get("/api/orders").json()] == [order["id"]]
    with engine.connect() as connection:  # the stock change reaches search through the outbox
        assert (
            connection.execute(
                text(
                    "SELECT count(*) FROM index_outbox WHERE processed_at IS NULL "
                    "AND product_id = :id"
                ),
                {"id": stocked["B"]},
            ).scalar()
            >= 1
        )


def test_short_stock_refuses_the_whole_order(
    app: FastAPI,
    stocked: dict[str, int],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    b = shopper(app, session_factory, settings)
    b.send("PUT", f"/api/cart/items/{stocked['A']}", {"quantity": 1})
    b.send("PUT", f"/api/cart/items/{stocked['B']}", {"quantity": 1})
    with engine.begin() as connection:  # sold elsewhere after it went into the cart
        connection.execute(text("UPDATE products SET stock = 0 WHERE sku = 'B'"))
    refused = b.post("/api/orders", {})
    assert refused.status_code == 409
    assert refused.json()["detail"][0]["msg"] == (
        "Acme toaster is out of stock. Nothing was ordered; your cart is unchanged."
    )
    assert stock(engine) == {"A": 3, "B": 0}  # nothing was taken
    assert len(b.get("/api/cart").json()["items"]) == 2  # the cart is intact
    assert b.get("/api/orders").json() == []


def test_two_shoppers_racing_for_the_last_item(
    app: FastAPI,
    stocked: dict[str, int],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    buyers = [shopper(app, session_factory, settings, f"b{n}@example.com") for n in range(2)]
    for b in buyers:
        b.send("PUT", f"/api/cart/items/{stocked['B']}", {"quantity": 1})
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda b=b: results.append(b.post("/api/orders", {}).status_code))
        for b in buyers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201, 409]
    assert stock(engine)["B"] == 0


def test_checkout_needs_an_account_and_a_cart(
    app: FastAPI,
    stocked: dict[str, int],
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    anonymous = Browser(app)
    anonymous.send("PUT", f"/api/cart/items/{stocked['A']}", {"quantity": 1})
    assert anonymous.post("/api/orders", {}).status_code == 401
    b = shopper(app, session_factory, settings)
    empty = b.post("/api/orders", {})
    assert empty.status_code == 422 and "cart is empty" in empty.text
    assert b.get("/api/orders/12345").status_code == 404


@pytest.mark.clock
def test_checkout_records_purchases_credited_to_the_search_behind_them(
    app: FastAPI,
    stocked: dict[str, int],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    b = shopper(app, session_factory, settings)
    search_id = "6f1c8e8e-0000-4000-8000-000000000001"
    added = {
        "client_event_id": "cart-1",
        "type": "add_to_cart",
        "timestamp": datetime.now(UTC).isoformat(),
        "query_id": search_id,
        "product_id": stocked["A"],
        "quantity": 2,
    }
    with engine.begin() as connection:  # the search the shopper came from (events must match)
        connection.execute(
            text(
                "INSERT INTO served_queries "
                '(query_id, user_id, query, sort, "offset", total, product_ids) '
                "VALUES (:q, (SELECT id FROM users WHERE email = 'ann@example.com'), "
                "'kettle', 'relevance', 0, 1, ARRAY[:p]::bigint[])"
            ),
            {"q": search_id, "p": stocked["A"]},
        )
    assert b.post("/api/events/batch", {"events": [added]}).status_code in (200, 202)
    b.send("PUT", f"/api/cart/items/{stocked['A']}", {"quantity": 2})
    b.send("PUT", f"/api/cart/items/{stocked['B']}", {"quantity": 1})
    order = b.post("/api/orders", {}).json()
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT product_id, query_id::text, quantity, attributes FROM events "
                "WHERE event_type = 'purchase' ORDER BY product_id"
            )
        ).all()
    assert [(r[0], r[1], r[2], r[3]["price"], r[3]["order_id"]) for r in rows] == [
        (stocked["A"], search_id, 2, 20.0, order["id"]),
        (stocked["B"], None, 1, 35.5, order["id"]),  # bought without a search: no credit
    ]
