"""ASGI middleware that gives every browser a stable anonymous id before it signs in.

The id is issued by the server and signed with its secret (`<random>.<HMAC>`), so a shopper
cannot choose one (say, to land in the experiment arm they prefer) or take someone else's
made-up one: a cookie that is not a validly signed id is ignored and replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from http.cookies import SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accounts.cookies import ANONYMOUS_COOKIE, ANONYMOUS_ID, anonymous_cookie_header
from accounts.secrets import keyed_digest, new_secret, same_secret
from core.settings import Settings

# 128 bits of HMAC: forging one is out of reach, and the id fits the 64-character columns.
MAC_CHARS = 32


def _mac(secret_key: str, nonce: str) -> str:
    """Return the HMAC that vouches for an anonymous id's random part."""
    return keyed_digest(secret_key, f"anonymous-id:{nonce}")[:MAC_CHARS]


def new_anonymous_id(secret_key: str) -> str:
    """Issue a fresh anonymous id: 128 random bits and their HMAC under the server's secret."""
    nonce = new_secret(16)
    return f"{nonce}.{_mac(secret_key, nonce)}"


def verified_anonymous_id(secret_key: str, value: str | None) -> str | None:
    """Return `value` if it is an anonymous id this server issued, else None."""
    match = ANONYMOUS_ID.match(value) if value is not None else None
    if match is None:
        return None
    if not same_secret(match["mac"], _mac(secret_key, match["nonce"])):
        return None
    return value


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


def never(path: str) -> bool:
    """Cookie every path."""
    return False


class AnonymousIdMiddleware:
    """Put the browser's anonymous id in `request.state.anonymous_id`, issuing one if needed.

    Paths for which `cookieless(path)` is true still get an id, but their responses never
    carry the cookie: a response with Set-Cookie is one a shared cache (CDN) will not store,
    and static files and images are what such caches are for.
    """

    def __init__(
        self, app: ASGIApp, settings: Settings, cookieless: Callable[[str], bool] = never
    ) -> None:
        self.app = app
        self.settings = settings
        self.cookieless = cookieless

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read or mint the id; on a new one add its cookie to the response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = self.settings.secret_key
        current = verified_anonymous_id(key, read_cookie(scope, ANONYMOUS_COOKIE))
        fresh = current is None and not self.cookieless(scope.get("path", ""))
        anonymous_id = current if current is not None else new_anonymous_id(key)
        scope.setdefault("state", {})["anonymous_id"] = anonymous_id

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append("set-cookie", anonymous_cookie_header(self.settings, anonymous_id))
            await send(message)

        await self.app(scope, receive, send_with_cookie)
