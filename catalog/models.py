"""SQLAlchemy models of the catalog: products and the outbox that feeds the indexer."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base

IN_STOCK_SQL = "stock IS NULL OR stock > 0"


class Product(Base):
    """A sellable product; Postgres is the source of truth, ES holds a derived copy."""

    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("rating >= 0 AND rating <= 5", name="rating_in_range"),
        Index("ix_products_brand", "brand"),
        Index("ix_products_product_type", "product_type"),
        Index("ix_products_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    brand: Mapped[str | None] = mapped_column(String(200))
    product_type: Mapped[str | None] = mapped_column(String(200))
    type_learned: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), server_default="EUR")
    rating: Mapped[float | None] = mapped_column(Float)
    review_count: Mapped[int] = mapped_column(Integer, server_default="0")
    # NULL: stock is not tracked (a catalog without a stock column), so always available;
    # catalog.schemas.available is the same rule in Python.
    stock: Mapped[int | None] = mapped_column(Integer)
    in_stock: Mapped[bool] = mapped_column(Boolean, Computed(IN_STOCK_SQL, persisted=True))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    image_url: Mapped[str | None] = mapped_column(String(2000))
    release_date: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Behavioural popularity, written by the signals job (rounded, so small drifts write nothing);
    # a change bumps the version and reaches ES through the outbox like any other edit.
    popularity: Mapped[float] = mapped_column(Float, server_default="0")
    # Bumped by a trigger on every real change; the indexer uses it as the ES external version.
    version: Mapped[int] = mapped_column(BigInteger, server_default="1")


class OutboxEntry(Base):
    """A product change waiting to reach Elasticsearch, written by a trigger in the same
    transaction as the change itself, so no change can be committed without its entry."""

    __tablename__ = "index_outbox"
    __table_args__ = (
        # The sync loop scans pending rows in id order; a partial index keeps that cheap.
        Index("ix_index_outbox_pending", "id", postgresql_where=text("processed_at IS NULL")),
        CheckConstraint("op IN ('upsert', 'delete')", name="op_known"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    product_id: Mapped[int] = mapped_column(BigInteger)
    sku: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(10))
    product_version: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
