"""Search, product and health routes."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from accounts.access import PUBLIC, merchandiser_user
from accounts.history import remember
from accounts.identity import identity_or_anonymous
from behaviour.served import ServedRecord, record_served
from catalog import service as catalog_service
from core.deps import AppSettings, DbSession, Es
from core.errors import InvalidInputError
from merchandising.published import PublishedMerch
from ranking.context import feature_context
from retrieval.cache import cache_scope
from retrieval.params import (
    Filters,
    SearchParams,
    Sort,
    check_depth,
    clean_query,
    clean_values,
    parse_price,
)
from search_service.failover import Failover
from search_service.fallback import fallback_search
from search_service.health import readiness
from search_service.ranking_choice import choose
from search_service.schemas import HealthStatus, ProductDetail, ReadinessStatus, SearchResponse
from search_service.search import search as run_search
from search_service.suggest import SuggestionIndex, SuggestResponse

# Searching, reading products and health checks are open to anyone, signed in or not.
router = APIRouter(dependencies=[PUBLIC])

SEARCH_PARAMS = {
    "explain",
    "q",
    "brand",
    "type",
    "price",
    "min_rating",
    "in_stock",
    "sort",
    "page",
    "size",
    "ranking",
}


def reject_unknown_params(request: Request) -> None:
    """Refuse query parameters the search does not know, naming them."""
    unknown = sorted(set(request.query_params) - SEARCH_PARAMS)
    if unknown:
        raise InvalidInputError(
            f"unknown parameter(s) {', '.join(unknown)}; known: {', '.join(sorted(SEARCH_PARAMS))}",
            loc=("query", unknown[0]),
        )


@router.get(
    "/api/search",
    response_model=SearchResponse,
    dependencies=[Depends(reject_unknown_params)],
    tags=["search"],
)
async def search(
    request: Request,
    tasks: BackgroundTasks,
    es: Es,
    settings: AppSettings,
    q: Annotated[str, Query(description="The shopper's words; empty browses everything")] = "",
    brand: Annotated[list[str], Query(description="Brands to keep (any of)")] = [],  # noqa: B006
    type: Annotated[list[str], Query(description="Product types to keep (any of)")] = [],  # noqa: B006
    price: Annotated[str | None, Query(description="Price range: '10-100', '-50', '500-'")] = None,
    min_rating: Annotated[float | None, Query(ge=0, le=5)] = None,
    in_stock: Annotated[bool | None, Query()] = None,
    sort: Annotated[Sort, Query()] = Sort.RELEVANCE,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 24,
    ranking: Annotated[
        Literal["auto", "bm25"],
        Query(description="auto: the active learned ranker when there is one; bm25: never"),
    ] = "auto",
    explain: Annotated[
        bool, Query(description="Merchandisers and admins: each result's ranking features")
    ] = False,
) -> SearchResponse:
    """Search the catalog with typo tolerance, filters, facets, sorting and paging."""
    started = time.perf_counter()
    check_depth(page, size, settings.search_max_page_depth)
    params = SearchParams(
        q=clean_query(q),
        filters=Filters(
            brands=clean_values(brand, "brand"),
            types=clean_values(type, "type"),
            price=parse_price(price),
            min_rating=min_rating,
            in_stock=in_stock,
        ),
        sort=sort,
        page=page,
        size=size,
    )
    if explain:
        await run_in_threadpool(merchandiser_user, request)  # 401 / 403 for anyone else
    caller = await run_in_threadpool(identity_or_anonymous, request)
    state = request.app.state
    filters = params.filters_record()
    choice = await run_in_threadpool(
        lambda: choose(
            state,
            caller,
            bm25=ranking == "bm25",
            explain=explain,
            seed=f"{caller.history_key}|{params.q}|{filters}",
        )
    )
    assignment = choice.assignment
    published: PublishedMerch = state.merch
    merch = choice.merch
    if merch is None:
        merch = await run_in_threadpool(published.get, state.session_factory, state.redis)
    context = feature_context(
        params, at=datetime.now(UTC), merch=merch, profile=choice.profile, redis=state.redis
    )
    plan = context.plan
    failover: Failover = state.failover
    response = await run_in_threadpool(
        lambda: failover.run(
            lambda: run_search(
                es,
                settings.products_alias,
                params,
                choice.ranker,
                explain=explain,
                context=context,
                plan=plan,
                cache=cache_scope(
                    state, plan.version, choice.ranker.name if choice.ranker else "bm25"
                ),
            ),
            lambda: fallback_search(state.session_factory, params),
        )
    )
    shown = [hit.product_id for hit in response.results]
    # Recorded before answering, so an event about this query_id can never arrive first.
    await run_in_threadpool(
        record_served,
        state.session_factory,
        ServedRecord(
            query_id=response.query_id,
            query=params.q,
            filters=filters,
            sort=params.sort.value,
            offset=params.offset,
            total=response.total,
            product_ids=shown,
            user_id=caller.user_id,
            anonymous_id=caller.anonymous_id,
            variant=response.ranking,
            merch_version=response.merch_version,
            latency_ms=round((time.perf_counter() - started) * 1000),
            experiment_id=assignment.experiment.id if assignment else None,
            arm=assignment.label if assignment else None,
            teams=choice.teams(shown, served_by=response.ranking),
        ),
    )
    if params.q and page == 1:
        tasks.add_task(remember, request, search=params.q)
    return response


@router.get("/api/suggest", response_model=SuggestResponse, tags=["search"])
async def suggest(
    request: Request,
    q: Annotated[str, Query(max_length=100, description="What the shopper has typed so far")] = "",
) -> SuggestResponse:
    """Complete a prefix with popular past queries, brands and product types."""
    index: SuggestionIndex = request.app.state.suggestions
    await run_in_threadpool(index.refresh, request.app.state.session_factory)
    return SuggestResponse(query=q, suggestions=index.complete(q))


@router.get("/api/products/{product_id}", response_model=ProductDetail, tags=["products"])
def get_product(
    product_id: int, request: Request, tasks: BackgroundTasks, db: DbSession
) -> ProductDetail:
    """Return one product from the catalog."""
    product = catalog_service.get_product(db, product_id)
    tasks.add_task(remember, request, viewed=product.id)
    return ProductDetail(
        **ProductDetail.summary_fields(product),
        score=None,
        description=product.description,
        attributes=product.attributes,
        release_date=product.release_date,
        version=product.version,
    )


@router.get("/healthz", response_model=HealthStatus, tags=["health"])
def healthz() -> HealthStatus:
    """Answer while the process is alive."""
    return HealthStatus(status="ok")


@router.get(
    "/readyz",
    response_model=ReadinessStatus,
    responses={
        503: {"model": ReadinessStatus, "description": "Neither Elasticsearch nor Postgres answers"}
    },
    tags=["health"],
)
def readyz(request: Request) -> JSONResponse:
    """Report each backing service; 200 while search can answer (status says if degraded)."""
    status = readiness(request.app.state)
    code = 503 if status.status == "unready" else 200
    return JSONResponse(status.model_dump(), status_code=code)
