"""The rule editor's product finder: an exact sku first, then products whose title has every word.

Staff look products up to pin or hide them; this is not a shopper search, so it goes straight
to Postgres and leaves no trace in the served-query log or the analytics events (the shopper
search path would record both, and would rank "Epson Lamp (x1)" above "ThinkPad X1 Carbon"
for "thinkpad x1 carbon" because BM25 rewards the short title matching the rare word).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field
from sqlalchemy import func, literal_column, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from catalog.models import Product
from catalog.schemas import ProductSummary
from search_service.fallback import DOCUMENT, tsquery_text

MAX_RESULTS = 20
# A lookup runs while the merchandiser types; one slower than this is refused, not queued.
STATEMENT_TIMEOUT_MS = 2000
SIMPLE: ColumnElement[Any] = literal_column("'simple'::regconfig")


class ProductLookupHit(ProductSummary):
    """A product the picker offers, and what matched: its sku or its title."""

    matched: Literal["sku", "title"] = Field(description="sku: the exact sku; title: every word")


def _by_sku(db: Session, q: str) -> list[Product]:
    """Return the active product whose sku is exactly `q` (ignoring letter case), if any."""
    sku = q.strip()
    # The unique index serves these equalities; lower(sku) would scan the table.
    variants = {sku, sku.upper(), sku.lower()}
    statement = select(Product).where(
        Product.active.is_(True), or_(*(Product.sku == v for v in variants))
    )
    return list(db.scalars(statement.limit(1)))


def _by_title(db: Session, q: str, *, limit: int) -> list[Product]:
    """Return active products whose title holds every word (by prefix), best title match first."""
    words = tsquery_text(q, any_word=False)
    if words is None:
        return []
    query = func.to_tsquery(SIMPLE, words)
    title: Any = func.to_tsvector(SIMPLE, func.coalesce(Product.title, ""))
    statement = (
        select(Product)
        # The document's GIN index narrows the rows; the title test then keeps title matches.
        .where(Product.active.is_(True), DOCUMENT.op("@@")(query), title.op("@@")(query))
        .order_by(
            func.ts_rank_cd(title, query).desc(),
            func.length(Product.title),
            Product.popularity.desc(),
            Product.id,
        )
        .limit(limit)
    )
    return list(db.scalars(statement))


def lookup_products(db: Session, q: str, *, limit: int = 10) -> list[ProductLookupHit]:
    """Find products for the picker: the exact sku first, then title matches."""
    if not q.strip():
        return []
    # SET LOCAL holds for this request's read-only transaction only.
    db.execute(text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))
    exact = _by_sku(db, q)
    titled = [p for p in _by_title(db, q, limit=limit) if p not in exact]
    hits = [ProductLookupHit(**ProductSummary.summary_fields(p), matched="sku") for p in exact]
    hits += [ProductLookupHit(**ProductSummary.summary_fields(p), matched="title") for p in titled]
    return hits[:limit]
