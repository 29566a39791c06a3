"""Interleaving's fixed horizon: the sign test's plan, the cut at the horizon, the verdict, and
a seeded simulation of the false-positive rate against stopping at the first p < 0.05."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from pydantic import ValidationError

from analytics.experiments.interleave import NO_TEAM, TEAM_A, TEAM_B
from analytics.experiments.preference_verdict import Credited, cut, judge
from analytics.experiments.schemas import ExperimentCreate
from analytics.experiments.stats import preference, preference_queries
from analytics.experiments.validation import sign_test_p, simulate_interleaving

START = datetime(2026, 1, 1, tzinfo=UTC)
ARMS = [{"name": "A", "ranking": "bm25"}, {"name": "B", "ranking": "ltr"}]


def stream(teams: list[int]) -> list[Credited]:
    """Return credited queries one minute apart, in the given order of teams."""
    return [Credited(START + timedelta(minutes=i), team) for i, team in enumerate(teams)]


def test_the_plan_matches_the_hand_worked_sign_test_power() -> None:
    # Detect a 60 % share at alpha 0.05, power 0.8: p1 = 0.6, sd sqrt(0.24) = 0.48990;
    # (1.95996 x 0.5 + 0.84162 x 0.48990)^2 / 0.1^2 = (0.97998 + 0.41231)^2 / 0.01 = 193.85.
    assert preference_queries(0.1, 0.05, 0.8) == 194
    # A 70 % share: (0.97998 + 0.84162 x sqrt(0.21))^2 / 0.04 = 1.36565^2 / 0.04 = 46.6.
    assert preference_queries(0.2, 0.05, 0.8) == 47
    for margin in (0.0, 0.5, 0.7):
        with pytest.raises(ValueError, match="preference margin"):
            preference_queries(margin, 0.05, 0.8)


def test_interleaving_reads_its_margin_and_refuses_one_it_cannot_plan() -> None:
    body = ExperimentCreate(name="x", mode="interleave", arms=ARMS, min_detectable_effect=0.2)
    assert body.min_detectable_effect == 0.2
    with pytest.raises(ValidationError, match=r"must be below 0\.5"):
        ExperimentCreate(name="x", mode="interleave", arms=ARMS, min_detectable_effect=0.5)
    # An A/B test's effect is a relative CTR lift: 50 % is fine there.
    ExperimentCreate(name="x", arms=ARMS, min_detectable_effect=0.5)


def test_the_cut_keeps_exactly_the_planned_queries_with_a_preference() -> None:
    teams = [TEAM_B, NO_TEAM, TEAM_A, NO_TEAM, TEAM_B, TEAM_B, NO_TEAM, TEAM_A]
    credited = stream(teams)[::-1]  # the order they arrive in does not matter
    analysed, decided, reached_at = cut(credited, 3)
    assert [c.team for c in analysed] == teams[:5] and decided == 5
    assert reached_at == START + timedelta(minutes=4)
    analysed, decided, reached_at = cut(credited, 6)
    assert len(analysed) == len(teams) and decided == 5 and reached_at is None


def test_no_winner_before_the_horizon_however_clear_the_interim_preference() -> None:
    figures, winner, decision = judge(("A", "B"), stream([TEAM_B] * 12), 47, 0.05)
    assert figures.p_value is not None and figures.p_value < 0.001 and figures.significant
    assert winner is None and not figures.stopping.reached
    assert decision.startswith("No winner yet: 12 of 47 planned queries with a preference")


def test_the_test_is_read_once_on_the_queries_up_to_the_horizon() -> None:
    # 15 of the first 20 queries with a preference go to B, then A wins every later one.
    teams = [TEAM_B] * 15 + [TEAM_A] * 5 + [NO_TEAM] * 2 + [TEAM_A] * 30
    figures, winner, decision = judge(("A", "B"), stream(teams), 20, 0.05)
    assert (figures.wins_a, figures.wins_b, figures.ties, figures.queries) == (5, 15, 0, 20)
    assert figures.stopping.preference_queries == 50 and figures.stopping.reached
    assert figures.p_value == pytest.approx(preference(5, 15, 0, 0.05).p_value)
    assert winner == "B" and decision.startswith("Shoppers prefer B at the planned 20 queries")
    # An even split at the horizon: no winner, and the sentence says why.
    _, winner, decision = judge(("A", "B"), stream([TEAM_A, TEAM_B] * 10), 20, 0.05)
    assert winner is None and "neither ranker is preferred" in decision


def test_without_a_plan_there_is_no_winner() -> None:
    _, winner, decision = judge(("A", "B"), stream([TEAM_B] * 300), None, 0.05)
    assert winner is None and "no plan" in decision


def test_the_vectorised_sign_test_is_the_real_one() -> None:
    for n in (1, 2, 9, 40):
        for k in range(n + 1):
            expected = preference(n - k, k, 0, 0.05).p_value
            assert float(sign_test_p(np.asarray(k), np.asarray(n))) == pytest.approx(expected)


def test_the_fixed_horizon_holds_alpha_where_stopping_at_first_significance_does_not() -> None:
    found = simulate_interleaving(20_000, share=0.5, seed=7)
    assert found.planned_queries == 194
    # The exact sign test at 194 queries has a size of 3.7 % (it is discrete, so at most alpha).
    assert 0.035 <= found.rate <= 0.065, found.rate
    assert found.peeking_rate > 0.2, found.peeking_rate
