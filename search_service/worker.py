"""The arq worker: recorded jobs on Redis, cron, the continuous outbox sync and a heartbeat."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import threading
import time
from typing import Any

from arq import cron
from arq.cron import CronJob
from elasticsearch import Elasticsearch
from redis import Redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from accounts.tasks import deliver_mail
from analytics.tasks import (
    retention_job,
    rollup_job,
    scheduled_retention,
    scheduled_rollup,
    scheduled_segments,
    scheduled_signals,
    scheduled_today_rollup,
    segments_job,
    signals_job,
)
from core.jobs import JobStatus, create_job, job_origin, reap_stale_jobs
from core.metrics import observe_job
from core.metrics_auth import start_metrics_server
from core.queue import arq_redis_settings, recorded_job_id
from core.request_context import bind_job
from core.runtime import make_runtime
from core.settings import Settings, get_settings
from indexer import versions
from indexer.exceptions import RebuildInProgress
from indexer.locks import rebuild_lock
from indexer.outbox import follow
from indexer.tasks import rebuild_index, sync_outbox, verify_index
from merchandising.tasks import find_suggestions
from ranking.tasks import maybe_retrain, train_ranker

log = logging.getLogger(__name__)

SYNC_POLL_SECONDS = 0.25
HEARTBEAT_KEY = "aisle:worker:heartbeat:{}"


async def startup(ctx: dict[str, Any]) -> None:
    """Open clients, clean up after a crashed predecessor, start the sync loop and heartbeat."""
    settings = get_settings()
    ctx["settings"] = settings
    serve_metrics(ctx, settings.api_host, settings.worker_metrics_port, settings.metrics_token)
    # Transient ES trouble (429 and 5xx from an overloaded node) is retried by the client.
    runtime = make_runtime(settings, pool_size=4, es_timeout=120, es_retries=5)
    ctx["runtime"] = runtime
    ctx["engine"], ctx["es"], ctx["redis"] = runtime.engine, runtime.es, runtime.redis
    await reap_jobs(ctx)
    # After an upgrade the live index may lack new fields the sync would write.
    await asyncio.to_thread(versions.ensure_fields, ctx["es"], settings.products_alias)
    ctx["sync_stop"] = stop = threading.Event()
    ctx["sync_task"] = asyncio.create_task(
        asyncio.to_thread(
            follow,
            engine=ctx["engine"],
            es=ctx["es"],
            alias=settings.products_alias,
            poll_seconds=SYNC_POLL_SECONDS,
            should_stop=stop.is_set,
        )
    )
    ctx["heartbeat_task"] = asyncio.create_task(beat(settings, runtime.redis, stop))


async def shutdown(ctx: dict[str, Any]) -> None:
    """Stop the sync loop (it finishes its current batch) and close clients."""
    if "sync_stop" in ctx:  # startup got that far
        ctx["sync_stop"].set()
        await ctx["sync_task"]
        ctx["heartbeat_task"].cancel()
    ctx["runtime"].close()
    if "metrics_server" in ctx:
        ctx["metrics_server"].shutdown()
        ctx["metrics_server"].server_close()


def serve_metrics(ctx: dict[str, Any], host: str, port: int, token: str) -> None:
    """Serve this worker's metrics (jobs, backend calls) for Prometheus; port 0: do not."""
    if not port:
        return
    try:
        # On the API's interface and behind the API's metrics token: exposed as /metrics is.
        ctx["metrics_server"] = start_metrics_server(host, port, token)
    except OSError as exc:  # a second worker on the host: it runs on, unscraped
        log.warning("worker metrics not served on %s:%s: %s", host, port, exc)
        return
    log.info("worker metrics on http://%s:%s/metrics", host, port)


async def job_started(ctx: dict[str, Any]) -> None:
    """Mark the job's task with its id, kind and the request that queued it, for the logs."""
    job_id = recorded_job_id(str(ctx.get("job_id", "")))
    if job_id is None:  # a cron run: its recorded job (if any) marks itself when it starts
        return
    try:
        origin = await asyncio.to_thread(job_origin, ctx["engine"], job_id)
    except Exception as exc:  # the job itself will meet the same trouble and report it
        log.warning("could not read job %s before it started: %s", job_id, exc)
        return
    if origin is not None:
        bind_job(job_id, origin.kind, origin.request_id)


async def beat(settings: Settings, redis: Redis[str], stop: threading.Event) -> None:
    """Tell admins this worker is alive: a Redis key that expires unless renewed."""
    key = HEARTBEAT_KEY.format(f"{socket.gethostname()}:{os.getpid()}")
    ttl = max(3, int(settings.job_heartbeat_s * 4))
    while not stop.is_set():
        value = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "at": time.time()})
        try:
            await asyncio.to_thread(redis.set, key, value, ex=ttl)
        except Exception as exc:
            log.warning("worker heartbeat failed: %s", exc)
        await asyncio.sleep(settings.job_heartbeat_s)


async def reap_jobs(ctx: dict[str, Any]) -> int:
    """Fail jobs whose worker died and remove the partial indices such crashes leave."""
    settings: Settings = ctx["settings"]
    engine: Engine = ctx["engine"]
    return await asyncio.to_thread(_reap, settings, engine, ctx["es"])


def _reap(settings: Settings, engine: Engine, es: Elasticsearch) -> int:
    """Mark dead jobs failed; prune leftover indices unless a rebuild is running right now."""
    with Session(engine, expire_on_commit=False) as db:
        reaped = reap_stale_jobs(
            db,
            stale_after_s=settings.job_stale_after_s,
            queued_after_s=settings.job_queued_timeout_s,
        )
    for job in reaped:
        log.warning("job %s (%s) failed: %s", job.id, job.kind, job.error)
        observe_job(job.kind, JobStatus.FAILED.value, None)
    try:
        with rebuild_lock(engine):  # a live rebuild's partial index is not a leftover
            pruned = versions.prune(es, settings.products_alias, settings.keep_index_versions)
    except RebuildInProgress:
        pruned = []
    for name in pruned:
        log.warning("removed leftover index %s", name)
    return len(reaped)


def cron_jobs(settings: Settings) -> list[CronJob]:
    """Return the periodic jobs, as configured."""
    jobs = [
        # Mail the API could not hand to SMTP at once (a no-op without SMTP).
        cron(deliver_mail, second=0, run_at_startup=True),
        # Jobs whose worker died: failed, their leftovers removed.
        cron(reap_jobs, second={5, 20, 35, 50}),
        # Behavioural signals (popularity, trending, CTR, co-occurrence) into Redis.
        cron(
            scheduled_signals,
            minute=set(range(0, 60, settings.signals_every_minutes)),
            second=30,
            run_at_startup=True,
        ),
    ]
    # Shopper segments (KMeans over profiles) for ranking features and reports.
    jobs.append(cron(scheduled_segments, minute=41, second=0))
    # Merchandising suggestions (zero-result, low-CTR, reformulations) for the inbox.
    jobs.append(cron(find_suggestions, minute=23, second=0))
    # Daily analytics rollups, kept fresh through the day; raw events past retention, nightly.
    jobs.append(cron(scheduled_rollup, minute=13, second=0))
    # Today alone, every few minutes: the dashboard shows today's searches within minutes.
    jobs.append(
        cron(
            scheduled_today_rollup,
            minute=set(range(0, 60, settings.rollup_today_every_minutes)),
            second=45,
            run_at_startup=True,
        )
    )
    jobs.append(cron(scheduled_retention, hour=4, minute=29, second=0))
    # Retraining when enough has changed (a no-op otherwise); never blocks search.
    jobs.append(cron(maybe_retrain, minute={7, 37}, second=0))
    if settings.verify_cron_hour is not None:
        jobs.append(cron(nightly_verify, hour=settings.verify_cron_hour, minute=17, second=0))
    return jobs


async def nightly_verify(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Record and run the nightly parity check."""
    with Session(ctx["engine"]) as db:
        job_id = create_job(db, kind="verify", triggered_by="cron", params={}).id
    return await verify_index(ctx, job_id)


class WorkerSettings:
    """What `arq` runs: Aisle's jobs, cron and lifecycle hooks."""

    functions = (
        rebuild_index,
        verify_index,
        sync_outbox,
        signals_job,
        segments_job,
        rollup_job,
        retention_job,
        train_ranker,
        deliver_mail,
    )
    cron_jobs = cron_jobs(get_settings())
    on_startup = startup
    on_shutdown = shutdown
    on_job_start = job_started
    redis_settings = arq_redis_settings(get_settings())
    # A rebuild of a large catalog takes minutes; never run one twice by retrying.
    job_timeout = 3600
    max_tries = 1
    # Jobs are recorded in Postgres; arq need not keep results.
    keep_result = 60
