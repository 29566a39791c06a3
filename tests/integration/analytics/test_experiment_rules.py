"""The A/B rules on the real stack, through the API: the plan, the fixed horizon, the SRM check.

Searches are recorded as the search route records them (served_queries with the experiment
and arm), clicks as events; the results route then judges them with the real statistics.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from analytics.experiments.stats import shoppers_per_arm
from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts
from tests.integration.analytics.test_reports import event, reset_analytics, serve

ARMS = [{"name": "A", "ranking": "bm25"}, {"name": "B", "ranking": "ltr"}]


@pytest.fixture(scope="module")
def app(settings: Settings) -> Iterator[FastAPI]:
    """Serve the real app."""
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture()
def merch(
    app: FastAPI,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    redis_client: Redis[Any],
) -> Browser:
    """A signed-in merchandiser; no experiments and no behaviour yet."""
    reset_accounts(engine)
    reset_analytics(engine)
    redis_client.flushdb()
    make_user(session_factory, settings, "merch@example.com", role=Role.MERCHANDISER)
    browser = Browser(app)
    assert browser.sign_in("merch@example.com").status_code == 200
    return browser


def started(merch: Browser, **fields: Any) -> dict[str, Any]:
    """Create and start an A/B experiment; return it as created."""
    response = merch.post("/api/experiments", {"name": "rules", "arms": ARMS, **fields})
    assert response.status_code == 201, response.text
    created = dict(response.json())
    assert merch.post(f"/api/experiments/{created['id']}/start").status_code == 200
    return created


class Shoppers:
    """Records shoppers' searches in an experiment, a second apart, and their clicks."""

    def __init__(self, engine: Engine, experiment_id: int) -> None:
        self.engine, self.experiment_id = engine, experiment_id
        self.clock = datetime.now(UTC) - timedelta(hours=2)
        self.count = 0

    def shop(self, arm: str, *, searches: int = 2, clicks: int = 0) -> None:
        """Record one new shopper's searches in `arm`, the first `clicks` of them clicked."""
        self.count += 1
        anon = f"shopper-{self.count}"
        for n in range(searches):
            self.clock += timedelta(seconds=1)
            query_id = serve(
                self.engine, self.clock, "laptop", anon=anon, experiment=self.experiment_id, arm=arm
            )
            if n < clicks:
                event(self.engine, query_id, "click", 101, self.clock, position=1, anon=anon)


def results(merch: Browser, experiment_id: int) -> dict[str, Any]:
    """Read the results through the API."""
    response = merch.client.get(f"/api/experiments/{experiment_id}/results")
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.mark.clock
def test_no_winner_before_the_planned_shoppers_then_one_at_the_horizon(
    merch: Browser, engine: Engine
) -> None:
    experiment = started(merch, baseline_ctr=0.25, min_detectable_effect=2.0)
    planned = shoppers_per_arm(0.25, math.sqrt(0.25 * 0.75), 2.0, 0.05, 0.8)
    assert experiment["planned_shoppers_per_arm"] == planned == 12
    assert "assumed CTR 25.0%" in experiment["plan_basis"]
    shoppers = Shoppers(engine, experiment["id"])
    for _ in range(8):  # B's shoppers click every search, A's none: clearly different
        shoppers.shop("A")
        shoppers.shop("B", clicks=2)
    early = results(merch, experiment["id"])
    ctr = next(c for c in early["comparisons"] if c["metric"] == "ctr")
    assert ctr["significant"] and ctr["method"] == "delta method"
    assert early["winner"] is None and early["decision"].startswith("No winner yet")
    assert early["stopping"]["state"] == "8 of 12 planned shoppers per arm"
    assert not early["stopping"]["reached"]
    for _ in range(4):
        shoppers.shop("A")
        shoppers.shop("B", clicks=2)
    done = results(merch, experiment["id"])
    assert done["winner"] == "B" and done["decision"].startswith("B wins"), done["decision"]
    assert done["stopping"]["reached"] and done["stopping"]["reached_at"]
    assert [a["shoppers"] for a in done["arms"]] == [12, 12]
    # Later searches are not read: A's shoppers turning keen afterwards changes nothing.
    for _ in range(6):
        shoppers.shop("A", clicks=2)
        shoppers.shop("B")
    later = results(merch, experiment["id"])
    assert later["winner"] == "B" and later["arms"] == done["arms"]
    assert later["sample_ratio"]["shoppers"] == [18, 18]  # the SRM check reads everyone


@pytest.mark.clock
def test_a_sample_ratio_mismatch_blocks_the_winner(merch: Browser, engine: Engine) -> None:
    experiment = started(merch, baseline_ctr=0.25, min_detectable_effect=2.0)
    shoppers = Shoppers(engine, experiment["id"])
    for n in range(150):  # a logging path that loses two in five of B's shoppers
        shoppers.shop("A")
        if n % 5 >= 2:
            shoppers.shop("B", clicks=1)
    found = results(merch, experiment["id"])
    srm = found["sample_ratio"]
    assert srm["shoppers"] == [150, 90] and srm["expected_shares"] == [0.5, 0.5]
    assert srm["passed"] is False and srm["p_value"] < 0.001
    assert found["stopping"]["reached"]
    ctr = next(c for c in found["comparisons"] if c["metric"] == "ctr")
    assert ctr["significant"]  # the data would name B; the check does not let it
    assert found["winner"] is None and "Sample ratio mismatch" in found["decision"]


@pytest.mark.clock
def test_planned_shares_follow_the_arm_weights(merch: Browser, engine: Engine) -> None:
    arms = [{**ARMS[0], "weight": 75}, {**ARMS[1], "weight": 25}]
    experiment = started(merch, arms=arms, baseline_ctr=0.25, min_detectable_effect=2.0)
    shoppers = Shoppers(engine, experiment["id"])
    for n in range(120):
        shoppers.shop("A" if n % 4 else "B")
    srm = results(merch, experiment["id"])["sample_ratio"]
    assert srm["shoppers"] == [90, 30] and srm["expected_shares"] == [0.75, 0.25]
    assert srm["passed"] is True and srm["p_value"] == pytest.approx(1.0)


@pytest.mark.clock
def test_the_plan_comes_from_recent_shoppers_or_there_is_none(
    merch: Browser, engine: Engine
) -> None:
    unplanned = started(merch, name="no history")
    assert unplanned["planned_shoppers_per_arm"] is None
    assert "no plan" in results(merch, unplanned["id"])["decision"]
    merch.post(f"/api/experiments/{unplanned['id']}/stop")
    when = datetime.now(UTC) - timedelta(days=1)
    for n in range(60):  # 60 shoppers outside any experiment, 18 of them clicked
        query_id = serve(engine, when + timedelta(seconds=n), "laptop", anon=f"past-{n}")
        if n < 18:
            event(engine, query_id, "click", 101, when, position=1, anon=f"past-{n}")
    planned = merch.post(
        "/api/experiments", {"name": "planned", "arms": ARMS, "min_detectable_effect": 0.5}
    ).json()
    sd = math.sqrt(0.3 * 0.7 * 60 / 59)  # one search each: the sample Bernoulli spread
    assert planned["baseline_ctr"] == pytest.approx(0.3)
    assert planned["baseline_shopper_sd"] == pytest.approx(sd)
    assert planned["planned_shoppers_per_arm"] == shoppers_per_arm(0.3, sd, 0.5, 0.05, 0.8)
    assert planned["plan_basis"] == "60 shoppers' 60 searches over the last 30 days"
