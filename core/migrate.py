"""Run Alembic migrations programmatically, from the CLI or from tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from core.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(settings: Settings) -> Config:
    """Return an Alembic config pointing at Aisle's migrations and database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Migrate the database up to `revision`."""
    command.upgrade(alembic_config(settings), revision)


def downgrade(settings: Settings, revision: str) -> None:
    """Migrate the database down to `revision`."""
    command.downgrade(alembic_config(settings), revision)


def current(settings: Settings) -> None:
    """Print the database's current revision."""
    command.current(alembic_config(settings), verbose=False)
