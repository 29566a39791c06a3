"""Turn a catalog product into the Elasticsearch document the mapping expects."""

from __future__ import annotations

from typing import Any

from catalog.models import Product
from catalog.product_types import type_keys
from catalog.schemas import available
from core.compounds import joined_pairs
from core.links import web_address_or_none
from core.text import fact_key, stem_text, terms

# Longer values are prose, not something a merchandiser boosts by.
MAX_FACT_LENGTH = 60


def product_document(product: Product) -> dict[str, Any]:
    """Return the ES source of one product."""
    return {
        "product_id": product.id,
        "sku": product.sku,
        "title": product.title,
        "title_stem": stem_text(product.title),
        "title_joined": " ".join(joined_pairs(terms(product.title))),
        "brand": product.brand,
        "product_type": product.product_type,
        "type_stem": stem_text(product.product_type),
        # A learned type is a facet, not intent: its boosts cost Home Depot NDCG@10 0.407 ->
        # 0.377 (bench.relevance), broad learned types ("Kit") lifting whole swathes.
        "type_keys": []
        if product.type_learned
        else sorted({stem_text(key) for key in type_keys(product.product_type)}),
        "description": product.description,
        "description_stem": stem_text(product.description),
        "price": float(product.price) if product.price is not None else None,
        "currency": product.currency,
        "rating": product.rating,
        "review_count": product.review_count,
        "popularity": product.popularity,
        "stock": product.stock,
        "in_stock": available(product.stock),
        "release_date": product.release_date.isoformat() if product.release_date else None,
        "active": product.active,
        "image_url": web_address_or_none(product.image_url),
        "attributes": product.attributes,
        "facts": facts(product.attributes),
        "updated_at": product.updated_at.isoformat(),
        "version": product.version,
        "suggest": _suggest_inputs(product),
    }


def facts(attributes: dict[str, Any] | None) -> list[str]:
    """Return the product's short attribute values as "name=value" keywords."""
    found = set()
    for name, value in (attributes or {}).items():
        if isinstance(value, (str, bool, int, float)) and len(str(value)) <= MAX_FACT_LENGTH:
            found.add(fact_key(name, value))
    return sorted(found)


def _suggest_inputs(product: Product) -> dict[str, Any]:
    """Return completion inputs (brand, type, title) weighted by popularity."""
    inputs = [value for value in (product.brand, product.product_type, product.title) if value]
    return {
        "input": [value[:80] for value in inputs],
        "weight": 1 + min(product.review_count, 10_000),
    }


def index_action(product: Product, index: str, vector: list[float] | None = None) -> dict[str, Any]:
    """Return a bulk action that indexes the product (and its vector) under its row version."""
    source = product_document(product)
    if vector is not None:
        source["embedding"] = vector
    return {
        "_op_type": "index",
        "_index": index,
        "_id": str(product.id),
        "version": product.version,
        "version_type": "external",
        "_source": source,
    }


def delete_action(product_id: int, version: int, index: str) -> dict[str, Any]:
    """Return a bulk action that deletes the product, winning over older versions."""
    return {
        "_op_type": "delete",
        "_index": index,
        "_id": str(product_id),
        "version": version,
        "version_type": "external",
    }
