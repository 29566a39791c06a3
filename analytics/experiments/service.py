"""The experiment lifecycle: create a draft, start it on free traffic, stop it for good.

Guard rails: a draft is checked against what exists (model versions, merch versions) before
it can start; a running experiment owns a contiguous range of traffic buckets, so a second
one on the same surface can start only where traffic is free; a stopped experiment keeps its
record and every search recorded under it, and cannot be restarted (start a new one).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analytics.experiments.assignment import free_range
from analytics.experiments.models import Experiment, Mode, Status
from analytics.experiments.plan import plan
from analytics.experiments.schemas import ExperimentCreate
from core.errors import ConflictError, InvalidInputError, NotFoundError
from merchandising.models import MerchVersion
from ranking.models import RankingModel


def create(db: Session, body: ExperimentCreate, *, by: str) -> Experiment:
    """Store a new draft experiment, with its horizon planned in shoppers per arm."""
    _check_references(db, body)
    planned = None
    if body.mode is Mode.AB:
        planned = plan(
            db,
            assumed_ctr=body.baseline_ctr,
            relative_effect=body.min_detectable_effect,
            alpha=body.alpha,
            power=body.power,
            treatments=len(body.arms) - 1,
        )
    row = Experiment(
        name=body.name,
        mode=body.mode.value,
        status=Status.DRAFT.value,
        traffic_percent=body.traffic_percent,
        alpha=body.alpha,
        power=body.power,
        min_detectable_effect=body.min_detectable_effect,
        baseline_ctr=planned.baseline_ctr if planned else body.baseline_ctr,
        baseline_shopper_sd=planned.shopper_sd if planned else None,
        planned_shoppers_per_arm=planned.shoppers_per_arm if planned else None,
        plan_basis=planned.basis if planned else None,
        arms=[arm.model_dump(mode="json") for arm in body.arms],
        created_by=by,
    )
    db.add(row)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise ConflictError(
            f"an experiment named {body.name!r} exists; pick another name", loc=("body", "name")
        ) from None
    return row


def get(db: Session, experiment_id: int) -> Experiment:
    """Return one experiment, or 404."""
    row = db.get(Experiment, experiment_id)
    if row is None:
        raise NotFoundError(
            f"there is no experiment {experiment_id}", loc=("path", "experiment_id")
        )
    return row


def list_all(db: Session) -> list[Experiment]:
    """Return every experiment, newest first."""
    return list(db.scalars(select(Experiment).order_by(Experiment.id.desc())))


def start(db: Session, experiment_id: int) -> Experiment:
    """Start a draft on the first free range of traffic; refuse if none is free."""
    # Lock every experiment row of the surface: two starts cannot take the same buckets.
    rows = db.scalars(select(Experiment).order_by(Experiment.id).with_for_update()).all()
    row = next((r for r in rows if r.id == experiment_id), None)
    if row is None:
        db.rollback()
        raise NotFoundError(
            f"there is no experiment {experiment_id}", loc=("path", "experiment_id")
        )
    if row.status != Status.DRAFT.value:
        db.rollback()
        raise ConflictError(
            f"experiment {row.name!r} is {row.status}; only a draft can start "
            "(a stopped experiment keeps its data: create a new one to test again)"
        )
    running = [r for r in rows if r.status == Status.RUNNING.value and r.surface == row.surface]
    start_bucket = free_range(
        [(r.bucket_start or 0, r.traffic_percent) for r in running], row.traffic_percent
    )
    if start_bucket is None:
        db.rollback()
        names = ", ".join(f"{r.name!r} ({r.traffic_percent} %)" for r in running)
        raise ConflictError(
            f"{row.traffic_percent} % of traffic would overlap running experiment(s) {names}; "
            "stop one or lower this experiment's traffic"
        )
    row.status, row.bucket_start, row.started_at = (
        Status.RUNNING.value,
        start_bucket,
        datetime.now(UTC),
    )
    db.commit()
    return row


def stop(db: Session, experiment_id: int) -> Experiment:
    """Stop a running experiment; its searches and events stay for the results."""
    row = db.get(Experiment, experiment_id, with_for_update=True)
    if row is None:
        raise NotFoundError(
            f"there is no experiment {experiment_id}", loc=("path", "experiment_id")
        )
    if row.status != Status.RUNNING.value:
        db.rollback()
        raise ConflictError(f"experiment {row.name!r} is {row.status}, not running")
    row.status, row.stopped_at = Status.STOPPED.value, datetime.now(UTC)
    db.commit()
    return row


def delete(db: Session, experiment_id: int) -> None:
    """Delete a draft (it has no data); running or stopped experiments are kept."""
    row = get(db, experiment_id)
    if row.status != Status.DRAFT.value:
        raise ConflictError(
            f"experiment {row.name!r} is {row.status}; only drafts can be deleted, "
            "so results are never lost"
        )
    db.delete(row)
    db.commit()


def _check_references(db: Session, body: ExperimentCreate) -> None:
    """Refuse arms naming model or merch versions that do not exist."""
    for index, arm in enumerate(body.arms):
        if arm.model_id is not None and db.get(RankingModel, arm.model_id) is None:
            raise InvalidInputError(
                f"arm {arm.name}: there is no ranking model {arm.model_id}",
                loc=("body", "arms", index, "model_id"),
            )
        if arm.merch_version is not None and db.get(MerchVersion, arm.merch_version) is None:
            raise InvalidInputError(
                f"arm {arm.name}: there is no merchandising version {arm.merch_version}",
                loc=("body", "arms", index, "merch_version"),
            )
