"""Reports from the daily rollups, checked against a small event history computed by hand."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from analytics.reports import percentile, query_report, report
from analytics.rollups import roll_day, roll_up
from behaviour.retention import apply_retention
from core.errors import InvalidInputError

pytestmark = pytest.mark.clock

D1, D2 = date(2026, 1, 5), date(2026, 1, 6)
ANALYTICS_TABLES = (
    "served_queries, events, search_rollups, query_rollups, query_click_rollups, "
    "reformulation_rollups, rolled_days, experiments"
)


def reset_analytics(engine: Engine) -> None:
    """Empty every behaviour, rollup and experiment table."""
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {ANALYTICS_TABLES} RESTART IDENTITY"))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """Return a UTC time on a day."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def serve(
    engine: Engine,
    when: datetime,
    q: str,
    *,
    variant: str = "bm25",
    total: int = 10,
    latency: int = 10,
    anon: str = "a",
    offset: int = 0,
    **extra: Any,
) -> str:
    """Record one served page; return its query_id."""
    query_id = str(uuid.uuid4())
    row = {
        "id": query_id,
        "at": when,
        "q": q,
        "variant": variant,
        "total": total,
        "latency": latency,
        "anon": anon,
        "offset": offset,
        "products": extra.get("products", [101, 102, 103, 104, 105, 106, 107]),
        "experiment": extra.get("experiment"),
        "arm": extra.get("arm"),
        "teams": extra.get("teams"),
        "user": extra.get("user"),
    }
    with engine.begin() as connection:
        connection.execute(
            text(
                'INSERT INTO served_queries (query_id, served_at, user_id, anonymous_id, query, sort, "offset", '
                "total, product_ids, variant, latency_ms, experiment_id, arm, teams) VALUES (:id, :at, "
                ":user, :anon, :q, 'relevance', :offset, :total, :products, :variant, :latency, "
                ":experiment, :arm, :teams)"
            ),
            row,
        )
    return query_id


def event(
    engine: Engine,
    query_id: str | None,
    kind: str,
    product_id: int,
    when: datetime,
    *,
    position: int | None = None,
    quantity: int | None = None,
    price: float | None = None,
    anon: str = "a",
    user: int | None = None,
) -> None:
    """Record one event."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO events (client_event_id, event_type, query_id, product_id, position, "
                "quantity, anonymous_id, user_id, occurred_at, attributes) VALUES (:cid, :kind, "
                ":qid, :pid, :pos, :qty, :anon, :user, :at, CAST(:attrs AS jsonb))"
            ),
            {
                "cid": str(uuid.uuid4()),
                "kind": kind,
                "qid": query_id,
                "pid": product_id,
                "pos": position,
                "qty": quantity,
                "anon": anon,
                "user": user,
                "at": when,
                "attrs": "{}" if price is None else f'{{"price": {price}}}',
            },
        )


@pytest.fixture()
def history(engine: Engine) -> Engine:
    """Five searches over two days (see the expected figures in each test)."""
    reset_analytics(engine)
    s1 = serve(engine, at(D1, 10), "laptop", latency=12, anon="a1")
    event(engine, s1, "click", 101, at(D1, 10, 1), position=1, anon="a1")
    event(engine, s1, "add_to_cart", 101, at(D1, 10, 2), quantity=2, anon="a1")
    event(engine, s1, "purchase", 101, at(D1, 10, 5), quantity=2, price=50.0, anon="a1")
    s2 = serve(engine, at(D1, 10), "Laptop", latency=30, anon="a2")
    event(engine, s2, "click", 102, at(D1, 10, 1), position=3, anon="a2")
    serve(engine, at(D1, 11), "xyzzy", total=0, latency=4, anon="a3")
    s4 = serve(engine, at(D1, 11, 2), "mouse", variant="ltr:1", total=5, latency=45, anon="a3")
    event(engine, s4, "click", 103, at(D1, 11, 3), position=7, anon="a3")
    serve(engine, at(D1, 12), "laptop", offset=24, anon="a1")  # page 2: not a new search
    serve(engine, at(D1, 12), "", anon="a1")  # browsing without words: not a search
    serve(engine, at(D2, 9), "laptop", variant="ltr:1", total=8, latency=22, anon="a4")
    roll_up(engine, today=D2)
    return engine


def test_overall_figures_match_the_hand_count(
    history: Engine, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as db:
        found = report(db, D1, D2)
    m = found.overall
    assert (m.searches, m.unique_queries) == (5, 3)
    assert m.zero_result_rate == pytest.approx(1 / 5)
    assert m.no_click_rate == pytest.approx(2 / 5)
    assert (m.ctr_at_1, m.ctr_at_5, m.ctr_at_10) == pytest.approx((1 / 5, 2 / 5, 3 / 5))
    assert m.avg_click_position == pytest.approx((1 + 3 + 7) / 3)
    assert m.add_to_cart_rate == pytest.approx(1 / 5)
    assert m.conversion_rate == pytest.approx(1 / 5)
    assert m.revenue_per_search == pytest.approx(100.0 / 5)
    # Latencies 4, 12, 22, 30, 45 ms: the median falls half-way into the 20-25 ms bucket.
    assert (m.latency_ms.p50, m.latency_ms.p95, m.latency_ms.p99) == (22.5, 47.5, 49.5)
    assert found.rolled_up_at is not None


def test_variants_days_and_queries(history: Engine, session_factory: sessionmaker[Session]) -> None:
    with session_factory() as db:
        found = report(db, D1, D2)
    variants = {v.variant: v.metrics for v in found.variants}
    assert variants["bm25"].searches == 3 and variants["ltr:1"].searches == 2
    assert variants["bm25"].ctr_at_10 == pytest.approx(2 / 3)
    assert variants["ltr:1"].unique_queries == 2
    assert [(d.day, d.metrics.searches) for d in found.days] == [(D1, 4), (D2, 1)]
    top = [(q.query, q.searches) for q in found.top_queries]
    assert top == [("laptop", 3), ("mouse", 1), ("xyzzy", 1)]
    assert found.top_queries[0].ctr == pytest.approx(2 / 3)
    assert found.top_queries[0].conversion_rate == pytest.approx(1 / 3)
    assert [(z.query, z.searches) for z in found.zero_result_queries] == [("xyzzy", 1)]


def test_one_variant_only(history: Engine, session_factory: sessionmaker[Session]) -> None:
    with session_factory() as db:
        found = report(db, D1, D2, "bm25")
    assert (found.overall.searches, found.overall.unique_queries) == (3, 2)
    assert [v.variant for v in found.variants] == ["bm25"]


def test_per_query_report(history: Engine, session_factory: sessionmaker[Session]) -> None:
    with session_factory() as db:
        laptop = query_report(db, "  LAPTOP ", D1, D2)
        xyzzy = query_report(db, "xyzzy", D1, D2)
    assert (laptop.query, laptop.searches) == ("laptop", 3)
    assert laptop.ctr == pytest.approx(2 / 3) and laptop.conversion_rate == pytest.approx(1 / 3)
    assert sorted((p.product_id, p.clicks) for p in laptop.clicked_products) == [(101, 1), (102, 1)]
    assert [(d.day, d.searches) for d in laptop.days] == [(D1, 2), (D2, 1)]
    assert xyzzy.zero_result_rate == 1.0
    # The same shopper searched "mouse" two minutes after "xyzzy" found nothing.
    assert [(r.query, r.count) for r in xyzzy.reformulations] == [("mouse", 1)]


def test_rolling_again_counts_late_events_once(
    history: Engine, session_factory: sessionmaker[Session]
) -> None:
    with history.connect() as connection:
        late = connection.execute(
            text("SELECT query_id FROM served_queries WHERE query = 'xyzzy'")
        ).scalar_one()
    # A click arriving after the rollup is counted when the day is rolled again, once.
    event(history, str(late), "click", 104, at(D1, 11, 1), position=2, anon="a3")
    roll_day(history, D1)
    roll_day(history, D1)
    with session_factory() as db:
        assert report(db, D1, D2).overall.ctr_at_5 == pytest.approx(3 / 5)


def test_bad_ranges_are_refused(history: Engine, session_factory: sessionmaker[Session]) -> None:
    with session_factory() as db:
        with pytest.raises(InvalidInputError, match="until is before since"):
            report(db, D2, D1)
        with pytest.raises(InvalidInputError, match="longer than"):
            report(db, D1 - timedelta(days=800), D1)
        with pytest.raises(InvalidInputError, match="q must not be empty"):
            query_report(db, "   ", D1, D2)


def test_percentile_of_an_empty_histogram_is_unknown() -> None:
    assert percentile([0] * 18, 0.5) is None


def test_retention_drops_only_rolled_days_and_archives_them(engine: Engine, tmp_path: Path) -> None:
    reset_analytics(engine)
    today = date(2026, 11, 1)
    old, older = today - timedelta(days=500), today - timedelta(days=501)
    rolled = serve(engine, at(old, 10), "old rolled")
    event(engine, rolled, "click", 101, at(old, 10, 1), position=1)
    unrolled = serve(engine, at(older, 10), "old never rolled")
    recent = serve(engine, at(today, 8), "recent")
    event(engine, recent, "click", 101, at(today, 8, 1), position=1)
    roll_day(engine, old)
    result = apply_retention(engine, keep_days=400, archive_dir=tmp_path, today=today)
    # The older day was never rolled up: nothing from it on is dropped.
    assert result["events"] == 0 and result["served_queries"] == 0
    roll_day(engine, older)
    result = apply_retention(engine, keep_days=400, archive_dir=tmp_path, today=today)
    assert (result["events"], result["served_queries"]) == (1, 2)
    with engine.connect() as connection:
        left = connection.execute(text("SELECT query FROM served_queries")).scalars().all()
        rollups = connection.execute(text("SELECT count(*) FROM search_rollups")).scalar()
    assert left == ["recent"] and rollups == 2
    archived = sorted(p.name for p in tmp_path.iterdir())
    assert len(archived) == 2 and archived[0].startswith("events-")
    assert unrolled and rolled
