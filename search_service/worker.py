"""The arq worker: background jobs on Redis, plus the continuous outbox sync."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from arq.connections import RedisSettings
from elasticsearch import Elasticsearch
from sqlalchemy.engine import Engine

from core.clients import make_es
from core.db import make_engine
from core.settings import Settings, get_settings
from indexer.outbox import sync_until_empty
from indexer.rebuild import rebuild

log = logging.getLogger(__name__)

SYNC_POLL_SECONDS = 0.25


async def startup(ctx: dict[str, Any]) -> None:
    """Open clients and start the outbox sync loop."""
    settings = get_settings()
    ctx["settings"] = settings
    ctx["engine"] = make_engine(settings, pool_size=4)
    ctx["es"] = make_es(settings, timeout=120)
    ctx["sync_task"] = asyncio.create_task(_sync_forever(ctx["engine"], ctx["es"], settings))


async def shutdown(ctx: dict[str, Any]) -> None:
    """Stop the sync loop and close clients."""
    ctx["sync_task"].cancel()
    ctx["es"].close()
    ctx["engine"].dispose()


async def _sync_forever(engine: Engine, es: Elasticsearch, settings: Settings) -> None:
    """Apply outbox changes every fraction of a second; back off while a service is down."""
    backoff = SYNC_POLL_SECONDS
    while True:
        try:
            result = await asyncio.to_thread(
                sync_until_empty, engine=engine, es=es, alias=settings.products_alias
            )
            backoff = SYNC_POLL_SECONDS
            if result.claimed:
                log.info("outbox sync applied %s changes", result.applied)
        except Exception as exc:  # a dead ES or PG must not kill the loop
            log.warning("outbox sync failed, retrying in %.1fs: %s", backoff, exc)
            backoff = min(backoff * 2, 10.0)
        await asyncio.sleep(backoff)


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

    functions = (rebuild_index,)
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = arq_redis_settings(get_settings())
    # A rebuild of a large catalog takes minutes; never run one twice by retrying.
    job_timeout = 3600
    max_tries = 1
