"""The tracking API over the real Postgres, with query_ids from real searches in ES."""

from __future__ import annotations

import uuid
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
from tests.fixtures.accounts import PASSWORD, Browser, make_user, reset_accounts

pytestmark = pytest.mark.clock


@pytest.fixture(scope="module")
def app(settings: Settings, indexed_catalog: int) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture()
def shopper(app: FastAPI, engine: Engine, redis_client: Redis) -> Browser:
    reset_accounts(engine)
    redis_client.flushdb()
    return Browser(app)


def now() -> str:
    return datetime.now(UTC).isoformat()


def search(b: Browser, **params: Any) -> dict[str, Any]:
    response = b.get("/api/search", params={"size": 5, **params})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def impression(query: dict[str, Any], event_id: str = "imp-1") -> dict[str, Any]:
    offset = (query["page"] - 1) * query["size"]
    return {
        "client_event_id": event_id,
        "type": "impression",
        "timestamp": now(),
        "query_id": query["query_id"],
        "session_id": "tab-1",
        "items": [
            {"product_id": hit["product_id"], "position": offset + n + 1}
            for n, hit in enumerate(query["results"])
        ],
    }


def click(query: dict[str, Any], position: int, event_id: str = "click-1") -> dict[str, Any]:
    offset = (query["page"] - 1) * query["size"]
    return {
        "client_event_id": event_id,
        "type": "click",
        "timestamp": now(),
        "query_id": query["query_id"],
        "product_id": query["results"][position - offset - 1]["product_id"],
        "position": position,
    }


def rows(engine: Engine, sql: str, **params: Any) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(text(sql), params).mappings()]


def test_search_records_what_it_served(shopper: Browser, engine: Engine) -> None:
    query = search(shopper, q="laptop", page=2)
    [served] = rows(engine, "SELECT * FROM served_queries WHERE query_id = :q", q=query["query_id"])
    assert served["query"] == "laptop" and served["offset"] == 5
    assert served["product_ids"] == [hit["product_id"] for hit in query["results"]]
    assert served["total"] == query["total"] and served["anonymous_id"]


def test_impressions_and_clicks_link_to_their_search(shopper: Browser, engine: Engine) -> None:
    query = search(shopper, q="laptop")
    answer = shopper.post("/api/events/batch", {"events": [impression(query), click(query, 2)]})
    assert answer.status_code == 202, answer.text
    assert answer.json()["accepted"] == 2 and answer.json()["rejected"] == []
    stored = rows(
        engine,
        "SELECT event_type, product_id, position, anonymous_id, session_id "
        "FROM events WHERE query_id = :q ORDER BY id",
        q=query["query_id"],
    )
    assert [r["event_type"] for r in stored] == ["impression"] * len(query["results"]) + ["click"]
    assert stored[-1]["position"] == 2 and stored[0]["session_id"] == "tab-1"
    assert {r["anonymous_id"] for r in stored} == {shopper.refresh()["anonymous_id"]}


def test_repeated_events_are_stored_once(shopper: Browser, engine: Engine) -> None:
    query = search(shopper, q="laptop")
    batch = {"events": [impression(query), click(query, 1), click(query, 1)]}
    first = shopper.post("/api/events/batch", batch).json()
    assert (first["accepted"], first["duplicates"]) == (2, 1)
    again = shopper.post("/api/events/batch", batch)  # a client retrying after a timeout
    assert again.status_code == 202
    assert (again.json()["accepted"], again.json()["duplicates"]) == (0, 3)
    count = rows(
        engine, "SELECT count(*) AS n FROM events WHERE query_id = :q", q=query["query_id"]
    )
    assert count[0]["n"] == len(query["results"]) + 1


def test_each_bad_event_is_refused_with_its_reason(shopper: Browser) -> None:
    query = search(shopper, q="laptop")
    good = click(query, 1, "ok-1")
    wrong_product = {**click(query, 1, "bad-1"), "product_id": query["results"][1]["product_id"]}
    cases = [
        ({**good, "client_event_id": "bad-0", "product_id": 99999999}, "unknown product"),
        ({**good, "client_event_id": "bad-2", "query_id": str(uuid.uuid4())}, "unknown query"),
        ({**good, "client_event_id": "bad-3", "position": query["total"] + 1}, "beyond the"),
        ({**good, "client_event_id": "bad-4", "position": 9}, "was not shown"),
        (wrong_product, "was not at position 1"),
        (
            {
                **good,
                "client_event_id": "bad-5",
                "timestamp": (datetime.now(UTC) + timedelta(hours=1)).isoformat(),
            },
            "in the future",
        ),
        (
            {
                **good,
                "client_event_id": "bad-6",
                "timestamp": (datetime.now(UTC) - timedelta(days=8)).isoformat(),
            },
            "older than 7 days",
        ),
        (
            {
                **good,
                "client_event_id": "bad-7",
                "timestamp": datetime.now(UTC).replace(tzinfo=None).isoformat(),
            },
            "timezone",
        ),
        ({**good, "client_event_id": "bad-8", "query_id": None}, "must carry the query_id"),
        ({**good, "client_event_id": "bad-9", "position": None}, "position of the clicked"),
        ({**good, "client_event_id": "bad-10", "type": "hover"}, "type"),
        ({**good, "client_event_id": "bad-11", "price": 3}, "price"),
        ({**good, "client_event_id": "bad 12"}, "client_event_id"),
        ({"type": "product_view", "client_event_id": "bad-13", "timestamp": now()}, "product_id"),
    ]
    answer = shopper.post("/api/events/batch", {"events": [good] + [case for case, _ in cases]})
    assert answer.status_code == 202
    body = answer.json()
    assert body["accepted"] == 1
    by_index = {error["index"]: " ".join(error["errors"]) for error in body["rejected"]}
    for n, (_, reason) in enumerate(cases, start=1):
        assert reason in by_index.get(n, ""), (n, reason, by_index.get(n))


def test_nothing_valid_is_422_and_oversized_batches_are_refused(shopper: Browser) -> None:
    answer = shopper.post(
        "/api/events",
        {
            "client_event_id": "x",
            "type": "product_view",
            "timestamp": now(),
            "product_id": 99999999,
        },
    )
    assert answer.status_code == 422 and "unknown product" in answer.text
    query = search(shopper, q="laptop")
    too_many = {"events": [click(query, 1, f"e{n}") for n in range(501)]}
    refused = shopper.post("/api/events/batch", too_many)
    assert refused.status_code == 413 and "the limit is 500" in refused.text


def test_signed_in_events_carry_the_user_and_deletion_anonymises_them(
    app: FastAPI,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    redis_client: Redis,
) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    user_id = make_user(session_factory, settings, "ann@example.com")
    b = Browser(app)
    before = search(b, q="laptop")  # while still anonymous
    b.post("/api/events", impression(before, "anon-imp"))
    b.sign_in("ann@example.com")
    after = search(b, q="headphones")
    b.post("/api/events", click(after, 1, "user-click"))
    assert rows(engine, "SELECT user_id FROM events WHERE client_event_id = 'user-click'") == [
        {"user_id": user_id}
    ]
    assert rows(engine, "SELECT user_id FROM identity_links") == [{"user_id": user_id}]
    b.post("/api/account/delete", {"password": PASSWORD})
    left = rows(engine, "SELECT user_id, anonymous_id, session_id FROM events")
    assert left and all(
        r == {"user_id": None, "anonymous_id": None, "session_id": None} for r in left
    )
    served = rows(engine, "SELECT user_id, anonymous_id FROM served_queries")
    assert all(r == {"user_id": None, "anonymous_id": None} for r in served)


def test_events_need_the_csrf_token_from_a_browser(shopper: Browser) -> None:
    response = shopper.client.post("/api/events", json={})
    assert response.status_code == 403
