"""Held-out sessions through the real API: after the history, scored from the server's records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from analytics.heldout import run_held_out
from analytics.simulate import Simulation, learn_catalog
from behaviour.models import Event
from bench.heldout import forget_held_out, history_marks
from core.settings import Settings
from ranking.online_eval import online_scores, paired, served_searches
from search_service.cli import app as aisle
from tests.fixtures.accounts import reset_accounts

pytestmark = pytest.mark.clock


def test_held_out_days_follow_the_history_and_meet_the_same_searches_twice(
    live_app_url: str, engine: Engine, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    reset_accounts(engine)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE orders, order_items, events, served_queries"))
    history = ["--users", "8", "--days", "2", "--held-out-days", "2", "--seed", "5"]
    result = CliRunner().invoke(aisle, ["simulate", *history, "--api", live_app_url])
    assert result.exit_code == 0, result.output
    with session_factory() as db:
        marks = history_marks(db)
    assert marks.events_until < datetime.now(UTC) - timedelta(days=2)
    with httpx.Client(base_url=live_app_url, timeout=30) as http:
        catalog = learn_catalog(http)
    sim = Simulation(api=live_app_url, users=8, days=2, seed=5, held_out_days=2)
    runs = []
    for _ in range(2):  # two "rankings" (the same one here): the same searches each time
        with session_factory() as db:
            forget_held_out(db, marks)
            since = db.scalar(select(func.now()))
        counts = run_held_out(sim, session_factory, settings, catalog, marks.events_until)
        assert counts["searches"] > 0 and not counts["events_refused"]
        with session_factory() as db:
            runs.append(served_searches(db, since=since))
            sessions = set(
                db.scalars(select(Event.session_id).where(Event.id > marks.last_event_id))
            )
        assert len(runs[-1]) == counts["searches"]
        assert sum(s.clicks for s in runs[-1]) == counts["clicks"]
        assert sessions and all(s.rsplit("-", 1)[1] in {"h0", "h1"} for s in sessions)
    first, second = runs
    assert online_scores(first) == online_scores(second)  # same ranking, same streams
    assert paired(first, second).pairs == len(first) and paired(first, second).mismatched == 0
    with session_factory() as db:
        forget_held_out(db, marks)
        assert db.scalar(select(func.count()).where(Event.id > marks.last_event_id)) == 0
