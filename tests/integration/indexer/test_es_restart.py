"""Elasticsearch stopped and restarted while the outbox sync runs: nothing lost, nothing stale."""

from __future__ import annotations

import threading
import time

from elasticsearch import Elasticsearch
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalog.generator import generate_products
from catalog.models import Product
from catalog.service import import_products, update_product
from core.settings import Settings
from indexer.outbox import backlog, follow
from indexer.parity import verify
from indexer.rebuild import rebuild
from infra import services


def edit_all(session_factory: sessionmaker[Session], ids: list[int], label: str) -> None:
    for pid in ids:
        with session_factory.begin() as session:
            update_product(session, pid, {"title": f"{label} {pid}"})


def wait_for_empty_backlog(session_factory: sessionmaker[Session], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_factory() as session:
            if backlog(session)[0] == 0:
                return
        time.sleep(0.2)
    raise AssertionError("outbox backlog did not drain")


def test_sync_survives_an_elasticsearch_restart(
    empty_catalog: Engine,
    session_factory: sessionmaker[Session],
    es: Elasticsearch,
    settings: Settings,
) -> None:
    import_products(generate_products(120, 11), session_factory=session_factory)
    rebuild(engine=empty_catalog, es=es, alias=settings.products_alias, keep=2)
    with session_factory() as session:
        ids = list(session.scalars(select(Product.id).order_by(Product.id)))
    stop = threading.Event()
    syncer = threading.Thread(
        target=follow,
        kwargs={
            "engine": empty_catalog,
            "es": es,
            "alias": settings.products_alias,
            "poll_seconds": 0.05,
            "should_stop": stop.is_set,
        },
    )
    syncer.start()
    try:
        edit_all(session_factory, ids[:40], "before")
        services.down(settings, only=["elasticsearch"])
        edit_all(session_factory, ids[20:80], "during")  # some overwrite changes made before
        services.up(settings, only=["elasticsearch"])
        edit_all(session_factory, ids[70:], "after")
        wait_for_empty_backlog(session_factory, timeout=60)
    finally:
        stop.set()
        syncer.join()
        services.up(settings, only=["elasticsearch"])
    es.indices.refresh(index=settings.products_alias)
    with session_factory() as session:
        report = verify(session=session, es=es, index=settings.products_alias, sample=len(ids))
        assert report.in_sync, report
        titles = {row.id: row.title for row in session.execute(select(Product.id, Product.title))}
    docs = es.mget(index=settings.products_alias, ids=[str(i) for i in ids])["docs"]
    assert {int(d["_id"]): d["_source"]["title"] for d in docs} == titles
