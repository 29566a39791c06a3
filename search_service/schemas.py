"""Response shapes of the search API."""

from __future__ import annotations

from datetime import date

from pydantic import ConfigDict, Field

from catalog.schemas import JsonScalar, ProductSummary
from catalog.specs import SpecSheet
from core.schemas import ApiModel
from ranking.schemas import Explanation


class ProductHit(ProductSummary):
    """One product in a result list."""

    score: float | None = Field(description="Relevance score; null when sorted by another field")
    highlight: dict[str, str] = Field(
        default_factory=dict,
        description="Fragments with matches in <em>; all other HTML is escaped",
    )
    explanation: Explanation | None = Field(
        default=None, description="With explain=true (merchandisers, admins): why it ranks here"
    )
    pinned: bool = Field(False, description="Placed here by a merchandising rule")
    synonym: bool = Field(False, description="Found only through a synonym of the query")


class FacetValue(ApiModel):
    """One selectable value of a facet and how many results it would keep."""

    model_config = ConfigDict(populate_by_name=True)

    value: str
    count: int
    selected: bool = False
    from_: float | None = Field(default=None, alias="from", serialization_alias="from")
    to: float | None = None


class BannerRead(ApiModel):
    """A merchandiser's message for this search."""

    text: str
    link: str | None = None


class PartialMatchRead(ApiModel):
    """No product holds every word of the query exactly: what the results are for instead."""

    missing: list[str] = Field(description="Words no product holds exactly (within the filters)")
    dropped: list[str] = Field(description="Words most shown results lack, even as a typo")
    showing: str = Field(
        description="The query's words the results are for; empty when none is (typo matches)"
    )


class SearchResponse(ApiModel):
    """A page of search results with facets and query-understanding hints."""

    query_id: str = Field(description="Identifies this search in later events")
    query: str
    total: int
    page: int
    size: int
    took_ms: int
    did_you_mean: str | None = None
    relaxed: bool = Field(
        False,
        description="True when products matching only some of the words follow those matching "
        "every word (fewer than 10 matched every word)",
    )
    partial_match: PartialMatchRead | None = Field(
        None,
        description="Set when the results are a relaxed match: no product holds every word "
        "exactly, and these words were dropped or not found",
    )
    degraded: bool = Field(False, description="True when served by a fallback path")
    ranking: str = Field(
        "bm25",
        description="bm25, ltr:<model id>, fallback (Postgres), or semantic (no product matched "
        "the words; the products nearest the query in meaning)",
    )
    results: list[ProductHit]
    facets: dict[str, list[FacetValue]]
    banners: list[BannerRead] = Field(default_factory=list, description="Rule messages to show")
    redirect: str | None = Field(None, description="A rule sends this query to this URL")
    merch_version: int | None = Field(None, description="Merchandising version applied")


class ProductDetail(ProductHit):
    """A product page: the hit fields plus description, attributes and release date."""

    description: str | None
    attributes: dict[str, JsonScalar]
    specs: SpecSheet = Field(
        description="The attributes as a shopper reads them: key specifications and groups"
    )
    max_quantity: int = Field(description="The most a cart may hold of it now (0: none left)")
    release_date: date | None
    version: int


class HealthStatus(ApiModel):
    """Liveness answer."""

    status: str


class ReadinessStatus(ApiModel):
    """Readiness: each backing service and whether search is degraded."""

    status: str
    degraded: bool
    services: dict[str, str]
    # "ok", or why search is lexical only (no model, a damaged one, turned off).
    semantic: str = "ok"
