"""Aisle's BM25 path against stock Elasticsearch, on Icecat and Home Depot, in one run.

    python -m bench.relevance [--all-queries] [--sample 1500] [--seed 21] [--only homedepot]

Each catalog gets its own scratch database and index prefix (aisle_bench_rel_<catalog>,
aisle-bench-rel-<catalog>): it is imported through catalog.imports.import_catalog (the same
path as `aisle catalog import`; brands and types learned where the file has none), indexed
by a full rebuild, and its judged dev queries (those with a product rated > 0) are searched
three ways, each 100 deep:

- plain: stock `multi_match` (best_fields, title^2 + description) on a plain copy of the
  live index (retrieval.plain), no fuzziness;
- plain fuzzy: the same with `fuzziness: AUTO`, the baseline every ratio is against;
- aisle: GET /api/search?ranking=bm25 through the app in-process (no network, no retrieval
  cache), i.e. what `aisle eval --bm25` measures.

Home Depot's 5,800 judged queries are sampled to a fixed, seeded 1,500 unless --all-queries.
The scratch indices are deleted at the end (the databases stay, so the next import is an
upsert of unchanged rows). Figures go to bench/results/relevance.json.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from bench.common import ensure_database, save

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not DATA.is_dir():
    DATA = Path("/work/shared/data")
REDIS_DB = "12"
SAMPLE = 1500
SEED = 21
FOLDS = 5
METRICS = ("ndcg", "ndcg_condensed", "recall_100", "judged_at")
LABELS = ("NDCG@10", "NDCG'@10", "recall@100(>=2)", "judged@10")


@dataclass(frozen=True)
class Catalog:
    """One catalog of the bench: where its products and dev judgments are."""

    name: str
    products: Path
    judgments: Path

    @property
    def database(self) -> str:
        """Return the catalog's scratch database."""
        return f"aisle_bench_rel_{self.name}"

    @property
    def prefix(self) -> str:
        """Return the catalog's scratch index prefix."""
        return f"aisle-bench-rel-{self.name}"


CATALOGS = (
    Catalog("icecat", DATA / "icecat", DATA / "icecat" / "judgments-dev.csv"),
    Catalog(
        "homedepot", DATA / "homedepot" / "products.csv", DATA / "homedepot" / "judgments-dev.csv"
    ),
)


@contextmanager
def namespace(catalog: Catalog) -> Iterator[Any]:
    """Point settings at the catalog's scratch database, prefix and Redis db; yield them."""
    from core.settings import get_settings

    saved = {k: os.environ.get(k) for k in ("AISLE_PG_DATABASE", "AISLE_ES_INDEX_PREFIX")}
    os.environ.update(
        AISLE_PG_DATABASE=catalog.database,
        AISLE_ES_INDEX_PREFIX=catalog.prefix,
        AISLE_REDIS_DB=REDIS_DB,
        # Every search must reach Elasticsearch: cached answers would flatter the timing.
        AISLE_RETRIEVAL_CACHE_TTL_S="0",
    )
    get_settings.cache_clear()
    try:
        yield get_settings()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def sample(judgments: dict[str, dict[str, int]], size: int | None, seed: int) -> dict[str, Any]:
    """Return the scorable queries, or a fixed seeded sample of `size` of them."""
    from ranking.evaluate import scorable

    queries = scorable(judgments)
    if size is None or size >= len(queries):
        return queries
    chosen = random.Random(seed).sample(sorted(queries), size)
    return {q: queries[q] for q in sorted(chosen)}


def timed(step: Callable[[], Any]) -> tuple[Any, float]:
    """Run a step; return its result and seconds taken."""
    started = time.monotonic()
    result = step()
    return result, round(time.monotonic() - started, 1)


def run_catalog(catalog: Catalog, size: int | None, seed: int, *, ltr: bool) -> dict[str, Any]:
    """Import, index and evaluate one catalog three ways; drop its indices; return figures."""
    from catalog.imports import import_catalog
    from core import migrate
    from core.runtime import open_runtime
    from indexer.rebuild import rebuild
    from ranking.baseline import plain_index, plain_report
    from ranking.judgments import load_judgments

    figures: dict[str, Any] = {"seconds": {}}
    seconds = figures["seconds"]
    with namespace(catalog) as settings:
        ensure_database(catalog.database)
        migrate.upgrade(settings)
        with open_runtime(settings, es_timeout=120) as rt:
            imported, seconds["import"] = timed(
                lambda: import_catalog(catalog.products, session_factory=rt.session_factory)
            )
            figures["imported"] = {"inserted": imported.inserted, "errors": len(imported.errors)}
            built, seconds["index"] = timed(
                lambda: rebuild(engine=rt.engine, es=rt.es, alias=settings.products_alias, keep=1)
            )
            figures["documents"] = built.documents
            try:
                judgments = sample(load_judgments(catalog.judgments), size, seed)
                figures["queries"] = len(judgments)
                index, seconds["plain_copy"] = timed(lambda: plain_index(rt))
                reports: dict[str, Any] = {}
                for name, fuzzy in (("plain", False), ("plain_fuzzy", True)):
                    reports[name], seconds[name] = timed(
                        partial(plain_report, rt, judgments, fuzzy=fuzzy, index=index)
                    )
                reports["aisle"], seconds["aisle"] = timed(
                    lambda: aisle_report(settings, judgments)
                )
                figures["index_bytes"] = index_bytes(rt.es, settings.products_alias)
                if ltr:
                    figures["ltr"], seconds["ltr"] = timed(
                        lambda: ltr_scores(rt.es, settings.products_alias, judgments)
                    )
            finally:
                drop_indices(rt.es, settings.products_alias)
    figures["means"] = {name: report.means() for name, report in reports.items()}
    figures["tally"] = tally(reports["aisle"], reports["plain_fuzzy"])
    figures["losses"] = losses(reports["aisle"], reports["plain_fuzzy"])
    return figures


def index_bytes(es: Any, alias: str) -> int:
    """Return the live index's size on disk (primaries), vectors included."""
    stats = es.indices.stats(index=alias, metric="store").body
    return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])


def ltr_scores(es: Any, alias: str, judgments: dict[str, dict[str, int]]) -> dict[str, Any]:
    """Return retrieval order against the learned ranker, with and without the retrieval prior.

    5-fold cross-validation grouped by query on the same candidates: every query is scored by
    a model that never saw it.
    """
    from ranking.dataset import build
    from ranking.train import cross_validate, recipe_for

    dataset = build(es, alias, judgments, k=100)
    recipes = {
        "ltr": recipe_for(judged=True, clicks=False),
        "ltr_noprior": recipe_for(judged=True, clicks=False, retrieval_prior=False),
    }
    results = cross_validate(dataset, folds=FOLDS, recipes=recipes)
    return {name: vars(scores) for name, scores in results.items()}


def aisle_report(settings: Any, judgments: dict[str, dict[str, int]]) -> Any:
    """Evaluate the app's BM25 path in-process on the judgments."""
    from fastapi.testclient import TestClient

    from ranking.evaluate import api_searcher, evaluate
    from search_service.app import create_app

    with TestClient(create_app(settings)) as client:

        def get_json(path: str, params: dict[str, str | int]) -> dict[str, object]:
            response = client.get(path, params={**params, "ranking": "bm25"})
            response.raise_for_status()
            body: dict[str, object] = response.json()
            return body

        return evaluate(judgments, api_searcher(get_json))


def tally(ours: Any, baseline: Any) -> dict[str, int]:
    """Count the queries Aisle wins, ties and loses on NDCG@10, and loses on recall@100."""
    theirs = {q.query: q for q in baseline.queries}
    counts = {"wins": 0, "ties": 0, "losses": 0, "recall_losses": 0}
    for q in ours.queries:
        other = theirs[q.query]
        key = "wins" if q.ndcg > other.ndcg else "losses" if q.ndcg < other.ndcg else "ties"
        counts[key] += 1
        if q.recall_100 is not None and q.recall_100 < (other.recall_100 or 0.0):
            counts["recall_losses"] += 1
    return counts


def losses(ours: Any, baseline: Any, top: int = 15) -> list[dict[str, Any]]:
    """Return the queries where Aisle's NDCG@10 falls furthest below the baseline's."""
    theirs = {q.query: q for q in baseline.queries}
    rows = [
        {
            "query": q.query,
            "ndcg": [round(q.ndcg, 3), round(theirs[q.query].ndcg, 3)],
            "recall_100": [q.recall_100, theirs[q.query].recall_100],
        }
        for q in ours.queries
        if q.ndcg < theirs[q.query].ndcg
    ]
    return sorted(rows, key=lambda r: r["ndcg"][0] - r["ndcg"][1])[:top]


def drop_indices(es: Any, alias: str) -> None:
    """Delete the catalog's scratch indices: its plain copy and every version behind the alias."""
    from retrieval.plain import drop_plain_indices

    drop_plain_indices(es, alias)
    names = list(es.indices.get(index=f"{alias}-v*", expand_wildcards="all").body)
    if names:
        es.indices.delete(index=",".join(names))


def render(results: dict[str, dict[str, Any]]) -> str:
    """Format the figures as a markdown table, ratios against plain fuzzy ES."""
    lines = [
        "| catalog (queries) | metric | plain ES | plain ES fuzzy | Aisle BM25 | Aisle / fuzzy |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, figures in results.items():
        means = figures["means"]
        for metric, label in zip(METRICS, LABELS, strict=True):
            plain, fuzzy, aisle = (means[r][metric] for r in ("plain", "plain_fuzzy", "aisle"))
            ratio = f"{aisle / fuzzy:.3f}x" if fuzzy else "-"
            lines.append(
                f"| {name} ({figures['queries']}) | {label} | {plain:.3f} | {fuzzy:.3f} "
                f"| {aisle:.3f} | {ratio} |"
            )
    for name, figures in results.items():
        for ranker, scores in figures.get("ltr", {}).items():
            lines.append(
                f"| {name} ({figures['queries']}) CV | {ranker} NDCG@10 / MRR / recall@10 | "
                f"{scores['ndcg']:.3f} | {scores['mrr']:.3f} | {scores['recall']:.3f} | |"
            )
    for name, figures in results.items():
        timing = ", ".join(f"{k} {v:.1f} s" for k, v in figures["seconds"].items())
        t = figures["tally"]
        lines.append(
            f"\n{name}: {figures['documents']} products, index "
            f"{figures['index_bytes'] / 1e6:.0f} MB; {timing}\n"
            f"  NDCG@10 against plain fuzzy, per query: {t['wins']} better, {t['ties']} equal, "
            f"{t['losses']} worse; recall@100(>=2) lower on {t['recall_losses']}"
        )
    return "\n".join(lines)


def main() -> None:
    """Run every catalog and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--all-queries", action="store_true", help="Every dev query.")
    parser.add_argument("--sample", type=int, default=SAMPLE, help="Home Depot queries sampled.")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--only", choices=[c.name for c in CATALOGS])
    parser.add_argument(
        "--ltr", action="store_true", help="Also cross-validate the learned ranker (5 folds)."
    )
    args = parser.parse_args()
    started = time.monotonic()
    results: dict[str, dict[str, Any]] = {}
    for catalog in CATALOGS:
        if args.only and catalog.name != args.only:
            continue
        size = None if args.all_queries or catalog.name == "icecat" else args.sample
        results[catalog.name] = run_catalog(catalog, size, args.seed, ltr=args.ltr)
        print(f"{catalog.name}: done in {sum(results[catalog.name]['seconds'].values()):.0f} s")
    total = round(time.monotonic() - started, 1)
    print(render(results))
    print(f"\ntotal {total:.0f} s")
    save(
        "relevance",
        {"date": datetime.now(UTC).isoformat(timespec="seconds"), "total_s": total, **results},
    )


if __name__ == "__main__":
    main()
