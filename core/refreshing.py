"""A value loaded by a function and reloaded when it is stale: the one reloading cache.

A `Refreshing[T]` holds the last value its loader returned. It is stale when it was never
loaded, when it is older than `ttl_s`, or when its token (a Redis key whose value changes on
every publish) differs from the token it was loaded at. While the token cannot be read, the
value counts as stale after `fallback_s` instead, so a process without Redis still notices
changes, only later.

Invariants:
- one thread reloads at a time; the others keep serving the current value (only the very
  first load is waited for, as there is nothing to serve before it);
- a loader that raises leaves the last good value serving (the error is logged) and is
  tried again on the next stale read;
- the loader gets the value it replaces and the token it loads for, so it can keep work
  that did not change.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

T = TypeVar("T")
K = TypeVar("K")
T_co = TypeVar("T_co", covariant=True)

Loader = Callable[[T, str | None], T]
TokenSource = Callable[[], str | None]


class Current(Protocol[T_co]):
    """Anything that returns the current value of something: a Refreshing, or a fixed fake."""

    def get(self) -> T_co:
        """Return the current value."""
        ...


class Fixed(Generic[T]):
    """A value that never changes (for tests and one-shot commands)."""

    def __init__(self, value: T) -> None:
        self.value = value

    def get(self) -> T:
        """Return the value."""
        return self.value


def redis_token(redis: Redis[str] | None, key: str, *, absent: str | None = None) -> TokenSource:
    """Return a token source reading one Redis key (`absent` when unset; None when unreadable)."""

    def read() -> str | None:
        if redis is None:
            return None
        found = redis.get(key)
        return absent if found is None else found

    return read


def announce_token(redis: Redis[str] | None, key: str, token: str, *, what: str) -> bool:
    """Write a new token so every process reloads on its next read (False, logged, if not)."""
    if redis is None:
        return False
    try:
        redis.set(key, token)
    except RedisError as exc:
        log.warning("%s not announced (processes notice it on their timer): %s", what, exc)
        return False
    return True


class Refreshing(Generic[T]):
    """A value reloaded when older than its time to live or when its token changes."""

    def __init__(
        self,
        load: Loader[T],
        initial: T,
        *,
        ttl_s: float | None = None,
        token: TokenSource | None = None,
        fallback_s: float | None = None,
        what: str = "value",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._initial = initial
        self.ttl_s = ttl_s
        self.fallback_s = ttl_s if fallback_s is None else fallback_s
        self._token = token
        self.what = what
        self._clock = clock
        self._lock = threading.Lock()
        self.value: T = initial
        self.loaded = False
        self.loaded_token: str | None = None
        self.loaded_at = float("-inf")

    def get(self) -> T:
        """Return the value, reloading it first if it is stale and no other thread is."""
        token = self._read_token()
        if not self._stale(token):
            return self.value
        if self.loaded:
            if not self._lock.acquire(blocking=False):
                return self.value  # another thread is reloading it
        else:
            self._lock.acquire()  # nothing to serve yet: wait for the first load
        try:
            if self._stale(token):
                self._reload(token)
        finally:
            self._lock.release()
        return self.value

    def forget(self) -> None:
        """Drop the value: the next read loads afresh (as after a restart)."""
        with self._lock:
            self.value, self.loaded, self.loaded_token = self._initial, False, None
            self.loaded_at = float("-inf")

    def _read_token(self) -> str | None:
        """Return the current token, None without one or while it cannot be read."""
        if self._token is None:
            return None
        try:
            return self._token()
        except RedisError as exc:
            log.debug("%s: token unreadable: %s", self.what, exc)
            return None

    def _stale(self, token: str | None) -> bool:
        """Say whether the value must be reloaded, seeing this token."""
        if not self.loaded:
            return True
        age = self._clock() - self.loaded_at
        if self.ttl_s is not None and age >= self.ttl_s:
            return True
        if self._token is None:
            return False
        if token is None:  # unknown: fall back to the timer
            return self.fallback_s is not None and age >= self.fallback_s
        return token != self.loaded_token

    def _reload(self, token: str | None) -> None:
        """Load a new value; on error keep the last one (and try again on the next read)."""
        try:
            value = self._load(self.value, token)
        except Exception as exc:  # any loader failure keeps the last good value serving
            log.warning("%s not refreshed, keeping the last one: %s", self.what, exc)
            if self.loaded and token is None:
                self.loaded_at = self._clock()  # without a token, retry on the timer
            return
        self.value, self.loaded, self.loaded_token = value, True, token
        self.loaded_at = self._clock()


class LoadedOnce(Generic[K, T]):
    """Values that never change once stored (versions), each loaded on its first read.

    Each key gets its own `Refreshing` without a time to live, so a failed load is logged and
    tried again on the next read, and one key's load never waits for another's.
    """

    def __init__(self, load: Callable[[K], T | None], *, what: str) -> None:
        self._load = load
        self.what = what
        self._values: dict[K, Refreshing[T | None]] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> T | None:
        """Return the value stored under `key`, None when there is none."""
        with self._lock:
            if key not in self._values:
                self._values[key] = Refreshing(
                    lambda _previous, _token: self._load(key), None, what=f"{self.what} {key}"
                )
            found = self._values[key]
        return found.get()
