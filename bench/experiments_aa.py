"""A/A false-positive rate and power of the experiment decision, by simulation; pure Python.

Each simulated experiment plans its horizon from a history of shoppers, splits arriving
shoppers 50/50 until every arm has its planned shoppers, and runs the real decision code
(analytics.experiments.verdict: delta method per shopper, SRM check, fixed horizon). Shoppers
differ (a Beta spread of click propensity: the lower the concentration, the more) and search
several times each. For contrast, the old search-level two-proportion z-test is run on the
same data. No services are touched, so no lock is needed.

  python -m bench.experiments_aa [--experiments 2000]
"""

from __future__ import annotations

import argparse
import math
import time

from analytics.experiments.validation import Design, Figures, Population, simulate

POPULATIONS = [
    ("mildly different, 2 searches", Population(ctr=0.3, concentration=8.0, mean_searches=2.0)),
    ("different, 4 searches", Population(ctr=0.3, concentration=3.0, mean_searches=4.0)),
    ("very different, 6 searches", Population(ctr=0.3, concentration=1.0, mean_searches=6.0)),
    ("low CTR, 4 searches", Population(ctr=0.08, concentration=2.0, mean_searches=4.0)),
]


def interval(rate: float, n: int) -> str:
    """Return a rate with its 95 % binomial margin, in percent."""
    return f"{100 * rate:5.1f} % +- {196 * math.sqrt(rate * (1 - rate) / n):.1f}"


def main() -> None:
    """Simulate each population's A/A and planted-effect experiments; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiments", type=int, default=2000, help="A/A experiments each")
    parser.add_argument("--mde", type=float, default=0.1, help="planned relative CTR lift")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    design = Design(min_detectable_effect=args.mde)
    print(
        f"alpha {design.alpha}, power {design.power}, MDE {design.min_detectable_effect:.0%}; "
        f"{args.experiments} A/A and {args.experiments // 2} planted-MDE experiments per row"
    )
    print(
        f"{'population':<30} {'shoppers/arm':>12}  {'A/A false positives':>19}  "
        f"{'old search-level':>16}  {'power at MDE':>15}  {'SRM fails (A/A)':>15}"
    )
    started = time.perf_counter()
    for offset, (name, population) in enumerate(POPULATIONS):
        seed = args.seed + 10 * offset
        null: Figures = simulate(population, design, args.experiments, lift=0.0, seed=seed)
        planted = simulate(
            population,
            design,
            args.experiments // 2,
            lift=design.min_detectable_effect,
            seed=seed + 1,
        )
        power = planted.treatment_wins / planted.experiments
        print(
            f"{name:<30} {null.planned_shoppers_per_arm:>12,}  "
            f"{interval(null.rate, null.experiments):>19}  "
            f"{interval(null.search_level_rate, null.experiments):>16}  "
            f"{interval(power, planted.experiments):>15}  {null.srm_failures:>15}"
        )
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
