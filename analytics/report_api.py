"""Analytics routes for merchandisers and admins: reports, per-query detail, segments."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from redis.exceptions import RedisError

from accounts.access import Merchandiser
from accounts.users import actor
from analytics import reports
from analytics.report_schemas import (
    QueryReport,
    Report,
    RollupStarted,
    Segment,
    SegmentReport,
)
from behaviour.clusters import MODEL_KEY
from core.bounds import RowId
from core.deps import DbSession, JobQueue
from core.errors import NotFoundError, ServiceUnavailableError
from core.jobs import get_job
from core.queue import submit_job
from core.schemas import JobRead

router = APIRouter(prefix="/api/analytics", tags=["analytics"])

Since = Annotated[date | None, Query(description="First day (UTC), default 30 days ago")]
Until = Annotated[date | None, Query(description="Last day (UTC, inclusive), default today")]


@router.get("/report", response_model=Report)
def read_report(
    who: Merchandiser,
    db: DbSession,
    since: Since = None,
    until: Until = None,
    variant: Annotated[str | None, Query(max_length=40, description="One ranking variant")] = None,
) -> Report:
    """Return search figures over a date range: overall, per variant, per day, per query."""
    return reports.report(db, *reports.default_range(since, until), variant or None)


@router.get("/query", response_model=QueryReport)
def read_query(
    who: Merchandiser,
    db: DbSession,
    q: Annotated[str, Query(min_length=1, max_length=200, description="The query, as searched")],
    since: Since = None,
    until: Until = None,
) -> QueryReport:
    """Return one query's figures, the products clicked and what shoppers searched next."""
    return reports.query_report(db, q, *reports.default_range(since, until))


@router.get("/segments", response_model=SegmentReport)
async def read_segments(who: Merchandiser, request: Request) -> SegmentReport:
    """Return the shopper segments of the last refresh, with size and behaviour."""
    try:
        raw = await run_in_threadpool(request.app.state.redis.get, MODEL_KEY)
    except RedisError as exc:
        raise ServiceUnavailableError(
            "the segments live in Redis, which cannot be reached"
        ) from exc
    if not raw:
        return SegmentReport(refreshed_at=None, segments=[])
    model = json.loads(raw)
    return SegmentReport(
        refreshed_at=datetime.fromtimestamp(model["fitted_at"], UTC),
        segments=[
            Segment(
                segment=s["segment"],
                size=s["size"],
                top_types=s["top_types"],
                searches=s["searches"],
                ctr=s["clicked"] / s["searches"] if s["searches"] else 0.0,
                add_to_cart_rate=s["carted"] / s["searches"] if s["searches"] else 0.0,
                conversion_rate=s["bought"] / s["searches"] if s["searches"] else 0.0,
            )
            for s in model.get("segments", [])
        ],
    )


@router.post("/rollup", response_model=RollupStarted, status_code=status.HTTP_202_ACCEPTED)
async def start_rollup(who: Merchandiser, db: DbSession, queue: JobQueue) -> RollupStarted:
    """Queue the rollup job now instead of waiting for the hourly run."""
    job = await submit_job(db, queue, kind="rollup", triggered_by=actor(db, who), params={})
    return RollupStarted(
        job_id=job.id,
        message=f"rolling up the figures (job {job.id}); the page reloads when it finishes",
    )


@router.get("/rollup/{job_id}", response_model=JobRead)
def read_rollup(job_id: RowId, who: Merchandiser, db: DbSession) -> JobRead:
    """Return a roll-up job's progress, so the dashboard can reload when it finishes."""
    job = get_job(db, job_id)
    if job.kind != "rollup":  # merchandisers see roll-ups, not every job an admin sees
        raise NotFoundError(f"no roll-up job with id {job_id}", loc=("path", "job_id"))
    return JobRead.model_validate(job)
