"""Purchases recorded by the server when an order is placed, credited to the search behind them.

Clients cannot be trusted to report revenue, so checkout writes one purchase event per order
line itself, in the order's transaction: the order and its events commit or fail together.
Each line is credited to the search (query_id) of the shopper's latest add-to-cart of that
product within the attribution window; lines nobody searched for carry no query_id.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from behaviour.models import Event, EventSource, EventType

ATTRIBUTION_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class PurchasedLine:
    """One order line: what was bought, how many, at what unit price."""

    product_id: int
    quantity: int
    price: Decimal


def record_purchases(
    db: Session, *, user_id: int, order_id: int, lines: Sequence[PurchasedLine]
) -> None:
    """Add one purchase event per line to the session (the caller commits with the order)."""
    now = datetime.now(UTC)
    credited = _searches_behind(db, user_id, [line.product_id for line in lines], now)
    db.add_all(
        Event(
            # The server's own id space: no client event can take this id first.
            source=EventSource.SERVER.value,
            client_event_id=f"order-{order_id}",
            event_type=EventType.PURCHASE.value,
            query_id=credited.get(line.product_id),
            product_id=line.product_id,
            quantity=line.quantity,
            user_id=user_id,
            occurred_at=now,
            attributes={"order_id": order_id, "price": float(line.price)},
        )
        for line in lines
    )


def _searches_behind(
    db: Session, user_id: int, product_ids: list[int], now: datetime
) -> dict[int, uuid.UUID]:
    """Return, per product, the query_id of the user's latest add-to-cart from a search."""
    rows = db.execute(
        select(Event.product_id, Event.query_id)
        .where(
            Event.user_id == user_id,
            Event.event_type == EventType.ADD_TO_CART.value,
            Event.product_id.in_(product_ids),
            Event.query_id.is_not(None),
            Event.occurred_at >= now - ATTRIBUTION_WINDOW,
        )
        .order_by(Event.occurred_at)
    ).all()
    return {int(pid): query_id for pid, query_id in rows if query_id is not None}  # latest wins
