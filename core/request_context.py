"""The request id (and the job) a piece of work belongs to, carried in context variables.

The API sets the request id per request; a job queued by that request stores it, and the
worker sets it again (with the job's id and kind) while the job runs, so every log line of
both carries the id of the request that started them. Context variables follow the code into
`run_in_threadpool`, `asyncio.to_thread` and new tasks, which copy the context.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.metrics import RouteLabels

access_log = logging.getLogger("aisle.access")

REQUEST_ID_HEADER = "x-request-id"
# What a caller may send as its own request id: short and safe to log and echo.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id_var: ContextVar[str | None] = ContextVar("aisle_request_id", default=None)


@dataclass(frozen=True)
class JobContext:
    """The recorded job a log line belongs to."""

    job_id: int
    kind: str


job_var: ContextVar[JobContext | None] = ContextVar("aisle_job", default=None)


def current_request_id() -> str | None:
    """Return the id of the request (or of the request that queued the job) being served."""
    return request_id_var.get()


def current_job() -> JobContext | None:
    """Return the job being run, if any."""
    return job_var.get()


def sane_request_id(value: str | None) -> str | None:
    """Return a caller's request id if it is short and plain enough to trust, else None."""
    if value and _SANE_REQUEST_ID.fullmatch(value):
        return value
    return None


def new_request_id() -> str:
    """Return a fresh request id."""
    return uuid.uuid4().hex


def bind_job(job_id: int, kind: str, request_id: str | None) -> None:
    """Mark the rest of the current task (an arq job's own task) as job `job_id`."""
    job_var.set(JobContext(job_id, kind))
    request_id_var.set(request_id)


@contextmanager
def job_context(job_id: int, kind: str, request_id: str | None) -> Iterator[None]:
    """Mark the block as job `job_id` of `kind`, started by request `request_id`."""
    job_token = job_var.set(JobContext(job_id, kind))
    request_token = request_id_var.set(request_id)
    try:
        yield
    finally:
        request_id_var.reset(request_token)
        job_var.reset(job_token)


class RequestIdMiddleware:
    """Give each request an id (the caller's if sane), echo it, and log one access line.

    The id is in `request_id_var` while the request runs (background tasks included) and in
    `request.state.request_id`.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.routes = RouteLabels()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request under its id, add the id to the response, then log it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_id(scope) or new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        header = (REQUEST_ID_HEADER.encode(), request_id.encode())
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        token = request_id_var.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._log(scope, status, time.perf_counter() - started)
            request_id_var.reset(token)

    def _log(self, scope: Scope, status: int, seconds: float) -> None:
        """Log one line for the request."""
        if not access_log.isEnabledFor(logging.INFO):
            return
        method, path = scope.get("method", ""), scope.get("path", "")
        duration_ms = round(seconds * 1000, 1)
        fields = {
            "method": method,
            "route": self.routes.label(scope),
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
        }
        access_log.info("%s %s %s %.1fms", method, path, status, duration_ms, extra=fields)


def _incoming_id(scope: Scope) -> str | None:
    """Return the caller's X-Request-ID if it sent a sane one."""
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            return sane_request_id(value.decode("latin-1"))
    return None
