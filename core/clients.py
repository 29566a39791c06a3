"""Elasticsearch and Redis clients built from settings, each call timed into the metrics."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

from elastic_transport import ApiResponse
from elasticsearch import ApiError, Elasticsearch
from redis import Redis
from redis.client import Pipeline

from core.metrics import observe_backend
from core.settings import Settings

# An ES API name: the first path segment that starts with "_" (index names cannot; document
# ids that follow an API segment can, which is why the first one counts, not the last).
_ES_API_SEGMENT = re.compile(r"_[a-z_]{1,40}")
# A Redis command name, as redis-py sends it ("GET", "CLIENT SETNAME" ...).
_REDIS_COMMAND = re.compile(r"[a-z_]{1,30}")


def es_operation(path: str) -> str:
    """Return a bounded label for an ES request path: "_search", "_bulk", ... or "other"."""
    for segment in path.split("?", 1)[0].split("/"):
        if segment.startswith("_"):
            return segment if _ES_API_SEGMENT.fullmatch(segment) else "other"
    return "other"


def _es_failed(exc: Exception) -> bool:
    """Tell a failed call (no answer, overload, server error) from an answered 4xx."""
    return not isinstance(exc, ApiError) or exc.status_code >= 500 or exc.status_code == 429


class InstrumentedElasticsearch(Elasticsearch):
    """An Elasticsearch client that times every request (namespaced APIs and `.options()`
    copies too: both go through `perform_request`, and `options` builds `type(self)`)."""

    def perform_request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any | None = None,
        endpoint_id: str | None = None,
        path_parts: Mapping[str, Any] | None = None,
    ) -> ApiResponse[Any]:
        """Send the request and record its duration under its API name."""
        started = time.perf_counter()
        failed = False
        try:
            return super().perform_request(
                method,
                path,
                params=params,
                headers=headers,
                body=body,
                endpoint_id=endpoint_id,
                path_parts=path_parts,
            )
        except Exception as exc:
            failed = _es_failed(exc)
            raise
        finally:
            observe_backend(
                "elasticsearch", es_operation(path), time.perf_counter() - started, failed=failed
            )


def redis_operation(args: tuple[Any, ...]) -> str:
    """Return a bounded label for a Redis command: its lowercased name, or "other"."""
    if not args:
        return "other"
    name = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
    name = name.split(" ", 1)[0].lower()
    return name if _REDIS_COMMAND.fullmatch(name) else "other"


class InstrumentedPipeline(Pipeline):  # type: ignore[type-arg]
    """A Redis pipeline whose round trip is timed as one "pipeline" call."""

    def execute(self, raise_on_error: bool = True) -> list[Any]:
        """Send the queued commands and record the round trip."""
        if not self.command_stack and not self.watching:
            return []  # nothing is sent
        started = time.perf_counter()
        failed = False
        try:
            return super().execute(raise_on_error)
        except Exception:
            failed = True
            raise
        finally:
            observe_backend("redis", "pipeline", time.perf_counter() - started, failed=failed)


class InstrumentedRedis(Redis):  # type: ignore[type-arg]
    """A Redis client that times every command, and pipelines as one call each."""

    def execute_command(self, *args: Any, **options: Any) -> Any:
        """Run one command and record its duration under its name."""
        started = time.perf_counter()
        failed = False
        try:
            return super().execute_command(*args, **options)
        except Exception:
            failed = True
            raise
        finally:
            observe_backend(
                "redis", redis_operation(args), time.perf_counter() - started, failed=failed
            )

    def pipeline(self, transaction: bool = True, shard_hint: Any = None) -> Pipeline:  # type: ignore[type-arg]
        """Return a pipeline whose execution is timed."""
        return InstrumentedPipeline(
            self.connection_pool, self.response_callbacks, transaction, shard_hint
        )


def make_es(settings: Settings, *, timeout: float | None = None, retries: int = 2) -> Elasticsearch:
    """Create an Elasticsearch client that retries connection errors and overloaded nodes."""
    return InstrumentedElasticsearch(
        settings.es_url,
        request_timeout=timeout or settings.es_timeout_s,
        max_retries=retries,
        retry_on_timeout=True,
        retry_on_status=(502, 503, 504),
    )


def make_redis(settings: Settings) -> Redis[str]:
    """Create a Redis client with short timeouts so a dead Redis fails fast."""
    client: Redis[str] = InstrumentedRedis.from_url(
        settings.redis_url,
        socket_timeout=2,
        socket_connect_timeout=2,
        decode_responses=True,
    )
    return client
