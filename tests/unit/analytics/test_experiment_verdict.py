"""The A/B verdict: no winner without a plan, before the horizon, or with a sample ratio mismatch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from analytics.experiments.results import Search, ab_results
from analytics.experiments.schemas import ExperimentRead
from analytics.experiments.verdict import (
    ShopperTotals,
    compare,
    horizon,
    srm_check,
    stopping,
    verdict,
)

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def clear_difference() -> list[Any]:
    """Return CTR comparisons where B is clearly better than A."""
    a = ShopperTotals.of([(2, 0, 0, 0.0)] * 400 + [(2, 1, 0, 0.0)] * 100)
    b = ShopperTotals.of([(2, 0, 0, 0.0)] * 300 + [(2, 1, 0, 0.0)] * 200)
    return compare(a, b, ("A", "B"), 0.05, ("ctr",))


def test_horizon_is_when_the_last_arm_got_its_planned_shoppers() -> None:
    arm_a = [T0 + timedelta(minutes=m) for m in (5, 1, 3)]
    arm_b = [T0 + timedelta(minutes=m) for m in (2, 9, 4, 7)]
    assert horizon([arm_a, arm_b], 3) == T0 + timedelta(minutes=7)
    assert horizon([arm_a, arm_b], 4) is None
    assert horizon([arm_a, arm_b], None) is None


def test_a_significant_difference_wins_only_at_the_horizon() -> None:
    ctr = clear_difference()
    assert ctr[0].p_value is not None and ctr[0].p_value < 0.001
    srm = srm_check(["A", "B"], [500, 500], [50, 50])
    early, reason = verdict("A", ctr, srm, stopping(1540, 500, None), 0.05)
    assert early is None and "500 of 1,540 planned shoppers per arm" in reason
    winner, reason = verdict("A", ctr, srm, stopping(500, 500, T0), 0.05)
    assert winner == "B" and "B wins" in reason and "planned 500 shoppers per arm" in reason


def test_a_sample_ratio_mismatch_blocks_the_winner() -> None:
    srm = srm_check(["A", "B"], [500, 380], [50, 50])
    assert srm.passed is False and "Sample ratio mismatch" in srm.verdict
    winner, reason = verdict("A", clear_difference(), srm, stopping(380, 380, T0), 0.05)
    assert winner is None and "Sample ratio mismatch" in reason


def test_without_a_plan_nothing_is_declared() -> None:
    srm = srm_check(["A", "B"], [500, 500], [50, 50])
    winner, reason = verdict("A", clear_difference(), srm, stopping(None, 500, None), 0.05)
    assert winner is None and "no plan" in reason


def test_no_difference_at_the_horizon_says_so() -> None:
    same = ShopperTotals.of([(3, 1, 0, 0.0), (1, 0, 0, 0.0)] * 200)
    ctr = compare(same, same, ("A", "B"), 0.05, ("ctr",))
    srm = srm_check(["A", "B"], [400, 400], [50, 50])
    winner, reason = verdict("A", ctr, srm, stopping(400, 400, T0), 0.05)
    assert winner is None and "no CTR difference is significant" in reason


def experiment(planned: int | None) -> ExperimentRead:
    """Return a running two-arm experiment record."""
    return ExperimentRead.model_validate(
        {
            "id": 1,
            "name": "x",
            "mode": "ab",
            "status": "running",
            "traffic_percent": 100,
            "bucket_start": 0,
            "alpha": 0.05,
            "power": 0.8,
            "min_detectable_effect": 0.1,
            "baseline_ctr": 0.3,
            "baseline_shopper_sd": 0.4,
            "planned_shoppers_per_arm": planned,
            "plan_basis": "test",
            "arms": [{"name": "A", "ranking": "bm25"}, {"name": "B", "ranking": "ltr"}],
            "created_by": None,
            "created_at": T0,
            "started_at": T0,
            "stopped_at": None,
            "promoted_arm": None,
        }
    )


def test_results_analyse_only_the_searches_until_the_horizon() -> None:
    rng = np.random.default_rng(1)
    searches = []
    for n in range(40):  # shoppers arrive a minute apart, alternating arms
        arm = "AB"[n % 2]
        for k in range(3):
            searches.append(
                Search(
                    arm,
                    f"a:{n}",
                    T0 + timedelta(minutes=n, seconds=k),
                    rng.random() < 0.3,
                    False,
                    0.0,
                )
            )
    # Every arm has 10 shoppers once shopper 19 arrived (minute 19): later ones are not read.
    found = ab_results(experiment(10), searches)
    assert found.stopping is not None and found.stopping.reached
    assert found.stopping.reached_at == T0 + timedelta(minutes=19)
    assert [a.shoppers for a in found.arms] == [10, 10]
    assert [a.searches for a in found.arms] == [30, 28]  # shopper 19's other two came later
    assert found.sample_ratio is not None and found.sample_ratio.shoppers == [20, 20]
    assert found.sample_ratio.passed
    pending = ab_results(experiment(25), searches)
    assert pending.stopping is not None and not pending.stopping.reached
    assert pending.stopping.state == "20 of 25 planned shoppers per arm"
    assert pending.winner is None and "No winner yet" in pending.decision
    assert [a.shoppers for a in pending.arms] == [20, 20]
    methods = {c.metric: c.method for c in pending.comparisons}
    assert methods == {
        "ctr": "delta method",
        "conversion_rate": "delta method",
        "revenue_per_search": "shopper bootstrap",
    }
