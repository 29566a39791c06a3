"""A new password revokes the account's API tokens: a reset and a change, on the real stack."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, Browser, make_user, token_from_mail

pytestmark = pytest.mark.clock

EMAIL = "ann@example.com"
NEW_PASSWORD = "copper-lantern-orbit-7"


def make_tokens(b: Browser, *names: str) -> list[str]:
    """Create API tokens as the signed-in browser; return their secrets."""
    secrets = []
    for name in names:
        created = b.post("/api/account/tokens", {"name": name})
        assert created.status_code == 201, created.text
        secrets.append(created.json()["token"])
    return secrets


def bearer_status(app: FastAPI, secret: str) -> int:
    """Return the status a script holding this token gets for its own account."""
    client = TestClient(app, headers={"authorization": f"Bearer {secret}"})
    return client.get("/api/account").status_code


def revoked_in_db(engine: Engine) -> int:
    """Count the tokens Postgres holds as revoked."""
    with engine.connect() as connection:
        query = text("SELECT count(*) FROM api_tokens WHERE revoked_at IS NOT NULL")
        return int(connection.execute(query).scalar_one())


def test_a_password_reset_revokes_every_api_token(
    browser: Callable[..., Browser],
    session_factory: sessionmaker[Session],
    settings: Settings,
    engine: Engine,
    app: FastAPI,
) -> None:
    make_user(session_factory, settings, EMAIL)
    make_user(session_factory, settings, "bob@example.com")
    thief = browser()
    assert thief.sign_in(EMAIL).status_code == 200
    stolen = make_tokens(thief, "exfiltrate", "backup")
    bob = browser()
    bob.sign_in("bob@example.com")
    (bobs,) = make_tokens(bob, "bob's export")
    assert [bearer_status(app, s) for s in stolen] == [200, 200]

    owner = browser("10.9.0.1")
    assert owner.post("/api/auth/forgot-password", {"email": EMAIL}).status_code == 202
    token = token_from_mail(engine, EMAIL, "/reset-password")
    done = owner.post("/api/auth/reset-password", {"token": token, "new_password": NEW_PASSWORD})
    assert done.status_code == 200, done.text
    body = done.json()
    assert sorted(t["name"] for t in body["revoked_tokens"]) == ["backup", "exfiltrate"]
    assert "your 2 API tokens revoked" in body["message"]
    assert [bearer_status(app, s) for s in stolen] == [401, 401]
    assert thief.get("/api/account").status_code == 401  # the session ended too
    assert bearer_status(app, bobs) == 200  # another user's token is untouched
    assert revoked_in_db(engine) == 2


def test_a_password_change_revokes_every_api_token_and_lists_them(
    browser: Callable[..., Browser],
    session_factory: sessionmaker[Session],
    settings: Settings,
    engine: Engine,
    app: FastAPI,
) -> None:
    make_user(session_factory, settings, EMAIL)
    b = browser()
    b.sign_in(EMAIL)
    secrets = make_tokens(b, "nightly export", "dashboard")
    listed = b.get("/api/account/tokens").json()
    changed = b.post(
        "/api/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 200, changed.text
    revoked = changed.json()["revoked_tokens"]
    assert {(t["id"], t["prefix"]) for t in revoked} == {(t["id"], t["prefix"]) for t in listed}
    assert all("token" not in t for t in revoked)  # never a secret, even of a dead token
    assert [bearer_status(app, s) for s in secrets] == [401, 401]
    assert b.get("/api/account/tokens").json() == []  # this browser stays signed in
    again = b.post(
        "/api/account/password",
        {"current_password": NEW_PASSWORD, "new_password": "x" + NEW_PASSWORD},
    )
    assert again.status_code == 200 and again.json()["revoked_tokens"] == []


def test_a_refused_reset_revokes_nothing(
    browser: Callable[..., Browser],
    session_factory: sessionmaker[Session],
    settings: Settings,
    engine: Engine,
    app: FastAPI,
) -> None:
    make_user(session_factory, settings, EMAIL)
    b = browser()
    b.sign_in(EMAIL)
    (secret,) = make_tokens(b, "export")
    b.post("/api/auth/forgot-password", {"email": EMAIL})
    token = token_from_mail(engine, EMAIL, "/reset-password")
    weak = b.post("/api/auth/reset-password", {"token": token, "new_password": "dragondragon"})
    assert weak.status_code == 422
    assert bearer_status(app, secret) == 200 and revoked_in_db(engine) == 0
