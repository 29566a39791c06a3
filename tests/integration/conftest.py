"""Fixtures over the real Postgres, Redis and Elasticsearch that `aisle services up` started."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalog.generator import generate_products
from catalog.service import import_products
from core import migrate
from core.clients import make_es, make_redis
from core.db import make_engine, make_session_factory
from core.settings import Settings, get_settings
from indexer.rebuild import rebuild

DEMO_CATALOG_SIZE = 400


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Return the test settings."""
    settings = get_settings()
    assert settings.pg_database.endswith("_test"), "integration tests must use a test database"
    return settings


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    """Return an engine on a freshly migrated test database."""
    engine = make_engine(settings)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate.upgrade(settings)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory on the test database."""
    return make_session_factory(engine)


@pytest.fixture(scope="session")
def es(settings: Settings) -> Iterator[Elasticsearch]:
    """Return an ES client, after removing every index a previous run left behind."""
    client = make_es(settings, timeout=60)
    client.options(ignore_status=404).indices.delete(
        index=f"{settings.es_index_prefix}-*", expand_wildcards="all"
    )
    yield client
    client.close()


@pytest.fixture(scope="session")
def redis_client(settings: Settings) -> Iterator[Redis]:
    """Return a Redis client on the test database number, emptied."""
    client = make_redis(settings)
    client.flushdb()
    yield client
    client.close()


def reset_catalog(engine: Engine) -> None:
    """Empty the catalog and outbox tables."""
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE products, index_outbox RESTART IDENTITY"))


@pytest.fixture()
def empty_catalog(engine: Engine, es: Elasticsearch, settings: Settings) -> Engine:
    """Start a test with no products and no products index."""
    reset_catalog(engine)
    es.options(ignore_status=404).indices.delete(index=f"{settings.products_alias}-v*")
    return engine


@pytest.fixture(scope="module")
def indexed_catalog(
    engine: Engine, session_factory: sessionmaker[Session], es: Elasticsearch, settings: Settings
) -> int:
    """Load a synthetic catalog and build a live index over it; return the product count."""
    reset_catalog(engine)
    es.options(ignore_status=404).indices.delete(index=f"{settings.products_alias}-v*")
    import_products(generate_products(DEMO_CATALOG_SIZE, 7), session_factory=session_factory)
    rebuild(engine=engine, es=es, alias=settings.products_alias, keep=2)
    return DEMO_CATALOG_SIZE
