"""The rollup job: recompute whole days of search analytics from the raw record.

A *search* is the first page of results served for words (browsing without words and later
pages are not counted again). What followed a search is read from the events carrying its
query_id: clicks (with their positions), add-to-carts and purchases (with revenue, recorded by
checkout). Days are UTC days of the search.

Each day is recomputed in its own transaction (delete, insert, mark rolled), so a failure
halfway leaves earlier days complete and the failed day as it was. Each run catches up from
the last rolled day and re-rolls the attribution window (purchases may follow a search by
days), so late events are counted.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from analytics.sketch import sketch
from behaviour.purchases import ATTRIBUTION_WINDOW

log = logging.getLogger(__name__)

# Edges (ms) of the latency histogram: bucket 0 is below 5 ms, the last is 2 s and slower.
LATENCY_EDGES_MS = (5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500, 1000, 2000)
REFORMULATION_GAP = timedelta(minutes=5)
LOCK_BASE = 0x41_15_1E_00_0000  # advisory lock keys of day rollups: this plus the day ordinal

SEARCHES = """
    WITH s AS (
        SELECT query_id, variant, total, latency_ms FROM served_queries
        WHERE served_at >= :start AND served_at < :end AND "offset" = 0 AND query <> ''
    ), e AS (
        SELECT e.query_id,
               bool_or(e.event_type = 'click') AS clicked,
               bool_or(e.event_type = 'click' AND e.position <= 1) AS at_1,
               bool_or(e.event_type = 'click' AND e.position <= 5) AS at_5,
               bool_or(e.event_type = 'click' AND e.position <= 10) AS at_10,
               count(*) FILTER (WHERE e.event_type = 'click' AND e.position IS NOT NULL) AS clicks,
               coalesce(sum(e.position) FILTER (WHERE e.event_type = 'click'), 0) AS position_sum,
               bool_or(e.event_type = 'add_to_cart') AS carted,
               bool_or(e.event_type = 'purchase') AS purchased,
               -- Only a JSON number, capped: no stored value can fail the cast or overflow
               -- the day's numeric(16, 2) (clients cannot send purchases or prices at all).
               coalesce(sum(CASE WHEN jsonb_typeof(e.attributes -> 'price') = 'number'
                                 THEN least((e.attributes ->> 'price')::numeric, 1e9) END
                            * coalesce(e.quantity, 1))
                        FILTER (WHERE e.event_type = 'purchase'), 0)
                   AS revenue
        FROM events e JOIN s ON s.query_id = e.query_id
        WHERE e.event_type IN ('click', 'add_to_cart', 'purchase')
        GROUP BY e.query_id
    )
    SELECT s.variant, count(*) AS searches,
           count(*) FILTER (WHERE s.total = 0 OR s.variant = 'semantic') AS zero_results,
           count(*) FILTER (WHERE e.clicked) AS clicked,
           count(*) FILTER (WHERE e.at_1) AS clicked_at_1,
           count(*) FILTER (WHERE e.at_5) AS clicked_at_5,
           count(*) FILTER (WHERE e.at_10) AS clicked_at_10,
           coalesce(sum(e.clicks), 0) AS clicks,
           coalesce(sum(e.position_sum), 0) AS click_position_sum,
           count(*) FILTER (WHERE e.carted) AS carted,
           count(*) FILTER (WHERE e.purchased) AS purchased,
           coalesce(sum(e.revenue), 0) AS revenue
    FROM s LEFT JOIN e ON e.query_id = s.query_id
    GROUP BY s.variant
"""

# Bucket b holds latencies in [edge b-1, edge b): Postgres' width_bucket numbering.
LATENCIES = """
    SELECT variant, width_bucket(coalesce(latency_ms, 0), :edges) AS bucket, count(*) AS n
    FROM served_queries
    WHERE served_at >= :start AND served_at < :end AND "offset" = 0 AND query <> ''
    GROUP BY 1, 2
"""

QUERIES = """
    INSERT INTO query_rollups (day, variant, query, searches, zero_results, clicked, purchased)
    SELECT :day, s.variant, lower(s.query), count(*),
           count(*) FILTER (WHERE s.total = 0 OR s.variant = 'semantic'),
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM events e WHERE e.query_id = s.query_id AND e.event_type = 'click')),
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM events e WHERE e.query_id = s.query_id AND e.event_type = 'purchase'))
    FROM served_queries s
    WHERE s.served_at >= :start AND s.served_at < :end AND s."offset" = 0 AND s.query <> ''
    GROUP BY s.variant, lower(s.query)
"""

CLICKS = """
    INSERT INTO query_click_rollups (day, query, product_id, clicks)
    SELECT :day, lower(s.query), e.product_id, count(*)
    FROM served_queries s JOIN events e ON e.query_id = s.query_id AND e.event_type = 'click'
    WHERE s.served_at >= :start AND s.served_at < :end AND s.query <> ''
    GROUP BY lower(s.query), e.product_id
"""

REFORMULATIONS = """
    INSERT INTO reformulation_rollups (day, query, next_query, count)
    SELECT :day, query, next_query, count(*) FROM (
        SELECT served_at, lower(query) AS query,
               lead(lower(query)) OVER shopper AS next_query,
               lead(served_at) OVER shopper - served_at AS gap
        FROM served_queries
        WHERE served_at >= :start AND served_at < :end + :gap AND "offset" = 0 AND query <> ''
          AND (user_id IS NOT NULL OR anonymous_id IS NOT NULL)
        WINDOW shopper AS (PARTITION BY coalesce('u:' || user_id, 'a:' || anonymous_id)
                           ORDER BY served_at)
    ) followed
    WHERE served_at < :end AND next_query <> query AND gap <= :gap
    GROUP BY query, next_query
"""

ROLLUP_TABLES = ("search_rollups", "query_rollups", "query_click_rollups", "reformulation_rollups")


def roll_up(engine: Engine, *, today: date | None = None) -> dict[str, Any]:
    """Catch up: roll every day since the last rolled one, re-rolling the attribution window."""
    today = today or datetime.now(UTC).date()
    with engine.connect() as connection:
        last = connection.execute(text("SELECT max(day) FROM rolled_days")).scalar()
        first = connection.execute(
            text('SELECT min(served_at) FROM served_queries WHERE "offset" = 0')
        ).scalar()
    if first is None:
        return {"days": 0, "searches": 0}
    start = min(last, today - ATTRIBUTION_WINDOW) if last else first.astimezone(UTC).date()
    start = max(start, first.astimezone(UTC).date())
    searches = 0
    day = start
    while day <= today:
        searches += roll_day(engine, day)
        day += timedelta(days=1)
    return {"days": (today - start).days + 1, "from": start.isoformat(), "searches": searches}


def roll_recent(
    engine: Engine, *, lookback: timedelta, now: datetime | None = None
) -> dict[str, Any]:
    """Re-roll the days touched by the last `lookback` (today, and yesterday just after midnight).

    Run every few minutes so today's figures show without a manual roll-up; the hourly
    catch-up still re-rolls the attribution window for late purchases.
    """
    now = now or datetime.now(UTC)
    first, last = (now - lookback).astimezone(UTC).date(), now.astimezone(UTC).date()
    searches, day = 0, first
    while day <= last:
        searches += roll_day(engine, day)
        day += timedelta(days=1)
    return {"days": (last - first).days + 1, "from": first.isoformat(), "searches": searches}


def roll_day(engine: Engine, day: date) -> int:
    """Recompute one day's rollups in one transaction; return its number of searches."""
    start = datetime.combine(day, time(), tzinfo=UTC)
    window = {"day": day, "start": start, "end": start + timedelta(days=1)}
    with engine.begin() as connection:
        # Two rollups of the same day (cron and a manual run) take turns, never interleave.
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_BASE + day.toordinal()}
        )
        for table in ROLLUP_TABLES:
            # The table names are the constants above, never input.
            delete = text(f"DELETE FROM {table} WHERE day = :day")  # noqa: S608
            connection.execute(delete, {"day": day})
        connection.execute(text(QUERIES), window)
        searches = _roll_searches(connection, window)
        connection.execute(text(CLICKS), window)
        connection.execute(text(REFORMULATIONS), {**window, "gap": REFORMULATION_GAP})
        connection.execute(
            text(
                "INSERT INTO rolled_days (day, rolled_at) VALUES (:day, now()) "
                "ON CONFLICT (day) DO UPDATE SET rolled_at = excluded.rolled_at"
            ),
            {"day": day},
        )
    return searches


def _roll_searches(connection: Connection, window: dict[str, Any]) -> int:
    """Insert the day's per-variant search rollups; return the day's searches."""
    histograms: dict[str, list[int]] = defaultdict(lambda: [0] * (len(LATENCY_EDGES_MS) + 1))
    for variant, bucket, n in connection.execute(
        text(LATENCIES), {**window, "edges": list(LATENCY_EDGES_MS)}
    ):
        histograms[variant][bucket] = n
    queries: dict[str, list[str]] = defaultdict(list)
    for variant, query in connection.execute(
        text("SELECT variant, query FROM query_rollups WHERE day = :day"), window
    ):
        queries[variant].append(query)
    total = 0
    for row in connection.execute(text(SEARCHES), window).mappings():
        connection.execute(
            text(
                "INSERT INTO search_rollups (day, variant, searches, zero_results, clicked, "
                "clicked_at_1, clicked_at_5, clicked_at_10, clicks, click_position_sum, carted, "
                "purchased, revenue, latency_histogram, query_sketch) VALUES (:day, :variant, "
                ":searches, :zero_results, :clicked, :clicked_at_1, :clicked_at_5, :clicked_at_10, "
                ":clicks, :click_position_sum, :carted, :purchased, :revenue, :latency_histogram, "
                ":query_sketch)"
            ),
            {
                **row,
                "day": window["day"],
                "latency_histogram": histograms[row["variant"]],
                "query_sketch": sketch(queries[row["variant"]]),
            },
        )
        total += int(row["searches"])
    return total
