"""Experiment results from the raw record of the experiment's searches and their events.

An A/B test compares each treatment arm with the control (the first arm), search by search:
CTR (share of searches with a click) and conversion (share with a purchase) by the
two-proportion z-test, revenue per search by bootstrap. CTR decides the winner, at the
experiment's significance level divided by the number of treatments (Bonferroni).
Interleaving credits each page's clicks to the team that picked the clicked products.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from analytics.experiments.interleave import NO_TEAM, TEAM_A, TEAM_B, credit
from analytics.experiments.models import Experiment, Mode
from analytics.experiments.schemas import (
    ArmFigures,
    Comparison,
    ExperimentRead,
    Interleaving,
    Results,
)
from analytics.experiments.stats import Difference, bootstrap_means, preference, two_proportions

Metric = Literal["ctr", "conversion_rate", "revenue_per_search"]
Method = Literal["two-proportion z-test", "bootstrap"]

SEARCHES = text(
    """
    SELECT s.arm, coalesce('u:' || s.user_id, 'a:' || s.anonymous_id) AS unit,
           bool_or(e.event_type = 'click') AS clicked,
           bool_or(e.event_type = 'purchase') AS purchased,
           coalesce(sum((e.attributes ->> 'price')::numeric * coalesce(e.quantity, 1))
                    FILTER (WHERE e.event_type = 'purchase'), 0) AS revenue
    FROM served_queries s
    LEFT JOIN events e ON e.query_id = s.query_id AND e.event_type IN ('click', 'purchase')
    WHERE s.experiment_id = :id AND s."offset" = 0 AND s.query <> ''
    GROUP BY s.query_id, s.arm, unit
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


@dataclass
class ArmData:
    """One arm's searches: click and purchase flags, revenue, and its shoppers."""

    clicked: list[bool] = field(default_factory=list)
    purchased: list[bool] = field(default_factory=list)
    revenue: list[float] = field(default_factory=list)
    units: set[str] = field(default_factory=set)

    def figures(self, arm: str) -> ArmFigures:
        """Return this arm's totals."""
        n = len(self.clicked)
        return ArmFigures(
            arm=arm,
            searches=n,
            shoppers=len(self.units),
            ctr=sum(self.clicked) / n if n else 0.0,
            conversion_rate=sum(self.purchased) / n if n else 0.0,
            revenue_per_search=sum(self.revenue) / n if n else 0.0,
        )


def results(db: Session, row: Experiment) -> Results:
    """Return the experiment's figures, comparisons, interleaving credit and decision."""
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
            sample_size_per_arm=None,
            sample_size_reached=False,
            winner=winner,
            decision=_interleaving_decision(pref, winner, row.alpha),
            interleaving=pref,
        )
    data: dict[str, ArmData] = defaultdict(ArmData)
    for arm, unit, clicked, purchased, revenue in db.execute(SEARCHES, {"id": row.id}):
        record = data[arm]
        record.clicked.append(bool(clicked))
        record.purchased.append(bool(purchased))
        record.revenue.append(float(revenue))
        if unit:
            record.units.add(unit)
    comparisons = [
        comparison
        for treatment in names[1:]
        for comparison in compare(data[names[0]], data[treatment], names[0], treatment, row.alpha)
    ]
    threshold = row.alpha / max(1, len(names) - 1)
    winner = decide(names[0], [c for c in comparisons if c.metric == "ctr"], threshold)
    smallest = min(len(data[name].clicked) for name in names)
    reached = row.sample_size_per_arm is not None and smallest >= row.sample_size_per_arm
    return Results(
        experiment=experiment,
        arms=[data[name].figures(name) for name in names],
        comparisons=comparisons,
        sample_size_per_arm=row.sample_size_per_arm,
        sample_size_reached=reached,
        winner=winner,
        decision=_ab_decision(comparisons, winner, threshold, row.sample_size_per_arm, smallest),
        interleaving=None,
    )


def compare(
    control: ArmData, treatment: ArmData, control_name: str, treatment_name: str, alpha: float
) -> list[Comparison]:
    """Compare one treatment with the control on CTR, conversion and revenue per search."""
    n_a, n_b = len(control.clicked), len(treatment.clicked)
    tests: list[tuple[Metric, Method, Difference]] = [
        (
            "ctr",
            "two-proportion z-test",
            two_proportions(sum(control.clicked), n_a, sum(treatment.clicked), n_b, alpha),
        ),
        (
            "conversion_rate",
            "two-proportion z-test",
            two_proportions(sum(control.purchased), n_a, sum(treatment.purchased), n_b, alpha),
        ),
        (
            "revenue_per_search",
            "bootstrap",
            bootstrap_means(control.revenue, treatment.revenue, alpha),
        ),
    ]
    return [
        Comparison(
            metric=metric,
            control=control_name,
            treatment=treatment_name,
            control_value=result.control,
            treatment_value=result.treatment,
            difference=result.difference,
            relative_lift=result.relative_lift,
            ci_low=result.ci_low,
            ci_high=result.ci_high,
            p_value=result.p_value,
            significant=result.significant(alpha),
            method=method,
        )
        for metric, method, result in tests
    ]


def decide(control: str, ctr: Sequence[Comparison], threshold: float) -> str | None:
    """Return the winning arm on CTR at the threshold, or None while undecided.

    A treatment wins if it beats the control significantly (the best such one if several);
    the control wins only if every treatment is significantly worse.
    """
    better = [
        c for c in ctr if c.p_value is not None and c.p_value < threshold and c.difference > 0
    ]
    if better:
        return max(better, key=lambda c: c.treatment_value).treatment
    worse = [c for c in ctr if c.p_value is not None and c.p_value < threshold and c.difference < 0]
    if ctr and len(worse) == len(ctr):
        return control
    return None


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


def _ab_decision(
    comparisons: Sequence[Comparison],
    winner: str | None,
    threshold: float,
    planned: int | None,
    smallest: int,
) -> str:
    """Say in one sentence what the A/B test shows."""
    ctr = [c for c in comparisons if c.metric == "ctr"]
    progress = f"{smallest:,} searches in the smallest arm"
    if planned is not None:
        progress += f" of {planned:,} planned"
    if not ctr or all(c.p_value is None for c in ctr):
        return f"No data yet ({progress})."
    best = min(ctr, key=lambda c: c.p_value if c.p_value is not None else 1.0)
    p = _p(best.p_value)
    if winner is None:
        return (
            f"No winner yet: no CTR difference is significant ({p} >= {threshold:g}; {progress})."
        )
    if winner == best.control:
        return f"{winner} beats every treatment on CTR ({p} < {threshold:g}; {progress})."
    won = next(c for c in ctr if c.treatment == winner)
    lift = f"{won.relative_lift:+.1%}" if won.relative_lift is not None else "up"
    p = _p(won.p_value)
    return f"{winner} beats {won.control} on CTR ({lift}, {p} < {threshold:g}; {progress})."


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
