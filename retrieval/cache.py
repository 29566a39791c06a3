"""A Redis cache of the retrieval stage: Elasticsearch's answer to one search request body.

The key is a hash of the request body (it holds the normalised words, the filters, the
synonyms and rules applied and the ranker's feature queries) together with the merch
version, the ranker and the version of the index's contents. Reranking and shopper
features run after the cache, so every shopper is still personalised on a hit.

Invalidation needs no messages: an alias swap (rebuild, rollback) or a synced product
change moves the index version (`retrieval.index_version`); publishing synonyms or rules changes the
merch version and promoting a model changes the ranker, both part of the key. Old entries
are simply never read again and expire after `ttl_s`.

A miss takes a short Redis lock so that, of many concurrent searches for the same cold key,
one asks Elasticsearch and the others wait for its answer (no stampede). The lock holds a
random token and only its holder frees it (compare and delete in one Lua call): a fetch that
outlives the lock must not free the lock another search has taken since. Redis trouble
never fails a search: the cache steps aside for a few seconds and searches go straight to
Elasticsearch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from prometheus_client import Counter
from pydantic import Field, computed_field
from redis import Redis
from redis.exceptions import RedisError

from core.refreshing import Current
from core.schemas import ApiModel
from core.settings import Settings

log = logging.getLogger(__name__)

KEY_PREFIX = "aisle:retrieval:"
STATS_KEY = "aisle:retrieval-stats"
LOCK_MS = 3000
# Delete the lock only if it still holds this holder's token (atomic: one script).
RELEASE_LOCK_LUA = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
WAIT_STEP_S = 0.01
# Redis failing: leave it alone this long before trying again.
BACKOFF_S = 5.0
# Per-process counts are added to the shared Redis totals at most this often.
FLUSH_EVERY_S = 5.0

LOOKUPS = Counter(
    "aisle_retrieval_cache_lookups",
    "Retrieval cache lookups by outcome (hit, miss, shared: waited for another's fetch, "
    "bypass: cache off or Redis unavailable)",
    ["outcome"],
)


class CacheRead(ApiModel):
    """The cache's lookups across all API processes since Redis was last emptied."""

    enabled: bool
    hits: int = 0
    misses: int = 0
    shared: int = Field(0, description="Waited for another search's fetch of the same answer")
    bypassed: int = Field(0, description="Went straight to Elasticsearch: Redis unavailable")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def hit_ratio(self) -> float | None:
        """Return (hits + shared) / lookups served, the share Elasticsearch was not asked."""
        served = self.hits + self.misses + self.shared
        return None if served == 0 else round((self.hits + self.shared) / served, 4)


@dataclass(frozen=True)
class CacheScope:
    """The cache, and what else the answers depend on: index contents, merch, ranker."""

    cache: RetrievalCache
    parts: dict[str, Any]


class RetrievalCache:
    """Elasticsearch search answers in Redis, keyed by request and index version."""

    def __init__(
        self, redis: Redis[bytes], *, ttl_s: int, wait_s: float = 1.0, lock_ms: int = LOCK_MS
    ) -> None:
        self.redis = redis
        self.ttl_s = ttl_s
        self.wait_s = wait_s
        self.lock_ms = lock_ms
        self._release = redis.register_script(RELEASE_LOCK_LUA)
        self._skip_until = 0.0
        self._lock = threading.Lock()
        self._unflushed: dict[str, int] = {}
        self._flushed_at = time.monotonic()

    def fetch(self, key_parts: dict[str, Any], ask: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Return the cached answer for these key parts, or `ask` Elasticsearch and keep it."""
        if time.monotonic() < self._skip_until:
            self._count("bypass")
            return ask()
        key = KEY_PREFIX + _digest(key_parts)
        try:
            cached = self.redis.get(key)
            if cached is not None:
                self._count("hit")
                return _decode(cached)
            token = secrets.token_hex(16).encode()
            if self.redis.set(key + ":lock", token, nx=True, px=self.lock_ms):
                return self._fill(key, token, ask)
            shared = self._wait_for(key)
        except RedisError as exc:
            self._step_aside(exc)
            self._count("bypass")
            return ask()
        if shared is not None:
            self._count("shared")
            return shared
        self._count("miss")
        return ask()  # the other fetch is slow or failed; do not wait longer

    def stats(self) -> CacheRead:
        """Return the shared totals of all API processes (this one's included)."""
        self._flush(force=True)
        raw = self.redis.hgetall(STATS_KEY)
        counts = {key.decode(): int(value) for key, value in raw.items()}
        return CacheRead(
            enabled=True,
            hits=counts.get("hit", 0),
            misses=counts.get("miss", 0),
            shared=counts.get("shared", 0),
            bypassed=counts.get("bypass", 0),
        )

    def _fill(self, key: str, token: bytes, ask: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Ask Elasticsearch as the lock holder, store the answer, free the lock if still ours."""
        self._count("miss")
        encoded = _encode(ask())
        try:
            self.redis.set(key, encoded, ex=self.ttl_s)
            self._release(keys=[key + ":lock"], args=[token])
        except RedisError as exc:
            self._step_aside(exc)  # the lock expires by itself
        return _decode(encoded)  # a fresh copy: callers may change what they get

    def _wait_for(self, key: str) -> dict[str, Any] | None:
        """Wait a little for the lock holder's answer."""
        deadline = time.monotonic() + self.wait_s
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP_S)
            cached = self.redis.get(key)
            if cached is not None:
                return _decode(cached)
        return None

    def _step_aside(self, exc: Exception) -> None:
        """Stop using Redis for a while after an error."""
        with self._lock:
            self._skip_until = time.monotonic() + BACKOFF_S
        log.warning("retrieval cache unavailable for %.0f s: %s", BACKOFF_S, exc)

    def _count(self, outcome: str) -> None:
        """Count one lookup here and, from time to time, in the shared totals."""
        LOOKUPS.labels(outcome).inc()
        with self._lock:
            self._unflushed[outcome] = self._unflushed.get(outcome, 0) + 1
        if time.monotonic() - self._flushed_at >= FLUSH_EVERY_S:
            self._flush(force=False)

    def _flush(self, *, force: bool) -> None:
        """Add this process's counts to the shared totals."""
        with self._lock:
            if not force and time.monotonic() - self._flushed_at < FLUSH_EVERY_S:
                return
            counts, self._unflushed = self._unflushed, {}
            self._flushed_at = time.monotonic()
        if not counts or time.monotonic() < self._skip_until:
            return
        try:
            with self.redis.pipeline(transaction=False) as pipe:
                for outcome, count in counts.items():
                    pipe.hincrby(STATS_KEY, outcome, count)
                pipe.execute()
        except RedisError:
            pass  # counts are a convenience; losing a few is fine


def make_retrieval_cache(settings: Settings) -> RetrievalCache | None:
    """Return the cache on its own Redis connection (bytes, quick timeouts), or None if off."""
    if settings.retrieval_cache_ttl_s == 0:
        return None
    # A cache must never be slower than what it saves: give up on Redis within 250 ms.
    redis = Redis.from_url(settings.redis_url, socket_timeout=0.25, socket_connect_timeout=0.25)
    return RetrievalCache(redis, ttl_s=settings.retrieval_cache_ttl_s)


def cache_scope(
    cache: RetrievalCache | None,
    index_version: Current[str | None],
    merch_version: int | None,
    ranked_by: str,
) -> CacheScope | None:
    """Return the cache and the versions a search's answers depend on (blocking, cheap)."""
    if cache is None:
        return None
    version = index_version.get()
    if version is None:
        return None
    return CacheScope(cache, {"index": version, "merch": merch_version, "ranker": ranked_by})


def _digest(parts: dict[str, Any]) -> str:
    """Return a stable hash of the key parts."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(canonical.encode(), digest_size=20).hexdigest()


def _encode(answer: dict[str, Any]) -> bytes:
    """Serialise and compress an answer (windows of 100 hits shrink about five-fold)."""
    return zlib.compress(json.dumps(answer, separators=(",", ":")).encode(), 1)


def _decode(raw: bytes) -> dict[str, Any]:
    """Inflate and parse a stored answer."""
    answer: dict[str, Any] = json.loads(zlib.decompress(raw))
    return answer
