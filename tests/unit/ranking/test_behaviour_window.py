"""Training rows from behaviour carry the features serving computes over the whole window."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from ranking.behaviour import LoggedSearch, build_from_behaviour
from ranking.features import FEATURES

pytestmark = pytest.mark.clock

RANK, RELATIVE = FEATURES.index("retrieval_rank"), FEATURES.index("price_relative")


class FakeEs:
    """Answers every search with the same window of hits."""

    def __init__(self, hits: list[dict[str, Any]]) -> None:
        self.hits = hits

    def search(self, **_: Any) -> SimpleNamespace:
        """Return the window."""
        total = {"value": len(self.hits)}
        return SimpleNamespace(body={"hits": {"hits": self.hits, "total": total}})


def test_examined_products_keep_their_window_rank_and_price_against_the_window() -> None:
    hits = [
        {"_score": 10.0 - i, "_source": {"product_id": i, "price": 10.0 * i}} for i in range(1, 6)
    ]
    at = datetime(2026, 1, 1, tzinfo=UTC)
    search = LoggedSearch("q1", "laptop", 1, None, at, {3: 1, 5: 0}, {3: 2, 5: 1})
    [case] = build_from_behaviour(
        None,  # type: ignore[arg-type]  # no profile is read without personal features
        FakeEs(hits),  # type: ignore[arg-type]
        "products",
        [search],
        personal=False,
    )
    # Rows in the order shown (5 was shown first), for the position-debiased objective.
    assert case.skus == ["5", "3"] and case.grades == [0, 1]
    assert [row[RANK] for row in case.features] == [5.0, 3.0]
    assert [row[RELATIVE] for row in case.features] == pytest.approx([50 / 30, 1.0])
