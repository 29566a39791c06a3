"""`aisle services`: start, stop and inspect the local Postgres, Redis and Elasticsearch."""

from __future__ import annotations

import json
import time
from enum import StrEnum

import typer

from core.settings import get_settings
from infra import services
from infra.process import ServiceError, ServiceStatus

services_app = typer.Typer(help="Start, stop and inspect the local services.", no_args_is_help=True)


class ServiceName(StrEnum):
    """A service `--only` can name."""

    postgres = "postgres"
    redis = "redis"
    elasticsearch = "elasticsearch"


ONLY_HELP = "Act on this service only; repeat for several. Default: all three."


def _names(only: list[ServiceName] | None) -> list[str]:
    return [name.value for name in only or []]


def format_line(result: ServiceStatus) -> str:
    """Render one service's status as a fixed-width line."""
    state = "healthy" if result.healthy else ("running" if result.running else "stopped")
    pid = str(result.pid) if result.pid else "-"
    version = result.version or "-"
    return (
        f"{result.name:<14} {state:<8} port {result.port:<6} pid {pid:<8} "
        f"version {version:<10} {result.detail}"
    )


def _fail(exc: ServiceError) -> typer.Exit:
    typer.secho(str(exc), fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


@services_app.command()
def up(only: list[ServiceName] | None = typer.Option(None, "--only", help=ONLY_HELP)) -> None:
    """Install what is missing, start what is not running and wait until each is healthy."""
    settings = get_settings()
    started = time.monotonic()
    try:
        services.up(settings, _names(only), on_ready=lambda r: typer.echo(format_line(r)))
    except ServiceError as exc:
        raise _fail(exc) from exc
    typer.echo(f"ready in {time.monotonic() - started:.1f} s (state in {settings.state_dir})")


@services_app.command()
def down(only: list[ServiceName] | None = typer.Option(None, "--only", help=ONLY_HELP)) -> None:
    """Stop the services cleanly (Postgres fast shutdown, Redis SHUTDOWN, ES SIGTERM)."""
    try:
        results = services.down(get_settings(), _names(only))
    except ServiceError as exc:
        raise _fail(exc) from exc
    for result in results:
        typer.echo(format_line(result))


@services_app.command()
def status(
    only: list[ServiceName] | None = typer.Option(None, "--only", help=ONLY_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list instead of a table."),
) -> None:
    """Show each service's state, pid, port and version; exit 1 unless all are healthy."""
    try:
        results = services.status(get_settings(), _names(only))
    except ServiceError as exc:
        raise _fail(exc) from exc
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], indent=2))
    else:
        for result in results:
            typer.echo(format_line(result))
    if not all(r.healthy for r in results):
        raise typer.Exit(code=1)
