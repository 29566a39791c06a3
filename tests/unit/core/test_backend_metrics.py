"""Backend call labels (ES API names, Redis commands, SQL verbs) and the timed clients."""

from __future__ import annotations

import pytest
from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch import Elasticsearch
from prometheus_client import REGISTRY
from redis.exceptions import ConnectionError as RedisConnectionError

from core.clients import (
    InstrumentedElasticsearch,
    InstrumentedPipeline,
    InstrumentedRedis,
    es_operation,
    redis_operation,
)
from core.db import sql_operation


def sample(name: str, backend: str, operation: str) -> float:
    value = REGISTRY.get_sample_value(name, {"backend": backend, "operation": operation})
    return value or 0.0


@pytest.mark.parametrize(
    ("path", "operation"),
    [
        ("/aisle-products/_search", "_search"),
        ("/_bulk", "_bulk"),
        ("/aisle-products-v3/_bulk", "_bulk"),
        ("/aisle-products/_count", "_count"),
        ("/aisle-products/_doc/_starts_with_underscore", "_doc"),
        ("/_cluster/health", "_cluster"),
        ("/_search/scroll", "_search"),
        ("/aisle-products/_alias/aisle-products", "_alias"),
        ("/aisle-products-v3", "other"),
        ("/", "other"),
        ("/idx/_Weird-Thing", "other"),
        ("/idx/_search?q=x", "_search"),
    ],
)
def test_es_operation_is_the_api_segment(path: str, operation: str) -> None:
    assert es_operation(path) == operation


def test_es_calls_are_timed_and_failures_counted_options_copies_too() -> None:
    # Nothing listens on port 9: every call fails fast, and is still recorded.
    es = InstrumentedElasticsearch("http://127.0.0.1:9", max_retries=0, request_timeout=1)
    copy = es.options(request_timeout=0.5)
    assert type(copy) is InstrumentedElasticsearch
    before = sample("aisle_backend_call_seconds_count", "elasticsearch", "_search")
    errors = sample("aisle_backend_errors_total", "elasticsearch", "_search")
    for client in (es, copy):
        with pytest.raises(TransportConnectionError):
            client.search(index="products", query={"match_all": {}})
    assert sample("aisle_backend_call_seconds_count", "elasticsearch", "_search") == before + 2
    assert sample("aisle_backend_errors_total", "elasticsearch", "_search") == errors + 2
    # Namespaced APIs go through the same client.
    before_refresh = sample("aisle_backend_call_seconds_count", "elasticsearch", "_refresh")
    with pytest.raises(TransportConnectionError):
        es.indices.refresh(index="products")
    assert (
        sample("aisle_backend_call_seconds_count", "elasticsearch", "_refresh")
        == before_refresh + 1
    )
    assert isinstance(es, Elasticsearch)


@pytest.mark.parametrize(
    ("args", "operation"),
    [
        (("GET", "k"), "get"),
        ((b"HSET", "k", "f", "v"), "hset"),
        (("CLIENT SETNAME", "x"), "client"),
        (("EVALSHA", "abc", 0), "evalsha"),
        (("we!rd",), "other"),
        ((), "other"),
    ],
)
def test_redis_operation_is_the_command_name(args: tuple[object, ...], operation: str) -> None:
    assert redis_operation(args) == operation


def test_redis_commands_and_pipelines_are_timed() -> None:
    redis = InstrumentedRedis.from_url(
        "redis://127.0.0.1:9/0", socket_connect_timeout=0.5, decode_responses=True
    )
    assert isinstance(redis, InstrumentedRedis)
    before = sample("aisle_backend_call_seconds_count", "redis", "get")
    errors = sample("aisle_backend_errors_total", "redis", "get")
    with pytest.raises(RedisConnectionError):
        redis.get("key")
    assert sample("aisle_backend_call_seconds_count", "redis", "get") == before + 1
    assert sample("aisle_backend_errors_total", "redis", "get") == errors + 1
    pipe = redis.pipeline()
    assert isinstance(pipe, InstrumentedPipeline)
    before_pipe = sample("aisle_backend_call_seconds_count", "redis", "pipeline")
    assert pipe.execute() == []  # nothing queued: nothing sent, nothing recorded
    pipe.incr("a").expire("a", 10)
    with pytest.raises(RedisConnectionError):
        pipe.execute()
    assert sample("aisle_backend_call_seconds_count", "redis", "pipeline") == before_pipe + 1


@pytest.mark.parametrize(
    ("statement", "operation"),
    [
        ("SELECT 1", "select"),
        ("\n  select id from products", "select"),
        ("(SELECT 1) UNION (SELECT 2)", "select"),
        ("INSERT INTO jobs ...", "insert"),
        ("update jobs set ...", "update"),
        ("DELETE FROM sessions", "delete"),
        ("WITH x AS (SELECT 1) SELECT * FROM x", "other"),
        ("SET LOCAL statement_timeout = 2000", "other"),
        ("selection", "other"),
        ("", "other"),
    ],
)
def test_sql_operation_is_the_first_keyword(statement: str, operation: str) -> None:
    assert sql_operation(statement) == operation
