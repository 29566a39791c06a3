"""Experiments: a fixed-horizon plan in shoppers per arm (the unit of randomisation).

The old plan counted searches per arm by the two-proportion formula; it becomes the planned
shoppers per arm, which is that formula with each shopper searching once (the cautious case:
repeat searches of one shopper carry less than independent ones, never more than one shopper
with a single search). Its spread is the Bernoulli one, sqrt(p (1 - p)).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.alter_column(
        "experiments", "sample_size_per_arm", new_column_name="planned_shoppers_per_arm"
    )
    op.add_column("experiments", sa.Column("baseline_shopper_sd", sa.Float(), nullable=True))
    op.add_column("experiments", sa.Column("plan_basis", sa.String(length=200), nullable=True))
    op.execute(
        """
        UPDATE experiments
        SET baseline_shopper_sd = sqrt(baseline_ctr * (1 - baseline_ctr)),
            plan_basis = 'planned before shopper-level analysis: as if each shopper searched once'
        WHERE planned_shoppers_per_arm IS NOT NULL AND baseline_ctr > 0 AND baseline_ctr < 1
        """
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_column("experiments", "plan_basis")
    op.drop_column("experiments", "baseline_shopper_sd")
    op.alter_column(
        "experiments", "planned_shoppers_per_arm", new_column_name="sample_size_per_arm"
    )
