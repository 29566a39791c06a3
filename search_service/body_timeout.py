"""A request body must arrive whole within body_timeout_s of the app's first read, else 408.

A deadline for the whole body, not a gap between reads: a client trickling one byte every few
seconds would pass any gap check while holding a request open for hours. The clock starts at
the first read, so a route that never reads its body costs nothing, and stops once the last
chunk is in (later reads only wait for a disconnect, which may take as long as a response).
"""

from __future__ import annotations

import asyncio

from fastapi import HTTPException, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_service.errors import error_body
from search_service.limits import answer_json

# The rest of a stalled body is never read, so its connection cannot be reused.
CLOSE = {"Connection": "close"}


def timeout_message(seconds: float) -> str:
    """Say how long the body had."""
    return f"the request body did not arrive within {seconds:g} seconds"


class BodyTimeoutError(HTTPException):
    """The body stalled (an HTTPException so FastAPI's handlers answer it in the app's shape)."""

    def __init__(self, seconds: float) -> None:
        detail = error_body(("body",), timeout_message(seconds), "body_timeout")["detail"]
        super().__init__(status.HTTP_408_REQUEST_TIMEOUT, detail=detail, headers=CLOSE)


class BodyTimeoutMiddleware:
    """Give each request's body body_timeout_s from the first read to the last chunk."""

    def __init__(self, app: ASGIApp, timeout_s: float) -> None:
        self.app = app
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request with a receive that gives up at the body's deadline."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        complete = False
        started = False

        async def timed_receive() -> Message:
            nonlocal deadline, complete
            if complete:
                return await receive()
            if deadline is None:
                deadline = loop.time() + self.timeout_s
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyTimeoutError(self.timeout_s) from None
            complete = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, timed_receive, watching_send)
        except BodyTimeoutError:
            # Reached only when nothing inside (FastAPI's handlers) answered it.
            if started:
                raise
            body = error_body(("body",), timeout_message(self.timeout_s), "body_timeout")
            await answer_json(send, status.HTTP_408_REQUEST_TIMEOUT, body)
