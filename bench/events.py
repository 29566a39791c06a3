"""Event ingestion throughput through the real API, sustained, with every event validated.

    python -m bench.events [--seconds 20] [--clients 4] [--batch 100]

Starts `aisle serve` on a scratch database (aisle_bench, a 2,000-product synthetic catalog and
its index) and Redis db 13. Each client searches, then posts batches mixing impressions
(5 products each), clicks and product views that refer to its real query_ids.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from bench.common import (
    BENCH_DB,
    ensure_database,
    save,
    start_api,
    stop_api,
    use_bench_namespace,
)

use_bench_namespace()
os.environ["AISLE_REDIS_DB"] = "13"

from sqlalchemy import text  # noqa: E402

from catalog.generator import generate_products  # noqa: E402
from catalog.service import import_products  # noqa: E402
from core import migrate  # noqa: E402
from core.runtime import open_runtime  # noqa: E402
from core.settings import get_settings  # noqa: E402
from indexer.rebuild import rebuild  # noqa: E402

QUERIES = ["laptop", "phone", "headphones", "camera", "monitor", "mouse", "keyboard", "tv"]


def prepare() -> None:
    """Load a small catalog and index it in the scratch namespace."""
    settings = get_settings()
    ensure_database(BENCH_DB)
    migrate.upgrade(settings)
    with open_runtime(settings, es_timeout=120) as rt:
        with rt.engine.begin() as connection:
            connection.execute(
                text(
                    "TRUNCATE products, index_outbox, events, served_queries "
                    "RESTART IDENTITY CASCADE"
                )
            )
        import_products(generate_products(2000, 11), session_factory=rt.session_factory)
        rebuild(engine=rt.engine, es=rt.es, alias=settings.products_alias, keep=1)


def batch(
    queries: list[dict[str, Any]], size: int, rng: random.Random, ids: Any
) -> list[dict[str, Any]]:
    """Return `size` events about the client's searches."""
    events = []
    for _ in range(size):
        query = rng.choice(queries)
        hits = query["results"]
        kind = rng.random()
        base = {
            "client_event_id": f"b-{next(ids)}-{uuid.uuid4().hex[:8]}",
            "timestamp": datetime.now(UTC).isoformat(),
            "session_id": "bench",
        }
        if kind < 0.2:
            events.append(
                {
                    **base,
                    "type": "impression",
                    "query_id": query["query_id"],
                    "items": [
                        {"product_id": h["product_id"], "position": n + 1}
                        for n, h in enumerate(hits[:5])
                    ],
                }
            )
        elif kind < 0.8:
            n = rng.randrange(len(hits))
            events.append(
                {
                    **base,
                    "type": "click",
                    "query_id": query["query_id"],
                    "product_id": hits[n]["product_id"],
                    "position": n + 1,
                }
            )
        else:
            events.append(
                {**base, "type": "product_view", "product_id": rng.choice(hits)["product_id"]}
            )
    return events


def client(
    url: str, seconds: float, size: int, seed: int, totals: dict[str, int], lock: threading.Lock
) -> None:
    """Search, then post batches until time is up; add to the totals."""
    rng = random.Random(seed)
    ids = itertools.count()
    with httpx.Client(base_url=url, timeout=30) as http:
        csrf = http.get("/api/auth/session").json()["csrf_token"]
        queries = [http.get("/api/search", params={"q": q, "size": 10}).json() for q in QUERIES]
        queries = [q for q in queries if q["results"]]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            events = batch(queries, size, rng, ids)
            answer = http.post(
                "/api/events/batch", json={"events": events}, headers={"x-csrf-token": csrf}
            )
            body = answer.json()
            with lock:
                totals["sent"] += len(events)
                totals["accepted"] += body.get("accepted", 0)
                totals["rejected"] += len(body.get("rejected", []))
                totals["rows"] += sum(len(e.get("items") or [1]) for e in events)


def main() -> None:
    """Run the benchmark and print events/s."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--port", type=int, default=8499)
    args = parser.parse_args()
    prepare()
    server = start_api(args.port)
    totals = {"sent": 0, "accepted": 0, "rejected": 0, "rows": 0}
    lock = threading.Lock()
    try:
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=client,
                args=(f"http://127.0.0.1:{args.port}", args.seconds, args.batch, n, totals, lock),
            )
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        stop_api(server)
    figures = {
        **totals,
        "seconds": round(elapsed, 1),
        "events_per_second": round(totals["accepted"] / elapsed),
        "rows_per_second": round(totals["rows"] / elapsed),
    }
    print(
        f"ingested {figures['accepted']} events ({figures['rows']} rows) in {elapsed:.1f}s: "
        f"{figures['events_per_second']} events/s, {figures['rows_per_second']} rows/s, "
        f"{figures['rejected']} rejected"
    )
    save("events", figures)


if __name__ == "__main__":
    main()
