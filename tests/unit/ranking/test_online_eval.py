"""Online scores of served lists: NDCG@10 and CTR@k of clicks and carts, paired runs."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from ranking.online_eval import ServedSearch, online_scores, paired, search_ndcg

pytestmark = pytest.mark.clock

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def served(
    user: int,
    n: int,
    grades: dict[int, int],
    *,
    query: str = "laptop",
    shown: tuple[int, ...] = tuple(range(1, 25)),
    variant: str = "ltr:3",
) -> ServedSearch:
    """Return a served search of product ids 1..24 (by default) with the shopper's grades."""
    return ServedSearch(
        query_id=f"{user}-{n}",
        user_id=user,
        query=query,
        served_at=T0 + timedelta(minutes=n),
        variant=variant,
        shown=shown,
        grades=grades,
        clicks=len(grades),
        carts=sum(1 for g in grades.values() if g == 2),
    )


def test_ndcg_of_a_served_list_is_judged_by_its_own_clicks_and_carts() -> None:
    assert search_ndcg(served(1, 0, {1: 1})) == 1.0
    assert search_ndcg(served(1, 0, {3: 1})) == pytest.approx(0.5)
    assert search_ndcg(served(1, 0, {})) == 0.0  # no click: nothing wanted within reach
    assert search_ndcg(served(1, 0, {12: 1})) == 0.0  # clicked, but below the top 10
    # A cart (grade 2, gain 3) above a click beats the other way round.
    assert search_ndcg(served(1, 0, {1: 2, 2: 1})) == 1.0
    assert search_ndcg(served(1, 0, {1: 1, 2: 2})) < 1.0


def test_online_scores_average_over_all_searches_and_clicked_ones() -> None:
    searches = [
        served(1, 0, {1: 1}),
        served(1, 1, {3: 2}, variant="bm25"),
        served(2, 0, {}),
        served(2, 1, {15: 1}),
    ]
    scores = online_scores(searches)
    assert scores.searches == 4 and scores.clicked_searches == 3
    assert scores.ndcg == pytest.approx((1 + 0.5 + 0 + 0) / 4)
    assert scores.ndcg_clicked == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert (scores.ctr_at_1, scores.ctr_at_3, scores.ctr_at_10) == (0.25, 0.5, 0.5)
    assert scores.clicks_per_search == 0.75 and scores.carts_per_search == 0.25
    assert scores.variants == {"ltr": 3, "bm25": 1}


def test_no_searches_cannot_be_scored() -> None:
    with pytest.raises(ValueError):
        online_scores([])


def test_paired_runs_match_each_shoppers_searches_in_order() -> None:
    before = [served(1, 0, {3: 1}), served(1, 1, {}), served(2, 0, {1: 1})]
    after = [
        served(1, 0, {1: 1}, shown=(*range(1, 6), *range(30, 35))),
        served(1, 1, {2: 1}),
        served(2, 0, {1: 1}, query="mouse"),  # another query: not a pair
    ]
    result = paired(before, after)
    assert result.pairs == 2 and result.mismatched == 1
    gains = [1 - 0.5, 1 / math.log2(3) - 0]
    assert result.mean_difference == pytest.approx(sum(gains) / 2, abs=1e-4)
    assert result.standard_error > 0
    assert result.top10_overlap == pytest.approx((0.5 + 1) / 2)
    assert result.outside_page == pytest.approx((0.5 + 0) / 2)  # products 30-34 were not shown
