"""The image fetch connects only to the address it checked (no DNS rebinding), without a network.

A resolver the test controls stands in for DNS, and a recording httpcore backend stands in
for the sockets: it notes where each connection was asked to go and what was sent on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import httpcore
import pytest

from search_service.images.fetch import FetchLimits, ImageUnavailable, fetch_image
from search_service.images.guarded import GuardedBackend

PUBLIC = "93.184.215.14"
LIMITS = FetchLimits(timeout_s=2.0, max_bytes=10_000, allow_private=False)
PNG_ANSWER = [
    b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\n\r\n",
    b"\x89PNG",
]


class FlippingResolver:
    """A hostile DNS: the first answer for a name is public, every later one is loopback."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        return [PUBLIC] if self.asked.count(host) == 1 else ["127.0.0.1"]


class RecordingStream(httpcore.AsyncMockStream):
    """A canned answer that records the bytes sent and the TLS server name asked for."""

    def __init__(self, buffer: list[bytes], log: dict[str, list[object]]) -> None:
        super().__init__(buffer)
        self.log = log

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.log["sent"].append(buffer)

    async def start_tls(
        self,
        ssl_context: object,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.log["sni"].append(server_hostname)
        return self


class RecordingBackend(httpcore.AsyncMockBackend):
    """Sockets that go nowhere: each connection notes its address and plays canned answers."""

    def __init__(self, answers: list[list[bytes]]) -> None:
        super().__init__([])
        self.answers = answers
        self.log: dict[str, list[object]] = {"connected": [], "sent": [], "sni": []}

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.log["connected"].append((host, port))
        return RecordingStream(list(self.answers.pop(0)), self.log)


def guarded(resolver: FlippingResolver, sockets: RecordingBackend) -> GuardedBackend:
    """Return the guard over the recording sockets, resolving with `resolver`."""
    return GuardedBackend(allow_private=False, resolver=resolver, inner=sockets)


def test_the_connection_goes_to_the_checked_address_under_the_original_name() -> None:
    resolver, sockets = FlippingResolver(), RecordingBackend([PNG_ANSWER])
    fetched = asyncio.run(
        fetch_image("http://img.rebind.test/a.png", LIMITS, guard=guarded(resolver, sockets))
    )
    assert fetched.body == b"\x89PNG"
    # Asked once: a second lookup (the one a rebinding DNS would answer with loopback) never happens.
    assert resolver.asked == ["img.rebind.test"]
    assert sockets.log["connected"] == [(PUBLIC, 80)]
    request = b"".join(part for part in sockets.log["sent"] if isinstance(part, bytes))
    assert b"Host: img.rebind.test\r\n" in request


def test_tls_is_for_the_original_name_not_the_address() -> None:
    resolver, sockets = FlippingResolver(), RecordingBackend([PNG_ANSWER])
    asyncio.run(
        fetch_image("https://img.rebind.test/a.png", LIMITS, guard=guarded(resolver, sockets))
    )
    assert sockets.log["connected"] == [(PUBLIC, 443)]
    assert sockets.log["sni"] == ["img.rebind.test"]


def test_a_name_that_now_answers_loopback_is_never_connected() -> None:
    resolver, sockets = FlippingResolver(), RecordingBackend([PNG_ANSWER])
    resolver.asked.append("img.rebind.test")  # its public answer was given to someone else
    with pytest.raises(ImageUnavailable, match="non-public"):
        asyncio.run(
            fetch_image("http://img.rebind.test/a.png", LIMITS, guard=guarded(resolver, sockets))
        )
    assert sockets.log["connected"] == []


def test_a_redirect_to_a_rebound_name_is_refused_at_its_connect() -> None:
    redirect = [
        b"HTTP/1.1 302 Found\r\nLocation: http://cdn.rebind.test/a.png\r\nContent-Length: 0\r\n\r\n"
    ]
    resolver, sockets = FlippingResolver(), RecordingBackend([redirect, PNG_ANSWER])
    resolver.asked.append("cdn.rebind.test")  # the hop's name has already flipped to loopback
    with pytest.raises(ImageUnavailable, match="non-public"):
        asyncio.run(
            fetch_image("http://img.rebind.test/a.png", LIMITS, guard=guarded(resolver, sockets))
        )
    assert sockets.log["connected"] == [(PUBLIC, 80)], "the hop opened no connection"


def test_a_name_with_one_private_answer_among_public_ones_is_refused() -> None:
    sockets = RecordingBackend([PNG_ANSWER])

    async def mixed(host: str, port: int) -> list[str]:
        return [PUBLIC, "10.0.0.7"]

    guard = GuardedBackend(allow_private=False, resolver=mixed, inner=sockets)
    with pytest.raises(ImageUnavailable, match="non-public"):
        asyncio.run(fetch_image("http://img.mixed.test/a.png", LIMITS, guard=guard))
    assert sockets.log["connected"] == []
