"""Request-scoped dependencies: clients made in the app lifespan, handed to routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from elasticsearch import Elasticsearch
from fastapi import Depends, Request
from redis import Redis
from sqlalchemy.orm import Session

from core.settings import Settings


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


def get_redis(request: Request) -> Redis[str]:
    """Return the shared Redis client."""
    redis: Redis[str] = request.app.state.redis
    return redis


AppSettings = Annotated[Settings, Depends(get_app_settings)]
DbSession = Annotated[Session, Depends(get_db)]
Es = Annotated[Elasticsearch, Depends(get_es)]
RedisClient = Annotated["Redis[str]", Depends(get_redis)]
