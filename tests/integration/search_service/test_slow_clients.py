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
MAX_CONNECTIONS = 20


@pytest.fixture(scope="module")
def api(indexed_catalog: int, settings: Settings) -> Iterator[str]:
    """A real API with short head and body deadlines."""
    env = {
        "AISLE_HEADER_TIMEOUT_S": str(HEADER_TIMEOUT_S),
        "AISLE_BODY_TIMEOUT_S": str(BODY_TIMEOUT_S),
        "AISLE_MAX_CONNECTIONS": str(MAX_CONNECTIONS),
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
    # gets its own head deadline, not the connection's first (3 requests outlast one).
    with connect(api) as conn:
        for _ in range(3):
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: aisle\r\n\r\n")
            assert read_response(conn).startswith(b"HTTP/1.1 200 ")
            time.sleep(HEADER_TIMEOUT_S * 0.8)
    with httpx.Client(base_url=api, timeout=5) as client:
        assert client.get("/api/search", params={"q": "laptop"}).status_code == 200


def read_response(conn: socket.socket) -> bytes:
    """Read one response with a Content-Length from a kept-alive connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        assert chunk, f"the server closed the connection: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += conn.recv(65536)
    return head


def test_past_the_connection_cap_requests_get_503_until_idle_ones_are_cut(api: str) -> None:
    idle = [connect(api) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.2)
        assert httpx.get(f"{api}/healthz", timeout=5).status_code == 503
        # The head deadline frees the idle sockets, and the server serves again.
        time.sleep(HEADER_TIMEOUT_S + 1)
        assert httpx.get(f"{api}/healthz", timeout=5).status_code == 200
    finally:
        for conn in idle:
            conn.close()
