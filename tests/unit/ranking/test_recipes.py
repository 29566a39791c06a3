"""Click-trained rankers never hold a product's fit to the shopper against it."""

from __future__ import annotations

import numpy as np

from ranking.dataset import QueryCandidates
from ranking.features import FEATURES
from ranking.prior import (
    RANK_COLUMN,
    UPTAKE_COLUMNS,
    UPTAKE_PRIOR,
    Priors,
    model_priors,
    model_scores,
)
from ranking.train import CLICKS, JUDGED, RISING, Recipe, fit, recipe_for

AFFINITY = FEATURES.index("brand_affinity")


def _groups_punishing_affinity(seed: int) -> list[QueryCandidates]:
    """Clicks that, by chance, fell on products of brands the shopper cares less about."""
    rng = np.random.default_rng(seed)
    groups = []
    for n in range(30):
        rows = rng.normal(size=(20, len(FEATURES)))
        rows[:, RANK_COLUMN] = np.arange(1, 21)
        rows[:, AFFINITY] = rng.uniform(size=20)
        rows[:, UPTAKE_COLUMNS] = 1.0  # as usual: the uptake prior stays out of it
        grades = [int(r[AFFINITY] < 0.3) for r in rows]
        groups.append(
            QueryCandidates(
                query=f"q{n}",
                skus=[str(i) for i in range(20)],
                features=rows.tolist(),
                grades=grades,
            )
        )
    return groups


def _scores_by_affinity(recipe: Recipe) -> np.ndarray:
    """Return one candidate's scores as its brand affinity goes from 0 to 1."""
    model = fit(_groups_punishing_affinity(1), recipe=recipe)
    rows = np.repeat(np.array(_groups_punishing_affinity(2)[0].features[:1]), 11, axis=0)
    rows[:, AFFINITY] = np.linspace(0, 1, 11)
    return model_scores(model, rows.astype(np.float32))


def test_click_training_keeps_scores_rising_with_the_shoppers_affinity() -> None:
    assert np.all(np.diff(_scores_by_affinity(CLICKS)) >= 0)
    unconstrained = Recipe(unbiased=True, prior=0.0)
    assert np.any(np.diff(_scores_by_affinity(unconstrained)) < 0)


def test_judged_lists_start_from_retrieval_and_clicks_from_the_shoppers_uptake() -> None:
    assert "brand_affinity" in RISING and "retrieval_rank" not in RISING
    judged = model_priors(fit(_groups_punishing_affinity(3), recipe=JUDGED))
    clicks = model_priors(fit(_groups_punishing_affinity(3), recipe=CLICKS))
    assert judged == Priors(retrieval=JUDGED.prior, uptake=0.0) and judged.retrieval > 0
    assert clicks == Priors(retrieval=0.0, uptake=UPTAKE_PRIOR) and clicks.uptake > 0


def test_mixed_training_sets_start_from_retrieval_and_uptake_without_position_debiasing() -> None:
    assert recipe_for(judged=True, clicks=False) is JUDGED
    assert recipe_for(judged=False, clicks=True) is CLICKS
    mixed = recipe_for(judged=True, clicks=True)
    assert mixed.priors == Priors(retrieval=JUDGED.prior, uptake=UPTAKE_PRIOR)
    assert not mixed.unbiased  # judged rows have no display position
