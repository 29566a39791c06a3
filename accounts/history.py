"""A shopper's recent searches and recently viewed products, kept in Redis per identity.

History is a convenience, never a reason to fail a search: routes record it after answering,
with `remember`, which never raises.
"""

from __future__ import annotations

import logging

from fastapi import Request
from redis import Redis
from redis.exceptions import RedisError

from accounts.identity import identity_or_anonymous

log = logging.getLogger(__name__)

SEARCHES_KEY = "aisle:history:{}:searches"
VIEWED_KEY = "aisle:history:{}:viewed"
KEEP = 20
TTL_S = 90 * 24 * 3600


def _push(redis: Redis[str], key: str, value: str) -> None:
    """Put a value first in a bounded, de-duplicated list."""
    pipe = redis.pipeline()
    pipe.lrem(key, 0, value)
    pipe.lpush(key, value)
    pipe.ltrim(key, 0, KEEP - 1)
    pipe.expire(key, TTL_S)
    pipe.execute()


def remember(request: Request, *, search: str = "", viewed: int = 0) -> None:
    """Remember a search or a product view for whoever asked; failures are logged, not raised."""
    try:
        owner = identity_or_anonymous(request).history_key
        redis: Redis[str] = request.app.state.redis
        if search:
            _push(redis, SEARCHES_KEY.format(owner), search)
        if viewed:
            _push(redis, VIEWED_KEY.format(owner), str(viewed))
    except RedisError as exc:
        log.warning("could not record history: %s", exc)


def read_history(redis: Redis[str], owner: str) -> tuple[list[str], list[int]]:
    """Return recent searches and recently viewed product ids, most recent first."""
    pipe = redis.pipeline()
    pipe.lrange(SEARCHES_KEY.format(owner), 0, KEEP - 1)
    pipe.lrange(VIEWED_KEY.format(owner), 0, KEEP - 1)
    searches, viewed = pipe.execute()
    return list(searches), [int(product_id) for product_id in viewed]


def merge_history(redis: Redis[str], *, source: str, target: str) -> None:
    """Fold an anonymous browser's history into the account's (its items count as newer)."""
    for key in (SEARCHES_KEY, VIEWED_KEY):
        for value in reversed(redis.lrange(key.format(source), 0, KEEP - 1)):
            _push(redis, key.format(target), value)
        redis.delete(key.format(source))


def erase_history(redis: Redis[str], owner: str) -> None:
    """Forget an owner's history entirely."""
    redis.delete(SEARCHES_KEY.format(owner), VIEWED_KEY.format(owner))
