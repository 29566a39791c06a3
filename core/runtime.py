"""Short-lived clients for CLI commands and workers (the API builds its own in its lifespan)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from elasticsearch import Elasticsearch
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.clients import make_es
from core.db import make_engine, make_session_factory
from core.settings import Settings


@dataclass(frozen=True)
class Runtime:
    """Clients a command needs, closed together."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    es: Elasticsearch


@contextmanager
def open_runtime(settings: Settings, *, es_timeout: float | None = None) -> Iterator[Runtime]:
    """Open the database engine and ES client, and close them at the end."""
    engine = make_engine(settings, pool_size=4)
    es = make_es(settings, timeout=es_timeout)
    try:
        yield Runtime(settings, engine, make_session_factory(engine), es)
    finally:
        es.close()
        engine.dispose()
