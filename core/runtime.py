"""The clients every process needs (settings, database, Elasticsearch, Redis), built and closed
together: the API's serving runtime builds on them, and so do the worker and CLI commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from elasticsearch import Elasticsearch
from redis import Redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.clients import make_es, make_redis
from core.db import make_engine, make_session_factory
from core.settings import Settings


@dataclass(frozen=True)
class Runtime:
    """Clients a process needs, closed together."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    es: Elasticsearch
    redis: Redis[str]

    def close(self) -> None:
        """Close every client."""
        self.es.close()
        self.redis.close()
        self.engine.dispose()


def make_runtime(
    settings: Settings,
    *,
    pool_size: int = 10,
    es_timeout: float | None = None,
    es_retries: int = 2,
) -> Runtime:
    """Open the database engine, ES client and Redis client (connections open lazily)."""
    engine = make_engine(settings, pool_size=pool_size)
    es = make_es(settings, timeout=es_timeout, retries=es_retries)
    return Runtime(settings, engine, make_session_factory(engine), es, make_redis(settings))


@contextmanager
def open_runtime(settings: Settings, *, es_timeout: float | None = None) -> Iterator[Runtime]:
    """Open the clients a command needs, and close them at the end."""
    runtime = make_runtime(settings, pool_size=4, es_timeout=es_timeout)
    try:
        yield runtime
    finally:
        runtime.close()
