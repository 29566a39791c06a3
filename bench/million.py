"""A 1M-product synthetic catalog: import and rebuild time, search latency, memory.

    python -m bench.million [--products 1000000] [--port 8411] [--seconds 20] [--keep]

Runs in the scratch namespace only (database aisle_bench, index prefix aisle-bench, Redis db
14), never the demo's. Steps: empty the scratch schema; generate and import the catalog
(catalog.generator + catalog.service.import_products); full rebuild (indexer.rebuild); index
size on disk; start an API on the scratch namespace (retrieval cache off unless
--retrieval-cache-ttl) and measure search latency at 1 and 8
clients with bench.load's Zipf workload (searches only) on the BM25 path, and the full path
only if the scratch database has an active, servable model (by default it has none); API RSS,
Elasticsearch JVM heap used and process RSS. At the end the scratch index is deleted and the
scratch schema emptied (ES heap is shared with the demo and tests), unless --keep.
Saves bench/results/million.json (or --output).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any

import httpx

from bench.common import (
    BENCH_DB,
    BENCH_PREFIX,
    empty_schema,
    ensure_database,
    es_memory,
    rss_mb,
    save,
    start_api,
    stop_api,
    use_bench_namespace,
)

use_bench_namespace()
REDIS_DB = "14"

from elasticsearch import ApiError, TransportError  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench.load import CpuMeter, Level, run_level, zipf_workload  # noqa: E402
from catalog.generator import generate_products  # noqa: E402
from catalog.service import import_products  # noqa: E402
from core.runtime import open_runtime  # noqa: E402
from core.settings import get_settings  # noqa: E402
from indexer.rebuild import rebuild  # noqa: E402


def load_catalog(n: int, seed: int, out: dict[str, Any]) -> dict[str, Any]:
    """Generate and import n products, rebuild the index; fill `out` as figures come in."""
    settings = get_settings()
    with open_runtime(settings, es_timeout=600) as rt:
        started = time.monotonic()
        last = [started]

        def progress(*_: object) -> None:
            if time.monotonic() - last[0] > 60:
                last[0] = time.monotonic()
                print(f"  importing... {last[0] - started:.0f}s", flush=True)

        report = import_products(
            generate_products(n, seed), session_factory=rt.session_factory, on_batch=progress
        )
        import_s = time.monotonic() - started
        print(f"imported {report.written} products in {import_s:.0f}s", flush=True)
        out.update(products=report.written, generate_import_seconds=round(import_s, 1))
        es_before = es_memory(settings.es_url)
        built = rebuild(engine=rt.engine, es=rt.es, alias=settings.products_alias, keep=1)
        print(f"rebuilt {built.documents} docs in {built.seconds:.0f}s", flush=True)
        rt.es.indices.refresh(index=built.index)
        stats = rt.es.indices.stats(index=built.index, metric="store,docs,segments")
        primaries = stats["indices"][built.index]["primaries"]
        with rt.engine.connect() as connection:
            table_bytes = connection.scalar(text("SELECT pg_total_relation_size('products')"))
    return out | {
        "import_per_second": round(report.written / import_s),
        "rebuild_seconds": round(built.seconds, 1),
        "rebuild_docs_per_second": round(built.docs_per_second),
        "index": built.index,
        "index_docs": primaries["docs"]["count"],
        "index_size_mb": round(primaries["store"]["size_in_bytes"] / 2**20, 1),
        "index_segments": primaries["segments"]["count"],
        "index_segments_memory_mb": round(
            primaries["segments"].get("memory_in_bytes", 0) / 2**20, 1
        ),
        "postgres_products_mb": round(int(table_bytes or 0) / 2**20, 1),
        "es_before_rebuild": es_before,
        "es_after_rebuild": es_memory(settings.es_url),
    }


def full_path_available(api: str) -> bool:
    """Say whether default-ranked searches are reranked by a model on this database."""
    body = httpx.get(f"{api}/api/search", params={"q": "laptop"}, timeout=60).json()
    return str(body["ranking"]).startswith("ltr")


def measure_search(port: int, args: argparse.Namespace) -> dict[str, Any]:
    """Start an API on the scratch namespace; measure searches at each level; read memory."""
    settings = get_settings()
    api = f"http://127.0.0.1:{port}"
    env = {
        "AISLE_PG_DATABASE": BENCH_DB,
        "AISLE_ES_INDEX_PREFIX": BENCH_PREFIX,
        "AISLE_REDIS_DB": REDIS_DB,
        # Off by default: the point is Elasticsearch's cost at 1M products, not Redis hits.
        "AISLE_RETRIEVAL_CACHE_TTL_S": str(args.retrieval_cache_ttl),
    }
    server = start_api(port, env, wait_s=120)
    try:
        work = zipf_workload(settings.catalog_path / "judgments-dev.csv", mix=(1.0, 0.0, 0.0))
        paths = ["bm25"] + (["full"] if full_path_available(api) else [])
        cpu = CpuMeter(port, settings.es_port)
        out: dict[str, Any] = {
            "paths": paths,
            "full_path_note": _note(paths),
            "retrieval_cache_ttl_s": args.retrieval_cache_ttl,
        }
        for path in paths:
            out[path] = {}
            for clients in (int(c) for c in args.clients.split(",")):
                spec = Level(path, clients, args.seconds, args.warmup)
                level = asyncio.run(run_level(api, work, spec, cpu))
                out[path][str(clients)] = level
                s = level["search"]
                print(
                    f"{path:>5} {clients:>2} clients: p50 {s['p50']:6.1f}  p95 {s['p95']:6.1f}  "
                    f"p99 {s['p99']:6.1f} ms  {level['throughput_rps']:6.1f} req/s  "
                    f"errors {level['errors']}  cpu {level['cpu_pct']}",
                    flush=True,
                )
        out["api_rss_mb"] = rss_mb(server.pid)
        out["es_after_search"] = es_memory(settings.es_url)
    finally:
        stop_api(server)
    return out


def _note(paths: list[str]) -> str:
    """Explain which ranking paths were measured."""
    if "full" in paths:
        return "the scratch database has an active model: full path measured"
    return "no active servable model in aisle_bench: only the BM25 path was measured"


def cleanup(index: str | None) -> dict[str, Any]:
    """Empty the scratch schema and delete every scratch product index; return ES memory after.

    Every one, not just ours: a rebuild that died with Elasticsearch leaves a partial index
    whose name we never learnt, and the emptied scratch database makes any other one stale.
    """
    settings = get_settings()
    empty_schema()
    try:
        with open_runtime(settings) as rt:
            found = rt.es.options(ignore_status=404).indices.get(
                index=f"{settings.products_alias}-v*"
            )
            for name in {*found.body, *([index] if index else [])}:
                rt.es.options(ignore_status=404).indices.delete(index=name)
                print(f"deleted index {name}")
    except (ApiError, TransportError) as exc:
        print(f"could not delete the scratch indices ({exc}); delete {BENCH_PREFIX}-* by hand")
    return es_memory(settings.es_url)


def main() -> None:
    """Build, measure, clean up, save."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--port", type=int, default=8411, help="scratch API port")
    parser.add_argument("--clients", default="1,8")
    parser.add_argument("--seconds", type=float, default=20, help="measured time per level")
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument(
        "--retrieval-cache-ttl", type=int, default=0, help="scratch API's cache TTL (0: off)"
    )
    parser.add_argument("--keep", action="store_true", help="leave the index and data in place")
    parser.add_argument("--output", default="million")
    args = parser.parse_args()
    os.environ["AISLE_REDIS_DB"] = REDIS_DB
    ensure_database(BENCH_DB)
    empty_schema()
    results: dict[str, Any] = {"products_requested": args.products}
    index = None
    try:
        results["catalog"] = {}  # kept, partial, if a later step fails
        catalog = load_catalog(args.products, args.seed, results["catalog"])
        results["catalog"] = catalog
        index = catalog["index"]
        print({k: v for k, v in catalog.items() if not k.startswith("es_")}, flush=True)
        results["search"] = measure_search(args.port, args)
    finally:
        if not args.keep:
            results["es_after_cleanup"] = cleanup(index)
            print(f"emptied {BENCH_DB}; ES {results['es_after_cleanup']}")
        print(f"saved {save(args.output, results)}")


if __name__ == "__main__":
    main()
