"""Text embeddings: sentence vectors of product text, kept so a rebuild embeds only new text.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "text_embeddings",
        # Keyed by model and by the text's digest: the same text embeds once whatever product
        # carries it, and a new model never reads another model's vectors.
        sa.Column("model", sa.Text, primary_key=True),
        sa.Column("digest", sa.LargeBinary, primary_key=True),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("text_embeddings")
