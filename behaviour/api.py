"""The tracking API: shoppers' browsers (and the simulator) report what they did."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from accounts.access import Caller
from behaviour.events import ingest
from behaviour.schemas import BatchIn, EventIn, IngestResult
from core.deps import DbSession, RedisClient
from core.schemas import ErrorBody

router = APIRouter(prefix="/api/events", tags=["events"])
REFUSED: dict[int | str, dict[str, Any]] = {
    status.HTTP_422_UNPROCESSABLE_CONTENT: {
        # Either every event was refused (with reasons), or the body itself was malformed.
        "model": IngestResult | ErrorBody,
        "description": "No event could be stored",
    }
}


async def _store(
    raw: list[object], caller: Caller, db: DbSession, redis: RedisClient
) -> JSONResponse:
    """Ingest events as this caller; 202 if any was stored or repeated, else 422 with reasons."""
    result = await run_in_threadpool(
        lambda: ingest(
            db, raw, user_id=caller.user_id, anonymous_id=caller.anonymous_id, redis=redis
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
    body: EventIn, caller: Caller, db: DbSession, redis: RedisClient
) -> JSONResponse:
    """Record one event (a repeat of a client_event_id is accepted and ignored)."""
    return await _store([body.model_dump(mode="json")], caller, db, redis)


@router.post(
    "/batch", status_code=status.HTTP_202_ACCEPTED, response_model=IngestResult, responses=REFUSED
)
async def track_batch(
    body: BatchIn, caller: Caller, db: DbSession, redis: RedisClient
) -> JSONResponse:
    """Record up to 500 events; each is checked on its own and refusals say why, by index."""
    return await _store(list(body.events), caller, db, redis)
