"""ASGI middleware that gives every browser a stable anonymous id before it signs in."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accounts.cookies import ANONYMOUS_COOKIE, ANONYMOUS_ID, anonymous_cookie_header
from accounts.secrets import new_secret
from core.settings import Settings


def read_cookie(scope: Scope, name: str) -> str | None:
    """Return one cookie of the request, if sent."""
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:
                return None
            if name in cookie:
                return cookie[name].value
    return None


class AnonymousIdMiddleware:
    """Put the browser's anonymous id in `request.state.anonymous_id`, issuing one if needed."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read or mint the id; on a new one add its cookie to the response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        current = read_cookie(scope, ANONYMOUS_COOKIE)
        fresh = current is None or not ANONYMOUS_ID.match(current)
        anonymous_id = new_secret(16) if fresh or current is None else current
        scope.setdefault("state", {})["anonymous_id"] = anonymous_id

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append("set-cookie", anonymous_cookie_header(self.settings, anonymous_id))
            await send(message)

        await self.app(scope, receive, send_with_cookie)
