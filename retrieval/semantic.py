"""Semantic candidates: products near the query in embedding space join the lexical window.

One extra request, after the lexical one, asks Elasticsearch two kNN questions at once: the
`k` products nearest the query under the search's filters (what words alone miss: "notebook
computer" for laptops), and the exact similarity of every product already in the window (so each
candidate carries the feature, and the ranker can weigh it against the words). Fusion happens
here, not in Elasticsearch: its rank-fusion retrievers need a commercial licence.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from elasticsearch import BadRequestError

from retrieval.params import SearchParams
from retrieval.plan import NO_PLAN, QueryPlan
from retrieval.queries import filter_clauses, with_effects

log = logging.getLogger(__name__)

SEMANTIC_CLAUSE = "semantic"
VECTOR_FIELD = "embedding"
# HNSW explores this many candidates per wanted neighbour: recall near exact at little cost.
CANDIDATES_PER_NEIGHBOUR = 4
# The cosine below which a product is not shown for a query that no product matches by words
# (all-MiniLM-L6-v2: unrelated product text sits up to ~0.35 from a query, nonsense such as
# "zzqxjv" reached 0.33 with a product's type appended; "notebook computer" is 0.42-0.52
# from laptops).
MIN_FILL_SIMILARITY = 0.4


def similarity(hit: Mapping[str, Any]) -> float | None:
    """Return a hit's cosine similarity to the query, or None when it was not compared.

    Elasticsearch scores unit vectors under dot_product as (1 + cosine) / 2.
    """
    score = (hit.get("matched_queries") or {}).get(SEMANTIC_CLAUSE)
    return None if score is None else 2.0 * float(score) - 1.0


def semantic_body(
    params: SearchParams,
    vector: Iterable[float],
    window_ids: Sequence[str],
    *,
    k: int,
    plan: QueryPlan = NO_PLAN,
    source: Sequence[str] = (),
) -> dict[str, Any]:
    """Return the request for the k nearest products plus the window's own similarities.

    The nearest products come from the top-level kNN section (their `_score` is the kNN
    score); the window's products from a named, id-filtered kNN query (their named score).
    Elasticsearch drops the name of an approximate kNN query, hence the two forms.
    """
    query_vector = [float(x) for x in vector]
    body: dict[str, Any] = {
        "size": k + len(window_ids),
        "_source": list(source),
        "include_named_queries_score": True,
        "track_total_hits": False,
    }
    if k > 0:
        nearest_filter = with_effects(
            {"bool": {"filter": filter_clauses(params.filters)}}, plan.effects
        )
        body["knn"] = {
            "field": VECTOR_FIELD,
            "query_vector": query_vector,
            "k": k,
            "num_candidates": max(k * CANDIDATES_PER_NEIGHBOUR, 100),
            "filter": nearest_filter,
        }
    if window_ids:
        # Filtered to fewer documents than it may visit, kNN compares them all exactly.
        body["query"] = {
            "knn": {
                "field": VECTOR_FIELD,
                "query_vector": query_vector,
                "k": len(window_ids),
                "num_candidates": len(window_ids),
                "filter": [{"ids": {"values": list(window_ids)}}],
                "_name": SEMANTIC_CLAUSE,
            }
        }
    return body


def fill_body(
    params: SearchParams,
    vector: Iterable[float],
    lexical_query: dict[str, Any],
    *,
    k: int,
    plan: QueryPlan = NO_PLAN,
    source: Sequence[str] = (),
) -> dict[str, Any]:
    """Return the request for the k nearest products that the lexical query did not match.

    Only products at least MIN_FILL_SIMILARITY from the query count: nearest neighbours
    always exist, and a shopper typing nonsense should see nothing rather than anything.
    """
    allowed = {"bool": {"filter": filter_clauses(params.filters), "must_not": [lexical_query]}}
    return {
        "knn": {
            "field": VECTOR_FIELD,
            "query_vector": [float(x) for x in vector],
            "k": k,
            "num_candidates": max(k * CANDIDATES_PER_NEIGHBOUR, 100),
            "filter": with_effects(allowed, plan.effects),
            "similarity": MIN_FILL_SIMILARITY,
        },
        "size": k,
        "_source": list(source),
        "track_total_hits": False,
    }


def as_semantic(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return nearest-neighbour hits marked with their kNN score as the semantic clause."""
    return [
        {**hit, "_score": 0.0, "matched_queries": {SEMANTIC_CLAUSE: float(hit["_score"] or 0.0)}}
        for hit in hits
    ]


def joined(lexical: list[dict[str, Any]], semantic: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the lexical hits, each with its similarity, then the semantic-only hits.

    Lexical order stays as it was (the ranker, or the BM25 page, decides what moves); products
    only the vectors found follow, nearest first, carrying no lexical clause.
    """
    scores = {hit["_id"]: hit for hit in semantic}
    out = []
    for hit in lexical:
        found = scores.pop(hit["_id"], None)
        score = (found.get("matched_queries") or {}).get(SEMANTIC_CLAUSE) if found else None
        if score is not None:
            hit = {
                **hit,
                "matched_queries": {**(hit.get("matched_queries") or {}), SEMANTIC_CLAUSE: score},
            }
        out.append(hit)
    # The rest matched only the nearest-neighbour search: their score is the kNN score.
    rest = sorted(scores.values(), key=lambda h: -float(h["_score"] or 0.0))
    out.extend(as_semantic(rest))
    return out


def is_missing_vectors(exc: BadRequestError) -> bool:
    """Tell whether a failed kNN request means the live index has no vector field yet."""
    return VECTOR_FIELD in str(exc)


def log_missing_vectors() -> None:
    """Say once per process that the live index predates vectors (a rebuild adds them)."""
    if not getattr(log_missing_vectors, "said", False):
        log.warning("the live index has no %s field: rebuild it for semantic search", VECTOR_FIELD)
        log_missing_vectors.said = True  # type: ignore[attr-defined]
