"""Recommendations: similar items, bought together, trending, personal, recently viewed.

Each answer says where it came from; every personal or behavioural source falls back to a
broader one (personal → trending in the shopper's favourite type → global trending →
best rated), so a new store or a new shopper never sees an empty shelf.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch
from redis import Redis
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from accounts.models import IdentityLink
from behaviour.models import Event
from behaviour.signals import ranked, scored
from catalog.models import Product
from catalog.schemas import ProductSummary
from core.schemas import ApiModel
from shop.order_models import Order, OrderItem

# Popular products considered for re-ranking by a shopper's taste.
PERSONAL_CANDIDATES = 500
# How much each kind of look says about taste.
AFFINITY_WEIGHTS = {"product_view": 1, "click": 1, "add_to_cart": 3}


class Recommendations(ApiModel):
    """Recommended products and the source that produced them."""

    items: list[ProductSummary]
    source: str


def summaries(
    db: Session,
    ids: Sequence[int],
    *,
    exclude: set[int] | None = None,
    limit: int = 20,
    in_stock_only: bool = True,
) -> list[ProductSummary]:
    """Return active products by id, in the given order, skipping `exclude`.

    Shelves offer what can be bought, so out-of-stock products are left out unless
    `in_stock_only` is False (recently viewed: the shopper's own history, shown as it is).
    """
    wanted = [i for i in dict.fromkeys(ids) if i not in (exclude or set())]
    where = [Product.id.in_(wanted), Product.active]
    if in_stock_only:
        where.append(Product.in_stock)
    rows = {p.id: p for p in db.scalars(select(Product).where(*where))}
    return [ProductSummary.from_product(rows[i]) for i in wanted if i in rows][:limit]


def similar(
    db: Session, redis: Redis[str], es: Elasticsearch, alias: str, product_id: int, size: int
) -> Recommendations:
    """Products viewed together with this one, topped up with content-similar ones."""
    found = summaries(
        db, ranked(redis, f"co-viewed:{product_id}", size), exclude={product_id}, limit=size
    )
    source = "co-viewed" if found else "content"
    if len(found) < size:
        have = {p.product_id for p in found} | {product_id}
        found += summaries(
            db,
            _more_like_this(es, alias, product_id, size * 2),
            exclude=have,
            limit=size - len(found),
        )
    return Recommendations(items=found, source=source)


def bought_together(db: Session, redis: Redis[str], product_id: int, size: int) -> Recommendations:
    """Products bought in the same orders as this one (empty until someone has)."""
    ids = ranked(redis, f"co-bought:{product_id}", size)
    return Recommendations(
        items=summaries(db, ids, exclude={product_id}, limit=size), source="co-bought"
    )


def trending(
    db: Session,
    redis: Redis[str],
    es: Elasticsearch,
    alias: str,
    size: int,
    product_type: str | None = None,
    exclude: set[int] | None = None,
) -> Recommendations:
    """The last week's risers (optionally of one type), else the best rated in stock."""
    name = f"trending:7d:type:{product_type}" if product_type else "trending:7d"
    found = summaries(db, ranked(redis, name, size * 2), exclude=exclude, limit=size)
    if found:
        return Recommendations(
            items=found, source=f"trending:{product_type}" if product_type else "trending"
        )
    ids = _best_rated(es, alias, size * 2, product_type)
    return Recommendations(
        items=summaries(db, ids, exclude=exclude, limit=size), source="best-rated"
    )


@dataclass(frozen=True)
class Affinity:
    """What a shopper's history says they like."""

    brands: Counter[str]
    types: Counter[str]
    band: tuple[float, float] | None

    @property
    def favourite_type(self) -> str | None:
        """Return the type the shopper looked at most."""
        return self.types.most_common(1)[0][0] if self.types else None


def affinity(db: Session, owners: Any, *, before: datetime | None = None) -> Affinity | None:
    """Weigh the brands, types and prices of what the shopper looked at (None: no history)."""
    query = (
        select(Product.brand, Product.product_type, Product.price, Event.event_type)
        .join(Event, Event.product_id == Product.id)
        .where(owners, Event.event_type.in_(tuple(AFFINITY_WEIGHTS)))
    )
    if before is not None:
        query = query.where(Event.occurred_at < before)
    seen = db.execute(query.order_by(Event.occurred_at.desc()).limit(500)).all()
    if not seen:
        return None
    brands: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for row in seen:
        if row.brand:
            brands[row.brand] += AFFINITY_WEIGHTS[row.event_type]
        if row.product_type:
            types[row.product_type] += AFFINITY_WEIGHTS[row.event_type]
    prices = sorted(float(row.price) for row in seen if row.price is not None)
    median = prices[len(prices) // 2] if prices else None
    return Affinity(brands, types, (median * 0.5, median * 1.6) if median else None)


def rank_by_taste(
    taste: Affinity,
    popular: Sequence[tuple[int, float]],
    facts: dict[int, tuple[str | None, str | None, float | None]],
) -> list[int]:
    """Re-rank popular products by how well each fits the shopper's types, brands and band.

    Popularity says what people like; taste says which of those this shopper would. A product
    outside every taste keeps a fifth of its popularity, so strong sellers still surface.
    """
    top_type = max(taste.types.values(), default=1)
    top_brand = max(taste.brands.values(), default=1)
    scored = []
    for product_id, popularity in popular:
        product_type, brand, price = facts.get(product_id, (None, None, None))
        fit = 0.2 + taste.types.get(product_type or "", 0) / top_type
        fit += 0.6 * taste.brands.get(brand or "", 0) / top_brand
        if taste.band and price is not None and taste.band[0] <= price <= taste.band[1]:
            fit += 0.3
        scored.append((popularity * fit, product_id))
    return [product_id for _, product_id in sorted(scored, reverse=True)]


def product_facts(
    db: Session, ids: Sequence[int]
) -> dict[int, tuple[str | None, str | None, float | None]]:
    """Return type, brand and price of active products, by id."""
    rows = db.execute(
        select(Product.id, Product.product_type, Product.brand, Product.price).where(
            Product.id.in_(list(ids)), Product.active
        )
    )
    return {
        pid: (kind, brand, float(price) if price is not None else None)
        for pid, kind, brand, price in rows
    }


def personal_ids(
    db: Session,
    es: Elasticsearch,
    alias: str,
    taste: Affinity,
    popular: Sequence[tuple[int, float]],
    exclude: set[int],
    size: int,
) -> list[int]:
    """Popular products re-ranked by taste, topped up with taste matches from the catalog."""
    ranked_ids = rank_by_taste(taste, popular, product_facts(db, [p for p, _ in popular]))
    picks = [p for p in ranked_ids if p not in exclude][:size]
    if len(picks) < size:
        more = _affinity_search(
            es, alias, taste.brands, taste.types, taste.band, exclude | set(picks), size
        )
        picks += more[: size - len(picks)]
    return picks


def for_you(
    db: Session,
    redis: Redis[str],
    es: Elasticsearch,
    alias: str,
    *,
    user_id: int | None,
    anonymous_id: str,
    size: int,
) -> Recommendations:
    """Personal picks from the shopper's brands, types and price band; else trending."""
    taste = affinity(db, owner_filter(user_id, anonymous_id))
    bought = _bought(db, user_id)
    if taste is None:
        return trending(db, redis, es, alias, size, exclude=bought)
    popular = scored(redis, "popularity", PERSONAL_CANDIDATES)
    picks = personal_ids(db, es, alias, taste, popular, bought, size * 2)
    found = summaries(db, picks, exclude=bought, limit=size)
    if len(found) >= size // 2:
        return Recommendations(items=found, source="personal")
    return trending(db, redis, es, alias, size, product_type=taste.favourite_type, exclude=bought)


def owner_filter(user_id: int | None, anonymous_id: str) -> Any:
    """Return a filter for the shopper's events: by user, and by every browser they used."""
    if user_id is None:
        return Event.anonymous_id == anonymous_id
    linked = select(IdentityLink.anonymous_id).where(IdentityLink.user_id == user_id)
    return or_(Event.user_id == user_id, Event.anonymous_id.in_(linked))


def _bought(db: Session, user_id: int | None) -> set[int]:
    """Return the products the user has bought."""
    if user_id is None:
        return set()
    return set(
        db.scalars(
            select(OrderItem.product_id)
            .join(Order, Order.id == OrderItem.order_id)
            .where(Order.user_id == user_id)
        )
    )


def _affinity_search(
    es: Elasticsearch,
    alias: str,
    brands: Counter[str],
    types: Counter[str],
    band: tuple[float, float] | None,
    exclude: set[int],
    size: int,
) -> list[int]:
    """Find in-stock products of the shopper's favourite brands and types, in their price band."""
    should: list[dict[str, Any]] = [
        {"term": {"brand.keyword": {"value": brand, "boost": count}}}
        for brand, count in brands.most_common(5)
    ] + [
        {"term": {"product_type.keyword": {"value": kind, "boost": 2 * count}}}
        for kind, count in types.most_common(3)
    ]
    filters: list[dict[str, Any]] = [{"term": {"in_stock": True}}, {"term": {"active": True}}]
    if band:
        filters.append({"range": {"price": {"gte": band[0], "lte": band[1]}}})
    body = {
        "bool": {
            "should": should,
            "minimum_should_match": 1,
            "filter": filters,
            "must_not": [{"ids": {"values": [str(i) for i in exclude]}}],
        }
    }
    hits = es.search(index=alias, query=body, size=size, source=False).body["hits"]["hits"]
    return [int(hit["_id"]) for hit in hits]


def _more_like_this(es: Elasticsearch, alias: str, product_id: int, size: int) -> list[int]:
    """Find products whose title, brand and type resemble this one's."""
    query = {
        "more_like_this": {
            "fields": ["title", "brand", "product_type"],
            "like": [{"_index": alias, "_id": str(product_id)}],
            "min_term_freq": 1,
            "min_doc_freq": 1,
            "max_query_terms": 20,
        }
    }
    hits = es.search(index=alias, query=query, size=size, source=False).body["hits"]["hits"]
    return [int(hit["_id"]) for hit in hits]


def _best_rated(es: Elasticsearch, alias: str, size: int, product_type: str | None) -> list[int]:
    """Return well-reviewed, in-stock products (the fallback when nothing trends yet)."""
    filters: list[dict[str, Any]] = [{"term": {"in_stock": True}}]
    if product_type:
        filters.append({"term": {"product_type.keyword": product_type}})
    hits = es.search(
        index=alias,
        query={"bool": {"filter": filters}},
        size=size,
        source=False,
        sort=[{"rating": {"order": "desc", "missing": "_last"}}, {"review_count": "desc"}],
    ).body["hits"]["hits"]
    return [int(hit["_id"]) for hit in hits]


def popular_type(db: Session) -> str | None:
    """Return the type with the most products (for tests and empty stores)."""
    return db.scalar(
        select(Product.product_type)
        .where(Product.product_type.is_not(None))
        .group_by(Product.product_type)
        .order_by(func.count().desc())
        .limit(1)
    )
