"""Held-out sessions: same plan under any ranking, own random streams, history unchanged."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from analytics.heldout import play_held_out
from analytics.shoppers import make_shopper
from analytics.simulate import Simulation, live

pytestmark = pytest.mark.clock

CATALOG = {
    "Laptops": {"count": 300, "brands": ["Lenovo", "HP", "Dell"], "median_price": 800.0},
    "Headphones": {"count": 100, "brands": ["Sony", "JBL"], "median_price": 60.0},
    "Mice": {"count": 50, "brands": ["Logitech"], "median_price": 25.0},
}
PRODUCTS = [
    {
        "product_id": i,
        "product_type": sorted(CATALOG)[i % 3],
        "brand": ["Lenovo", "HP", "Dell", "Sony", "JBL", "Logitech"][i % 6],
        "price": float(5 * i),
        "in_stock": i % 4 != 0,
    }
    for i in range(1, 80)
]
NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)
Order = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


class FakeApi:
    """A stand-in for the search API that logs every request (searches answer in `order`)."""

    def __init__(self, order: Order = lambda hits: hits) -> None:
        self.order = order
        self.log: list[tuple[str, str, str]] = []
        self.cart: set[int] = set()
        self.client = httpx.Client(
            base_url="http://fake", transport=httpx.MockTransport(self.handle)
        )

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request like the API would, in shape."""
        path, body = request.url.path, request.content.decode()
        self.log.append((request.method, str(request.url), body))
        if path == "/api/search":
            query_id = f"q{sum(1 for entry in self.log if '/api/search' in entry[1])}"
            return httpx.Response(200, json={"query_id": query_id, "results": self.hits()})
        if path == "/api/events/batch":
            return httpx.Response(200, json={"accepted": len(json.loads(body)["events"])})
        if path.startswith("/api/cart/items/"):
            self.cart.add(int(path.rsplit("/", 1)[1]))
        elif path == "/api/cart" and request.method == "DELETE":
            self.cart.clear()
        elif path == "/api/orders":
            self.cart.clear()
            return httpx.Response(201, json={})
        return httpx.Response(200, json={"items": sorted(self.cart)})

    def hits(self) -> list[dict[str, Any]]:
        """Return the page of results in this fake's order."""
        return self.order(list(PRODUCTS))[:24]

    def searches(self) -> list[str]:
        """Return the query of every search made, in order."""
        return [url.split("q=")[1].split("&")[0] for _, url, _ in self.log if "/api/search" in url]


def sim(held_out_days: int = 0) -> Simulation:
    """Return a small simulation."""
    return Simulation(api="http://fake", users=6, days=3, seed=7, held_out_days=held_out_days)


def held_out(order: Order = lambda hits: hits, users: int = 6) -> list[FakeApi]:
    """Play the shoppers' held-out days against fakes; return them."""
    apis = []
    for number in range(users):
        api = FakeApi(order)
        play_held_out(make_shopper(number, 7, CATALOG), api.client, sim(2), NOW - timedelta(days=2))
        apis.append(api)
    return apis


def test_every_ranking_meets_the_same_searches_but_clicks_follow_what_is_shown() -> None:
    forward, backward = held_out(), held_out(lambda hits: hits[::-1])
    assert [a.searches() for a in forward] == [b.searches() for b in backward]
    assert sum(len(a.searches()) for a in forward) > 3
    clicks = [[body for _, url, body in a.log if "events" in url] for a in (*forward, *backward)]
    assert clicks[: len(forward)] != clicks[len(forward) :]


def test_held_out_sessions_are_reproducible_and_never_check_out() -> None:
    first, again = held_out(), held_out()
    assert [a.log for a in first] == [b.log for b in again]
    for api in first:
        assert not any("/api/orders" in url for _, url, _ in api.log)
        assert api.log[-1][:2] == ("DELETE", "http://fake/api/cart") and not api.cart


def test_held_out_streams_are_not_the_historys() -> None:
    history = []
    for number in range(6):
        api = FakeApi()
        live(make_shopper(number, 7, CATALOG), api.client, sim(), NOW)
        history.append(api.searches())
    assert history != [api.searches() for api in held_out()]


def test_held_out_events_are_labelled_and_follow_the_start() -> None:
    start = NOW - timedelta(days=2)
    for api in held_out():
        for _, url, body in api.log:
            if "events" not in url:
                continue
            for event in json.loads(body)["events"]:
                assert event["session_id"].split("-")[-1] in {"h0", "h1"}
                assert start < datetime.fromisoformat(event["timestamp"]) < NOW


def test_the_history_ends_held_out_days_ago() -> None:
    for number in range(6):
        api = FakeApi()
        live(make_shopper(number, 7, CATALOG), api.client, sim(held_out_days=2), NOW)
        for _, url, body in api.log:
            if "events" in url:
                for event in json.loads(body)["events"]:
                    assert datetime.fromisoformat(event["timestamp"]) < NOW - timedelta(days=2)


def test_a_seeds_history_is_what_it_was_before_held_out_sessions() -> None:
    digest = hashlib.sha256()
    for number in range(6):
        api = FakeApi()
        live(make_shopper(number, 7, CATALOG), api.client, sim(), NOW)
        digest.update(json.dumps(api.log).encode())
    # Recorded with analytics.simulate as it was before held-out sessions were added.
    assert digest.hexdigest() == "61508bc276b1dc7d666190b877d64cbbe2f7c7a5f53177dfcc2964371159ca56"
