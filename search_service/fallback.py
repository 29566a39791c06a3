"""Degraded search: Postgres full-text search over the catalog while Elasticsearch is away.

No typo tolerance, no learned ranking and no rules; words match by prefix ("lapt" finds
"laptop"), all words first and any word when all words find nothing, ranked by
`ts_rank_cd` over a weighted document (title, then brand and type, then description).
Results are flagged `degraded` so the shopper's page and the monitoring can say so.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from sqlalchemy import Select, func, literal_column, select, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from catalog.models import Product
from retrieval.params import SearchParams, Sort
from search_service.highlight import Highlighter
from search_service.schemas import FacetValue, ProductHit, SearchResponse

# The weighted document; migration 0009 indexes exactly this expression (GIN).
DOCUMENT_SQL = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(brand, '') || ' ' || "
    "coalesce(product_type, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, left(coalesce(description, ''), 2000)), 'D')"
)
DOCUMENT: ColumnElement[Any] = literal_column(f"({DOCUMENT_SQL})")
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A degraded answer must still be quick; a slower one is refused rather than queued up.
STATEMENT_TIMEOUT_MS = 3000
FACET_VALUES = 20


def tsquery_text(q: str, *, any_word: bool) -> str | None:
    """Return a to_tsquery text matching the query's words by prefix; None without words."""
    words = [word.lower() for word in WORD.findall(q)][:32]
    if not words:
        return None
    return (" | " if any_word else " & ").join(f"{word}:*" for word in words)


def fallback_search(factory: sessionmaker[Session], params: SearchParams) -> SearchResponse:
    """Search the catalog in Postgres; all words first, then any word."""
    started = time.perf_counter()
    with factory() as db, db.begin():
        db.execute(text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))
        relaxed = False
        rows, total, matching = _page(db, params, any_word=False)
        if total == 0 and len(WORD.findall(params.q)) > 1:
            rows, total, matching = _page(db, params, any_word=True)
            relaxed = total > 0
        facets = _facets(db, params, matching) if total else {}
    highlighter = Highlighter(params.q) if params.q else None
    return SearchResponse(
        query_id=str(uuid.uuid4()),
        query=params.q,
        total=total,
        page=params.page,
        size=params.size,
        took_ms=round((time.perf_counter() - started) * 1000),
        relaxed=relaxed,
        degraded=True,
        ranking="fallback",
        results=[_hit(product, score, highlighter) for product, score in rows],
        facets=facets,
    )


def _matching(params: SearchParams, query: Any) -> Select[Any]:
    """Return the products matching the words (if any) and the filters."""
    statement = select(Product).where(Product.active.is_(True))
    if query is not None:
        statement = statement.where(DOCUMENT.op("@@")(query))
    found = params.filters
    if found.brands:
        statement = statement.where(
            func.lower(Product.brand).in_([b.lower() for b in found.brands])
        )
    if found.types:
        types = [t.lower() for t in found.types]
        statement = statement.where(func.lower(Product.product_type).in_(types))
    if found.price is not None and found.price.low is not None:
        statement = statement.where(Product.price >= found.price.low)
    if found.price is not None and found.price.high is not None:
        statement = statement.where(Product.price <= found.price.high)
    if found.min_rating is not None:
        statement = statement.where(Product.rating >= found.min_rating)
    if found.in_stock is not None:
        statement = statement.where(Product.in_stock.is_(found.in_stock))
    return statement


def _page(
    db: Session, params: SearchParams, *, any_word: bool
) -> tuple[list[tuple[Product, float | None]], int, Select[Any]]:
    """Return the page of (product, score), the total, and the matching products' query."""
    words = tsquery_text(params.q, any_word=any_word)
    query = func.to_tsquery(literal_column("'simple'::regconfig"), words) if words else None
    matching = _matching(params, query)
    total = int(db.scalar(select(func.count()).select_from(matching.subquery())) or 0)
    score = func.ts_rank_cd(DOCUMENT, query) if query is not None else literal_column("NULL")
    statement = (
        matching.add_columns(score.label("score"))
        .order_by(*_order(params, score, ranked=query is not None))
        .offset(params.offset)
        .limit(params.size)
    )
    rows = [
        (product, None if value is None else float(value))
        for product, value in db.execute(statement)
    ]
    return rows, total, matching


def _order(params: SearchParams, score: Any, *, ranked: bool) -> list[Any]:
    """Return the ORDER BY of the shopper's sort, ties broken by popularity then id."""
    by_sort: dict[Sort, list[Any]] = {
        Sort.PRICE_ASC: [Product.price.asc().nulls_last()],
        Sort.PRICE_DESC: [Product.price.desc().nulls_last()],
        Sort.RATING: [Product.rating.desc().nulls_last()],
        Sort.NEWEST: [Product.release_date.desc().nulls_last()],
        Sort.POPULAR: [],
    }
    first = by_sort.get(params.sort, [score.desc()] if ranked else [])
    return [*first, Product.popularity.desc(), Product.id]


def _facets(
    db: Session, params: SearchParams, matching: Select[Any]
) -> dict[str, list[FacetValue]]:
    """Count the matching products per brand and per type (the most common values)."""
    found = matching.subquery()
    chosen = {
        "brand": {b.lower() for b in params.filters.brands},
        "product_type": {t.lower() for t in params.filters.types},
    }
    facets: dict[str, list[FacetValue]] = {}
    for name in ("brand", "product_type"):
        column = found.c[name]
        counts = db.execute(
            select(column, func.count())
            .where(column.is_not(None))
            .group_by(column)
            .order_by(func.count().desc(), column)
            .limit(FACET_VALUES)
        )
        facets[name] = [
            FacetValue(value=value, count=count, selected=value.lower() in chosen[name])
            for value, count in counts
        ]
    return facets


def _hit(product: Product, score: float | None, highlighter: Highlighter | None) -> ProductHit:
    """Shape one product as a search hit."""
    marked = highlighter.mark(product.title) if highlighter else None
    return ProductHit(
        **ProductHit.summary_fields(product),
        score=score,
        highlight={"title": marked} if marked else {},
    )
