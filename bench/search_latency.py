"""Search latency at 1, 8 and 32 concurrent clients against the running API.

    python -m bench.search_latency [--api URL] [--requests 600] [--clients 1,8,32]

Queries: the judged queries of ../shared/data/icecat/judgments-dev.csv plus typo variants
of each (a dropped, a doubled and a swapped letter), shuffled with a fixed seed.
"""

from __future__ import annotations

import argparse
import random
import threading
import time
from pathlib import Path

import httpx

from bench.common import save, summarize
from core.settings import get_settings
from ranking.judgments import load_judgments


def typo_variants(query: str, rng: random.Random) -> list[str]:
    """Return a dropped-, doubled- and swapped-letter variant of the query."""
    if len(query) < 4:
        return []
    i = rng.randrange(1, len(query) - 2)
    return [
        query[:i] + query[i + 1 :],
        query[:i] + query[i] + query[i:],
        query[:i] + query[i + 1] + query[i] + query[i + 2 :],
    ]


def workload(judgments: Path, seed: int = 7) -> list[str]:
    """Return the benchmark's query list."""
    rng = random.Random(seed)
    queries = sorted(load_judgments(judgments))
    mixed = queries + [v for q in queries for v in typo_variants(q, rng)]
    rng.shuffle(mixed)
    return mixed


def run_level(api: str, queries: list[str], clients: int, total: int) -> dict[str, float]:
    """Send `total` searches from `clients` threads; return latency figures and throughput."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def client_loop() -> None:
        nonlocal errors
        with httpx.Client(base_url=api, timeout=30) as http:
            for n in counter:
                started = time.perf_counter()
                response = http.get("/api/search", params={"q": queries[n % len(queries)]})
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    errors += response.status_code != 200

    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    figures = summarize(latencies)
    figures.update(throughput_rps=len(latencies) / wall, errors=errors, requests=len(latencies))
    return {k: round(v, 1) for k, v in figures.items()}


def main() -> None:
    """Warm up, then measure each concurrency level."""
    settings = get_settings()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--api", default=f"http://{settings.api_host}:{settings.api_port}")
    parser.add_argument(
        "--judgments", type=Path, default=settings.catalog_path / "judgments-dev.csv"
    )
    parser.add_argument("--requests", type=int, default=600, help="per concurrency level")
    parser.add_argument("--clients", default="1,8,32")
    args = parser.parse_args()
    queries = workload(args.judgments)
    run_level(args.api, queries, 4, min(len(queries), 200))  # warm caches and connections
    results = {}
    print(f"{len(queries)} distinct queries; {args.requests} requests per level against {args.api}")
    for clients in (int(c) for c in args.clients.split(",")):
        results[str(clients)] = figures = run_level(args.api, queries, clients, args.requests)
        print(
            f"clients {clients:>3}: p50 {figures['p50']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
            f"p99 {figures['p99']:6.1f} ms  {figures['throughput_rps']:6.1f} req/s  "
            f"errors {figures['errors']:.0f}"
        )
    print(f"saved {save('search_latency', results)}")


if __name__ == "__main__":
    main()
