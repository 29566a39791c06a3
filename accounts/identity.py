"""Who is asking: an API token, a browser session, or an anonymous shopper."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fastapi import Request
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy.orm import Session, sessionmaker

from accounts.anonymous import read_cookie
from accounts.api_tokens import authenticate_api_token
from accounts.cookies import SESSION_COOKIE
from accounts.models import Role
from accounts.sessions import load_session
from core.errors import AisleError, UnauthorizedError
from core.settings import Settings

BEARER = "bearer "


def owner_key(user_id: int | None, anonymous_id: str | None) -> str:
    """Return the key under which a shopper's history and profile are kept."""
    return f"u:{user_id}" if user_id is not None else f"a:{anonymous_id}"


@dataclass(frozen=True)
class Identity:
    """The caller of one request."""

    anonymous_id: str
    user_id: int | None = None
    role: Role | None = None
    via: Literal["anonymous", "session", "token"] = "anonymous"
    session_id: str | None = None

    @property
    def signed_in(self) -> bool:
        """Say whether a user (not just an anonymous browser) is asking."""
        return self.user_id is not None

    @property
    def history_key(self) -> str:
        """Return the key under which this caller's history is kept."""
        return owner_key(self.user_id, self.anonymous_id)


def anonymous_id_of(request: Request) -> str:
    """Return the anonymous id the middleware assigned to this browser."""
    return str(request.state.anonymous_id)


def session_cookie_of(request: Request) -> str | None:
    """Return the raw session cookie, if the browser sent one."""
    return read_cookie(request.scope, SESSION_COOKIE)


def bearer_token_of(request: Request) -> str | None:
    """Return the API token from an `Authorization: Bearer` header, if present."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    if not header.lower().startswith(BEARER):
        raise UnauthorizedError(
            "the Authorization header must be 'Bearer <API token>'", loc=("header", "authorization")
        )
    return header[len(BEARER) :].strip()


def resolve_identity(request: Request) -> Identity:
    """Work out (once per request) who is asking; Redis being down raises, failing closed."""
    cached = getattr(request.state, "identity", None)
    if isinstance(cached, Identity):
        return cached
    identity = _resolve(request)
    request.state.identity = identity
    return identity


def identity_or_anonymous(request: Request) -> Identity:
    """Return who is asking, or just the anonymous browser if that cannot be worked out now.

    For recording what happened (served queries, history), where failing closed would only
    fail the shopper's search.
    """
    try:
        return resolve_identity(request)
    except (RedisError, AisleError):
        return Identity(anonymous_id_of(request))


def _resolve(request: Request) -> Identity:
    """Resolve the caller from a bearer token, else a session cookie, else anonymously."""
    anonymous_id = anonymous_id_of(request)
    token = bearer_token_of(request)
    if token is not None:
        factory: sessionmaker[Session] = request.app.state.session_factory
        with factory() as db:
            user = authenticate_api_token(db, token)
        if user is None:
            raise UnauthorizedError(
                "the API token is invalid, expired or revoked", loc=("header", "authorization")
            )
        return Identity(anonymous_id, user.id, Role(user.role), "token")
    session_id = session_cookie_of(request)
    if session_id:
        settings: Settings = request.app.state.settings
        redis: Redis[str] = request.app.state.redis
        data = load_session(
            redis, session_id, idle_s=settings.session_idle_s, max_age_s=settings.session_max_age_s
        )
        if data is not None:
            return Identity(anonymous_id, data.user_id, Role(data.role), "session", session_id)
    return Identity(anonymous_id)
