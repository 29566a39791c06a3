"""Elasticsearch and Redis clients built from settings."""

from __future__ import annotations

from elasticsearch import Elasticsearch
from redis import Redis

from core.settings import Settings


def make_es(settings: Settings, *, timeout: float | None = None, retries: int = 2) -> Elasticsearch:
    """Create an Elasticsearch client that retries connection errors and overloaded nodes."""
    return Elasticsearch(
        settings.es_url,
        request_timeout=timeout or settings.es_timeout_s,
        max_retries=retries,
        retry_on_timeout=True,
        retry_on_status=(502, 503, 504),
    )


def make_redis(settings: Settings) -> Redis[str]:
    """Create a Redis client with short timeouts so a dead Redis fails fast."""
    return Redis.from_url(
        settings.redis_url,
        socket_timeout=2,
        socket_connect_timeout=2,
        decode_responses=True,
    )
