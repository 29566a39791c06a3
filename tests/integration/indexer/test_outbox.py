"""Outbox sync against the real Postgres and Elasticsearch."""

from __future__ import annotations

import pytest
from elasticsearch import Elasticsearch
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalog.generator import generate_products
from catalog.models import OutboxEntry, Product
from catalog.service import delete_product, import_products, update_product
from core.settings import Settings
from indexer.documents import index_action
from indexer.outbox import backlog, sync_until_empty
from indexer.parity import verify
from indexer.rebuild import rebuild


@pytest.fixture()
def live(
    empty_catalog: Engine,
    session_factory: sessionmaker[Session],
    es: Elasticsearch,
    settings: Settings,
) -> str:
    import_products(generate_products(50, 5), session_factory=session_factory)
    rebuild(engine=empty_catalog, es=es, alias=settings.products_alias, keep=2)
    return settings.products_alias


def first_id(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        pid = session.scalar(select(func.min(Product.id)))
        assert pid is not None
        return pid


def test_updates_and_deletes_reach_the_index(
    live: str, engine: Engine, es: Elasticsearch, session_factory: sessionmaker[Session]
) -> None:
    pid = first_id(session_factory)
    with session_factory.begin() as session:
        update_product(session, pid, {"title": "Completely new title", "stock": 0})
    with session_factory.begin() as session:
        delete_product(session, pid + 1)
    result = sync_until_empty(engine=engine, es=es, alias=live)
    assert result.applied == 2 and result.failed == 0
    doc = es.get(index=live, id=str(pid))
    assert doc["_version"] == 2 and doc["_source"]["title"] == "Completely new title"
    assert doc["_source"]["in_stock"] is False
    assert not es.exists(index=live, id=str(pid + 1))
    es.indices.refresh(index=live)  # searches (and so the parity scan) see the delete
    with session_factory() as session:
        assert backlog(session) == (0, None)
        assert verify(session=session, es=es, index=live).in_sync


def test_a_stale_write_loses_and_replays_are_harmless(
    live: str, engine: Engine, es: Elasticsearch, session_factory: sessionmaker[Session]
) -> None:
    pid = first_id(session_factory)
    with session_factory.begin() as session:
        old = session.get(Product, pid)
        assert old is not None
        stale = index_action(old, live)
        update_product(session, pid, {"title": "Newer"})
    sync_until_empty(engine=engine, es=es, alias=live)
    # Re-send the old version, and mark everything pending again: neither may win.
    from elasticsearch.helpers import bulk

    bulk(es, [stale], raise_on_error=False)
    with engine.begin() as connection:
        connection.execute(OutboxEntry.__table__.update().values(processed_at=None))
    result = sync_until_empty(engine=engine, es=es, alias=live)
    assert result.failed == 0
    assert es.get(index=live, id=str(pid))["_source"]["title"] == "Newer"


def test_sync_waits_for_the_first_build_instead_of_creating_a_stray_index(
    empty_catalog: Engine,
    session_factory: sessionmaker[Session],
    es: Elasticsearch,
    settings: Settings,
) -> None:
    import_products(generate_products(5, 1), session_factory=session_factory)
    result = sync_until_empty(engine=empty_catalog, es=es, alias=settings.products_alias)
    assert result.claimed == 0
    assert not es.indices.exists(index=settings.products_alias)
    with session_factory() as session:
        assert backlog(session)[0] == 5
    rebuild(engine=empty_catalog, es=es, alias=settings.products_alias, keep=2)
    with session_factory() as session:
        assert backlog(session)[0] == 0  # the snapshot that went live covered them
