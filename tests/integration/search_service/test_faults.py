"""Faults on the real stack: Elasticsearch, Redis or Postgres gone, and an API restart.

The API under test reaches each service through a cuttable TCP proxy, so a service 'goes
down' for this API alone (refused and dropped connections) while the rest of the suite keeps
using it, and 'comes back' without a restart.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine

from core.settings import Settings
from tests.fixtures.accounts import Browser, reset_accounts
from tests.fixtures.faults import TcpProxy
from tests.fixtures.services import free_port, start_api


class ProxiedApi:
    """A real `aisle serve` whose Postgres, Redis and Elasticsearch sit behind proxies."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pg = TcpProxy(settings.pg_port, free_port())
        self.redis = TcpProxy(settings.redis_port, free_port())
        self.es = TcpProxy(settings.es_port, free_port())
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = settings.state_dir / "logs" / "test-faults-api.log"
        self.server: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the API and wait until it answers."""
        env = {
            **os.environ,
            "AISLE_API_PORT": str(self.port),
            "AISLE_PG_PORT": str(self.pg.port),
            "AISLE_REDIS_PORT": str(self.redis.port),
            "AISLE_ES_PORT": str(self.es.port),
            # Fail over quickly: a dead service must not cost each request seconds.
            "AISLE_ES_TIMEOUT_S": "2",
        }
        self.server = start_api(self.port, env, self.log)

    def stop(self) -> None:
        """Stop the API (SIGTERM, as a deploy would)."""
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=15)
            self.server = None

    def restore_all(self) -> None:
        """Bring every service back."""
        for proxy in (self.pg, self.redis, self.es):
            proxy.restore()

    def close(self) -> None:
        """Stop the API and the proxies."""
        self.stop()
        for proxy in (self.pg, self.redis, self.es):
            proxy.close()


@pytest.fixture(scope="module")
def api(indexed_catalog: int, settings: Settings) -> Iterator[ProxiedApi]:
    proxied = ProxiedApi(settings)
    proxied.start()
    try:
        yield proxied
    finally:
        proxied.close()


@pytest.fixture(autouse=True)
def services_back(api: ProxiedApi, engine: Engine, redis_client: Redis) -> Iterator[None]:
    reset_accounts(engine)
    yield
    api.restore_all()
    if api.server is None:
        api.start()


@pytest.fixture()
def shopper(api: ProxiedApi) -> Iterator[Browser]:
    browser = Browser.over_http(api.url)
    yield browser
    browser.client.close()


def eventually(check: Callable[[], bool], seconds: float = 20) -> bool:
    """Poll `check` until it holds or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False


def a_catalog_word(engine: Engine) -> str:
    """Return the product type of some product (a word the catalog surely contains)."""
    with engine.connect() as connection:
        word = connection.execute(
            text("SELECT product_type FROM products WHERE product_type IS NOT NULL LIMIT 1")
        ).scalar_one()
    return str(word)


def click_event(query: dict[str, Any], event_id: str) -> dict[str, Any]:
    """Return a click on the query's first result."""
    return {
        "client_event_id": event_id,
        "type": "click",
        "timestamp": datetime.now(UTC).isoformat(),
        "query_id": query["query_id"],
        "product_id": query["results"][0]["product_id"],
        "position": 1,
    }


def view_event(product_id: int, event_id: str) -> dict[str, Any]:
    """Return a product view outside any search (so no two count as replays of one signal)."""
    return {
        "client_event_id": event_id,
        "type": "product_view",
        "timestamp": datetime.now(UTC).isoformat(),
        "product_id": product_id,
    }


def stored_events(engine: Engine, prefix: str) -> list[str]:
    """Return the client ids of the stored events that start with `prefix`."""
    with engine.connect() as connection:
        return list(
            connection.execute(
                text("SELECT client_event_id FROM events WHERE client_event_id LIKE :p"),
                {"p": f"{prefix}%"},
            ).scalars()
        )


def test_without_elasticsearch_search_answers_from_postgres_and_recovers(
    api: ProxiedApi, engine: Engine
) -> None:
    word = a_catalog_word(engine)
    healthy = httpx.get(f"{api.url}/api/search", params={"q": word}, timeout=10).json()
    assert healthy["degraded"] is False and healthy["total"] > 0

    api.es.cut()
    answer = httpx.get(f"{api.url}/api/search", params={"q": word, "size": 5}, timeout=10)
    assert answer.status_code == 200
    body = answer.json()
    assert body["degraded"] is True and body["ranking"] == "fallback"
    assert body["total"] > 0 and 0 < len(body["results"]) <= 5
    assert all(word.lower() in hit["product_type"].lower() for hit in body["results"])
    filtered = httpx.get(
        f"{api.url}/api/search", params={"q": word, "price": "-1"}, timeout=10
    ).json()
    assert all(hit["price"] is not None and hit["price"] <= 1 for hit in filtered["results"])
    ready = httpx.get(f"{api.url}/readyz", timeout=10)
    assert ready.status_code == 200  # still serving, from the fallback
    assert ready.json()["degraded"] is True and ready.json()["status"] == "degraded"
    assert ready.json()["services"]["elasticsearch"] != "ok"

    api.es.restore()

    def back() -> bool:
        body = httpx.get(f"{api.url}/api/search", params={"q": word}, timeout=10).json()
        return body["degraded"] is False and body["ranking"] != "fallback"

    assert eventually(back), "search did not return to Elasticsearch by itself"
    assert httpx.get(f"{api.url}/readyz", timeout=10).json()["degraded"] is False


def test_without_redis_search_works_sign_in_fails_closed_and_events_are_stored(
    api: ProxiedApi, engine: Engine, shopper: Browser
) -> None:
    word = a_catalog_word(engine)
    api.redis.cut()
    answer = shopper.get("/api/search", params={"q": word})
    assert answer.status_code == 200 and answer.json()["total"] > 0
    assert shopper.get("/api/suggest", params={"q": word[:3]}).status_code == 200
    sign_in = shopper.sign_in("nobody@example.com")
    assert sign_in.status_code == 503
    assert "temporarily unavailable" in sign_in.json()["detail"][0]["msg"]
    stored = shopper.post("/api/events", click_event(answer.json(), "redis-down-1"))
    assert stored.status_code in (200, 202), stored.text
    assert stored_events(engine, "redis-down-") == ["redis-down-1"]


def test_without_postgres_search_and_suggest_work_and_writes_answer_503(
    api: ProxiedApi, engine: Engine, shopper: Browser
) -> None:
    word = a_catalog_word(engine)
    warm = shopper.get("/api/search", params={"q": word}).json()  # a session and a query_id

    api.pg.cut()
    answer = shopper.get("/api/search", params={"q": word})
    assert answer.status_code == 200, answer.text
    assert answer.json()["total"] > 0 and answer.json()["degraded"] is False
    assert shopper.get("/api/suggest", params={"q": word[:3]}).status_code == 200
    write = shopper.post("/api/events", click_event(warm, "pg-down-1"))
    assert write.status_code == 503
    detail = write.json()["detail"][0]
    assert "database" in detail["msg"] and "Traceback" not in write.text
    ready = httpx.get(f"{api.url}/readyz", timeout=10).json()
    assert ready["services"]["postgres"] != "ok"

    api.pg.restore()
    assert eventually(
        lambda: (
            shopper.post("/api/events", click_event(warm, "pg-down-1")).status_code in (200, 202)
        )
    )
    assert stored_events(engine, "pg-down-") == ["pg-down-1"]


def test_events_retried_across_an_api_restart_are_stored_once(
    api: ProxiedApi, engine: Engine, shopper: Browser
) -> None:
    word = a_catalog_word(engine)
    product = shopper.get("/api/search", params={"q": word}).json()["results"][0]["product_id"]
    prefix = f"restart-{uuid.uuid4().hex[:8]}-"
    sent = [f"{prefix}{n}" for n in range(40)]

    def send_with_retries(event_id: str) -> None:
        """Send one event the way a client does: retry on errors until it is accepted."""
        for _ in range(200):
            try:
                answer = shopper.post("/api/events", view_event(product, event_id))
                if answer.status_code in (200, 202):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{event_id} was never accepted")

    for event_id in sent[:10]:
        send_with_retries(event_id)
    api.stop()  # a deploy, mid-stream: these sends fail on the client side
    for event_id in sent[10:12]:
        with pytest.raises(httpx.HTTPError):
            shopper.post("/api/events", view_event(product, event_id))
    api.start()
    for event_id in sent[12:]:
        send_with_retries(event_id)
    for event_id in sent[10:12]:
        send_with_retries(event_id)
    for event_id in sent[:5]:
        send_with_retries(event_id)  # retries of events already stored
    assert sorted(stored_events(engine, prefix)) == sorted(sent)
