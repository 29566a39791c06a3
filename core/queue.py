"""Putting jobs on the arq queue in Redis, with a Postgres record for each."""

from __future__ import annotations

import re
import secrets
from typing import Any

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from redis.exceptions import RedisError
from sqlalchemy.orm import Session

from core.errors import ConflictError, ServiceUnavailableError
from core.jobs import REQUEST_ID_PARAM, Job, JobStatus, create_job
from core.request_context import current_request_id
from core.settings import Settings

# The arq function that runs each kind of job.
JOB_FUNCTIONS = {
    "rebuild": "rebuild_index",
    "verify": "verify_index",
    "sync": "sync_outbox",
    "signals": "signals_job",
    "train": "train_ranker",
    "rollup": "rollup_job",
    "retention": "retention_job",
}
# arq's id of a recorded job: unique even if job ids restart (a restored or recreated database).
ARQ_JOB_ID = "aisle-job-{job_id}-{nonce}"
_ARQ_JOB_ID = re.compile(r"aisle-job-(\d+)-[0-9a-f]+")


def recorded_job_id(arq_job_id: str) -> int | None:
    """Return the Postgres id of the job behind an arq job id (None for cron and others)."""
    match = _ARQ_JOB_ID.fullmatch(arq_job_id)
    return int(match.group(1)) if match else None


def arq_redis_settings(settings: Settings) -> RedisSettings:
    """Return arq's Redis settings from Aisle's."""
    return RedisSettings(
        host=settings.redis_host,
        port=settings.redis_port,
        database=settings.redis_db,
        conn_timeout=2,
        conn_retries=1,
    )


async def open_pool(settings: Settings) -> ArqRedis:
    """Open a connection pool to the arq queue."""
    return await create_pool(arq_redis_settings(settings))


async def submit_job(
    db: Session, pool: ArqRedis, *, kind: str, triggered_by: str, params: dict[str, Any]
) -> Job:
    """Record a job and queue it; if the queue is unreachable the record says so and 503.

    The id of the request being served goes into the job's params, so the worker's log lines
    for the job carry it.
    """
    request_id = current_request_id()
    if request_id is not None:
        params = {**params, REQUEST_ID_PARAM: request_id}
    job = create_job(db, kind=kind, triggered_by=triggered_by, params=params)
    try:
        arq_id = ARQ_JOB_ID.format(job_id=job.id, nonce=secrets.token_hex(4))
        queued = await pool.enqueue_job(JOB_FUNCTIONS[kind], job.id, _job_id=arq_id)
    except (RedisError, OSError) as exc:
        _not_queued(db, job, f"could not be queued: {exc}")
        raise ServiceUnavailableError(
            "the job queue (Redis) cannot be reached; the job was not started"
        ) from exc
    if queued is None:  # arq already knows this job id: never run it twice
        _not_queued(db, job, f"the queue already holds a job {arq_id}")
        raise ConflictError(f"job {job.id} could not be queued: its id is already taken")
    return job


def _not_queued(db: Session, job: Job, reason: str) -> None:
    """Record that a job never reached the queue."""
    job.status, job.error = JobStatus.FAILED.value, reason
    db.commit()
