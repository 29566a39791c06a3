"""The in-process cache of products' image sources: bounded, dropped on a catalog change."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any, cast

from sqlalchemy.orm import Session, sessionmaker

from search_service.images.sources import ImageSource, ProductSources

NO_DB = cast(sessionmaker[Session], None)  # the fake readers below never open a session


class FakeCatalog:
    """Products' image addresses and the outbox's newest id, counting the reads."""

    def __init__(self) -> None:
        self.urls = {1: "https://img.test/1.png", 2: "https://img.test/2.png", 3: None}
        self.outbox = 10
        self.reads: Counter[int] = Counter()

    def load(self, factory: Any, product_id: int) -> ImageSource:
        self.reads[product_id] += 1
        return ImageSource(self.urls[product_id], "Kettles")

    def newest(self, factory: Any) -> int:
        return self.outbox


def sources(catalog: FakeCatalog, **bounds: Any) -> ProductSources:
    """Return a cache over the fake catalog that polls it on every request by default."""
    return ProductSources(load=catalog.load, newest_change=catalog.newest, **bounds)


def test_a_source_is_read_once_while_the_catalog_does_not_change() -> None:
    catalog = FakeCatalog()
    cache = sources(catalog, poll_s=0.0)

    async def run() -> None:
        for _ in range(5):
            assert (await cache.get(NO_DB, 1)).url == "https://img.test/1.png"

    asyncio.run(run())
    assert catalog.reads[1] == 1


def test_a_catalog_change_drops_what_was_remembered() -> None:
    catalog = FakeCatalog()
    cache = sources(catalog, poll_s=0.0)

    async def run() -> None:
        await cache.get(NO_DB, 1)
        catalog.urls[1], catalog.outbox = "https://img.test/new.png", 11
        assert (await cache.get(NO_DB, 1)).url == "https://img.test/new.png"

    asyncio.run(run())
    assert catalog.reads[1] == 2


def test_the_outbox_is_polled_at_most_once_per_poll() -> None:
    catalog = FakeCatalog()
    cache = sources(catalog, poll_s=3600.0)

    async def run() -> None:
        await cache.get(NO_DB, 1)
        catalog.outbox = 11  # not looked at again within the hour
        await cache.get(NO_DB, 1)

    asyncio.run(run())
    assert catalog.reads[1] == 1


def test_the_oldest_asked_goes_first_past_the_bound() -> None:
    catalog = FakeCatalog()
    cache = sources(catalog, poll_s=3600.0, max_entries=2)

    async def run() -> None:
        for product_id in (1, 2, 1, 3, 1, 2):
            await cache.get(NO_DB, product_id)

    asyncio.run(run())
    # 3 pushed out 2 (1 had been asked since), and 2 was read again.
    assert catalog.reads == Counter({1: 1, 2: 2, 3: 1})


def test_an_entry_expires_after_its_ttl() -> None:
    catalog = FakeCatalog()
    cache = sources(catalog, poll_s=3600.0, ttl_s=0.0)

    async def run() -> None:
        await cache.get(NO_DB, 1)
        await cache.get(NO_DB, 1)

    asyncio.run(run())
    assert catalog.reads[1] == 2
