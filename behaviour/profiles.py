"""Shopper profiles: what each shopper looks at, kept in Redis and updated as events arrive.

The same arithmetic rebuilds a profile from Postgres as of any moment (for training without
peeking at the future); a test proves both give the same profile. Impressions count what the
shopper was shown, per brand and price band, so ranking can tell what they take up from what
they merely saw most (ranking.features: brand and price uptake).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.orm import Session

from behaviour.models import Event
from catalog.models import Product

log = logging.getLogger(__name__)

KEY = "aisle:profile:{}"
RECENT_KEY = "aisle:profile:{}:{}"
# How much each act says about taste; purchases (orders) are not events here.
WEIGHTS = {"product_view": 1.0, "click": 1.0, "add_to_cart": 3.0}
# Being shown a product says what the shopper saw, not what they like: counted apart.
IMPRESSION = "impression"
# Price bands for uptake: each band's top price is 1.6 times its bottom.
PRICE_BAND_RATIO = 1.6
RECENT = 50
TTL_S = 90 * 24 * 3600
# Session context: the shopper's acts in the half hour before a search (the last few kept).
SESSION_S = 30 * 60
SESSION_ACTS = 20


@dataclass(frozen=True)
class Act:
    """One interaction, with the product facts a profile keeps."""

    kind: str
    product_id: int
    brand: str | None
    product_type: str | None
    price: float | None
    at: datetime


@dataclass(frozen=True)
class SessionAct:
    """One recent interaction as session context keeps it: when, and the product's kind."""

    at: float  # POSIX seconds
    brand: str | None
    product_type: str | None


@dataclass(frozen=True)
class ClusterView:
    """A shopper's cluster and what its shoppers look at (shares of the cluster's interest)."""

    cluster: int
    items: Mapping[int, float] = field(default_factory=dict)
    types: Mapping[str, float] = field(default_factory=dict)


@dataclass
class Profile:
    """Weighted brands and types, price statistics, and recently viewed and carted products."""

    brands: dict[str, float] = field(default_factory=dict)
    types: dict[str, float] = field(default_factory=dict)
    price_n: float = 0.0
    price_sum: float = 0.0
    price_sq: float = 0.0
    viewed: list[int] = field(default_factory=list)
    carted: list[int] = field(default_factory=list)
    session: list[SessionAct] = field(default_factory=list)  # newest first
    # Interest (the weights of acts) per price band, and the total.
    band_interest: dict[int, float] = field(default_factory=dict)
    interest: float = 0.0
    # Impressions: per brand, per price band, and the total.
    shown_brands: dict[str, float] = field(default_factory=dict)
    shown_bands: dict[int, float] = field(default_factory=dict)
    shown: float = 0.0
    # Attached for ranking (behaviour.clusters); not part of what events build.
    cluster: ClusterView | None = field(default=None, compare=False)

    def add(self, act: Act) -> None:
        """Fold one interaction in (the in-memory twin of `record`)."""
        if act.kind == IMPRESSION:
            self.shown += 1
            if act.brand:
                _bump(self.shown_brands, act.brand, 1.0)
            if act.price is not None:
                _bump(self.shown_bands, price_band(act.price), 1.0)
            return
        weight = WEIGHTS[act.kind]
        self.interest += weight
        if act.brand:
            _bump(self.brands, act.brand, weight)
        if act.product_type:
            _bump(self.types, act.product_type, weight)
        if act.price is not None:
            self.price_n += 1
            self.price_sum += act.price
            self.price_sq += act.price * act.price
            _bump(self.band_interest, price_band(act.price), weight)
        recent = self.carted if act.kind == "add_to_cart" else self.viewed
        if act.product_id in recent:
            recent.remove(act.product_id)
        recent.insert(0, act.product_id)
        del recent[RECENT:]
        self.session.insert(0, SessionAct(act.at.timestamp(), act.brand, act.product_type))
        del self.session[SESSION_ACTS:]

    def session_at(self, now: datetime) -> list[SessionAct]:
        """Return the acts of the session going on at `now` (the last SESSION_S seconds)."""
        moment = now.timestamp()
        return [act for act in self.session if moment - SESSION_S <= act.at <= moment]


def price_band(price: float) -> int:
    """Return the price band a price falls in (bands grow by PRICE_BAND_RATIO)."""
    return math.floor(math.log(max(price, 1.0)) / math.log(PRICE_BAND_RATIO))


def _bump(counts: dict[Any, float], key: Any, weight: float) -> None:
    """Add weight to one count."""
    counts[key] = counts.get(key, 0.0) + weight


def record(redis: Redis[str], owner: str, acts: Sequence[Act]) -> None:
    """Apply interactions to the owner's profile in Redis; a failure is logged, not raised."""
    acts = [act for act in acts if act.kind in WEIGHTS or act.kind == IMPRESSION]
    if not acts:
        return
    key = KEY.format(owner)
    pipe = redis.pipeline(transaction=True)
    for act in acts:
        if act.kind == IMPRESSION:
            pipe.hincrbyfloat(key, "shown", 1)
            if act.brand:
                pipe.hincrbyfloat(key, f"shown_brand:{act.brand}", 1)
            if act.price is not None:
                pipe.hincrbyfloat(key, f"shown_band:{price_band(act.price)}", 1)
            continue
        weight = WEIGHTS[act.kind]
        pipe.hincrbyfloat(key, "interest", weight)
        if act.brand:
            pipe.hincrbyfloat(key, f"brand:{act.brand}", weight)
        if act.product_type:
            pipe.hincrbyfloat(key, f"type:{act.product_type}", weight)
        if act.price is not None:
            pipe.hincrbyfloat(key, "price_n", 1)
            pipe.hincrbyfloat(key, "price_sum", act.price)
            pipe.hincrbyfloat(key, "price_sq", act.price * act.price)
            pipe.hincrbyfloat(key, f"band:{price_band(act.price)}", weight)
        recent = RECENT_KEY.format(owner, "carted" if act.kind == "add_to_cart" else "viewed")
        pipe.lrem(recent, 0, str(act.product_id))
        pipe.lpush(recent, str(act.product_id))
        pipe.ltrim(recent, 0, RECENT - 1)
        pipe.expire(recent, TTL_S)
        session = RECENT_KEY.format(owner, "session")
        pipe.lpush(session, json.dumps([act.at.timestamp(), act.brand, act.product_type]))
        pipe.ltrim(session, 0, SESSION_ACTS - 1)
        pipe.expire(session, TTL_S)
    pipe.expire(key, TTL_S)
    try:
        pipe.execute()
    except RedisError as exc:
        log.warning("could not update the profile of %s: %s", owner, exc)


def load(redis: Redis[str], owner: str) -> Profile | None:
    """Return the owner's live profile, or None if they have done nothing yet."""
    pipe = redis.pipeline()
    pipe.hgetall(KEY.format(owner))
    pipe.lrange(RECENT_KEY.format(owner, "viewed"), 0, RECENT - 1)
    pipe.lrange(RECENT_KEY.format(owner, "carted"), 0, RECENT - 1)
    pipe.lrange(RECENT_KEY.format(owner, "session"), 0, SESSION_ACTS - 1)
    fields, viewed, carted, session = pipe.execute()
    if not fields:
        return None
    profile = Profile(
        viewed=[int(v) for v in viewed],
        carted=[int(c) for c in carted],
        session=[SessionAct(*json.loads(entry)) for entry in session],
    )
    counts: dict[str, dict[Any, float]] = {
        "brand": profile.brands,
        "type": profile.types,
        "shown_brand": profile.shown_brands,
    }
    bands = {"band": profile.band_interest, "shown_band": profile.shown_bands}
    for name, value in fields.items():
        kind, _, label = name.partition(":")
        if kind in counts:
            counts[kind][label] = float(value)
        elif kind in bands:
            bands[kind][int(label)] = float(value)
        else:
            setattr(profile, name, float(value))
    return profile


def rebuild(db: Session, owners: Any, *, before: datetime | None = None) -> Profile | None:
    """Rebuild a profile from the events in Postgres, as it stood just before `before`."""
    query = (
        select(
            Event.event_type,
            Event.product_id,
            Product.brand,
            Product.product_type,
            Product.price,
            Event.occurred_at,
        )
        .join(Product, Product.id == Event.product_id)
        .where(owners, Event.event_type.in_((*WEIGHTS, IMPRESSION)))
        .order_by(Event.occurred_at, Event.id)
    )
    if before is not None:
        query = query.where(Event.occurred_at < before)
    acts = [
        Act(kind, pid, brand, kind_of, float(price) if price is not None else None, at)
        for kind, pid, brand, kind_of, price, at in db.execute(query)
    ]
    return fold_acts(acts)


def fold_acts(acts: Iterable[Act]) -> Profile | None:
    """Fold interactions, oldest first, into a profile (None if there are none)."""
    profile = Profile()
    seen = False
    for act in acts:
        profile.add(act)
        seen = True
    return profile if seen else None


def live_profile(redis: Redis[str], owner: str) -> Profile | None:
    """Return a shopper's live profile for ranking; None if absent or Redis is unreachable."""
    try:
        return load(redis, owner)
    except RedisError as exc:
        log.warning("profile unavailable, ranking without it: %s", exc)
        return None
