"""Autocomplete latency, server side: every prefix of the judged queries, through the app.

    python -m bench.suggest [--rounds 3]

Runs the app in-process (no network) on the scratch database (aisle_bench): it loads the
Icecat catalog there if missing, records each judged query as searched by several shoppers,
then times GET /api/suggest for each 1-8 letter prefix of those queries.
"""

from __future__ import annotations

import argparse
import os
import time
import uuid

from bench.common import BENCH_DB, ensure_database, save, summarize, use_bench_namespace

use_bench_namespace()
os.environ["AISLE_REDIS_DB"] = "13"

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from behaviour.models import ServedQuery  # noqa: E402
from catalog.importers import iter_products  # noqa: E402
from catalog.service import count_products, import_products  # noqa: E402
from core import migrate  # noqa: E402
from core.runtime import open_runtime  # noqa: E402
from core.settings import get_settings  # noqa: E402
from ranking.judgments import load_judgments  # noqa: E402
from search_service.app import create_app  # noqa: E402


def seed(queries: list[str]) -> None:
    """Make sure the scratch catalog and some search history exist."""
    settings = get_settings()
    ensure_database(BENCH_DB)
    migrate.upgrade(settings)
    with open_runtime(settings) as rt:
        with rt.session_factory() as db:
            if count_products(db) < 1000:
                import_products(
                    iter_products(settings.catalog_path), session_factory=rt.session_factory
                )
        with rt.engine.begin() as connection:
            connection.execute(text("TRUNCATE served_queries"))
            rows = [
                {
                    "query_id": uuid.uuid4(),
                    "anonymous_id": f"s{shopper}",
                    "query": query,
                    "sort": "relevance",
                    "offset": 0,
                    "total": 1,
                    "product_ids": [1],
                }
                for n, query in enumerate(queries)
                for shopper in range(1 + n % 5)
            ]
            connection.execute(insert(ServedQuery), rows)


def main() -> None:
    """Time every prefix and print p50/p95."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = get_settings()
    queries = sorted(load_judgments(settings.catalog_path / "judgments-dev.csv"))
    seed(queries)
    prefixes = sorted({q[:n] for q in queries for n in range(1, min(len(q), 8) + 1)})
    latencies: list[float] = []
    with TestClient(create_app(settings)) as client:
        client.get("/api/suggest", params={"q": "a"})  # load the candidates once
        for _ in range(args.rounds):
            for prefix in prefixes:
                started = time.perf_counter()
                response = client.get("/api/suggest", params={"q": prefix})
                latencies.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
    stats = summarize(latencies)
    print(
        f"{len(latencies)} suggestions: p50 {stats['p50']:.2f} ms, p95 {stats['p95']:.2f} ms, "
        f"p99 {stats['p99']:.2f} ms"
    )
    save("suggest", {"requests": len(latencies), **{k: round(v, 2) for k, v in stats.items()}})


if __name__ == "__main__":
    main()
