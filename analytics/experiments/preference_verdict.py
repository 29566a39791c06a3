"""From credited interleaved queries to a verdict: the plan, the fixed horizon, the sign test.

Pure functions, shared by the results page and the simulation (analytics.experiments.
validation), so the simulation exercises exactly the code that decides real experiments.

The stopping rule is a fixed horizon, as for A/B tests, counted in queries with a preference
(clicked interleaved searches whose clicks favoured one team; ties say nothing to the sign
test). The plan fixes how many; the sign test is read once, on the queries served until the
planned one with a preference, and no winner is named before then (the interim share and
p-value are shown, not acted on). Peeking at every query and stopping at the first p < alpha
declares a winner far more often than alpha when neither ranker is better.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from analytics.experiments.interleave import NO_TEAM, TEAM_A, TEAM_B
from analytics.experiments.schemas import Interleaving, PreferenceStopping
from analytics.experiments.stats import Preference, preference


@dataclass(frozen=True)
class Credited:
    """One clicked interleaved query: when it was served and which team its clicks favoured."""

    served_at: datetime
    team: int  # TEAM_A, TEAM_B or NO_TEAM (a tie)


def cut(
    credited: Sequence[Credited], planned: int | None
) -> tuple[list[Credited], int, datetime | None]:
    """Return the queries analysed, all queries with a preference so far, and the horizon.

    Until the planned query with a preference, every query so far is analysed (an interim
    look); from it on, exactly the queries served up to and including it.
    """
    ordered = sorted(credited, key=lambda c: c.served_at)
    decided = 0
    for index, query in enumerate(ordered):
        decided += query.team != NO_TEAM
        if planned is not None and decided == planned:
            total = sum(c.team != NO_TEAM for c in ordered)
            return ordered[: index + 1], total, query.served_at
    return ordered, decided, None


def stopping(planned: int | None, decided: int, reached_at: datetime | None) -> PreferenceStopping:
    """Describe where the interleaving stands against its fixed horizon."""
    if planned is None:
        state = f"No plan: {decided:,} queries with a preference, no horizon to reach"
    else:
        state = f"{min(decided, planned):,} of {planned:,} planned queries with a preference"
        if reached_at is not None:
            state += " (reached; later queries are not analysed)"
    return PreferenceStopping(
        planned_queries=planned,
        preference_queries=decided,
        reached=reached_at is not None,
        reached_at=reached_at,
        state=state,
    )


def winner(found: Preference, stop: PreferenceStopping, alpha: float) -> int | None:
    """Return the preferred team (TEAM_A, TEAM_B) if the rule allows one, else None."""
    if stop.planned_queries is None or not stop.reached or not found.significant(alpha):
        return None
    return TEAM_B if found.wins_b > found.wins_a else TEAM_A


def judge(
    arms: tuple[str, str],
    credited: Sequence[Credited],
    planned: int | None,
    alpha: float,
) -> tuple[Interleaving, str | None, str]:
    """Return the interleaving figures, the winner (None unless the rule allows one), and why."""
    analysed, decided, reached_at = cut(credited, planned)
    wins = {TEAM_A: 0, TEAM_B: 0, NO_TEAM: 0}
    for query in analysed:
        wins[query.team] += 1
    found = preference(wins[TEAM_A], wins[TEAM_B], wins[NO_TEAM], alpha)
    stop = stopping(planned, decided, reached_at)
    team = winner(found, stop, alpha)
    figures = Interleaving(
        arm_a=arms[0],
        arm_b=arms[1],
        queries=len(analysed),
        wins_a=found.wins_a,
        wins_b=found.wins_b,
        ties=found.ties,
        b_share=found.b_share,
        ci_low=found.ci_low,
        ci_high=found.ci_high,
        p_value=found.p_value,
        significant=found.significant(alpha),
        stopping=stop,
    )
    name = None if team is None else arms[team]
    return figures, name, decision(figures, name, alpha)


def decision(figures: Interleaving, name: str | None, alpha: float) -> str:
    """Say in one sentence what the interleaving decides, and why."""
    stop = figures.stopping
    counts = (
        f"{figures.wins_a} wins for {figures.arm_a}, {figures.wins_b} for {figures.arm_b}, "
        f"{figures.ties} ties"
    )
    if stop.planned_queries is None:
        return (
            "No winner can be declared: the experiment has no plan (its minimum detectable "
            "effect, the preference margin, must be below 0.5); create it again."
        )
    if not stop.reached:
        return (
            f"No winner yet: {stop.state}. The sign test is read once, at the planned queries, "
            f"so preferences before it do not count ({counts}; interim {_p(figures.p_value)})."
        )
    at = f"at the planned {stop.planned_queries:,} queries with a preference"
    if name is None:
        return (
            f"No winner: {at} neither ranker is preferred ({_p(figures.p_value)} >= {alpha:g}; "
            f"{counts}); they are alike within the planned preference margin."
        )
    return f"Shoppers prefer {name} {at} ({_p(figures.p_value)} < {alpha:g}; {counts})."


def _p(value: float | None) -> str:
    """Format a p-value."""
    if value is None:
        return "p = n/a"
    return "p < 0.001" if value < 0.001 else f"p = {value:.3g}"
