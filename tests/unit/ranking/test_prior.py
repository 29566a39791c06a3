"""Priors are trained with, saved with, served with and explained with a model."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace
from typing import Any

import numpy as np

from ranking.dataset import QueryCandidates
from ranking.features import FEATURES
from ranking.prior import (
    RANK_COLUMN,
    UPTAKE_COLUMNS,
    Priors,
    contributions,
    model_priors,
    model_scores,
)
from ranking.registry import from_row, to_bytes
from ranking.train import Recipe, fit, rerank


def _groups(seed: int, queries: int = 12, size: int = 20) -> list[QueryCandidates]:
    """Random candidates in retrieval order whose grades follow one feature only weakly."""
    rng = np.random.default_rng(seed)
    groups = []
    for n in range(queries):
        rows = rng.normal(size=(size, len(FEATURES))).astype(float)
        rows[:, RANK_COLUMN] = np.arange(1, size + 1)
        rows[:, UPTAKE_COLUMNS] = rng.uniform(0.2, 3.0, size=(size, 2))
        grades = [int(r[0] > 1.5) for r in rows]
        groups.append(
            QueryCandidates(
                query=f"q{n}",
                skus=[f"s{n}-{i}" for i in range(size)],
                features=rows.tolist(),
                grades=grades,
            )
        )
    return groups


def _stored(artifact: bytes) -> Any:
    """Return a registry row holding an artifact."""
    return SimpleNamespace(artifact=artifact, checksum=hashlib.sha256(artifact).hexdigest())


def test_the_prior_is_saved_with_the_model_and_served_as_trained() -> None:
    model = fit(_groups(1), recipe=Recipe(unbiased=False, prior=0.75, uptake_prior=0.5))
    loaded = from_row(_stored(to_bytes(model)))
    rows = np.array(_groups(2)[0].features, dtype=np.float32)
    assert model_priors(loaded) == Priors(retrieval=0.75, uptake=0.5)
    assert np.allclose(model_scores(loaded, rows), model_scores(model, rows), atol=1e-5)
    assert not np.allclose(model_scores(loaded, rows), loaded.predict(rows), atol=1e-3)


def test_a_strong_prior_keeps_retrieval_order_that_uninformative_trees_would_shuffle() -> None:
    case = _groups(3)[0]
    anchored = fit(_groups(4), recipe=Recipe(unbiased=False, prior=50.0))
    unanchored = fit(_groups(4), recipe=Recipe(unbiased=False, prior=0.0))
    assert rerank(anchored, case) == case.skus
    assert rerank(unanchored, case) != case.skus
    assert model_priors(unanchored) == Priors()


def test_a_strong_uptake_prior_puts_what_the_shopper_takes_up_first() -> None:
    case = _groups(3)[0]
    rows = np.array(case.features)
    taken = rows[:, UPTAKE_COLUMNS[0]] * rows[:, UPTAKE_COLUMNS[1]]
    anchored = fit(_groups(4), recipe=Recipe(unbiased=False, prior=0.0, uptake_prior=50.0))
    expected = [case.skus[i] for i in np.argsort(-taken, kind="stable")]
    assert rerank(anchored, case) == expected != case.skus


def test_contributions_with_the_bias_add_up_to_the_served_score() -> None:
    for recipe in (
        Recipe(unbiased=False, prior=1.0),
        Recipe(unbiased=False, prior=1.0, uptake_prior=1.0),
    ):
        model = fit(_groups(5), recipe=recipe)
        rows = np.array(_groups(6)[0].features, dtype=np.float32)
        found = contributions(model, rows)
        assert np.allclose(found.sum(axis=1), model_scores(model, rows), atol=1e-4)
