"""The `aisle` command: one entry point whose sub-commands live in their packages."""

from __future__ import annotations

import typer
from pydantic import ValidationError

from accounts.cli import mail_app, users_app
from analytics.cli import eval_recs_command, simulate_command
from analytics.experiments.cli import experiments_app
from analytics.report_cli import analytics_app
from catalog.cli import catalog_app
from core.db_cli import db_app
from core.jobs_cli import jobs_app
from core.settings import get_settings
from indexer.cli import index_app
from infra.cli import services_app
from infra.proxy_cli import proxy_app
from ranking.cli import eval_command, ranking_app
from search_service.merch.cli import merch_app
from search_service.serve_cli import serve_command, worker_command

app = typer.Typer(
    help="Aisle: Elasticsearch-backed product search. Run `aisle COMMAND --help` for details.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def check_settings() -> None:
    """Refuse to run with settings production must not start with (no secret, no token)."""
    try:
        get_settings()
    except ValidationError as exc:
        for error in exc.errors():
            typer.secho(
                f"settings: {error['msg'].removeprefix('Value error, ')}",
                fg=typer.colors.RED,
                err=True,
            )
        raise typer.Exit(2) from exc


app.add_typer(services_app, name="services")
app.add_typer(proxy_app, name="proxy")
app.add_typer(db_app, name="db")
app.add_typer(catalog_app, name="catalog")
app.add_typer(index_app, name="index")
app.add_typer(jobs_app, name="jobs")
app.add_typer(ranking_app, name="ranking")
app.add_typer(users_app, name="users")
app.add_typer(mail_app, name="mail")
app.add_typer(merch_app, name="merch")
app.add_typer(analytics_app, name="analytics")
app.add_typer(experiments_app, name="experiments")
app.command("serve")(serve_command)
app.command("worker")(worker_command)
app.command("eval")(eval_command)
app.command("simulate")(simulate_command)
app.command("eval-recs")(eval_recs_command)
