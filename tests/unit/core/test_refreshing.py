"""Refreshing[T]: time to live, token, one loader at a time, the last good value on error."""

from __future__ import annotations

import logging
import threading

import pytest
from redis.exceptions import RedisError

from core.refreshing import Fixed, LoadedOnce, Refreshing, announce_token, redis_token


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Loader:
    """Counts its loads; returns the next number, or raises when told to."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, str | None]] = []
        self.fail = False

    def __call__(self, previous: int, token: str | None) -> int:
        self.calls.append((previous, token))
        if self.fail:
            raise RuntimeError("database away")
        return previous + 1


class FakeRedis:
    """One key's value, or an error while `down`."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.down = False

    def get(self, key: str) -> str | None:
        if self.down:
            raise RedisError("connection refused")
        return self.values.get(key)

    def set(self, key: str, value: str) -> None:
        if self.down:
            raise RedisError("connection refused")
        self.values[key] = value


def test_loads_once_without_a_ttl_or_token() -> None:
    load = Loader()
    value = Refreshing(load, 0)
    assert [value.get() for _ in range(3)] == [1, 1, 1]
    assert len(load.calls) == 1


def test_reloads_when_older_than_the_ttl() -> None:
    load, clock = Loader(), Clock()
    value = Refreshing(load, 0, ttl_s=30, clock=clock)
    assert value.get() == 1
    clock.now += 29.9
    assert value.get() == 1
    clock.now += 0.1
    assert value.get() == 2


def test_reloads_when_the_token_changes_and_only_then() -> None:
    load, clock, redis = Loader(), Clock(), FakeRedis()
    value = Refreshing(load, 0, token=redis_token(redis, "k"), fallback_s=2, clock=clock)  # type: ignore[arg-type]
    redis.values["k"] = "a"
    assert value.get() == 1
    clock.now += 1000
    assert value.get() == 1  # a known, unchanged token: no timer
    assert announce_token(redis, "k", "b", what="test")  # type: ignore[arg-type]
    assert value.get() == 2
    assert load.calls[-1] == (1, "b")


def test_a_ttl_is_a_backstop_beside_the_token() -> None:
    load, clock, redis = Loader(), Clock(), FakeRedis()
    value = Refreshing(load, 0, ttl_s=30, token=redis_token(redis, "k"), clock=clock)  # type: ignore[arg-type]
    redis.values["k"] = "a"
    assert value.get() == 1
    clock.now += 30
    assert value.get() == 2


def test_an_unreadable_token_falls_back_to_the_timer() -> None:
    load, clock, redis = Loader(), Clock(), FakeRedis()
    value = Refreshing(load, 0, token=redis_token(redis, "k"), fallback_s=2, clock=clock)  # type: ignore[arg-type]
    redis.values["k"] = "a"
    assert value.get() == 1
    redis.down = True
    clock.now += 1.9
    assert value.get() == 1
    clock.now += 0.1
    assert value.get() == 2
    assert not announce_token(redis, "k", "b", what="test")  # type: ignore[arg-type]


def test_an_absent_key_can_count_as_a_token() -> None:
    load, redis = Loader(), FakeRedis()
    value = Refreshing(load, 0, token=redis_token(redis, "k", absent="0"))  # type: ignore[arg-type]
    assert value.get() == 1 and value.get() == 1
    assert load.calls == [(0, "0")]


def test_a_failed_reload_keeps_the_last_good_value_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    load, clock = Loader(), Clock()
    value = Refreshing(load, 0, ttl_s=10, clock=clock, what="the thing")
    assert value.get() == 1
    load.fail = True
    clock.now += 10
    with caplog.at_level(logging.WARNING):
        assert value.get() == 1
    assert "the thing not refreshed" in caplog.text
    assert value.get() == 1 and len(load.calls) == 2  # retried on the timer, not every read
    load.fail = False
    clock.now += 10
    assert value.get() == 2


def test_a_failed_first_load_serves_the_initial_value_and_retries() -> None:
    load = Loader()
    load.fail = True
    value = Refreshing(load, 0)
    assert value.get() == 0
    load.fail = False
    assert value.get() == 1


def test_others_keep_serving_while_one_thread_reloads() -> None:
    clock = Clock()
    entered, release = threading.Event(), threading.Event()
    loads = []

    def slow(previous: int, _token: str | None) -> int:
        loads.append(previous)
        if previous == 1:  # the second load waits until the test lets it go
            entered.set()
            release.wait(5)
        return previous + 1

    value = Refreshing(slow, 0, ttl_s=1, clock=clock)
    assert value.get() == 1
    clock.now += 1
    reloader = threading.Thread(target=value.get)
    reloader.start()
    assert entered.wait(5)
    assert value.get() == 1  # not blocked behind the reload
    release.set()
    reloader.join(5)
    assert value.get() == 2 and loads == [0, 1]


def test_forget_loads_afresh() -> None:
    load = Loader()
    value = Refreshing(load, 0)
    assert value.get() == 1
    value.forget()
    assert value.get() == 1 and len(load.calls) == 2


def test_fixed_never_changes() -> None:
    assert Fixed("x").get() == "x"


def test_loaded_once_loads_each_key_once_and_retries_a_failed_load() -> None:
    calls: list[int] = []
    broken = {2}

    def load(key: int) -> str | None:
        calls.append(key)
        if key in broken:
            raise RuntimeError("database away")
        return None if key == 3 else f"v{key}"

    versions = LoadedOnce(load, what="version")
    assert versions.get(1) == "v1" and versions.get(1) == "v1"
    assert versions.get(3) is None and versions.get(3) is None  # no such version: remembered
    assert versions.get(2) is None  # the failure is logged, not raised
    broken.clear()
    assert versions.get(2) == "v2"  # tried again on the next read
    assert calls == [1, 3, 2, 2]
