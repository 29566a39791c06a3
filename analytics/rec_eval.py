"""Offline evaluation of recommendations: each shopper's last click is held out, and every
recommender is scored on whether (and how high) it would have suggested that product.

Recommenders compared: personal (the for-you affinity model, fed only the history before the
held-out click), trending-only (popularity counted without any held-out click) and random.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from elasticsearch import Elasticsearch
from sqlalchemy import select
from sqlalchemy.orm import Session

from analytics.recommend import affinity, personal_ids
from behaviour.models import Event
from catalog.models import Product

INTERACTIONS = ("click", "product_view", "add_to_cart")


@dataclass(frozen=True)
class HeldOut:
    """One shopper's last click: what the recommenders must find."""

    user_id: int
    product_id: int
    at: datetime


@dataclass(frozen=True)
class Score:
    """HitRate@k and NDCG@k of one recommender."""

    hit_rate: float
    ndcg: float


def held_out_clicks(db: Session) -> list[HeldOut]:
    """Return every signed-in shopper's last click (shoppers with earlier history only)."""
    rows = db.execute(
        select(Event.user_id, Event.product_id, Event.occurred_at, Event.event_type)
        .where(Event.user_id.is_not(None), Event.event_type.in_(INTERACTIONS))
        .order_by(Event.user_id, Event.occurred_at, Event.id)
    ).all()
    last: dict[int, HeldOut] = {}
    earlier: Counter[int] = Counter()
    for user_id, product_id, at, kind in rows:
        if kind == "click" and user_id is not None:
            if user_id in last:
                earlier[user_id] += 1
            last[user_id] = HeldOut(user_id, product_id, at)
    return [held for user_id, held in sorted(last.items()) if earlier[user_id] > 0]


def evaluate(
    db: Session, es: Elasticsearch, alias: str, *, k: int = 20, seed: int = 0
) -> dict[str, Score]:
    """Score personal, trending-only and random recommendations on the held-out clicks."""
    held = held_out_clicks(db)
    popular = _popularity_without(db, held)
    types = dict(db.execute(select(Product.id, Product.product_type).where(Product.active)).all())
    rng = random.Random(seed)  # noqa: S311 - a reproducible baseline, not a secret
    catalogue = sorted(types)
    recommenders: dict[str, Callable[[HeldOut], list[int]]] = {
        "personal": lambda h: _personal(db, es, alias, h, popular, types, k),
        "trending": lambda h: popular[:k],
        "random": lambda h: rng.sample(catalogue, min(k, len(catalogue))),
    }
    return {name: _score(recommend, held, k) for name, recommend in recommenders.items()}


def _personal(
    db: Session,
    es: Elasticsearch,
    alias: str,
    held: HeldOut,
    popular: list[int],
    types: dict[int, str | None],
    k: int,
) -> list[int]:
    """Recommend from history before the held-out click; fall back like the live service."""
    taste = affinity(db, Event.user_id == held.user_id, before=held.at)
    ranked_popular = [(p, float(len(popular) - n)) for n, p in enumerate(popular[:500])]
    picks = personal_ids(db, es, alias, taste, ranked_popular, set(), k) if taste else []
    return list(dict.fromkeys(picks + popular))[:k]


def _popularity_without(db: Session, held: list[HeldOut]) -> list[int]:
    """Rank products by interactions, leaving out every held-out click (no peeking)."""
    hidden = {(h.user_id, h.product_id, h.at) for h in held}
    counts: Counter[int] = Counter()
    for user_id, product_id, at in db.execute(
        select(Event.user_id, Event.product_id, Event.occurred_at).where(
            Event.event_type.in_(INTERACTIONS)
        )
    ):
        if (user_id, product_id, at) not in hidden:
            counts[product_id] += 1
    return [product_id for product_id, _ in counts.most_common()]


def _score(recommend: Callable[[HeldOut], list[int]], held: list[HeldOut], k: int) -> Score:
    """Average HitRate@k and NDCG@k (one relevant item: 1 / log2(rank + 1))."""
    if not held:
        return Score(0.0, 0.0)
    hits = gain = 0.0
    for case in held:
        ranked = recommend(case)[:k]
        if case.product_id in ranked:
            hits += 1
            gain += 1 / math.log2(ranked.index(case.product_id) + 2)
    return Score(round(hits / len(held), 4), round(gain / len(held), 4))
