"""Full rebuilds against the real Postgres and Elasticsearch."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from catalog.generator import generate_products
from catalog.models import Product
from catalog.service import import_products, update_product
from core.settings import Settings
from indexer import rebuild as rebuild_module
from indexer import versions
from indexer.exceptions import NoPreviousVersion, RebuildInProgress, RebuildRefused
from indexer.locks import rebuild_lock
from indexer.mapping import index_body
from indexer.outbox import sync_until_empty
from indexer.parity import verify
from indexer.rebuild import RebuildProgress, rebuild
from retrieval.params import SearchParams
from search_service.search import search as run_search


@pytest.fixture()
def catalog(empty_catalog: Engine, session_factory: sessionmaker[Session]) -> int:
    import_products(generate_products(300, 3), session_factory=session_factory)
    return 300


def build(
    engine: Engine, es: Elasticsearch, settings: Settings, **kwargs: Any
) -> rebuild_module.RebuildResult:
    return rebuild(
        engine=engine, es=es, alias=settings.products_alias, keep=2, chunk_size=100, **kwargs
    )


def test_rebuild_swaps_alias_keeps_versions_and_rolls_back(
    catalog: int, engine: Engine, es: Elasticsearch, settings: Settings
) -> None:
    first = build(engine, es, settings)
    assert first.documents == catalog and first.previous is None
    assert versions.live_index(es, settings.products_alias) == first.index
    second = build(engine, es, settings)
    assert second.previous == first.index
    third = build(engine, es, settings)
    kept = [v.name for v in versions.list_versions(es, settings.products_alias)]
    assert kept == [third.index, second.index]  # keep=2 pruned the first
    left, now = versions.rollback(es, settings.products_alias)
    assert (left, now) == (third.index, second.index)
    assert versions.live_index(es, settings.products_alias) == second.index
    with pytest.raises(NoPreviousVersion):
        versions.rollback(es, settings.products_alias)


def test_a_rebuild_lays_the_index_out_in_the_shards_asked_for(
    catalog: int, engine: Engine, es: Elasticsearch, settings: Settings
) -> None:
    built = build(engine, es, settings, shards=3, replicas=0)
    layout = es.indices.get_settings(index=built.index).body[built.index]["settings"]["index"]
    assert (layout["number_of_shards"], layout["number_of_replicas"]) == ("3", "0")
    assert es.count(index=settings.products_alias).body["count"] == catalog


def test_no_search_fails_while_rebuilding_and_swapping(
    catalog: int, engine: Engine, es: Elasticsearch, settings: Settings
) -> None:
    build(engine, es, settings)
    stop = threading.Event()
    outcomes: list[int | str] = []

    def search_forever() -> None:
        # Through the search service's own code path, facets and all.
        while not stop.is_set():
            try:
                response = run_search(es, settings.products_alias, SearchParams(size=1))
                outcomes.append(response.total)
            except Exception as exc:  # recorded, asserted below
                outcomes.append(repr(exc))

    searchers = [threading.Thread(target=search_forever) for _ in range(4)]
    for thread in searchers:
        thread.start()
    try:
        for _ in range(3):
            build(engine, es, settings)
    finally:
        stop.set()
        for thread in searchers:
            thread.join()
    failures = [o for o in outcomes if not isinstance(o, int) or o != catalog]
    assert len(outcomes) > 20
    assert failures == []


def test_changes_made_during_a_rebuild_survive_the_swap(
    catalog: int,
    engine: Engine,
    es: Elasticsearch,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    build(engine, es, settings)
    with session_factory() as session:
        ids = list(session.scalars(select(Product.id).order_by(Product.id)))
    changed: list[int] = []

    def edit_while_loading(progress: RebuildProgress) -> None:
        # After the snapshot was taken: edit products and let the sync loop apply them to
        # the old index, exactly what a running worker would do mid-rebuild.
        if progress.phase == "loading" and progress.indexed in (100, 200):
            with session_factory.begin() as session:
                pid = ids[progress.indexed]
                update_product(session, pid, {"title": f"Renamed during rebuild {pid}"})
                changed.append(pid)
            sync_until_empty(engine=engine, es=es, alias=settings.products_alias)

    result = build(engine, es, settings, on_progress=edit_while_loading)
    assert len(changed) == 2 and result.replayed >= 2
    for pid in changed:
        doc = es.get(index=settings.products_alias, id=str(pid))["_source"]
        assert doc["title"] == f"Renamed during rebuild {pid}"
    with session_factory() as session:
        assert verify(session=session, es=es, index=settings.products_alias).in_sync


def test_short_build_is_not_swapped_in_and_is_cleaned_up(
    catalog: int,
    engine: Engine,
    es: Elasticsearch,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live = build(engine, es, settings).index
    real_actions = rebuild_module._actions

    def lose_some(
        session: Session, index: str, chunk_size: int, vectors: Any
    ) -> Iterator[dict[str, Any]]:
        for number, action in enumerate(real_actions(session, index, chunk_size, vectors)):
            if number % 10:
                yield action

    monkeypatch.setattr(rebuild_module, "_actions", lose_some)
    with pytest.raises(RebuildRefused):
        build(engine, es, settings)
    assert versions.live_index(es, settings.products_alias) == live
    assert [v.name for v in versions.list_versions(es, settings.products_alias)] == [live]


def test_one_rebuild_at_a_time(
    catalog: int, engine: Engine, es: Elasticsearch, settings: Settings
) -> None:
    with rebuild_lock(engine), pytest.raises(RebuildInProgress):
        build(engine, es, settings)


def test_leftovers_of_a_crashed_build_are_removed(
    catalog: int, engine: Engine, es: Elasticsearch, settings: Settings
) -> None:
    crashed = versions.new_index_name(settings.products_alias)
    es.indices.create(index=crashed, **index_body())
    result = build(engine, es, settings)
    names = [v.name for v in versions.list_versions(es, settings.products_alias)]
    assert crashed not in names and result.index in names


def test_failure_right_after_the_swap_puts_the_old_index_back(
    catalog: int,
    engine: Engine,
    es: Elasticsearch,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live = build(engine, es, settings).index
    calls = {"n": 0}
    real_replay = rebuild_module.replay_since

    def fail_second_replay(**kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("ES went away mid-swap")
        return real_replay(**kwargs)

    monkeypatch.setattr(rebuild_module, "replay_since", fail_second_replay)
    with pytest.raises(ConnectionError):
        build(engine, es, settings)
    assert versions.live_index(es, settings.products_alias) == live
    assert [v.name for v in versions.list_versions(es, settings.products_alias)] == [live]
