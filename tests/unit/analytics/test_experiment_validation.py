"""A/A and power simulations through the real decision code (bench/experiments_aa.py has more).

Seeded, so the figures are the same every run; 1,200 A/A experiments put the false-positive
rate's standard error at 0.6 points, so alpha +- 1.5 points is a real check, not luck.
"""

from __future__ import annotations

import pytest

from analytics.experiments.validation import Design, Population, simulate

# Shoppers differ a lot and search about four times each: where the search-level test fails.
POPULATION = Population(ctr=0.3, concentration=2.0, mean_searches=4.0)
DESIGN = Design(min_detectable_effect=0.2, alpha=0.05, power=0.8)


def test_a_a_experiments_declare_a_winner_at_about_alpha() -> None:
    found = simulate(POPULATION, DESIGN, 1200, lift=0.0, seed=7)
    assert abs(found.rate - DESIGN.alpha) <= 0.015, found
    # The search-level z-test on the same experiments is far off.
    assert found.search_level_rate > 0.10, found
    assert found.srm_failures <= 5  # 0.1 % expected: about 1


def test_a_planted_minimum_effect_is_found_at_about_the_planned_power() -> None:
    found = simulate(POPULATION, DESIGN, 600, lift=DESIGN.min_detectable_effect, seed=8)
    assert found.treatment_wins / found.experiments == pytest.approx(DESIGN.power, abs=0.05), found
