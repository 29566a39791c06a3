"""Catalog: products, the index outbox and the triggers that keep them in step.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns whose change makes a new product version (not the bookkeeping ones, and not the
# generated in_stock, which a BEFORE trigger cannot read yet).
CONTENT_COLUMNS = (
    "sku, title, description, brand, product_type, price, currency, rating, review_count, "
    "stock, attributes, image_url, release_date, active"
)
NEW_CONTENT = ", ".join(f"NEW.{c.strip()}" for c in CONTENT_COLUMNS.split(","))
OLD_CONTENT = ", ".join(f"OLD.{c.strip()}" for c in CONTENT_COLUMNS.split(","))

# Bump version and updated_at only when content really changed, so a re-import of an
# unchanged catalog writes nothing to the outbox.
BUMP_VERSION = f"""
CREATE FUNCTION products_bump_version() RETURNS trigger AS $$
BEGIN
  IF ({NEW_CONTENT}) IS DISTINCT FROM ({OLD_CONTENT}) THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER products_bump_version BEFORE UPDATE ON products
  FOR EACH ROW EXECUTE FUNCTION products_bump_version();
"""

# The outbox row is written inside the same transaction as the change: commit both or neither.
# A delete carries OLD.version + 1 so it wins over the last indexed version in ES.
WRITE_OUTBOX = """
CREATE FUNCTION products_write_outbox() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO index_outbox (product_id, sku, op, product_version)
      VALUES (OLD.id, OLD.sku, 'delete', OLD.version + 1);
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.version = OLD.version THEN
    RETURN NEW;
  END IF;
  INSERT INTO index_outbox (product_id, sku, op, product_version)
    VALUES (NEW.id, NEW.sku, 'upsert', NEW.version);
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER products_write_outbox AFTER INSERT OR UPDATE OR DELETE ON products
  FOR EACH ROW EXECUTE FUNCTION products_write_outbox();
"""


def upgrade() -> None:
    """Create the catalog tables and triggers."""
    op.create_table(
        "products",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("brand", sa.String(200)),
        sa.Column("product_type", sa.String(200)),
        sa.Column("price", sa.Numeric(12, 2)),
        sa.Column("currency", sa.String(3), nullable=False, server_default="EUR"),
        sa.Column("rating", sa.Float()),
        sa.Column("review_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("stock", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("in_stock", sa.Boolean(), sa.Computed("stock > 0", persisted=True)),
        sa.Column(
            "attributes",
            postgresql.JSONB(),
            nullable=False,
            server_default=sa.text("'{}'::jsonb"),
        ),
        sa.Column("image_url", sa.String(2000)),
        sa.Column("release_date", sa.Date()),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("true")),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("version", sa.BigInteger(), nullable=False, server_default="1"),
        sa.CheckConstraint("price >= 0", name="ck_products_price_not_negative"),
        sa.CheckConstraint("stock >= 0", name="ck_products_stock_not_negative"),
        sa.CheckConstraint("rating >= 0 AND rating <= 5", name="ck_products_rating_in_range"),
        sa.UniqueConstraint("sku", name="uq_products_sku"),
    )
    op.create_index("ix_products_brand", "products", ["brand"])
    op.create_index("ix_products_product_type", "products", ["product_type"])
    op.create_index("ix_products_updated_at", "products", ["updated_at"])
    op.create_table(
        "index_outbox",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("op", sa.String(10), nullable=False),
        sa.Column("product_version", sa.BigInteger(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("processed_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text()),
        sa.CheckConstraint("op IN ('upsert', 'delete')", name="ck_index_outbox_op_known"),
    )
    op.create_index(
        "ix_index_outbox_pending",
        "index_outbox",
        ["id"],
        postgresql_where=sa.text("processed_at IS NULL"),
    )
    op.execute(BUMP_VERSION)
    op.execute(WRITE_OUTBOX)


def downgrade() -> None:
    """Drop the catalog tables and triggers."""
    op.execute("DROP TRIGGER IF EXISTS products_write_outbox ON products")
    op.execute("DROP TRIGGER IF EXISTS products_bump_version ON products")
    op.execute("DROP FUNCTION IF EXISTS products_write_outbox()")
    op.execute("DROP FUNCTION IF EXISTS products_bump_version()")
    op.drop_table("index_outbox")
    op.drop_table("products")
