"""The model registry: store trained rankers, promote one past a quality gate, roll back.

The gate never compares figures measured on different queries: it scores the candidate and
the active model on the candidate's held-out groups (ranking.holdout), the same feature rows,
at the moment of promotion, so it holds whichever model is active by then.
"""

from __future__ import annotations

import hashlib
import math
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from xgboost import XGBRanker

from core.errors import ConflictError, NotFoundError
from ranking.features import FEATURES
from ranking.holdout import Comparison, compare, unpack
from ranking.models import RankingModel

# The figure `aisle ranking list` shows: the model's NDCG@10 on its own held-out queries.
# The gate does not compare these across models; it re-scores both on one query set.
GATE_METRIC = "validation_ndcg@10"


def save_model(
    db: Session,
    model: XGBRanker,
    *,
    features: Sequence[str],
    metrics: dict[str, Any],
    training_data: dict[str, Any],
    trained_by: str,
    holdout: bytes | None = None,
) -> RankingModel:
    """Store a trained model (inactive) with its artifact, checksum and held-out groups."""
    artifact = to_bytes(model)
    row = RankingModel(
        trained_by=trained_by,
        features=list(features),
        params={k: v for k, v in model.get_params().items() if _plain(v)},
        metrics=metrics,
        training_data=training_data,
        artifact=artifact,
        checksum=hashlib.sha256(artifact).hexdigest(),
        holdout=holdout,
    )
    db.add(row)
    db.commit()
    return row


def to_bytes(model: XGBRanker) -> bytes:
    """Serialise a model in XGBoost's portable JSON format."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.json"
        model.save_model(path)
        return path.read_bytes()


def from_row(row: RankingModel) -> XGBRanker:
    """Load a stored model, refusing an artifact whose checksum does not match."""
    if hashlib.sha256(row.artifact).hexdigest() != row.checksum:
        raise ConflictError(f"model {row.id}'s artifact does not match its checksum")
    model = XGBRanker()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.json"
        path.write_bytes(row.artifact)
        model.load_model(path)
    # Serving scores ~100 rows per search from many request threads at once: one thread each
    # is ~0.5 ms, while the training's two OpenMP threads contend and take several ms.
    model.set_params(n_jobs=1)
    return model


def active_model(db: Session) -> RankingModel | None:
    """Return the model that serves, if any."""
    return db.scalar(select(RankingModel).where(RankingModel.active))


def list_models(db: Session) -> Sequence[RankingModel]:
    """Return every model, newest first."""
    return db.scalars(select(RankingModel).order_by(RankingModel.id.desc())).all()


def promote(
    db: Session, model_id: int, *, by: str, force: bool = False, note: str | None = None
) -> RankingModel:
    """Make a model active if it beats the active one on its held-out queries (or if forced).

    Both are scored on the candidate's held-out feature rows (`gate`). An active model trained
    on other features than this version computes serves BM25, so it does not stand in the
    way; such a candidate cannot be promoted at all.
    """
    candidate = db.get(RankingModel, model_id)
    if candidate is None:
        raise NotFoundError(f"no ranking model {model_id}", loc=("path", "model_id"))
    if not current_features(candidate):
        raise ConflictError(
            f"model {model_id} was trained on other features than this version computes; "
            "train a new one"
        )
    current = active_model(db)
    if current is not None and current.id == candidate.id:
        raise ConflictError(f"model {model_id} is already active")
    rival = current if current is not None and current_features(current) else None
    refusal = gate(candidate, rival) if rival is not None else None
    if refusal is not None and not force:
        db.commit()  # keep the comparison `gate` recorded: the refusal's figures stay readable
        raise ConflictError(f"{refusal}; an admin may force it")
    db.execute(update(RankingModel).where(RankingModel.active).values(active=False))
    candidate.active = True
    candidate.promoted_by, candidate.promoted_at = by, datetime.now(UTC)
    candidate.promotion_note = (
        (note or f"forced past the quality gate: {refusal}") if refusal else note
    )
    db.commit()
    return candidate


def gate(candidate: RankingModel, active: RankingModel) -> str | None:
    """Return why the candidate may not replace the active model, or None if it beats it.

    Records the comparison in the candidate's metrics (`gate`), pass or fail.
    """
    if candidate.holdout is None:
        return (
            f"model {candidate.id} stored no held-out queries (trained before the gate "
            f"compared models on the same queries), so it cannot be compared with the active "
            f"model {active.id}; retrain it"
        )
    groups = unpack(candidate.holdout)
    found = compare(from_row(candidate), from_row(active), groups)
    candidate.metrics = {**candidate.metrics, "gate": _record(found, active)}
    if found.passes:
        return None
    return (
        f"model {candidate.id} does not beat the active model {active.id} on NDCG@10 over "
        f"model {candidate.id}'s {found.queries} held-out queries "
        f"({found.candidate:.4f} vs {found.active:.4f}){_caveat(candidate, active)}"
    )


def _record(found: Comparison, active: RankingModel) -> dict[str, Any]:
    """Return the gate's comparison as stored with the candidate."""
    return {
        "against_model": active.id,
        "held_out_queries": found.queries,
        "ndcg@10": round(found.candidate, 4),
        "active_ndcg@10": round(found.active, 4),
    }


def _caveat(candidate: RankingModel, active: RankingModel) -> str:
    """Say when the active model may have trained on some of the candidate's held-out queries.

    Models split by the same rule never did (a query's side follows from its text); a model
    split otherwise may have, which flatters it: the gate then errs towards keeping it.
    """
    if active.training_data.get("split") == candidate.training_data.get("split"):
        return ""
    return (
        f"; model {active.id} was split by another rule and may have trained on some of "
        "these queries"
    )


def current_features(row: RankingModel) -> bool:
    """Say whether a model was trained on the features this version computes."""
    return list(row.features) == list(FEATURES)


def rollback(db: Session, *, by: str) -> RankingModel:
    """Re-activate the model promoted before the active one."""
    current = active_model(db)
    if current is None:
        raise ConflictError("no model is active; search already uses BM25 alone")
    previous = db.scalar(
        select(RankingModel)
        .where(
            RankingModel.promoted_at.is_not(None),
            RankingModel.id != current.id,
            RankingModel.promoted_at < current.promoted_at,
        )
        .order_by(RankingModel.promoted_at.desc())
        .limit(1)
    )
    if previous is None:
        raise ConflictError("no earlier promoted model to roll back to; deactivate instead")
    current.active = False
    db.flush()
    previous.active = True
    previous.promoted_by, previous.promoted_at = by, datetime.now(UTC)
    previous.promotion_note = f"rolled back from model {current.id}"
    db.commit()
    return previous


def _plain(value: Any) -> bool:
    """Say whether a parameter value can be stored as JSON."""
    if isinstance(value, float):
        return math.isfinite(value)  # JSON has no NaN
    return value is None or isinstance(value, (str, int, bool))
