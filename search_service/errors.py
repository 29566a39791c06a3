"""Map Aisle's errors to FastAPI's `{"detail": [{"loc", "msg", "type"}]}` error shape."""

from __future__ import annotations

import logging

from elasticsearch import (
    ApiError,
)
from elasticsearch import (
    ConnectionError as EsConnectionError,
)
from elasticsearch import (
    NotFoundError as EsNotFound,
)
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError
from sqlalchemy.exc import OperationalError

from core.errors import AisleError, TooManyRequestsError, UnauthorizedError

log = logging.getLogger(__name__)


def error_body(
    loc: tuple[str | int, ...], msg: str, kind: str
) -> dict[str, list[dict[str, object]]]:
    """Return the error payload FastAPI uses for validation errors."""
    return {"detail": [{"loc": list(loc), "msg": msg, "type": kind}]}


async def handle_aisle_error(_request: Request, exc: Exception) -> JSONResponse:
    """Answer an AisleError with its status and message."""
    assert isinstance(exc, AisleError)
    headers = {}
    if isinstance(exc, TooManyRequestsError):
        headers["Retry-After"] = str(exc.retry_after_s)
    if isinstance(exc, UnauthorizedError):
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(
        error_body(exc.loc, exc.message, exc.error_type),
        status_code=exc.status_code,
        headers=headers,
    )


async def handle_search_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    """Answer 503 when Elasticsearch cannot be reached or the index is missing."""
    log.warning("search backend unavailable: %s", exc)
    msg = "search is temporarily unavailable; try again shortly"
    if isinstance(exc, EsNotFound):
        msg = "the search index has not been built yet; run `aisle index rebuild`"
    return JSONResponse(error_body(("search",), msg, "service_unavailable"), status_code=503)


async def handle_database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    """Answer 503 when Postgres cannot be reached."""
    log.warning("database unavailable: %s", exc)
    return JSONResponse(
        error_body(
            ("database",), "the catalog database is temporarily unavailable", "service_unavailable"
        ),
        status_code=503,
    )


async def handle_redis_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    """Answer 503 when Redis (sessions, rate limits) cannot be reached: fail closed."""
    log.warning("redis unavailable: %s", exc)
    return JSONResponse(
        error_body(
            ("sessions",),
            "sign-in and sessions are temporarily unavailable (the session store cannot be "
            "reached); try again shortly",
            "service_unavailable",
        ),
        status_code=503,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(AisleError, handle_aisle_error)
    app.add_exception_handler(EsConnectionError, handle_search_unavailable)
    app.add_exception_handler(EsNotFound, handle_search_unavailable)
    app.add_exception_handler(ApiError, handle_search_unavailable)
    app.add_exception_handler(OperationalError, handle_database_unavailable)
    app.add_exception_handler(RedisError, handle_redis_unavailable)
