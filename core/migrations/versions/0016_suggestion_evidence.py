"""Merchandising suggestions: the evidence behind each one, in a sentence the inbox shows.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.add_column(
        "merch_suggestions", sa.Column("evidence", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_column("merch_suggestions", "evidence")
