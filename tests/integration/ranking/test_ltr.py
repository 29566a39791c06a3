"""Learning to rank on the real index: features from one search, a model that learns."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from elasticsearch import Elasticsearch
from xgboost import XGBRanker

from core.settings import Settings
from ranking.context import feature_context
from ranking.dataset import build, retrieve
from ranking.features import FEATURES, feature_clauses, feature_matrix
from ranking.rerank import Reranker
from ranking.train import cross_validate
from retrieval.candidates import Retrieval, fetch_window
from retrieval.params import SearchParams

QUERIES = [
    "laptop",
    "headphones",
    "phone",
    "camera",
    "monitor",
    "keyboard",
    "mouse",
    "tablet",
    "printer",
    "speaker",
]


def cheapest_are_best(es: Elasticsearch, settings: Settings) -> dict[str, dict[str, int]]:
    """Judge each query's candidates: the three cheapest are perfect, the rest poor."""
    judgments = {}
    for query in QUERIES:
        hits = [
            h
            for h in retrieve(es, settings.products_alias, query, 30)
            if h["_source"].get("price") is not None
        ]
        if len(hits) >= 6:
            ordered = sorted(hits, key=lambda h: h["_source"]["price"])
            judgments[query] = {
                str(h["_source"]["sku"]): 3 if n < 3 else 0 for n, h in enumerate(ordered)
            }
    return judgments


def test_one_search_yields_every_candidates_features(
    indexed_catalog: int, es: Elasticsearch, settings: Settings
) -> None:
    hits = retrieve(es, settings.products_alias, "laptop", 50)
    assert hits and all(h.get("matched_queries") for h in hits)
    dataset = build(es, settings.products_alias, {"laptop": {}}, k=50)
    [case] = dataset
    assert len(case.features) == len(case.skus) == len(hits)
    assert all(len(row) == len(FEATURES) for row in case.features)
    assert case.skus == [str(h["_source"]["sku"]) for h in hits]  # retrieval order kept


def test_the_ranker_learns_what_the_judgments_reward(
    indexed_catalog: int, es: Elasticsearch, settings: Settings
) -> None:
    judgments = cheapest_are_best(es, settings)
    assert len(judgments) >= 5
    dataset = build(es, settings.products_alias, judgments, k=30)
    results = cross_validate(dataset, folds=min(5, len(dataset)))
    assert results["ltr"].ndcg > results["bm25"].ndcg + 0.2, results


def test_training_and_serving_build_identical_vectors(
    indexed_catalog: int, es: Elasticsearch, settings: Settings
) -> None:
    """One code path: the rows a model trains on are the vectors it is served, bit for bit."""
    at = datetime(2026, 11, 23, 12, tzinfo=UTC)
    [training] = build(es, settings.products_alias, {"wireless headphones": {}}, k=100, at=at)
    reranker = Reranker(model_id=0, model=XGBRanker(), window=100)
    params = SearchParams(q="wireless headphones", size=24)

    found = fetch_window(
        Retrieval(es, settings.products_alias),
        params,
        size=reranker.window,
        clauses=feature_clauses(params.q),
        semantic_k=settings.semantic_candidates,  # as search_service.search serves
    )
    raw, relaxed = found.raw, found.relaxed
    assert relaxed, "few products match both words: partial matches join the window"
    hits = raw["hits"]["hits"]
    serving = feature_matrix(hits, params.q, feature_context(params, at=at))
    assert training.features and len(training.features) == len(serving)
    assert np.array_equal(np.array(training.features), np.array(serving), equal_nan=True)
