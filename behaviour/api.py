"""The tracking API: shoppers' browsers (and the simulator) report what they did."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from accounts.access import Caller
from accounts.web import client_ip
from behaviour.events import ingest
from behaviour.intake import check_size, enforce_rate
from behaviour.schemas import BatchIn, EventIn, IngestResult
from core.deps import AppSettings, DbSession, RedisClient
from core.schemas import ErrorBody

router = APIRouter(prefix="/api/events", tags=["events"])
REFUSED: dict[int | str, dict[str, Any]] = {
    status.HTTP_413_CONTENT_TOO_LARGE: {
        "model": ErrorBody,
        "description": "Too many events or product rows, or an attribute too long",
    },
    status.HTTP_422_UNPROCESSABLE_CONTENT: {
        # Either every event was refused (with reasons), or the body itself was malformed.
        "model": IngestResult | ErrorBody,
        "description": "No event could be stored",
    },
    status.HTTP_429_TOO_MANY_REQUESTS: {
        "model": ErrorBody,
        "description": "This client sent too many events requests; see Retry-After",
    },
}


async def _store(
    raw: list[object],
    caller: Caller,
    request: Request,
    settings: AppSettings,
    db: DbSession,
    redis: RedisClient,
) -> JSONResponse:
    """Ingest events as this caller; 202 if any was stored or repeated, else 422 with reasons."""
    enforce_rate(redis, settings, caller, client_ip(request, settings))
    check_size(raw)
    result = await run_in_threadpool(
        lambda: ingest(
            db,
            raw,
            user_id=caller.user_id,
            anonymous_id=caller.anonymous_id,
            redis=redis,
            backdating=settings.backdated_events_accepted,
        )
    )
    ok = result.accepted + result.duplicates > 0
    return JSONResponse(
        result.model_dump(mode="json"),
        status_code=status.HTTP_202_ACCEPTED if ok else status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


@router.post(
    "", status_code=status.HTTP_202_ACCEPTED, response_model=IngestResult, responses=REFUSED
)
async def track_event(
    body: EventIn,
    caller: Caller,
    request: Request,
    settings: AppSettings,
    db: DbSession,
    redis: RedisClient,
) -> JSONResponse:
    """Record one event (a repeat of a client_event_id is accepted and ignored)."""
    return await _store([body.model_dump(mode="json")], caller, request, settings, db, redis)


@router.post(
    "/batch", status_code=status.HTTP_202_ACCEPTED, response_model=IngestResult, responses=REFUSED
)
async def track_batch(
    body: BatchIn,
    caller: Caller,
    request: Request,
    settings: AppSettings,
    db: DbSession,
    redis: RedisClient,
) -> JSONResponse:
    """Record up to 500 events (1,000 product rows); each is checked on its own, by index."""
    return await _store(list(body.events), caller, request, settings, db, redis)
