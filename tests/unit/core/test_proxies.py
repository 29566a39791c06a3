"""The client address behind proxies: the right-most untrusted X-Forwarded-For hop, or the peer."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from core.proxies import client_address, parse_address, parse_networks
from core.settings import Settings

PROXIES = parse_networks(["10.0.0.5", "192.168.0.0/16", "::1"])


def test_an_untrusted_peer_is_the_client_whatever_the_header_says() -> None:
    assert client_address("203.0.113.9", ["198.51.100.1"], PROXIES) == "203.0.113.9"
    assert client_address("203.0.113.9", ["198.51.100.1"], []) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_right_most_hop_is_the_client() -> None:
    # The client wrote "1.1.1.1, 2.2.2.2"; the proxy appended the address it saw.
    forwarded = ["1.1.1.1, 2.2.2.2, 203.0.113.7"]
    assert client_address("10.0.0.5", forwarded, PROXIES) == "203.0.113.7"


def test_trusted_hops_are_skipped_from_the_right() -> None:
    # CDN-like chain: the client, then two proxies of ours, then the peer (also ours).
    forwarded = ["6.6.6.6, 203.0.113.7, 192.168.1.2"]
    assert client_address("10.0.0.5", forwarded, PROXIES) == "203.0.113.7"


def test_several_header_lines_read_as_one_list_in_order() -> None:
    forwarded = ["6.6.6.6", "203.0.113.7, 192.168.4.4"]
    assert client_address("10.0.0.5", forwarded, PROXIES) == "203.0.113.7"


def test_no_header_from_a_trusted_peer_gives_the_peer() -> None:
    assert client_address("10.0.0.5", [], PROXIES) == "10.0.0.5"
    assert client_address("10.0.0.5", ["  "], PROXIES) == "10.0.0.5"


def test_a_chain_of_trusted_hops_gives_its_left_most() -> None:
    assert client_address("10.0.0.5", ["192.168.9.9, 192.168.1.1"], PROXIES) == "192.168.9.9"


@pytest.mark.parametrize(
    "garbage", ["unknown", "", "1.2.3.999", "<script>", "1.2.3.4.5", "[::1", "x" * 5000]
)
def test_a_malformed_hop_stops_the_walk_at_the_last_trusted_hop(garbage: str) -> None:
    forwarded = [f"7.7.7.7, {garbage}, 192.168.1.1"]
    expected = "192.168.1.1" if garbage else "7.7.7.7"  # an empty hop is no hop at all
    assert client_address("10.0.0.5", forwarded, PROXIES) == expected


def test_ports_brackets_and_mapped_ipv4_are_understood() -> None:
    assert parse_address("203.0.113.7:4711") == ipaddress.ip_address("203.0.113.7")
    assert parse_address("[2001:db8::1]:443") == ipaddress.ip_address("2001:db8::1")
    assert parse_address("2001:db8::1") == ipaddress.ip_address("2001:db8::1")
    assert parse_address("::ffff:10.0.0.5") == ipaddress.ip_address("10.0.0.5")
    assert client_address("::ffff:10.0.0.5", ["203.0.113.7"], PROXIES) == "203.0.113.7"
    assert client_address("::1", ["[2001:db8::7]:80"], PROXIES) == "2001:db8::7"


def test_no_peer_and_a_peer_that_is_no_address() -> None:
    assert client_address(None, ["1.2.3.4"], PROXIES) == "unknown"
    assert client_address("testclient", ["1.2.3.4"], PROXIES) == "testclient"


@given(
    spoofed=st.lists(st.one_of(st.ip_addresses().map(str), st.text(max_size=20)), max_size=8),
    client=st.ip_addresses(v=4).filter(lambda a: not a.is_private),
)
def test_nothing_the_client_writes_changes_who_it_is(
    spoofed: list[str], client: ipaddress.IPv4Address
) -> None:
    """Whatever hops a client sends, the proxy's appended hop is what counts."""
    forwarded = [", ".join([*spoofed, str(client)])]
    assert client_address("10.0.0.5", forwarded, PROXIES) == str(client)


def test_trusted_proxies_setting_reads_a_comma_list_and_names_a_bad_entry() -> None:
    settings = Settings(trusted_proxies="10.0.0.5, 10.1.0.0/16 ,::1")  # type: ignore[arg-type]
    assert [str(net) for net in settings.trusted_proxies] == [
        "10.0.0.5/32",
        "10.1.0.0/16",
        "::1/128",
    ]
    assert Settings().trusted_proxies == ()
    with pytest.raises(ValidationError, match=r"'10\.0\.0\.x' is not an IP address"):
        Settings(trusted_proxies="10.0.0.x")  # type: ignore[arg-type]


def test_the_old_switch_is_refused_when_on_and_harmless_when_off() -> None:
    with pytest.raises(ValidationError, match="replaced by AISLE_TRUSTED_PROXIES"):
        Settings(trust_forwarded_for=True)
    assert Settings(trust_forwarded_for=False).trusted_proxies == ()
