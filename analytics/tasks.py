"""arq jobs of analytics: recompute the behavioural signals and the shopper segments."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from redis import Redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from analytics.clusters import refresh_clusters
from analytics.signals import refresh_signals
from core.clients import make_redis
from core.jobs import create_job, run_job_in_thread
from core.settings import Settings

Refresh = Callable[[Engine, "Redis[str]"], dict[str, Any]]
Job = Callable[[dict[str, Any], int], Awaitable[dict[str, Any] | None]]


async def _refresh_as_job(
    ctx: dict[str, Any], job_id: int, refresh: Refresh
) -> dict[str, Any] | None:
    """Run a Postgres-to-Redis refresh as job `job_id`, with its own Redis connection."""
    settings: Settings = ctx["settings"]

    def work() -> dict[str, Any]:
        redis = make_redis(settings)
        try:
            return refresh(ctx["engine"], redis)
        finally:
            redis.close()

    return await run_job_in_thread(
        ctx["engine"], job_id, work, heartbeat_s=settings.job_heartbeat_s
    )


async def _scheduled(ctx: dict[str, Any], kind: str, job: Job) -> dict[str, Any] | None:
    """Record a cron-triggered job of `kind` and run it."""
    with Session(ctx["engine"]) as db:
        job_id = create_job(db, kind=kind, triggered_by="cron", params={}).id
    return await job(ctx, job_id)


async def signals_job(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Recompute popularity, trending, CTR and co-occurrence into Redis, as job `job_id`."""
    return await _refresh_as_job(ctx, job_id, refresh_signals)


async def scheduled_signals(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Record and run the periodic signals refresh."""
    return await _scheduled(ctx, "signals", signals_job)


async def segments_job(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Refit the shopper segments (KMeans over profiles) into Redis, as job `job_id`."""
    return await _refresh_as_job(ctx, job_id, refresh_clusters)


async def scheduled_segments(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Record and run the hourly segments refresh."""
    return await _scheduled(ctx, "segments", segments_job)
