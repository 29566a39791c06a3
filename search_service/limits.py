"""Hostile-input limits: request body and URL sizes, and text no backend can store.

The size checks are a pure ASGI middleware, so an oversized body is refused before any of it
is buffered: up front by `Content-Length`, and for chunked bodies by counting the bytes as the
app reads them. NUL characters (Postgres cannot store them in text) and lone surrogates (UTF-8
cannot encode them) are refused in the path and query by an app-wide dependency, which knows
the parameters' names; in JSON bodies by `search_service.json_guard`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import HTTPException, Request, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.errors import InvalidInputError
from core.settings import Settings

# Routes that legitimately take big bodies get `max_large_body_bytes`: a synonym file put
# into the draft as one set (up to 5,000,000 characters), and a batch of up to 500 events.
LARGE_BODY_ROUTES = (
    ("PUT", re.compile(r"^/api/merch/draft/synonym-sets/[^/]+$")),
    ("POST", re.compile(r"^/api/events/batch$")),
)
NUL_MESSAGE = "text may not contain NUL characters (U+0000); they cannot be stored"
# Half of a UTF-16 pair on its own: JSON's "\\ud800" decodes to one, and UTF-8 cannot encode it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def error(loc: list[str | int], msg: str, kind: str) -> dict[str, Any]:
    """Return the app's error body (search_service.errors.error_body, without importing it)."""
    return {"detail": [{"loc": loc, "msg": msg, "type": kind}]}


class BodyTooLargeError(HTTPException):
    """A body outgrew its limit while being read (an HTTPException so FastAPI passes it on)."""

    def __init__(self, limit: int) -> None:
        detail = error(["body"], too_large_message(limit), "body_too_large")["detail"]
        super().__init__(status_code=status.HTTP_413_CONTENT_TOO_LARGE, detail=detail)


def too_large_message(limit: int) -> str:
    """Name the limit a body went over."""
    return f"the request body is larger than this route's limit of {limit} bytes"


class RequestLimitsMiddleware:
    """Refuse over-long URLs (414) and bodies over their route's limit (413), as JSON."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.max_url_bytes = settings.max_url_bytes
        self.max_body_bytes = settings.max_body_bytes
        self.max_large_body_bytes = settings.max_large_body_bytes

    def body_limit(self, method: str, path: str) -> int:
        """Return the body limit of a route."""
        for route_method, pattern in LARGE_BODY_ROUTES:
            if method == route_method and pattern.match(path):
                return self.max_large_body_bytes
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the URL and declared length, then count the body as the app reads it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url_bytes = len(scope.get("raw_path") or scope["path"].encode()) + len(
            scope.get("query_string", b"")
        )
        if url_bytes > self.max_url_bytes:
            msg = f"the URL is {url_bytes} bytes long; the limit is {self.max_url_bytes}"
            await answer_json(
                send, status.HTTP_414_URI_TOO_LONG, error(["url"], msg, "url_too_long")
            )
            return
        limit = self.body_limit(scope["method"], scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            body = error(["body"], too_large_message(limit), "body_too_large")
            await answer_json(send, status.HTTP_413_CONTENT_TOO_LARGE, body)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLargeError:
            # Reached here only if nothing on the way (FastAPI's handler) answered it.
            if started:
                raise
            body = error(["body"], too_large_message(limit), "body_too_large")
            await answer_json(send, status.HTTP_413_CONTENT_TOO_LARGE, body)


def _content_length(scope: Scope) -> int | None:
    """Return the declared Content-Length, if any (the server has checked it is a number)."""
    for name, value in scope.get("headers", []):
        if name == b"content-length" and value.strip().isdigit():
            return int(value)
    return None


async def answer_json(
    send: Send, status_code: int, body: dict[str, Any], *, close: bool = True
) -> None:
    """Send a complete JSON answer; close the connection unless the body was read whole."""
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    if close:  # unread body bytes would be taken for the next request
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status_code, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def refuse_unstorable_params(request: Request) -> None:
    """Refuse a NUL character or lone surrogate in the path or query, naming where."""
    for name, value in request.path_params.items():
        if problem := unstorable_problem(["path", name], str(value)):
            raise _as_error(problem)
    for name, value in request.query_params.multi_items():
        for text in (name, value):
            if problem := unstorable_problem(["query", printable(name)], text):
                raise _as_error(problem)


def unstorable_problem(loc: list[str | int], text: str) -> dict[str, Any] | None:
    """Return the error of text no backend can store (a NUL, a lone surrogate), else None."""
    loc = [printable(part) if isinstance(part, str) else part for part in loc]
    if "\x00" in text:
        return error(loc, NUL_MESSAGE, "value_error")
    if found := LONE_SURROGATE.search(text):
        msg = (
            f"text holds a lone surrogate (U+{ord(found.group()):04X}), which is not a "
            "character; send valid Unicode"
        )
        return error(loc, msg, "invalid_unicode")
    return None


def printable(text: str) -> str:
    """Return text with NULs and lone surrogates escaped, so an error can echo it."""
    return text.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")


def _as_error(problem: dict[str, Any]) -> InvalidInputError:
    """Return an unstorable-text error body as the exception the app's handler answers."""
    item = problem["detail"][0]
    found = InvalidInputError(item["msg"], loc=tuple(item["loc"]))
    found.error_type = item["type"]
    return found
