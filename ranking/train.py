"""Train an XGBoost LambdaMART ranker and measure it with query-grouped cross-validation."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold
from sqlalchemy.orm import Session
from xgboost import XGBRanker

from ranking.dataset import QueryCandidates
from ranking.features import FEATURES, SESSION_FEATURES, SHOPPER_FEATURES
from ranking.holdout import SALT, SPLIT_RULE, VALIDATION_SHARE, pack, split
from ranking.holdout import rerank as rerank  # where behaviour, bench and tests import it
from ranking.metrics import ndcg_at_k, recall_at_k, reciprocal_rank
from ranking.models import RankingModel
from ranking.prior import (
    RETRIEVAL_PRIOR,
    UPTAKE_PRIOR,
    Priors,
    mark_priors,
    prior_margin,
)
from ranking.registry import save_model

PARAMS = {
    "objective": "rank:ndcg",
    # Small and shallow: 67 judged queries cannot support more (5-fold CV on Icecat picked it).
    "n_estimators": 100,
    "learning_rate": 0.05,
    "max_depth": 3,
    "min_child_weight": 1.0,
    "subsample": 0.8,
    "colsample_bytree": 0.8,
    "lambdarank_pair_method": "topk",
    "lambdarank_num_pair_per_sample": 10,
    "eval_metric": "ndcg@10",
    "random_state": 7,
    "n_jobs": 2,
}


# Fit to the shopper never counts against a product: the more of the shopper's interest its
# brand, type, price, segment or session holds, the higher it may rank, never lower.
RISING = (
    "brand_affinity",
    "type_affinity",
    "price_fit",
    "brand_uptake",
    "price_uptake",
    "cluster_item_share",
    "cluster_type_share",
    "session_type_share",
    "session_brand_share",
)


def _rising(names: Sequence[str]) -> str:
    """Return XGBoost's monotone constraints: scores may only rise with these features."""
    return "(" + ",".join("1" if name in names else "0" for name in FEATURES) + ")"


def _apart(names: Sequence[str]) -> str:
    """Return XGBoost's interaction constraints: a tree uses these features or the others."""
    inside = [FEATURES.index(name) for name in names]
    outside = [i for i in range(len(FEATURES)) if i not in inside]
    return str([inside, outside])


@dataclass(frozen=True)
class Recipe:
    """How to learn from one source of labels."""

    # The labels are clicks and each group's rows are in the order they were shown, so
    # XGBoost estimates position bias and corrects for it (ranking.behaviour).
    unbiased: bool
    # Weight of the retrieval order the trees start from (ranking.prior).
    prior: float
    # Overrides of PARAMS.
    params: Mapping[str, Any] = field(default_factory=dict)
    # Weight of the shopper's brand and price uptake the trees start from (ranking.prior).
    uptake_prior: float = 0.0

    @property
    def priors(self) -> Priors:
        """Return the priors a ranker of this recipe starts from."""
        return Priors(retrieval=self.prior, uptake=self.uptake_prior)


# Judged lists: a few dozen queries and no display positions; the prior keeps what retrieval
# knows (5-fold CV NDCG@10 on Icecat: 0.689 without it, 0.708 with it).
JUDGED = Recipe(unbiased=False, prior=RETRIEVAL_PRIOR)
# Click logs: every search's shown products, in order. Personalization has to lift a
# shopper's products from deep in the window, so no retrieval prior pins them down; instead
# every candidate starts from the shopper's own brand and price uptake (ranking.prior). Clicks
# are too noisy to let fit to the shopper count against a product (rising constraints), and
# on ~1,000 logged searches, trees mixing the shopper's features with the product's mostly fit
# noise, so a tree uses one kind or the other. bench.personalization, lift of shopper
# features (three trainings pooled), seed 11 replayed: uptake features alone +6.9 %, trees
# kept apart +7.5 %, with the uptake prior +16.6 %.
CLICKS = Recipe(
    unbiased=True,
    prior=0.0,
    params={
        "monotone_constraints": _rising(RISING),
        "interaction_constraints": _apart((*SHOPPER_FEATURES, *SESSION_FEATURES)),
    },
    uptake_prior=UPTAKE_PRIOR,
)


# Judgments with click logs: no position debiasing (judged rows have no display position);
# judged rows carry no shopper, so only click rows start from the shopper's uptake too.
MIXED = replace(JUDGED, uptake_prior=UPTAKE_PRIOR)


def recipe_for(*, judged: bool, clicks: bool, retrieval_prior: bool = True) -> Recipe:
    """Return the recipe for a training set of judged lists, click logs, or both.

    Without `retrieval_prior` the trees start from no retrieval order (weight 0), so the
    prior's worth can be measured on the same held-out queries or folds.
    """
    recipe = (MIXED if clicks else JUDGED) if judged else CLICKS
    return recipe if retrieval_prior else replace(recipe, prior=0.0)


@dataclass(frozen=True)
class Scores:
    """Mean NDCG@10, MRR and recall@10 over queries."""

    ndcg: float
    mrr: float
    recall: float


def fit(
    train: Sequence[QueryCandidates],
    validation: Sequence[QueryCandidates] = (),
    *,
    recipe: Recipe = JUDGED,
) -> XGBRanker:
    """Fit a ranker on grouped candidates (early stopping on a validation set when given)."""
    model = XGBRanker(
        **{**PARAMS, **recipe.params},
        lambdarank_unbiased=recipe.unbiased,
        early_stopping_rounds=30 if validation else None,
    )
    x, y, qid = _arrays(train)
    kwargs: dict[str, Any] = {}
    if validation:
        vx, vy, vq = _arrays(validation)
        kwargs = {
            "eval_set": [(vx, vy)],
            "eval_qid": [vq],
            "base_margin_eval_set": [prior_margin(vx, recipe.priors)],
            "verbose": False,
        }
    model.fit(x, y, qid=qid, base_margin=prior_margin(x, recipe.priors), **kwargs)
    mark_priors(model, recipe.priors)
    return model


def _arrays(groups: Sequence[QueryCandidates]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stack groups into X, y and query ids (rows of a query together, as XGBoost needs)."""
    rows = [
        (f, g, n) for n, c in enumerate(groups) for f, g in zip(c.features, c.grades, strict=True)
    ]
    x = np.array([r[0] for r in rows], dtype=np.float32)
    y = np.array([r[1] for r in rows], dtype=np.float32)
    qid = np.array([r[2] for r in rows], dtype=np.int64)
    return x, y, qid


def score(rankings: Sequence[tuple[list[str], dict[str, int]]]) -> Scores:
    """Average the metrics over (ranked skus, judgments) pairs."""
    return Scores(
        ndcg=round(statistics.fmean(ndcg_at_k(r, j) for r, j in rankings), 4),
        mrr=round(statistics.fmean(reciprocal_rank(r, j) for r, j in rankings), 4),
        recall=round(statistics.fmean(recall_at_k(r, j) for r, j in rankings), 4),
    )


def cross_validate(
    dataset: Sequence[QueryCandidates],
    folds: int = 5,
    *,
    recipes: Mapping[str, Recipe] | None = None,
) -> dict[str, Scores]:
    """Return retrieval-order and LTR scores under query-grouped k-fold cross-validation.

    Each of `recipes` (default {"ltr": JUDGED}) is trained and scored on the same folds.
    """
    chosen = recipes or {"ltr": JUDGED}
    groups = np.arange(len(dataset))
    baseline: list[tuple[list[str], dict[str, int]]] = []
    learned: dict[str, list[tuple[list[str], dict[str, int]]]] = {name: [] for name in chosen}
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(groups, groups=groups):
        train = [dataset[i] for i in train_idx]
        baseline += [(dataset[i].skus, dataset[i].judged) for i in test_idx]
        for name, recipe in chosen.items():
            model = fit(train, recipe=recipe)
            learned[name] += [(rerank(model, dataset[i]), dataset[i].judged) for i in test_idx]
    return {"bm25": score(baseline), **{name: score(pairs) for name, pairs in learned.items()}}


def split_queries(
    dataset: Sequence[QueryCandidates],
    *,
    validation_share: float = VALIDATION_SHARE,
    seed: int = SALT,
) -> tuple[list[QueryCandidates], list[QueryCandidates]]:
    """Split by query (never within one) on a hash of its text: ranking.holdout.split."""
    return split(dataset, share=validation_share, salt=seed)


def train_held_out(
    dataset: Sequence[QueryCandidates], *, recipe: Recipe = JUDGED
) -> tuple[XGBRanker, dict[str, float], list[QueryCandidates]]:
    """Train with early stopping on held-out queries; return the model, metrics, held-out set."""
    train, validation = split_queries(dataset)
    model = fit(train, validation, recipe=recipe)
    learned = score([(rerank(model, c), c.judged) for c in validation])
    baseline = score([(c.skus, c.judged) for c in validation])
    return (
        model,
        {
            "validation_ndcg@10": learned.ndcg,
            "validation_mrr": learned.mrr,
            "validation_recall@10": learned.recall,
            "bm25_validation_ndcg@10": baseline.ndcg,
            "train_queries": len(train),
            "validation_queries": len(validation),
        },
        validation,
    )


def train_model(
    dataset: Sequence[QueryCandidates], *, recipe: Recipe = JUDGED
) -> tuple[XGBRanker, dict[str, float]]:
    """Train with early stopping on held-out queries; return the model and its metrics."""
    model, metrics, _ = train_held_out(dataset, recipe=recipe)
    return model, metrics


def train_and_save(
    db: Session,
    dataset: Sequence[QueryCandidates],
    *,
    recipe: Recipe = JUDGED,
    training_data: dict[str, Any],
    trained_by: str,
) -> tuple[RankingModel, XGBRanker, dict[str, float]]:
    """Train a ranker (`train_model`) and store it, inactive, in the registry.

    With it go its metrics, its held-out groups (the gate scores the active model on them),
    and in `training_data` the held-out queries, the split rule and the priors' weights.
    """
    model, metrics, validation = train_held_out(dataset, recipe=recipe)
    row = save_model(
        db,
        model,
        features=FEATURES,
        metrics=metrics,
        training_data={
            **training_data,
            "split": {"rule": SPLIT_RULE, "salt": SALT, "share": VALIDATION_SHARE},
            "holdout_queries": sorted({c.query for c in validation}),
            "priors": {"retrieval": recipe.prior, "uptake": recipe.uptake_prior},
        },
        trained_by=trained_by,
        holdout=pack(validation),
    )
    return row, model, metrics
