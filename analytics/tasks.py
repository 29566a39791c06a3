"""arq jobs of analytics: recompute the behavioural signals."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from analytics.clusters import refresh_clusters
from analytics.signals import refresh_signals
from core.clients import make_redis
from core.jobs import create_job, run_job_in_thread
from core.settings import Settings


async def signals_job(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Recompute popularity, trending, CTR and co-occurrence into Redis, as job `job_id`."""
    settings: Settings = ctx["settings"]

    def work() -> dict[str, Any]:
        redis = make_redis(settings)
        try:
            return refresh_signals(ctx["engine"], redis)
        finally:
            redis.close()

    return await run_job_in_thread(
        ctx["engine"], job_id, work, heartbeat_s=settings.job_heartbeat_s
    )


async def scheduled_signals(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Record and run the periodic signals refresh."""
    with Session(ctx["engine"]) as db:
        job_id = create_job(db, kind="signals", triggered_by="cron", params={}).id
    return await signals_job(ctx, job_id)


async def segments_job(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Refit the shopper segments (KMeans over profiles) into Redis, as job `job_id`."""
    settings: Settings = ctx["settings"]

    def work() -> dict[str, Any]:
        redis = make_redis(settings)
        try:
            return refresh_clusters(ctx["engine"], redis)
        finally:
            redis.close()

    return await run_job_in_thread(
        ctx["engine"], job_id, work, heartbeat_s=settings.job_heartbeat_s
    )


async def scheduled_segments(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Record and run the hourly segments refresh."""
    with Session(ctx["engine"]) as db:
        job_id = create_job(db, kind="segments", triggered_by="cron", params={}).id
    return await segments_job(ctx, job_id)
