"""Failed sign-ins: a stranger cannot lock the owner out, yet guessing is slowed (real Redis)."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
from redis import Redis
from sqlalchemy.orm import Session, sessionmaker

from accounts import signin_throttle
from accounts.models import Role
from accounts.signin_throttle import delay_ms
from core.settings import Settings
from tests.fixtures.accounts import Browser, make_user

EMAIL = "ann@example.com"
WRONG = "wrong-password-123"


def message(response: httpx.Response) -> str:
    """Return the first error message of an answer."""
    return str(response.json()["detail"][0]["msg"])


def wait_out(response: httpx.Response) -> None:
    """Sleep as long as a 429 asks (a little more, so the window has surely closed)."""
    assert response.status_code == 429, response.text
    time.sleep(int(response.headers["retry-after"]) + 0.05)


def test_a_strangers_wrong_passwords_do_not_stop_the_owner_from_a_clean_client(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, EMAIL, role=Role.ADMIN)
    stranger = browser("10.7.0.1")
    statuses = [stranger.sign_in(EMAIL, WRONG).status_code for _ in range(50)]
    free = settings.signin_delay_after_failures
    assert statuses == [401] * free + [429] * (50 - free)
    assert stranger.sign_in(EMAIL).status_code == 429  # the right password, from that client
    assert browser("10.7.0.2").sign_in(EMAIL).status_code == 200  # the owner, at once


def test_failures_from_one_client_shut_that_client_out_of_the_account(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, EMAIL)
    stranger = browser("10.7.1.1")
    failures = 0
    while failures < settings.lockout_failures:
        answer = stranger.sign_in(EMAIL, WRONG)
        if answer.status_code == 429:  # the account's delay window: wait it out, keep trying
            wait_out(answer)
            continue
        assert answer.status_code == 401
        failures += 1
    locked = stranger.sign_in(EMAIL)  # the right password, and no delay window in the way
    assert locked.status_code == 429
    assert "from this address" in message(locked)
    assert settings.lockout_s - 60 < int(locked.headers["retry-after"]) <= settings.lockout_s
    owner = browser("10.7.1.2")
    time.sleep(delay_ms(settings, failures) / 1000 + 0.05)
    assert owner.sign_in(EMAIL).status_code == 200
    # The owner's success clears the account's count, not the stranger's lock.
    assert stranger.sign_in(EMAIL).status_code == 429


def test_a_spray_from_many_addresses_is_slowed_per_account_with_growing_delays(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, EMAIL)
    free = settings.signin_delay_after_failures
    first = browser("10.8.0.0")  # failed once: waits out every window from now on
    assert first.sign_in(EMAIL, WRONG).status_code == 401
    for n in range(1, free):
        assert browser(f"10.8.0.{n}").sign_in(EMAIL, WRONG).status_code == 401

    def probe() -> int:
        """Return how long the client that failed is told to wait now."""
        answer = first.sign_in(EMAIL, WRONG)
        assert answer.status_code == 429 and "several failed sign-ins" in message(answer)
        return int(answer.headers["retry-after"])

    waits = [probe()]
    for n in range(free, free + 2):
        # A burst of fresh addresses: one of them is evaluated per window, the rest wait.
        burst = [browser(f"10.8.1.{n * 10 + k}").sign_in(EMAIL, WRONG) for k in range(5)]
        waits.append(probe())  # the evaluated failure opened a longer window
        assert [r.status_code for r in burst] == [401] + [429] * 4
        assert "receiving many failed sign-ins" in message(burst[1])
        wait_out(burst[-1])
    expected = [delay_ms(settings, n) // 1000 for n in range(free, free + 3)]
    assert waits == expected and expected[0] < expected[1] < expected[2], waits
    # Once the spray pauses for the delay, the owner's clean client gets in.
    assert browser("10.8.2.1").sign_in(EMAIL).status_code == 200


def test_a_success_clears_the_accounts_failures(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, EMAIL)
    b = browser()
    for _ in range(settings.signin_delay_after_failures - 1):
        assert b.sign_in(EMAIL, WRONG).status_code == 401
    assert b.sign_in(EMAIL).status_code == 200
    for _ in range(settings.signin_delay_after_failures - 1):
        assert b.sign_in(EMAIL, WRONG).status_code == 401
    assert b.sign_in(EMAIL).status_code == 200


def test_a_client_the_owner_signed_in_from_skips_the_windows_a_spray_keeps_busy(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, EMAIL)
    owner = browser("10.9.0.1")
    assert owner.sign_in(EMAIL).status_code == 200  # the owner's usual client, now known
    free = settings.signin_delay_after_failures
    for n in range(free):
        assert browser(f"10.9.1.{n}").sign_in(EMAIL, WRONG).status_code == 401
    # The spray takes this window's one evaluation: a fresh client now has to wait ...
    assert browser("10.9.2.1").sign_in(EMAIL, WRONG).status_code == 401
    assert browser("10.9.2.2").sign_in(EMAIL).status_code == 429
    # ... but the owner's known client is evaluated at once, window or not.
    assert owner.sign_in(EMAIL).status_code == 200


def test_a_password_reset_forgets_which_clients_vouched_for_the_account(
    redis_client: Redis, settings: Settings
) -> None:
    signin_throttle.record_success(redis_client, settings, email=EMAIL, client_ip="10.9.3.1")
    account = signin_throttle.KNOWN_KEY.format(signin_throttle._account(EMAIL))
    assert redis_client.exists(account)
    signin_throttle.clear_account(redis_client, EMAIL)
    assert not redis_client.exists(account)
