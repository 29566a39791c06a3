"""Training data from judgments: each judged query's top-K candidates, their features, grades."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch
from redis import Redis

from core.settings import get_settings
from merchandising.compiled import EMPTY, CompiledMerch
from ranking.context import feature_context
from ranking.features import feature_clauses, feature_matrix
from ranking.judgments import Judgments
from retrieval.candidates import Retrieval, fetch_window
from retrieval.params import SearchParams, clean_query
from retrieval.plan import NO_PLAN, QueryPlan


@dataclass
class QueryCandidates:
    """One query's retrieved candidates in retrieval order, with features and grades."""

    query: str
    skus: list[str]
    features: list[list[float]]
    grades: list[int]
    judged: dict[str, int] = field(default_factory=dict)


def retrieve(
    es: Elasticsearch, alias: str, q: str, k: int, *, plan: QueryPlan = NO_PLAN
) -> list[dict[str, Any]]:
    """Return the top-k candidates of the live query, each with its named-clause scores."""
    params = SearchParams(q=clean_query(q), size=k)
    found = fetch_window(
        Retrieval(es, alias),
        params,
        size=k,
        clauses=feature_clauses(params.q),
        plan=plan,
        facets=False,
        semantic_k=get_settings().semantic_candidates,
    )
    return found.hits


def build(
    es: Elasticsearch,
    alias: str,
    judgments: Judgments,
    *,
    k: int = 100,
    at: datetime | None = None,
    merch: CompiledMerch = EMPTY,
    redis: Redis[str] | None = None,
) -> list[QueryCandidates]:
    """Retrieve and featurise every judged query; unjudged candidates are graded 0.

    As serving does: candidates are fetched with `merch` (pass the published one,
    ranking.context.published_merch) and features read the CTRs in `redis`, at `at` (now).
    """
    moment = at or datetime.now(UTC)
    dataset = []
    for query in sorted(judgments):
        params = SearchParams(q=clean_query(query), size=k)
        context = feature_context(params, at=moment, merch=merch, redis=redis)
        hits = retrieve(es, alias, params.q, k, plan=context.plan)
        skus = [str(hit["_source"]["sku"]) for hit in hits]
        dataset.append(
            QueryCandidates(
                query=query,
                skus=skus,
                features=feature_matrix(hits, params.q, context),
                grades=[judgments[query].get(sku, 0) for sku in skus],
                judged=judgments[query],
            )
        )
    return dataset
