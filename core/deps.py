"""Request-scoped dependencies: clients made in the app lifespan, handed to routes by type."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Annotated

from arq import ArqRedis
from elasticsearch import Elasticsearch
from fastapi import Depends, Request
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy.orm import Session

from core.errors import ServiceUnavailableError
from core.queue import open_pool
from core.settings import Settings

# redis-py's Redis is generic only in its type stubs, and FastAPI evaluates annotations.
if TYPE_CHECKING:
    StrRedis = Redis[str]
else:
    StrRedis = Redis


def get_app_settings(request: Request) -> Settings:
    """Return the settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    """Yield a database session that is closed after the request."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.close()


def get_es(request: Request) -> Elasticsearch:
    """Return the shared Elasticsearch client."""
    es: Elasticsearch = request.app.state.es
    return es


def get_redis(request: Request) -> StrRedis:
    """Return the shared Redis client."""
    redis: StrRedis = request.app.state.redis
    return redis


AppSettings = Annotated[Settings, Depends(get_app_settings)]
DbSession = Annotated[Session, Depends(get_db)]
Es = Annotated[Elasticsearch, Depends(get_es)]
RedisClient = Annotated[StrRedis, Depends(get_redis)]


async def get_job_queue(request: Request) -> AsyncIterator[ArqRedis]:
    """Yield a connection to the arq queue for this request (jobs are submitted rarely)."""
    try:
        pool = await open_pool(request.app.state.settings)
    except (RedisError, OSError) as exc:
        raise ServiceUnavailableError(
            "the job queue (Redis) cannot be reached; try again shortly"
        ) from exc
    try:
        yield pool
    finally:
        await pool.aclose()  # type: ignore[attr-defined]  # missing from the stubs


JobQueue = Annotated[ArqRedis, Depends(get_job_queue)]
