"""Rehearse an experiment with simulated shoppers: how many sessions until it decides?

Simulated shoppers (see analytics.simulate) search through the real API while the experiment
runs, so each lands in their arm (or sees the interleaving) exactly as people would. After
every few sessions the results are read the way the dashboard reads them. An A/B test stops
only by its stopping rule: when every arm has its planned shoppers (the fixed horizon), never
at an interim difference; interleaving likewise when it has its planned queries with a
preference, never at an interim one. Either stops when the shoppers run out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from sqlalchemy.orm import Session, sessionmaker

from analytics.experiments.results import results
from analytics.experiments.schemas import Results
from analytics.experiments.service import get
from analytics.shoppers import make_shopper
from analytics.simulate import Simulation, learn_catalog, live, signed_in
from core.settings import Settings


@dataclass(frozen=True)
class Rehearsal:
    """What the rehearsal took and what the experiment decided."""

    shoppers: int
    sessions: int
    searches: int
    results: Results


def rehearse(
    sim: Simulation,
    factory: sessionmaker[Session],
    settings: Settings,
    experiment_id: int,
    *,
    check_every: int = 10,
) -> Rehearsal:
    """Run shoppers until the experiment's rule ends it (or `sim.users` have shopped)."""
    now = datetime.now(UTC)
    counts: Counter[str] = Counter()
    with httpx.Client(base_url=sim.api, timeout=30) as http:
        catalog = learn_catalog(http)
    checked_at = 0
    outcome = _results(factory, experiment_id)
    for number in range(sim.users):
        shopper = make_shopper(number, sim.seed, catalog)
        with signed_in(sim, factory, settings, number) as http:
            counts += live(shopper, http, sim, now)
        counts["shoppers"] += 1
        if counts["sessions"] - checked_at >= check_every:
            checked_at = counts["sessions"]
            outcome = _results(factory, experiment_id)
            if finished(outcome):
                break
    else:
        outcome = _results(factory, experiment_id)
    return Rehearsal(counts["shoppers"], counts["sessions"], counts["searches"], outcome)


def finished(outcome: Results) -> bool:
    """Say whether the experiment's stopping rule ends it: its fixed horizon is reached."""
    if outcome.interleaving is not None:
        return outcome.interleaving.stopping.reached
    return outcome.stopping is not None and outcome.stopping.reached


def _results(factory: sessionmaker[Session], experiment_id: int) -> Results:
    """Read the experiment's results as they stand."""
    with factory() as db:
        return results(db, get(db, experiment_id))
