"""Shopper segments: KMeans over shopper profiles, refreshed by a worker job.

Each profile becomes a point: the share of its interest per product type (over the catalog's
most visited types) and its price level. A shopper's cluster and what shoppers of that cluster
look at become ranking features; the same points describe segments for reports. The model
(centroids) lives in Redis, so a shopper the last run never saw is placed at request time
from their live profile.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from redis import Redis
from redis.exceptions import RedisError
from sklearn.cluster import KMeans
from sqlalchemy import text
from sqlalchemy.engine import Engine

from behaviour.profiles import ClusterView, Profile
from core.refreshing import Refreshing

log = logging.getLogger(__name__)
MODEL_KEY = "aisle:clusters:model"
OWNERS_KEY = "aisle:clusters:owners"
ITEMS_KEY = "aisle:clusters:{}:items"
TYPES_KEY = "aisle:clusters:{}:types"
CLUSTERS = 8
MIN_OWNERS = 20
TOP_TYPES = 40
TOP_ITEMS = 2000
# A product counts as a segment's taste only when this many of its shoppers showed interest:
# one shopper's clicks alone say nothing about the segment (and would feed their own clicks
# back to the ranker as "what shoppers like you like").
MIN_ITEM_OWNERS = 2
LOOKBACK = timedelta(days=90)
CACHE_S = 60.0

# Interest per shopper, product type and product over the lookback (views and clicks 1, carts 3).
INTEREST = text(
    """
    SELECT CASE WHEN e.user_id IS NOT NULL THEN 'u:' || e.user_id
                ELSE 'a:' || e.anonymous_id END AS owner,
           e.product_id, p.product_type, p.price,
           sum(CASE e.event_type WHEN 'add_to_cart' THEN 3 ELSE 1 END) AS weight
    FROM events e JOIN products p ON p.id = e.product_id
    WHERE e.event_type IN ('product_view', 'click', 'add_to_cart')
      AND e.occurred_at >= :since AND e.occurred_at < :until
      AND (e.user_id IS NOT NULL OR e.anonymous_id IS NOT NULL)
    GROUP BY 1, 2, 3, 4
    """
)


# What each shopper's searches led to over the lookback, for the segment report.
BEHAVIOUR = text(
    """
    SELECT coalesce('u:' || s.user_id, 'a:' || s.anonymous_id) AS owner, count(*) AS searches,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e
                            WHERE e.query_id = s.query_id AND e.event_type = 'click')) AS clicked,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.query_id = s.query_id
                                          AND e.event_type = 'add_to_cart')) AS carted,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e
                            WHERE e.query_id = s.query_id AND e.event_type = 'purchase')) AS bought
    FROM served_queries s
    WHERE s.served_at >= :since AND s.served_at < :until AND s."offset" = 0 AND s.query <> ''
      AND (s.user_id IS NOT NULL OR s.anonymous_id IS NOT NULL)
    GROUP BY 1
    """
)


def point(profile: Profile, types: list[str]) -> np.ndarray:
    """Return a profile as a point: interest share per type, then log price level / 10."""
    total = sum(profile.types.values()) or 1.0
    shares = [profile.types.get(name, 0.0) / total for name in types]
    mean = profile.price_sum / profile.price_n if profile.price_n else 0.0
    return np.array([*shares, math.log1p(max(mean, 0.0)) / 10], dtype=np.float64)


def refresh_clusters(
    engine: Engine, redis: Redis[str], *, now: datetime | None = None
) -> dict[str, Any]:
    """Fit KMeans on profiles as of `now`; store the model, assignments and cluster popularity."""
    until = now or datetime.now(UTC)
    window = {"since": until - LOOKBACK, "until": until}
    profiles: dict[str, Profile] = defaultdict(Profile)
    interest: dict[str, dict[int, float]] = defaultdict(dict)
    type_weight: dict[str, float] = defaultdict(float)
    with engine.connect() as connection:
        for owner, product_id, product_type, price, weight in connection.execute(INTEREST, window):
            profile = profiles[owner]
            kind = product_type or ""
            profile.types[kind] = profile.types.get(kind, 0.0) + float(weight)
            type_weight[kind] += float(weight)
            if price is not None:
                profile.price_n += float(weight)
                profile.price_sum += float(price) * float(weight)
            interest[owner][int(product_id)] = float(weight)
    if len(profiles) < MIN_OWNERS:
        return {
            "owners": len(profiles),
            "clusters": 0,
            "skipped": f"fewer than {MIN_OWNERS} shoppers",
        }
    types = sorted(type_weight, key=lambda name: -type_weight[name])[:TOP_TYPES]
    owners = sorted(profiles)
    points = np.array([point(profiles[o], types) for o in owners])
    distinct = len(np.unique(points.round(6), axis=0))  # KMeans cannot find more than these
    k = max(1, min(CLUSTERS, len(owners) // 5, distinct))
    model = KMeans(n_clusters=k, n_init=4, random_state=7).fit(points)
    labels = [int(label) for label in model.labels_]
    with engine.connect() as connection:
        behaviour = {row[0]: row[1:] for row in connection.execute(BEHAVIOUR, window)}
    summary = summarize(owners, labels, profiles, behaviour, k)
    _store(redis, types, model.cluster_centers_, owners, labels, interest, profiles, summary)
    sizes = np.bincount(labels, minlength=k).tolist()
    return {"owners": len(owners), "clusters": k, "sizes": sizes, "types": len(types)}


def summarize(
    owners: list[str],
    labels: list[int],
    profiles: dict[str, Profile],
    behaviour: dict[str, Any],
    k: int,
) -> list[dict[str, Any]]:
    """Describe each segment: size, favourite types, and its members' searches and outcomes."""
    segments: list[dict[str, Any]] = [
        {"segment": label, "size": 0, "searches": 0, "clicked": 0, "carted": 0, "bought": 0}
        for label in range(k)
    ]
    kinds: list[dict[str, float]] = [defaultdict(float) for _ in range(k)]
    for owner, label in zip(owners, labels, strict=True):
        segment = segments[label]
        segment["size"] += 1
        for name, value in zip(
            ("searches", "clicked", "carted", "bought"),
            behaviour.get(owner, (0, 0, 0, 0)),
            strict=True,
        ):
            segment[name] += int(value)
        for kind, weight in profiles[owner].types.items():
            kinds[label][kind or "-"] += weight
    for segment, weights in zip(segments, kinds, strict=True):
        segment["top_types"] = sorted(weights, key=lambda name: -weights[name])[:3]
    return segments


def _store(
    redis: Redis[str],
    types: list[str],
    centroids: np.ndarray,
    owners: list[str],
    labels: list[int],
    interest: dict[str, dict[int, float]],
    profiles: dict[str, Profile],
    summary: list[dict[str, Any]],
) -> None:
    """Write the model, assignments and per-cluster shares to Redis in one transaction."""
    items: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    fans: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    kinds: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for owner, label in zip(owners, labels, strict=True):
        for product_id, weight in interest[owner].items():
            items[label][product_id] += weight
            fans[label][product_id] += 1
        for kind, weight in profiles[owner].types.items():
            kinds[label][kind] += weight
    pipe = redis.pipeline(transaction=True)
    pipe.delete(OWNERS_KEY)
    for start in range(0, len(owners), 5000):
        chunk = dict(zip(owners[start : start + 5000], labels[start : start + 5000], strict=True))
        pipe.hset(OWNERS_KEY, mapping={o: str(c) for o, c in chunk.items()})
    for label in range(len(centroids)):
        total = sum(items[label].values()) or 1.0
        shared = [(p, w) for p, w in items[label].items() if fans[label][p] >= MIN_ITEM_OWNERS]
        top = sorted(shared, key=lambda pair: -pair[1])[:TOP_ITEMS]
        pipe.delete(ITEMS_KEY.format(label), TYPES_KEY.format(label))
        if top:
            pipe.hset(ITEMS_KEY.format(label), mapping={str(p): w / total for p, w in top})
        type_total = sum(kinds[label].values()) or 1.0
        if kinds[label]:
            pipe.hset(
                TYPES_KEY.format(label),
                mapping={k or "-": w / type_total for k, w in kinds[label].items()},
            )
    model = {
        "types": types,
        "centroids": centroids.tolist(),
        "fitted_at": time.time(),
        "segments": summary,
    }
    pipe.set(MODEL_KEY, json.dumps(model))
    pipe.execute()


@dataclass
class ClusterModel:
    """One read of the cluster model, and the cluster tables read since (once each)."""

    model: dict[str, Any] | None
    views: dict[int, ClusterView] = field(default_factory=dict)


class ClusterCache:
    """This process's copy of the cluster model and cluster tables (re-read every CACHE_S)."""

    def __init__(self, redis: Redis[str]) -> None:
        self.redis = redis
        self.state: Refreshing[ClusterModel] = Refreshing(
            lambda _previous, _token: self._load(),
            ClusterModel(None),
            ttl_s=CACHE_S,
            what="shopper clusters",
        )

    def view(self, owner: str, profile: Profile | None) -> ClusterView | None:
        """Return the shopper's cluster view (assigned, or nearest to their live profile)."""
        try:
            current = self.state.get()
            if current.model is None:
                return None
            found = self.redis.hget(OWNERS_KEY, owner)
            if found is not None:
                cluster = int(found)
            elif profile is not None and profile.types:  # it has interest, not just impressions
                cluster = nearest(current.model, profile)
            else:
                return None
            return self._view(current, cluster)
        except RedisError as exc:
            log.warning("shopper clusters unavailable, ranking without them: %s", exc)
            return None

    def _load(self) -> ClusterModel:
        """Read the model (its cluster tables are read when first needed)."""
        raw = self.redis.get(MODEL_KEY)
        return ClusterModel(json.loads(raw) if raw else None)

    def _view(self, current: ClusterModel, cluster: int) -> ClusterView:
        """Return a cluster's popularity tables, read once per refresh."""
        if cluster not in current.views:
            items = self.redis.hgetall(ITEMS_KEY.format(cluster))
            kinds = self.redis.hgetall(TYPES_KEY.format(cluster))
            current.views[cluster] = ClusterView(
                cluster=cluster,
                items={int(p): float(w) for p, w in items.items()},
                types={k: float(w) for k, w in kinds.items()},
            )
        return current.views[cluster]


def nearest(model: Mapping[str, Any], profile: Profile) -> int:
    """Return the cluster whose centroid is nearest to a profile."""
    centroids = np.array(model["centroids"])
    distances = ((centroids - point(profile, list(model["types"]))) ** 2).sum(axis=1)
    return int(distances.argmin())
