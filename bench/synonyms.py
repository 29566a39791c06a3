"""What synonyms cost and gain: search latency with 0, 100 and 10,000 active synonyms, and
NDCG@10 on the judged queries before and after the derived Icecat set.

    python -m bench.synonyms [--rounds 3]

In-process against the live index (BM25 order, as the judgments measure retrieval). The
judged queries and their typo variants are searched; the 100 and 10,000 sets are the derived
Icecat sets padded with generated entries that look like catalog vocabulary.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import save, summarize
from bench.search_latency import typo_variants
from core.runtime import open_runtime
from core.settings import get_settings
from merchandising.compiled import CompiledMerch, compile_config
from merchandising.schemas import MerchConfig, SynonymEntry, SynonymSetData
from merchandising.synonyms import parse
from ranking.judgments import load_judgments
from retrieval.params import SearchParams, clean_query
from retrieval.plan import SynonymKind
from search_service.merch.preview import evaluate
from search_service.search import search

SETS = Path(__file__).resolve().parents[1] / "merchandising" / "sets"


def derived_sets() -> list[SynonymSetData]:
    """Return the synonym sets derived from the dev judgments' misses."""
    return [
        SynonymSetData(
            name=name,
            corrections=corrections,
            entries=parse((SETS / f"{name}.txt").read_text(), fmt="solr", corrections=corrections),
        )
        for name, corrections in (("icecat-electronics", False), ("icecat-corrections", True))
    ]


def padded(total: int, seed: int = 7) -> list[SynonymSetData]:
    """Return the derived sets plus generated two-way entries up to `total` entries."""
    sets = derived_sets()
    have = sum(len(s.entries) for s in sets)
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    filler = [
        SynonymEntry(
            kind=SynonymKind.SYNONYM,
            terms=["".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(2)],
        )
        for _ in range(max(0, total - have))
    ]
    return [*sets, SynonymSetData(name="filler", entries=filler)]


def main() -> None:
    """Print latency per synonym count and NDCG@10 before and after the derived set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = get_settings()
    judgments = load_judgments(settings.ranking_judgments_path)
    rng = random.Random(7)
    queries = sorted(judgments)
    queries += [v for q in sorted(judgments) for v in typo_variants(q, rng)]
    plans = [SearchParams(q=clean_query(q), size=24) for q in queries]
    configs = {
        "0 synonyms": CompiledMerch(),
        "100 synonyms": compile_config(MerchConfig(synonym_sets=padded(100)), 1),
        "10000 synonyms": compile_config(MerchConfig(synonym_sets=padded(10_000)), 2),
    }
    results: dict[str, dict[str, float]] = {}
    with open_runtime(settings) as rt:
        alias = settings.products_alias
        for plan in plans:  # warm caches
            search(rt.es, alias, plan)
        timings: dict[str, list[float]] = {name: [] for name in configs}
        for _ in range(args.rounds):
            for plan in plans:  # interleaved, so noise hits every configuration alike
                for name, config in configs.items():
                    started = time.perf_counter()
                    search(rt.es, alias, plan, plan=config.plan(plan, datetime.now(UTC)))
                    timings[name].append((time.perf_counter() - started) * 1000)
        for name, values in timings.items():
            results[name] = summarize(values)
        quality = evaluate(
            rt.es,
            alias,
            published=CompiledMerch(),
            draft=compile_config(MerchConfig(synonym_sets=derived_sets()), 1),
            reranker=None,
            judgments=judgments,
        )
    for name, stats in results.items():
        print(f"{name:<15} p50 {stats['p50']:6.1f} ms  p95 {stats['p95']:6.1f} ms")
    print(
        f"NDCG@10 over {quality.queries} judged queries: without synonyms "
        f"{quality.published_ndcg:.4f}, with the derived Icecat sets {quality.draft_ndcg:.4f}"
    )
    results["ndcg@10"] = {"before": quality.published_ndcg, "after": quality.draft_ndcg}
    save("synonyms", results)


if __name__ == "__main__":
    main()
