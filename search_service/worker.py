"""The arq worker: background jobs on Redis, plus the continuous outbox sync."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from arq import cron
from arq.connections import RedisSettings

from accounts.tasks import deliver_mail
from core.clients import make_es
from core.db import make_engine
from core.settings import Settings, get_settings
from indexer.outbox import follow
from indexer.rebuild import rebuild

log = logging.getLogger(__name__)

SYNC_POLL_SECONDS = 0.25


async def startup(ctx: dict[str, Any]) -> None:
    """Open clients and start the outbox sync loop in a thread."""
    settings = get_settings()
    ctx["settings"] = settings
    ctx["engine"] = make_engine(settings, pool_size=4)
    ctx["es"] = make_es(settings, timeout=120)
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


async def shutdown(ctx: dict[str, Any]) -> None:
    """Stop the sync loop (it finishes its current batch) and close clients."""
    ctx["sync_stop"].set()
    await ctx["sync_task"]
    ctx["es"].close()
    ctx["engine"].dispose()


async def rebuild_index(ctx: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the products index and swap the alias (a job)."""
    settings: Settings = ctx["settings"]
    result = await asyncio.to_thread(
        rebuild,
        engine=ctx["engine"],
        es=ctx["es"],
        alias=settings.products_alias,
        keep=settings.keep_index_versions,
    )
    return {"index": result.index, "documents": result.documents, "seconds": result.seconds}


def arq_redis_settings(settings: Settings) -> RedisSettings:
    """Return arq's Redis settings from Aisle's."""
    return RedisSettings(
        host=settings.redis_host, port=settings.redis_port, database=settings.redis_db
    )


class WorkerSettings:
    """What `arq` runs: Aisle's jobs and lifecycle hooks."""

    functions = (rebuild_index, deliver_mail)
    # Every minute: mail the API could not hand to SMTP at once (a no-op without SMTP).
    cron_jobs = (cron(deliver_mail, second=0, run_at_startup=True),)
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = arq_redis_settings(get_settings())
    # A rebuild of a large catalog takes minutes; never run one twice by retrying.
    job_timeout = 3600
    max_tries = 1
