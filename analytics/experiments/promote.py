"""Promote an experiment's winning arm to everyone: its model version, its merch version.

Promotion happens only for the arm the results declare the winner, and only for what an arm
can name: a model version becomes the active model (recorded as promoted by the experiment,
past the offline quality gate, since the live test is the stronger evidence), and a merch
version is published again. Arms that serve the current defaults have nothing to promote.
A running experiment is stopped by its promotion.

Each change commits on its own (the model registry and merchandising keep their own
transactions). If a later step fails, the earlier ones stay and the experiment is not marked
promoted; promoting again skips a model that is already active and finishes the rest.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from analytics.experiments.models import Experiment, Status
from analytics.experiments.results import results
from analytics.experiments.schemas import Arm
from core.errors import ConflictError, InvalidInputError
from merchandising import service as merch_service
from merchandising.models import MerchVersion
from ranking import registry


def promote_arm(
    db: Session, row: Experiment, arm_name: str, *, by: str
) -> tuple[str, MerchVersion | None]:
    """Apply the winning arm's configuration; return what changed and any new merch version."""
    arms = {arm["name"]: Arm.model_validate(arm) for arm in row.arms}
    if arm_name not in arms:
        raise InvalidInputError(
            f"experiment {row.name!r} has no arm {arm_name!r}; arms: {', '.join(arms)}",
            loc=("body", "arm"),
        )
    if row.promoted_arm is not None:
        raise ConflictError(f"arm {row.promoted_arm!r} of {row.name!r} was already promoted")
    outcome = results(db, row)
    if outcome.winner != arm_name:
        raise ConflictError(f"arm {arm_name!r} has not won: {outcome.decision}")
    arm = arms[arm_name]
    if arm.model_id is None and arm.merch_version is None:
        raise ConflictError(
            f"arm {arm_name!r} serves the defaults ({arm.ranking.value} with the active model and "
            "published merchandising); there is no version to promote"
        )
    note = f"won experiment {row.name!r}"
    done: list[str] = []
    if arm.model_id is not None:
        active = registry.active_model(db)
        if active is None or active.id != arm.model_id:
            registry.promote(db, arm.model_id, by=by, force=True, note=note)
        done.append(f"model {arm.model_id} is now active")
    version = None
    if arm.merch_version is not None:
        version = merch_service.restore(db, arm.merch_version, by=by, note=note)
        done.append(
            f"merchandising version {arm.merch_version} is published again as {version.version}"
        )
    row.promoted_arm, row.promoted_by = arm_name, by
    if row.status == Status.RUNNING.value:
        row.status, row.stopped_at = Status.STOPPED.value, datetime.now(UTC)
        done.append("the experiment is stopped")
    db.commit()
    return "; ".join(done), version
