"""Admin routes over background jobs and the health of the whole system."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from accounts.access import Admin
from accounts.users import people_named
from core.bounds import RowId
from core.deps import DbSession
from core.jobs import Job, JobStatus, get_job, list_jobs, request_cancel
from core.schemas import JobPage, JobRead
from search_service.runtime import Serving
from search_service.system import SystemHealth, system_health

router = APIRouter(prefix="/api/admin", tags=["admin: jobs"])


def job_reads(db: Session, jobs: Sequence[Job]) -> list[JobRead]:
    """Shape jobs, naming the person behind jobs recorded as "user N" by their email."""
    names = people_named(db, (job.triggered_by for job in jobs))
    reads = [JobRead.model_validate(job) for job in jobs]
    return [
        read.model_copy(update={"triggered_by": names.get(read.triggered_by, read.triggered_by)})
        for read in reads
    ]


@router.get("/jobs", response_model=JobPage)
def read_jobs(
    admin: Admin,
    db: DbSession,
    kind: Annotated[str | None, Query(max_length=40, description="rebuild, verify, sync")] = None,
    status: JobStatus | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> JobPage:
    """List jobs, newest first."""
    total, jobs = list_jobs(db, kind=kind, status=status, page=page, size=size)
    return JobPage(total=total, page=page, size=size, jobs=job_reads(db, jobs))


@router.get("/jobs/{job_id}", response_model=JobRead)
def read_job(job_id: RowId, admin: Admin, db: DbSession) -> JobRead:
    """Return one job with its progress."""
    return job_reads(db, [get_job(db, job_id)])[0]


@router.post("/jobs/{job_id}/cancel", response_model=JobRead)
def cancel_job(job_id: RowId, admin: Admin, db: DbSession) -> JobRead:
    """Cancel a queued job now, or ask a running one to stop safely at its next step."""
    return job_reads(db, [request_cancel(db, job_id)])[0]


@router.get("/health", response_model=SystemHealth)
async def read_health(admin: Admin, runtime: Serving, db: DbSession) -> SystemHealth:
    """Report Postgres, Redis, Elasticsearch, worker heartbeats and outbox lag."""
    return await run_in_threadpool(system_health, runtime, db)
