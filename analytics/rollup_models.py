"""Daily rollups of searches and what followed them, so reports never scan raw events.

A worker job recomputes whole days (see analytics.rollups); reports sum these rows. Rows are
keyed by the day the search was served, so events arriving later are counted once the job
rolls that day again.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class SearchRollup(Base):
    """One day's first-page searches served by one ranking variant, and what followed."""

    __tablename__ = "search_rollups"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    variant: Mapped[str] = mapped_column(String(40), primary_key=True)
    searches: Mapped[int] = mapped_column(Integer)
    zero_results: Mapped[int] = mapped_column(Integer)
    clicked: Mapped[int] = mapped_column(Integer)  # searches with at least one click
    clicked_at_1: Mapped[int] = mapped_column(Integer)  # ... with a click at position 1
    clicked_at_5: Mapped[int] = mapped_column(Integer)
    clicked_at_10: Mapped[int] = mapped_column(Integer)
    clicks: Mapped[int] = mapped_column(Integer)  # clicks with a position
    click_position_sum: Mapped[int] = mapped_column(BigInteger)
    carted: Mapped[int] = mapped_column(Integer)  # searches followed by an add-to-cart
    purchased: Mapped[int] = mapped_column(Integer)  # searches followed by a purchase
    revenue: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    # Search latency counts per bucket of analytics.rollups.LATENCY_EDGES_MS.
    latency_histogram: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    # A HyperLogLog sketch of the day's distinct queries (see analytics.sketch).
    query_sketch: Mapped[bytes] = mapped_column(LargeBinary)


class QueryRollup(Base):
    """One day's first-page searches for one query under one variant."""

    __tablename__ = "query_rollups"
    __table_args__ = (Index("ix_query_rollups_query_day", "query", "day"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    variant: Mapped[str] = mapped_column(String(40), primary_key=True)
    query: Mapped[str] = mapped_column(Text, primary_key=True)
    searches: Mapped[int] = mapped_column(Integer)
    zero_results: Mapped[int] = mapped_column(Integer)
    clicked: Mapped[int] = mapped_column(Integer)
    purchased: Mapped[int] = mapped_column(Integer)


class QueryClickRollup(Base):
    """One day's clicks on one product from searches for one query."""

    __tablename__ = "query_click_rollups"
    __table_args__ = (Index("ix_query_click_rollups_query_day", "query", "day"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    query: Mapped[str] = mapped_column(Text, primary_key=True)
    product_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    clicks: Mapped[int] = mapped_column(Integer)


class ReformulationRollup(Base):
    """One day's count of shoppers searching `next_query` within minutes of `query`."""

    __tablename__ = "reformulation_rollups"
    __table_args__ = (Index("ix_reformulation_rollups_query_day", "query", "day"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    query: Mapped[str] = mapped_column(Text, primary_key=True)
    next_query: Mapped[str] = mapped_column(Text, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class RolledDay(Base):
    """A day the rollup job has computed, and when; retention drops only rolled days."""

    __tablename__ = "rolled_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    rolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
