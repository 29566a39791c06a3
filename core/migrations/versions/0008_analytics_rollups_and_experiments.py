"""Analytics: daily rollups, experiments; latency, experiment arm and teams per served query.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "experiments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("surface", sa.String(length=40), server_default="search", nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="draft", nullable=False),
        sa.Column("traffic_percent", sa.Integer(), nullable=False),
        sa.Column("bucket_start", sa.Integer(), nullable=True),
        sa.Column("alpha", sa.Float(), nullable=False),
        sa.Column("power", sa.Float(), nullable=False),
        sa.Column("min_detectable_effect", sa.Float(), nullable=False),
        sa.Column("baseline_ctr", sa.Float(), nullable=True),
        sa.Column("sample_size_per_arm", sa.Integer(), nullable=True),
        sa.Column("arms", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by", sa.String(length=320), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("promoted_arm", sa.String(length=40), nullable=True),
        sa.Column("promoted_by", sa.String(length=320), nullable=True),
        sa.CheckConstraint("mode IN ('ab', 'interleave')", name=op.f("ck_experiments_mode_known")),
        sa.CheckConstraint(
            "status IN ('draft', 'running', 'stopped')", name=op.f("ck_experiments_status_known")
        ),
        sa.CheckConstraint(
            "traffic_percent BETWEEN 1 AND 100", name=op.f("ck_experiments_traffic_percent_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiments")),
        sa.UniqueConstraint("name", name=op.f("uq_experiments_name")),
    )
    op.create_table(
        "query_click_rollups",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "query", "product_id", name=op.f("pk_query_click_rollups")),
    )
    op.create_index(
        "ix_query_click_rollups_query_day", "query_click_rollups", ["query", "day"], unique=False
    )
    op.create_table(
        "query_rollups",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("variant", sa.String(length=40), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.Column("zero_results", sa.Integer(), nullable=False),
        sa.Column("clicked", sa.Integer(), nullable=False),
        sa.Column("purchased", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "variant", "query", name=op.f("pk_query_rollups")),
    )
    op.create_index("ix_query_rollups_query_day", "query_rollups", ["query", "day"], unique=False)
    op.create_table(
        "reformulation_rollups",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("next_query", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "query", "next_query", name=op.f("pk_reformulation_rollups")
        ),
    )
    op.create_index(
        "ix_reformulation_rollups_query_day",
        "reformulation_rollups",
        ["query", "day"],
        unique=False,
    )
    op.create_table(
        "rolled_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_rolled_days")),
    )
    op.create_table(
        "search_rollups",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("variant", sa.String(length=40), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.Column("zero_results", sa.Integer(), nullable=False),
        sa.Column("clicked", sa.Integer(), nullable=False),
        sa.Column("clicked_at_1", sa.Integer(), nullable=False),
        sa.Column("clicked_at_5", sa.Integer(), nullable=False),
        sa.Column("clicked_at_10", sa.Integer(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.Column("click_position_sum", sa.BigInteger(), nullable=False),
        sa.Column("carted", sa.Integer(), nullable=False),
        sa.Column("purchased", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("latency_histogram", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("query_sketch", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("day", "variant", name=op.f("pk_search_rollups")),
    )
    op.add_column("served_queries", sa.Column("latency_ms", sa.Integer(), nullable=True))
    op.add_column("served_queries", sa.Column("experiment_id", sa.Integer(), nullable=True))
    op.add_column("served_queries", sa.Column("arm", sa.String(length=40), nullable=True))
    op.add_column(
        "served_queries", sa.Column("teams", postgresql.ARRAY(sa.SmallInteger()), nullable=True)
    )
    op.create_index(
        "ix_served_queries_experiment",
        "served_queries",
        ["experiment_id"],
        unique=False,
        postgresql_where=sa.text("experiment_id IS NOT NULL"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(
        "ix_served_queries_experiment",
        table_name="served_queries",
        postgresql_where=sa.text("experiment_id IS NOT NULL"),
    )
    op.drop_column("served_queries", "teams")
    op.drop_column("served_queries", "arm")
    op.drop_column("served_queries", "experiment_id")
    op.drop_column("served_queries", "latency_ms")
    op.drop_table("search_rollups")
    op.drop_table("rolled_days")
    op.drop_index("ix_reformulation_rollups_query_day", table_name="reformulation_rollups")
    op.drop_table("reformulation_rollups")
    op.drop_index("ix_query_rollups_query_day", table_name="query_rollups")
    op.drop_table("query_rollups")
    op.drop_index("ix_query_click_rollups_query_day", table_name="query_click_rollups")
    op.drop_table("query_click_rollups")
    op.drop_table("experiments")
