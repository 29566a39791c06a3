import math
from pathlib import Path

import pytest

from core.errors import InvalidInputError
from ranking.evaluate import evaluate
from ranking.judgments import load_judgments
from ranking.metrics import dcg, ndcg_at_k, recall_at_k, reciprocal_rank


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
