"""arq jobs of analytics: signals, shopper segments, daily rollups and event retention."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from redis import Redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from analytics.rollups import roll_recent, roll_up
from behaviour.clusters import refresh_clusters
from behaviour.retention import apply_retention
from behaviour.signals import refresh_signals
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

    return await _in_thread(ctx, job_id, work)


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


async def _in_thread(
    ctx: dict[str, Any], job_id: int, work: Callable[[], dict[str, Any]]
) -> dict[str, Any] | None:
    """Run blocking work as job `job_id` in a thread, with heartbeats."""
    settings: Settings = ctx["settings"]
    return await run_job_in_thread(
        ctx["engine"], job_id, work, heartbeat_s=settings.job_heartbeat_s
    )


async def rollup_job(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Roll up the days since the last rollup (and the attribution window), as job `job_id`."""
    return await _in_thread(ctx, job_id, lambda: roll_up(ctx["engine"]))


async def scheduled_rollup(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Record and run the hourly rollup."""
    return await _scheduled(ctx, "rollup", rollup_job)


async def today_rollup_job(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Re-roll today (and yesterday's last minutes just after midnight), as job `job_id`."""
    settings: Settings = ctx["settings"]
    # Twice the interval: a run that was late or failed leaves no minutes of yesterday behind.
    lookback = timedelta(minutes=2 * settings.rollup_today_every_minutes)
    return await _in_thread(ctx, job_id, lambda: roll_recent(ctx["engine"], lookback=lookback))


async def scheduled_today_rollup(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Record and run the frequent roll-up of today, so the dashboard is never hours behind."""
    return await _scheduled(ctx, "rollup", today_rollup_job)


async def retention_job(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Remove (or archive and remove) raw behaviour past the retention age, as job `job_id`."""
    settings: Settings = ctx["settings"]
    return await _in_thread(
        ctx,
        job_id,
        lambda: apply_retention(
            ctx["engine"],
            keep_days=settings.event_retention_days,
            archive_dir=settings.event_archive_dir,
        ),
    )


async def scheduled_retention(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Record and run the nightly retention."""
    return await _scheduled(ctx, "retention", retention_job)
