"""Outbox sync: apply pending product changes to Elasticsearch, idempotently and in order.

Every product write leaves an outbox row in its own transaction (a trigger does it). The sync
claims pending rows with SKIP LOCKED, writes the current product state to ES under its row
version (external versioning: a stale write loses), and marks the rows done in the same
transaction. If ES fails mid-way the transaction rolls back and the rows stay pending, so a
restart neither loses nor duplicates a change.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import BulkIndexError, bulk
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from catalog.models import OutboxEntry, Product
from indexer.documents import delete_action, index_action
from indexer.exceptions import RebuildRefused
from indexer.vectors import product_vectors

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class SyncResult:
    """One sync pass: entries claimed, documents written, entries that failed."""

    claimed: int
    applied: int
    failed: int


def sync_once(
    *, engine: Engine, es: Elasticsearch, alias: str, batch_size: int = 500
) -> SyncResult:
    """Apply one batch of pending outbox entries to the live index behind `alias`.

    Before the first rebuild there is no alias: entries wait, rather than letting ES
    auto-create a stray index under the alias's name.
    """
    with Session(engine) as session, session.begin():
        entries = list(
            session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.processed_at.is_(None), OutboxEntry.attempts < MAX_ATTEMPTS)
                .order_by(OutboxEntry.id)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
        )
        # Only asked when there is work, so an idle loop costs one indexed query.
        if not entries or not es.indices.exists_alias(name=alias):
            return SyncResult(0, 0, 0)
        actions = _actions_for(session, entries, alias)
        # Marked done only once searchable: the search cache keys on the last done entry.
        failures = _apply(es, actions, require_alias=True, refresh="wait_for")
        _mark(session, entries, failures)
    return SyncResult(len(entries), len(actions) - len(failures), len(failures))


def _actions_for(session: Session, entries: list[OutboxEntry], index: str) -> list[dict[str, Any]]:
    """Collapse entries to the newest per product and build the bulk actions."""
    newest: dict[int, OutboxEntry] = {}
    for entry in entries:
        newest[entry.product_id] = entry
    upserts = [e.product_id for e in newest.values() if e.op == "upsert"]
    products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(upserts)))}
    source = product_vectors(session.get_bind())
    vectors = source.for_products(list(products.values())) if source is not None else {}
    actions = []
    for product_id, entry in newest.items():
        product = products.get(product_id)
        if entry.op == "delete":
            actions.append(delete_action(product_id, entry.product_version, index))
        elif product is not None:
            # The current row, not the version logged: it is at least as new.
            actions.append(index_action(product, index, vectors.get(product_id)))
    return actions


def _apply(
    es: Elasticsearch,
    actions: list[dict[str, Any]],
    *,
    require_alias: bool = False,
    refresh: str | None = None,
) -> dict[str, str]:
    """Send the actions; return an error text per product id that did not apply.

    `refresh="wait_for"` returns only when the changes are searchable.
    """
    if not actions:
        return {}
    options: dict[str, Any] = {"refresh": refresh} if refresh else {}
    try:
        bulk(
            es,
            actions,
            raise_on_error=True,
            max_retries=3,
            initial_backoff=1,
            require_alias=require_alias,
            **options,
        )
    except BulkIndexError as exc:
        return {
            str(detail["_id"]): str(detail.get("error"))
            for item in exc.errors
            for op, detail in item.items()
            if not _already_applied(op, detail)
        }
    return {}


def _already_applied(op: str, detail: dict[str, Any]) -> bool:
    """Tell whether a failed bulk item means ES already reflects the change."""
    status = int(detail.get("status", 0))
    if status == 409:  # ES holds this version or a newer one: a stale write lost, as it should
        return True
    return op == "delete" and status == 404 and detail.get("result") == "not_found"


def _mark(session: Session, entries: list[OutboxEntry], failures: dict[str, str]) -> None:
    """Mark applied entries processed; count an attempt and keep the error on failed ones."""
    done = [e.id for e in entries if str(e.product_id) not in failures]
    if done:
        session.execute(
            update(OutboxEntry).where(OutboxEntry.id.in_(done)).values(processed_at=func.now())
        )
    for entry in entries:
        error = failures.get(str(entry.product_id))
        if error is not None:
            entry.attempts += 1
            entry.last_error = error[:2000]
            log.warning("outbox entry %s failed: %s", entry.id, error)


def sync_until_empty(
    *, engine: Engine, es: Elasticsearch, alias: str, batch_size: int = 500
) -> SyncResult:
    """Run sync passes until nothing is pending; return the totals."""
    claimed = applied = failed = 0
    while True:
        result = sync_once(engine=engine, es=es, alias=alias, batch_size=batch_size)
        claimed, applied, failed = (
            claimed + result.claimed,
            applied + result.applied,
            failed + result.failed,
        )
        if result.claimed < batch_size or result.claimed == result.failed:
            return SyncResult(claimed, applied, failed)


def follow(
    *,
    engine: Engine,
    es: Elasticsearch,
    alias: str,
    poll_seconds: float = 0.25,
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Keep syncing until told to stop, backing off while ES or Postgres is unreachable."""
    backoff = poll_seconds
    while not should_stop():
        try:
            result = sync_until_empty(engine=engine, es=es, alias=alias)
            backoff = poll_seconds
            if result.claimed:
                log.info("outbox sync applied %s changes", result.applied)
            else:
                time.sleep(poll_seconds)
        except Exception as exc:  # a dead ES or PG must not kill the loop
            log.warning("outbox sync failed, retrying in %.1fs: %s", backoff, exc)
            time.sleep(backoff)
            backoff = min(backoff * 2, 10.0)


def mark_applied_through(engine: Engine, last_id: int) -> None:
    """Mark pending entries up to `last_id` done: a snapshot that includes them went live."""
    with Session(engine) as session, session.begin():
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.id <= last_id, OutboxEntry.processed_at.is_(None))
            .values(processed_at=func.now())
        )


def replay_since(*, engine: Engine, es: Elasticsearch, index: str, after_id: int) -> int:
    """Re-apply every outbox entry after `after_id` (done or not) to one index; return count."""
    with Session(engine) as session:
        entries = list(
            session.scalars(
                select(OutboxEntry).where(OutboxEntry.id > after_id).order_by(OutboxEntry.id)
            )
        )
        actions = _actions_for(session, entries, index) if entries else []
    failures = _apply(es, actions)
    if failures:
        raise RebuildRefused(f"replaying outbox into {index} failed for {len(failures)} products")
    return len(actions)


def last_synced_id(session: Session) -> int:
    """Return the id of the newest outbox entry already searchable (0 when none)."""
    newest = session.scalar(
        select(OutboxEntry.id)
        .where(OutboxEntry.processed_at.is_not(None))
        .order_by(OutboxEntry.id.desc())
        .limit(1)
    )
    return int(newest or 0)


def backlog(session: Session) -> tuple[int, float | None]:
    """Return the pending entry count and the age in seconds of the oldest one."""
    count, oldest = session.execute(
        select(func.count(), func.min(OutboxEntry.created_at)).where(
            OutboxEntry.processed_at.is_(None)
        )
    ).one()
    age = None
    if oldest is not None:
        age = float(session.scalar(select(func.extract("epoch", func.now() - oldest))) or 0)
    return int(count), age
