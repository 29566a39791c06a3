"""Slow clients against a real `aisle serve`: a stalled head is cut off, a stalled body gets 408."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from core.settings import Settings
from tests.fixtures.servers import (
    browser_headers,
    http_browser,
    port_of,
    read_until_closed,
    running_api,
)

HEADER_TIMEOUT_S = 1.5
BODY_TIMEOUT_S = 2.0


@pytest.fixture(scope="module")
def api(indexed_catalog: int, settings: Settings) -> Iterator[str]:
    """A real API with short head and body deadlines."""
    env = {
        "AISLE_HEADER_TIMEOUT_S": str(HEADER_TIMEOUT_S),
        "AISLE_BODY_TIMEOUT_S": str(BODY_TIMEOUT_S),
    }
    with running_api(settings, "slow-clients", env) as url:
        yield url


def connect(url: str) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port_of(url)), timeout=5)


def test_half_a_request_head_is_answered_408_and_closed_in_time(api: str) -> None:
    with connect(api) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: aisle\r\nX-Slow: ")
        answer, waited = read_until_closed(conn, HEADER_TIMEOUT_S + 5)
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["detail"][0]["type"] == "header_timeout"
    assert HEADER_TIMEOUT_S - 0.3 <= waited <= HEADER_TIMEOUT_S + 2


def test_a_connection_that_never_sends_is_closed_in_time(api: str) -> None:
    with connect(api) as conn:
        answer, waited = read_until_closed(conn, HEADER_TIMEOUT_S + 5)
    assert answer == b""
    assert waited <= HEADER_TIMEOUT_S + 2


def test_a_head_trickled_byte_by_byte_is_cut_off_at_the_deadline(api: str) -> None:
    """The deadline is for the whole head: bytes arriving now and then do not renew it."""
    head = b"GET /healthz HTTP/1.1\r\nHost: aisle\r\nX-Padding: " + b"a" * 100
    started = time.monotonic()
    with connect(api) as conn:
        try:
            for byte in head:
                conn.sendall(bytes([byte]))
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer, _ = read_until_closed(conn, 5)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - started <= HEADER_TIMEOUT_S + 2


def test_a_stalled_body_gets_408_in_the_apps_error_shape(api: str) -> None:
    started = time.monotonic()
    with http_browser(api) as browser, connect(api) as conn:
        conn.sendall(
            b"POST /api/auth/sign-in HTTP/1.1\r\nHost: aisle\r\n"
            b"Content-Type: application/json\r\nContent-Length: 200\r\n"
            + browser_headers(browser).encode()
            + b"\r\n"
            + b'{"email": "ann@'
        )
        answer, _ = read_until_closed(conn, BODY_TIMEOUT_S + 5)
    waited = time.monotonic() - started
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 "), answer
    assert b"connection: close" in head.lower()
    assert json.loads(body) == {
        "detail": [
            {
                "loc": ["body"],
                "msg": f"the request body did not arrive within {BODY_TIMEOUT_S:g} seconds",
                "type": "body_timeout",
            }
        ]
    }
    assert BODY_TIMEOUT_S - 0.3 <= waited <= BODY_TIMEOUT_S + 2


def test_a_trickled_body_is_cut_off_at_the_deadline(api: str) -> None:
    """One byte every 0.2 s passes any gap check; the whole body's deadline stops it."""
    body = json.dumps({"email": "ann@example.com", "password": "x" * 40}).encode()
    started = time.monotonic()
    with http_browser(api) as browser, connect(api) as conn:
        conn.sendall(
            b"POST /api/auth/sign-in HTTP/1.1\r\nHost: aisle\r\n"
            b"Content-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n"
            + browser_headers(browser).encode()
            + b"\r\n"
        )
        try:
            for byte in body:
                conn.sendall(bytes([byte]))
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer, _ = read_until_closed(conn, 5)
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert time.monotonic() - started <= BODY_TIMEOUT_S + 2


def test_ordinary_requests_and_kept_alive_connections_are_unaffected(api: str) -> None:
    with http_browser(api) as browser:
        answer = browser.post(
            "/api/auth/sign-in", {"email": "nobody@example.com", "password": "wrong-password-123"}
        )
    assert answer.status_code == 401
    # One connection, idle between requests for less than uvicorn's keep-alive: each request
    # gets its own head deadline, not the connection's first.
    with httpx.Client(base_url=api, timeout=5) as client:
        for _ in range(3):
            assert client.get("/healthz").status_code == 200
            time.sleep(HEADER_TIMEOUT_S * 0.8)
        assert client.get("/api/search", params={"q": "laptop"}).status_code == 200
