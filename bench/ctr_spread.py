"""The CTR features' spread on the Icecat dev judgments, with and without the signals wired.

Loads the Icecat catalog into a *test* namespace (never demo data), lets simulated shoppers
search every judged query through the real API and click by a position-biased cascade whose
attraction follows the human grade, refreshes the signals job, then builds the judgment
training set twice: as the old code did (no signals: every CTR NaN) and as serving does now.

  AISLE_TEST_NAMESPACE=features AISLE_TEST_REDIS_DB=9 python -m bench.ctr_spread

Caveat: the shoppers click by the judgments, so the CTRs here are as informative as the
judgments make them; the figures show the features carry real, varying values, not how much
a real shop's clicks would help.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ICECAT = Path(__file__).resolve().parents[2] / "shared" / "data" / "icecat"
SESSIONS_PER_QUERY = 12
MARKER = "aisle:bench:ctr_spread"  # this bench's Redis db: flushed only when it holds this
# Chance a shopper who looks at a product clicks it, by grade (unjudged counts as 0).
ATTRACTION = {0: 0.04, 1: 0.15, 2: 0.45, 3: 0.75}


def test_namespace() -> None:
    """Point every client at the test namespace named by AISLE_TEST_NAMESPACE, as tests do."""
    name = os.environ.get("AISLE_TEST_NAMESPACE")
    if not name:
        sys.exit("set AISLE_TEST_NAMESPACE (and AISLE_TEST_REDIS_DB): this rewrites its data")
    os.environ["AISLE_ENVIRONMENT"] = "test"
    os.environ["AISLE_PG_DATABASE"] = f"aisle_{name}_test"
    os.environ["AISLE_ES_INDEX_PREFIX"] = f"aisle-{name}-test"
    os.environ["AISLE_REDIS_DB"] = os.environ.get("AISLE_TEST_REDIS_DB", "9")


def load_catalog() -> None:
    """Migrate the namespace's database, import Icecat once, and build its index."""
    from sqlalchemy import text

    from catalog.importers import iter_products
    from catalog.service import import_products
    from core import migrate
    from core.clients import make_es
    from core.db import make_engine, make_session_factory
    from core.settings import get_settings
    from indexer.rebuild import rebuild
    from tests.fixtures.services import create_database

    settings = get_settings()
    create_database(settings)
    migrate.upgrade(settings)
    engine = make_engine(settings)
    with engine.begin() as connection:
        count = connection.execute(text("SELECT count(*) FROM products")).scalar() or 0
        connection.execute(text("TRUNCATE events, served_queries"))
    if count < 19_000:
        import_products(iter_products(ICECAT), session_factory=make_session_factory(engine))
    es = make_es(settings, timeout=120)
    if not es.indices.exists_alias(name=settings.products_alias):
        rebuild(engine=engine, es=es, alias=settings.products_alias, keep=1)
    es.close()
    engine.dispose()


def simulate(judgments: dict[str, dict[str, int]]) -> int:
    """Let shoppers search each judged query and click what they find; return the clicks."""
    from fastapi.testclient import TestClient

    from core.settings import get_settings
    from search_service.app import create_app
    from tests.fixtures.accounts import Browser

    rng, clicks, now = random.Random(20), 0, datetime.now(UTC)
    with TestClient(create_app(get_settings())) as client:
        for s in range(SESSIONS_PER_QUERY):
            browser = Browser(client.app, ip=f"10.9.{s}.1")  # type: ignore[arg-type]
            for n, query in enumerate(sorted(judgments)):
                page = browser.get("/api/search", params={"q": query, "size": 24}).json()
                at = now - timedelta(hours=6, minutes=-(s * 70 + n))
                events = shown_and_clicked(page, judgments[query], at, rng, f"{s}-{n}")
                clicks += sum(e["type"] == "click" for e in events)
                browser.post("/api/events/batch", {"events": events})
    return clicks


def shown_and_clicked(
    page: dict[str, Any], grades: dict[str, int], at: datetime, rng: random.Random, tag: str
) -> list[dict[str, Any]]:
    """Return one page's impression and the cascade's clicks (stop after a click, or tire)."""
    results = page["results"]
    base = {"query_id": page["query_id"], "timestamp": at.isoformat()}
    items = [{"product_id": h["product_id"], "position": i} for i, h in enumerate(results, 1)]
    events: list[dict[str, Any]] = [
        {**base, "client_event_id": f"{tag}-imp", "type": "impression", "items": items}
    ]
    for position, hit in enumerate(results, start=1):
        if rng.random() < ATTRACTION[grades.get(str(hit["sku"]), 0)]:
            events.append(
                {
                    **base,
                    "client_event_id": f"{tag}-c{position}",
                    "type": "click",
                    "product_id": hit["product_id"],
                    "position": position,
                }
            )
            if rng.random() < 0.6:
                break
        elif rng.random() < 0.12:  # tired of scanning
            break
    return events


def spread(values: list[float]) -> str:
    """Describe a feature column: known share, distinct values, range and spread."""
    known = [v for v in values if not math.isnan(v)]
    if not known:
        return f"known 0/{len(values)} (all NaN)"
    quartiles = statistics.quantiles(known, n=4) if len(known) > 1 else [known[0]] * 3
    return (
        f"known {len(known)}/{len(values)} ({len(known) / len(values):.1%}), "
        f"{len(set(known))} distinct, min {min(known):.4f} p25 {quartiles[0]:.4f} "
        f"median {quartiles[1]:.4f} p75 {quartiles[2]:.4f} max {max(known):.4f}, "
        f"sd {statistics.pstdev(known):.4f}"
    )


def main() -> None:
    """Load, simulate, refresh signals, and print both CTR columns old and new."""
    test_namespace()
    from behaviour.signals import refresh_signals
    from core.clients import make_es, make_redis
    from core.db import make_engine, make_session_factory
    from core.settings import get_settings
    from ranking.context import published_merch
    from ranking.dataset import build
    from ranking.features import FEATURES
    from ranking.judgments import load_judgments

    load_catalog()
    settings = get_settings()
    judgments = load_judgments(ICECAT / "judgments-dev.csv")
    engine, redis = make_engine(settings), make_redis(settings)
    if redis.dbsize() and not redis.exists(MARKER):
        sys.exit(f"Redis db {settings.redis_db} holds someone else's keys; pick another")
    redis.flushdb()
    redis.set(MARKER, "1")
    clicks = simulate(judgments)
    print(f"simulated {SESSIONS_PER_QUERY} sessions x {len(judgments)} queries, {clicks} clicks")
    print("signals:", refresh_signals(engine, redis))
    es = make_es(settings, timeout=120)
    with make_session_factory(engine)() as db:
        merch = published_merch(db)
    alias = settings.products_alias
    for name, wired in (("old (no signals)", None), ("new (Redis signals)", redis)):
        rows = [
            r
            for case in build(es, alias, judgments, merch=merch, redis=wired)
            for r in case.features
        ]
        for feature in ("ctr", "query_ctr"):
            column = [row[FEATURES.index(feature)] for row in rows]
            print(f"{name:<20} {feature:<9} {spread(column)}")
    rows, grades = [], []
    for case in build(es, alias, judgments, merch=merch, redis=redis):
        for row, sku in zip(case.features, case.skus, strict=True):
            if sku in case.judged:
                rows.append(row[FEATURES.index("query_ctr")])
                grades.append(case.judged[sku])
    for grade in sorted(set(grades)):
        known = [v for v, g in zip(rows, grades, strict=True) if g == grade and not math.isnan(v)]
        mean = statistics.fmean(known) if known else math.nan
        print(f"judged grade {grade}: {len(known)} with a query_ctr, mean {mean:.4f}")


if __name__ == "__main__":
    main()
