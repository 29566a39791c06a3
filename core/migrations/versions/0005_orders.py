"""Orders and their lines, placed from carts; product popularity from behavioural signals.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


CONTENT = (
    "sku, title, description, brand, product_type, price, currency, rating, review_count, "
    "stock, attributes, image_url, release_date, active"
)


def bump_function(columns: str) -> str:
    """Return the version-bumping trigger function comparing these columns."""
    new = ", ".join(f"NEW.{c.strip()}" for c in columns.split(","))
    old = ", ".join(f"OLD.{c.strip()}" for c in columns.split(","))
    return f"""
CREATE OR REPLACE FUNCTION products_bump_version() RETURNS trigger AS $$
BEGIN
  IF ({new}) IS DISTINCT FROM ({old}) THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


def upgrade() -> None:
    """Apply this revision."""
    op.add_column(
        "products", sa.Column("popularity", sa.Float(), server_default="0", nullable=False)
    )
    # A popularity change is a content change: it must reach the index through the outbox.
    op.execute(bump_function(CONTENT + ", popularity"))
    op.create_table(
        "orders",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=20), server_default="placed", nullable=False),
        sa.Column("total", sa.Numeric(14, 2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('placed', 'cancelled')", name=op.f("ck_orders_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_orders_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    )
    op.create_index("ix_orders_user_created", "orders", ["user_id", "created_at"])
    op.create_table(
        "order_items",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("price", sa.Numeric(12, 2), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("line_total", sa.Numeric(14, 2), nullable=False),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_order_items_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_order_items_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_items")),
    )
    op.create_index("ix_order_items_order_id", "order_items", ["order_id"])
    op.create_index("ix_order_items_product_id", "order_items", ["product_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.execute(bump_function(CONTENT))
    op.drop_column("products", "popularity")
    op.drop_table("order_items")
    op.drop_table("orders")
