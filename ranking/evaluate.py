"""Evaluate the live search API against judgments, per query and overall."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields

import pandas as pd

from ranking.judgments import Judgments
from ranking.metrics import ndcg_at_k, recall_at_k, reciprocal_rank

# Fetches the ranked skus the search returns for a query.
Searcher = Callable[[str, int], list[str]]
# The per-query scores the report averages.
SCORES = ("ndcg", "mrr", "recall")


@dataclass(frozen=True)
class QueryScore:
    """Metrics of one query."""

    query: str
    ndcg: float
    mrr: float
    recall: float
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
        """Return each score's mean over the queries (0.0 when there are none).

        statistics.mean, not DataFrame.mean: it rounds once from the exact sum, so the figures
        stay the ones earlier runs printed (numpy's pairwise sum differs in the last digit).
        """
        if not self.queries:
            return dict.fromkeys(SCORES, 0.0)
        table = self.table()
        return {name: float(statistics.mean(table[name])) for name in SCORES}

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


def evaluate(
    judgments: Judgments, search: Searcher, *, k: int = 10, relevant_at: int = 1
) -> EvalReport:
    """Run every judged query through `search` and score the top k."""
    scores = []
    for query, judged in sorted(judgments.items()):
        ranked = search(query, k)
        scores.append(
            QueryScore(
                query=query,
                ndcg=ndcg_at_k(ranked, judged, k),
                mrr=reciprocal_rank(ranked, judged, relevant_at),
                recall=recall_at_k(ranked, judged, k, relevant_at),
                judged=len(judged),
            )
        )
    return EvalReport(k=k, queries=scores)


def api_searcher(get_json: Callable[[str, dict[str, str | int]], dict[str, object]]) -> Searcher:
    """Return a Searcher calling GET /api/search through `get_json(path, params)`."""

    def search(query: str, k: int) -> list[str]:
        body = get_json("/api/search", {"q": query, "size": k})
        results = body.get("results", [])
        assert isinstance(results, list)
        return [str(hit["sku"]) for hit in results]

    return search
