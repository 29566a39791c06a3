"""Prometheus metrics every Aisle process records, and the ASGI middleware that times requests.

All metrics live in prometheus_client's default registry, so any module that defines its own
(a cache's hit and miss counters, say) shows up on /metrics without being wired in here.
Label values are always from small, fixed sets (route templates, not URLs; command names, not
keys), so the number of series stays bounded whatever callers send.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from fastapi.routing import iter_route_contexts
from prometheus_client import Counter, Histogram, disable_created_metrics
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The *_created series double the output and no dashboard of ours reads them.
disable_created_metrics()  # type: ignore[no-untyped-call]

# Search answers in tens of milliseconds; admin reports and rebuild triggers take seconds.
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# A Redis GET takes well under a millisecond; a bulk request or a report query, seconds.
BACKEND_BUCKETS = (
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    10.0,
)
# Jobs run from a second (a sync of few changes) to an hour (a large rebuild).
JOB_BUCKETS = (0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 1800.0, 3600.0, 7200.0)

HTTP_REQUEST_SECONDS = Histogram(
    "aisle_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template, method and status class.",
    ["route", "method", "status"],
    buckets=HTTP_BUCKETS,
)
HTTP_REQUESTS = Counter(
    "aisle_http_requests",
    "HTTP requests answered, by route template, method and status class.",
    ["route", "method", "status"],
)
BACKEND_CALL_SECONDS = Histogram(
    "aisle_backend_call_seconds",
    "Time of one call to a backing service, by backend and operation.",
    ["backend", "operation"],
    buckets=BACKEND_BUCKETS,
)
BACKEND_ERRORS = Counter(
    "aisle_backend_errors",
    "Calls to a backing service that failed (connection, timeout or server error).",
    ["backend", "operation"],
)
JOB_SECONDS = Histogram(
    "aisle_job_duration_seconds",
    "Run time of a recorded background job, by kind and final status.",
    ["kind", "status"],
    buckets=JOB_BUCKETS,
)
JOBS_FINISHED = Counter(
    "aisle_jobs_finished",
    "Recorded background jobs that ended, by kind and final status (this process).",
    ["kind", "status"],
)

UNMATCHED = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

_backend_children: dict[tuple[str, str], Any] = {}


def observe_backend(backend: str, operation: str, seconds: float, *, failed: bool) -> None:
    """Record one backend call (a few microseconds: the labelled child is cached)."""
    child = _backend_children.get((backend, operation))
    if child is None:
        child = _backend_children[(backend, operation)] = BACKEND_CALL_SECONDS.labels(
            backend, operation
        )
    child.observe(seconds)
    if failed:
        BACKEND_ERRORS.labels(backend, operation).inc()


def observe_job(kind: str, status: str, seconds: float | None) -> None:
    """Record how a recorded job ended and how long it ran (None: unknown, as for a reaped one)."""
    if seconds is not None:
        JOB_SECONDS.labels(kind, status).observe(seconds)
    JOBS_FINISHED.labels(kind, status).inc()


def status_class(status: int) -> str:
    """Return the status class ("2xx", "4xx", ...) of an HTTP status."""
    return f"{status // 100}xx"


class RouteLabels:
    """Turn the route a request matched into its full path template (router prefixes too).

    FastAPI puts the matched route in `scope["route"]`, but a route of an included router
    carries only its own path there; the app's route contexts know the full one.
    """

    def __init__(self) -> None:
        self._paths: dict[int, str] | None = None

    def label(self, scope: Scope) -> str:
        """Return the route template a request matched, or "unmatched"."""
        route = scope.get("route")
        if route is None:
            return UNMATCHED
        if self._paths is None:
            routes = getattr(scope.get("app"), "routes", None)
            self._paths = full_paths(routes) if routes is not None else {}
        path = self._paths.get(id(route)) or getattr(route, "path", None)
        return path if isinstance(path, str) and path else UNMATCHED


def full_paths(routes: Any) -> dict[int, str]:
    """Map each route object to its full path template (one route included twice: dropped)."""
    paths: dict[int, str] = {}
    ambiguous: set[int] = set()
    for context in iter_route_contexts(routes):
        key, path = id(context.original_route), context.path
        if not isinstance(path, str):
            continue
        if paths.get(key, path) != path:
            ambiguous.add(key)
        paths[key] = path
    for key in ambiguous:
        del paths[key]
    return paths


class MetricsMiddleware:
    """Time every HTTP request into the route-labelled histogram (a pure ASGI middleware)."""

    def __init__(self, app: ASGIApp, *, clock: Callable[[], float] = time.perf_counter) -> None:
        self.app = app
        self.clock = clock
        self.routes = RouteLabels()
        self._children: dict[tuple[str, str, str], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, then record its duration under its route, method and status."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = self.clock()
        status = 500  # what the client gets if the app raises before answering

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            self._observe(scope, status, self.clock() - started)

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        """Record one request."""
        method = scope.get("method", "GET")
        key = (
            self.routes.label(scope),
            method if method in _METHODS else "other",
            status_class(status),
        )
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (
                HTTP_REQUEST_SECONDS.labels(*key),
                HTTP_REQUESTS.labels(*key),
            )
        children[0].observe(seconds)
        children[1].inc()
