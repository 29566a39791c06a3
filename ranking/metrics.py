"""Ranking metrics over graded judgments: NDCG@k (gain 2^r - 1), MRR, recall@k and hit@k.

Judgments are incomplete (Home Depot judges ~6 products a query), so beside NDCG@k with
unjudged results counted as 0 there is the condensed NDCG'@k (Sakai, 2007: unjudged results
dropped from the ranking first) and judged@k, the share of the top k that was judged at all.
"""

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


def condensed_ndcg_at_k(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """Return NDCG'@k: NDCG@k of the ranking with its unjudged results removed first."""
    return ndcg_at_k([doc for doc in ranked if doc in judged], judged, k)


def judged_at_k(ranked: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """Return the share of the top k positions holding a judged product (out of k, as P@k)."""
    return sum(1 for doc in ranked[:k] if doc in judged) / k


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


def relevant_recall_at_k(
    ranked: Sequence[str], judged: Mapping[str, int], k: int, relevant_at: int
) -> float | None:
    """Return recall@k of products rated >= relevant_at, or None when the query has none."""
    if not any(rating >= relevant_at for rating in judged.values()):
        return None
    return recall_at_k(ranked, judged, k, relevant_at)


def hit_at_k(ranked: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    """Return 1 if a relevant (rating > 0) product is in the top k, else 0."""
    return float(any(judged.get(doc, 0) > 0 for doc in ranked[:k]))
