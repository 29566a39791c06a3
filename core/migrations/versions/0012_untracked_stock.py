"""Products: stock may be unknown (NULL), and an untracked product is in stock.

A catalog without a stock column (Home Depot's sku,title file) used to import with stock 0,
so every product showed as sold out and the shop refused it. NULL now means "not tracked":
always available, never decremented. The generated in_stock follows (Postgres cannot change
a generated column's expression in place before 17, so it is dropped and added again).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.alter_column("products", "stock", nullable=True, server_default=None)
    op.drop_column("products", "in_stock")
    op.add_column(
        "products",
        sa.Column(
            "in_stock", sa.Boolean(), sa.Computed("stock IS NULL OR stock > 0", persisted=True)
        ),
    )


def downgrade() -> None:
    """Revert this revision (untracked stock becomes 0, as it was imported before)."""
    op.drop_column("products", "in_stock")
    op.execute("UPDATE products SET stock = 0 WHERE stock IS NULL")
    op.alter_column("products", "stock", nullable=False, server_default="0")
    op.add_column(
        "products", sa.Column("in_stock", sa.Boolean(), sa.Computed("stock > 0", persisted=True))
    )
