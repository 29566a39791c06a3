"""`aisle eval`'s per-query table: a DataFrame, printed worst first, averaged as before."""

from __future__ import annotations

import json
import math
import statistics

import pytest

from ranking.cli import render_json, render_table
from ranking.evaluate import EvalReport, evaluate
from ranking.report_table import render_comparison

JUDGMENTS = {
    "tv": {"a": 3, "b": 1},
    "laptop": {"c": 2},
    "zebra": {"d": 3},
    "mouse": {"e": 1, "f": 2, "g": 3},
    "a" * 40: {"h": 1},
}
RESULTS = {"tv": ["b", "x", "a"], "laptop": ["x"], "zebra": ["y"], "mouse": ["g", "f", "e"]}


def report() -> EvalReport:
    """Return the scores of five queries, two ties among them."""
    return evaluate(JUDGMENTS, lambda q, k: RESULTS.get(q, ["h"])[:k], relevant_at=2)


def test_the_table_has_one_row_per_query_in_query_order() -> None:
    table = report().table()
    assert list(table.columns) == [
        "query",
        "ndcg",
        "ndcg_condensed",
        "judged_at",
        "mrr",
        "recall",
        "recall_100",
        "judged",
    ]
    assert list(table["query"]) == sorted(JUDGMENTS)


def test_rows_print_worst_first_with_ties_in_query_order() -> None:
    lines = render_table(report(), per_query=True).splitlines()
    assert [line.split()[0] for line in lines[1:-1]] == ["laptop", "zebra", "tv", "a" * 32, "mouse"]
    assert lines[-1].startswith("OVERALL 5 queries: NDCG@10 0.5179  NDCG'@10 ")
    assert "MRR 0.2667  recall@10 0.4000  recall@100(>=2) " in lines[-1]


def test_means_are_exactly_statistics_mean() -> None:
    found = report()
    body = json.loads(render_json(found))
    for name in ("ndcg", "ndcg_condensed", "judged_at", "mrr", "recall"):
        assert body[name] == statistics.mean(getattr(q, name) for q in found.queries)
    # Only the queries with a product rated >= 2 have a recall@100 of those.
    with_good = [q.recall_100 for q in found.queries if q.recall_100 is not None]
    assert len(with_good) == 4
    assert body["recall_100"] == statistics.mean(with_good)


def test_no_queries_score_zero() -> None:
    empty = evaluate({}, lambda q, k: [])
    assert empty.table().empty
    assert set(empty.means().values()) == {0.0}
    assert render_table(empty, per_query=True).endswith("recall@100(>=2) 0.0000")


def test_queries_without_a_relevant_product_are_left_out() -> None:
    found = evaluate({"dud": {"a": 0, "b": 0}, "tv": {"a": 3}}, lambda q, k: ["a"])
    assert [q.query for q in found.queries] == ["tv"]
    assert found.ndcg == 1.0


def test_the_search_is_asked_100_deep_once_per_query() -> None:
    asked: list[tuple[str, int]] = []

    def search(q: str, depth: int) -> list[str]:
        asked.append((q, depth))
        return [f"u{i}" for i in range(99)] + ["a"]

    found = evaluate({"tv": {"a": 3, "b": 2}}, search)
    assert asked == [("tv", 100)]
    (q,) = found.queries
    assert (q.ndcg, q.recall, q.recall_100, q.judged_at) == (0.0, 0.0, 0.5, 0.0)
    assert q.ndcg_condensed == pytest.approx(7 / (7 + 3 / math.log2(3)))


def test_the_comparison_prints_both_figures_and_the_ratio() -> None:
    ours = evaluate({"tv": {"a": 3}, "pc": {"b": 1}}, lambda q, k: ["a", "b"])
    plain = evaluate({"tv": {"a": 3}, "pc": {"b": 1}}, lambda q, k: ["b", "a"])
    lines = render_comparison(ours, plain, per_query=True).splitlines()
    assert lines[0].split()[:2] == ["query", "(aisle/plain)"]
    assert lines[1].split()[:2] == ["pc", "0.631/1.000"]
    assert "  NDCG@10            0.8155 / 0.8155  (1.000x)" in lines
    assert any(line.startswith("  recall@100(>=2)    1.0000 / 1.0000") for line in lines)
