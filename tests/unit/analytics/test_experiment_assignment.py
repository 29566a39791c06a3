"""Deterministic assignment, traffic ranges, team-draft interleaving and its click credit."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from pydantic import ValidationError

from analytics.experiments.assignment import arm_index, free_range, traffic_bucket
from analytics.experiments.interleave import NO_TEAM, TEAM_A, TEAM_B, credit, team_draft
from analytics.experiments.schemas import ExperimentCreate

KEY = "a-server-secret"


def test_assignment_is_deterministic_and_follows_the_weights() -> None:
    units = [f"a:shopper-{n}" for n in range(20_000)]
    first = [arm_index(3, [50, 50], unit, key=KEY) for unit in units]
    assert first == [arm_index(3, [50, 50], unit, key=KEY) for unit in units]  # same arm
    assert Counter(first)[0] / len(units) == pytest.approx(0.5, abs=0.02)
    skewed = Counter(arm_index(3, [90, 10], unit, key=KEY) for unit in units)
    assert skewed[1] / len(units) == pytest.approx(0.1, abs=0.01)
    # Another experiment splits the same shoppers independently.
    other = [arm_index(4, [50, 50], unit, key=KEY) for unit in units]
    agree = sum(a == b for a, b in zip(first, other, strict=True)) / len(units)
    assert agree == pytest.approx(0.5, abs=0.02)


def test_traffic_buckets_are_stable_and_spread() -> None:
    buckets = Counter(traffic_bucket("search", f"u:{n}", key=KEY) for n in range(50_000))
    assert traffic_bucket("search", "u:7", key=KEY) == traffic_bucket("search", "u:7", key=KEY)
    assert set(buckets) == set(range(100))
    assert max(buckets.values()) < 1.2 * 500 and min(buckets.values()) > 0.8 * 500


def test_assignment_is_keyed_so_nobody_without_the_secret_can_predict_it() -> None:
    units = [f"a:shopper-{n}" for n in range(10_000)]
    ours = [arm_index(3, [50, 50], unit, key=KEY) for unit in units]
    guessed = [arm_index(3, [50, 50], unit, key="a-guessed-secret") for unit in units]
    # Under another key the arms are a fresh coin toss: knowing the formula is not enough.
    agree = sum(a == b for a, b in zip(ours, guessed, strict=True)) / len(units)
    assert agree == pytest.approx(0.5, abs=0.03)
    # And no longer the unkeyed SHA-256 anybody could compute.
    import hashlib

    public = [
        int.from_bytes(hashlib.sha256(f"experiment:3:{u}".encode()).digest()[:8], "big") % 10_000
        < 5_000
        for u in units
    ]
    same = sum((arm == 0) == p for arm, p in zip(ours, public, strict=True)) / len(units)
    assert same == pytest.approx(0.5, abs=0.03)


def test_free_range_finds_room_or_refuses() -> None:
    assert free_range([], 100) == 0
    assert free_range([(0, 30)], 50) == 30
    assert free_range([(0, 30), (60, 40)], 30) == 30
    assert free_range([(0, 30), (60, 40)], 31) is None
    assert free_range([(10, 90)], 10) == 0


def test_team_draft_alternates_fairly_and_keeps_each_rankers_order() -> None:
    a = [f"d{n}" for n in range(10)]
    b = list(reversed(a))
    merged, teams = team_draft(a, b, random.Random(1))
    assert sorted(merged) == sorted(a)  # every document once
    counts = Counter(teams)
    assert abs(counts[TEAM_A] - counts[TEAM_B]) <= 1
    # Each team's picks appear in its own ranker's order.
    picked_a = [d for d, t in zip(merged, teams, strict=True) if t == TEAM_A]
    assert picked_a == sorted(picked_a, key=a.index)
    picked_b = [d for d, t in zip(merged, teams, strict=True) if t == TEAM_B]
    assert picked_b == sorted(picked_b, key=b.index)
    # In every pair of picks, each team picked once.
    for i in range(0, len(teams) - 1, 2):
        assert {teams[i], teams[i + 1]} == {TEAM_A, TEAM_B}


def test_team_draft_of_identical_rankings_shows_that_ranking() -> None:
    a = ["x", "y", "z"]
    merged, _ = team_draft(a, a, random.Random(5))
    assert merged == a


def test_click_credit_goes_to_the_team_with_more_clicks() -> None:
    teams = [TEAM_A, TEAM_B, TEAM_B, TEAM_A, NO_TEAM]
    shown = [1, 2, 3, 4, 5]
    assert credit(teams, shown, {2, 3}) == TEAM_B
    assert credit(teams, shown, {1, 2, 4}) == TEAM_A
    assert credit(teams, shown, {1, 2}) == NO_TEAM  # a tie
    assert credit(teams, shown, {5}) is None  # a pinned product's click says nothing
    assert credit(teams, shown, set()) is None


def test_experiment_definitions_that_cannot_work_are_refused() -> None:
    arms = [{"name": "A", "ranking": "bm25"}, {"name": "B", "ranking": "ltr"}]
    ExperimentCreate(name="ok", arms=arms)
    with pytest.raises(ValidationError, match="arm names must differ"):
        ExperimentCreate(name="x", arms=[arms[0], {**arms[1], "name": "A"}])
    with pytest.raises(ValidationError, match="same configuration"):
        ExperimentCreate(name="x", arms=[arms[0], {**arms[0], "name": "B"}])
    with pytest.raises(ValidationError, match="exactly two arms"):
        ExperimentCreate(
            name="x", mode="interleave", arms=[*arms, {"name": "C", "ranking": "ltr_personal"}]
        )
    with pytest.raises(ValidationError, match="A/B test"):
        ExperimentCreate(
            name="x", mode="interleave", arms=[arms[0], {**arms[1], "merch_version": 2}]
        )
    with pytest.raises(ValidationError, match="cannot name a model"):
        ExperimentCreate(name="x", arms=[{**arms[0], "model_id": 3}, arms[1]])
