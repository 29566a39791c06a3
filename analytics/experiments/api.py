"""Experiment routes: merchandisers and admins run experiments; admins promote winners."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from accounts.access import Admin, Merchandiser
from accounts.users import actor
from analytics.experiments import service
from analytics.experiments.promote import promote_arm
from analytics.experiments.results import results
from analytics.experiments.schemas import (
    ExperimentCreate,
    ExperimentList,
    ExperimentRead,
    Promoted,
    PromoteRequest,
    Results,
)
from analytics.experiments.serving import bump
from core.bounds import SmallRowId
from core.deps import DbSession
from merchandising.published import announce
from ranking.rerank import announce_active

router = APIRouter(prefix="/api/experiments", tags=["experiments"])


@router.get("", response_model=ExperimentList)
def list_experiments(who: Merchandiser, db: DbSession) -> ExperimentList:
    """List every experiment, newest first."""
    return ExperimentList(
        experiments=[ExperimentRead.model_validate(row) for row in service.list_all(db)]
    )


@router.post("", response_model=ExperimentRead, status_code=status.HTTP_201_CREATED)
def create_experiment(body: ExperimentCreate, who: Merchandiser, db: DbSession) -> ExperimentRead:
    """Create a draft experiment, with a sample size planned from recent CTR."""
    return ExperimentRead.model_validate(service.create(db, body, by=actor(db, who)))


@router.get("/{experiment_id}", response_model=ExperimentRead)
def read_experiment(experiment_id: SmallRowId, who: Merchandiser, db: DbSession) -> ExperimentRead:
    """Return one experiment."""
    return ExperimentRead.model_validate(service.get(db, experiment_id))


@router.delete("/{experiment_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_experiment(experiment_id: SmallRowId, who: Merchandiser, db: DbSession) -> Response:
    """Delete a draft (experiments that ran are kept with their data)."""
    service.delete(db, experiment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{experiment_id}/start", response_model=ExperimentRead)
def start_experiment(
    experiment_id: SmallRowId, who: Merchandiser, db: DbSession, request: Request
) -> ExperimentRead:
    """Start a draft on free traffic (409 when it would overlap a running experiment)."""
    row = service.start(db, experiment_id)
    bump(request.app.state.redis)
    return ExperimentRead.model_validate(row)


@router.post("/{experiment_id}/stop", response_model=ExperimentRead)
def stop_experiment(
    experiment_id: SmallRowId, who: Merchandiser, db: DbSession, request: Request
) -> ExperimentRead:
    """Stop a running experiment; its data stays for the results."""
    row = service.stop(db, experiment_id)
    bump(request.app.state.redis)
    return ExperimentRead.model_validate(row)


@router.get("/{experiment_id}/results", response_model=Results)
def read_results(experiment_id: SmallRowId, who: Merchandiser, db: DbSession) -> Results:
    """Return the experiment's figures, tests with intervals and p-values, and the decision."""
    row = service.get(db, experiment_id)
    return results(db, row)


@router.post("/{experiment_id}/promote", response_model=Promoted)
def promote_experiment(
    experiment_id: SmallRowId, body: PromoteRequest, admin: Admin, db: DbSession, request: Request
) -> Promoted:
    """Make the winning arm's model or merch version everyone's (admins only)."""
    row = service.get(db, experiment_id)
    message, version = promote_arm(db, row, body.arm, by=actor(db, admin))
    if version is not None:
        announce(request.app.state.redis, version.token)
    announce_active(request.app.state.redis)  # a no-op reload when the model did not change
    bump(request.app.state.redis)
    return Promoted(experiment=ExperimentRead.model_validate(row), message=message)
