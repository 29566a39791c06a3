"""Experiment results from the raw record of the experiment's searches and their events.

An A/B test compares each treatment arm with the control (the first arm) shopper by shopper,
the unit that was randomised (see analytics.experiments.verdict for the tests, the SRM check
and the fixed-horizon stopping rule). Interleaving credits each page's clicks to the team
that picked the clicked products; its unit is the query, and its fixed horizon is counted in
queries with a preference (see analytics.experiments.preference_verdict).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from analytics.experiments.interleave import credit
from analytics.experiments.models import Experiment, Mode
from analytics.experiments.preference_verdict import Credited, judge
from analytics.experiments.schemas import ExperimentRead, Results
from analytics.experiments.verdict import (
    ShopperTotals,
    compare,
    horizon,
    srm_check,
    stopping,
    verdict,
)

SEARCHES = text(
    """
    SELECT s.arm, coalesce('u:' || s.user_id, 'a:' || s.anonymous_id) AS unit, s.served_at,
           bool_or(e.event_type = 'click') AS clicked,
           bool_or(e.event_type = 'purchase') AS purchased,
           coalesce(sum((e.attributes ->> 'price')::numeric * coalesce(e.quantity, 1))
                    FILTER (WHERE e.event_type = 'purchase'), 0) AS revenue
    FROM served_queries s
    LEFT JOIN events e ON e.query_id = s.query_id AND e.event_type IN ('click', 'purchase')
    WHERE s.experiment_id = :id AND s."offset" = 0 AND s.query <> ''
    GROUP BY s.query_id, s.arm, unit, s.served_at
    """
)

CLICKED_PAGES = text(
    """
    SELECT s.served_at, s.product_ids, s.teams, array_agg(e.product_id) AS clicked
    FROM served_queries s
    JOIN events e ON e.query_id = s.query_id AND e.event_type = 'click'
    WHERE s.experiment_id = :id AND s.teams IS NOT NULL
    GROUP BY s.query_id, s.served_at, s.product_ids, s.teams
    """
)


@dataclass(frozen=True)
class Search:
    """One recorded first-page search of the experiment and what followed it."""

    arm: str
    unit: str
    served_at: datetime
    clicked: bool
    purchased: bool
    revenue: float


def results(db: Session, row: Experiment) -> Results:
    """Return the experiment's figures, comparisons, checks, interleaving credit and decision."""
    experiment = ExperimentRead.model_validate(row)
    names = [arm.name for arm in experiment.arms]
    if experiment.mode is Mode.INTERLEAVE:
        figures, winner, decision = judge(
            (names[0], names[1]),
            credited(db, row.id),
            experiment.planned_preference_queries,
            experiment.alpha,
        )
        return Results(
            experiment=experiment,
            arms=[],
            comparisons=[],
            sample_ratio=None,
            stopping=None,
            winner=winner,
            decision=decision,
            interleaving=figures,
        )
    searches = [
        Search(arm, unit, served_at, bool(clicked), bool(purchased), float(revenue))
        for arm, unit, served_at, clicked, purchased, revenue in db.execute(
            SEARCHES, {"id": row.id}
        )
        if unit
    ]
    return ab_results(experiment, searches)


def ab_results(experiment: ExperimentRead, searches: list[Search]) -> Results:
    """Judge an A/B test from its searches: SRM on all of them, the tests at the horizon."""
    names = [arm.name for arm in experiment.arms]
    first_seen: dict[str, dict[str, datetime]] = {name: {} for name in names}
    for search in searches:
        seen = first_seen.setdefault(search.arm, {})
        if search.unit not in seen or search.served_at < seen[search.unit]:
            seen[search.unit] = search.served_at
    planned = experiment.planned_shoppers_per_arm
    reached_at = horizon([list(first_seen[name].values()) for name in names], planned)
    analysed = [s for s in searches if reached_at is None or s.served_at <= reached_at]
    totals = per_shopper(analysed, names)
    comparisons = [
        comparison
        for treatment in names[1:]
        for comparison in compare(
            totals[names[0]], totals[treatment], (names[0], treatment), experiment.alpha
        )
    ]
    srm = srm_check(
        names, [len(first_seen[name]) for name in names], [arm.weight for arm in experiment.arms]
    )
    smallest = min(len(first_seen[name]) for name in names)
    stop = stopping(planned, smallest, reached_at)
    threshold = experiment.alpha / max(1, len(names) - 1)
    winner, decision = verdict(names[0], comparisons, srm, stop, threshold)
    return Results(
        experiment=experiment,
        arms=[totals[name].figures(name) for name in names],
        comparisons=comparisons,
        sample_ratio=srm,
        stopping=stop,
        winner=winner,
        decision=decision,
        interleaving=None,
    )


def per_shopper(searches: list[Search], names: list[str]) -> dict[str, ShopperTotals]:
    """Sum each arm's searches per shopper: searches, clicked, purchased, revenue."""
    sums: dict[str, dict[str, list[float]]] = {
        name: defaultdict(lambda: [0.0] * 4) for name in names
    }
    for search in searches:
        row = sums.setdefault(search.arm, defaultdict(lambda: [0.0] * 4))[search.unit]
        row[0] += 1
        row[1] += search.clicked
        row[2] += search.purchased
        row[3] += search.revenue
    return {
        name: ShopperTotals.of([(int(a), int(b), int(c), d) for a, b, c, d in sums[name].values()])
        for name in names
    }


def credited(db: Session, experiment_id: int) -> list[Credited]:
    """Credit each clicked interleaved page to a team (or a tie), with when it was served."""
    found = []
    for served_at, product_ids, teams, clicked in db.execute(CLICKED_PAGES, {"id": experiment_id}):
        team = credit(teams, product_ids, set(clicked))
        if team is not None:
            found.append(Credited(served_at, team))
    return found
