"""Fixed-window rate limits, counted in Redis so every API process agrees.

Failed sign-ins are slowed per account and per client by signin_throttle, not here.
"""

from __future__ import annotations

from redis import Redis

from accounts.secrets import digest
from core.errors import TooManyRequestsError

LIMIT_KEY = "aisle:ratelimit:{}:{}"


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
