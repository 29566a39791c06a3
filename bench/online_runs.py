"""The paired online comparison: each ranking serves the same held-out shoppers in turn.

For each ranking (BM25, LTR without shopper features, LTR with them): restore the state the
history left (bench.heldout), make it the served ranking, start a fresh API, play every
shopper's held-out days (analytics.heldout), stop the API, and score what the server
recorded it served (ranking.online_eval). The learned rankers can be trained several times
(replicates differing only in their early-stopping split) to show the spread of one training.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict
from typing import Any

import httpx
from sqlalchemy import func, select

from accounts.models import User
from analytics.heldout import run_held_out
from analytics.shoppers import appeal
from analytics.simulate import Simulation, learn_catalog, simulated_shoppers
from bench.common import start_api, stop_api
from bench.heldout import HistoryMarks, forget_held_out, restore, serve, shoppers_ready
from bench.rankers import train_pairs
from catalog.models import Product
from core.runtime import open_runtime
from core.settings import Settings
from ranking.online_eval import (
    K,
    OnlineScores,
    ServedSearch,
    online_scores,
    paired,
    served_searches,
)

ARMS = ("bm25", "ltr", "ltr+shopper")
HEADER = (
    f"{'ranking':<12} {'searches':>8} {'NDCG@10':>8} {'|clicked':>8} {'CTR@1':>6} "
    f"{'CTR@3':>6} {'CTR@10':>6} {'clicks/s':>8} {'carts/s':>7} {'appeal@10':>9}"
)


def compare_online(
    settings: Settings,
    sim: Simulation,
    port: int,
    marks: HistoryMarks,
    *,
    replicates: int = 1,
    cascade: bool = False,
) -> dict[str, Any]:
    """Train the learned rankers, run the held-out sessions under each ranking, score them.

    BM25 serves once; each replicate's pair of learned rankers serves once each. A ranking's
    figures pool its runs (every run has the same searches, so they are means over runs).
    """
    started = time.monotonic()
    restore(settings)  # segments as of the history's end, as training and serving see them
    trained = train_pairs(settings, replicates=replicates, cascade=cascade)
    trained_s = round(time.monotonic() - started, 1)
    print(f"trained {2 * replicates} rankers in {trained_s}s", flush=True)
    for replicate, pair in enumerate(trained):
        print(f"  replicate {replicate}: {_describe(pair)}", flush=True)
    plan = [("bm25", 0, None)] + [
        (name, replicate, pair[name]["model_id"])
        for replicate, pair in enumerate(trained)
        for name in ARMS[1:]
    ]
    served: dict[str, list[list[ServedSearch]]] = {arm: [] for arm in ARMS}
    runs: list[dict[str, Any]] = []
    catalogs: list[dict[str, Any]] = []
    for arm, replicate, model_id in plan:
        searches, facts, catalog = run_ranking(settings, sim, port, marks, arm, model_id)
        served[arm].append(searches)
        catalogs.append(catalog)
        runs.append({"ranking": arm, "replicate": replicate, **facts})
        print(f"{arm} #{replicate}: {facts}", flush=True)
    if any(catalog != catalogs[0] for catalog in catalogs):
        raise RuntimeError("the catalog the shoppers learned changed between runs")
    finish(settings, marks)
    pooled = {arm: [s for run in served[arm] for s in run] for arm in ARMS}
    scores = {arm: online_scores(searches) for arm, searches in pooled.items()}
    fit = taste_fit(settings, pooled, catalogs[0], sim.seed)
    per_replicate = [replicate_figures(served, r) for r in range(replicates)]
    lift = lift_pct(scores["ltr"].ndcg, scores["ltr+shopper"].ndcg)
    print_table(scores, fit, per_replicate, lift, sim.held_out_days)
    return {
        "held_out_days": sim.held_out_days,
        "labels": "cascade" if cascade else "shown, debiased",
        "searches_per_run": len(served["bm25"][0]),
        "rankings": {name: asdict(score) for name, score in scores.items()},
        "hidden_taste_appeal@10": fit,
        "lift_ndcg@10_pct": lift,
        "replicates": per_replicate,
        "models": trained,
        "runs": runs,
        "train_s": trained_s,
        "online_s": round(time.monotonic() - started, 1),
    }


def replicate_figures(served: dict[str, list[list[ServedSearch]]], r: int) -> dict[str, Any]:
    """Return one replicate's NDCG@10 per learned ranking, its lift and the paired differences."""
    bm25, plain, personal = served["bm25"][0], served["ltr"][r], served["ltr+shopper"][r]
    ndcg = {
        name: online_scores(run).ndcg for name, run in (("ltr", plain), ("ltr+shopper", personal))
    }
    return {
        "replicate": r,
        "ndcg@10": ndcg,
        "lift_ndcg@10_pct": lift_pct(ndcg["ltr"], ndcg["ltr+shopper"]),
        "paired": {
            "ltr-bm25": asdict(paired(bm25, plain)),
            "ltr+shopper-bm25": asdict(paired(bm25, personal)),
            "ltr+shopper-ltr": asdict(paired(plain, personal)),
        },
    }


def lift_pct(plain: float, personal: float) -> float | None:
    """Return the relative lift in percent."""
    return round(100 * (personal / plain - 1), 1) if plain else None


def run_ranking(
    settings: Settings,
    sim: Simulation,
    port: int,
    marks: HistoryMarks,
    name: str,
    model_id: int | None,
) -> tuple[list[ServedSearch], dict[str, Any], dict[str, Any]]:
    """Serve one ranking to the held-out sessions; return its searches, run facts, catalog."""
    started = time.monotonic()
    restore(settings)
    with open_runtime(settings) as rt, rt.session_factory() as db:
        forget_held_out(db, marks)
        serve(db, model_id, name)
        since = db.scalar(select(func.now()))
        pattern = f"shopper%.sim{sim.seed}@example.com"
        user_ids = list(db.scalars(select(User.id).where(User.email.like(pattern))))
    assert since is not None
    ready = shoppers_ready(settings, user_ids)
    server = start_api(port, {"AISLE_RETRIEVAL_CACHE_TTL_S": "0"}, wait_s=120)
    try:
        with httpx.Client(base_url=sim.api, timeout=30) as http:
            catalog = learn_catalog(http)
        with open_runtime(settings) as rt:
            counts = run_held_out(sim, rt.session_factory, settings, catalog, marks.events_until)
    finally:
        stop_api(server)
    with open_runtime(settings) as rt, rt.session_factory() as db:
        searches = served_searches(db, since=since)
    if counts["events_refused"]:
        raise RuntimeError(f"{name}: the API refused {counts['events_refused']} held-out events")
    facts = {
        "model_id": model_id,
        **ready,
        **{f"simulator_{key}": counts[key] for key in ("sessions", "searches", "clicks", "carts")},
        "seconds": round(time.monotonic() - started, 1),
    }
    return searches, facts, catalog


def taste_fit(
    settings: Settings,
    served: dict[str, list[ServedSearch]],
    catalog: dict[str, Any],
    seed: int,
) -> dict[str, float]:
    """Return each ranking's mean appeal of its top 10 to the searcher, by hidden tastes.

    A diagnostic free of click noise (`analytics.shoppers.appeal`, which the service never
    sees): how well what was shown fits the shopper who asked.
    """
    ids = {p for searches in served.values() for s in searches for p in s.shown[:K]}
    with open_runtime(settings) as rt, rt.session_factory() as db:
        shoppers = simulated_shoppers(db, seed, catalog)
        facts = {
            pid: {"product_type": kind, "brand": brand, "price": _price(price)}
            for pid, kind, brand, price in db.execute(
                select(Product.id, Product.product_type, Product.brand, Product.price).where(
                    Product.id.in_(ids)
                )
            )
        }
    return {
        name: round(
            statistics.fmean(
                statistics.fmean(appeal(shoppers[s.user_id], facts[p]) for p in s.shown[:K])
                for s in searches
                if s.shown
            ),
            4,
        )
        for name, searches in served.items()
    }


def _price(value: Any) -> float | None:
    """Return a price as the API shows it."""
    return float(value) if value is not None else None


def finish(settings: Settings, marks: HistoryMarks) -> None:
    """Leave the scratch namespace as the history left it, served by BM25."""
    restore(settings)
    with open_runtime(settings) as rt, rt.session_factory() as db:
        forget_held_out(db, marks)
        serve(db, None, "bm25")


def print_table(
    scores: dict[str, OnlineScores],
    fit: dict[str, float],
    per_replicate: list[dict[str, Any]],
    lift: float | None,
    days: int,
) -> None:
    """Print the online figures."""
    print(f"online, {days} held-out days through the live API (same shoppers, same searches)")
    print(HEADER)
    for name, s in scores.items():
        print(
            f"{name:<12} {s.searches:>8} {s.ndcg:>8.3f} {s.ndcg_clicked:>8.3f} {s.ctr_at_1:>6.3f} "
            f"{s.ctr_at_3:>6.3f} {s.ctr_at_10:>6.3f} {s.clicks_per_search:>8.3f} "
            f"{s.carts_per_search:>7.3f} {fit[name]:>9.3f}"
        )
    for figures in per_replicate:
        print(
            f"replicate {figures['replicate']}: ltr {figures['ndcg@10']['ltr']:.3f}, "
            f"ltr+shopper {figures['ndcg@10']['ltr+shopper']:.3f}, "
            f"lift {figures['lift_ndcg@10_pct']} %"
        )
        for name, pair in figures["paired"].items():
            print(
                f"  {name}: paired NDCG@10 difference {pair['mean_difference']:+.4f} "
                f"± {pair['standard_error']:.4f} over {pair['pairs']} searches; top-10 overlap "
                f"{pair['top10_overlap']:.2f}, {pair['outside_page']:.0%} of the top 10 not on "
                "the other's page"
            )
    print(f"ltr+shopper over ltr in NDCG@10: {lift} %", flush=True)


def _describe(models: dict[str, dict[str, Any]]) -> str:
    """Summarise the trained models in one line."""
    return "; ".join(
        f"{name} model {m['model_id']} validation NDCG@10 {m['metrics']['validation_ndcg@10']}"
        f" (shopper features {m['gain_share']['shopper_features']:.0%} of gain, session "
        f"{m['gain_share']['session_features']:.0%})"
        for name, m in models.items()
    )
