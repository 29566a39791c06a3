"""Fixed-window rate limits and sign-in lockouts, counted in Redis so every API process agrees."""

from __future__ import annotations

from redis import Redis

from accounts.secrets import digest
from core.errors import TooManyRequestsError

LIMIT_KEY = "aisle:ratelimit:{}:{}"
FAILURES_KEY = "aisle:signin-failures:{}"


def subject_key(kind: str, subject: str) -> str:
    """Return a Redis key for a subject (an IP or an email) without storing it in clear."""
    return LIMIT_KEY.format(kind, digest(subject.lower())[:32])


def enforce(redis: Redis[str], *, kind: str, subject: str, limit: int, window_s: int) -> None:
    """Count one request; raise 429 (with Retry-After) once the window's limit is exceeded."""
    key = subject_key(kind, subject)
    pipe = redis.pipeline()
    pipe.incr(key)
    pipe.expire(key, window_s, nx=True)
    pipe.ttl(key)
    count, _, ttl = pipe.execute()
    if int(count) > limit:
        raise TooManyRequestsError(
            f"too many {kind.replace('-', ' ')} requests (the limit is {limit} per {window_s} s); "
            f"try again in {max(ttl, 1)} s",
            retry_after_s=int(ttl),
        )


def check_lockout(redis: Redis[str], email: str, *, failures: int) -> None:
    """Refuse sign-in to an account that failed too often recently, whatever the password."""
    key = FAILURES_KEY.format(digest(email.lower())[:32])
    pipe = redis.pipeline()
    pipe.get(key)
    pipe.ttl(key)
    count, ttl = pipe.execute()
    if count is not None and int(count) >= failures:
        raise TooManyRequestsError(
            f"too many failed sign-ins for this account; try again in {max(ttl, 1)} s "
            "or reset your password",
            retry_after_s=int(ttl),
        )


def record_failure(redis: Redis[str], email: str, *, lockout_s: int) -> None:
    """Count a failed sign-in; the count (and so a lockout) lapses `lockout_s` after the last."""
    key = FAILURES_KEY.format(digest(email.lower())[:32])
    pipe = redis.pipeline()
    pipe.incr(key)
    pipe.expire(key, lockout_s)
    pipe.execute()


def clear_failures(redis: Redis[str], email: str) -> None:
    """Forget failed sign-ins after a successful one or a password reset."""
    redis.delete(FAILURES_KEY.format(digest(email.lower())[:32]))
