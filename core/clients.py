"""Elasticsearch and Redis clients built from settings."""

from __future__ import annotations

from elasticsearch import Elasticsearch
from redis import Redis

from core.settings import Settings


def make_es(settings: Settings, *, timeout: float | None = None) -> Elasticsearch:
    """Create an Elasticsearch client that retries transient connection errors."""
    return Elasticsearch(
        settings.es_url,
        request_timeout=timeout or settings.es_timeout_s,
        max_retries=2,
        retry_on_timeout=True,
    )


def make_redis(settings: Settings) -> Redis[str]:
    """Create a Redis client with short timeouts so a dead Redis fails fast."""
    return Redis.from_url(
        settings.redis_url,
        socket_timeout=2,
        socket_connect_timeout=2,
        decode_responses=True,
    )
