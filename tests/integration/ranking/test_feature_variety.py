"""No feature is constant across a realistic training set: judged queries plus logged behaviour.

A constant column teaches a ranker nothing and usually means a feature is not wired (the CTRs
were NaN in every row until they read the signals job's Redis hashes). The history is made
like the simulator's: shoppers with tastes search through the real API, scan from the top,
click, view and cart; a synonym is published first so searches record a merch version.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from behaviour.clusters import ClusterCache, refresh_clusters
from behaviour.signals import refresh_signals
from core.settings import Settings
from indexer.outbox import sync_until_empty
from merchandising.published import announce
from merchandising.schemas import SynonymSetWrite
from merchandising.service import publish, put_synonym_set
from ranking.behaviour import build_from_behaviour, logged_searches
from ranking.context import published_merch
from ranking.dataset import QueryCandidates, build
from ranking.features import FEATURES
from search_service.app import create_app
from tests.fixtures.accounts import Browser, reset_accounts

# "notebook" is in no title: its matches come through the synonym only.
QUERIES = ("laptop", "notebook", "lenovo laptop", "wireless headphones", "hedphones", "tablet")
SHOPPERS = 24  # behaviour.clusters.MIN_OWNERS is 20
SEARCHES_EACH = 4


@pytest.fixture(scope="module")
def app(settings: Settings, indexed_catalog: int) -> Iterator[FastAPI]:
    # The shoppers play out the last three hours against searches served now.
    application = create_app(settings.model_copy(update={"accept_backdated_events": True}))
    with TestClient(application):
        yield application


def publish_synonym(engine: Engine, session_factory: sessionmaker[Session], redis: Redis) -> int:
    """Publish laptop = notebook and announce it; return the version."""
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE merch_draft, merch_versions, merch_suggestions"))
    with session_factory() as db:
        put_synonym_set(db, "computers", SynonymSetWrite(text="laptop, notebook"), by="test")
        row = publish(db, by="test", note="feature variety")
        announce(redis, row.token)
        return row.version


def shop(app: FastAPI, number: int, start: datetime) -> None:
    """One shopper: a few searches five minutes apart, clicks biased to the top and their taste."""
    rng = random.Random(number)
    taste = QUERIES[:3] if number % 2 else QUERIES[3:]
    browser = Browser(app, ip=f"10.0.{number}.1")
    for n in range(SEARCHES_EACH):
        q = taste[(n + number) % len(taste)]
        page = browser.get("/api/search", params={"q": q, "size": 12}).json()
        shown = [hit["product_id"] for hit in page["results"]]
        if not shown:
            continue
        at = start + timedelta(minutes=5 * n)
        base = {"query_id": page["query_id"]}
        events: list[dict[str, Any]] = [
            {
                **base,
                "client_event_id": f"{number}-{n}-imp",
                "type": "impression",
                "timestamp": at.isoformat(),
                "items": [{"product_id": pid, "position": i + 1} for i, pid in enumerate(shown)],
            }
        ]
        for position, pid in enumerate(shown, start=1):
            if rng.random() < 0.5 / position + (0.2 if (pid + number) % 3 == 0 else 0.0):
                stamp = (at + timedelta(seconds=10 + position)).isoformat()
                act = {"product_id": pid, "timestamp": stamp}
                click = {"client_event_id": f"{number}-{n}-c{pid}", "position": position}
                events.append({**base, **act, **click, "type": "click"})
                events.append(
                    {**act, "client_event_id": f"{number}-{n}-v{pid}", "type": "product_view"}
                )
                if rng.random() < 0.3:
                    events.append(
                        {
                            **base,
                            **act,
                            "client_event_id": f"{number}-{n}-a{pid}",
                            "type": "add_to_cart",
                            "quantity": 1,
                        }
                    )
        answer = browser.post("/api/events/batch", {"events": events}).json()
        assert answer["accepted"] == len(events), answer


def constant_columns(dataset: list[QueryCandidates]) -> list[str]:
    """Return the features with one value (NaN counting as a value) in every row."""
    rows = [row for case in dataset for row in case.features]
    values = [{"nan" if math.isnan(v) else v for v in column} for column in zip(*rows, strict=True)]
    return [name for name, seen in zip(FEATURES, values, strict=True) if len(seen) < 2]


def test_no_feature_is_constant_across_a_realistic_training_set(
    app: FastAPI,
    engine: Engine,
    redis_client: Redis,
    es: Elasticsearch,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    version = publish_synonym(engine, session_factory, redis_client)
    start = datetime.now(UTC) - timedelta(hours=3)
    for number in range(SHOPPERS):
        shop(app, number, start + timedelta(minutes=number))
    refresh_signals(engine, redis_client)  # what the worker's signals job does, then its sync
    sync_until_empty(engine=engine, es=es, alias=settings.products_alias)
    es.indices.refresh(index=settings.products_alias)
    assert refresh_clusters(engine, redis_client)["clusters"] >= 1
    cache = ClusterCache(redis_client)
    alias = settings.products_alias
    with session_factory() as db:
        searches = logged_searches(db)
        assert len(searches) > 40 and {s.merch_version for s in searches} == {version}
        dataset = build(
            es,
            alias,
            {q: {} for q in QUERIES},
            k=50,
            merch=published_merch(db),
            redis=redis_client,
        )
        dataset += build_from_behaviour(
            db,
            es,
            alias,
            searches,
            k=50,
            clusters=cache.view,
            redis=redis_client,
        )
    constant = constant_columns(dataset)
    assert not constant, f"constant across {len(dataset)} queries: {constant}"
