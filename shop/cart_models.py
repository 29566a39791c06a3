"""The cart: what a shopper (signed in, or known only by an anonymous id) means to buy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base

MAX_QUANTITY = 99


class CartItem(Base):
    """One product line of a cart, owned by exactly one of a user or an anonymous id."""

    __tablename__ = "cart_items"
    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (anonymous_id IS NULL)", name="exactly_one_owner"),
        CheckConstraint(f"quantity BETWEEN 1 AND {MAX_QUANTITY}", name="quantity_in_range"),
        Index(
            "uq_cart_items_user_product",
            "user_id",
            "product_id",
            unique=True,
            postgresql_where=text("user_id IS NOT NULL"),
        ),
        Index(
            "uq_cart_items_anonymous_product",
            "anonymous_id",
            "product_id",
            unique=True,
            postgresql_where=text("anonymous_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # Deleting an account deletes its cart with it.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    anonymous_id: Mapped[str | None] = mapped_column(String(64))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
