"""Search analytics reports, read from the daily rollups (never from raw events)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from analytics.report_schemas import (
    ClickedProduct,
    DayMetrics,
    DaySearches,
    Latency,
    Metrics,
    QueryFigures,
    QueryReport,
    Reformulation,
    Report,
    VariantMetrics,
    ZeroResultQuery,
)
from analytics.rollup_models import (
    QueryClickRollup,
    QueryRollup,
    ReformulationRollup,
    RolledDay,
    SearchRollup,
)
from analytics.rollups import LATENCY_EDGES_MS
from analytics.sketch import estimate, union
from catalog.models import Product
from core.errors import InvalidInputError

TOP = 20
MAX_RANGE_DAYS = 731
DEFAULT_DAYS = 30


@dataclass
class Totals:
    """Summed rollup counters."""

    searches: int = 0
    zero_results: int = 0
    clicked: int = 0
    clicked_at_1: int = 0
    clicked_at_5: int = 0
    clicked_at_10: int = 0
    clicks: int = 0
    click_position_sum: int = 0
    carted: int = 0
    purchased: int = 0
    revenue: Decimal = Decimal(0)
    histogram: list[int] = field(default_factory=lambda: [0] * (len(LATENCY_EDGES_MS) + 1))
    sketches: list[bytes] = field(default_factory=list)

    def add(self, row: SearchRollup) -> None:
        """Add one rollup row."""
        for name in (
            "searches",
            "zero_results",
            "clicked",
            "clicked_at_1",
            "clicked_at_5",
            "clicked_at_10",
            "clicks",
            "click_position_sum",
            "carted",
            "purchased",
            "revenue",
        ):
            setattr(self, name, getattr(self, name) + getattr(row, name))
        for i, count in enumerate(row.latency_histogram[: len(self.histogram)]):
            self.histogram[i] += count
        self.sketches.append(row.query_sketch)

    def metrics(self) -> Metrics:
        """Return the rates and percentiles these counters give."""
        n = self.searches
        return Metrics(
            searches=n,
            unique_queries=estimate(union(self.sketches)),
            zero_result_rate=_rate(self.zero_results, n),
            no_click_rate=_rate(n - self.clicked, n),
            ctr_at_1=_rate(self.clicked_at_1, n),
            ctr_at_5=_rate(self.clicked_at_5, n),
            ctr_at_10=_rate(self.clicked_at_10, n),
            avg_click_position=self.click_position_sum / self.clicks if self.clicks else None,
            add_to_cart_rate=_rate(self.carted, n),
            conversion_rate=_rate(self.purchased, n),
            revenue_per_search=float(self.revenue) / n if n else 0.0,
            latency_ms=Latency(
                p50=percentile(self.histogram, 0.50),
                p95=percentile(self.histogram, 0.95),
                p99=percentile(self.histogram, 0.99),
            ),
        )


def percentile(histogram: Sequence[int], share: float) -> float | None:
    """Estimate a percentile from the latency histogram, linearly within its bucket.

    The last bucket has no upper edge, so a percentile falling in it reads as its lower edge.
    """
    total = sum(histogram)
    if not total:
        return None
    rank = share * total
    seen = 0
    for bucket, count in enumerate(histogram):
        if count and seen + count >= rank:
            low = LATENCY_EDGES_MS[bucket - 1] if bucket else 0
            if bucket == len(LATENCY_EDGES_MS):
                return float(low)
            high = LATENCY_EDGES_MS[bucket]
            return round(low + (high - low) * (rank - seen) / count, 1)
        seen += count
    return float(LATENCY_EDGES_MS[-1])


def default_range(since: date | None, until: date | None) -> tuple[date, date]:
    """Fill in a missing end (today, UTC) and start (the 30 days ending at the end)."""
    until = until or datetime.now(UTC).date()
    span = timedelta(days=DEFAULT_DAYS - 1)  # no earlier than the first date there is
    return since or (until - span if until >= date.min + span else date.min), until


def check_range(since: date, until: date) -> None:
    """Refuse an empty or overly long date range."""
    if until < since:
        raise InvalidInputError("until is before since", loc=("query", "until"))
    if (until - since).days >= MAX_RANGE_DAYS:
        raise InvalidInputError(
            f"the range is longer than {MAX_RANGE_DAYS} days", loc=("query", "since")
        )


def report(db: Session, since: date, until: date, variant: str | None = None) -> Report:
    """Return the figures over [since, until], overall, per variant, per day and per query."""
    check_range(since, until)
    rows = db.scalars(_in_range(select(SearchRollup), SearchRollup, since, until, variant)).all()
    overall = Totals()
    per_variant: dict[str, Totals] = defaultdict(Totals)
    per_day: dict[date, Totals] = defaultdict(Totals)
    for row in rows:
        overall.add(row)
        per_variant[row.variant].add(row)
        per_day[row.day].add(row)
    return Report(
        since=since,
        until=until,
        variant=variant,
        rolled_up_at=db.scalar(select(func.max(RolledDay.rolled_at))),
        overall=overall.metrics(),
        variants=[
            VariantMetrics(variant=name, metrics=totals.metrics())
            for name, totals in sorted(per_variant.items(), key=lambda kv: -kv[1].searches)
        ],
        days=[
            DayMetrics(day=day, metrics=totals.metrics()) for day, totals in sorted(per_day.items())
        ],
        top_queries=top_queries(db, since, until, variant),
        zero_result_queries=zero_result_queries(db, since, until, variant),
    )


def top_queries(
    db: Session, since: date, until: date, variant: str | None, limit: int = TOP
) -> list[QueryFigures]:
    """Return the most searched queries with their engagement."""
    searches = func.sum(QueryRollup.searches)
    query = (
        select(
            QueryRollup.query,
            searches,
            func.sum(QueryRollup.clicked),
            func.sum(QueryRollup.purchased),
            func.sum(QueryRollup.zero_results),
        )
        .group_by(QueryRollup.query)
        .order_by(searches.desc(), QueryRollup.query)
        .limit(limit)
    )
    return [
        QueryFigures(
            query=text,
            searches=n,
            ctr=_rate(clicked, n),
            conversion_rate=_rate(purchased, n),
            zero_result_rate=_rate(zero, n),
        )
        for text, n, clicked, purchased, zero in db.execute(
            _in_range(query, QueryRollup, since, until, variant)
        )
    ]


def zero_result_queries(
    db: Session, since: date, until: date, variant: str | None, limit: int = TOP
) -> list[ZeroResultQuery]:
    """Return the queries that most often found nothing."""
    zero = func.sum(QueryRollup.zero_results)
    query = (
        select(QueryRollup.query, zero)
        .group_by(QueryRollup.query)
        .having(zero > 0)
        .order_by(zero.desc(), QueryRollup.query)
        .limit(limit)
    )
    return [
        ZeroResultQuery(query=text, searches=n)
        for text, n in db.execute(_in_range(query, QueryRollup, since, until, variant))
    ]


def query_report(db: Session, q: str, since: date, until: date) -> QueryReport:
    """Return one query's figures: volume, engagement, clicked products, reformulations."""
    check_range(since, until)
    q = " ".join(q.lower().split())
    if not q:
        raise InvalidInputError("q must not be empty", loc=("query", "q"))
    days: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in db.scalars(
        _in_range(select(QueryRollup), QueryRollup, since, until, None).where(
            QueryRollup.query == q
        )
    ):
        for i, value in enumerate((row.searches, row.clicked, row.purchased, row.zero_results)):
            days[row.day][i] += value
    n, clicked, purchased, zero = (
        (sum(column) for column in zip(*days.values(), strict=True)) if (days) else (0, 0, 0, 0)
    )
    clicks = func.sum(QueryClickRollup.clicks)
    clicked_products = db.execute(
        _in_range(
            select(QueryClickRollup.product_id, Product.title, clicks)
            .outerjoin(Product, Product.id == QueryClickRollup.product_id)
            .where(QueryClickRollup.query == q)
            .group_by(QueryClickRollup.product_id, Product.title)
            .order_by(clicks.desc(), QueryClickRollup.product_id)
            .limit(TOP),
            QueryClickRollup,
            since,
            until,
            None,
        )
    ).all()
    count = func.sum(ReformulationRollup.count)
    reformulations = db.execute(
        _in_range(
            select(ReformulationRollup.next_query, count)
            .where(ReformulationRollup.query == q)
            .group_by(ReformulationRollup.next_query)
            .order_by(count.desc(), ReformulationRollup.next_query)
            .limit(TOP),
            ReformulationRollup,
            since,
            until,
            None,
        )
    ).all()
    return QueryReport(
        query=q,
        since=since,
        until=until,
        searches=n,
        ctr=_rate(clicked, n),
        conversion_rate=_rate(purchased, n),
        zero_result_rate=_rate(zero, n),
        clicked_products=[
            ClickedProduct(product_id=pid, title=title, clicks=c)
            for pid, title, c in clicked_products
        ],
        reformulations=[Reformulation(query=text, count=c) for text, c in reformulations],
        days=[DaySearches(day=day, searches=values[0]) for day, values in sorted(days.items())],
    )


SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")
RollupTable = (
    type[SearchRollup] | type[QueryRollup] | type[QueryClickRollup] | type[ReformulationRollup]
)


def _in_range(
    query: SelectT, table: RollupTable, since: date, until: date, variant: str | None
) -> SelectT:
    """Restrict a rollup query to the date range, and to one variant if given."""
    query = query.where(table.day >= since, table.day <= until)
    if variant is not None and hasattr(table, "variant"):
        query = query.where(table.variant == variant)
    return query


def _rate(part: float, whole: float) -> float:
    """Return part / whole, or 0 when there is nothing to divide."""
    return part / whole if whole else 0.0
