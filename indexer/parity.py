"""Parity check: does Elasticsearch hold what Postgres says it should?"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import Product
from indexer.documents import product_document

# Fields compared by checksum; the rest are derived from these.
CHECKED_FIELDS = ("sku", "title", "brand", "product_type", "price", "rating", "stock", "active")


@dataclass
class ParityReport:
    """Drift between Postgres and one index."""

    index: str
    postgres_count: int
    es_count: int
    sampled: int = 0
    missing_in_es: list[int] = field(default_factory=list)
    extra_in_es: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    mismatched: list[int] = field(default_factory=list)

    @property
    def in_sync(self) -> bool:
        """Return True when no drift was found."""
        return self.postgres_count == self.es_count and not (
            self.missing_in_es or self.extra_in_es or self.stale or self.mismatched
        )


def checksum(source: dict[str, Any]) -> str:
    """Return a stable digest of the checked fields of a document."""
    picked = {name: source.get(name) for name in CHECKED_FIELDS}
    return hashlib.sha256(json.dumps(picked, sort_keys=True, default=str).encode()).hexdigest()


def verify(*, session: Session, es: Elasticsearch, index: str, sample: int = 500) -> ParityReport:
    """Compare ids of all products, and versions and field checksums of a random sample."""
    pg_ids = set(session.scalars(select(Product.id)))
    es_ids = {int(hit["_id"]) for hit in scan(es, index=index, query={"_source": False})}
    report = ParityReport(index=index, postgres_count=len(pg_ids), es_count=len(es_ids))
    report.missing_in_es = sorted(pg_ids - es_ids)[:100]
    report.extra_in_es = sorted(es_ids - pg_ids)[:100]
    drawn = session.scalars(select(Product).order_by(func.random()).limit(sample)).all()
    products = [p for p in drawn if p.id in es_ids]
    report.sampled = len(products)
    if products:
        # The vector is derived from the text the checksum covers; fetching it is 4 kB a doc.
        docs = es.mget(
            index=index, ids=[str(p.id) for p in products], source_excludes=["embedding"]
        ).body["docs"]
        by_id = {int(d["_id"]): d for d in docs if d.get("found")}
        for product in products:
            doc = by_id.get(product.id)
            if doc is None:
                report.missing_in_es.append(product.id)
            elif doc["_source"].get("version") != product.version:
                report.stale.append(product.id)
            elif checksum(doc["_source"]) != checksum(product_document(product)):
                report.mismatched.append(product.id)
    return report
