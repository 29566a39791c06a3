"""Migrations go down and up again cleanly on the real Postgres."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from core import migrate
from core.settings import Settings

ACCOUNT_TABLES = {"users", "one_time_tokens", "api_tokens", "mail_messages", "cart_items"}


def test_accounts_migration_round_trip(engine: Engine, settings: Settings) -> None:
    migrate.downgrade(settings, "0001")
    assert not ACCOUNT_TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(settings)
    assert set(inspect(engine).get_table_names()) >= ACCOUNT_TABLES
