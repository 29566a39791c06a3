import math
from pathlib import Path

import pytest

from core.errors import InvalidInputError
from ranking.evaluate import evaluate
from ranking.judgments import load_judgments
from ranking.metrics import (
    condensed_ndcg_at_k,
    dcg,
    judged_at_k,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
    relevant_recall_at_k,
)


def test_dcg_uses_exponential_gain() -> None:
    assert dcg([3, 0, 1]) == pytest.approx(7 + 0 + 1 / math.log2(4))


def test_ndcg_is_one_for_the_ideal_order_and_unjudged_count_as_zero() -> None:
    judged = {"a": 3, "b": 2, "c": 0}
    assert ndcg_at_k(["a", "b", "c"], judged) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "a", "b"], judged) < 1.0
    assert ndcg_at_k([], judged) == 0.0
    assert ndcg_at_k(["a"], {"a": 0}) == 0.0


def test_mrr_and_recall() -> None:
    judged = {"a": 0, "b": 2, "c": 1}
    assert reciprocal_rank(["a", "b"], judged) == 0.5
    assert reciprocal_rank(["a"], judged) == 0.0
    assert recall_at_k(["b", "x"], judged, k=10) == 0.5


def test_evaluate_averages_over_queries() -> None:
    judgments = {"q1": {"a": 3}, "q2": {"b": 3}}
    report = evaluate(judgments, lambda q, k: ["a"] if q == "q1" else ["x"])
    assert report.ndcg == pytest.approx(0.5)


def test_load_judgments_reports_bad_lines(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("query,docid,rating\nlaptop,1,3\nlaptop,2,0\n")
    assert load_judgments(good) == {"laptop": {"1": 3, "2": 0}}
    bad = tmp_path / "bad.csv"
    bad.write_text("query,docid,rating\nlaptop,1,x\n")
    with pytest.raises(InvalidInputError, match=":2"):
        load_judgments(bad)


def test_ndcg_by_hand_with_an_unjudged_result_in_between() -> None:
    # Ranked a(3), x(unjudged), b(1): DCG = 7/log2(2) + 0 + 1/log2(4) = 7.5.
    # Ideal a(3), b(1): 7 + 1/log2(3).
    judged = {"a": 3, "b": 1}
    assert ndcg_at_k(["a", "x", "b"], judged) == pytest.approx(7.5 / (7 + 1 / math.log2(3)))


def test_condensed_ndcg_drops_unjudged_results_first() -> None:
    judged = {"a": 3, "b": 1}
    # Condensed list is a, b: the ideal order.
    assert condensed_ndcg_at_k(["x", "a", "y", "b"], judged) == pytest.approx(1.0)
    # Condensed list b, a: DCG = 1 + 7/log2(3) against the ideal 7 + 1/log2(3).
    expected = (1 + 7 / math.log2(3)) / (7 + 1 / math.log2(3))
    assert condensed_ndcg_at_k(["b", "x", "a"], judged) == pytest.approx(expected)
    # A judged product below rank k counts once the unjudged ones above it are dropped.
    ranked = [f"u{i}" for i in range(10)] + ["a"]
    assert ndcg_at_k(ranked, judged) == 0.0
    assert condensed_ndcg_at_k(ranked, judged) == pytest.approx(7 / (7 + 1 / math.log2(3)))


def test_judged_at_k_is_the_share_of_k_positions() -> None:
    judged = {"a": 0, "b": 2}
    assert judged_at_k(["a", "x", "b", "y"], judged, k=4) == 0.5
    # Fewer results than k: the empty positions are not judged either.
    assert judged_at_k(["a", "b"], judged, k=10) == 0.2
    assert judged_at_k([], judged) == 0.0


def test_mrr_by_hand() -> None:
    judged = {"a": 0, "b": 1, "c": 3}
    assert reciprocal_rank(["x", "a", "b", "c"], judged) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x", "a", "b", "c"], judged, relevant_at=2) == pytest.approx(1 / 4)


def test_recall_at_100_of_products_rated_two_or_more() -> None:
    judged = {"a": 3, "b": 2, "c": 1, "d": 0}
    ranked = ["c", *[f"u{i}" for i in range(60)], "a", *[f"v{i}" for i in range(60)], "b"]
    # a is at rank 62, b at rank 123: one of the two products rated >= 2 within 100.
    assert relevant_recall_at_k(ranked, judged, 100, 2) == 0.5
    assert recall_at_k(ranked, judged, k=10) == pytest.approx(1 / 3)
    # A query without a product rated >= 2 has no such recall (left out of the mean).
    assert relevant_recall_at_k(ranked, {"c": 1}, 100, 2) is None
