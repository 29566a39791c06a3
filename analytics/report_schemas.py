"""Response shapes of the analytics reports."""

from __future__ import annotations

from datetime import date, datetime

from core.schemas import ApiModel


class Latency(ApiModel):
    """Search latency percentiles in milliseconds (estimated from the daily histograms)."""

    p50: float | None
    p95: float | None
    p99: float | None


class Metrics(ApiModel):
    """How searches went: volume, engagement, money and speed. Rates are 0..1."""

    searches: int
    unique_queries: int
    zero_result_rate: float
    no_click_rate: float
    ctr_at_1: float
    ctr_at_5: float
    ctr_at_10: float
    avg_click_position: float | None
    add_to_cart_rate: float
    conversion_rate: float
    revenue_per_search: float
    latency_ms: Latency


class VariantMetrics(ApiModel):
    """The figures of one ranking variant."""

    variant: str
    metrics: Metrics


class DayMetrics(ApiModel):
    """The figures of one day."""

    day: date
    metrics: Metrics


class QueryFigures(ApiModel):
    """One query's volume and engagement."""

    query: str
    searches: int
    ctr: float
    conversion_rate: float
    zero_result_rate: float


class ZeroResultQuery(ApiModel):
    """A query that found nothing, and how often."""

    query: str
    searches: int


class Report(ApiModel):
    """Search analytics over a date range."""

    since: date
    until: date
    variant: str | None
    rolled_up_at: datetime | None
    overall: Metrics
    variants: list[VariantMetrics]
    days: list[DayMetrics]
    top_queries: list[QueryFigures]
    zero_result_queries: list[ZeroResultQuery]


class ClickedProduct(ApiModel):
    """A product clicked from a query's results."""

    product_id: int
    title: str | None
    clicks: int


class Reformulation(ApiModel):
    """A query shoppers searched next, within minutes."""

    query: str
    count: int


class DaySearches(ApiModel):
    """A query's searches on one day."""

    day: date
    searches: int


class QueryReport(ApiModel):
    """One query over a date range."""

    query: str
    since: date
    until: date
    searches: int
    ctr: float
    conversion_rate: float
    zero_result_rate: float
    clicked_products: list[ClickedProduct]
    reformulations: list[Reformulation]
    days: list[DaySearches]


class Segment(ApiModel):
    """One shopper segment: its size, interests and behaviour over the lookback."""

    segment: int
    size: int
    top_types: list[str]
    searches: int
    ctr: float
    add_to_cart_rate: float
    conversion_rate: float


class SegmentReport(ApiModel):
    """The shopper segments of the last refresh."""

    refreshed_at: datetime | None
    segments: list[Segment]


class RollupStarted(ApiModel):
    """A rollup job was queued."""

    job_id: int
    message: str
