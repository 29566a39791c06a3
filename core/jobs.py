"""Job records: every background run (who, what, progress, outcome) kept in Postgres.

arq carries the work through Redis; this table is the history admins read, and it survives a
Redis restart. A running job's heartbeat lets a reaper tell a crashed worker's job from a slow
one; cancellation is a flag the job checks between steps.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, DateTime, Index, String, Text, func, select, text, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base
from core.errors import ConflictError, NotFoundError
from core.metrics import observe_job
from core.request_context import current_request_id, job_context

log = logging.getLogger(__name__)

# Kinds of which only one may be queued or running at a time.
EXCLUSIVE_KINDS = ("rebuild",)


class JobStatus(StrEnum):
    """Where a job stands."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


ACTIVE = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
# The key of a job's params that holds the id of the request that queued it.
REQUEST_ID_PARAM = "request_id"


class JobOrigin(NamedTuple):
    """What a job is and which request (if any) queued it."""

    kind: str
    request_id: str | None


class JobCancelled(Exception):
    """Raised inside a job when an admin asked it to stop."""


class Job(Base):
    """One run of a background job."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_created_at", "created_at"),
        Index(
            "uq_jobs_one_active_exclusive",
            "kind",
            unique=True,
            postgresql_where=text(
                "status IN ('queued', 'running') AND kind IN ('"
                + "', '".join(EXCLUSIVE_KINDS)
                + "')"
            ),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), server_default=JobStatus.QUEUED.value)
    triggered_by: Mapped[str] = mapped_column(String(320))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    phase: Mapped[str | None] = mapped_column(String(40))
    done: Mapped[int] = mapped_column(BigInteger, server_default="0")
    total: Mapped[int] = mapped_column(BigInteger, server_default="0")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    cancel_requested: Mapped[bool] = mapped_column(server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def create_job(db: Session, *, kind: str, triggered_by: str, params: dict[str, Any]) -> Job:
    """Record a queued job; refuse a second active job of an exclusive kind, naming the first."""
    job = Job(kind=kind, triggered_by=triggered_by, params=params)
    db.add(job)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        active = active_job(db, kind)
        who = (
            f"job {active.id} ({active.status}, started by {active.triggered_by})"
            if active
            else "another job"
        )
        raise ConflictError(f"a {kind} is already running: {who}", loc=("body", "kind")) from None
    return job


def active_job(db: Session, kind: str) -> Job | None:
    """Return the queued or running job of a kind, if any."""
    return db.scalar(
        select(Job).where(Job.kind == kind, Job.status.in_(ACTIVE)).order_by(Job.id).limit(1)
    )


def get_job(db: Session, job_id: int) -> Job:
    """Return a job, or 404."""
    job = db.get(Job, job_id)
    if job is None:
        raise NotFoundError(f"no job with id {job_id}", loc=("path", "job_id"))
    return job


def list_jobs(
    db: Session,
    *,
    kind: str | None = None,
    status: JobStatus | None = None,
    page: int = 1,
    size: int = 50,
) -> tuple[int, Sequence[Job]]:
    """Return jobs, newest first."""
    query = select(Job)
    if kind:
        query = query.where(Job.kind == kind)
    if status is not None:
        query = query.where(Job.status == status.value)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    return total, db.scalars(
        query.order_by(Job.id.desc()).offset((page - 1) * size).limit(size)
    ).all()


def request_cancel(db: Session, job_id: int) -> Job:
    """Ask a job to stop: a queued one is cancelled now, a running one at its next step."""
    job = get_job(db, job_id)
    if job.status == JobStatus.QUEUED:
        job.status, job.finished_at = JobStatus.CANCELLED.value, datetime.now(UTC)
        job.error = "cancelled before it started"
    elif job.status == JobStatus.RUNNING:
        job.cancel_requested = True
    else:
        raise ConflictError(f"job {job_id} has already {job.status}", loc=("path", "job_id"))
    db.commit()
    return job


def _update(engine: Engine, job_id: int, **values: Any) -> int:
    """Apply column values to one job in its own short transaction; return rows changed."""
    with engine.begin() as connection:
        return connection.execute(update(Job).where(Job.id == job_id).values(**values)).rowcount


def start_job(engine: Engine, job_id: int) -> bool:
    """Mark a queued job running; False if it was cancelled (or taken) meanwhile."""
    return begin_job(engine, job_id) is not None


def begin_job(engine: Engine, job_id: int) -> JobOrigin | None:
    """Mark a queued job running and return its origin; None if cancelled (or taken)."""
    now = datetime.now(UTC)
    with engine.begin() as connection:
        row = connection.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.QUEUED.value)
            .values(status=JobStatus.RUNNING.value, started_at=now, heartbeat_at=now)
            .returning(Job.kind, Job.params)
        ).first()
    return None if row is None else JobOrigin(row.kind, _request_id(row.params))


def job_origin(engine: Engine, job_id: int) -> JobOrigin | None:
    """Return a job's kind and the request that queued it, None if there is no such job."""
    with engine.connect() as connection:
        row = connection.execute(select(Job.kind, Job.params).where(Job.id == job_id)).first()
    return None if row is None else JobOrigin(row.kind, _request_id(row.params))


def _request_id(params: dict[str, Any] | None) -> str | None:
    """Return the request id a job's params carry, if any."""
    value = (params or {}).get(REQUEST_ID_PARAM)
    return value if isinstance(value, str) else None


def heartbeat(engine: Engine, job_id: int) -> None:
    """Say the job's worker is alive."""
    _update(engine, job_id, heartbeat_at=datetime.now(UTC))


def report_progress(
    engine: Engine, job_id: int, *, phase: str, done: int, total: int, cancellable: bool = True
) -> None:
    """Record progress (and a heartbeat); raise JobCancelled if an admin asked to stop."""
    with engine.begin() as connection:
        cancel = connection.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(phase=phase, done=done, total=total, heartbeat_at=datetime.now(UTC))
            .returning(Job.cancel_requested)
        ).scalar()
    if cancel and cancellable:
        raise JobCancelled(f"job {job_id} was cancelled")


def finish_job(
    engine: Engine,
    job_id: int,
    status: JobStatus,
    *,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    """Record how a running job ended (a success's phase becomes "done")."""
    values: dict[str, Any] = {
        "status": status.value,
        "result": result,
        "error": error,
        "finished_at": datetime.now(UTC),
    }
    if status is JobStatus.SUCCEEDED:
        values["phase"] = "done"
    _update(engine, job_id, **values)


def run_recorded(
    engine: Engine, job_id: int, work: Callable[[], dict[str, Any]]
) -> dict[str, Any] | None:
    """Run `work` as job `job_id`, recording start, outcome and error; None if not started.

    While it runs, log lines carry the job's id and kind and the request that queued it; its
    duration and outcome go to the job metrics.
    """
    origin = begin_job(engine, job_id)
    if origin is None:
        return None
    with job_context(job_id, origin.kind, origin.request_id or current_request_id()):
        return _run_started(engine, job_id, origin.kind, work)


def _run_started(
    engine: Engine, job_id: int, kind: str, work: Callable[[], dict[str, Any]]
) -> dict[str, Any] | None:
    """Run a job already marked running; record how it ended, in Postgres and the metrics."""
    started = time.monotonic()
    status = JobStatus.FAILED
    try:
        result = work()
        status = JobStatus.SUCCEEDED
    except JobCancelled as exc:
        status = JobStatus.CANCELLED
        finish_job(engine, job_id, JobStatus.CANCELLED, error=str(exc))
        return None
    except Exception as exc:
        finish_job(engine, job_id, JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
    finally:
        observe_job(kind, status.value, time.monotonic() - started)
    finish_job(engine, job_id, JobStatus.SUCCEEDED, result=result)
    return result


def reap_stale_jobs(db: Session, *, stale_after_s: float, queued_after_s: float) -> list[Job]:
    """Fail running jobs whose worker stopped beating, and queued ones the queue lost."""
    now = datetime.now(UTC)
    lost = _claim(db, JobStatus.QUEUED, Job.created_at < now - timedelta(seconds=queued_after_s))
    for job in lost:
        job.status, job.finished_at = JobStatus.FAILED.value, now
        job.error = "never started: no worker took it from the queue (was Redis restarted?)"
    stale = _claim(db, JobStatus.RUNNING, Job.heartbeat_at < now - timedelta(seconds=stale_after_s))
    for job in stale:
        job.status, job.finished_at = JobStatus.FAILED.value, now
        job.error = (
            f"the worker running this job stopped (no heartbeat since "
            f"{job.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC); its partial work was cleaned up"
        )
    db.commit()
    return [*lost, *stale]


def _claim(db: Session, status: JobStatus, too_old: Any) -> Sequence[Job]:
    """Lock the jobs in `status` that are too old (skipping any another reaper holds)."""
    return db.scalars(
        select(Job).where(Job.status == status.value, too_old).with_for_update(skip_locked=True)
    ).all()


@contextmanager
def beating(engine: Engine, job_id: int, *, every_s: float) -> Iterator[None]:
    """Beat a job's heartbeat from a background thread while the block runs."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every_s):
            try:
                heartbeat(engine, job_id)
            except Exception as exc:
                log.warning("heartbeat of job %s failed: %s", job_id, exc)

    # In a copy of this context, so its warnings carry the job's request id too.
    thread = threading.Thread(
        target=contextvars.copy_context().run, args=(beat,), name=f"job-{job_id}-heartbeat"
    )
    thread.daemon = True
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_beating(
    engine: Engine, job_id: int, work: Callable[[], dict[str, Any]], *, heartbeat_s: float
) -> dict[str, Any] | None:
    """Run a recorded job with a heartbeat, so a reaper can tell it from a dead one."""
    with beating(engine, job_id, every_s=heartbeat_s):
        return run_recorded(engine, job_id, work)


async def run_job_in_thread(
    engine: Engine, job_id: int, work: Callable[[], dict[str, Any]], *, heartbeat_s: float
) -> dict[str, Any] | None:
    """Run a recorded, heartbeating job off the event loop (for arq)."""
    return await asyncio.to_thread(run_beating, engine, job_id, work, heartbeat_s=heartbeat_s)
