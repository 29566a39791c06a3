"""Today's figures without a manual roll-up: the frequent roll-up of the recent days, and the
roll-up job's status, which the dashboard polls to reload when its roll-up finishes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from analytics.reports import report
from analytics.rollups import roll_recent
from core.jobs import create_job
from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts
from tests.integration.analytics.test_reports import at, reset_analytics, serve

pytestmark = pytest.mark.clock

D0, D1, D2 = date(2026, 1, 4), date(2026, 1, 5), date(2026, 1, 6)


def rolled(engine: Engine) -> list[date]:
    """Return the days marked rolled."""
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT day FROM rolled_days ORDER BY day")).scalars())


def test_the_recent_roll_up_shows_today_and_leaves_older_days_alone(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    reset_analytics(engine)
    serve(engine, at(D0, 12), "kettle")
    serve(engine, at(D1, 23, 58), "toaster")
    serve(engine, at(D2, 0, 3), "laptop")
    # Just after midnight the last minutes of yesterday are rolled again with today.
    summary = roll_recent(engine, lookback=timedelta(minutes=10), now=at(D2, 0, 4))
    assert (summary["days"], summary["searches"]) == (2, 2)
    assert rolled(engine) == [D1, D2]  # the day before is the hourly catch-up's business
    serve(engine, at(D2, 9), "laptop")
    roll_recent(engine, lookback=timedelta(minutes=10), now=at(D2, 9, 5))
    assert rolled(engine) == [D1, D2]
    with session_factory() as db:
        found = report(db, D2, D2)
    assert found.overall.searches == 2 and found.rolled_up_at is not None
    assert [(q.query, q.searches) for q in found.top_queries] == [("laptop", 2)]


@pytest.fixture(scope="module")
def app(settings: Settings, engine: Engine) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):
        yield application


def test_merchandisers_follow_roll_up_jobs_only(
    app: FastAPI,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    redis_client: Redis,
) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE jobs RESTART IDENTITY CASCADE"))
    make_user(session_factory, settings, "merch@example.com", role=Role.MERCHANDISER)
    merch = Browser(app)
    assert merch.sign_in("merch@example.com").status_code == 200
    started = merch.post("/api/analytics/rollup")
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    followed = merch.get(f"/api/analytics/rollup/{job_id}")
    assert followed.status_code == 200
    assert followed.json()["kind"] == "rollup"
    assert followed.json()["status"] in ("queued", "running", "succeeded")
    with session_factory() as db:
        other = create_job(db, kind="rebuild", triggered_by="test", params={}).id
    refused = merch.get(f"/api/analytics/rollup/{other}")
    assert refused.status_code == 404 and "no roll-up job" in refused.text
    assert Browser(app).get(f"/api/analytics/rollup/{job_id}").status_code == 401
