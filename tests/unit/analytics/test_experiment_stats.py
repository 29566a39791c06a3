"""Experiment statistics against textbook and hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analytics.experiments.stats import (
    preference,
    ratio,
    ratio_bootstrap,
    ratio_delta,
    ratio_variance,
    sample_ratio,
    shoppers_per_arm,
    two_proportions,
    unit_sd,
    wilson,
)
from analytics.experiments.validation import Population


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


def test_shoppers_per_arm_is_the_two_sample_formula() -> None:
    # One search per shopper at CTR 0.1 (sd 0.3), 20 % lift: 2 (1.959964 + 0.841621)^2
    # 0.09 / 0.02^2 = 3531.996, so 3532 per arm.
    assert shoppers_per_arm(0.10, 0.3, 0.20, alpha=0.05, power=0.80) == 3532
    # Half the spread needs a quarter of the shoppers.
    assert shoppers_per_arm(0.10, 0.15, 0.20, alpha=0.05, power=0.80) == 883


def test_shoppers_per_arm_refuses_a_plan_no_store_reaches() -> None:
    # A vanishing CTR (found by the API fuzzer at 5e-324) asks for more shoppers than exist.
    with pytest.raises(ValueError, match="more than"):
        shoppers_per_arm(1e-9, 3e-5, 0.1, alpha=0.05, power=0.8)


def test_shoppers_per_arm_refuses_impossible_rates() -> None:
    with pytest.raises(ValueError):
        shoppers_per_arm(0.0, 0.3, 0.1, alpha=0.05, power=0.8)
    with pytest.raises(ValueError):
        shoppers_per_arm(0.6, 0.4, 1.0, alpha=0.05, power=0.8)
    with pytest.raises(ValueError):
        shoppers_per_arm(0.3, 0.0, 0.1, alpha=0.05, power=0.8)


def test_delta_method_with_one_search_per_shopper_is_the_binomial_variance() -> None:
    # Every y_i = 1: the linearised values are x_i - p, whose sample variance is
    # n p (1 - p) / (n - 1), so Var(R) = p (1 - p) / (n - 1) exactly.
    clicks = np.array([1] * 30 + [0] * 70)
    assert ratio_variance(clicks, np.ones(100)) == pytest.approx(0.3 * 0.7 / 99, rel=1e-12)
    assert unit_sd(clicks, np.ones(100)) == pytest.approx(math.sqrt(0.3 * 0.7 * 100 / 99))


def test_delta_method_matches_the_spread_of_repeated_experiments() -> None:
    # Brute force: draw the same population 2,000 times; the ratio's variance across draws
    # is what the delta method must estimate from one draw.
    rng = np.random.default_rng(21)
    population = Population(ctr=0.3, concentration=1.0, mean_searches=6.0)
    ratios, estimates = [], []
    for _ in range(2000):
        arm = population.draw(rng, 400)
        ratios.append(ratio(arm.clicked, arm.searches))
        estimates.append(ratio_variance(arm.clicked, arm.searches))
    assert float(np.mean(estimates)) == pytest.approx(float(np.var(ratios, ddof=1)), rel=0.08)
    # ... and the search-level binomial variance is far too small for such shoppers.
    searches = 400 * population.mean_searches
    assert 0.3 * 0.7 / searches < 0.5 * float(np.var(ratios))


def test_delta_method_agrees_with_the_shopper_bootstrap() -> None:
    rng = np.random.default_rng(4)
    population = Population(ctr=0.3, concentration=2.0)
    a, b = population.draw(rng, 3000), population.draw(rng, 3000, lift=0.1)
    delta = ratio_delta((a.clicked, a.searches), (b.clicked, b.searches), alpha=0.05)
    boot = ratio_bootstrap((a.clicked, a.searches), (b.clicked, b.searches), 0.05, seed=3)
    assert boot.difference == pytest.approx(delta.difference)
    width = delta.ci_high - delta.ci_low
    assert boot.ci_low == pytest.approx(delta.ci_low, abs=0.06 * width)
    assert boot.ci_high == pytest.approx(delta.ci_high, abs=0.06 * width)
    assert delta.p_value is not None and boot.p_value is not None
    assert delta.p_value < 0.05 and boot.p_value < 0.05


def test_ratio_delta_of_identical_arms_finds_nothing() -> None:
    searches, clicks = np.array([1, 3, 2, 5]), np.array([0, 2, 1, 1])
    result = ratio_delta((clicks, searches), (clicks, searches), alpha=0.05)
    assert result.difference == 0 and result.p_value == pytest.approx(1.0)
    assert result.ci_low < 0 < result.ci_high and not result.significant(0.05)


def test_ratio_tests_need_two_shoppers_per_arm() -> None:
    one = (np.array([1.0]), np.array([2.0]))
    assert ratio_delta(one, one, alpha=0.05).p_value is None
    assert ratio_bootstrap(one, one, alpha=0.05).p_value is None


def test_shopper_bootstrap_of_mostly_zero_revenue_is_repeatable() -> None:
    rng = np.random.default_rng(6)
    searches = 1 + rng.poisson(2, 3000)
    revenue = np.where(rng.random(3000) < 0.05, rng.exponential(120.0, 3000), 0.0)
    halves = (revenue[:1500], searches[:1500]), (revenue[1500:], searches[1500:])
    first = ratio_bootstrap(*halves, alpha=0.05, seed=9)
    assert first == ratio_bootstrap(*halves, alpha=0.05, seed=9)
    assert first.ci_low < 0 < first.ci_high
    assert first.p_value is not None and first.p_value > 0.05


def test_sample_ratio_check_by_hand() -> None:
    # 550 / 450 against 50 / 50: chi-square = 2 * 50^2 / 500 = 10, p = 0.00157.
    even = sample_ratio([550, 450], [50, 50])
    assert even.chi_square == pytest.approx(10.0) and even.p_value == pytest.approx(
        0.001565, abs=1e-5
    )
    assert even.passed
    # 560 / 440: chi-square 14.4, p = 0.000148: a mismatch.
    assert sample_ratio([560, 440], [50, 50]).passed is False
    # Weights are the planned shares: 700 / 300 is what 70 / 30 should give.
    assert sample_ratio([700, 300], [70, 30]).p_value == pytest.approx(1.0)
    assert sample_ratio([0, 0], [50, 50]).passed is None


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
