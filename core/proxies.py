"""The client's address behind reverse proxies: the right-most X-Forwarded-For hop not trusted.

Each proxy appends the address it was reached from, so only the right end of the header is
written by proxies we run; everything to the left of the first untrusted hop came from the
client and may be forged. The header is read only when the direct peer is a trusted proxy.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[IPNetwork]:
    """Parse addresses and CIDRs ("10.0.0.5", "10.0.0.0/8", "::1"); ValueError names a bad one."""
    networks: list[IPNetwork] = []
    for value in values:
        text = value.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not an IP address or CIDR network") from exc
    return networks


def parse_address(value: str) -> IPAddress | None:
    """Parse one hop ("1.2.3.4", "1.2.3.4:80", "[::1]:80", "::1"); None when it is not one."""
    text = value.strip()
    if text.startswith("["):
        inside, bracket, port = text[1:].partition("]")
        if not bracket or (port and not port.startswith(":")):
            return None
        text = inside
    elif text.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has several colons
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # An IPv4 client reached over a dual-stack socket counts as that IPv4 address.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_trusted(address: IPAddress, trusted: Sequence[IPNetwork]) -> bool:
    """Say whether an address lies in one of the trusted networks."""
    return any(address.version == net.version and address in net for net in trusted)


def client_address(
    peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[IPNetwork]
) -> str:
    """Return the client's address from the TCP peer and the X-Forwarded-For header values.

    From an untrusted peer the header is ignored. From a trusted one the hops are walked from
    the right, skipping trusted proxies; the first untrusted hop is the client. A hop that is
    not an address stops the walk at the last trusted hop (a value nobody can rotate), and a
    chain of trusted hops only gives its left-most one.
    """
    if peer is None:
        return "unknown"
    peer_address = parse_address(peer)
    if peer_address is None or not is_trusted(peer_address, trusted):
        return str(peer_address) if peer_address is not None else peer
    client = peer_address
    hops = [hop for value in forwarded_for for hop in value.split(",")]
    for hop in reversed(hops):
        if not hop.strip():
            continue
        address = parse_address(hop)
        if address is None:
            break
        client = address
        if not is_trusted(address, trusted):
            break
    return str(client)
