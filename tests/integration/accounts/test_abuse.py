"""Rate limits and enumeration resistance, counted in the real Redis."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import httpx
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import UserStatus
from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, Browser, make_user

EMAIL = "ann@example.com"


def shape(response: httpx.Response) -> tuple[int, object, bool]:
    """What a caller can observe: status, body, and whether a session cookie was set."""
    return (
        response.status_code,
        response.json(),
        "aisle_session" in response.headers.get("set-cookie", ""),
    )


def test_unknown_and_known_emails_fail_sign_in_alike(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, EMAIL)
    known = [
        shape(browser().sign_in(EMAIL, "wrong-password-123"))
        for _ in range(settings.lockout_failures + 1)
    ]
    unknown = [
        shape(browser().sign_in("nobody@example.com", "wrong-password-123"))
        for _ in range(settings.lockout_failures + 1)
    ]
    assert known == unknown
    free = settings.signin_delay_after_failures  # then the delay window answers 429 alike
    assert [status for status, _, _ in known] == [401] * free + [429] * (len(known) - free)


def test_unknown_emails_take_as_long_as_wrong_passwords(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    """Without the dummy hash an unknown email would answer measurably faster."""
    emails = [f"user{n}@example.com" for n in range(7)]
    for email in emails:
        make_user(session_factory, settings, email)
    b = browser()

    def timed(email: str) -> float:
        started = time.perf_counter()
        assert b.sign_in(email, "wrong-password-123").status_code == 401
        return time.perf_counter() - started

    known = statistics.median(timed(email) for email in emails)
    unknown = statistics.median(timed(f"x{email}") for email in emails)
    assert unknown > 0.5 * known, (known, unknown)


def test_sign_in_is_rate_limited_per_ip(
    browser: Callable[..., Browser], settings: Settings
) -> None:
    b = browser("10.1.1.1")
    statuses = [
        b.sign_in(f"u{n}@example.com", "wrong-password-123").status_code
        for n in range(settings.signin_per_ip + 1)
    ]
    assert statuses[:-1] == [401] * settings.signin_per_ip
    assert statuses[-1] == 429
    limited = b.sign_in("someone@example.com")
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert browser("10.1.1.2").sign_in("someone@example.com").status_code == 401


def test_forwarded_for_is_ignored_unless_trusted(
    browser: Callable[..., Browser], settings: Settings
) -> None:
    b = browser("10.2.2.2")
    for n in range(settings.signin_per_ip):
        b.sign_in(f"u{n}@example.com", "wrong-password-123")
    spoofed = b.post(
        "/api/auth/sign-in",
        {"email": "x@example.com", "password": "wrong-pass-123"},
        headers={"x-forwarded-for": "1.2.3.4"},
    )
    assert spoofed.status_code == 429


def test_reset_requests_answer_alike_and_are_limited(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, EMAIL)
    make_user(session_factory, settings, "pending@example.com", status=UserStatus.PENDING)
    make_user(session_factory, settings, "off@example.com", status=UserStatus.DISABLED)
    answers = {
        email: shape(browser(f"10.4.4.{n}").post("/api/auth/forgot-password", {"email": email}))
        for n, email in enumerate(
            [EMAIL, "pending@example.com", "off@example.com", "no@example.com"]
        )
    }
    assert len(set(map(str, answers.values()))) == 1, answers
    assert answers[EMAIL][0] == 202
    b = browser("10.5.5.5")
    statuses = [
        b.post("/api/auth/forgot-password", {"email": EMAIL}).status_code
        for _ in range(settings.email_per_account)
    ]
    assert statuses[-1] == 429  # one was spent above: the account's limit is reached
    assert b.post("/api/auth/resend-verification", {"email": EMAIL}).status_code == 429


def test_sign_up_is_rate_limited_per_ip(
    browser: Callable[..., Browser], settings: Settings
) -> None:
    b = browser("10.6.6.6")
    statuses = [
        b.post(
            "/api/auth/sign-up",
            {"email": f"new{n}@example.com", "password": PASSWORD, "display_name": "N"},
        ).status_code
        for n in range(settings.signup_per_ip + 1)
    ]
    assert statuses == [202] * settings.signup_per_ip + [429]
