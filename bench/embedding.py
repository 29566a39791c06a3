"""Query embedding cost on one core: cold (every query new) and through the query cache.

    python -m bench.embedding [--queries 500]

Queries are Home Depot's judged search terms (real, short, often misspelt), each embedded
once cold with one onnxruntime thread, as the API does; then the same queries again through
embedding.shared.QueryVectors, as repeats are served. Also reports batch throughput (docs/s)
of product titles at one and two threads, as a rebuild embeds them. Medians of 3 rounds.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import save
from embedding.model import load
from embedding.shared import QueryVectors

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "homedepot"
if not DATA.is_dir():
    DATA = Path("/work/shared/data/homedepot")
ROUNDS = 3


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the values lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--titles", type=int, default=2000)
    args = parser.parse_args()
    with (DATA / "judgments-dev.csv").open() as file:
        queries = sorted({row["query"] for row in csv.DictReader(file)})[: args.queries]
    with (DATA / "products.csv").open() as file:
        titles = [row["title"] for row in csv.DictReader(file)][: args.titles]
    single = load(threads=1).encoder
    double = load(threads=2).encoder
    assert single is not None and double is not None, "the model did not load"
    single.embed(["warm up"])
    rounds: list[dict[str, float]] = []
    for _ in range(ROUNDS):
        cold = []
        for q in queries:
            started = time.perf_counter()
            single.embed([q])
            cold.append((time.perf_counter() - started) * 1000)
        cache = QueryVectors(single)
        for q in queries:
            cache(q)
        cached = []
        for q in queries:
            started = time.perf_counter()
            cache(q)
            cached.append((time.perf_counter() - started) * 1000)
        figures = {
            "cold_p50_ms": percentile(cold, 0.5),
            "cold_p95_ms": percentile(cold, 0.95),
            "cached_p95_ms": percentile(cached, 0.95),
        }
        for name, encoder in (("docs_per_s_1_thread", single), ("docs_per_s_2_threads", double)):
            started = time.perf_counter()
            encoder.embed(titles)
            figures[name] = len(titles) / (time.perf_counter() - started)
        rounds.append(figures)
    medians = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    for key, value in medians.items():
        print(f"{key:>22}: {value:.2f}")
    save(
        "embedding",
        {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "queries": len(queries),
            "titles": len(titles),
            **medians,
        },
    )


if __name__ == "__main__":
    main()
