"""Product id -> image address and type, kept in process so an image request needs no query.

An image is asked for by every result card, so the row behind it is remembered: at most
`max_entries` products (least recently asked first out), each for at most `ttl_s`.

Invalidation: every product change (edit, import, delete, popularity) writes an outbox row
in its own transaction (catalog.models.OutboxEntry), so the newest outbox id moves with the
catalog. It is read at most once per `poll_s`; when it moved, everything remembered is
dropped. A change is therefore seen within about a second, in every API process, without
messages. The TTL is the backstop for what the outbox does not see (a table emptied with
TRUNCATE, or its ids reset), bounding how long an old address can be served.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from catalog import service as catalog_service
from catalog.models import OutboxEntry

log = logging.getLogger(__name__)

MAX_ENTRIES = 50_000
TTL_S = 300.0
POLL_S = 1.0


@dataclass(frozen=True)
class ImageSource:
    """What the image route needs of a product: its image address and its type."""

    url: str | None
    product_type: str | None


Factory = sessionmaker[Session]


class ProductSources:
    """A bounded, outbox-invalidated cache of products' image sources."""

    def __init__(
        self,
        *,
        max_entries: int = MAX_ENTRIES,
        ttl_s: float = TTL_S,
        poll_s: float = POLL_S,
        load: Callable[[Factory, int], ImageSource] | None = None,
        newest_change: Callable[[Factory], int] | None = None,
    ) -> None:
        self.max_entries, self.ttl_s, self.poll_s = max_entries, ttl_s, poll_s
        # The readers of Postgres; unit tests give their own.
        self._load = load or _load
        self._newest_change = newest_change or _newest_change
        self._entries: OrderedDict[int, tuple[float, ImageSource]] = OrderedDict()
        self._outbox_id: int | None = None
        self._polled_at = float("-inf")
        self._polling = False
        # Bumped on every drop, so a read that started before one is not kept after it.
        self._generation = 0

    async def get(self, factory: Factory, product_id: int) -> ImageSource:
        """Return the product's image source (NotFoundError if there is no such product)."""
        await self._notice_changes(factory)
        now = time.monotonic()
        found = self._entries.get(product_id)
        if found is not None and now - found[0] < self.ttl_s:
            self._entries.move_to_end(product_id)
            return found[1]
        generation = self._generation
        source = await asyncio.to_thread(self._load, factory, product_id)
        if generation == self._generation:
            self._entries[product_id] = (now, source)
            self._entries.move_to_end(product_id)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return source

    async def _notice_changes(self, factory: Factory) -> None:
        """Drop everything remembered if the catalog changed since the last look."""
        now = time.monotonic()
        # One look at a time; meanwhile others answer from what is remembered.
        if self._polling or now - self._polled_at < self.poll_s:
            return
        self._polling = True
        try:
            newest = await asyncio.to_thread(self._newest_change, factory)
        except SQLAlchemyError as error:  # Postgres away: nothing can change meanwhile
            log.debug("image sources: outbox unreadable: %s", error)
            return
        finally:
            self._polling = False
            self._polled_at = time.monotonic()
        if newest != self._outbox_id:
            self.forget()
            self._outbox_id = newest

    def forget(self) -> None:
        """Drop everything remembered (the next request reads its product again)."""
        self._entries.clear()
        self._generation += 1


def _load(factory: Factory, product_id: int) -> ImageSource:
    """Read one product's image address and type."""
    with factory() as db:
        product = catalog_service.get_product(db, product_id)
        return ImageSource(product.image_url, product.product_type)


def _newest_change(factory: Factory) -> int:
    """Return the id of the newest outbox entry (0 when none): it moves on every change."""
    with factory() as db:
        return int(db.scalar(select(func.max(OutboxEntry.id))) or 0)
