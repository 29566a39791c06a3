"""The cookies Aisle sets: a session id, an anonymous shopper id, both HTTP-only."""

from __future__ import annotations

import re

from starlette.responses import Response

from core.settings import Settings

SESSION_COOKIE = "aisle_session"
ANONYMOUS_COOKIE = "aisle_anon"
ANONYMOUS_MAX_AGE_S = 365 * 24 * 3600
# What Aisle itself issues: a random part (token_urlsafe) and its HMAC under the server's
# secret (accounts.anonymous); anything else in the cookie, or a wrong HMAC, is replaced.
ANONYMOUS_ID = re.compile(r"^(?P<nonce>[A-Za-z0-9_-]{16,30})\.(?P<mac>[0-9a-f]{32})$")


def set_session_cookie(response: Response, settings: Settings, session_id: str) -> None:
    """Send the session cookie: HTTP-only, SameSite=Lax, Secure when configured."""
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    """Tell the browser to forget its session cookie."""
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=settings.cookie_secure, path="/"
    )


def set_anonymous_cookie(response: Response, settings: Settings, anonymous_id: str) -> None:
    """Give the browser a (new) anonymous id."""
    response.headers.append("set-cookie", anonymous_cookie_header(settings, anonymous_id))


def anonymous_cookie_header(settings: Settings, anonymous_id: str) -> str:
    """Return the Set-Cookie value that gives a browser its long-lived anonymous id."""
    parts = [
        f"{ANONYMOUS_COOKIE}={anonymous_id}",
        "Path=/",
        f"Max-Age={ANONYMOUS_MAX_AGE_S}",
        "HttpOnly",
        "SameSite=Lax",
    ]
    if settings.cookie_secure:
        parts.append("Secure")
    return "; ".join(parts)
