"""`aisle db`: migrate the database schema."""

from __future__ import annotations

import typer

from core import migrate
from core.settings import get_settings

db_app = typer.Typer(help="Create and migrate the Postgres schema.", no_args_is_help=True)


@db_app.command("migrate")
def migrate_command(
    revision: str = typer.Argument("head", help="Target revision (default: the newest)."),
) -> None:
    """Upgrade the database to the newest schema (safe to run repeatedly)."""
    migrate.upgrade(get_settings(), revision)
    typer.echo(f"database migrated to {revision}")


@db_app.command("downgrade")
def downgrade_command(revision: str = typer.Argument(..., help="Revision to go back to.")) -> None:
    """Downgrade the database schema to an earlier revision."""
    migrate.downgrade(get_settings(), revision)
    typer.echo(f"database downgraded to {revision}")


@db_app.command("current")
def current_command() -> None:
    """Print the revision the database is at."""
    migrate.current(get_settings())
