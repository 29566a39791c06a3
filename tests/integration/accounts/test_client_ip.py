"""Which address the per-IP limits count, against a real `aisle serve` (uvicorn, real sockets).

The sign-in limit is the witness: the 429 follows the address the app takes for the client.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from redis import Redis

from core.settings import Settings
from tests.fixtures.accounts import Browser
from tests.fixtures.servers import http_browser, running_api

PER_IP = 5
LIMITS = {"AISLE_SIGNIN_PER_IP": str(PER_IP)}


@pytest.fixture(scope="module")
def direct_api(indexed_catalog: int, settings: Settings) -> Iterator[str]:
    """An API reached directly: no proxy is trusted (the default)."""
    with running_api(settings, "direct", LIMITS) as url:
        yield url


@pytest.fixture(scope="module")
def proxied_api(indexed_catalog: int, settings: Settings) -> Iterator[str]:
    """An API that trusts 127.0.0.1 (where this test's requests come from) as its proxy."""
    with running_api(settings, "proxied", {**LIMITS, "AISLE_TRUSTED_PROXIES": "127.0.0.1"}) as url:
        yield url


@pytest.fixture(autouse=True)
def fresh_limits(redis_client: Redis) -> None:
    """Start each test with no sign-in counted."""
    redis_client.flushdb()


def sign_in(browser: Browser, n: int, forwarded_for: str | None = None) -> int:
    """Fail one sign-in (a fresh email each time, so only the IP limit can bite)."""
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for is not None else {}
    body = {"email": f"u{n}@example.com", "password": "wrong-password-123"}
    return browser.post("/api/auth/sign-in", body, headers=headers).status_code


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_changes_nothing(direct_api: str) -> None:
    with http_browser(direct_api) as browser:
        statuses = [sign_in(browser, n, "203.0.113.77") for n in range(PER_IP + 1)]
        assert statuses == [401] * PER_IP + [429]
        # Rotating the header does not make a new client: the peer is still 127.0.0.1.
        rotated = [sign_in(browser, 100 + n, f"203.0.113.{78 + n}") for n in range(5)]
        assert rotated == [429] * 5
        assert sign_in(browser, 200, "127.0.0.2, 10.0.0.1") == 429


def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(
    proxied_api: str,
) -> None:
    with http_browser(proxied_api) as browser:
        # The client forges hops on the left; the proxy appended 203.0.113.10 on the right.
        statuses = [sign_in(browser, n, f"198.51.100.{n}, 203.0.113.10") for n in range(PER_IP + 1)]
        assert statuses == [401] * PER_IP + [429]
        assert sign_in(browser, 50, "1.1.1.1, 203.0.113.10") == 429
        # A trusted hop (127.0.0.1) on the right is skipped: still the same client.
        assert sign_in(browser, 51, "203.0.113.10, 127.0.0.1") == 429
        # Another client the proxy vouches for has its own count.
        assert sign_in(browser, 52, "203.0.113.10, 203.0.113.11") == 401
        # No header from the proxy: the proxy itself is the client, with its own count too.
        assert sign_in(browser, 53) == 401
        # A hop that is no address stops the walk at the trusted peer, 127.0.0.1 (counted once
        # just above); rotating the junk is no escape.
        garbage = [sign_in(browser, 60 + n, f"203.0.113.10, junk-{n}") for n in range(PER_IP)]
        assert garbage == [401] * (PER_IP - 1) + [429]
