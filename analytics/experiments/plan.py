"""Plan an A/B test's fixed horizon: the shoppers per arm to detect the lift that matters.

The spread comes from the store's own shoppers over the last 30 days (their searches and
clicked searches, per shopper), so repeat searching and shoppers' differing tastes are priced
in. A store without enough history may give an assumed baseline CTR; that is planned as one
search per shopper (Bernoulli spread), the cautious case.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from analytics.experiments.stats import ratio, shoppers_per_arm, unit_sd

HISTORY_DAYS = 30
MIN_HISTORY_SHOPPERS = 50  # fewer and the spread itself is too uncertain to plan with

HISTORY = text(
    """
    SELECT count(*) AS searches, count(*) FILTER (WHERE clicked) AS clicked
    FROM (
        SELECT coalesce('u:' || s.user_id, 'a:' || s.anonymous_id) AS unit,
               EXISTS (SELECT 1 FROM events e
                       WHERE e.query_id = s.query_id AND e.event_type = 'click') AS clicked
        FROM served_queries s
        WHERE s.served_at >= :since AND s."offset" = 0 AND s.query <> ''
    ) searches
    WHERE unit IS NOT NULL
    GROUP BY unit
    """
)


@dataclass(frozen=True)
class Plan:
    """The fixed horizon and what it rests on."""

    baseline_ctr: float
    shopper_sd: float
    shoppers_per_arm: int
    basis: str


def plan(
    db: Session,
    *,
    assumed_ctr: float | None,
    relative_effect: float,
    alpha: float,
    power: float,
    treatments: int,
    today: datetime | None = None,
) -> Plan | None:
    """Return the plan, or None when there is neither history nor an assumed CTR to plan from.

    Each treatment is tested at alpha / treatments (Bonferroni), so it is planned that way.
    """
    if assumed_ctr is not None:
        baseline, sd = assumed_ctr, math.sqrt(assumed_ctr * (1 - assumed_ctr))
        basis = f"assumed CTR {assumed_ctr:.1%}, planned as one search per shopper"
    else:
        since = (today or datetime.now(UTC)) - timedelta(days=HISTORY_DAYS)
        rows = db.execute(HISTORY, {"since": since}).all()
        if len(rows) < MIN_HISTORY_SHOPPERS:
            return None
        searches = [r.searches for r in rows]
        clicked = [r.clicked for r in rows]
        baseline, sd = ratio(clicked, searches), unit_sd(clicked, searches)
        basis = (
            f"{len(rows):,} shoppers' {sum(searches):,} searches over the last {HISTORY_DAYS} days"
        )
    try:
        needed = shoppers_per_arm(baseline, sd, relative_effect, alpha / treatments, power)
    except ValueError:
        return None  # the effect would push CTR past 100 %, or no spread: nothing to plan
    return Plan(baseline, sd, needed, basis)
