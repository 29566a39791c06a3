"""Evaluate a search against judgments, per query and overall.

Queries whose judgments hold no product rated above 0 are left out: no ranking can score on
them, so they only dilute the mean. Each query is searched once, `RECALL_DEPTH` deep, and
every figure is read from that one list.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields

import pandas as pd

from ranking.judgments import Judgments
from ranking.metrics import (
    condensed_ndcg_at_k,
    judged_at_k,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
    relevant_recall_at_k,
)

# Fetches the ranked skus the search returns for a query, at most `depth` of them.
Searcher = Callable[[str, int], list[str]]
# The per-query scores the report averages (recall_100 over the queries that have one).
SCORES = ("ndcg", "ndcg_condensed", "judged_at", "mrr", "recall", "recall_100")
# Recall of the products a shopper would want (rated >= 2, "good" on the 0-3 scale) within
# the first 100: the depth a reranker reads, so what it misses no ranking can bring back.
RECALL_DEPTH = 100
RECALL_AT = 2


@dataclass(frozen=True)
class QueryScore:
    """Metrics of one query."""

    query: str
    ndcg: float
    ndcg_condensed: float  # NDCG'@k: unjudged results dropped first
    judged_at: float  # share of the top k that is judged
    mrr: float
    recall: float  # recall@k of products rated >= relevant_at
    recall_100: float | None  # recall@100 of products rated >= 2; None when there are none
    judged: int


@dataclass(frozen=True)
class EvalReport:
    """Metrics averaged over all queries, and each query's own."""

    k: int
    queries: list[QueryScore]

    def table(self) -> pd.DataFrame:
        """Return one row per query, in query order: its scores and how many skus it judged."""
        return pd.DataFrame(
            [asdict(q) for q in self.queries], columns=[f.name for f in fields(QueryScore)]
        )

    def means(self) -> dict[str, float]:
        """Return each score's mean over the queries that have it (0.0 when none do).

        statistics.mean, not DataFrame.mean: it rounds once from the exact sum, so the figures
        stay the ones earlier runs printed (numpy's pairwise sum differs in the last digit).
        """
        return {
            name: _mean([v for q in self.queries if (v := getattr(q, name)) is not None])
            for name in SCORES
        }

    @property
    def ndcg(self) -> float:
        """Return the mean NDCG@k."""
        return self.means()["ndcg"]

    @property
    def mrr(self) -> float:
        """Return the mean reciprocal rank."""
        return self.means()["mrr"]

    @property
    def recall(self) -> float:
        """Return the mean recall@k."""
        return self.means()["recall"]


def _mean(values: list[float]) -> float:
    """Return the exact mean of values (0.0 when there are none)."""
    return float(statistics.mean(values)) if values else 0.0


def scorable(judgments: Judgments) -> Judgments:
    """Return the queries with at least one product rated above 0, in query order."""
    return {q: judged for q, judged in sorted(judgments.items()) if max(judged.values()) > 0}


def score_query(
    query: str, ranked: list[str], judged: dict[str, int], *, k: int = 10, relevant_at: int = 1
) -> QueryScore:
    """Score one query's ranked skus against its judgments."""
    return QueryScore(
        query=query,
        ndcg=ndcg_at_k(ranked, judged, k),
        ndcg_condensed=condensed_ndcg_at_k(ranked, judged, k),
        judged_at=judged_at_k(ranked, judged, k),
        mrr=reciprocal_rank(ranked, judged, relevant_at),
        recall=recall_at_k(ranked, judged, k, relevant_at),
        recall_100=relevant_recall_at_k(ranked, judged, RECALL_DEPTH, RECALL_AT),
        judged=len(judged),
    )


def evaluate(
    judgments: Judgments, search: Searcher, *, k: int = 10, relevant_at: int = 1
) -> EvalReport:
    """Run every scorable judged query through `search` once and score its list."""
    depth = max(k, RECALL_DEPTH)
    scores = [
        score_query(query, search(query, depth), judged, k=k, relevant_at=relevant_at)
        for query, judged in scorable(judgments).items()
    ]
    return EvalReport(k=k, queries=scores)


def api_searcher(get_json: Callable[[str, dict[str, str | int]], dict[str, object]]) -> Searcher:
    """Return a Searcher calling GET /api/search through `get_json(path, params)`."""

    def search(query: str, k: int) -> list[str]:
        body = get_json("/api/search", {"q": query, "size": k})
        results = body.get("results", [])
        assert isinstance(results, list)
        return [str(hit["sku"]) for hit in results]

    return search
