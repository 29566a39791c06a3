"""Ranking models: each model's held-out candidates, so the gate compares on the same queries.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.add_column("ranking_models", sa.Column("holdout", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    op.drop_column("ranking_models", "holdout")
