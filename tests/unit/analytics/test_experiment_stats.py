"""Experiment statistics against textbook and hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analytics.experiments.stats import (
    bootstrap_means,
    preference,
    sample_size,
    two_proportions,
    wilson,
)


def test_two_proportion_z_test_matches_the_hand_computation() -> None:
    # 100/1000 vs 130/1000: pooled p = 0.115, SE = sqrt(.115 * .885 * 2/1000) = 0.014267,
    # z = 0.03 / 0.014267 = 2.1028, two-sided p = 0.0355.
    result = two_proportions(100, 1000, 130, 1000, alpha=0.05)
    assert result.difference == pytest.approx(0.03)
    assert result.relative_lift == pytest.approx(0.30)
    assert result.p_value == pytest.approx(0.03549, abs=1e-4)
    # Wald interval: 0.03 +- 1.95996 * sqrt(.1 * .9 / 1000 + .13 * .87 / 1000) = +-0.027932.
    assert result.ci_low == pytest.approx(0.002068, abs=1e-5)
    assert result.ci_high == pytest.approx(0.057932, abs=1e-5)
    assert result.significant(0.05) and not result.significant(0.01)


def test_equal_proportions_have_p_one_and_a_symmetric_interval() -> None:
    result = two_proportions(50, 500, 50, 500, alpha=0.05)
    assert result.p_value == pytest.approx(1.0)
    assert result.ci_low == pytest.approx(-result.ci_high)


def test_no_data_gives_no_p_value() -> None:
    result = two_proportions(0, 0, 3, 10, alpha=0.05)
    assert result.p_value is None and not result.significant(0.05)


def test_sample_size_matches_the_textbook_value() -> None:
    # Fleiss: 10 % -> 12 % at alpha 0.05 (two-sided) and power 0.8 needs 3,841 per group.
    assert sample_size(0.10, 0.20, alpha=0.05, power=0.80) == 3841
    # 10 % -> 11 %: (1.95996 sqrt(2 * .105 * .895) + 0.84162 sqrt(.09 + .0979))^2 / .01^2 = 14750.8.
    assert sample_size(0.10, 0.10, alpha=0.05, power=0.80) == 14751


def test_sample_size_refuses_impossible_rates() -> None:
    with pytest.raises(ValueError, match="two different rates"):
        sample_size(0.0, 0.1, alpha=0.05, power=0.8)
    with pytest.raises(ValueError, match="two different rates"):
        sample_size(0.6, 1.0, alpha=0.05, power=0.8)


def test_sign_test_and_wilson_interval_match_the_textbook() -> None:
    # 15 wins of 20: two-sided binomial p = 2 * P(X <= 5) = 2 * 0.0206947 = 0.041389.
    result = preference(wins_a=5, wins_b=15, ties=7, alpha=0.05)
    assert result.p_value == pytest.approx(0.041389, abs=1e-6)
    assert result.b_share == pytest.approx(0.75)
    # Wilson 95 % interval for 15/20: (0.5313, 0.8881).
    assert result.ci_low == pytest.approx(0.5313, abs=1e-4)
    assert result.ci_high == pytest.approx(0.8881, abs=1e-4)
    assert result.significant(0.05)


def test_ties_alone_decide_nothing() -> None:
    result = preference(0, 0, 12, alpha=0.05)
    assert result.p_value is None and result.b_share is None and not result.significant(0.05)


def test_wilson_interval_contains_the_proportion() -> None:
    low, high = wilson(1, 100, 0.05)
    assert 0 < low < 0.01 < high


def test_bootstrap_agrees_with_the_normal_approximation_on_a_large_sample() -> None:
    rng = np.random.default_rng(3)
    control = rng.normal(10.0, 4.0, 4000)
    treatment = rng.normal(10.5, 4.0, 4000)
    result = bootstrap_means(control, treatment, alpha=0.05, seed=1)
    se = math.sqrt(control.var() / 4000 + treatment.var() / 4000)
    diff = treatment.mean() - control.mean()
    assert result.difference == pytest.approx(diff)
    assert result.ci_low == pytest.approx(diff - 1.96 * se, abs=0.03)
    assert result.ci_high == pytest.approx(diff + 1.96 * se, abs=0.03)
    assert result.p_value is not None and result.p_value <= 0.001


def test_bootstrap_of_mostly_zero_revenue_is_repeatable_and_finds_no_difference() -> None:
    rng = np.random.default_rng(5)
    revenue = np.where(rng.random(3000) < 0.05, rng.exponential(120.0, 3000), 0.0)
    first = bootstrap_means(revenue[:1500], revenue[1500:], alpha=0.05, seed=9)
    again = bootstrap_means(revenue[:1500], revenue[1500:], alpha=0.05, seed=9)
    assert first == again
    assert first.ci_low < 0 < first.ci_high
    assert first.p_value is not None and first.p_value > 0.05


def test_bootstrap_resampling_only_non_zero_values_keeps_the_mean_and_spread() -> None:
    values = np.array([0.0] * 90 + [10.0] * 10)
    result = bootstrap_means(values, values, alpha=0.05, resamples=4000, seed=2)
    # The difference of two resampled means of 1.0, each with SE sqrt(9 / 100) = 0.3.
    assert result.ci_high - result.ci_low == pytest.approx(2 * 1.96 * 0.3 * math.sqrt(2), rel=0.1)
