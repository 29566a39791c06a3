"""Admin routes over the products index: status, rebuild, rollback, parity check, sync."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, status
from fastapi.concurrency import run_in_threadpool

from accounts.access import Admin
from accounts.models import User
from core.deps import AppSettings, DbSession, Es, JobQueue
from core.jobs import Job
from core.queue import submit_job
from core.schemas import JobRead
from indexer import versions
from indexer.schemas import IndexStatusRead, RollbackRead, RollbackRequest
from indexer.status import index_status

router = APIRouter(prefix="/api/admin/index", tags=["admin: index"])
QUEUED: dict[int | str, dict[str, Any]] = {
    status.HTTP_409_CONFLICT: {"description": "A rebuild is already queued or running"}
}


def _who(admin: Admin, db: DbSession) -> str:
    """Name the admin who triggered a job (by email; and whether through an API token)."""
    user = db.get(User, admin.user_id)
    name = user.email if user is not None else f"user {admin.user_id}"
    return name + (" (API token)" if admin.via == "token" else "")


@router.get("", response_model=IndexStatusRead)
def read_status(admin: Admin, db: DbSession, es: Es, settings: AppSettings) -> IndexStatusRead:
    """Report the alias target, kept versions, Postgres vs ES counts, outbox backlog, health."""
    current = index_status(session=db, es=es, alias=settings.products_alias)
    return IndexStatusRead.model_validate(asdict(current))


async def _submit(kind: str, admin: Admin, db: DbSession, queue: JobQueue) -> JobRead:
    """Record and queue a job of this kind."""
    job: Job = await submit_job(db, queue, kind=kind, triggered_by=_who(admin, db), params={})
    return JobRead.model_validate(job)


@router.post(
    "/rebuild", status_code=status.HTTP_202_ACCEPTED, response_model=JobRead, responses=QUEUED
)
async def start_rebuild(admin: Admin, db: DbSession, queue: JobQueue) -> JobRead:
    """Queue a full rebuild; the answer names the job to watch (409 if one is running)."""
    return await _submit("rebuild", admin, db, queue)


@router.post("/verify", status_code=status.HTTP_202_ACCEPTED, response_model=JobRead)
async def start_verify(admin: Admin, db: DbSession, queue: JobQueue) -> JobRead:
    """Queue a parity check of Postgres against the live index."""
    return await _submit("verify", admin, db, queue)


@router.post("/sync", status_code=status.HTTP_202_ACCEPTED, response_model=JobRead)
async def start_sync(admin: Admin, db: DbSession, queue: JobQueue) -> JobRead:
    """Queue an immediate outbox sync (the worker also syncs continuously)."""
    return await _submit("sync", admin, db, queue)


@router.post("/rollback", response_model=RollbackRead)
async def roll_back(
    body: RollbackRequest, admin: Admin, es: Es, settings: AppSettings
) -> RollbackRead:
    """Point the alias at an earlier kept version at once (default: the previous one)."""
    left, live = await run_in_threadpool(versions.rollback, es, settings.products_alias, body.to)
    return RollbackRead(left=left, live=live)
