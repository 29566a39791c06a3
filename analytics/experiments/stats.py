"""The statistics behind experiment results, at the unit of randomisation: the shopper.

Shoppers are randomised, so each shopper's searches are one correlated cluster; treating
searches as independent underestimates the variance (see bench/experiments_aa.py). Here:
- ratio metrics (CTR, conversion, revenue per search = sum over shoppers / sum of their
  searches): the delta method on per-shopper totals, a normal interval and p-value;
- where a normal approximation is doubtful (mostly-zero, skewed revenue): a shopper-level
  (cluster) percentile bootstrap of the same ratio;
- planning: the two-sample power formula on the per-shopper linearised metric's spread;
- sample ratio mismatch: the chi-square test of shopper counts against the planned shares;
- interleaving: the exact two-sided binomial sign test over non-tied queries (the unit is the
  query there), with a Wilson interval for the second arm's share of wins, planned by the
  sign test's power (normal approximation to the binomial).
The search-level two-proportion z-test is kept only to show, in the bench, what it gets wrong.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import binomtest, chisquare, norm

BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_CHUNK = 100  # resamples drawn at once: bounds memory at chunk x shoppers
SRM_THRESHOLD = 0.001  # the usual bar: a real mismatch, not bad luck, below it


@dataclass(frozen=True)
class Difference:
    """Treatment minus control, with its interval and p-value."""

    control: float
    treatment: float
    difference: float
    relative_lift: float | None
    ci_low: float
    ci_high: float
    p_value: float | None

    def significant(self, alpha: float) -> bool:
        """Say whether the difference is significant at `alpha`."""
        return self.p_value is not None and self.p_value < alpha


def ratio(numerator: ArrayLike, denominator: ArrayLike) -> float:
    """Return the pooled ratio sum(numerator) / sum(denominator) (0 when nothing to divide)."""
    total = float(np.sum(denominator))
    return float(np.sum(numerator)) / total if total else 0.0


def ratio_variance(numerator: ArrayLike, denominator: ArrayLike) -> float:
    """Return the delta-method variance of sum(x)/sum(y) over independent units (x_i, y_i).

    R = mean(x)/mean(y) linearises to (x_i - R y_i) / mean(y) per unit, so
    Var(R) ~ (s_x^2 - 2 R s_xy + R^2 s_y^2) / (n mean(y)^2).
    """
    x = np.asarray(numerator, dtype=np.float64)
    y = np.asarray(denominator, dtype=np.float64)
    if x.size < 2 or not y.sum():
        return math.nan
    linear = x - ratio(x, y) * y
    return float(linear.var(ddof=1)) / (x.size * float(y.mean()) ** 2)


def unit_sd(numerator: ArrayLike, denominator: ArrayLike) -> float:
    """Return the per-unit standard deviation of the linearised ratio (planning's sigma)."""
    variance = ratio_variance(numerator, denominator)
    return math.nan if math.isnan(variance) else math.sqrt(variance * np.asarray(numerator).size)


def ratio_delta(
    control: tuple[ArrayLike, ArrayLike], treatment: tuple[ArrayLike, ArrayLike], alpha: float
) -> Difference:
    """Compare two ratio metrics from per-shopper (numerator, denominator) totals."""
    r_a, r_b = ratio(*control), ratio(*treatment)
    diff = r_b - r_a
    variance = ratio_variance(*control) + ratio_variance(*treatment)
    if math.isnan(variance):  # an arm has fewer than two shoppers
        return Difference(r_a, r_b, diff, _lift(r_a, r_b), diff, diff, None)
    se = math.sqrt(variance)
    p_value = 2 * float(norm.sf(abs(diff) / se)) if se > 0 else (1.0 if diff == 0 else 0.0)
    margin = float(norm.ppf(1 - alpha / 2)) * se
    return Difference(r_a, r_b, diff, _lift(r_a, r_b), diff - margin, diff + margin, p_value)


def ratio_bootstrap(
    control: tuple[ArrayLike, ArrayLike],
    treatment: tuple[ArrayLike, ArrayLike],
    alpha: float,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = 0,
) -> Difference:
    """Compare two ratio metrics by resampling whole shoppers (seeded, repeatable)."""
    r_a, r_b = ratio(*control), ratio(*treatment)
    sizes = (np.asarray(control[0]).size, np.asarray(treatment[0]).size)
    if min(sizes) < 2:
        return Difference(r_a, r_b, r_b - r_a, _lift(r_a, r_b), r_b - r_a, r_b - r_a, None)
    rng = np.random.default_rng(seed)
    diffs = _resampled_ratios(*treatment, resamples, rng) - _resampled_ratios(
        *control, resamples, rng
    )
    low, high = np.quantile(diffs, [alpha / 2, 1 - alpha / 2])
    tail = min(float(np.mean(diffs <= 0)), float(np.mean(diffs >= 0)))
    p_value = min(1.0, max(2 * tail, 1 / resamples))
    return Difference(r_a, r_b, r_b - r_a, _lift(r_a, r_b), float(low), float(high), p_value)


def _resampled_ratios(
    numerator: ArrayLike, denominator: ArrayLike, resamples: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """Return the ratio of `resamples` resamples of the units, drawn with replacement."""
    x = np.asarray(numerator, dtype=np.float64)
    y = np.asarray(denominator, dtype=np.float64)
    out = np.empty(resamples)
    for start in range(0, resamples, BOOTSTRAP_CHUNK):
        count = min(BOOTSTRAP_CHUNK, resamples - start)
        picks = rng.integers(0, x.size, size=(count, x.size))
        below = y[picks].sum(axis=1)
        out[start : start + count] = np.divide(
            x[picks].sum(axis=1), below, out=np.zeros(count), where=below > 0
        )
    return out


# More shoppers per arm than any store's experiment reaches: such a plan is no plan.
MAX_PLANNED_SHOPPERS = 100_000_000


def shoppers_per_arm(
    baseline: float, sd: float, relative_effect: float, alpha: float, power: float
) -> int:
    """Return the shoppers per arm to detect `baseline` moving by `relative_effect`.

    The two-sample formula n = 2 (z_{1-alpha/2} + z_power)^2 sigma^2 / delta^2, with sigma the
    per-shopper spread of the linearised ratio and delta = baseline x relative_effect.
    """
    delta = baseline * relative_effect
    if not 0 < baseline < 1 or not 0 < baseline + delta < 1 or not sd > 0 or delta == 0:
        raise ValueError("the baseline and the effect must give two different rates in (0, 1)")
    z = float(norm.ppf(1 - alpha / 2)) + float(norm.ppf(power))
    needed = 2 * (z * sd / delta) ** 2
    if not needed <= MAX_PLANNED_SHOPPERS:
        raise ValueError(f"the plan needs more than {MAX_PLANNED_SHOPPERS:,} shoppers per arm")
    return max(2, math.ceil(needed))


def preference_queries(margin: float, alpha: float, power: float) -> int:
    """Return the queries with a preference the sign test needs to detect a 0.5 + margin share.

    Under no preference a ranker's share of wins is 0.5 with sd 0.5 per query; under the
    alternative it is p1 = 0.5 + margin with sd sqrt(p1 (1 - p1)). The normal approximation
    gives n = ((z_{1-alpha/2} 0.5 + z_power sqrt(p1 (1 - p1))) / margin)^2.
    """
    if not 0 < margin < 0.5:
        raise ValueError("the preference margin must be in (0, 0.5): a share of wins below 100 %")
    p1 = 0.5 + margin
    z = float(norm.ppf(1 - alpha / 2)) * 0.5 + float(norm.ppf(power)) * math.sqrt(p1 * (1 - p1))
    return max(1, math.ceil((z / margin) ** 2))


@dataclass(frozen=True)
class SampleRatio:
    """Observed shoppers per arm against the planned shares: the SRM check."""

    observed: tuple[int, ...]
    expected_shares: tuple[float, ...]
    chi_square: float | None
    p_value: float | None

    @property
    def passed(self) -> bool | None:
        """Say whether the split is plausible (None: no shoppers yet)."""
        return None if self.p_value is None else self.p_value >= SRM_THRESHOLD


def sample_ratio(observed: Sequence[int], weights: Sequence[int]) -> SampleRatio:
    """Test observed shopper counts against the arms' planned weights (chi-square)."""
    total = sum(observed)
    shares = tuple(w / sum(weights) for w in weights)
    if not total:
        return SampleRatio(tuple(observed), shares, None, None)
    result = chisquare(observed, [total * s for s in shares])
    return SampleRatio(tuple(observed), shares, float(result.statistic), float(result.pvalue))


def two_proportions(
    control_hits: int, control_n: int, treatment_hits: int, treatment_n: int, alpha: float
) -> Difference:
    """Compare two proportions as if every trial were independent: pooled z-test, Wald interval.

    Right for independent trials; wrong for searches of randomised shoppers (kept for contrast).
    """
    p_a = control_hits / control_n if control_n else 0.0
    p_b = treatment_hits / treatment_n if treatment_n else 0.0
    diff = p_b - p_a
    p_value = None
    low = high = diff
    if control_n and treatment_n:
        pooled = (control_hits + treatment_hits) / (control_n + treatment_n)
        pooled_se = math.sqrt(pooled * (1 - pooled) * (1 / control_n + 1 / treatment_n))
        p_value = 2 * float(norm.sf(abs(diff) / pooled_se)) if pooled_se > 0 else 1.0
        se = math.sqrt(p_a * (1 - p_a) / control_n + p_b * (1 - p_b) / treatment_n)
        margin = float(norm.ppf(1 - alpha / 2)) * se
        low, high = diff - margin, diff + margin
    return Difference(p_a, p_b, diff, _lift(p_a, p_b), low, high, p_value)


@dataclass(frozen=True)
class Preference:
    """Interleaving: how often each arm's team won a query's clicks."""

    wins_a: int
    wins_b: int
    ties: int
    b_share: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None

    def significant(self, alpha: float) -> bool:
        """Say whether one arm is preferred at `alpha`."""
        return self.p_value is not None and self.p_value < alpha


def preference(wins_a: int, wins_b: int, ties: int, alpha: float) -> Preference:
    """Test whether arm B wins more (or fewer) queries than arm A: exact sign test."""
    decided = wins_a + wins_b
    if not decided:
        return Preference(wins_a, wins_b, ties, None, None, None, None)
    p_value = float(binomtest(wins_b, decided, 0.5).pvalue)
    low, high = wilson(wins_b, decided, alpha)
    return Preference(wins_a, wins_b, ties, wins_b / decided, low, high, p_value)


def wilson(successes: int, n: int, alpha: float) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion."""
    z = float(norm.ppf(1 - alpha / 2))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - margin, centre + margin


def _lift(control: float, treatment: float) -> float | None:
    """Return the relative change from control to treatment, if control is not zero."""
    return (treatment - control) / control if control else None
