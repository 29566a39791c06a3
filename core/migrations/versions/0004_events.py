"""Events: what search served per query_id, shopper events, and anonymous ids linked to users.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Deleting a user keeps their events only anonymised: the foreign keys null user_id, and this
# trigger also cuts the anonymous and session ids that could tie the rows back to them.
ANONYMISE_ON_DELETE = """
CREATE FUNCTION users_anonymise_events() RETURNS trigger AS $$
BEGIN
  UPDATE events SET anonymous_id = NULL, session_id = NULL
    WHERE user_id = OLD.id
       OR anonymous_id IN (SELECT anonymous_id FROM identity_links WHERE user_id = OLD.id);
  UPDATE served_queries SET anonymous_id = NULL
    WHERE user_id = OLD.id
       OR anonymous_id IN (SELECT anonymous_id FROM identity_links WHERE user_id = OLD.id);
  RETURN OLD;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER users_anonymise_events BEFORE DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION users_anonymise_events();
"""


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("client_event_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=20), nullable=False),
        sa.Column("query_id", sa.UUID(), nullable=True),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("anonymous_id", sa.String(length=64), nullable=True),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "attributes",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "event_type IN ('impression', 'click', 'product_view', 'add_to_cart', 'purchase')",
            name=op.f("ck_events_event_type_known"),
        ),
        sa.CheckConstraint(
            "position IS NULL OR position >= 1", name=op.f("ck_events_position_positive")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_events_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("client_event_id", "product_id", name="uq_events_client_event_product"),
    )
    op.create_index("ix_events_anonymous_id", "events", ["anonymous_id"], unique=False)
    op.create_index(
        "ix_events_occurred_at", "events", ["occurred_at"], unique=False, postgresql_using="brin"
    )
    op.create_index(
        "ix_events_product_occurred", "events", ["product_id", "occurred_at"], unique=False
    )
    op.create_index(
        "ix_events_query_id",
        "events",
        ["query_id"],
        unique=False,
        postgresql_where=sa.text("query_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_user_id",
        "events",
        ["user_id"],
        unique=False,
        postgresql_where=sa.text("user_id IS NOT NULL"),
    )
    op.create_table(
        "identity_links",
        sa.Column("anonymous_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "linked_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_identity_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("anonymous_id", "user_id", name=op.f("pk_identity_links")),
    )
    op.create_table(
        "served_queries",
        sa.Column("query_id", sa.UUID(), nullable=False),
        sa.Column(
            "served_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("anonymous_id", sa.String(length=64), nullable=True),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column(
            "filters",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("sort", sa.String(length=20), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("product_ids", postgresql.ARRAY(sa.BigInteger()), nullable=False),
        sa.Column("variant", sa.String(length=40), server_default="bm25", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_served_queries_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("query_id", name=op.f("pk_served_queries")),
    )
    op.create_index(
        "ix_served_queries_served_at",
        "served_queries",
        ["served_at"],
        unique=False,
        postgresql_using="brin",
    )
    op.create_index(
        "ix_served_queries_user_id",
        "served_queries",
        ["user_id"],
        unique=False,
        postgresql_where=sa.text("user_id IS NOT NULL"),
    )
    op.execute(ANONYMISE_ON_DELETE)


def downgrade() -> None:
    """Revert this revision."""
    op.execute("DROP TRIGGER users_anonymise_events ON users")
    op.execute("DROP FUNCTION users_anonymise_events()")
    op.drop_index(
        "ix_served_queries_user_id",
        table_name="served_queries",
        postgresql_where=sa.text("user_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_served_queries_served_at", table_name="served_queries", postgresql_using="brin"
    )
    op.drop_table("served_queries")
    op.drop_table("identity_links")
    op.drop_index(
        "ix_events_user_id", table_name="events", postgresql_where=sa.text("user_id IS NOT NULL")
    )
    op.drop_index(
        "ix_events_query_id", table_name="events", postgresql_where=sa.text("query_id IS NOT NULL")
    )
    op.drop_index("ix_events_product_occurred", table_name="events")
    op.drop_index("ix_events_occurred_at", table_name="events", postgresql_using="brin")
    op.drop_index("ix_events_anonymous_id", table_name="events")
    op.drop_table("events")
