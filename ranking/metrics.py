"""Ranking metrics over graded judgments: NDCG@k (gain 2^r - 1), MRR, recall@k and hit@k."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(ratings: Sequence[int]) -> float:
    """Return the discounted cumulative gain of ratings in rank order."""
    return float(sum((2**rating - 1) / math.log2(rank + 2) for rank, rating in enumerate(ratings)))


def ndcg_at_k(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """Return NDCG@k; unjudged results count as rating 0."""
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judged.get(doc, 0) for doc in ranked[:k]]) / ideal


def reciprocal_rank(
    ranked: Sequence[str], judged: Mapping[str, int], relevant_at: int = 1
) -> float:
    """Return 1/rank of the first relevant result, or 0."""
    for rank, doc in enumerate(ranked, start=1):
        if judged.get(doc, 0) >= relevant_at:
            return 1.0 / rank
    return 0.0


def recall_at_k(
    ranked: Sequence[str], judged: Mapping[str, int], k: int = 10, relevant_at: int = 1
) -> float:
    """Return the share of the judged relevant products found in the top k."""
    relevant = {doc for doc, rating in judged.items() if rating >= relevant_at}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def hit_at_k(ranked: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    """Return 1 if a relevant (rating > 0) product is in the top k, else 0."""
    return float(any(judged.get(doc, 0) > 0 for doc in ranked[:k]))
