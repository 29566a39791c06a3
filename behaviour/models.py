"""Behavioural data: what search served for each query_id, and what shoppers did next.

Modelled on the OpenSearch User Behavior Insights schema: every search response carries a
query_id; events (impressions, clicks, views, add-to-cart, purchases) link back to it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class EventType(StrEnum):
    """What a shopper did."""

    IMPRESSION = "impression"
    CLICK = "click"
    PRODUCT_VIEW = "product_view"
    ADD_TO_CART = "add_to_cart"
    PURCHASE = "purchase"


class EventSource(StrEnum):
    """Who wrote an event: a client through the events API, or the server itself (checkout)."""

    CLIENT = "client"
    SERVER = "server"


class ServedQuery(Base):
    """What the search API returned for one query_id, recorded by the server itself."""

    __tablename__ = "served_queries"
    __table_args__ = (
        # Append-only and scanned by time: a BRIN index is tiny and fast for ranges.
        Index("ix_served_queries_served_at", "served_at", postgresql_using="brin"),
        Index("ix_served_queries_user_id", "user_id", postgresql_where=text("user_id IS NOT NULL")),
        Index(
            "ix_served_queries_experiment",
            "experiment_id",
            postgresql_where=text("experiment_id IS NOT NULL"),
        ),
    )

    query_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    served_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    anonymous_id: Mapped[str | None] = mapped_column(String(64))
    query: Mapped[str] = mapped_column(Text)
    filters: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    sort: Mapped[str] = mapped_column(String(20))
    offset: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    # The product ids shown, in order: position p (1-based) is product_ids[p - offset - 1].
    product_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger))
    variant: Mapped[str] = mapped_column(String(40), server_default="bm25")
    # The merchandising version (synonyms and rules) applied, if any was published.
    merch_version: Mapped[int | None] = mapped_column(Integer)
    # How long the search took inside the service, for latency reports.
    latency_ms: Mapped[int | None] = mapped_column(Integer)
    # The experiment and arm this search was assigned to, if any.
    experiment_id: Mapped[int | None] = mapped_column(Integer)
    arm: Mapped[str | None] = mapped_column(String(40))
    # Interleaving: which arm's team (0 = first arm, 1 = second) contributed each product shown.
    teams: Mapped[list[int] | None] = mapped_column(ARRAY(SmallInteger))


class Event(Base):
    """One thing a shopper did with one product (an impression of N products is N rows)."""

    __tablename__ = "events"
    __table_args__ = (
        # A client retrying a batch sends the same ids: the second copy is ignored. The source
        # is part of the key, so no client id can ever collide with one the server wrote.
        UniqueConstraint(
            "source", "client_event_id", "product_id", name="uq_events_source_client_event_product"
        ),
        CheckConstraint("source IN ('client', 'server')", name="source_known"),
        CheckConstraint(
            "event_type IN ('impression', 'click', 'product_view', 'add_to_cart', 'purchase')",
            name="event_type_known",
        ),
        CheckConstraint("position IS NULL OR position >= 1", name="position_positive"),
        Index("ix_events_occurred_at", "occurred_at", postgresql_using="brin"),
        Index("ix_events_product_occurred", "product_id", "occurred_at"),
        Index("ix_events_query_id", "query_id", postgresql_where=text("query_id IS NOT NULL")),
        Index("ix_events_user_id", "user_id", postgresql_where=text("user_id IS NOT NULL")),
        Index("ix_events_anonymous_id", "anonymous_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    source: Mapped[str] = mapped_column(String(6), server_default=EventSource.CLIENT.value)
    client_event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(20))
    query_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    product_id: Mapped[int] = mapped_column(BigInteger)
    position: Mapped[int | None] = mapped_column(Integer)
    quantity: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    anonymous_id: Mapped[str | None] = mapped_column(String(64))
    session_id: Mapped[str | None] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    attributes: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
