"""From per-shopper totals to an A/B verdict: comparisons, SRM check, stopping rule, winner.

Pure functions, shared by the results page and the A/A validation (analytics.experiments.
validation), so the simulation exercises exactly the code that decides real experiments.

The stopping rule is a fixed horizon: the plan fixes the shoppers per arm; the test is read
once, on the searches made until every arm reached its planned shoppers, and no winner is
named before then (interim p-values are shown, not acted on). CTR decides, at alpha divided
by the number of treatments (Bonferroni), and only when the sample ratio check passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from analytics.experiments.schemas import (
    ArmFigures,
    Comparison,
    Method,
    Metric,
    SampleRatioCheck,
    Stopping,
)
from analytics.experiments.stats import (
    SRM_THRESHOLD,
    Difference,
    ratio,
    ratio_bootstrap,
    ratio_delta,
    sample_ratio,
)

ALL_METRICS: tuple[Metric, ...] = ("ctr", "conversion_rate", "revenue_per_search")


@dataclass(frozen=True)
class ShopperTotals:
    """One arm's shoppers, one entry each: searches, clicked and purchased searches, revenue."""

    searches: NDArray[np.float64]
    clicked: NDArray[np.float64]
    purchased: NDArray[np.float64]
    revenue: NDArray[np.float64]

    @classmethod
    def of(cls, rows: Sequence[tuple[int, int, int, float]]) -> ShopperTotals:
        """Build from (searches, clicked, purchased, revenue) rows, one per shopper."""
        table = np.asarray(rows, dtype=np.float64).reshape(-1, 4)
        return cls(table[:, 0], table[:, 1], table[:, 2], table[:, 3])

    @property
    def shoppers(self) -> int:
        """Return how many shoppers the arm has."""
        return int(self.searches.size)

    def figures(self, arm: str) -> ArmFigures:
        """Return this arm's totals."""
        return ArmFigures(
            arm=arm,
            searches=int(self.searches.sum()),
            shoppers=self.shoppers,
            ctr=ratio(self.clicked, self.searches),
            conversion_rate=ratio(self.purchased, self.searches),
            revenue_per_search=ratio(self.revenue, self.searches),
        )


def compare(
    control: ShopperTotals,
    treatment: ShopperTotals,
    names: tuple[str, str],
    alpha: float,
    metrics: Sequence[Metric] = ALL_METRICS,
) -> list[Comparison]:
    """Compare one treatment with the control, shopper by shopper, on each metric.

    CTR and conversion are ratios of counts: the delta method. Revenue per search is a ratio
    of a mostly-zero, skewed total, where the normal approximation is doubtful at the sizes
    experiments run: a shopper-level bootstrap.
    """
    found: list[Comparison] = []
    for metric in metrics:
        method: Method = "shopper bootstrap" if metric == "revenue_per_search" else "delta method"
        a, b = (
            (_numerator(control, metric), control.searches),
            (
                _numerator(treatment, metric),
                treatment.searches,
            ),
        )
        result: Difference = (
            ratio_bootstrap(a, b, alpha)
            if method == "shopper bootstrap"
            else ratio_delta(a, b, alpha)
        )
        found.append(
            Comparison(
                metric=metric,
                control=names[0],
                treatment=names[1],
                control_value=result.control,
                treatment_value=result.treatment,
                difference=result.difference,
                relative_lift=result.relative_lift,
                ci_low=result.ci_low,
                ci_high=result.ci_high,
                p_value=result.p_value,
                significant=result.significant(alpha),
                method=method,
            )
        )
    return found


def _numerator(totals: ShopperTotals, metric: Metric) -> NDArray[np.float64]:
    """Return the per-shopper numerator of a metric (the denominator is always searches)."""
    if metric == "ctr":
        return totals.clicked
    if metric == "conversion_rate":
        return totals.purchased
    return totals.revenue


def srm_check(
    names: Sequence[str], shoppers: Sequence[int], weights: Sequence[int]
) -> SampleRatioCheck:
    """Check the shopper split against the planned shares; say what it means."""
    found = sample_ratio(shoppers, weights)
    split = " / ".join(f"{n:,}" for n in shoppers)
    planned = " / ".join(f"{share:.0%}" for share in found.expected_shares)
    if found.p_value is None:
        verdict = "No shoppers yet: nothing to check."
    elif found.passed:
        verdict = (
            f"Shopper split {split} matches the planned {planned} "
            f"(chi-square p = {found.p_value:.3g} >= {SRM_THRESHOLD:g})."
        )
    else:
        verdict = (
            f"Sample ratio mismatch: shopper split {split} against the planned {planned} "
            f"(chi-square p = {found.p_value:.2g} < {SRM_THRESHOLD:g}); assignment or logging "
            "is broken, so no comparison can be trusted."
        )
    return SampleRatioCheck(
        arms=list(names),
        shoppers=list(found.observed),
        expected_shares=list(found.expected_shares),
        chi_square=found.chi_square,
        p_value=found.p_value,
        threshold=SRM_THRESHOLD,
        passed=found.passed,
        verdict=verdict,
    )


def horizon(first_seen: Sequence[Sequence[datetime]], planned: int | None) -> datetime | None:
    """Return when the last arm had its `planned`-th shopper, or None while one has fewer.

    `first_seen` holds, per arm, when each of its shoppers first searched in the experiment.
    """
    if planned is None or any(len(times) < planned for times in first_seen):
        return None
    return max(sorted(times)[planned - 1] for times in first_seen)


def stopping(planned: int | None, smallest: int, reached_at: datetime | None) -> Stopping:
    """Describe where the experiment stands against its fixed horizon."""
    if planned is None:
        state = f"No plan: {smallest:,} shoppers in the smallest arm, no horizon to reach"
    else:
        state = f"{min(smallest, planned):,} of {planned:,} planned shoppers per arm"
        if reached_at is not None:
            state += " (reached; later searches are not analysed)"
    return Stopping(
        planned_shoppers_per_arm=planned,
        smallest_arm_shoppers=smallest,
        reached=reached_at is not None,
        reached_at=reached_at,
        state=state,
    )


def decide(control: str, ctr: Sequence[Comparison], threshold: float) -> str | None:
    """Return the winning arm on CTR at the threshold, or None when nothing is significant.

    A treatment wins if it beats the control significantly (the best such one if several);
    the control wins only if every treatment is significantly worse.
    """
    better = [
        c for c in ctr if c.p_value is not None and c.p_value < threshold and c.difference > 0
    ]
    if better:
        return max(better, key=lambda c: c.treatment_value).treatment
    worse = [c for c in ctr if c.p_value is not None and c.p_value < threshold and c.difference < 0]
    if ctr and len(worse) == len(ctr):
        return control
    return None


def verdict(
    control: str,
    comparisons: Sequence[Comparison],
    srm: SampleRatioCheck,
    stop: Stopping,
    threshold: float,
) -> tuple[str | None, str]:
    """Return the winner (None unless the rule allows one) and a sentence saying why."""
    ctr = [c for c in comparisons if c.metric == "ctr"]
    if stop.planned_shoppers_per_arm is None:
        return None, (
            "No winner can be declared: the experiment has no plan (no recent searches to "
            "plan from); create it again with an assumed baseline CTR."
        )
    if srm.passed is False:
        return None, f"No winner: {srm.verdict}"
    if not stop.reached:
        return None, (
            f"No winner yet: {stop.state}. The test is read once, at the planned sample, so "
            "differences before it do not count."
        )
    at = f"at the planned {stop.planned_shoppers_per_arm:,} shoppers per arm"
    winner = decide(control, ctr, threshold)
    if not ctr or all(c.p_value is None for c in ctr):
        return None, f"No winner: no CTR to compare {at}."
    if winner is None:
        best = min(ctr, key=lambda c: c.p_value if c.p_value is not None else 1.0)
        return None, (
            f"No winner: {at} no CTR difference is significant "
            f"({_p(best.p_value)} >= {threshold:g}); the arms perform alike within the "
            "planned minimum detectable effect."
        )
    if winner == control:
        worst = max(ctr, key=lambda c: c.p_value if c.p_value is not None else 1.0)
        return winner, (
            f"{winner} wins: every treatment has a lower CTR {at} "
            f"({_p(worst.p_value)} < {threshold:g})."
        )
    won = next(c for c in ctr if c.treatment == winner)
    lift = f"{won.relative_lift:+.1%}" if won.relative_lift is not None else "up"
    return winner, (
        f"{winner} wins: it beats {won.control} on CTR ({lift}, "
        f"{_p(won.p_value)} < {threshold:g}) {at}."
    )


def _p(value: float | None) -> str:
    """Format a p-value."""
    if value is None:
        return "p = n/a"
    return "p < 0.001" if value < 0.001 else f"p = {value:.3g}"
