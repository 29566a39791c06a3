"""`aisle services`: start, stop and inspect the local Postgres, Redis and Elasticsearch."""

from __future__ import annotations

import typer

services_app = typer.Typer(help="Start, stop and inspect the local services.", no_args_is_help=True)
