"""Browser sessions in Redis: an opaque id in a cookie, the session data keyed by its digest."""

from __future__ import annotations

import time
from dataclasses import dataclass

from redis import Redis

from accounts.secrets import digest, new_secret

SESSION_KEY = "aisle:session:{}"
USER_SESSIONS_KEY = "aisle:user-sessions:{}"


@dataclass(frozen=True)
class SessionData:
    """What a session knows: whose it is, with which role, and since when."""

    user_id: int
    role: str
    created_at: float


def create_session(redis: Redis[str], *, user_id: int, role: str, idle_s: int) -> str:
    """Store a new session and return its id (the cookie value); only its digest is a key."""
    session_id = new_secret()
    key = SESSION_KEY.format(digest(session_id))
    user_key = USER_SESSIONS_KEY.format(user_id)
    pipe = redis.pipeline()
    pipe.hset(key, mapping={"user_id": user_id, "role": role, "created_at": time.time()})
    pipe.expire(key, idle_s)
    pipe.sadd(user_key, key)
    pipe.expire(user_key, idle_s)
    pipe.execute()
    return session_id


def load_session(
    redis: Redis[str], session_id: str, *, idle_s: int, max_age_s: int
) -> SessionData | None:
    """Return a live session and extend its idle timeout, or None if it expired or never was."""
    key = SESSION_KEY.format(digest(session_id))
    fields = redis.hgetall(key)
    if not fields:
        return None
    data = SessionData(int(fields["user_id"]), fields["role"], float(fields["created_at"]))
    if time.time() - data.created_at > max_age_s:
        redis.delete(key)
        return None
    pipe = redis.pipeline()
    pipe.expire(key, idle_s)
    pipe.expire(USER_SESSIONS_KEY.format(data.user_id), idle_s, gt=True)
    pipe.execute()
    return data


def end_session(redis: Redis[str], session_id: str) -> None:
    """Delete one session."""
    key = SESSION_KEY.format(digest(session_id))
    user_id = redis.hget(key, "user_id")
    pipe = redis.pipeline()
    pipe.delete(key)
    if user_id is not None:
        pipe.srem(USER_SESSIONS_KEY.format(user_id), key)
    pipe.execute()


def end_user_sessions(redis: Redis[str], user_id: int, *, keep: str | None = None) -> int:
    """Delete every session of a user (except `keep`, a session id); return how many ended."""
    user_key = USER_SESSIONS_KEY.format(user_id)
    kept = SESSION_KEY.format(digest(keep)) if keep else None
    keys = [key for key in redis.smembers(user_key) if key != kept]
    if keys:
        pipe = redis.pipeline()
        pipe.delete(*keys)
        pipe.srem(user_key, *keys)
        pipe.execute()
    return len(keys)
