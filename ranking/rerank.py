"""Serving: rerank a fixed window of top-K candidates with the active model.

The window is fixed (default 100), so paging within it is stable: page 2 continues page 1's
order. Beyond the window, and whenever no model is active, search keeps BM25 order.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from xgboost import XGBRanker

from ranking.context import FeatureContext
from ranking.features import FEATURES, feature_matrix
from ranking.models import RankingModel
from ranking.prior import contributions, model_scores
from ranking.registry import current_features, from_row
from ranking.schemas import Explanation, FeatureContribution

log = logging.getLogger(__name__)
WINDOW = 100
REFRESH_S = 30.0


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

    def order(
        self,
        hits: list[dict[str, Any]],
        q: str,
        *,
        explain: bool = False,
        context: FeatureContext | None = None,
    ) -> list[dict[str, Any]]:
        """Return the hits best first (`context`: what the features read besides the hits)."""
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


class ActiveModel:
    """The active model, re-checked in Postgres every REFRESH_S (promotions apply within it)."""

    def __init__(self) -> None:
        self.current: Reranker | None = None
        self.refused: int | None = None  # an active model that cannot serve (said once)
        self.checked_at = 0.0
        self.lock = threading.Lock()

    def get(self, factory: sessionmaker[Session]) -> Reranker | None:
        """Return the reranker of the active model, or None for BM25 alone."""
        if time.monotonic() - self.checked_at >= REFRESH_S and self.lock.acquire(blocking=False):
            try:
                self.current = self._load(factory)
                self.checked_at = time.monotonic()
            finally:
                self.lock.release()
        return self.current

    def _load(self, factory: sessionmaker[Session]) -> Reranker | None:
        """Load the active model if it changed; a broken one is logged and not served."""
        with factory() as db:
            active_id = db.scalar(select(RankingModel.id).where(RankingModel.active))
            if active_id is None:
                return None
            if self.current is not None and self.current.model_id == active_id:
                return self.current
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

    def __init__(self) -> None:
        self.loaded: dict[int, Reranker | None] = {}
        self.lock = threading.Lock()

    def get(self, factory: sessionmaker[Session], model_id: int) -> Reranker | None:
        """Return the reranker of one model version, None if it is missing or cannot serve."""
        if model_id not in self.loaded:
            with self.lock, factory() as db:
                row = db.get(RankingModel, model_id)
                self.loaded[model_id] = servable(row) if row is not None else None
        return self.loaded[model_id]
