"""Forged events over the real stack: each is refused or neutralised, and checkout keeps working."""

from __future__ import annotations

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

from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts

# Only the tests that read the app's clock alone are marked `clock` (run again a year ahead,
# see the Makefile): the others compare it with Postgres' now() (served_at, received_at),
# which faketime does not move.


@pytest.fixture(scope="module")
def app(settings: Settings, indexed_catalog: int) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture()
def fresh(engine: Engine, redis_client: Redis[str]) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE orders, order_items, events RESTART IDENTITY"))


def at(delta: timedelta = timedelta(0)) -> str:
    return (datetime.now(UTC) + delta).isoformat()


def search(b: Browser, q: str = "laptop") -> dict[str, Any]:
    response = b.get("/api/search", params={"q": q, "size": 5})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def click(query: dict[str, Any], event_id: str, position: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "client_event_id": event_id,
        "type": "click",
        "timestamp": at(),
        "query_id": query["query_id"],
        "product_id": query["results"][position - 1]["product_id"],
        "position": position,
        **extra,
    }


def sellable(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT id FROM products WHERE active AND price IS NOT NULL "
                    "AND (stock IS NULL OR stock > 50) ORDER BY id LIMIT 1"
                )
            ).scalar_one()
        )


@pytest.mark.clock
def test_claimed_order_ids_do_not_block_checkout(
    app: FastAPI,
    fresh: None,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    product = sellable(engine)
    attacker = Browser(app)
    claims = [
        {
            "client_event_id": f"order-{n}",
            "type": "product_view",
            "timestamp": at(),
            "product_id": product,
        }
        for n in range(1, 21)
    ]
    attacker.post("/api/events/batch", {"events": claims})
    make_user(session_factory, settings, "ann@example.com")
    ann = Browser(app)
    ann.sign_in("ann@example.com")
    for _ in range(3):
        ann.send("PUT", f"/api/cart/items/{product}", {"quantity": 1})
        placed = ann.post("/api/orders", {})
        assert placed.status_code == 201, placed.text
    with engine.connect() as connection:
        purchases = connection.execute(
            text("SELECT count(*) FROM events WHERE event_type = 'purchase'")
        ).scalar_one()
    assert purchases == 3


@pytest.mark.clock
def test_clients_cannot_report_purchases_or_prices(
    app: FastAPI, fresh: None, engine: Engine
) -> None:
    b = Browser(app)
    product = sellable(engine)
    bought = {
        "client_event_id": "buy-1",
        "type": "purchase",
        "timestamp": at(),
        "product_id": product,
        "quantity": 1,
        "attributes": {"price": 999999},
    }
    refused = b.post("/api/events", bought)
    assert refused.status_code == 422
    assert "purchases are recorded by the server at checkout" in refused.text
    priced = {**bought, "client_event_id": "view-1", "type": "product_view"}
    batch = b.post("/api/events/batch", {"events": [priced]})
    assert batch.status_code == 422 and "price are server facts" in batch.text
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM events")).scalar_one() == 0


@pytest.mark.clock
def test_a_click_on_another_shoppers_search_is_refused(app: FastAPI, fresh: None) -> None:
    ann, eve = Browser(app), Browser(app)
    query = search(ann)
    stolen = eve.post("/api/events", click(query, "eve-1"))
    assert stolen.status_code == 422
    assert f"query {query['query_id']} was served to another shopper" in stolen.text
    assert ann.post("/api/events", click(query, "ann-1")).status_code == 202


def test_an_event_dated_before_its_search_is_refused(app: FastAPI, fresh: None) -> None:
    b = Browser(app)
    query = search(b)
    early = click(query, "early-1", timestamp=at(-timedelta(hours=1)))
    answer = b.post("/api/events", early)
    assert answer.status_code == 422 and "before the search it names" in answer.text
    # A client clock a little behind the server's is still fine.
    slow_clock = click(query, "early-2", timestamp=at(-timedelta(minutes=1)))
    assert b.post("/api/events", slow_clock).status_code == 202


def test_a_replayed_click_counts_once(app: FastAPI, fresh: None, engine: Engine) -> None:
    b = Browser(app)
    query = search(b)
    replays = [click(query, f"replay-{n}") for n in range(10)]
    first = b.post("/api/events/batch", {"events": replays[:4]}).json()
    assert (first["accepted"], first["duplicates"]) == (1, 3)
    later = b.post("/api/events/batch", {"events": replays[4:]})
    assert later.status_code == 202  # not an error: a repeat, ignored
    assert (later.json()["accepted"], later.json()["duplicates"]) == (0, 6)
    other = b.post("/api/events", click(query, "second-result", position=2)).json()
    assert other["accepted"] == 1  # a different product of the same search still counts
    with engine.connect() as connection:
        clicks = connection.execute(
            text("SELECT count(*) FROM events WHERE query_id = :q AND event_type = 'click'"),
            {"q": query["query_id"]},
        ).scalar_one()
    assert clicks == 2


@pytest.mark.clock
def test_oversized_requests_are_413_naming_the_limit(app: FastAPI, fresh: None) -> None:
    b = Browser(app)
    query = search(b)
    long_value = click(query, "long-1", attributes={"note": "x" * 100_000})
    answer = b.post("/api/events", long_value)
    assert answer.status_code == 413, answer.text
    assert "attribute 'note' is 100000 characters; the limit is 200" in answer.text
    items = [{"product_id": 1, "position": n + 1} for n in range(100)]
    impressions = [
        {
            "client_event_id": f"imp-{n}",
            "type": "impression",
            "timestamp": at(),
            "query_id": query["query_id"],
            "items": items,
        }
        for n in range(11)
    ]
    rows = b.post("/api/events/batch", {"events": impressions})
    assert rows.status_code == 413 and "1100 product rows" in rows.text
    assert "the limit is 1000" in rows.text
    many = b.post("/api/events/batch", {"events": [click(query, f"e{n}") for n in range(501)]})
    assert many.status_code == 413 and "501 events in one request; the limit is 500" in many.text


@pytest.mark.clock
def test_the_events_routes_are_rate_limited_per_client(
    settings: Settings, indexed_catalog: int, fresh: None
) -> None:
    limited = create_app(settings.model_copy(update={"events_per_client": 3}))
    with TestClient(limited):
        b, neighbour = Browser(limited), Browser(limited, ip="10.1.2.3")
        query = search(b)
        answers = [b.post("/api/events", click(query, f"c{n}")) for n in range(4)]
        assert [a.status_code for a in answers[:3]] == [202, 202, 202]
        assert answers[3].status_code == 429
        assert "the limit is 3 per 60 s" in answers[3].text
        assert int(answers[3].headers["retry-after"]) >= 1
        # Another client is counted on its own.
        other = search(neighbour)
        assert neighbour.post("/api/events", click(other, "n1")).status_code == 202


def test_a_stored_bad_price_cannot_break_the_rollup(
    app: FastAPI, fresh: None, engine: Engine
) -> None:
    from analytics.rollups import roll_day

    b = Browser(app)
    query = search(b)
    product = query["results"][0]["product_id"]
    with engine.begin() as connection:  # what older code let clients store
        for n, price in enumerate(['"12.50"', '"lots"', "1e15", "1e300", "40"]):
            connection.execute(
                text(
                    "INSERT INTO events (client_event_id, event_type, query_id, product_id, "
                    "quantity, anonymous_id, occurred_at, attributes) VALUES "
                    "(:cid, 'purchase', :q, :p, 99, 'x', now(), CAST(:a AS jsonb))"
                ),
                {
                    "cid": f"old-{n}",
                    "q": query["query_id"],
                    "p": product,
                    "a": f'{{"price": {price}}}',
                },
            )
    today = datetime.now(UTC).date()
    assert roll_day(engine, today) >= 1  # rolled up, not failed on a cast or an overflow
    with engine.connect() as connection:
        revenue = connection.execute(
            text("SELECT sum(revenue) FROM search_rollups WHERE day = :d"), {"d": today}
        ).scalar_one()
    assert revenue is not None and 0 < revenue < 10**14
