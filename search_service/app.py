"""The FastAPI app factory: clients in the lifespan, routes, errors and the web UI."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from accounts.access import undecided_routes
from accounts.account_api import history_router
from accounts.account_api import router as account_router
from accounts.admin_api import router as admin_router
from accounts.anonymous import AnonymousIdMiddleware
from accounts.api import router as auth_router
from accounts.csrf import csrf_protect
from accounts.sign_in_hooks import on_sign_in
from analytics.experiments.api import router as experiments_router
from analytics.recommend_api import router as recommendations_router
from analytics.report_api import router as analytics_router
from behaviour.api import router as events_router
from behaviour.claims import claim_anonymous_events
from catalog.api import router as catalog_router
from core.metrics import MetricsMiddleware
from core.request_context import RequestIdMiddleware
from core.settings import Settings, get_settings
from embedding.shared import shared_encoder
from indexer.api import router as index_admin_router
from ranking.api import router as models_router
from search_service.admin_api import router as jobs_admin_router
from search_service.api import router
from search_service.errors import install_error_handlers
from search_service.frontend import ASSETS_PREFIX, mount_frontend
from search_service.images.api import is_image_path
from search_service.images.api import router as images_router
from search_service.images.service import ProductImages
from search_service.json_guard import JsonBodyGuardMiddleware
from search_service.limits import RequestLimitsMiddleware, refuse_unstorable_params
from search_service.merch.api import router as merch_router
from search_service.metrics_api import router as metrics_router
from search_service.runtime import build_runtime
from search_service.security_headers import HeadersApp
from shop.api import router as shop_router
from shop.cart import merge_anonymous_cart


def cacheable_path(path: str) -> bool:
    """Say whether a path's responses are the same for everyone (so carry no cookie)."""
    return path.startswith(ASSETS_PREFIX) or is_image_path(path)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the Aisle API; clients open when the app starts and close when it stops."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = build_runtime(settings)
        app.state.runtime = runtime
        # Loaded now, not on the first search; a model that cannot load is logged here and
        # reported by /readyz, and search stays lexical.
        await asyncio.to_thread(shared_encoder)
        # Lower layers' dependencies (core.deps, accounts) read the clients by name.
        app.state.settings = settings
        app.state.engine = runtime.clients.engine
        app.state.session_factory = runtime.session_factory
        app.state.es = runtime.es
        app.state.redis = runtime.redis
        app.state.retrieval_cache = runtime.retrieval_cache
        try:
            yield
        finally:
            runtime.close()

    docs = settings.docs_served
    # HeadersApp: CSP, no framing, nosniff, referrer policy (and HSTS) on every response.
    app = HeadersApp(
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
        title="Aisle",
        version="0.1.0",
        summary="Product search: typo-tolerant BM25 with facets, learning-to-rank to come.",
        lifespan=lifespan,
        # Every state-changing browser request must carry the CSRF token; see accounts.csrf.
        # No path or query may hold a NUL or a lone surrogate (no backend stores them).
        dependencies=[Depends(csrf_protect), Depends(refuse_unstorable_params)],
    )
    app.hsts = settings.hsts
    # No open clients, only a directory and locks: ready before the first request.
    app.state.product_images = ProductImages.from_settings(settings)
    install_error_handlers(app)
    # The events are claimed before the cart merges, so checkout credits the anonymous search.
    on_sign_in("behaviour.claim_anonymous_events", claim_anonymous_events)
    on_sign_in("shop.merge_anonymous_cart", merge_anonymous_cart)
    # Images and the build's assets are for shared caches too: they never set the cookie.
    app.add_middleware(AnonymousIdMiddleware, settings=settings, cookieless=cacheable_path)
    # JSON bodies holding NaN, lone surrogates, NUL or deep nesting (422), read within the limit.
    app.add_middleware(JsonBodyGuardMiddleware)
    # Over-long URLs (414) and bodies over their route's limit (413), before a byte is parsed.
    app.add_middleware(RequestLimitsMiddleware, settings=settings)
    # Outermost: the request id is set before anything logs, and every request is timed.
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(RequestIdMiddleware)
    for api_router in (
        router,
        auth_router,
        account_router,
        history_router,
        admin_router,
        catalog_router,
        shop_router,
        index_admin_router,
        jobs_admin_router,
        events_router,
        recommendations_router,
        models_router,
        merch_router,
        analytics_router,
        experiments_router,
        metrics_router,
        images_router,
    ):
        app.include_router(api_router)
    mount_frontend(app, settings.frontend_dist)
    undecided = undecided_routes(app.routes)
    if undecided:
        raise RuntimeError(f"routes without an access decision: {', '.join(undecided)}")
    return app
