"""Signals from behaviour, pushed to Redis for request-time use: popularity, trending, CTR and
co-occurrence (viewed together, bought together). Recomputed by a worker job.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine

KEY = "aisle:signals:{}"
TTL_S = 2 * 24 * 3600
NEIGHBOURS = 20
# How much each act says about interest; a purchase counts per unit bought.
WEIGHTS_SQL = """
    SELECT product_id, occurred_at,
           CASE event_type WHEN 'product_view' THEN 1 WHEN 'click' THEN 2
                           WHEN 'add_to_cart' THEN 4 ELSE 0 END AS weight
    FROM events
    WHERE event_type <> 'impression' AND occurred_at > now() - make_interval(days => :days)
    UNION ALL
    SELECT oi.product_id, o.created_at, 8 * oi.quantity
    FROM order_items oi JOIN orders o ON o.id = oi.order_id
    WHERE o.created_at > now() - make_interval(days => :days)
"""
# Exponential decay: an act `half_life` days old counts half.
DECAYED = text(f"""
    SELECT w.product_id, p.product_type,
           sum(w.weight
               * power(0.5, extract(epoch FROM now() - w.occurred_at) / 86400 / :half_life))
    FROM ({WEIGHTS_SQL}) w JOIN products p ON p.id = w.product_id AND p.active
    GROUP BY 1, 2
""")  # noqa: S608 - constant SQL
CTR = text("""
    SELECT product_id, count(*) FILTER (WHERE event_type = 'impression'),
           count(*) FILTER (WHERE event_type = 'click')
    FROM events WHERE query_id IS NOT NULL AND occurred_at > now() - interval '30 days'
    GROUP BY 1
""")
# The same, per (query, product): how often a product is chosen when shown for a query.
QUERY_CTR = text("""
    SELECT lower(s.query), e.product_id, count(*) FILTER (WHERE e.event_type = 'impression'),
           count(*) FILTER (WHERE e.event_type = 'click')
    FROM events e JOIN served_queries s ON s.query_id = e.query_id
    WHERE s.query <> '' AND e.occurred_at > now() - interval '30 days'
    GROUP BY 1, 2
""")
CO_VIEWED = text("""
    WITH seen AS (
        SELECT DISTINCT coalesce(user_id::text, anonymous_id) AS who,
               date_trunc('day', occurred_at) AS day, product_id
        FROM events
        WHERE event_type IN ('product_view', 'click', 'add_to_cart')
          AND occurred_at > now() - interval '30 days'
          AND coalesce(user_id::text, anonymous_id) IS NOT NULL)
    SELECT a.product_id, b.product_id, count(*)
    FROM seen a JOIN seen b ON a.who = b.who AND a.day = b.day AND a.product_id <> b.product_id
    GROUP BY 1, 2
""")
CO_BOUGHT = text("""
    SELECT a.product_id, b.product_id, count(*)
    FROM order_items a
    JOIN order_items b ON a.order_id = b.order_id AND a.product_id <> b.product_id
    GROUP BY 1, 2
""")
# A product needs about this many impressions before its own CTR outweighs the average.
CTR_PRIOR_WEIGHT = 20.0


def refresh_signals(engine: Engine, redis: Redis[str]) -> dict[str, Any]:
    """Recompute every signal from Postgres and replace it in Redis; return counts."""
    with engine.connect() as db:
        popularity = db.execute(DECAYED, {"days": 30, "half_life": 7.0}).all()
        trending = {
            days: db.execute(DECAYED, {"days": days, "half_life": days / 3}).all()
            for days in (7, 30)
        }
        ctr_rows = db.execute(CTR).all()
        query_ctr_rows = db.execute(QUERY_CTR).all()
        co_viewed = db.execute(CO_VIEWED).all()
        co_bought = db.execute(CO_BOUGHT).all()
    pipe = redis.pipeline(transaction=True)
    _replace(pipe, KEY.format("popularity"), {str(p): s for p, _, s in popularity})
    for days, rows in trending.items():
        _replace(pipe, KEY.format(f"trending:{days}d"), {str(p): s for p, _, s in rows})
        by_type: dict[str, dict[str, float]] = defaultdict(dict)
        for product_id, product_type, score in rows:
            if product_type:
                by_type[product_type][str(product_id)] = score
        for product_type, scores in by_type.items():
            _replace(pipe, KEY.format(f"trending:{days}d:type:{product_type}"), scores)
    _write_ctr(pipe, KEY.format("ctr"), ctr_rows)
    by_query: dict[str, list[Any]] = defaultdict(list)
    for query, product_id, shown, clicked in query_ctr_rows:
        by_query[query].append((product_id, shown, clicked))
    for query, rows in by_query.items():
        _write_ctr(pipe, KEY.format(f"ctr:query:{query}"), rows)
    _write_neighbours(pipe, "co-viewed", co_viewed)
    _write_neighbours(pipe, "co-bought", co_bought)
    pipe.execute()
    changed = store_popularity(engine, {int(p): float(score) for p, _, score in popularity})
    return {
        "products": len(popularity),
        "popularity_changed": changed,
        "ctr": len(ctr_rows),
        "query_ctr": len(query_ctr_rows),
        "co_viewed_pairs": len(co_viewed),
        "co_bought_pairs": len(co_bought),
    }


def _replace(pipe: Any, key: str, scores: dict[str, float]) -> None:
    """Queue the replacement of a sorted set."""
    pipe.delete(key)
    if scores:
        pipe.zadd(key, {member: float(score) for member, score in scores.items()})
        pipe.expire(key, TTL_S)


def _write_ctr(pipe: Any, key: str, rows: Sequence[Any]) -> None:
    """Queue smoothed click-through rates: (clicks + w·mean) / (impressions + w).

    The mean is that of the rows given (all products, or one query's), so a product shown
    twice and clicked twice is not taken for a sure thing.
    """
    impressions = sum(row[1] for row in rows)
    clicks = sum(row[2] for row in rows)
    mean = clicks / impressions if impressions else 0.0
    pipe.delete(key)
    if rows:
        pipe.hset(
            key,
            mapping={
                str(p): round((c + CTR_PRIOR_WEIGHT * mean) / (i + CTR_PRIOR_WEIGHT), 6)
                for p, i, c in rows
            },
        )
        pipe.expire(key, TTL_S)


def _write_neighbours(pipe: Any, name: str, pairs: Sequence[Any]) -> None:
    """Queue each product's strongest co-occurring products."""
    neighbours: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b, count in pairs:
        neighbours[a].append((count, b))
    for product_id, found in neighbours.items():
        top = sorted(found, reverse=True)[:NEIGHBOURS]
        _replace(pipe, KEY.format(f"{name}:{product_id}"), {str(b): c for c, b in top})


def ranked(redis: Redis[str], name: str, limit: int) -> list[int]:
    """Return the top product ids of a signal."""
    return [product_id for product_id, _ in scored(redis, name, limit)]


def rounded(score: float) -> float:
    """Round to two significant digits, so a slowly decaying score rarely changes the row."""
    return float(f"{score:.2g}") if score > 0 else 0.0


def store_popularity(engine: Engine, scores: dict[int, float]) -> int:
    """Write popularity to the products whose rounded score changed; return how many.

    Each change bumps the product's version, so the outbox carries it to Elasticsearch
    without a rebuild (and never behind a newer edit).
    """
    ids = list(scores)
    values = [rounded(scores[i]) for i in ids]
    with engine.begin() as connection:
        changed = connection.execute(STORE_POPULARITY, {"ids": ids, "scores": values}).rowcount
        changed += connection.execute(RESET_POPULARITY, {"ids": ids}).rowcount
    return int(changed)


STORE_POPULARITY = text("""
    UPDATE products p SET popularity = u.score
    FROM unnest(CAST(:ids AS bigint[]), CAST(:scores AS float8[])) AS u(id, score)
    WHERE p.id = u.id AND p.popularity <> u.score
""")
# Products nobody looked at within the window fade back to zero.
RESET_POPULARITY = text("""
    UPDATE products SET popularity = 0
    WHERE popularity <> 0 AND NOT (id = ANY(CAST(:ids AS bigint[])))
""")


def scored(redis: Redis[str], name: str, limit: int) -> list[tuple[int, float]]:
    """Return the top product ids of a signal with their scores."""
    rows = redis.zrevrange(KEY.format(name), 0, limit - 1, withscores=True)
    return [(int(member), float(score)) for member, score in rows]


def ctr_key(query: str | None = None) -> str:
    """Return the Redis hash of smoothed CTRs: overall, or one query's (keyed as QUERY_CTR)."""
    return KEY.format(f"ctr:query:{query.lower()}" if query else "ctr")


def click_throughs(
    redis: Redis[str], product_ids: Sequence[int], query: str
) -> tuple[dict[int, float], dict[int, float]]:
    """Return the smoothed CTRs of many products, overall and for `query`: one round trip.

    A product never shown (or a query never searched) is absent, not zero.
    """
    if not product_ids:
        return {}, {}
    members = [str(p) for p in product_ids]
    pipe = redis.pipeline(transaction=False)
    pipe.hmget(ctr_key(), members)
    if query:
        pipe.hmget(ctr_key(query), members)
    overall, *for_query = pipe.execute()
    return _present(product_ids, overall), _present(product_ids, for_query[0] if query else [])


def _present(product_ids: Sequence[int], values: Sequence[str | None]) -> dict[int, float]:
    """Pair ids with the values Redis had for them."""
    return {p: float(v) for p, v in zip(product_ids, values, strict=False) if v is not None}


def click_through(redis: Redis[str], product_id: int, query: str | None = None) -> float | None:
    """Return a product's smoothed CTR, for a query when given (None: never shown)."""
    value = redis.hget(ctr_key(query), str(product_id))
    return float(value) if value is not None else None
