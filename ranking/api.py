"""Admin routes of the model registry: list, promote, roll back, train."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import ConfigDict

from accounts.access import Admin
from accounts.users import actor
from core.bounds import RowId
from core.deps import DbSession, JobQueue, RedisClient
from core.queue import submit_job
from core.schemas import ApiModel, JobRead
from ranking import registry
from ranking.rerank import announce_active
from ranking.schemas import PromoteRequest, RankingModelRead

router = APIRouter(prefix="/api/admin/models", tags=["admin: ranking"])


class Empty(ApiModel):
    """No fields."""

    model_config = ConfigDict(extra="forbid")


@router.get("", response_model=list[RankingModelRead])
def read_models(admin: Admin, db: DbSession) -> list[RankingModelRead]:
    """List the stored rankers, newest first."""
    return [RankingModelRead.model_validate(row) for row in registry.list_models(db)]


@router.post("/{model_id}/promote", response_model=RankingModelRead)
def promote_model(
    model_id: RowId, body: PromoteRequest, admin: Admin, db: DbSession, redis: RedisClient
) -> RankingModelRead:
    """Make a model active if it beats the active one (409 otherwise, unless forced).

    Every API process applies it from its next search (the promotion is announced in Redis).
    """
    row = registry.promote(db, model_id, by=actor(db, admin), force=body.force, note=body.note)
    announce_active(redis)
    return RankingModelRead.model_validate(row)


@router.post("/rollback", response_model=RankingModelRead)
def roll_back(body: Empty, admin: Admin, db: DbSession, redis: RedisClient) -> RankingModelRead:
    """Re-activate the model promoted before the active one (applied from the next search)."""
    row = registry.rollback(db, by=actor(db, admin))
    announce_active(redis)
    return RankingModelRead.model_validate(row)


@router.post("/train", status_code=status.HTTP_202_ACCEPTED, response_model=JobRead)
async def train(body: Empty, admin: Admin, db: DbSession, queue: JobQueue) -> JobRead:
    """Queue a training job; its model is promoted only if it passes the gate."""
    job = await submit_job(db, queue, kind="train", triggered_by=actor(db, admin), params={})
    return JobRead.model_validate(job)
