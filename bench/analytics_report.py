"""How fast the analytics dashboard answers over a long history of 10M events.

    python -m bench.analytics_report [--events 10000000] [--days 90] [--repeat 20]

Fills the scratch database (aisle_bench) with a simulated history, generated inside
Postgres: page-1 searches over `days` days for a Zipf-like vocabulary of 20,000 queries,
each with 6 impression rows, and a click (60 %), an add-to-cart (10 %) and a purchase (3 %),
until `events` event rows exist. Then times the rollup job over the whole history, and the
dashboard's reads (the range report, a per-query report) which read only the rollups.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bench.common import BENCH_DB, ensure_database, save, summarize, use_bench_namespace

EVENTS_PER_SEARCH = 6 + 0.6 + 0.1 + 0.03
VOCABULARY = 20_000

SEARCHES = """
    INSERT INTO served_queries (query_id, served_at, anonymous_id, query, sort, "offset", total,
                                product_ids, variant, latency_ms)
    SELECT gen_random_uuid(), :start + random() * (:end - :start),
           'bench-' || (random() * 200000)::int,
           'query ' || floor(exp(random() * ln(:vocabulary)))::int,
           'relevance', 0, CASE WHEN random() < 0.04 THEN 0 ELSE 40 END,
           ARRAY[1, 2, 3, 4, 5, 6]::bigint[],
           CASE WHEN random() < 0.5 THEN 'bm25' ELSE 'ltr:1' END,
           (5 + random() * random() * 80)::int
    FROM generate_series(1, :n)
"""

EVENTS = """
    INSERT INTO events (client_event_id, event_type, query_id, product_id, position, quantity,
                        anonymous_id, occurred_at, attributes)
    SELECT s.query_id::text || '-' || kind || '-' || p, kind, s.query_id, p, p,
           CASE WHEN kind = 'purchase' THEN 1 END, s.anonymous_id, s.served_at,
           CASE WHEN kind = 'purchase' THEN '{"price": 49.5}'::jsonb ELSE '{}'::jsonb END
    FROM served_queries s
    CROSS JOIN LATERAL (
        SELECT 'impression' AS kind, g AS p FROM generate_series(1, 6) g
        UNION ALL SELECT 'click', 1 + (random() * 5)::int WHERE random() < 0.6
        UNION ALL SELECT 'add_to_cart', 1 WHERE random() < 0.1
        UNION ALL SELECT 'purchase', 1 WHERE random() < 0.03
    ) picked
"""


def main() -> None:
    """Build the history, roll it up, time the dashboard's reads."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    use_bench_namespace()
    ensure_database(BENCH_DB)
    from analytics.reports import query_report, report
    from analytics.rollups import roll_up
    from core import migrate
    from core.runtime import open_runtime
    from core.settings import get_settings

    settings = get_settings()
    migrate.upgrade(settings)
    today = datetime.now(UTC).date()
    end = datetime.now(UTC)
    start = end - timedelta(days=args.days)
    searches = round(args.events / EVENTS_PER_SEARCH)
    with open_runtime(settings) as rt:
        began = time.perf_counter()
        with rt.engine.begin() as connection:
            connection.execute(text("SET LOCAL statement_timeout = 0"))  # minutes of inserts
            connection.execute(
                text(
                    "TRUNCATE events, served_queries, search_rollups, query_rollups, "
                    "query_click_rollups, reformulation_rollups, rolled_days"
                )
            )
            connection.execute(
                text(SEARCHES),
                {"start": start, "end": end, "n": searches, "vocabulary": VOCABULARY},
            )
            connection.execute(text(EVENTS))
            events = connection.execute(text("SELECT count(*) FROM events")).scalar_one()
        loaded_s = time.perf_counter() - began
        with rt.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE events, served_queries"))
        began = time.perf_counter()
        rolled = roll_up(rt.engine, today=today)
        rollup_s = time.perf_counter() - began
        timings: dict[str, list[float]] = {"report_30d": [], "report_90d": [], "query_90d": []}
        with rt.session_factory() as db:
            for _ in range(args.repeat):
                for name, run in (
                    ("report_30d", lambda: report(db, today - timedelta(days=29), today)),
                    ("report_90d", lambda: report(db, today - timedelta(days=args.days), today)),
                    (
                        "query_90d",
                        lambda: query_report(
                            db, "query 1", today - timedelta(days=args.days), today
                        ),
                    ),
                ):
                    began = time.perf_counter()
                    run()
                    timings[name].append((time.perf_counter() - began) * 1000)
    figures = {
        "events": events,
        "searches": searches,
        "days": args.days,
        "load_s": round(loaded_s, 1),
        "rollup_s": round(rollup_s, 1),
        "rollup_days": rolled["days"],
        **{name: summarize(values) for name, values in timings.items()},
    }
    path = save("analytics_report", figures)
    print(f"{events:,} events, {searches:,} searches over {args.days} days")
    print(f"load {loaded_s:.0f} s, rollup of every day {rollup_s:.0f} s")
    for name, values in timings.items():
        median, p95 = statistics.median(values), summarize(values)["p95"]
        print(f"{name}: median {median:.1f} ms, p95 {p95:.1f} ms")
    print(f"saved {path}")


if __name__ == "__main__":
    main()
