"""Map Aisle's errors to FastAPI's `{"detail": [{"loc", "msg", "type"}]}` error shape.

No answer carries exception text or a stack trace: backend failures get a fixed message (the
details go to the log), and anything unexpected a generic 500 with a reference to its log line.
"""

from __future__ import annotations

import logging
import math
import re
import uuid
from typing import Any

from elasticsearch import ApiError, ConnectionTimeout
from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch import NotFoundError as EsNotFound
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from core.errors import AisleError, TooManyRequestsError, UnauthorizedError

log = logging.getLogger(__name__)
# Postgres's SQLSTATE for a statement cancelled by statement_timeout (or by a cancel request).
QUERY_CANCELED = "57014"
REQUEST_ID_HEADER = "X-Request-ID"
# A caller's request id is echoed only when it is short and plain (safe in logs and headers).
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Bits of the widest integer a validation error echoes as a number; wider ones are described
# (Python refuses to print integers of over 4,300 digits, and no client reads them exactly).
MAX_ECHOED_INT_BITS = 64


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


async def handle_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """Answer 422 with FastAPI's errors, made renderable whatever input they echo."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": renderable(exc.errors())}, status_code=422)


def renderable(value: Any) -> Any:
    """Return a value JSON can always render: non-finite floats, lone surrogates, undecodable
    bytes and huge integers (which an error echoes from the input) become descriptive text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if value.bit_length() <= MAX_ECHOED_INT_BITS:
            return value
        return f"<an integer of {value.bit_length()} bits>"
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "backslashreplace")
    if isinstance(value, dict):
        return {str(renderable(key)): renderable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [renderable(item) for item in value]
    try:
        return renderable(jsonable_encoder(value))
    except Exception:  # an echoed object no encoder knows: its type says enough
        return f"<{type(value).__name__}>"


async def handle_search_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """Answer 503 when Elasticsearch cannot be reached or the index is missing, 504 on timeout."""
    if _is_our_mistake(exc):
        return await handle_unexpected(request, exc)
    log.warning("search backend unavailable: %r", exc)
    if isinstance(exc, ConnectionTimeout):
        msg = "search took too long to answer; try again shortly"
        return JSONResponse(error_body(("search",), msg, "timeout"), status_code=504)
    msg = "search is temporarily unavailable; try again shortly"
    if isinstance(exc, EsNotFound):
        msg = "the search index has not been built yet; run `aisle index rebuild`"
    return JSONResponse(error_body(("search",), msg, "service_unavailable"), status_code=503)


def _is_our_mistake(exc: Exception) -> bool:
    """Tell an ES refusal of the request Aisle built (a bug: 4xx other than 404/429) apart."""
    if not isinstance(exc, ApiError) or isinstance(exc, EsNotFound):
        return False
    return 400 <= exc.meta.status < 500 and exc.meta.status != 429


async def handle_database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    """Answer 503 when Postgres cannot be reached or is saturated, 504 on a statement timeout."""
    log.warning("database unavailable: %r", exc)
    if getattr(getattr(exc, "orig", None), "pgcode", None) == QUERY_CANCELED:
        msg = "the catalog database took too long to answer; try again shortly"
        return JSONResponse(error_body(("database",), msg, "timeout"), status_code=504)
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


async def handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    """Log an unexpected failure with its traceback; answer 500 with only a reference to it."""
    reference = _request_id(request)
    log.error(
        "unexpected error on %s %s (reference %s)",
        request.method,
        request.url.path,
        reference,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    msg = f"something went wrong on our side; it is logged under reference {reference}"
    return JSONResponse(
        error_body(("server",), msg, "internal_error"),
        status_code=500,
        headers={REQUEST_ID_HEADER: reference},
    )


def _request_id(request: Request) -> str:
    """Return the request's id: the request-id middleware's, else the caller's, else a new one."""
    for given in (getattr(request.state, "request_id", None), request.headers.get("x-request-id")):
        if isinstance(given, str) and SANE_REQUEST_ID.fullmatch(given):
            return given
    return uuid.uuid4().hex


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(AisleError, handle_aisle_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(EsConnectionError, handle_search_unavailable)
    app.add_exception_handler(ConnectionTimeout, handle_search_unavailable)
    app.add_exception_handler(EsNotFound, handle_search_unavailable)
    app.add_exception_handler(ApiError, handle_search_unavailable)
    app.add_exception_handler(OperationalError, handle_database_unavailable)
    app.add_exception_handler(PoolTimeoutError, handle_database_unavailable)
    app.add_exception_handler(RedisError, handle_redis_unavailable)
    # The last resort (Starlette runs it outermost, then re-raises for the server's own log).
    app.add_exception_handler(Exception, handle_unexpected)
