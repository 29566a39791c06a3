"""Validate the experiment statistics by simulation, through the code that decides experiments.

Shoppers differ (each has their own click propensity, drawn from a Beta) and search several
times each, so one shopper's searches are correlated, as in a real store. An experiment:
plan the horizon from a history of such shoppers, let shoppers arrive and be split by the
arms' weights until every arm has its planned shoppers, then run the real comparisons, SRM
check, stopping rule and verdict (analytics.experiments.verdict). A/A experiments (no
difference) measure the false-positive rate; a planted lift of the minimum detectable
effect measures the power. The search-level z-test is run on the same data for contrast.

Interleaving likewise: streams of queries with a preference, read by the real sign test and
rule once at the planned horizon, against stopping at the first p < alpha.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray
from scipy.stats import binom

from analytics.experiments.preference_verdict import stopping as preference_stopping
from analytics.experiments.preference_verdict import winner as preference_winner
from analytics.experiments.stats import (
    preference,
    preference_queries,
    shoppers_per_arm,
    two_proportions,
    unit_sd,
)
from analytics.experiments.verdict import ShopperTotals, compare, srm_check, stopping, verdict

HISTORY_SHOPPERS = 20_000
READ_AT = datetime(2026, 1, 1, tzinfo=UTC)  # the simulated horizon's moment (a label only)


@dataclass(frozen=True)
class Population:
    """Simulated shoppers: mean CTR, how alike they are, how often each searches."""

    ctr: float = 0.3
    concentration: float = 3.0  # Beta(a, b) with a + b = this: lower means shoppers differ more
    mean_searches: float = 4.0  # 1 + Poisson(mean - 1) searches each
    conversion: float = 0.08  # chance a clicked search ends in a purchase

    def draw(self, rng: np.random.Generator, n: int, lift: float = 0.0) -> ShopperTotals:
        """Draw `n` shoppers' totals, with the expected CTR raised by the relative `lift`.

        Each shopper's propensity p moves to p + t (1 - p), t = lift ctr / (1 - ctr): the mean
        rises by exactly `lift` and no propensity passes 1 (scaling p would clip, and shrink it).
        """
        searches = 1 + rng.poisson(self.mean_searches - 1, n)
        a = self.ctr * self.concentration
        propensity = rng.beta(a, self.concentration - a, n)
        propensity += lift * self.ctr / (1 - self.ctr) * (1 - propensity)
        clicked = rng.binomial(searches, propensity)
        purchased = rng.binomial(clicked, self.conversion)
        revenue = purchased * rng.gamma(2.0, 60.0, n)
        return ShopperTotals(
            searches.astype(np.float64),
            clicked.astype(np.float64),
            purchased.astype(np.float64),
            revenue.astype(np.float64),
        )


@dataclass(frozen=True)
class Design:
    """The experiment's settings, as a merchandiser would create it."""

    min_detectable_effect: float = 0.1
    alpha: float = 0.05
    power: float = 0.8
    weights: tuple[int, int] = (50, 50)


@dataclass(frozen=True)
class Figures:
    """What a batch of simulated experiments decided."""

    experiments: int
    planned_shoppers_per_arm: int
    winners: int  # experiments the real rule declared a winner in (any arm)
    treatment_wins: int  # ... where the treatment won
    search_level_positives: int  # ... the old search-level z-test would have called
    srm_failures: int

    @property
    def rate(self) -> float:
        """Return the share of experiments with a declared winner."""
        return self.winners / self.experiments

    @property
    def search_level_rate(self) -> float:
        """Return the share the search-level z-test called significant."""
        return self.search_level_positives / self.experiments


def planned(population: Population, design: Design, rng: np.random.Generator) -> int:
    """Plan the horizon from a simulated history, as analytics.experiments.plan does."""
    history = population.draw(rng, HISTORY_SHOPPERS)
    sd = unit_sd(history.clicked, history.searches)
    return shoppers_per_arm(
        population.ctr, sd, design.min_detectable_effect, design.alpha, design.power
    )


def simulate(
    population: Population, design: Design, experiments: int, *, lift: float, seed: int
) -> Figures:
    """Run `experiments` simulated A/B tests with the treatment lifted by `lift`."""
    rng = np.random.default_rng(seed)
    needed = planned(population, design, rng)
    shares = np.asarray(design.weights) / sum(design.weights)
    winners = treatment_wins = search_level = srm_failures = 0
    for _ in range(experiments):
        sizes = _arrivals(rng, shares, needed)
        control = population.draw(rng, int(sizes[0]))
        treatment = population.draw(rng, int(sizes[1]), lift)
        comparisons = compare(control, treatment, ("A", "B"), design.alpha, ("ctr",))
        srm = srm_check(["A", "B"], [int(n) for n in sizes], list(design.weights))
        stop = stopping(needed, int(sizes.min()), READ_AT)
        winner, _ = verdict("A", comparisons, srm, stop, design.alpha)
        winners += winner is not None
        treatment_wins += winner == "B"
        srm_failures += srm.passed is False
        old = two_proportions(
            int(control.clicked.sum()),
            int(control.searches.sum()),
            int(treatment.clicked.sum()),
            int(treatment.searches.sum()),
            design.alpha,
        )
        search_level += old.significant(design.alpha)
    return Figures(experiments, needed, winners, treatment_wins, search_level, srm_failures)


def _arrivals(rng: np.random.Generator, shares: np.ndarray, needed: int) -> np.ndarray:
    """Return each arm's shoppers when shoppers, split at random, first fill every arm."""
    length = 2 * needed * len(shares)
    while True:
        arms = rng.choice(len(shares), size=length, p=shares)
        counts = np.cumsum(arms[:, None] == np.arange(len(shares)), axis=0)
        full = counts.min(axis=1) >= needed
        if full.any():  # the shopper who completes the last arm ends the experiment
            return np.asarray(counts[int(np.argmax(full))])
        length *= 2


@dataclass(frozen=True)
class PreferenceFigures:
    """What a batch of simulated interleaving experiments decided, under two stopping rules."""

    experiments: int
    planned_queries: int
    horizon_winners: int  # experiments the fixed-horizon rule declared a winner in
    peeking_winners: int  # ... stopping at the first p < alpha, looking after every query

    @property
    def rate(self) -> float:
        """Return the share with a winner under the fixed horizon (the real rule)."""
        return self.horizon_winners / self.experiments

    @property
    def peeking_rate(self) -> float:
        """Return the share with a winner when stopping at the first significant look."""
        return self.peeking_winners / self.experiments


def simulate_interleaving(
    experiments: int,
    *,
    share: float = 0.5,
    margin: float = 0.1,
    alpha: float = 0.05,
    power: float = 0.8,
    seed: int = 0,
) -> PreferenceFigures:
    """Run `experiments` interleavings whose second ranker wins `share` of the decided queries.

    Ties are left out: the sign test ignores them, and they only delay the horizon. The fixed
    horizon reads the real rule (preference test, stopping, winner) once, at the planned
    queries; the peeking rule tests after every query with a preference, up to the same count.
    """
    rng = np.random.default_rng(seed)
    needed = preference_queries(margin, alpha, power)
    wins_b = np.cumsum(rng.random((experiments, needed)) < share, axis=1)
    looks = np.arange(1, needed + 1)
    # Every (queries, wins) a look can meet, tested once: significant[n, k].
    counts = np.arange(needed + 1)
    significant = sign_test_p(counts[None, :], counts[:, None]) < alpha
    peeking = significant[looks, wins_b].any(axis=1)
    stop = preference_stopping(needed, needed, READ_AT)
    decided = {
        k: preference_winner(preference(needed - k, k, 0, alpha), stop, alpha) is not None
        for k in range(needed + 1)
    }
    horizon_winners = sum(decided[int(k)] for k in wins_b[:, -1])
    return PreferenceFigures(experiments, needed, horizon_winners, int(peeking.sum()))


def sign_test_p(wins: NDArray[np.int_], n: NDArray[np.int_]) -> NDArray[np.float64]:
    """Return the exact two-sided sign test's p-value for many (wins, n) at once.

    With a share of 0.5 under the null the binomial is symmetric: p = min(1, 2 P(X <= the
    smaller count)); the same p-values as analytics.experiments.stats.preference, vectorised.
    """
    smaller = np.minimum(wins, n - wins)  # negative (wins > n) gives p = 0: never looked up
    return np.asarray(np.minimum(1.0, 2 * binom.cdf(smaller, n, 0.5)), dtype=np.float64)
