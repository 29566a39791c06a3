"""Serving: rerank a fixed window of top-K candidates with the active model.

The window is fixed (default 100), so paging within it is stable: page 2 continues page 1's
order. Beyond the window, and whenever no model is active, search keeps BM25 order.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np
from redis import Redis
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from xgboost import XGBRanker

from core.refreshing import LoadedOnce, Refreshing, announce_token, redis_token
from ranking.context import FeatureContext
from ranking.features import FEATURES, feature_matrix
from ranking.models import RankingModel
from ranking.prior import contributions, model_scores
from ranking.registry import current_features, from_row
from ranking.schemas import Explanation, FeatureContribution

log = logging.getLogger(__name__)
WINDOW = 100
# A promotion or rollback announces itself (ACTIVE_KEY) and applies on the next search; the
# timer is a backstop for a change made without Redis (or straight in the database).
REFRESH_S = 30.0
ACTIVE_KEY = "aisle:ranking:active"


@dataclass(frozen=True)
class Ranked:
    """A window best first and, when an interleaving ranked it, each product's team."""

    hits: list[dict[str, Any]]
    teams: dict[int, int] | None = None  # product id -> team (see analytics...interleave)


class WindowRanker(Protocol):
    """Anything that reorders a fetched window of candidates: a model, or an interleaving."""

    @property
    def name(self) -> str:
        """Return the ranking variant recorded with each query it serves."""
        ...

    @property
    def window(self) -> int:
        """Return how many candidates it ranks."""
        ...

    def rank(
        self,
        hits: list[dict[str, Any]],
        q: str,
        *,
        explain: bool = False,
        context: FeatureContext | None = None,
    ) -> Ranked:
        """Return the hits best first, with the interleaving teams if it interleaves.

        `context`: what the features read besides the hits.
        """
        ...


@dataclass(frozen=True)
class Reranker:
    """The active model, ready to reorder candidates."""

    model_id: int
    model: XGBRanker
    window: int = WINDOW

    @property
    def name(self) -> str:
        """Return the ranking variant recorded with each query it serves."""
        return f"ltr:{self.model_id}"

    def order(
        self,
        hits: Sequence[dict[str, Any]],
        q: str,
        *,
        explain: bool = False,
        context: FeatureContext | None = None,
    ) -> list[dict[str, Any]]:
        """Return the hits best first by the model (ties keep retrieval order).

        Without a `context`, features see an anonymous shopper, no signals, and now.

        With `explain`, each hit carries `_explanation`: its feature values and their
        contributions to the score (XGBoost's SHAP-style `pred_contribs`).
        """
        if not hits:
            return []
        context = context or FeatureContext(at=datetime.now(UTC))
        rows = np.array(feature_matrix(hits, q, context), dtype=np.float32)
        scores = model_scores(self.model, rows)
        ranked = sorted(range(len(hits)), key=lambda i: (-float(scores[i]), i))
        reasons = self._explain(rows, scores) if explain else [None] * len(hits)
        return [{**hits[i], "_score": float(scores[i]), "_explanation": reasons[i]} for i in ranked]

    def rank(
        self,
        hits: list[dict[str, Any]],
        q: str,
        *,
        explain: bool = False,
        context: FeatureContext | None = None,
    ) -> Ranked:
        """Return the model's order of the window (a model has no teams)."""
        return Ranked(self.order(hits, q, explain=explain, context=context))

    def _explain(self, rows: np.ndarray, scores: np.ndarray) -> list[Explanation]:
        """Return each row's feature values and contributions."""
        found = contributions(self.model, rows)
        return [
            Explanation(
                model=self.name,
                score=float(scores[i]),
                features=[
                    FeatureContribution(
                        name=name,
                        value=None if np.isnan(rows[i][j]) else float(rows[i][j]),
                        contribution=float(found[i][j]),
                    )
                    for j, name in enumerate(FEATURES)
                ],
            )
            for i in range(len(rows))
        ]


def announce_active(redis: Redis[str] | None) -> None:
    """Tell every API process that the active model changed (a promotion or a rollback)."""
    announce_token(redis, ACTIVE_KEY, uuid.uuid4().hex, what="model promotion")


class ActiveModel:
    """The active model, reloaded when a promotion is announced and every REFRESH_S anyway."""

    def __init__(self, factory: sessionmaker[Session], redis: Redis[str] | None = None) -> None:
        self.factory = factory
        self.refused: int | None = None  # an active model that cannot serve (said once)
        self.state: Refreshing[Reranker | None] = Refreshing(
            lambda previous, _token: self._load(previous),
            None,
            ttl_s=REFRESH_S,
            token=redis_token(redis, ACTIVE_KEY, absent="0"),
            what="active ranking model",
        )

    def get(self) -> Reranker | None:
        """Return the reranker of the active model, or None for BM25 alone."""
        return self.state.get()

    @property
    def current(self) -> Reranker | None:
        """Return the reranker last loaded, without looking for a newer one."""
        return self.state.value

    def _load(self, current: Reranker | None) -> Reranker | None:
        """Load the active model if it changed; a broken one is logged and not served."""
        with self.factory() as db:
            active_id = db.scalar(select(RankingModel.id).where(RankingModel.active))
            if active_id is None:
                return None
            if current is not None and current.model_id == active_id:
                return current
            if self.refused == active_id:
                return None
            row = db.get(RankingModel, active_id)
            assert row is not None
            reranker = servable(row)
            if reranker is None:
                self.refused = active_id
            return reranker


def servable(row: RankingModel) -> Reranker | None:
    """Return a stored model ready to serve; a broken or outdated one is logged, None."""
    try:
        if not current_features(row):
            raise ValueError("it was trained on other features; train a new one")
        return Reranker(model_id=row.id, model=from_row(row))
    except Exception as exc:
        log.error("ranking model %s cannot serve, using BM25: %s", row.id, exc)
        return None


class ModelVersions:
    """Model versions named by experiments, each loaded once (models never change)."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory
        self.versions = LoadedOnce(self._load, what="ranking model")

    def get(self, model_id: int) -> Reranker | None:
        """Return the reranker of one model version, None if it is missing or cannot serve."""
        return self.versions.get(model_id)

    def _load(self, model_id: int) -> Reranker | None:
        """Load one stored model version."""
        with self.factory() as db:
            row = db.get(RankingModel, model_id)
            return servable(row) if row is not None else None
