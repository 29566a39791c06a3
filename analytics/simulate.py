"""The shopper simulator: synthetic shoppers using the real HTTP API, deterministic per seed.

Each shopper has an account and an API token (made directly in the database, like a script's
credentials; sign-up would need their mailbox). Everything they do after that goes through
the HTTP API, the same code paths as people: search, scan results top-down with position
bias, click, open product pages, add to cart, buy. See README "Shopper simulator".
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from accounts.api_tokens import create_api_token
from accounts.models import Role, User, UserStatus
from accounts.users import create_user, find_user_by_email
from analytics.shoppers import Shopper, appeal, examines, make_shopper, query_for
from core.settings import Settings

PAGE_SIZE = 24
SESSION_CHANCE = 0.6
SHOPPER_EMAIL = re.compile(r"^shopper(\d+)\.sim\d+@example\.com$")  # as token_for makes them


@dataclass
class Simulation:
    """What to simulate and where."""

    api: str
    users: int
    days: int
    seed: int
    held_out_days: int = 0  # the history ends this many days ago (analytics.heldout fills them)


def learn_catalog(http: httpx.Client) -> dict[str, dict[str, Any]]:
    """Learn the catalog's bigger product types, their brands and median prices via the API."""
    facets = http.get("/api/search", params={"size": 1}).json()["facets"]
    catalog: dict[str, dict[str, Any]] = {}
    for value in facets.get("product_type", [])[:15]:
        if value["count"] < 10:
            continue
        name = value["value"]
        typed = http.get("/api/search", params={"type": name, "size": 1}).json()
        brands = [b["value"] for b in typed["facets"].get("brand", [])[:10]]
        middle = min(typed["total"] // 2 + 1, 1000)
        cheapest = http.get(
            "/api/search", params={"type": name, "sort": "price_asc", "size": 1, "page": middle}
        ).json()
        prices = [hit["price"] for hit in cheapest["results"] if hit["price"] is not None]
        catalog[name] = {
            "count": value["count"],
            "brands": brands or ["-"],
            "median_price": statistics.median(prices) if prices else None,
        }
    return catalog


def token_for(
    factory: sessionmaker[Session], settings: Settings, sim: Simulation, number: int
) -> str:
    """Create (or reuse) the shopper's account and return a fresh API token for it."""
    email = f"shopper{number}.sim{sim.seed}@example.com"
    with factory() as db:
        user = find_user_by_email(db, email)
        if user is None:
            user = create_user(
                db,
                settings,
                email=email,
                password=f"walk-{sim.seed}-{number}-plum",
                display_name=f"Simulated {number}",
                role=Role.SHOPPER,
                status=UserStatus.ACTIVE,
            )
            db.commit()
        _, secret = create_api_token(db, user_id=user.id, name="simulator", expires_in_days=1)
    return secret


def simulated_shoppers(
    db: Session, seed: int, catalog: dict[str, dict[str, Any]]
) -> dict[int, Shopper]:
    """Return a seed's simulated shoppers, hidden tastes included, by their user ids."""
    rows = db.execute(
        select(User.id, User.email).where(User.email.like(f"shopper%.sim{seed}@example.com"))
    )
    return {user_id: make_shopper(_shopper_number(email), seed, catalog) for user_id, email in rows}


def _shopper_number(email: str) -> int:
    """Return a simulated shopper's number from their address (see token_for)."""
    found = SHOPPER_EMAIL.match(email)
    if found is None:
        raise ValueError(f"{email} is not a simulated shopper's address")
    return int(found[1])


@contextmanager
def signed_in(
    sim: Simulation, factory: sessionmaker[Session], settings: Settings, number: int
) -> Iterator[httpx.Client]:
    """Yield an HTTP client of the API signed in as simulated shopper `number`."""
    token = token_for(factory, settings, sim, number)
    headers = {"authorization": f"Bearer {token}"}
    with httpx.Client(base_url=sim.api, timeout=30, headers=headers) as http:
        yield http


def run(sim: Simulation, factory: sessionmaker[Session], settings: Settings) -> Counter[str]:
    """Simulate every shopper in turn; return counts of what they did."""
    now = datetime.now(UTC)
    with httpx.Client(base_url=sim.api, timeout=30) as http:
        catalog = learn_catalog(http)
    if not catalog:
        raise RuntimeError("the catalog has no product types with 10 or more products")
    return each_shopper(
        sim, factory, settings, catalog, lambda shopper, http: live(shopper, http, sim, now)
    )


def each_shopper(
    sim: Simulation,
    factory: sessionmaker[Session],
    settings: Settings,
    catalog: dict[str, dict[str, Any]],
    play: Callable[[Shopper, httpx.Client], Counter[str]],
) -> Counter[str]:
    """Let `play` act for every simulated shopper in turn, signed in; return the summed counts."""
    counts: Counter[str] = Counter()
    for number in range(sim.users):
        shopper = make_shopper(number, sim.seed, catalog)
        with signed_in(sim, factory, settings, number) as http:
            counts += play(shopper, http)
    counts["shoppers"] = sim.users
    return counts


def live(shopper: Shopper, http: httpx.Client, sim: Simulation, now: datetime) -> Counter[str]:
    """Play out one shopper's days: sessions of searches, clicks, carts and orders."""
    counts: Counter[str] = Counter()
    rng = shopper.rng
    for day in range(sim.days):
        if rng.random() > SESSION_CHANCE:
            continue
        counts["sessions"] += 1
        days_ago = sim.days + sim.held_out_days - day
        start = now - timedelta(days=days_ago) + timedelta(hours=rng.uniform(6, 20))
        clock = [start]
        for _ in range(rng.randint(1, 3)):
            counts += search_and_browse(shopper, http, clock, day)
        if http.get("/api/cart").json()["items"] and rng.random() < shopper.eagerness:
            placed = http.post("/api/orders", json={})
            counts["orders" if placed.status_code == 201 else "orders_refused"] += 1
            if placed.status_code != 201:
                http.delete("/api/cart")
    return counts


def search_and_browse(
    shopper: Shopper,
    http: httpx.Client,
    clock: list[datetime],
    day: int | str,
    query: str | None = None,
) -> Counter[str]:
    """Search once, scan the results top-down, act on what appeals; report events in a batch.

    The query is made up from the shopper's own generator unless one is given (held-out
    sessions draw their queries from a separate stream; see analytics.heldout).
    """
    counts: Counter[str] = Counter({"searches": 1})
    rng = shopper.rng
    q = query if query is not None else query_for(shopper)
    page = http.get("/api/search", params={"q": q, "size": PAGE_SIZE}).json()
    events: list[dict[str, Any]] = []
    seen: list[dict[str, int]] = []
    for position, hit in enumerate(page.get("results", []), start=1):
        if not examines(shopper, position):
            break
        seen.append({"product_id": hit["product_id"], "position": position})
        if rng.random() >= appeal(shopper, hit):
            continue
        counts["clicks"] += 1
        base = {"query_id": page["query_id"], "product_id": hit["product_id"]}
        events.append(_event(shopper, clock, "click", day, {**base, "position": position}))
        http.get(f"/api/products/{hit['product_id']}")
        events.append(_event(shopper, clock, "product_view", day, base))
        if hit["in_stock"] and rng.random() < appeal(shopper, hit) * 0.6:
            http.put(f"/api/cart/items/{hit['product_id']}", json={"quantity": 1})
            events.append(_event(shopper, clock, "add_to_cart", day, {**base, "quantity": 1}))
            counts["carts"] += 1
            if rng.random() < 0.5:
                break
    if seen:
        events.insert(
            0,
            _event(
                shopper, clock, "impression", day, {"query_id": page["query_id"], "items": seen}
            ),
        )
    if events:
        answer = http.post("/api/events/batch", json={"events": events}).json()
        counts["events"] += answer.get("accepted", 0) + answer.get("duplicates", 0)
        counts["events_refused"] += len(answer.get("rejected", []))
    return counts


def _event(
    shopper: Shopper, clock: list[datetime], kind: str, day: int | str, fields: dict[str, Any]
) -> dict[str, Any]:
    """Return an event a few seconds after the previous one, with a reproducible id."""
    clock[0] += timedelta(seconds=shopper.rng.uniform(2, 40))
    serial = shopper.rng.getrandbits(48)
    return {
        "client_event_id": f"sim-{shopper.number}-{day}-{serial:x}",
        "type": kind,
        "timestamp": clock[0].isoformat(),
        "session_id": f"sim-{shopper.number}-{day}",
        **fields,
    }
