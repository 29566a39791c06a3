"""Transient Elasticsearch errors are retried with growing waits; others are not."""

from __future__ import annotations

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ApiError, ConnectionError, NotFoundError

from indexer.retry import with_backoff


def api_error(status: int) -> ApiError:
    meta = ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.0,
        node=NodeConfig("http", "localhost", 9200),
    )
    return ApiError(message=f"status {status}", meta=meta, body={})


def flaky(errors: list[Exception]) -> tuple[list[int], object]:
    calls: list[int] = []

    def call() -> str:
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return "done"

    return calls, call


def test_transient_errors_are_retried_with_doubling_waits() -> None:
    waits: list[float] = []
    calls, call = flaky([ConnectionError("refused"), api_error(429), api_error(503)])
    assert with_backoff(call, sleep=waits.append) == "done"  # type: ignore[arg-type]
    assert len(calls) == 4 and waits == [0.5, 1.0, 2.0]


def test_it_gives_up_after_the_last_attempt() -> None:
    waits: list[float] = []
    _, call = flaky([api_error(503)] * 5)
    with pytest.raises(ApiError):
        with_backoff(call, attempts=3, sleep=waits.append)  # type: ignore[arg-type]
    assert waits == [0.5, 1.0]


def test_real_errors_are_not_retried() -> None:
    waits: list[float] = []
    calls, call = flaky([NotFoundError("no such index", api_error(404).meta, {})])
    with pytest.raises(NotFoundError):
        with_backoff(call, sleep=waits.append)  # type: ignore[arg-type]
    assert len(calls) == 1 and waits == []
