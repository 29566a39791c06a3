"""Validate the experiment statistics by simulation, through the code that decides experiments.

Shoppers differ (each has their own click propensity, drawn from a Beta) and search several
times each, so one shopper's searches are correlated, as in a real store. An experiment:
plan the horizon from a history of such shoppers, let shoppers arrive and be split by the
arms' weights until every arm has its planned shoppers, then run the real comparisons, SRM
check, stopping rule and verdict (analytics.experiments.verdict). A/A experiments (no
difference) measure the false-positive rate; a planted lift of the minimum detectable
effect measures the power. The search-level z-test is run on the same data for contrast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from analytics.experiments.stats import shoppers_per_arm, two_proportions, unit_sd
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
