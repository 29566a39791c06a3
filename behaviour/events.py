"""Ingest shopper events: validate each against what exists and what search served, store once."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from redis import Redis
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from accounts.identity import owner_key
from behaviour import profiles
from behaviour.models import Event, EventSource, ServedQuery
from behaviour.profiles import Act
from behaviour.schemas import EventError, EventIn, IngestResult
from catalog.models import Product

# Clocks drift; a little future is tolerated, a lot is a bug or a forgery. The same drift is
# allowed the other way, before the search an event names.
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_AGE = timedelta(days=7)
# A (query, product, type) seen again within this long (by the server's clock) counts once:
# a replay under a new event id, or a shopper clicking the same result twice, is one signal.
REPLAY_WINDOW = timedelta(minutes=30)
# Advisory lock keys of the replay check: this plus a hash of the query_id.
REPLAY_LOCK_BASE = 0x45_56_00_00_0000


@dataclass(frozen=True)
class Served:
    """The part of a served query that event validation needs."""

    offset: int
    total: int
    product_ids: list[int]
    served_at: datetime
    user_id: int | None
    anonymous_id: str | None

    def served_to(self, user_id: int | None, anonymous_id: str | None) -> bool:
        """Say whether this search was served to the caller (the account, or the browser)."""
        if self.user_id is not None and self.user_id == user_id:
            return True
        return self.anonymous_id is not None and self.anonymous_id == anonymous_id

    def problem_with(self, product_id: int, position: int) -> str | None:
        """Say why `product_id` cannot have been at `position` of this query, if it cannot."""
        if position > self.total:
            return f"position {position} is beyond the {self.total} results of the query"
        index = position - self.offset - 1
        if not 0 <= index < len(self.product_ids):
            shown = f"{self.offset + 1}-{self.offset + len(self.product_ids)}"
            return f"position {position} was not shown by the query (it showed {shown})"
        if self.product_ids[index] != product_id:
            return (
                f"product {product_id} was not at position {position} of the query "
                f"(product {self.product_ids[index]} was)"
            )
        return None


def ingest(
    db: Session,
    raw_events: Iterable[Any],
    *,
    user_id: int | None,
    anonymous_id: str | None,
    now: datetime | None = None,
    redis: Redis[str] | None = None,
    backdating: bool = False,
) -> IngestResult:
    """Store the valid events once each (repeats are ignored); report the refused ones.

    An event naming a query_id must come from the shopper it was served to, and (unless
    `backdating`, for simulated history) not be dated before it; the same (query, product,
    type) again within REPLAY_WINDOW is a repeat. With `redis`, the shopper's live profile
    learns from the newly stored events at once.
    """
    now = now or datetime.now(UTC)
    parsed, rejected = _parse(raw_events)
    caller = (user_id, anonymous_id)
    query_ids = sorted({str(event.query_id) for _, event in parsed if event.query_id})
    for query_id in query_ids:
        # Two requests replaying the same click at once must not both pass the replay check.
        db.execute(
            text("SELECT pg_advisory_xact_lock(:base + hashtext(:q))"),
            {"base": REPLAY_LOCK_BASE, "q": query_id},
        )
    products, served = _lookups(db, [event for _, event in parsed])
    seen = _recent_signals(db, [uuid.UUID(q) for q in query_ids], now)
    rows: list[dict[str, Any]] = []
    accepted_ids: list[str] = []
    for index, event in parsed:
        problems = _problems(event, products, served, now, caller, backdating)
        if problems:
            rejected.append(
                EventError(index=index, client_event_id=event.client_event_id, errors=problems)
            )
            continue
        accepted_ids.append(event.client_event_id)
        fresh_rows = []
        for row in _rows(event, user_id, anonymous_id):
            signal = (row["query_id"], row["product_id"], row["event_type"])
            if row["query_id"] is None or signal not in seen:
                seen.add(signal)
                fresh_rows.append(row)
        rows.extend(fresh_rows)
    stored: set[str] = set()
    if rows:
        statement = (
            insert(Event)
            .values(rows)
            .on_conflict_do_nothing(constraint="uq_events_source_client_event_product")
        )
        stored = set(db.scalars(statement.returning(Event.client_event_id)))
    db.commit()
    if redis is not None and stored:
        owner = owner_key(user_id, anonymous_id)
        acts = [
            Act(
                row["event_type"],
                row["product_id"],
                *products[row["product_id"]],
                row["occurred_at"],
            )
            for row in sorted(rows, key=lambda r: r["occurred_at"])
            if row["client_event_id"] in stored
        ]
        profiles.record(redis, owner, acts)
    fresh = sum(1 for client_id in set(accepted_ids) if client_id in stored)
    return IngestResult(
        accepted=fresh,
        duplicates=len(accepted_ids) - fresh,
        rejected=sorted(rejected, key=lambda e: e.index),
        received_at=now,
    )


def _parse(raw_events: Iterable[Any]) -> tuple[list[tuple[int, EventIn]], list[EventError]]:
    """Validate each event's shape on its own, so one bad event does not sink the batch."""
    parsed: list[tuple[int, EventIn]] = []
    rejected: list[EventError] = []
    for index, raw in enumerate(raw_events):
        try:
            parsed.append((index, EventIn.model_validate(raw)))
        except ValidationError as exc:
            client_id = raw.get("client_event_id") if isinstance(raw, dict) else None
            errors = [_describe(error) for error in exc.errors()]
            rejected.append(
                EventError(
                    index=index,
                    client_event_id=str(client_id)[:64] if client_id is not None else None,
                    errors=errors,
                )
            )
    return parsed, rejected


def _describe(error: Any) -> str:
    """Turn one pydantic error into 'field: message'."""
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])


Facts = dict[int, tuple[str | None, str | None, float | None]]


def _lookups(db: Session, events: list[EventIn]) -> tuple[Facts, dict[uuid.UUID, Served]]:
    """Fetch, in two queries, the products (brand, type, price) and served queries referred to."""
    product_ids = {product_id for event in events for product_id, _ in event.rows()}
    query_ids = {event.query_id for event in events if event.query_id is not None}
    products: Facts = {}
    if product_ids:
        for pid, brand, kind, price in db.execute(
            select(Product.id, Product.brand, Product.product_type, Product.price).where(
                Product.id.in_(product_ids)
            )
        ):
            products[pid] = (brand, kind, float(price) if price is not None else None)
    served: dict[uuid.UUID, Served] = {}
    if query_ids:
        for row in db.execute(
            select(
                ServedQuery.query_id,
                ServedQuery.offset,
                ServedQuery.total,
                ServedQuery.product_ids,
                ServedQuery.served_at,
                ServedQuery.user_id,
                ServedQuery.anonymous_id,
            ).where(ServedQuery.query_id.in_(query_ids))
        ):
            served[row.query_id] = Served(
                row.offset,
                row.total,
                list(row.product_ids),
                row.served_at,
                row.user_id,
                row.anonymous_id,
            )
    return products, served


Signal = tuple[uuid.UUID | None, int, str]


def _recent_signals(db: Session, query_ids: list[uuid.UUID], now: datetime) -> set[Signal]:
    """Return the (query, product, type) of these queries' events received within the window."""
    if not query_ids:
        return set()
    found = db.execute(
        select(Event.query_id, Event.product_id, Event.event_type).where(
            Event.query_id.in_(query_ids),
            Event.source == EventSource.CLIENT.value,
            Event.received_at >= now - REPLAY_WINDOW,
        )
    )
    return {(query_id, int(product_id), kind) for query_id, product_id, kind in found}


def _problems(
    event: EventIn,
    products: Facts,
    served: dict[uuid.UUID, Served],
    now: datetime,
    caller: tuple[int | None, str | None],
    backdating: bool,
) -> list[str]:
    """List everything wrong with an event that its shape alone cannot show."""
    problems = []
    if event.timestamp > now + MAX_CLOCK_SKEW:
        problems.append("timestamp: in the future")
    elif event.timestamp < now - MAX_AGE:
        problems.append(f"timestamp: older than {MAX_AGE.days} days")
    query = served.get(event.query_id) if event.query_id else None
    if event.query_id is not None and query is None:
        problems.append(f"query_id: unknown query {event.query_id}")
    if query is not None and not query.served_to(*caller):
        # Said as 'unknown' would leak nothing either, but the shopper deserves the reason.
        problems.append(f"query_id: query {event.query_id} was served to another shopper")
        return problems
    if query is not None and not backdating and event.timestamp < query.served_at - MAX_CLOCK_SKEW:
        problems.append(
            f"timestamp: before the search it names (served at {query.served_at.isoformat()})"
        )
    for product_id, position in event.rows():
        if product_id not in products:
            problems.append(f"product_id: unknown product {product_id}")
        elif query is not None and position is not None:
            problem = query.problem_with(product_id, position)
            if problem:
                problems.append(f"position: {problem}")
    return problems


def _rows(event: EventIn, user_id: int | None, anonymous_id: str | None) -> list[dict[str, Any]]:
    """Return the table rows of one event (one per product)."""
    return [
        {
            "client_event_id": event.client_event_id,
            "event_type": event.type.value,
            "query_id": event.query_id,
            "product_id": product_id,
            "position": position,
            "quantity": event.quantity,
            "user_id": user_id,
            "anonymous_id": anonymous_id,
            "session_id": event.session_id,
            "occurred_at": event.timestamp,
            "attributes": event.attributes,
        }
        for product_id, position in event.rows()
    ]
