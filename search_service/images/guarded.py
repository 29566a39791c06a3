"""Connections that go only to the address that was checked: the image fetch's guard.

The name is resolved and every answer checked inside the connect step, and the socket is
opened to one of those checked addresses, so there is no second lookup a hostile DNS could
answer differently (DNS rebinding). httpcore still sends the original name as the Host
header and as the TLS server name, and verifies the certificate against it. Every new
connection (so every redirect hop to another host) passes through the same step.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses it resolves to (as text); tests pass one they control.
Resolver = Callable[[str, int], Awaitable[list[str]]]


class AddressRefused(Exception):
    """A host cannot be resolved, or resolves to an address we may not connect to."""


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve `host` with the system's resolver (getaddrinfo, off the event loop)."""
    answers = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(answer[4][0]) for answer in answers]


def _address(text: str) -> IPAddress:
    """Parse an answer, dropping an IPv6 zone and unwrapping an IPv4-mapped address."""
    address = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


async def checked_addresses(
    host: str, port: int, *, allow_private: bool, resolver: Resolver
) -> list[IPAddress]:
    """Resolve `host` and return its addresses, refusing it if any is not public."""
    try:
        answers = [_address(answer) for answer in await resolver(host, port)]
    except (OSError, UnicodeError, ValueError) as error:
        raise AddressRefused(f"cannot resolve {host!r}") from error
    if not answers:
        raise AddressRefused(f"cannot resolve {host!r}")
    for address in answers:
        # All, not any: a name answering one public and one private address is refused.
        if not address.is_global and not allow_private:
            raise AddressRefused(f"{host!r} resolves to a non-public address ({address})")
    return answers


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Open TCP connections only to checked addresses of the requested host."""

    def __init__(
        self,
        *,
        allow_private: bool,
        resolver: Resolver = system_resolver,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve and check `host`, then connect to the first checked address that answers."""
        addresses = await checked_addresses(
            host, port, allow_private=self.allow_private, resolver=self.resolver
        )
        failure: Exception | None = None
        for address in addresses:
            try:
                # An address literal: the inner backend does no lookup of its own.
                return await self.inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None  # checked_addresses never returns an empty list
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Refuse: image sources are web addresses, never local sockets."""
        raise AddressRefused("unix sockets are not image sources")

    async def sleep(self, seconds: float) -> None:
        """Sleep as the inner backend does."""
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool that connects through a GuardedBackend."""

    def __init__(self, backend: GuardedBackend) -> None:
        super().__init__(trust_env=False)
        # httpx takes no network backend, so its pool is replaced by one built the same way
        # (verified TLS, HTTP/1.1) with ours; the tests fetch through it, so a change in
        # httpx that broke this would fail them.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=backend,
        )
