"""Search, product and health routes."""

from __future__ import annotations

import time
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from accounts.access import PUBLIC, merchandiser_user
from accounts.history import remember
from accounts.identity import identity_or_anonymous
from behaviour.served import record_served
from catalog import service as catalog_service
from catalog.spec_stats import spec_frequencies
from catalog.specs import present_specs
from catalog.stock import max_quantity
from core.bounds import INT32_MAX, RowId
from core.deps import DbSession
from core.errors import InvalidInputError
from retrieval.params import (
    Filters,
    SearchParams,
    Sort,
    check_depth,
    clean_query,
    clean_values,
    parse_price,
)
from search_service.health import readiness
from search_service.runtime import Serving
from search_service.schemas import HealthStatus, ProductDetail, ReadinessStatus, SearchResponse
from search_service.serving import SearchRequest, serve
from search_service.suggest import SuggestResponse

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
    runtime: Serving,
    q: Annotated[str, Query(description="The shopper's words; empty browses everything")] = "",
    brand: Annotated[list[str], Query(description="Brands to keep (any of)")] = [],  # noqa: B006
    type: Annotated[list[str], Query(description="Product types to keep (any of)")] = [],  # noqa: B006
    price: Annotated[str | None, Query(description="Price range: '10-100', '-50', '500-'")] = None,
    min_rating: Annotated[float | None, Query(ge=0, le=5)] = None,
    in_stock: Annotated[bool | None, Query()] = None,
    sort: Annotated[Sort, Query()] = Sort.RELEVANCE,
    page: Annotated[int, Query(ge=1, le=INT32_MAX)] = 1,
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
    check_depth(page, size, runtime.settings.search_max_page_depth)
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

    def answer() -> SearchResponse:
        """Authorise, identify, serve and record the search (blocking: one thread hop)."""
        if explain:
            merchandiser_user(request)  # 401 / 403 for anyone else
        caller = identity_or_anonymous(request)
        response, record = serve(
            runtime,
            caller,
            SearchRequest(params, ranking=ranking, explain=explain, started=started),
        )
        # Recorded before answering, so an event about this query_id can never arrive first.
        record_served(runtime.session_factory, record)
        return response

    response = await run_in_threadpool(answer)
    if params.q and page == 1:
        tasks.add_task(remember, request, search=params.q)
    return response


@router.get("/api/suggest", response_model=SuggestResponse, tags=["search"])
async def suggest(
    runtime: Serving,
    q: Annotated[str, Query(max_length=100, description="What the shopper has typed so far")] = "",
) -> SuggestResponse:
    """Complete a prefix with popular past queries, brands and product types."""
    index = await run_in_threadpool(runtime.suggestions.get)
    return SuggestResponse(query=q, suggestions=index.complete(q))


@router.get("/api/products/{product_id}", response_model=ProductDetail, tags=["products"])
def get_product(
    product_id: RowId, request: Request, tasks: BackgroundTasks, db: DbSession
) -> ProductDetail:
    """Return one product from the catalog."""
    product = catalog_service.get_product(db, product_id)
    tasks.add_task(remember, request, viewed=product.id)
    return ProductDetail(
        **ProductDetail.summary_fields(product),
        score=None,
        description=product.description,
        attributes=product.attributes,
        specs=present_specs(product.attributes, spec_frequencies(db, product.product_type)),
        max_quantity=max_quantity(product.stock),
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
def readyz(runtime: Serving) -> JSONResponse:
    """Report each backing service; 200 while search can answer (status says if degraded)."""
    status = readiness(runtime)
    code = 503 if status.status == "unready" else 200
    return JSONResponse(status.model_dump(), status_code=code)
