"""Hostile-input limits: request body and URL sizes, and NUL characters in any input.

The size checks are a pure ASGI middleware, so an oversized body is refused before any of it
is buffered: up front by `Content-Length`, and for chunked bodies by counting the bytes as the
app reads them. NUL characters are refused by an app-wide dependency, because Postgres cannot
store them in text and a route would otherwise fail on them deep inside a query.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
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
# An escaped NUL in JSON text: `\u0000` after an even number of backslashes (an odd number
# would make the backslash before `u` a literal one).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _error(loc: list[str | int], msg: str, kind: str) -> dict[str, Any]:
    """Return the app's error body (search_service.errors.error_body, without importing it)."""
    return {"detail": [{"loc": loc, "msg": msg, "type": kind}]}


class BodyTooLargeError(HTTPException):
    """A body outgrew its limit while being read (an HTTPException so FastAPI passes it on)."""

    def __init__(self, limit: int) -> None:
        detail = _error(["body"], too_large_message(limit), "body_too_large")["detail"]
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
            await _answer(send, status.HTTP_414_URI_TOO_LONG, _error(["url"], msg, "url_too_long"))
            return
        limit = self.body_limit(scope["method"], scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            body = _error(["body"], too_large_message(limit), "body_too_large")
            await _answer(send, status.HTTP_413_CONTENT_TOO_LARGE, body)
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
            body = _error(["body"], too_large_message(limit), "body_too_large")
            await _answer(send, status.HTTP_413_CONTENT_TOO_LARGE, body)


def _content_length(scope: Scope) -> int | None:
    """Return the declared Content-Length, if any (the server has checked it is a number)."""
    for name, value in scope.get("headers", []):
        if name == b"content-length" and value.strip().isdigit():
            return int(value)
    return None


async def _answer(send: Send, status_code: int, body: dict[str, Any]) -> None:
    """Send a complete JSON answer and close the connection (the body was not read)."""
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status_code, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def refuse_nul_characters(request: Request) -> None:
    """Refuse a NUL character (U+0000) anywhere in the path, query or JSON body, naming where."""
    for name, value in request.path_params.items():
        if "\x00" in str(value):
            raise _nul_error(("path", name))
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise _nul_error(("query", name.replace("\x00", "\\x00")))
    if request.method in ("GET", "HEAD", "DELETE", "OPTIONS"):
        return
    if "json" not in request.headers.get("content-type", ""):
        return
    body = await request.body()  # cached: the route's own parsing reads the same bytes
    if b"\x00" in body or JSON_NUL.search(body):
        raise _nul_error(("body", *_nul_location(body)))


def _nul_error(loc: tuple[str | int, ...]) -> InvalidInputError:
    """Return the error naming where a NUL character was sent."""
    return InvalidInputError(
        "text may not contain NUL characters (U+0000); they cannot be stored", loc=loc
    )


def _nul_location(body: bytes) -> tuple[str | int, ...]:
    """Return the path in a JSON body to the first string holding a NUL, if it parses."""
    try:
        document = json.loads(body)
    except ValueError:
        return ()
    return next(_nul_paths(document), ())


def _nul_paths(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Yield the paths of the keys and strings holding a NUL, depth first."""
    if isinstance(value, str) and "\x00" in value:
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                yield (*path, key.replace("\x00", "\\x00"))
            yield from _nul_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, (*path, index))
