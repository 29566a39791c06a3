"""The two learned rankers bench.personalization serves: without and with shopper features.

Both learn from every logged search of the history with the production recipe (every product
shown, position-debiased: ranking.behaviour; `train_model`: 80/20 split by query, early
stopping), the same searches
and candidates; only the shopper's profile and segment differ (absent for the plain one, so
its trees never split on them and it starts from no uptake prior). Each is stored in the
scratch registry, inactive.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from xgboost import XGBRanker

from behaviour.clusters import ClusterCache
from core.clients import make_redis
from core.runtime import open_runtime
from core.settings import Settings
from ranking.behaviour import build_from_behaviour, logged_searches
from ranking.dataset import QueryCandidates
from ranking.features import FEATURES, SESSION_FEATURES, SHOPPER_FEATURES
from ranking.train import CLICKS, rerank, score, split_queries, train_and_save

RANKERS = (("ltr", False), ("ltr+shopper", True))


def train_pairs(
    settings: Settings, *, replicates: int = 1, cascade: bool = False, k: int = 100
) -> list[dict[str, dict[str, Any]]]:
    """Train and store both rankers per replicate; return each one's id, metrics, importance.

    Replicate 0 is `train_model` exactly; replicate r > 0 only draws another validation split
    (which decides early stopping), so the spread between replicates shows how much of a
    figure is the luck of one training. Labels are production's (every product shown,
    position-debiased) unless `cascade` (only positions up to the last click, no debiasing).
    """
    redis = make_redis(settings)
    cache = ClusterCache(redis)
    recipe = replace(CLICKS, unbiased=False) if cascade else CLICKS
    pairs: list[dict[str, dict[str, Any]]] = [{} for _ in range(replicates)]
    with open_runtime(settings, es_timeout=60) as rt, rt.session_factory() as db:
        searches = logged_searches(db, cascade=cascade)
        for name, personal in RANKERS:
            dataset = build_from_behaviour(
                db,
                rt.es,
                settings.products_alias,
                searches,
                k=k,
                personal=personal,
                clusters=cache.view,
            )
            for replicate, pair in enumerate(pairs):
                keyed = resplit(dataset, replicate)
                row, model, metrics = train_and_save(
                    db,
                    keyed,
                    # Without shopper features, no starting point from the shopper either:
                    # serving would otherwise apply the uptake prior to live profiles.
                    recipe=recipe if personal else replace(recipe, uptake_prior=0.0),
                    training_data={
                        "logged_searches": len(searches),
                        "personal": personal,
                        "labels": "cascade" if cascade else "shown, debiased",
                        "replicate": replicate,
                        "k": k,
                    },
                    trained_by="bench.personalization",
                )
                pair[name] = {
                    "model_id": row.id,
                    "metrics": metrics,
                    "gain_share": gain_shares(model),
                    "validation_ndcg@10_without_session": without_session(model, keyed),
                }
    redis.close()
    return pairs


def resplit(dataset: list[QueryCandidates], replicate: int) -> list[QueryCandidates]:
    """Return the dataset keyed so that `split_queries` draws replicate r's split (0: as is)."""
    if not replicate:
        return dataset
    return [replace(case, query=f"{replicate}:{case.query}") for case in dataset]


def gain_shares(model: XGBRanker) -> dict[str, float]:
    """Return the shopper and session features' share of the model's total split gain, top 8."""
    raw = model.get_booster().get_score(importance_type="total_gain")
    gains = {
        FEATURES[int(name[1:])]: float(value)
        for name, value in raw.items()
        if isinstance(value, float)  # one number per feature for tree models
    }
    total = sum(gains.values()) or 1.0
    top = sorted(gains, key=lambda name: -gains[name])[:8]
    return {
        "shopper_features": round(sum(gains.get(f, 0.0) for f in SHOPPER_FEATURES) / total, 3),
        "session_features": round(sum(gains.get(f, 0.0) for f in SESSION_FEATURES) / total, 3),
        **{f"top:{name}": round(gains[name] / total, 3) for name in top},
    }


def without_session(model: XGBRanker, dataset: list[QueryCandidates]) -> float:
    """Score the validation queries with session features as held-out serving sees them (0).

    Held-out events are back-dated, so at serving (which reads the wall clock) the shopper's
    last half hour is always empty, while training saw each search's real session.
    """
    _, validation = split_queries(dataset)
    columns = [FEATURES.index(name) for name in SESSION_FEATURES]
    blanked = []
    for case in validation:
        rows = np.array(case.features, dtype=np.float64)
        rows[:, columns] = 0.0
        blanked.append(
            QueryCandidates(case.query, case.skus, rows.tolist(), case.grades, case.judged)
        )
    return score([(rerank(model, case), case.judged) for case in blanked]).ndcg
