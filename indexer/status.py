"""Index status: what is live, what is kept, and how far ES trails Postgres."""

from __future__ import annotations

from dataclasses import dataclass

from elasticsearch import Elasticsearch
from sqlalchemy.orm import Session

from catalog.service import count_products
from indexer import versions
from indexer.outbox import backlog


@dataclass(frozen=True)
class IndexStatus:
    """A snapshot of the products index and its sync state."""

    alias: str
    live: str | None
    versions: list[versions.IndexVersion]
    postgres_products: int
    es_documents: int
    outbox_pending: int
    outbox_oldest_age_s: float | None
    cluster_health: str


def index_status(*, session: Session, es: Elasticsearch, alias: str) -> IndexStatus:
    """Collect the index status."""
    kept = versions.list_versions(es, alias)
    live = next((v for v in kept if v.live), None)
    pending, age = backlog(session)
    return IndexStatus(
        alias=alias,
        live=live.name if live else None,
        versions=kept,
        postgres_products=count_products(session, active_only=False),
        es_documents=live.docs if live else 0,
        outbox_pending=pending,
        outbox_oldest_age_s=age,
        cluster_health=str(es.cluster.health().body["status"]),
    )
