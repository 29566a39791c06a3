"""The statistics behind experiment results: proportions, bootstrap, sample size, sign test.

Textbook methods, chosen to be easy to check by hand:
- two proportions (CTR, conversion): the pooled two-proportion z-test for the p-value, and the
  unpooled normal (Wald) interval for the difference;
- a mean with a skewed, mostly-zero distribution (revenue per search): a percentile bootstrap
  of the difference of means, with the bootstrap's two-sided p-value for "no difference";
- planning: the normal-approximation sample size per arm for two proportions;
- interleaving: the exact two-sided binomial sign test over non-tied queries, with a Wilson
  interval for the second arm's share of wins.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import binomtest, norm

BOOTSTRAP_RESAMPLES = 2000


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


def two_proportions(
    control_hits: int, control_n: int, treatment_hits: int, treatment_n: int, alpha: float
) -> Difference:
    """Compare two proportions: pooled z-test p-value, Wald interval of the difference."""
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


def bootstrap_means(
    control: Sequence[float],
    treatment: Sequence[float],
    alpha: float,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = 0,
) -> Difference:
    """Compare two means by a percentile bootstrap of their difference (seeded, repeatable)."""
    a = np.asarray(control, dtype=np.float64)
    b = np.asarray(treatment, dtype=np.float64)
    mean_a = float(a.mean()) if a.size else 0.0
    mean_b = float(b.mean()) if b.size else 0.0
    if not a.size or not b.size:
        return Difference(mean_a, mean_b, mean_b - mean_a, None, 0.0, 0.0, None)
    rng = np.random.default_rng(seed)
    diffs = _resampled_means(b, resamples, rng) - _resampled_means(a, resamples, rng)
    low, high = np.quantile(diffs, [alpha / 2, 1 - alpha / 2])
    tail = min(float(np.mean(diffs <= 0)), float(np.mean(diffs >= 0)))
    p_value = min(1.0, max(2 * tail, 1 / resamples))
    return Difference(
        mean_a, mean_b, mean_b - mean_a, _lift(mean_a, mean_b), float(low), float(high), p_value
    )


def _resampled_means(values: np.ndarray, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Return bootstrap means of `values`, drawing only the non-zero part explicitly.

    Drawing n values with replacement is the same as drawing how many are non-zero
    (binomial) and then which non-zero ones, so mostly-zero revenue resamples cheaply.
    """
    nonzero = values[values != 0]
    n = values.size
    if not nonzero.size:
        return np.zeros(resamples)
    counts = rng.binomial(n, nonzero.size / n, size=resamples)
    sums = np.array([nonzero[rng.integers(0, nonzero.size, count)].sum() for count in counts])
    return sums / n


def sample_size(baseline: float, relative_effect: float, alpha: float, power: float) -> int:
    """Return the searches per arm needed to detect `baseline` moving by `relative_effect`."""
    target = baseline * (1 + relative_effect)
    if not 0 < baseline < 1 or not 0 < target < 1 or target == baseline:
        raise ValueError("the baseline and the effect must give two different rates in (0, 1)")
    z_alpha = float(norm.ppf(1 - alpha / 2))
    z_power = float(norm.ppf(power))
    mean = (baseline + target) / 2
    spread = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_power * math.sqrt(
        baseline * (1 - baseline) + target * (1 - target)
    )
    return math.ceil(spread**2 / (target - baseline) ** 2)


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
