"""The Redis retrieval cache: hits, invalidation by real changes, and no stampede."""

from __future__ import annotations

import threading
import time
from typing import Any

from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine

from core.settings import Settings
from indexer.outbox import sync_until_empty
from indexer.rebuild import rebuild
from retrieval.cache import KEY_PREFIX, RetrievalCache, _digest
from search_service.system import cache_health


def lookups(client: TestClient) -> dict[str, int]:
    """Return this app's cache counters (flushed to Redis first)."""
    stats = client.app.state.retrieval_cache.stats()  # type: ignore[attr-defined]
    return {"hit": stats.hits, "miss": stats.misses, "shared": stats.shared}


def after(client: TestClient, before: dict[str, int]) -> dict[str, int]:
    """Return the counters' change since `before`."""
    now = lookups(client)
    return {key: now[key] - before[key] for key in now}


def titles(client: TestClient, q: str) -> list[str]:
    body = client.get("/api/search", params={"q": q, "ranking": "bm25"}).json()
    return [hit["title"] for hit in body["results"]]


def test_a_repeated_search_is_answered_from_the_cache(client: TestClient) -> None:
    before = lookups(client)
    first = client.get("/api/search", params={"q": "headphones", "price": "-100"}).json()
    assert after(client, before)["miss"] >= 1 and after(client, before)["hit"] == 0
    again = client.get("/api/search", params={"q": "headphones", "price": "-100"}).json()
    assert after(client, before)["hit"] >= 1
    assert again["results"] == first["results"] and again["facets"] == first["facets"]
    assert again["query_id"] != first["query_id"]  # each search is still its own search
    other = client.get("/api/search", params={"q": "headphones", "price": "-30"}).json()
    assert {hit["sku"] for hit in other["results"]} == {"H2"}  # other filters, other entry
    shown = cache_health(client.app.state.retrieval_cache)  # type: ignore[attr-defined]
    assert shown.enabled and shown.hits >= 1 and shown.hit_ratio is not None


def test_a_synced_product_change_is_never_served_stale(
    client: TestClient, engine: Engine, es: Elasticsearch, settings: Settings
) -> None:
    assert "Duracell AA batteries 8 pack" in titles(client, "batteries")
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE products SET title = 'Duracell AA batteries 12 pack' WHERE sku = 'B1'")
        )
    sync_until_empty(engine=engine, es=es, alias=settings.products_alias)
    time.sleep(1.1)  # the API re-reads the index version at most once a second
    assert "Duracell AA batteries 12 pack" in titles(client, "batteries")


def test_a_rebuild_changes_the_index_version(
    client: TestClient, engine: Engine, es: Elasticsearch, settings: Settings
) -> None:
    titles(client, "espresso")
    before = lookups(client)
    rebuild(engine=engine, es=es, alias=settings.products_alias, keep=2)
    time.sleep(1.1)
    titles(client, "espresso")
    assert after(client, before)["miss"] >= 1 and after(client, before)["hit"] == 0


def bytes_client(redis_client: Redis) -> Redis:
    """Return a client on the same Redis database that answers bytes, as the app's does."""
    return Redis(
        connection_pool=redis_client.connection_pool.__class__(
            **{**redis_client.connection_pool.connection_kwargs, "decode_responses": False}
        )
    )


def test_concurrent_misses_ask_elasticsearch_once(redis_client: Redis) -> None:
    binary = bytes_client(redis_client)
    cache = RetrievalCache(binary, ttl_s=30)
    asked = 0
    lock = threading.Lock()

    def slow_elasticsearch() -> dict[str, Any]:
        nonlocal asked
        with lock:
            asked += 1
        time.sleep(0.3)
        return {"hits": {"total": {"value": 1}, "hits": []}}

    key = {"request": {"q": f"cold-{time.time()}"}}
    answers: list[dict[str, Any]] = []
    threads = [
        threading.Thread(target=lambda: answers.append(cache.fetch(key, slow_elasticsearch)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert asked == 1
    assert len(answers) == 8 and all(a["hits"]["total"]["value"] == 1 for a in answers)
    binary.close()


def test_a_fetch_that_outlives_its_lock_does_not_free_the_next_holders(
    redis_client: Redis,
) -> None:
    binary = bytes_client(redis_client)
    cache = RetrievalCache(binary, ttl_s=30, lock_ms=100)
    key = {"request": {"q": f"slow-{time.time()}"}}
    lock_key = KEY_PREFIX + _digest(key) + ":lock"
    taken: list[bool] = []

    def slower_than_the_lock() -> dict[str, Any]:
        time.sleep(0.3)  # the first holder's lock has expired by now ...
        # ... and another process takes it for its own fetch of the same key
        taken.append(bool(binary.set(lock_key, b"second-holder", nx=True, px=10_000)))
        return {"hits": {"total": {"value": 1}, "hits": []}}

    cache.fetch(key, slower_than_the_lock)
    assert taken == [True]
    assert binary.get(lock_key) == b"second-holder"  # the first holder's release left it alone
    assert binary.pttl(lock_key) > 5_000
    binary.close()


def test_the_holder_frees_its_own_lock(redis_client: Redis) -> None:
    binary = bytes_client(redis_client)
    cache = RetrievalCache(binary, ttl_s=30)
    key = {"request": {"q": f"quick-{time.time()}"}}
    cache.fetch(key, lambda: {"hits": {"total": {"value": 0}, "hits": []}})
    assert binary.exists(KEY_PREFIX + _digest(key) + ":lock") == 0
    binary.close()
