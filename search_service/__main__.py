"""Run the `aisle` command as `python -m search_service`."""

from search_service.cli import app

app()
