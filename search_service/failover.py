"""Fail over from Elasticsearch to the degraded Postgres search, and back by itself."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from elasticsearch import ApiError, TransportError

T = TypeVar("T")
log = logging.getLogger(__name__)

# After a failure, searches skip Elasticsearch this long before one tries it again, so an
# outage costs one failed call per cool-down rather than one per search.
COOLDOWN_S = 2.0


def es_unavailable(exc: Exception) -> bool:
    """Say whether an Elasticsearch error means it cannot answer (rather than a bad request)."""
    if isinstance(exc, TransportError):  # refused, reset, timed out
        return True
    return isinstance(exc, ApiError) and (exc.status_code in (404, 429) or exc.status_code >= 500)


class Failover:
    """Serve from Elasticsearch; while it fails, from the fallback; retry after a cool-down."""

    def __init__(self, cooldown_s: float = COOLDOWN_S) -> None:
        self.cooldown_s = cooldown_s
        self._skip_until = 0.0
        self._lock = threading.Lock()

    @property
    def tripped(self) -> bool:
        """Say whether searches currently go straight to the fallback."""
        return time.monotonic() < self._skip_until

    def run(self, primary: Callable[[], T], fallback: Callable[[], T]) -> T:
        """Return the primary's answer, or the fallback's when Elasticsearch cannot answer.

        When the fallback fails too, the Elasticsearch error is raised (a 503 names it).
        """
        if self.tripped:
            return fallback()
        try:
            response = primary()
        except (ApiError, TransportError) as exc:
            if not es_unavailable(exc):
                raise
            with self._lock:
                self._skip_until = time.monotonic() + self.cooldown_s
            log.warning("elasticsearch unavailable, serving from Postgres: %s", exc)
            try:
                return fallback()
            except Exception as fallback_error:
                raise exc from fallback_error
        return response
