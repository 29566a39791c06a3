"""`aisle serve` and `aisle worker`: run the API and the background worker."""

from __future__ import annotations

import typer
import uvicorn
from starlette.types import ASGIApp

from core.logs import configure_logging, logging_config
from core.settings import get_settings
from search_service.body_timeout import BodyTimeoutMiddleware
from search_service.server_protocol import HeadTimeoutProtocol


def create_served_app() -> ASGIApp:
    """Return the app as `aisle serve` runs it: with the request-body deadline around it."""
    # Imported here: every `aisle` command imports this module, few of them need the app.
    from search_service.app import create_app

    settings = get_settings()
    return BodyTimeoutMiddleware(create_app(settings), settings.body_timeout_s)


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
        "search_service.serve_cli:create_served_app",
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
        # uvicorn's own X-Forwarded-For handling would trust the header from 127.0.0.1 (and
        # rewrite the peer before Aisle sees it); Aisle reads it itself, from
        # AISLE_TRUSTED_PROXIES only (core/proxies.py), so uvicorn's is off.
        proxy_headers=False,
        forwarded_allow_ips="",
        # Slow clients: a deadline for the request head (uvicorn has none), the body's is in
        # the app; beyond max_connections a process answers 503 rather than piling up work.
        http=HeadTimeoutProtocol,
        limit_concurrency=settings.max_connections,
    )


def worker_command() -> None:
    """Run the arq worker: background jobs and the continuous outbox sync."""
    from arq.worker import run_worker

    from search_service.worker import WorkerSettings

    configure_logging()
    run_worker(WorkerSettings)  # type: ignore[arg-type]
