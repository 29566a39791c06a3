"""Through the real worker: rebuild jobs end to end, and how fast an edit becomes searchable.

    python -m bench.jobs [--icecat PATH] [--synthetic 200000] [--updates 500]

Runs a real `aisle worker` on a scratch database (aisle_bench), index prefix (aisle-bench)
and Redis db 13, never the demo's. Figures:
- rebuild: from submitting the job to its success (queueing, snapshot, bulk load, swap);
- freshness: from an UPDATE committed in Postgres to the new version being visible to search
  (a non-realtime read, so only what a refresh has made searchable counts), at a steady rate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.common import BENCH_DB, ensure_database, save, summarize, use_bench_namespace

use_bench_namespace()
os.environ["AISLE_REDIS_DB"] = "13"

from sqlalchemy import select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from catalog.generator import generate_products  # noqa: E402
from catalog.importers import iter_products  # noqa: E402
from catalog.models import Product  # noqa: E402
from catalog.service import import_products  # noqa: E402
from core import migrate  # noqa: E402
from core.jobs import ACTIVE, Job  # noqa: E402
from core.queue import open_pool, submit_job  # noqa: E402
from core.runtime import Runtime, open_runtime  # noqa: E402
from core.settings import get_settings  # noqa: E402
from indexer.versions import list_versions  # noqa: E402


def start_worker() -> subprocess.Popen[bytes]:
    """Start a real worker on the scratch namespace."""
    log = Path(get_settings().state_dir) / "logs" / "bench-worker.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "search_service", "worker"], stdout=out, stderr=subprocess.STDOUT
        )


def reset_catalog(rt: Runtime) -> None:
    """Empty the scratch catalog and drop its indices."""
    with rt.engine.begin() as connection:
        connection.execute(text("TRUNCATE products, index_outbox RESTART IDENTITY CASCADE"))
    for version in list_versions(rt.es, rt.settings.products_alias):
        if not version.live:
            rt.es.indices.delete(index=version.name)


def rebuild_through_job(rt: Runtime) -> dict[str, float]:
    """Submit a rebuild job and wait for it; return its timings."""

    async def submit() -> int:
        pool = await open_pool(rt.settings)
        try:
            with rt.session_factory() as db:
                return (
                    await submit_job(db, pool, kind="rebuild", triggered_by="bench", params={})
                ).id
        finally:
            await pool.aclose()  # type: ignore[attr-defined]

    started = time.monotonic()
    job_id = asyncio.run(submit())
    while True:
        with rt.session_factory() as db:
            job = db.get(Job, job_id)
            assert job is not None
            if job.status not in ACTIVE:
                break
        time.sleep(0.2)
    assert job.status == "succeeded", job.error
    assert job.result is not None
    wall = time.monotonic() - started
    return {
        "documents": job.result["documents"],
        "job_seconds": round(wall, 1),
        "docs_per_second": round(job.result["documents"] / wall),
    }


def freshness(rt: Runtime, updates: int, rate: float) -> dict[str, float]:
    """Update `updates` products at `rate`/s; measure commit → searchable latency (ms)."""
    with Session(rt.engine) as db:
        ids = list(db.scalars(select(Product.id).order_by(Product.id).limit(updates)))
    committed: dict[int, tuple[float, int]] = {}
    latencies: list[float] = []
    lock = threading.Lock()
    done = threading.Event()

    def update() -> None:
        for product_id in ids:
            with rt.engine.begin() as connection:
                version = connection.execute(
                    text("UPDATE products SET stock = stock + 1 WHERE id = :id RETURNING version"),
                    {"id": product_id},
                ).scalar_one()
            with lock:
                committed[product_id] = (time.monotonic(), int(version))
            time.sleep(1 / rate)
        done.set()

    writer = threading.Thread(target=update)
    writer.start()
    deadline = time.monotonic() + updates / rate + 30
    while (not done.is_set() or committed) and time.monotonic() < deadline:
        with lock:
            pending = dict(committed)
        if pending:
            docs = rt.es.mget(
                index=rt.settings.products_alias,
                ids=[str(i) for i in pending],
                realtime=False,
                source_includes=["version"],
            ).body["docs"]
            now = time.monotonic()
            for doc in docs:
                product_id = int(doc["_id"])
                at, version = pending[product_id]
                if doc.get("found") and doc["_source"]["version"] >= version:
                    latencies.append((now - at) * 1000)
                    with lock:
                        committed.pop(product_id, None)
        time.sleep(0.02)
    writer.join()
    stats = summarize(latencies)
    return {
        "updates": updates,
        "seen": len(latencies),
        "p50_ms": round(stats["p50"]),
        "p95_ms": round(stats["p95"]),
        "max_ms": round(max(latencies, default=0)),
    }


def main() -> None:
    """Run the benchmarks and print their figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--icecat", type=Path, default=get_settings().catalog_path)
    parser.add_argument("--synthetic", type=int, default=200_000, help="0 to skip")
    parser.add_argument("--updates", type=int, default=500)
    parser.add_argument("--rate", type=float, default=25.0, help="updates per second")
    args = parser.parse_args()
    ensure_database(BENCH_DB)
    settings = get_settings()
    migrate.upgrade(settings)
    results: dict[str, dict[str, float]] = {}
    worker = start_worker()
    try:
        with open_runtime(settings, es_timeout=300) as rt:
            catalogs = []
            if args.synthetic:
                catalogs.append(
                    (f"synthetic_{args.synthetic}", lambda: generate_products(args.synthetic, 42))
                )
            if args.icecat.exists():
                catalogs.append(("icecat", lambda: iter_products(args.icecat)))
            for label, rows in catalogs:
                reset_catalog(rt)
                import_products(rows(), session_factory=rt.session_factory)
                results[f"rebuild_{label}"] = rebuild_through_job(rt)
                print(f"rebuild job, {label}: {results[f'rebuild_{label}']}", flush=True)
            results["freshness"] = freshness(rt, args.updates, args.rate)
            print(f"edit → searchable: {results['freshness']}", flush=True)
            # Scratch indices would otherwise hold heap the demo and tests need.
            names = [v.name for v in list_versions(rt.es, settings.products_alias)]
            if names:
                rt.es.indices.delete(index=",".join(names))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    print(f"saved {save('jobs', results)}")


if __name__ == "__main__":
    main()
