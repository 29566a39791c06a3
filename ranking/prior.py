"""Priors: a ranker learns a correction to what is already known, not an order anew.

Each candidate starts from a margin (XGBoost's base margin); the trees add what the features
say on top. Two priors exist, each with a weight:

- Retrieval: -log2(1 + the candidate's retrieval rank), the DCG position discount. With few
  training queries (67 judged ones on Icecat) the trees cannot rediscover what retrieval
  already knows: 5-fold CV NDCG@10 0.689 without it, 0.708 with it.
- Uptake: log(brand uptake x price-band uptake), the shopper's own record of taking up this
  brand and this price band when shown them (ranking.features; 0 when unknown). From a few
  days of clicks, trees fitting all the other features too learn only part of it.

The weights travel inside the model artifact, so a model is always served as it was trained;
models stored before a prior existed carry none and are served without it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xgboost import DMatrix, XGBRanker

from ranking.features import FEATURES

# Weight of the retrieval prior. 5-fold CV on Icecat, mean of four fold assignments:
# 0 gives 0.689, 0.5 to 2 give 0.697 to 0.704 (1 the best), 4 gives 0.695 (retrieval order).
RETRIEVAL_PRIOR = 1.0
# Weight of the uptake prior: 1, the log of the uptakes as they are.
UPTAKE_PRIOR = 1.0
# Uptakes are positive by construction; a floor keeps a broken value from ruling the margin.
MIN_UPTAKE = 0.01
PRIOR_ATTRIBUTE = "aisle_retrieval_prior"
UPTAKE_ATTRIBUTE = "aisle_uptake_prior"
RANK_COLUMN = FEATURES.index("retrieval_rank")
UPTAKE_COLUMNS = (FEATURES.index("brand_uptake"), FEATURES.index("price_uptake"))


@dataclass(frozen=True)
class Priors:
    """The weights of the priors a ranker starts from (0: not used)."""

    retrieval: float = 0.0
    uptake: float = 0.0


def prior_parts(rows: np.ndarray, priors: Priors) -> dict[int, np.ndarray]:
    """Return each prior's share of the starting margin, by the feature column it comes from."""
    parts: dict[int, np.ndarray] = {}
    if priors.retrieval and len(rows):
        ranks = np.nan_to_num(rows[:, RANK_COLUMN], nan=float(len(rows)))
        parts[RANK_COLUMN] = -priors.retrieval * np.log2(1.0 + ranks)
    if priors.uptake and len(rows):
        for column in UPTAKE_COLUMNS:
            uptake = np.nan_to_num(rows[:, column], nan=1.0)
            parts[column] = priors.uptake * np.log(np.maximum(uptake, MIN_UPTAKE))
    return parts


def prior_margin(rows: np.ndarray, priors: Priors) -> np.ndarray:
    """Return each row's starting margin (zero without priors)."""
    margin = np.zeros(len(rows), dtype=np.float64)
    for part in prior_parts(rows, priors).values():
        margin += part
    return margin.astype(np.float32)


def model_priors(model: XGBRanker) -> Priors:
    """Return the priors a model was trained with (none for models from before them)."""
    booster = model.get_booster()
    stored = (booster.attr(PRIOR_ATTRIBUTE), booster.attr(UPTAKE_ATTRIBUTE))
    return Priors(*(float(value) if value else 0.0 for value in stored))


def mark_priors(model: XGBRanker, priors: Priors) -> None:
    """Record the priors in the model, so that they are saved with the artifact."""
    model.get_booster().set_attr(
        **{PRIOR_ATTRIBUTE: repr(priors.retrieval), UPTAKE_ATTRIBUTE: repr(priors.uptake)}
    )


def model_scores(model: XGBRanker, rows: np.ndarray) -> np.ndarray:
    """Return the model's scores of feature rows, its priors included."""
    return np.asarray(model.predict(rows, base_margin=prior_margin(rows, model_priors(model))))


def contributions(model: XGBRanker, rows: np.ndarray) -> np.ndarray:
    """Return per-feature contributions (bias last); each prior counts to its feature."""
    found = np.array(model.get_booster().predict(DMatrix(rows), pred_contribs=True))
    for column, part in prior_parts(rows, model_priors(model)).items():
        found[:, column] += part
    return found
