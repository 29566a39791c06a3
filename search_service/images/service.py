"""A product's image by its source address: from the cache, else fetched once, else nothing."""

from __future__ import annotations

import asyncio
import hashlib
import logging

from core.links import is_web_address
from core.settings import Settings
from search_service.images.fetch import FetchLimits, ImageUnavailable, fetch_image
from search_service.images.guarded import GuardedBackend, Resolver, system_resolver
from search_service.images.sources import ProductSources
from search_service.images.store import ImageStore, StoredImage

log = logging.getLogger(__name__)

# Requests for one uncached source wait for a single fetch; a fixed set of locks (picked by
# address) bounds the memory that costs whatever the catalog holds.
LOCK_STRIPES = 64


class ProductImages:
    """Cached, safely fetched product images, and the products' image sources."""

    def __init__(
        self, store: ImageStore, limits: FetchLimits, resolver: Resolver = system_resolver
    ) -> None:
        self.store = store
        self.limits = limits
        self.sources = ProductSources()
        # Every fetch connects through it: only to the addresses it resolved and checked.
        self.guard = GuardedBackend(allow_private=limits.allow_private, resolver=resolver)
        self._locks = tuple(asyncio.Lock() for _ in range(LOCK_STRIPES))

    @classmethod
    def from_settings(cls, settings: Settings) -> ProductImages:
        """Build from the image settings, caching under state_dir/images."""
        store = ImageStore(
            settings.state_dir / "images",
            cap_bytes=settings.image_cache_bytes,
            failure_ttl_s=settings.image_failure_ttl_s,
        )
        limits = FetchLimits(
            timeout_s=settings.image_fetch_timeout_s,
            max_bytes=settings.image_max_bytes,
            allow_private=settings.image_allow_private,
        )
        return cls(store, limits)

    async def image(self, url: str | None) -> StoredImage | None:
        """Return the image at `url` (cached, or fetched now), or None if there is none."""
        if url is None or not is_web_address(url):
            return None
        # Read here, not in a thread: a local file (page-cached when hot) reads faster than
        # a hop to the thread pool and back.
        cached = self.store.get(url)
        if cached is not None or self.store.failed_recently(url):
            return cached
        stripe = int.from_bytes(hashlib.sha256(url.encode()).digest()[:2]) % LOCK_STRIPES
        async with self._locks[stripe]:
            # Another request may have fetched it (or failed to) while this one waited.
            cached = await asyncio.to_thread(self.store.get, url)
            if cached is not None or self.store.failed_recently(url):
                return cached
            try:
                fetched = await fetch_image(url, self.limits, guard=self.guard)
            except ImageUnavailable as error:
                log.info("product image unavailable: %s (%s)", url, error)
                self.store.remember_failure(url)
                return None
            return await asyncio.to_thread(self.store.put, url, fetched)
