"""Pydantic shapes of the index admin API."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from core.schemas import ApiModel


class IndexVersionRead(ApiModel):
    """One kept index version."""

    name: str
    docs: int
    complete: bool
    live: bool


class IndexStatusRead(ApiModel):
    """The live index, the kept versions and how far Elasticsearch trails Postgres."""

    alias: str
    live: str | None
    versions: list[IndexVersionRead]
    postgres_products: int
    es_documents: int
    outbox_pending: int
    outbox_oldest_age_s: float | None
    cluster_health: str


class RollbackRequest(ApiModel):
    """Which kept version to point the alias at (default: the one before the live one)."""

    model_config = ConfigDict(extra="forbid")

    to: str | None = Field(default=None, max_length=255)


class RollbackRead(ApiModel):
    """What a rollback did."""

    left: str
    live: str
