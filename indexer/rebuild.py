"""Full rebuild: load a new versioned index from a Postgres snapshot, then swap the alias."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from catalog.models import OutboxEntry, Product
from indexer import versions
from indexer.documents import index_action
from indexer.exceptions import RebuildRefused
from indexer.locks import rebuild_lock
from indexer.mapping import index_body, live_settings
from indexer.outbox import mark_applied_through, replay_since
from indexer.retry import with_backoff
from indexer.vectors import ProductVectors, product_vectors

log = logging.getLogger(__name__)
# How long a rebuild waits for the lock before refusing: the reaper holds it only briefly.
REAPER_GRACE_S = 5.0
# Products embedded per encoder call in a rebuild: big enough to batch well, small enough
# that progress reports keep coming while a large catalog is embedded for the first time.
VECTOR_BATCH = 256


@dataclass
class RebuildProgress:
    """Where a rebuild is: its phase and documents indexed of the snapshot's total."""

    index: str
    phase: str = "starting"
    indexed: int = 0
    total: int = 0


@dataclass(frozen=True)
class RebuildResult:
    """A finished rebuild."""

    index: str
    previous: str | None
    documents: int
    seconds: float
    replayed: int
    pruned: list[str]

    @property
    def docs_per_second(self) -> float:
        """Return the load throughput."""
        return self.documents / self.seconds if self.seconds else 0.0


ProgressCallback = Callable[[RebuildProgress], None]


def rebuild(
    *,
    engine: Engine,
    es: Elasticsearch,
    alias: str,
    keep: int,
    chunk_size: int = 1000,
    on_progress: ProgressCallback | None = None,
    pause_s: float = 0.0,
    shards: int = 1,
    replicas: int = 0,
) -> RebuildResult:
    """Build a new index from Postgres and make it live atomically; the old one keeps serving.

    A failure before the swap deletes the partial index and leaves the alias untouched; a
    failure just after it points the alias back at the previous index. `on_progress` may raise
    to abandon the build (a cancelled job does) up to and including the "swapping" report.
    `pause_s` sleeps between bulk chunks, to spare a cluster that is busy serving. The index
    gets `shards` primaries, and `replicas` copies of each once loaded.
    """
    started = time.monotonic()
    # The worker's reaper holds the lock for a moment while it removes leftovers.
    with rebuild_lock(engine, wait_s=REAPER_GRACE_S):
        versions.prune(es, alias, keep)  # leftovers of a crashed build
        progress = RebuildProgress(index=versions.new_index_name(alias))
        report = on_progress or (lambda _p: None)
        with_backoff(lambda: es.indices.create(index=progress.index, **index_body(shards=shards)))
        try:
            mark = _load_snapshot(engine, es, progress, chunk_size, report, pause_s)
            _finish_index(es, progress, report, replicas)
            replayed = replay_since(engine=engine, es=es, index=progress.index, after_id=mark)
            progress.phase = "swapping"
            report(progress)
        except BaseException:
            es.options(ignore_status=404).indices.delete(index=progress.index)
            raise
        previous, late = _go_live(engine, es, alias, progress.index, mark)
        pruned = versions.prune(es, alias, keep)
    return RebuildResult(
        index=progress.index,
        previous=previous,
        documents=progress.indexed,
        seconds=time.monotonic() - started,
        replayed=replayed + late,
        pruned=pruned,
    )


def _go_live(
    engine: Engine, es: Elasticsearch, alias: str, index: str, mark: int
) -> tuple[str | None, int]:
    """Swap the alias to the new index and replay changes the old one took meanwhile.

    Returns the previous index and how many late changes were replayed.
    """
    previous = versions.swap_alias(es, alias, index)
    try:
        # Changes the sync loop sent to the old index between the first replay and the swap.
        late = replay_since(engine=engine, es=es, index=index, after_id=mark)
        mark_applied_through(engine, mark)
    except BaseException:
        if previous is not None:
            versions.swap_alias(es, alias, previous)  # the old index has every change
        es.options(ignore_status=404).indices.delete(index=index)
        raise
    return previous, late


def _load_snapshot(
    engine: Engine,
    es: Elasticsearch,
    progress: RebuildProgress,
    chunk_size: int,
    report: ProgressCallback,
    pause_s: float,
) -> int:
    """Bulk-load every product from one consistent snapshot; return its outbox high-water mark."""
    with Session(engine) as session:
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        mark = int(session.scalar(select(func.coalesce(func.max(OutboxEntry.id), 0))) or 0)
        progress.total = int(session.scalar(select(func.count()).select_from(Product)) or 0)
        progress.phase = "loading"
        report(progress)
        actions = _actions(session, progress.index, chunk_size, product_vectors(engine))
        for ok, item in streaming_bulk(
            es,
            actions,
            chunk_size=chunk_size,
            max_retries=5,
            initial_backoff=1,
            raise_on_error=False,
        ):
            if not ok and _status(item) != 409:
                raise RebuildRefused(f"indexing failed: {item}")
            progress.indexed += 1
            if progress.indexed % chunk_size == 0:
                report(progress)
                if pause_s:
                    time.sleep(pause_s)
    if progress.indexed < progress.total:
        raise RebuildRefused(
            f"index holds {progress.indexed} of {progress.total} products; not swapping"
        )
    return mark


def _actions(
    session: Session, index: str, chunk_size: int, vectors: ProductVectors | None
) -> Iterator[dict[str, Any]]:
    """Stream bulk actions for all products through a server-side cursor, with their vectors."""
    stmt = select(Product).order_by(Product.id).execution_options(yield_per=chunk_size)
    products = iter(session.scalars(stmt))
    while batch := list(islice(products, VECTOR_BATCH)):
        found = vectors.for_products(batch) if vectors is not None else {}
        for product in batch:
            yield index_action(product, index, found.get(product.id))


def _status(item: dict[str, Any]) -> int:
    """Return the HTTP status of one bulk response item."""
    return int(next(iter(item.values())).get("status", 0))


def _finish_index(
    es: Elasticsearch, progress: RebuildProgress, report: ProgressCallback, replicas: int
) -> None:
    """Restore serving settings, refresh, check the count and mark the index complete."""
    progress.phase = "finalizing"
    report(progress)
    with_backoff(
        lambda: es.indices.put_settings(
            index=progress.index, settings=live_settings(replicas=replicas)
        )
    )
    with_backoff(lambda: es.indices.refresh(index=progress.index))
    count = int(with_backoff(lambda: es.count(index=progress.index)).body["count"])
    if count < progress.total:
        raise RebuildRefused(
            f"index {progress.index} holds {count} documents but Postgres has "
            f"{progress.total}; keeping the current index live"
        )
    with_backoff(lambda: versions.mark_complete(es, progress.index))
