"""The arq worker against the real Redis, Postgres and Elasticsearch."""

from __future__ import annotations

import asyncio
from typing import Any

from arq import ArqRedis, create_pool
from arq.worker import Worker
from elasticsearch import Elasticsearch
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalog.generator import generate_products
from catalog.models import Product
from catalog.service import import_products, update_product
from core.jobs import Job, create_job
from core.queue import arq_redis_settings
from core.settings import Settings
from indexer import versions
from search_service.worker import WorkerSettings

QUEUE = "aisle-test:queue"


def make_worker(pool: ArqRedis) -> Worker:
    return Worker(
        functions=WorkerSettings.functions,
        on_startup=WorkerSettings.on_startup,
        on_shutdown=WorkerSettings.on_shutdown,
        redis_pool=pool,
        queue_name=QUEUE,
        burst=True,
        handle_signals=False,
        poll_delay=0.1,
    )


async def test_rebuild_job_and_continuous_sync(
    empty_catalog: Engine,
    session_factory: sessionmaker[Session],
    es: Elasticsearch,
    settings: Settings,
) -> None:
    import_products(generate_products(40, 9), session_factory=session_factory)
    pool = await create_pool(arq_redis_settings(settings), default_queue_name=QUEUE)
    with session_factory() as db:
        record = create_job(db, kind="rebuild", triggered_by="test", params={})
    job = await pool.enqueue_job("rebuild_index", record.id)
    assert job is not None
    worker = make_worker(pool)
    try:
        await worker.main()
    finally:
        await worker.close()
    result: dict[str, Any] = await job.result(timeout=5)
    assert result["documents"] == 40
    assert versions.live_index(es, settings.products_alias) == result["index"]
    with session_factory() as db:
        done = db.get(Job, record.id)
        assert done is not None and done.status == "succeeded" and done.result == result
        assert done.done == 40 and done.total == 40 and done.started_at and done.finished_at

    # The worker's startup hook runs the outbox sync loop; an edit reaches ES on its own.
    ctx: dict[str, Any] = {}
    await WorkerSettings.on_startup(ctx)
    try:
        with session_factory.begin() as session:
            pid = session.scalar(select(func.min(Product.id)))
            assert pid is not None
            update_product(session, pid, {"title": "Synced by the worker"})
        for _ in range(50):
            doc = es.get(index=settings.products_alias, id=str(pid))
            if doc["_source"]["title"] == "Synced by the worker":
                break
            await asyncio.sleep(0.1)
        assert doc["_source"]["title"] == "Synced by the worker"
    finally:
        await WorkerSettings.on_shutdown(ctx)
        await pool.aclose(close_connection_pool=True)
