"""Every route of the app by {anonymous, shopper, merchandiser, admin}: 401, 403 or through.

The table below is the access policy. A route added without an entry here fails
`test_every_route_has_a_decision`, so nobody can ship a route without deciding who may call it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy.orm import Session, sessionmaker

from accounts.access import Access, api_endpoints
from accounts.cookies import SESSION_COOKIE
from accounts.csrf import csrf_token
from accounts.models import Role
from accounts.sessions import create_session
from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import make_user, reset_accounts

P, S, M, A = Access.PUBLIC, Access.SIGNED_IN, Access.MERCHANDISER, Access.ADMIN
POLICY: dict[tuple[str, str], Access] = {
    ("GET", "/api/search"): P,
    ("GET", "/api/products/{product_id}"): P,
    ("PATCH", "/api/products/{product_id}"): M,
    ("DELETE", "/api/products/{product_id}"): A,
    ("GET", "/healthz"): P,
    ("GET", "/readyz"): P,
    # Open by decision; with AISLE_METRICS_TOKEN set it wants that bearer token instead.
    ("GET", "/metrics"): P,
    ("GET", "/api/auth/session"): P,
    ("POST", "/api/auth/sign-up"): P,
    ("POST", "/api/auth/verify-email"): P,
    ("POST", "/api/auth/resend-verification"): P,
    ("POST", "/api/auth/sign-in"): P,
    ("POST", "/api/auth/sign-out"): P,
    ("POST", "/api/auth/forgot-password"): P,
    ("POST", "/api/auth/reset-password"): P,
    ("GET", "/api/account"): S,
    ("PATCH", "/api/account"): S,
    ("POST", "/api/account/password"): S,
    ("POST", "/api/account/delete"): S,
    ("GET", "/api/account/tokens"): S,
    ("POST", "/api/account/tokens"): S,
    ("DELETE", "/api/account/tokens/{token_id}"): S,
    ("GET", "/api/history"): P,
    ("GET", "/api/cart"): P,
    ("PUT", "/api/cart/items/{product_id}"): P,
    ("DELETE", "/api/cart/items/{product_id}"): P,
    ("DELETE", "/api/cart"): P,
    ("GET", "/api/admin/users"): A,
    ("GET", "/api/admin/users/{user_id}"): A,
    ("PATCH", "/api/admin/users/{user_id}"): A,
    ("GET", "/api/admin/mailbox"): A,
    ("GET", "/api/admin/index"): A,
    ("POST", "/api/admin/index/rebuild"): A,
    ("POST", "/api/admin/index/verify"): A,
    ("POST", "/api/admin/index/sync"): A,
    ("POST", "/api/admin/index/rollback"): A,
    ("GET", "/api/admin/jobs"): A,
    ("GET", "/api/admin/jobs/{job_id}"): A,
    ("POST", "/api/admin/jobs/{job_id}/cancel"): A,
    ("GET", "/api/admin/health"): A,
    ("GET", "/api/suggest"): P,
    ("POST", "/api/orders"): S,
    ("GET", "/api/orders"): S,
    ("GET", "/api/orders/{order_id}"): S,
    ("GET", "/api/recommendations/similar/{product_id}"): P,
    ("GET", "/api/recommendations/bought-together/{product_id}"): P,
    ("GET", "/api/recommendations/trending"): P,
    ("GET", "/api/recommendations/for-you"): P,
    ("GET", "/api/recommendations/recently-viewed"): P,
    ("GET", "/api/admin/models"): A,
    ("POST", "/api/admin/models/{model_id}/promote"): A,
    ("POST", "/api/admin/models/rollback"): A,
    ("POST", "/api/admin/models/train"): A,
    ("GET", "/api/merch/draft"): M,
    ("GET", "/api/merch/products"): M,
    ("PUT", "/api/merch/draft/synonym-sets/{name}"): M,
    ("DELETE", "/api/merch/draft/synonym-sets/{name}"): M,
    ("GET", "/api/merch/synonym-sets/{name}/export"): M,
    ("POST", "/api/merch/draft/rules"): M,
    ("PUT", "/api/merch/draft/rules/{rule_id}"): M,
    ("DELETE", "/api/merch/draft/rules/{rule_id}"): M,
    ("POST", "/api/merch/draft/discard"): M,
    ("POST", "/api/merch/publish"): M,
    ("GET", "/api/merch/versions"): M,
    ("POST", "/api/merch/versions/{version}/restore"): M,
    ("POST", "/api/merch/preview"): M,
    ("POST", "/api/merch/preview/evaluate"): M,
    ("GET", "/api/merch/suggestions"): M,
    ("POST", "/api/merch/suggestions/refresh"): M,
    ("POST", "/api/merch/suggestions/{suggestion_id}/accept"): M,
    ("POST", "/api/merch/suggestions/{suggestion_id}/dismiss"): M,
    ("POST", "/api/events"): P,
    ("POST", "/api/events/batch"): P,
    ("GET", "/api/analytics/report"): M,
    ("GET", "/api/analytics/query"): M,
    ("GET", "/api/analytics/segments"): M,
    ("POST", "/api/analytics/rollup"): M,
    ("GET", "/api/analytics/rollup/{job_id}"): M,
    ("GET", "/api/experiments"): M,
    ("POST", "/api/experiments"): M,
    ("GET", "/api/experiments/{experiment_id}"): M,
    ("DELETE", "/api/experiments/{experiment_id}"): M,
    ("POST", "/api/experiments/{experiment_id}/start"): M,
    ("POST", "/api/experiments/{experiment_id}/stop"): M,
    ("GET", "/api/experiments/{experiment_id}/results"): M,
    ("POST", "/api/experiments/{experiment_id}/promote"): A,
    ("GET", "/{path:path}"): P,  # the web UI's pages (present when the UI is built)
}
CALLERS = (None, Role.SHOPPER, Role.MERCHANDISER, Role.ADMIN)
HAS_BODY = {"POST", "PUT", "PATCH"}
PATH_VALUES = {
    "product_id": "1",
    "token_id": "999999",
    "user_id": "1",
    "job_id": "999999",
    "order_id": "999999",
    "model_id": "999999",
    "name": "nope",
    "rule_id": "nope",
    "version": "999999",
    "suggestion_id": "999999",
    "experiment_id": "999999",
    "path": "some/page",
}


def endpoints(app: FastAPI) -> Iterator[tuple[str, str, Access | None]]:
    for endpoint in api_endpoints(app.routes):
        for method in sorted(endpoint.methods - {"HEAD"}):
            yield method, endpoint.path, endpoint.access


@pytest.fixture(scope="module")
def matrix_app(settings: Settings, indexed_catalog: int) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture(scope="module")
def user_ids(
    matrix_app: FastAPI, engine: object, session_factory: sessionmaker[Session], settings: Settings
) -> dict[Role, int]:
    reset_accounts(engine)  # type: ignore[arg-type]
    return {
        role: make_user(session_factory, settings, f"{role.value}@example.com", role=role)
        for role in Role
    }


def client_as(
    app: FastAPI, settings: Settings, redis: Redis, role: Role | None, user_ids: dict[Role, int]
) -> TestClient:
    """Return a client signed in with a fresh session (or anonymous), with its CSRF token."""
    client = TestClient(app)
    anonymous = client.get("/api/auth/session").json()["anonymous_id"]
    session_id = None
    if role is not None:
        session_id = create_session(redis, user_id=user_ids[role], role=role.value, idle_s=600)
        client.cookies.set(SESSION_COOKIE, session_id, domain="testserver.local")
    client.headers["x-csrf-token"] = csrf_token(
        settings, session_id=session_id, anonymous_id=anonymous
    )
    return client


def test_every_route_has_a_decision(matrix_app: FastAPI) -> None:
    routes = {(method, path): access for method, path, access in endpoints(matrix_app)}
    assert len(routes) >= len(POLICY) - 1  # all of them (the UI route only when it is built)
    missing = sorted(set(routes) - set(POLICY))
    assert not missing, f"routes without an access decision in POLICY: {missing}"
    for key, access in routes.items():
        assert access == POLICY[key], f"{key} enforces {access}, the policy says {POLICY[key]}"


def expected_status_class(level: Access, role: Role | None) -> str:
    if level is Access.PUBLIC:
        return "through"
    if role is None:
        return "401"
    held = {Role.SHOPPER: S, Role.MERCHANDISER: M, Role.ADMIN: A}[role]
    return "through" if held >= level else "403"


def test_route_role_matrix(
    matrix_app: FastAPI, settings: Settings, redis_client: Redis, user_ids: dict[Role, int]
) -> None:
    failures = []
    checked = 0
    for method, path, _access in endpoints(matrix_app):
        url = re.sub(r"\{(\w+)(?::path)?\}", lambda m: PATH_VALUES[m.group(1)], path)
        for role in CALLERS:
            client = client_as(matrix_app, settings, redis_client, role, user_ids)
            response = client.request(method, url, json={} if method in HAS_BODY else None)
            outcome = str(response.status_code) if response.status_code in (401, 403) else "through"
            expected = expected_status_class(POLICY[(method, path)], role)
            checked += 1
            if outcome != expected or response.status_code >= 500:
                who = role.value if role else "anonymous"
                failures.append(
                    f"{method} {path} as {who}: {response.status_code} "
                    f"(expected {expected}) {response.text[:120]}"
                )
    assert not failures, "\n".join(failures)
    assert checked >= 4 * (len(POLICY) - 1)
