"""Training data from judgments: each judged query's top-K candidates, their features, grades."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from elasticsearch import Elasticsearch

from ranking.features import feature_clauses, feature_matrix
from ranking.judgments import Judgments
from retrieval.candidates import Retrieval, fetch_window
from retrieval.params import SearchParams, clean_query


@dataclass
class QueryCandidates:
    """One query's retrieved candidates in retrieval order, with features and grades."""

    query: str
    skus: list[str]
    features: list[list[float]]
    grades: list[int]
    judged: dict[str, int] = field(default_factory=dict)


def retrieve(es: Elasticsearch, alias: str, q: str, k: int) -> list[dict[str, Any]]:
    """Return the top-k candidates of the live query, each with its named-clause scores."""
    params = SearchParams(q=clean_query(q), size=k)
    found = fetch_window(
        Retrieval(es, alias), params, size=k, clauses=feature_clauses(params.q), facets=False
    )
    return found.hits


def build(
    es: Elasticsearch, alias: str, judgments: Judgments, *, k: int = 100, today: date | None = None
) -> list[QueryCandidates]:
    """Retrieve and featurise every judged query; unjudged candidates are graded 0."""
    day = today or date.today()
    dataset = []
    for query in sorted(judgments):
        hits = retrieve(es, alias, query, k)
        skus = [str(hit["_source"]["sku"]) for hit in hits]
        dataset.append(
            QueryCandidates(
                query=query,
                skus=skus,
                features=feature_matrix(hits, query, today=day),
                grades=[judgments[query].get(sku, 0) for sku in skus],
                judged=judgments[query],
            )
        )
    return dataset
