"""Retry Elasticsearch calls that fail for passing reasons, waiting longer each time."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from elasticsearch import ApiError, ConnectionError, ConnectionTimeout

log = logging.getLogger(__name__)

T = TypeVar("T")
# Overloaded or restarting nodes answer these; they are worth another try.
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})


def is_transient(exc: BaseException) -> bool:
    """Say whether an ES error is likely to pass (a timeout, a refused connection, an overload)."""
    if isinstance(exc, (ConnectionError, ConnectionTimeout)):
        return True
    return isinstance(exc, ApiError) and exc.meta.status in TRANSIENT_STATUSES


def with_backoff(
    call: Callable[[], T],
    *,
    attempts: int = 5,
    first_delay_s: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run `call`, retrying transient ES errors with exponential backoff (0.5 s, 1 s, 2 s, ...)."""
    delay = first_delay_s
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except Exception as exc:
            if attempt == attempts or not is_transient(exc):
                raise
            log.warning(
                "transient Elasticsearch error (attempt %d of %d): %s", attempt, attempts, exc
            )
            sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")
