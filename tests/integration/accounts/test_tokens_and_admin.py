"""API tokens and the admin routes over users, on the real Postgres and Redis."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role, UserStatus
from core.settings import Settings
from tests.fixtures.accounts import Browser, make_user

pytestmark = pytest.mark.clock

EMAIL = "ann@example.com"


def bearer(app: FastAPI, token: str) -> TestClient:
    return TestClient(app, headers={"authorization": f"Bearer {token}"})


def test_a_token_is_shown_once_and_stored_hashed(
    browser: Callable[..., Browser],
    session_factory: sessionmaker[Session],
    settings: Settings,
    engine: Engine,
    app: FastAPI,
) -> None:
    make_user(session_factory, settings, EMAIL)
    b = browser()
    b.sign_in(EMAIL)
    created = b.post("/api/account/tokens", {"name": "nightly export", "expires_in_days": 30})
    assert created.status_code == 201
    secret = created.json()["token"]
    assert secret.startswith("aisle_") and created.json()["prefix"] == secret[:12]
    listed = b.get("/api/account/tokens").json()
    assert [t["name"] for t in listed] == ["nightly export"] and "token" not in listed[0]
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT token_hash FROM api_tokens")).scalar_one()
    assert secret not in stored and len(stored) == 64
    assert bearer(app, secret).get("/api/account").json()["email"] == EMAIL


def test_a_token_carries_its_owners_role(
    session_factory: sessionmaker[Session],
    settings: Settings,
    browser: Callable[..., Browser],
    app: FastAPI,
) -> None:
    make_user(session_factory, settings, "boss@example.com", role=Role.ADMIN)
    make_user(session_factory, settings, EMAIL)
    tokens = {}
    for email in ("boss@example.com", EMAIL):
        b = browser()
        b.sign_in(email)
        tokens[email] = b.post("/api/account/tokens", {"name": "t"}).json()["token"]
    assert bearer(app, tokens["boss@example.com"]).get("/api/admin/users").status_code == 200
    assert bearer(app, tokens[EMAIL]).get("/api/admin/users").status_code == 403


def test_revoked_expired_and_disabled_tokens_stop_working(
    browser: Callable[..., Browser],
    session_factory: sessionmaker[Session],
    settings: Settings,
    engine: Engine,
    app: FastAPI,
) -> None:
    user_id = make_user(session_factory, settings, EMAIL)
    b = browser()
    b.sign_in(EMAIL)
    first = b.post("/api/account/tokens", {"name": "a"}).json()
    second = b.post("/api/account/tokens", {"name": "b", "expires_in_days": 1}).json()
    third = b.post("/api/account/tokens", {"name": "c"}).json()
    assert b.send("DELETE", f"/api/account/tokens/{first['id']}").status_code == 204
    assert bearer(app, first["token"]).get("/api/account").status_code == 401
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE api_tokens SET expires_at = now() - interval '1s' WHERE id = :id"),
            {"id": second["id"]},
        )
    assert bearer(app, second["token"]).get("/api/account").status_code == 401
    assert bearer(app, third["token"]).get("/api/account").status_code == 200
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE users SET status = 'disabled' WHERE id = :id"), {"id": user_id}
        )
    assert bearer(app, third["token"]).get("/api/account").status_code == 401


def test_nobody_can_revoke_someone_elses_token(
    browser: Callable[..., Browser],
    session_factory: sessionmaker[Session],
    settings: Settings,
    app: FastAPI,
) -> None:
    make_user(session_factory, settings, EMAIL)
    make_user(session_factory, settings, "eve@example.com")
    ann, eve = browser(), browser()
    ann.sign_in(EMAIL)
    eve.sign_in("eve@example.com")
    token = ann.post("/api/account/tokens", {"name": "mine"}).json()
    assert eve.send("DELETE", f"/api/account/tokens/{token['id']}").status_code == 404
    assert bearer(app, token["token"]).get("/api/account").status_code == 200


def test_bad_token_requests_name_the_problem(
    browser: Callable[..., Browser],
    session_factory: sessionmaker[Session],
    settings: Settings,
    app: FastAPI,
) -> None:
    make_user(session_factory, settings, EMAIL)
    b = browser()
    b.sign_in(EMAIL)
    assert b.post("/api/account/tokens", {"name": ""}).status_code == 422
    assert b.post("/api/account/tokens", {"name": "x", "expires_in_days": 0}).status_code == 422
    basic = TestClient(app).get("/api/account", headers={"authorization": "Basic abc"})
    assert basic.status_code == 401 and "Bearer" in basic.text


def test_admins_find_users_and_change_roles(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, "boss@example.com", role=Role.ADMIN)
    ann_id = make_user(session_factory, settings, EMAIL)
    make_user(session_factory, settings, "bob@example.com", status=UserStatus.PENDING)
    admin, ann = browser(), browser()
    admin.sign_in("boss@example.com")
    ann.sign_in(EMAIL)
    found = admin.get("/api/admin/users", params={"q": "ANN"}).json()
    assert [u["email"] for u in found["users"]] == [EMAIL] and found["total"] == 1
    pending = admin.get("/api/admin/users", params={"status": "pending"}).json()
    assert [u["email"] for u in pending["users"]] == ["bob@example.com"]
    assert admin.get("/api/admin/users", params={"role": "wizard"}).status_code == 422
    promoted = admin.send("PATCH", f"/api/admin/users/{ann_id}", {"role": "merchandiser"})
    assert promoted.json()["role"] == "merchandiser"
    assert ann.get("/api/account").status_code == 401  # re-sign-in picks up the new role
    ann.sign_in(EMAIL)
    assert ann.send("PATCH", "/api/products/1", {}).status_code != 403


def test_disable_and_re_enable(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, "boss@example.com", role=Role.ADMIN)
    ann_id = make_user(session_factory, settings, EMAIL)
    admin, ann = browser(), browser()
    admin.sign_in("boss@example.com")
    ann.sign_in(EMAIL)
    assert (
        admin.send("PATCH", f"/api/admin/users/{ann_id}", {"status": "disabled"}).status_code == 200
    )
    assert ann.get("/api/account").status_code == 401
    assert ann.sign_in(EMAIL).status_code == 403
    assert (
        admin.send("PATCH", f"/api/admin/users/{ann_id}", {"status": "active"}).status_code == 200
    )
    assert ann.sign_in(EMAIL).status_code == 200
    assert (
        admin.send("PATCH", f"/api/admin/users/{ann_id}", {"status": "pending"}).status_code == 422
    )


def test_admins_cannot_lock_themselves_out(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    boss = make_user(session_factory, settings, "boss@example.com", role=Role.ADMIN)
    admin = browser()
    admin.sign_in("boss@example.com")
    for change in ({"role": "shopper"}, {"status": "disabled"}):
        response = admin.send("PATCH", f"/api/admin/users/{boss}", change)
        assert response.status_code == 409 and "yourself" in response.text
    assert admin.send("PATCH", "/api/admin/users/999999", {"role": "admin"}).status_code == 404


def test_admins_read_the_dev_mailbox(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, "boss@example.com", role=Role.ADMIN)
    visitor = browser()
    visitor.post(
        "/api/auth/sign-up",
        {"email": "new@example.com", "password": "plum-harbour-velvet-42", "display_name": "New"},
    )
    admin = browser()
    admin.sign_in("boss@example.com")
    mail = admin.get("/api/admin/mailbox", params={"to": "NEW@example.com"}).json()
    assert mail["total"] == 1 and "/verify-email?token=" in mail["messages"][0]["body"]
    assert mail["messages"][0]["status"] == "stored"
