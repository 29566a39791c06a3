"""`aisle serve` and `aisle worker`: run the API and the background worker."""

from __future__ import annotations

import typer
import uvicorn

from core.logs import configure_logging, logging_config
from core.settings import get_settings


def serve_command(
    host: str = typer.Option(None, help="Interface to bind (default: AISLE_API_HOST)."),
    port: int = typer.Option(None, help="Port (default: AISLE_API_PORT)."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
    reload: bool = typer.Option(False, help="Reload on code changes (development)."),
) -> None:
    """Run the search API (and the built web UI) with uvicorn."""
    settings = get_settings()
    configure_logging()  # Aisle's loggers; uvicorn's get the same config below
    uvicorn.run(
        "search_service.app:create_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
        workers=workers,
        reload=reload,
        log_level="info",
        # The same handler and format for uvicorn's loggers as for Aisle's, in every worker
        # process uvicorn starts; the request-id middleware logs one line a request instead
        # of uvicorn's access log.
        log_config=logging_config(settings.log_format),
        access_log=False,
    )


def worker_command() -> None:
    """Run the arq worker: background jobs and the continuous outbox sync."""
    from arq.worker import run_worker

    from search_service.worker import WorkerSettings

    configure_logging()
    run_worker(WorkerSettings)  # type: ignore[arg-type]
