"""`aisle eval`'s per-query table: a DataFrame, printed worst first, averaged as before."""

from __future__ import annotations

import json
import statistics

from ranking.cli import render_json, render_table
from ranking.evaluate import EvalReport, evaluate

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
    assert list(table.columns) == ["query", "ndcg", "mrr", "recall", "judged"]
    assert list(table["query"]) == sorted(JUDGMENTS)


def test_rows_print_worst_first_with_ties_in_query_order() -> None:
    lines = render_table(report(), per_query=True).splitlines()
    assert [line.split()[0] for line in lines[1:-1]] == ["laptop", "zebra", "tv", "a" * 32, "mouse"]
    assert lines[-1] == "OVERALL 5 queries: NDCG@10 0.5179  MRR 0.2667  recall@10 0.4000"


def test_means_are_exactly_statistics_mean() -> None:
    found = report()
    body = json.loads(render_json(found))
    for name in ("ndcg", "mrr", "recall"):
        assert body[name] == statistics.mean(getattr(q, name) for q in found.queries)


def test_no_queries_score_zero() -> None:
    empty = evaluate({}, lambda q, k: [])
    assert empty.table().empty
    assert empty.means() == {"ndcg": 0.0, "mrr": 0.0, "recall": 0.0}
    assert render_table(empty, per_query=True).endswith(
        "OVERALL 0 queries: NDCG@10 0.0000  MRR 0.0000  recall@10 0.0000"
    )
