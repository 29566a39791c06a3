"""What reranking costs: search with the active model vs BM25 alone, at K = 50, 100, 200.

    python -m bench.rerank [--rounds 3]

Runs against the live index and the active model of the configured database (train and
promote one first: `aisle ranking train … --promote`), in-process, over the judged queries.
"""

from __future__ import annotations

import argparse
import time

from bench.common import save, summarize
from core.runtime import open_runtime
from core.settings import get_settings
from ranking.judgments import load_judgments
from ranking.registry import active_model
from ranking.rerank import Reranker, servable
from retrieval.params import SearchParams, clean_query
from search_service.search import search


def timed(call: object) -> float:
    """Return the milliseconds a call takes."""
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000


def main() -> None:
    """Print p50/p95 of search latency with and without reranking, per window size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = get_settings()
    queries = sorted(load_judgments(settings.catalog_path / "judgments-dev.csv"))
    results: dict[str, dict[str, float]] = {}
    with open_runtime(settings) as rt:
        with rt.session_factory() as db:
            row = active_model(db)
            ready = servable(row) if row is not None else None
            if ready is None:
                raise SystemExit(
                    "no servable active model: run `aisle ranking train … --promote` first"
                )
            model, model_id = ready.model, ready.model_id
        alias = settings.products_alias
        plans = [SearchParams(q=clean_query(q), size=24) for q in queries]
        for plan in plans:  # warm caches
            search(rt.es, alias, plan)
        bm25 = [
            timed(lambda p=p: search(rt.es, alias, p)) for _ in range(args.rounds) for p in plans
        ]
        results["bm25"] = summarize(bm25)
        for window in (50, 100, 200):
            reranker = Reranker(model_id=model_id, model=model, window=window)
            ltr = [
                timed(lambda p=p, r=reranker: search(rt.es, alias, p, r))
                for _ in range(args.rounds)
                for p in plans
            ]
            results[f"ltr_k{window}"] = summarize(ltr)
    for name, stats in results.items():
        print(f"{name:<9} p50 {stats['p50']:6.1f} ms  p95 {stats['p95']:6.1f} ms")
    save("rerank", results)


if __name__ == "__main__":
    main()
