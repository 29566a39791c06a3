"""Training rows from behaviour carry the features serving computes over the whole window."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from ranking.behaviour import LoggedSearch, build_from_behaviour
from ranking.features import FEATURES

RANK, RELATIVE = FEATURES.index("retrieval_rank"), FEATURES.index("price_relative")


class FakeEs:
    """Answers every search with the same window of hits."""

    def __init__(self, hits: list[dict[str, Any]]) -> None:
        self.hits = hits

    def search(self, **_: Any) -> SimpleNamespace:
        """Return the window."""
        return SimpleNamespace(body={"hits": {"hits": self.hits}})


def test_examined_products_keep_their_window_rank_and_price_against_the_window() -> None:
    hits = [
        {"_score": 10.0 - i, "_source": {"product_id": i, "price": 10.0 * i}} for i in range(1, 6)
    ]
    search = LoggedSearch("q1", "laptop", 1, None, datetime(2026, 1, 1, tzinfo=UTC), {3: 1, 5: 0})
    [case] = build_from_behaviour(
        None,  # type: ignore[arg-type]  # no profile is read without personal features
        FakeEs(hits),  # type: ignore[arg-type]
        "products",
        [search],
        personal=False,
    )
    assert case.skus == ["3", "5"] and case.grades == [1, 0]
    assert [row[RANK] for row in case.features] == [3.0, 5.0]
    assert [row[RELATIVE] for row in case.features] == pytest.approx([1.0, 50 / 30])
