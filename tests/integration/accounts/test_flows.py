"""Sign-up, verification, sign-in and password reset against the real Postgres and Redis."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import UserStatus
from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, Browser, mailbox, make_user, token_from_mail

pytestmark = pytest.mark.clock

EMAIL = "ann@example.com"


def sign_up(b: Browser, email: str = EMAIL, password: str = PASSWORD) -> int:
    return b.post(
        "/api/auth/sign-up", {"email": email, "password": password, "display_name": "Ann"}
    ).status_code


def count_users(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM users")).scalar_one())


def test_sign_up_verify_sign_in(browser: Callable[..., Browser], engine: Engine) -> None:
    b = browser()
    assert sign_up(b) == 202
    assert b.sign_in(EMAIL).json()["detail"][0]["type"] == "email_not_verified"
    token = token_from_mail(engine, EMAIL, "/verify-email")
    assert b.post("/api/auth/verify-email", {"token": token}).status_code == 200
    session = b.sign_in(EMAIL)
    assert session.status_code == 200, session.text
    assert session.json()["user"]["email"] == EMAIL and session.json()["user"]["status"] == "active"
    account = b.get("/api/account").json()
    assert account["role"] == "shopper" and account["last_login_at"] is not None


def test_the_password_is_stored_as_argon2id(
    browser: Callable[..., Browser], engine: Engine
) -> None:
    sign_up(browser())
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_verification_link_works_once(browser: Callable[..., Browser], engine: Engine) -> None:
    b = browser()
    sign_up(b)
    token = token_from_mail(engine, EMAIL, "/verify-email")
    assert b.post("/api/auth/verify-email", {"token": token}).status_code == 200
    again = b.post("/api/auth/verify-email", {"token": token})
    assert again.status_code == 422 and "already been used" in again.text


def test_an_expired_verification_link_is_refused(
    browser: Callable[..., Browser], engine: Engine
) -> None:
    b = browser()
    sign_up(b)
    token = token_from_mail(engine, EMAIL, "/verify-email")
    with engine.begin() as connection:
        connection.execute(text("UPDATE one_time_tokens SET expires_at = now() - interval '1s'"))
    response = b.post("/api/auth/verify-email", {"token": token})
    assert response.status_code == 422 and "expired" in response.text
    assert b.sign_in(EMAIL).status_code == 403  # still unverified


def test_an_unknown_token_is_refused(browser: Callable[..., Browser]) -> None:
    response = browser().post("/api/auth/verify-email", {"token": "not-a-real-token"})
    assert response.status_code == 422 and "not valid" in response.text


def test_a_new_verification_link_replaces_the_old(
    browser: Callable[..., Browser], engine: Engine
) -> None:
    b = browser()
    sign_up(b)
    first = token_from_mail(engine, EMAIL, "/verify-email")
    assert b.post("/api/auth/resend-verification", {"email": EMAIL}).status_code == 202
    second = token_from_mail(engine, EMAIL, "/verify-email")
    assert first != second
    assert b.post("/api/auth/verify-email", {"token": first}).status_code == 422
    assert b.post("/api/auth/verify-email", {"token": second}).status_code == 200


def test_bad_sign_ups_name_the_problem_and_create_nothing(
    browser: Callable[..., Browser], engine: Engine
) -> None:
    b = browser()
    cases = [
        ({"email": "not-an-email", "password": PASSWORD, "display_name": "A"}, "email"),
        ({"email": EMAIL, "password": "short", "display_name": "A"}, "at least 10"),
        ({"email": EMAIL, "password": "password123!", "display_name": "A"}, "too common"),
        (
            {
                "email": "ann.smith@example.com",
                "password": "ann.smith-rocks-1",
                "display_name": "A",
            },
            "email",
        ),
        ({"email": EMAIL, "password": PASSWORD, "display_name": ""}, "display_name"),
        ({"email": EMAIL, "password": PASSWORD, "display_name": "A", "role": "admin"}, "role"),
    ]
    for body, named in cases:
        response = b.post("/api/auth/sign-up", body)
        assert response.status_code == 422, (body, response.text)
        assert named in response.text, (body, response.text)
    assert count_users(engine) == 0 and mailbox(engine, EMAIL) == []


def test_signing_up_twice_answers_alike_and_warns_the_owner(
    browser: Callable[..., Browser],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user(session_factory, settings, EMAIL)
    b = browser()
    known = b.post(
        "/api/auth/sign-up",
        {"email": "ANN@example.com", "password": PASSWORD, "display_name": "Ann"},
    )
    unknown = b.post(
        "/api/auth/sign-up",
        {"email": "new@example.com", "password": PASSWORD, "display_name": "New"},
    )
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert count_users(engine) == 2
    assert mailbox(engine, EMAIL)[0]["subject"] == "Someone tried to sign up with your email"


def test_reset_password_end_to_end(
    browser: Callable[..., Browser],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user(session_factory, settings, EMAIL)
    signed_in_elsewhere = browser()
    assert signed_in_elsewhere.sign_in(EMAIL).status_code == 200
    b = browser()
    assert b.post("/api/auth/forgot-password", {"email": EMAIL}).status_code == 202
    token = token_from_mail(engine, EMAIL, "/reset-password")
    weak = b.post("/api/auth/reset-password", {"token": token, "new_password": "qwertyuiop"})
    assert weak.status_code == 422  # refused without using up the link
    new_password = "copper-lantern-orbit-7"
    done = b.post("/api/auth/reset-password", {"token": token, "new_password": new_password})
    assert done.status_code == 200, done.text
    reused = b.post(
        "/api/auth/reset-password", {"token": token, "new_password": "x" + new_password}
    )
    assert reused.status_code == 422 and "already been used" in reused.text
    assert b.sign_in(EMAIL).status_code == 401
    assert b.sign_in(EMAIL, new_password).status_code == 200
    assert signed_in_elsewhere.get("/api/account").status_code == 401  # its session ended


def test_an_expired_reset_link_is_refused(
    browser: Callable[..., Browser],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user(session_factory, settings, EMAIL)
    b = browser()
    b.post("/api/auth/forgot-password", {"email": EMAIL})
    token = token_from_mail(engine, EMAIL, "/reset-password")
    with engine.begin() as connection:
        connection.execute(text("UPDATE one_time_tokens SET expires_at = now() - interval '1s'"))
    response = b.post(
        "/api/auth/reset-password", {"token": token, "new_password": "copper-lantern-orbit-7"}
    )
    assert response.status_code == 422 and "expired" in response.text
    assert b.sign_in(EMAIL).status_code == 200  # the old password still works


def test_a_reset_verifies_a_pending_account(
    browser: Callable[..., Browser],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user(session_factory, settings, EMAIL, status=UserStatus.PENDING)
    b = browser()
    b.post("/api/auth/forgot-password", {"email": EMAIL})
    token = token_from_mail(engine, EMAIL, "/reset-password")
    b.post("/api/auth/reset-password", {"token": token, "new_password": "copper-lantern-orbit-7"})
    assert b.sign_in(EMAIL, "copper-lantern-orbit-7").status_code == 200


def test_a_disabled_account_cannot_sign_in_or_reset(
    browser: Callable[..., Browser],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user(session_factory, settings, EMAIL, status=UserStatus.DISABLED)
    b = browser()
    refused = b.sign_in(EMAIL)
    assert refused.status_code == 403 and "disabled" in refused.text
    assert b.post("/api/auth/forgot-password", {"email": EMAIL}).status_code == 202
    assert mailbox(engine, EMAIL) == []


def test_change_password_checks_the_current_one(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, EMAIL)
    b, other = browser(), browser()
    b.sign_in(EMAIL)
    other.sign_in(EMAIL)
    wrong = b.post(
        "/api/account/password",
        {"current_password": "nope-nope-nope", "new_password": "copper-lantern-orbit-7"},
    )
    assert wrong.status_code == 403 and "current password is wrong" in wrong.text
    weak = b.post(
        "/api/account/password", {"current_password": PASSWORD, "new_password": "1234567890"}
    )
    assert weak.status_code == 422
    old_cookie = b.client.cookies.get("aisle_session")
    changed = b.post(
        "/api/account/password",
        {"current_password": PASSWORD, "new_password": "copper-lantern-orbit-7"},
    )
    assert changed.status_code == 200, changed.text
    assert b.client.cookies.get("aisle_session") != old_cookie  # a fresh session id
    assert b.get("/api/account").status_code == 200
    assert other.get("/api/account").status_code == 401
    assert browser().sign_in(EMAIL, "copper-lantern-orbit-7").status_code == 200


def test_display_name_can_be_changed(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, EMAIL)
    b = browser()
    b.sign_in(EMAIL)
    assert (
        b.send("PATCH", "/api/account", {"display_name": "  Ann B.  "}).json()["display_name"]
        == "Ann B."
    )
    assert b.send("PATCH", "/api/account", {"display_name": ""}).status_code == 422
