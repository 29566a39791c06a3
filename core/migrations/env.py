"""Alembic environment: migrate the database named by Aisle's settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

# Imported for their side effect: each module registers its tables on Base.metadata.
import accounts.models  # noqa: F401 - registers the account tables on the metadata
import analytics.experiments.models  # registers experiments
import analytics.rollup_models  # noqa: F401 - registers the daily rollups
import core.jobs  # noqa: F401 - registers the job records
import merchandising.models  # noqa: F401 - registers synonyms, rules and versions
import ranking.models  # noqa: F401 - registers the model registry
import shop.cart_models
import shop.order_models  # noqa: F401 - registers the order tables
from core.db import Base
from core.settings import get_settings

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations() -> None:
    """Run the migrations online against the configured database."""
    connectable = engine_from_config(
        {"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
