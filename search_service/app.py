"""The FastAPI app factory: clients in the lifespan, routes, errors and the web UI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from core.clients import make_es, make_redis
from core.db import make_engine, make_session_factory
from core.settings import Settings, get_settings
from search_service.api import router
from search_service.errors import install_error_handlers
from search_service.frontend import mount_frontend


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the Aisle API; clients open when the app starts and close when it stops."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.engine = make_engine(settings)
        app.state.session_factory = make_session_factory(app.state.engine)
        app.state.es = make_es(settings)
        app.state.redis = make_redis(settings)
        try:
            yield
        finally:
            app.state.es.close()
            app.state.redis.close()
            app.state.engine.dispose()

    app = FastAPI(
        title="Aisle",
        version="0.1.0",
        summary="Product search: typo-tolerant BM25 with facets, learning-to-rank to come.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(router)
    mount_frontend(app, settings.frontend_dist)
    return app
