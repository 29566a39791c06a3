"""CSRF protection: a token bound to the browser's session (or anonymous id) by HMAC.

Every state-changing request that relies on cookies must echo the token in `X-CSRF-Token`;
a cross-site page can make the browser send the cookies but cannot read the token. Requests
authenticated by an API token carry no ambient credentials and need none.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Request
from fastapi.concurrency import run_in_threadpool

from accounts.identity import anonymous_id_of, bearer_token_of, resolve_identity, session_cookie_of
from accounts.secrets import keyed_digest, same_secret
from core.errors import ForbiddenError
from core.settings import Settings

CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfError(ForbiddenError):
    """A state-changing browser request without the right CSRF token."""

    error_type = "csrf_failed"


def csrf_token(settings: Settings, *, session_id: str | None, anonymous_id: str) -> str:
    """Return the CSRF token of a browser: bound to its session, or to its anonymous id."""
    binding = f"session:{session_id}" if session_id else f"anonymous:{anonymous_id}"
    return keyed_digest(settings.secret_key, f"csrf:{binding}")


async def csrf_protect(
    request: Request,
    x_csrf_token: Annotated[
        str | None,
        Header(
            description="Required on POST/PUT/PATCH/DELETE from a browser session: the "
            "csrf_token of GET /api/auth/session. Not needed with an API token."
        ),
    ] = None,
) -> None:
    """Refuse a cookie-authenticated, state-changing request whose CSRF token is wrong."""
    # Every request passes here: a safe one (most are GETs) returns on the event loop, and
    # only a state-changing one takes a thread (an API token is looked up in Postgres).
    if request.method in SAFE_METHODS:
        return
    await run_in_threadpool(_check_token, request, x_csrf_token)


def _check_token(request: Request, x_csrf_token: str | None) -> None:
    """Refuse the state-changing request unless its API token or CSRF token is right."""
    if bearer_token_of(request) is not None:
        resolve_identity(request)  # an invalid token is refused here, never treated as anonymous
        return
    given = x_csrf_token
    if not given:
        raise CsrfError(
            "missing CSRF token: send the X-CSRF-Token header (get it from GET /api/auth/session)",
            loc=("header", CSRF_HEADER),
        )
    settings: Settings = request.app.state.settings
    expected = csrf_token(
        settings, session_id=session_cookie_of(request), anonymous_id=anonymous_id_of(request)
    )
    if not same_secret(given, expected):
        raise CsrfError(
            "the CSRF token does not match this browser's session; reload and try again",
            loc=("header", CSRF_HEADER),
        )
