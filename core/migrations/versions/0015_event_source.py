"""Events: a source column ('client' or 'server') in the unique key with client_event_id.

Server-written events (checkout's purchases, `order-<id>`) lived in the same id space as the
ids clients choose, so a client could claim upcoming order ids and make checkouts fail. With
the source in the key no client id can collide with a server one.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Checkout's purchases: written without an anonymous id, named after the order they record.
SERVER_WRITTEN = """
    UPDATE events SET source = 'server'
    WHERE event_type = 'purchase' AND anonymous_id IS NULL
      AND client_event_id = 'order-' || (attributes ->> 'order_id')
"""


def upgrade() -> None:
    """Apply this revision."""
    op.add_column(
        "events",
        sa.Column("source", sa.String(6), nullable=False, server_default="client"),
    )
    op.execute(SERVER_WRITTEN)
    op.create_check_constraint(
        op.f("ck_events_source_known"), "events", "source IN ('client', 'server')"
    )
    op.drop_constraint("uq_events_client_event_product", "events", type_="unique")
    op.create_unique_constraint(
        "uq_events_source_client_event_product",
        "events",
        ["source", "client_event_id", "product_id"],
    )


def downgrade() -> None:
    """Revert this revision (fails if a client and a server event now share an id)."""
    op.drop_constraint("uq_events_source_client_event_product", "events", type_="unique")
    op.create_unique_constraint(
        "uq_events_client_event_product", "events", ["client_event_id", "product_id"]
    )
    op.drop_constraint(op.f("ck_events_source_known"), "events", type_="check")
    op.drop_column("events", "source")
