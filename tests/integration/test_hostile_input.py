"""Hostile input against the real app: every 5xx the fuzzing found, size limits, and backends
that time out or vanish answering a clear 503/504 JSON error instead of hanging or a 500."""

from __future__ import annotations

import socket
import time
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

from accounts.anonymous import new_anonymous_id
from accounts.cookies import ANONYMOUS_COOKIE, SESSION_COOKIE
from accounts.csrf import csrf_token
from accounts.models import Role
from accounts.sessions import create_session
from core.deps import DbSession, Es
from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import make_user, reset_accounts


def signed_in_admin(
    app: FastAPI, settings: Settings, redis: Redis, admin_id: int, **client_args: Any
) -> TestClient:
    """Return a client of the app signed in as the admin, with its CSRF header."""
    client = TestClient(app, raise_server_exceptions=False, **client_args)
    anonymous_id = new_anonymous_id(settings.secret_key)  # as the server issues them
    session_id = create_session(redis, user_id=admin_id, role=Role.ADMIN.value, idle_s=600)
    client.cookies.set(ANONYMOUS_COOKIE, anonymous_id)
    client.cookies.set(SESSION_COOKIE, session_id)
    client.headers["x-csrf-token"] = csrf_token(
        settings, session_id=session_id, anonymous_id=anonymous_id
    )
    return client


@pytest.fixture(scope="module")
def admin_id(engine: Engine, session_factory: sessionmaker[Session], settings: Settings) -> int:
    reset_accounts(engine)
    return make_user(session_factory, settings, "hostile-admin@example.com", role=Role.ADMIN)


@pytest.fixture(scope="module")
def admin(settings: Settings, redis_client: Redis, admin_id: int) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app):  # the lifespan, once for the module
        yield signed_in_admin(app, settings, redis_client, admin_id)


def only_error(response: Any) -> dict[str, Any]:
    """Return the single error of an answer in the app's shape."""
    body = response.json()
    assert set(body) == {"detail"} and len(body["detail"]) == 1, body
    error: dict[str, Any] = body["detail"][0]
    assert {"loc", "msg", "type"} <= set(error)
    return error


# Each of these answered 500 (Postgres refuses text holding NUL) before the NUL guard.
NUL_CASES = [
    ("PATCH", "/api/account", {"display_name": "a\x00b"}, None, ["body", "display_name"]),
    ("GET", "/api/admin/users", None, {"q": "a\x00b"}, ["query", "q"]),
    ("GET", "/api/admin/mailbox", None, {"to": "a\x00b"}, ["query", "to"]),
    ("GET", "/api/analytics/query", None, {"q": "a\x00b"}, ["query", "q"]),
    ("PUT", "/api/merch/draft/synonym-sets/s", {"text": "a, b\x00"}, None, ["body", "text"]),
    ("PATCH", "/api/products/1", {"title": "x\x00"}, None, ["body", "title"]),
    ("POST", "/api/account/tokens", {"name": "a\x00b"}, None, ["body", "name"]),
    (
        "POST",
        "/api/auth/sign-up",
        {"email": "nul@example.com", "password": "plum-harbour-velvet-42", "display_name": "\x00"},
        None,
        ["body", "display_name"],
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "params", "loc"), NUL_CASES, ids=[c[1] for c in NUL_CASES]
)
def test_nul_characters_are_refused_naming_where(
    admin: TestClient, method: str, path: str, body: Any, params: Any, loc: list[str]
) -> None:
    response = admin.request(method, path, json=body, params=params)
    assert response.status_code == 422
    error = only_error(response)
    assert error["loc"] == loc and "NUL" in error["msg"]


# The security review's repros: each answered 500 (the 422 echoing NaN could not render, the
# surrogate could not be encoded for Postgres, the NUL check missed `application/JSON`, and
# Postgres refused the position as out of integer range).
REVIEW_REPROS = [
    ("/api/auth/sign-in", b'{"email":"a@example.com","password":NaN}', "application/json"),
    ("/api/auth/sign-in", b'{"email":"a@example.com","password":Infinity}', "application/json"),
    ("/api/auth/sign-in", b'{"email":"a@example.com","password":"\\ud800"}', "application/json"),
    ("/api/account/tokens", b'{"name":"a\\u0000b"}', "application/JSON"),
    ("/api/account/tokens", b'{"name":"a\\u0000b"}', "application/json; charset=utf-8"),
    ("/api/account/tokens", b'{"name":"a\\u0000b"}', "application/merge-patch+json"),
]


@pytest.mark.parametrize(("path", "raw", "content_type"), REVIEW_REPROS)
def test_the_review_repros_answer_422_naming_the_problem(
    admin: TestClient, path: str, raw: bytes, content_type: str
) -> None:
    response = admin.post(path, content=raw, headers={"content-type": content_type})
    assert response.status_code == 422, response.text
    error = only_error(response)
    assert error["loc"][0] == "body" and error["loc"][-1] in ("password", "name")
    assert any(word in error["msg"] for word in ("non-finite", "surrogate", "NUL"))


def test_an_event_position_beyond_the_integer_column_is_refused(admin: TestClient) -> None:
    event = {
        "client_event_id": "hostile-position",
        "type": "click",
        "timestamp": datetime.now(UTC).isoformat(),  # relative: no calendar dependence
        "query_id": "00000000-0000-4000-8000-000000000000",
        "product_id": 1,
        "position": 2**31,
    }
    response = admin.post("/api/events", json=event)
    assert response.status_code == 422
    assert only_error(response)["loc"] == ["body", "position"]


def test_ids_and_pages_beyond_64_bits_are_refused(admin: TestClient) -> None:
    for path in ("/api/products/99999999999999999999", f"/api/admin/users/{2**63}"):
        response = admin.get(path)
        assert response.status_code == 422 and only_error(response)["loc"][0] == "path"
    response = admin.get("/api/search", params={"q": "tea", "page": "99999999999999999999"})
    assert response.status_code == 422 and only_error(response)["loc"] == ["query", "page"]


def test_a_stock_beyond_the_integer_column_is_refused(admin: TestClient) -> None:
    # Was a 500: Postgres "integer out of range" on the update.
    response = admin.patch("/api/products/1", json={"stock": 10**30})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "stock"]


def test_a_report_ending_on_the_first_date_there_is_has_a_default_start(
    admin: TestClient,
) -> None:
    # Was a 500: OverflowError computing the default 30-day start before 0001-01-01.
    response = admin.get("/api/analytics/report", params={"until": "0001-01-01"})
    assert response.status_code == 200
    assert response.json()["since"] == "0001-01-01"


def test_a_price_bound_beyond_float_range_is_refused(admin: TestClient) -> None:
    # Was a 503: the bound reached Elasticsearch as "Infinity", which it refuses.
    response = admin.get("/api/search", params={"price": "1-" + "9" * 400})
    assert response.status_code == 422
    assert only_error(response)["loc"] == ["query", "price"]


def test_the_real_app_limits_bodies_and_urls(admin: TestClient, settings: Settings) -> None:
    big = {"display_name": "x" * (settings.max_body_bytes + 1)}
    response = admin.patch("/api/account", json=big)
    assert response.status_code == 413
    assert str(settings.max_body_bytes) in only_error(response)["msg"]
    # An events batch may be bigger than the general limit (and is then judged on content).
    batch = {"events": [{"pad": "x" * 4000}] * 300}
    assert admin.post("/api/events/batch", json=batch).status_code != 413
    response = admin.get("/api/search", params={"q": "a" * settings.max_url_bytes})
    assert response.status_code == 414 and only_error(response)["loc"] == ["url"]


@pytest.fixture()
def black_hole() -> Iterator[int]:
    """Listen on a port and never answer: connections open, requests go unanswered."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield int(listener.getsockname()[1])


def assert_clean_failure(response: Any, status: int, error_type: str) -> None:
    """Check a backend failure answer: its status, the app's shape, nothing internal."""
    assert response.status_code == status, response.text
    assert only_error(response)["type"] == error_type
    for internal in ("Traceback", "Error(", "127.0.0.1", "statement", "pg_sleep"):
        assert internal not in response.text


def first(app: FastAPI) -> None:
    """Move the route added last before the web UI's catch-all page route."""
    app.router.routes.insert(0, app.router.routes.pop())


def test_a_postgres_statement_timeout_answers_504(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/test/slow-query")
    def slow_query(db: DbSession) -> None:
        # The same cancellation as the engine's statement_timeout, made short for the test.
        db.execute(text("SET LOCAL statement_timeout = '100ms'"))
        db.execute(text("SELECT pg_sleep(5)"))

    first(app)

    with TestClient(app, raise_server_exceptions=False) as client:
        started = time.monotonic()
        response = client.get("/test/slow-query")
    assert time.monotonic() - started < 4
    assert_clean_failure(response, 504, "timeout")


def test_an_elasticsearch_timeout_answers_504(settings: Settings, black_hole: int) -> None:
    app = create_app(settings.model_copy(update={"es_port": black_hole, "es_timeout_s": 0.3}))

    @app.get("/test/es-call")
    def es_call(es: Es) -> None:
        es.search(index=settings.products_alias, size=1)

    first(app)

    with TestClient(app, raise_server_exceptions=False) as client:
        started = time.monotonic()
        response = client.get("/test/es-call")
        elapsed = time.monotonic() - started
        # Search itself must not hang or fail with a 500 either (it may serve a fallback).
        search = client.get("/api/search", params={"q": "laptop"})
    assert elapsed < 5  # three tries of 0.3 s, not a hang
    assert_clean_failure(response, 504, "timeout")
    assert search.status_code in (200, 503, 504) and "Traceback" not in search.text


def test_a_redis_that_never_answers_fails_closed_with_503(
    settings: Settings, redis_client: Redis, admin_id: int, black_hole: int
) -> None:
    app = create_app(settings.model_copy(update={"redis_port": black_hole}))
    with TestClient(app):
        client = signed_in_admin(app, settings, redis_client, admin_id)
        started = time.monotonic()
        response = client.get("/api/account")
    assert time.monotonic() - started < 10  # the client's 2 s socket timeout, not a hang
    assert_clean_failure(response, 503, "service_unavailable")
