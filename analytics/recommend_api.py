"""Recommendation routes for the storefront: open to every shopper, signed in or not."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from accounts.access import PUBLIC, Caller
from accounts.history import read_history
from analytics import recommend
from analytics.recommend import Recommendations
from core.bounds import RowId
from core.deps import AppSettings, DbSession, Es, RedisClient

router = APIRouter(prefix="/api/recommendations", tags=["recommendations"], dependencies=[PUBLIC])
Size = Annotated[int, Query(ge=1, le=50)]


@router.get("/similar/{product_id}", response_model=Recommendations)
async def similar(
    product_id: RowId,
    db: DbSession,
    redis: RedisClient,
    es: Es,
    settings: AppSettings,
    size: Size = 8,
) -> Recommendations:
    """Products viewed together with this one, topped up with content-similar products."""
    return await run_in_threadpool(
        recommend.similar, db, redis, es, settings.products_alias, product_id, size
    )


@router.get("/bought-together/{product_id}", response_model=Recommendations)
async def bought_together(
    product_id: RowId, db: DbSession, redis: RedisClient, size: Size = 8
) -> Recommendations:
    """Products bought in the same orders as this one."""
    return await run_in_threadpool(recommend.bought_together, db, redis, product_id, size)


@router.get("/trending", response_model=Recommendations)
async def trending(
    db: DbSession,
    redis: RedisClient,
    es: Es,
    settings: AppSettings,
    size: Size = 12,
    type: Annotated[str | None, Query(max_length=200)] = None,
) -> Recommendations:
    """What rose most in the last week, overall or in one product type."""
    return await run_in_threadpool(
        recommend.trending, db, redis, es, settings.products_alias, size, type
    )


@router.get("/for-you", response_model=Recommendations)
async def for_you(
    caller: Caller,
    db: DbSession,
    redis: RedisClient,
    es: Es,
    settings: AppSettings,
    size: Size = 12,
) -> Recommendations:
    """Personal picks (brands, types, price band), falling back to trending."""
    return await run_in_threadpool(
        lambda: recommend.for_you(
            db,
            redis,
            es,
            settings.products_alias,
            user_id=caller.user_id,
            anonymous_id=caller.anonymous_id,
            size=size,
        )
    )


@router.get("/recently-viewed", response_model=Recommendations)
async def recently_viewed(
    caller: Caller, request: Request, db: DbSession, size: Size = 12
) -> Recommendations:
    """The products this shopper looked at last, most recent first."""
    _, viewed = read_history(request.app.state.redis, caller.history_key)
    return Recommendations(
        items=recommend.summaries(db, viewed, limit=size, in_stock_only=False),
        source="recently-viewed",
    )
