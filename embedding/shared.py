"""The process's one encoder and its cache of query vectors."""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any

import numpy as np

from core.settings import get_settings
from core.text import fold
from embedding.model import Encoder, Loaded, load

Vector = np.ndarray[Any, np.dtype[np.float32]]
# Queries repeat (a store's head queries are most of its searches): a hit costs microseconds,
# a miss a few milliseconds of one core.
QUERY_CACHE_SIZE = 20_000


@lru_cache(maxsize=1)
def shared_encoder() -> Loaded:
    """Return this process's encoder (loaded on first use), or why there is none."""
    settings = get_settings()
    if not settings.semantic:
        return Loaded(None, "turned off (AISLE_SEMANTIC=false)")
    return load(
        settings.embedding_model_dir,
        cache=settings.cache_dir / "models",
        threads=settings.embedding_threads,
    )


class QueryVectors:
    """Embed search queries through an LRU cache keyed by the folded query."""

    def __init__(self, encoder: Encoder, size: int = QUERY_CACHE_SIZE) -> None:
        self.encoder = encoder
        self.size = size
        self._cache: OrderedDict[str, Vector] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, q: str) -> Vector:
        """Return the query's unit vector."""
        key = fold(q).strip()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        vector: Vector = self.encoder.embed([key])[0]
        vector.setflags(write=False)  # shared between searches
        with self._lock:
            self._cache[key] = vector
            if len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return vector


@lru_cache(maxsize=1)
def _shared_queries() -> QueryVectors | None:
    """Return the process's query cache over the shared encoder (None without one)."""
    encoder = shared_encoder().encoder
    return QueryVectors(encoder) if encoder is not None else None


def query_vector(q: str) -> Vector | None:
    """Return the query's vector, or None when there is no text or no encoder."""
    queries = _shared_queries()
    return queries(q) if queries is not None and q.strip() else None


def forget() -> None:
    """Drop the loaded encoder and query cache, so the next use reloads under new settings."""
    shared_encoder.cache_clear()
    _shared_queries.cache_clear()
