"""`aisle proxy`: run the private nginx in front of the API, or print its config."""

from __future__ import annotations

import os

import typer

from core.settings import get_settings
from infra import nginx
from infra.process import ServiceError

proxy_app = typer.Typer(help="nginx in front of the API (infra/nginx.py).", no_args_is_help=True)


@proxy_app.command()
def run() -> None:
    """Run nginx in the foreground on AISLE_PROXY_HOST:AISLE_PROXY_PORT, proxying to the API.

    A local API is reached from 127.0.0.2: start it with AISLE_TRUSTED_PROXIES=127.0.0.2 so
    it takes the client nginx names in X-Forwarded-For.
    """
    settings = get_settings()
    prefix = nginx.prefix_dir(settings)
    layout = nginx.private_layout(settings)
    try:
        conf = nginx.prepare(settings, layout, prefix)
        nginx.check(layout, prefix, conf)
    except ServiceError as exc:
        typer.secho(str(exc), fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(f"nginx on http://{layout.listen} -> http://{layout.upstream} (config {conf})")
    source = layout.bind or "this host's address"
    typer.echo(f"the API must trust it to see clients: AISLE_TRUSTED_PROXIES={source}")
    args = nginx.command(layout, prefix, conf)
    os.execvp(args[0], args)  # noqa: S606 - nginx takes this process's place (and its signals)


@proxy_app.command()
def render(
    docker: bool = typer.Option(False, help="For the official image (docker-compose.yml)."),
) -> None:
    """Print the config: the private instance's, or docker-compose's (infra/docker/nginx.conf)."""
    settings = get_settings()
    layout = nginx.docker_layout() if docker else nginx.private_layout(settings)
    typer.echo(nginx.render_conf(settings, layout), nl=False)
