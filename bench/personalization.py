"""Personalization lift on simulated shoppers, from an empty scratch namespace.

    python -m bench.personalization [--users 200] [--days 5] [--held-out-days 2] [--seed 7]
                                    [--replicates 3] [--labels shown] [--reuse]

Runs the README's commands in the scratch namespace (database aisle_sim, index prefix
aisle-sim, Redis db 13; Redis db 11 keeps a snapshot), never the demo's: migrate, import the
Icecat catalog, rebuild the index, start `aisle serve` (BM25: the scratch database has no
model) and `aisle simulate --days 5 --held-out-days 2`: five days of history that end two
days ago (events older than 7 days are refused, so history and held-out days share 7).

Online (the headline, as an A/B test would measure it): shopper segments are fitted on the
history as of its end, and rankers learn from all of its logged searches with the production
recipe (every product shown, position-debiased; `train_model`), one without shopper features
and one with them (bench.rankers), `--replicates` times with different early-stopping
splits. Each ranking in turn (BM25: no active model; a learned ranker: promoted with the
bench's recorded override) serves the two held-out days to the same shoppers through a fresh
API, from the state the history left (bench.heldout restores it between runs). Every ranking
meets the same searches (same shoppers, days and queries); what they click and cart depends
on what is shown (analytics.heldout). Each held-out search is scored on the top 10 the
server recorded it served, graded by that search's clicks (1) and carts (2): NDCG@10 over
all searches (a search without a click scores 0), over searches with a click, CTR@1/3/10
(searches with a click at or above), clicks and carts per search, and, free of click noise,
the mean appeal of the top 10 to the searcher under the simulator's hidden tastes. A learned
ranking's figures pool its replicates' runs; the lift is LTR with shopper features over LTR
in NDCG@10, with each replicate's paired per-search difference and its standard error.

Offline (kept for comparison; a replay cannot credit a product the old ranking buried):
`aisle ranking evaluate-behaviour` re-orders the last quarter of the history's logged lists
with models trained on the first three quarters (segments refitted before the test period),
and the ceiling of that replay: each test list ordered by the shopper's expected gain under
the simulator's own behaviour model (`analytics.shoppers.appeal`, from tastes the service
never sees). `--reuse` skips the history and starts from the data (and snapshot) left by an
earlier run; `--labels cascade` trains on the older cascade labels instead (positions up to
the last click, no debiasing: the recipe before this bench found its bias). Saves
bench/results/personalization.json.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from typing import Any

from bench.common import empty_schema, ensure_database, save, start_api, stop_api
from bench.heldout import (
    HistoryMarks,
    check_room,
    drop_snapshot,
    fit_segments,
    forget_held_out,
    history_marks,
    restore,
    snapshot,
)
from bench.online_runs import compare_online, lift_pct

NAMESPACE = {
    "AISLE_PG_DATABASE": "aisle_sim",
    "AISLE_ES_INDEX_PREFIX": "aisle-sim",
    "AISLE_REDIS_DB": "13",
}
ROW = re.compile(r"^(bm25|ltr|ltr\+shopper)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$")
COLUMNS = ("ndcg@10", "mrr", "ctr@1", "ctr@3")


def aisle(*args: str) -> str:
    """Run an `aisle` command in the scratch namespace; return its output (raise on failure)."""
    command = [sys.executable, "-m", "search_service", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"aisle {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def prepare(args: argparse.Namespace) -> dict[str, float]:
    """Empty the scratch namespace, load and index the catalog, simulate; return timings."""
    from core.clients import make_redis
    from core.settings import get_settings

    make_redis(get_settings()).flushdb()  # profiles and segments of an earlier run
    drop_snapshot(get_settings())
    empty_schema()
    aisle("catalog", "import")
    aisle("index", "rebuild")
    server = start_api(args.port, {"AISLE_RETRIEVAL_CACHE_TTL_S": "0"}, wait_s=120)
    started = time.monotonic()
    try:
        output = aisle(
            "simulate",
            *("--users", str(args.users), "--days", str(args.days), "--seed", str(args.seed)),
            *("--held-out-days", str(args.held_out_days)),
            *("--api", f"http://127.0.0.1:{args.port}"),
        )
    finally:
        stop_api(server)
    print(output.strip(), flush=True)
    return {"simulate_s": round(time.monotonic() - started, 1)}


def segments_before_test() -> str:
    """Refit the scratch namespace's shopper segments on the training searches' period only."""
    from behaviour.clusters import refresh_clusters
    from core.clients import make_redis
    from core.runtime import open_runtime
    from core.settings import get_settings
    from ranking.behaviour import time_split

    settings = get_settings()
    with open_runtime(settings) as rt, rt.session_factory() as db:
        split_at = time_split(db)[1][0].at
        refresh_clusters(rt.engine, make_redis(settings), now=split_at)
    return split_at.isoformat()


def evaluate() -> dict[str, Any]:
    """Run `aisle ranking evaluate-behaviour`; return its rows and the lift."""
    started = time.monotonic()
    output = aisle("ranking", "evaluate-behaviour")
    print(output.strip(), flush=True)
    rows = {
        m[1]: dict(zip(COLUMNS, map(float, m.groups()[1:]), strict=True)) for m in _rows(output)
    }
    plain, personal = rows["ltr"]["ndcg@10"], rows["ltr+shopper"]["ndcg@10"]
    return {
        "rankings": rows,
        "lift_ndcg@10_pct": lift_pct(plain, personal),
        "evaluate_s": round(time.monotonic() - started, 1),
        "summary": output.splitlines()[0],
    }


def hidden_taste_ceiling(args: argparse.Namespace) -> dict[str, float]:
    """Score the test searches ordered by each simulated shopper's true click chance."""
    import httpx

    from analytics.shoppers import appeal
    from analytics.simulate import learn_catalog, simulated_shoppers
    from core.runtime import open_runtime
    from core.settings import get_settings
    from ranking.behaviour import behaviour_scores, build_from_behaviour, time_split

    server = start_api(args.port, {"AISLE_RETRIEVAL_CACHE_TTL_S": "0"}, wait_s=120)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{args.port}", timeout=30) as http:
            catalog = learn_catalog(http)
    finally:
        stop_api(server)
    settings = get_settings()
    with open_runtime(settings, es_timeout=60) as rt, rt.session_factory() as db:
        _, test = time_split(db)
        shoppers = simulated_shoppers(db, args.seed, catalog)
        cases = build_from_behaviour(db, rt.es, settings.products_alias, test, personal=False)
        ids = [int(sku) for case in cases for sku in case.skus]
        found = rt.es.search(
            index=settings.products_alias, query={"terms": {"product_id": ids}}, size=len(ids)
        )
    products = {str(h["_source"]["product_id"]): h["_source"] for h in found["hits"]["hits"]}
    shopper_of = {s.query_id: shoppers[s.user_id] for s in test if s.user_id}
    rankings = []
    for case in cases:
        shopper = shopper_of[case.query]
        gain = {
            sku: expected_gain(appeal(shopper, products[sku]), products[sku]) for sku in case.skus
        }
        order = sorted(range(len(case.skus)), key=lambda i: (-gain[case.skus[i]], i))
        rankings.append(([case.skus[i] for i in order], case.judged))
    ceiling = behaviour_scores(rankings)
    print(f"hidden-taste ceiling: NDCG@10 {ceiling.ndcg:.3f}, MRR {ceiling.mrr:.3f}", flush=True)
    return {"ndcg@10": ceiling.ndcg, "mrr": ceiling.mrr, "ctr@1": ceiling.ctr_at_1}


def expected_gain(chance: float, product: dict[str, Any]) -> float:
    """Return a shown product's expected NDCG gain: click 1, cart 3 (as analytics.simulate acts)."""
    carts = chance * 0.6 if product.get("in_stock") else 0.0
    return chance * (1 + 2 * carts)


def _rows(output: str) -> list[re.Match[str]]:
    """Return the ranking rows of evaluate-behaviour's table."""
    return [m for line in output.splitlines() if (m := ROW.match(line.strip()))]


def history_state(args: argparse.Namespace) -> HistoryMarks:
    """Snapshot the state the history left (or restore an earlier snapshot); return its marks."""
    from core.runtime import open_runtime
    from core.settings import get_settings

    settings = get_settings()
    marks = restore(settings) if args.reuse else None
    with open_runtime(settings) as rt, rt.session_factory() as db:
        if marks is None:
            marks = history_marks(db)
            fit_segments(rt.engine, settings, marks)
            snapshot(settings, marks)
        forget_held_out(db, marks)
    check_room(marks, args.held_out_days)
    return marks


def offline(args: argparse.Namespace) -> dict[str, Any]:
    """Re-order the history's last logged lists (evaluate-behaviour) and score the ceiling."""
    result: dict[str, Any] = {"segments_fitted_before": segments_before_test()}
    result |= evaluate()
    result["hidden_taste_ceiling"] = hidden_taste_ceiling(args)
    return result


def main() -> None:
    """Prepare (unless --reuse), evaluate offline and online, save."""
    from analytics.simulate import Simulation
    from core.settings import get_settings

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--days", type=int, default=5, help="days of history")
    parser.add_argument("--held-out-days", type=int, default=2, help="days after the history")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=8412, help="scratch API port")
    parser.add_argument("--reuse", action="store_true", help="reuse the earlier run's history")
    parser.add_argument(
        "--replicates", type=int, default=3, help="trainings of each learned ranker (splits)"
    )
    parser.add_argument(
        "--labels",
        choices=("shown", "cascade"),
        default="shown",
        help="rankers' labels: every product shown, debiased (production), or the older cascade",
    )
    parser.add_argument("--output", default="personalization")
    args = parser.parse_args()
    os.environ.update(NAMESPACE)
    ensure_database(NAMESPACE["AISLE_PG_DATABASE"])
    started = time.monotonic()
    result: dict[str, Any] = {
        "users": args.users,
        "days": args.days,
        "held_out_days": args.held_out_days,
        "seed": args.seed,
    }
    if not args.reuse:
        result |= prepare(args)
    marks = history_state(args)
    result["history_ends"] = marks.events_until.isoformat()
    result["offline"] = offline(args)
    sim = Simulation(
        api=f"http://127.0.0.1:{args.port}",
        users=args.users,
        days=args.days,
        seed=args.seed,
        held_out_days=args.held_out_days,
    )
    result["online"] = compare_online(
        get_settings(),
        sim,
        args.port,
        marks,
        replicates=args.replicates,
        cascade=args.labels == "cascade",
    )
    result["total_s"] = round(time.monotonic() - started, 1)
    print(f"offline (replay) lift in NDCG@10: {result['offline']['lift_ndcg@10_pct']} %")
    print(f"online (held-out sessions) lift in NDCG@10: {result['online']['lift_ndcg@10_pct']} %")
    print(f"took {result['total_s']}s; saved {save(args.output, result)}")


if __name__ == "__main__":
    main()
