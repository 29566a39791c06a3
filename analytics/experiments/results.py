"""Experiment results from the raw record of the experiment's searches and their events.

An A/B test compares each treatment arm with the control (the first arm) shopper by shopper,
the unit that was randomised (see analytics.experiments.verdict for the tests, the SRM check
and the fixed-horizon stopping rule). Interleaving credits each page's clicks to the team
that picked the clicked products; its unit is the query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from analytics.experiments.interleave import NO_TEAM, TEAM_A, TEAM_B, credit
from analytics.experiments.models import Experiment, Mode
from analytics.experiments.schemas import ExperimentRead, Interleaving, Results
from analytics.experiments.stats import preference
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
    SELECT s.product_ids, s.teams, array_agg(e.product_id) AS clicked
    FROM served_queries s
    JOIN events e ON e.query_id = s.query_id AND e.event_type = 'click'
    WHERE s.experiment_id = :id AND s.teams IS NOT NULL
    GROUP BY s.query_id, s.product_ids, s.teams
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
        pref = interleaving(db, row.id, names[0], names[1], row.alpha)
        winner = None
        if pref.significant:
            winner = names[1] if pref.wins_b > pref.wins_a else names[0]
        return Results(
            experiment=experiment,
            arms=[],
            comparisons=[],
            sample_ratio=None,
            stopping=None,
            winner=winner,
            decision=_interleaving_decision(pref, winner, row.alpha),
            interleaving=pref,
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


def interleaving(
    db: Session, experiment_id: int, arm_a: str, arm_b: str, alpha: float
) -> Interleaving:
    """Credit each clicked interleaved page to a team; test the preference."""
    wins = {TEAM_A: 0, TEAM_B: 0, NO_TEAM: 0}
    for product_ids, teams, clicked in db.execute(CLICKED_PAGES, {"id": experiment_id}):
        winner = credit(teams, product_ids, set(clicked))
        if winner is not None:
            wins[winner] += 1
    result = preference(wins[TEAM_A], wins[TEAM_B], wins[NO_TEAM], alpha)
    return Interleaving(
        arm_a=arm_a,
        arm_b=arm_b,
        queries=sum(wins.values()),
        wins_a=result.wins_a,
        wins_b=result.wins_b,
        ties=result.ties,
        b_share=result.b_share,
        ci_low=result.ci_low,
        ci_high=result.ci_high,
        p_value=result.p_value,
        significant=result.significant(alpha),
    )


def _interleaving_decision(result: Interleaving, winner: str | None, alpha: float) -> str:
    """Say in one sentence what the interleaving shows."""
    counts = (
        f"{result.wins_a} wins for {result.arm_a}, {result.wins_b} for {result.arm_b}, "
        f"{result.ties} ties"
    )
    if result.p_value is None:
        return f"No clicked interleaved searches yet ({counts})."
    if winner is None:
        return f"No preference yet ({_p(result.p_value)} >= {alpha:g}; {counts})."
    return f"Shoppers prefer {winner} ({_p(result.p_value)} < {alpha:g}; {counts})."


def _p(value: float | None) -> str:
    """Format a p-value."""
    if value is None:
        return "p = n/a"
    return "p < 0.001" if value < 0.001 else f"p = {value:.3g}"
