"""System health for admins: each service, the workers' heartbeats and the outbox lag."""

from __future__ import annotations

import json
import time
from typing import Any

from redis import Redis
from sqlalchemy.orm import Session

from core.schemas import ApiModel
from indexer.outbox import backlog
from retrieval.cache import CacheRead, RetrievalCache
from search_service.health import readiness
from search_service.runtime import SearchRuntime

WORKER_KEYS = "aisle:worker:heartbeat:*"


class WorkerRead(ApiModel):
    """One worker process that beat recently."""

    host: str
    pid: int
    last_seen_s: float


class SystemHealth(ApiModel):
    """What an admin checks first when something seems wrong."""

    services: dict[str, str]
    workers: list[WorkerRead]
    outbox_pending: int
    outbox_oldest_age_s: float | None
    retrieval_cache: CacheRead


def live_workers(redis: Redis[str]) -> list[WorkerRead]:
    """Return the workers whose heartbeat key has not expired."""
    workers = []
    now = time.time()
    for key in redis.scan_iter(match=WORKER_KEYS, count=100):
        raw = redis.get(key)
        if raw:
            beat: dict[str, Any] = json.loads(raw)
            workers.append(
                WorkerRead(
                    host=str(beat["host"]),
                    pid=int(beat["pid"]),
                    last_seen_s=round(max(0.0, now - float(beat["at"])), 1),
                )
            )
    return sorted(workers, key=lambda worker: (worker.host, worker.pid))


def system_health(state: SearchRuntime, db: Session) -> SystemHealth:
    """Probe each service, the workers and the outbox lag; what is down is reported, not raised."""
    services = readiness(state).services
    try:
        workers = live_workers(state.redis)
    except Exception:
        workers = []
    services["worker"] = "ok" if workers else "unavailable: no worker heartbeat"
    try:
        pending, age = backlog(db)
    except Exception:
        pending, age = 0, None
    return SystemHealth(
        services=services,
        workers=workers,
        outbox_pending=pending,
        outbox_oldest_age_s=age,
        retrieval_cache=cache_health(state.retrieval_cache),
    )


def cache_health(cache: RetrievalCache | None) -> CacheRead:
    """Return the cache's shared counters; zeros when Redis cannot say."""
    if cache is None:
        return CacheRead(enabled=False)
    try:
        return cache.stats()
    except Exception:
        return CacheRead(enabled=True)
