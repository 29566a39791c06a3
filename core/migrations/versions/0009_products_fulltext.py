"""Products: a GIN full-text index for the degraded search while Elasticsearch is away.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Must stay the exact expression of search_service.fallback.DOCUMENT_SQL, or the index is unused.
DOCUMENT_SQL = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(brand, '') || ' ' || "
    "coalesce(product_type, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, left(coalesce(description, ''), 2000)), 'D')"
)


def upgrade() -> None:
    """Apply this revision."""
    op.execute(f"CREATE INDEX ix_products_fulltext ON products USING gin (({DOCUMENT_SQL}))")


def downgrade() -> None:
    """Revert this revision."""
    op.execute("DROP INDEX ix_products_fulltext")
