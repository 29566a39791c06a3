"""Held-out sessions: the simulated shoppers' days after their history, to compare rankings.

The same shoppers (`make_shopper`: same hidden tastes) come back for the days the history
left out (`aisle simulate --held-out-days`), through the live API. Their plan (which days
they shop, when, how many searches and which queries) comes from a stream of its own, so
every ranking served meets the same searches; each search's clicks and carts come from a
fresh stream per search (common random numbers: a ranking's luck does not carry over to the
next search). They never check out (orders change stock, which would leak between runs) and
leave their cart empty.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from analytics.shoppers import Shopper, query_for
from analytics.simulate import SESSION_CHANCE, Simulation, each_shopper, search_and_browse
from core.settings import Settings


def plan_stream(seed: int, number: int) -> random.Random:
    """Return the generator of a shopper's held-out plan: days, times and queries."""
    return random.Random(f"{seed}:{number}:heldout")  # noqa: S311 - reproducible, not secret


def choice_stream(seed: int, number: int, day: int, search: int) -> random.Random:
    """Return the generator of one held-out search's attention, clicks, carts and clock."""
    return random.Random(f"{seed}:{number}:heldout:{day}:{search}")  # noqa: S311


def day_label(day: int) -> str:
    """Return a held-out day's label in event and session ids ('h0'; history days are numbers)."""
    return f"h{day}"


def run_held_out(
    sim: Simulation,
    factory: sessionmaker[Session],
    settings: Settings,
    catalog: dict[str, dict[str, Any]],
    start: datetime,
) -> Counter[str]:
    """Play every shopper's held-out days from `start` (the history's end); return counts."""
    return each_shopper(
        sim,
        factory,
        settings,
        catalog,
        lambda shopper, http: play_held_out(shopper, http, sim, start),
    )


def play_held_out(
    shopper: Shopper, http: httpx.Client, sim: Simulation, start: datetime
) -> Counter[str]:
    """Play one shopper's held-out days: sessions of searches, clicks and carts, no orders."""
    counts: Counter[str] = Counter()
    plan = plan_stream(sim.seed, shopper.number)
    planner = replace(shopper, rng=plan)
    for day in range(sim.held_out_days):
        if plan.random() > SESSION_CHANCE:
            continue
        counts["sessions"] += 1
        clock = [start + timedelta(days=day, hours=plan.uniform(6, 20))]
        for search in range(plan.randint(1, 3)):
            chooser = replace(shopper, rng=choice_stream(sim.seed, shopper.number, day, search))
            counts += search_and_browse(chooser, http, clock, day_label(day), query_for(planner))
    http.delete("/api/cart").raise_for_status()
    return counts
