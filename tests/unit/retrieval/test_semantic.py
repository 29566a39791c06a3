"""Semantic candidates: request shapes and how they join the lexical window."""

from __future__ import annotations

from retrieval.params import Filters, SearchParams
from retrieval.semantic import SEMANTIC_CLAUSE, fill_body, joined, semantic_body, similarity


def test_window_request_asks_nearest_under_filters_and_the_window_exactly() -> None:
    params = SearchParams(q="beamer", filters=Filters(brands=("Epson",)))
    body = semantic_body(params, [0.5, 0.5], ["3", "7"], k=10, source=["title"])
    assert body["knn"]["k"] == 10 and body["knn"]["num_candidates"] >= 40
    assert "epson" in str(body["knn"]["filter"])
    known = body["query"]["knn"]
    assert known["filter"] == [{"ids": {"values": ["3", "7"]}}]
    assert known["k"] == known["num_candidates"] == 2 and known["_name"] == SEMANTIC_CLAUSE
    assert body["size"] == 12


def test_fill_excludes_what_the_words_matched_and_needs_a_minimum_similarity() -> None:
    words = {"match": {"title": "beamer"}}
    body = fill_body(SearchParams(q="beamer"), [1.0, 0.0], words, k=5)
    assert words in body["knn"]["filter"]["bool"]["must_not"]
    assert body["knn"]["similarity"] > 0


def test_joined_keeps_lexical_order_then_nearest_first() -> None:
    lexical = [
        {"_id": "1", "_score": 9.0, "matched_queries": {"exact": 9.0}},
        {"_id": "2", "_score": 4.0, "matched_queries": {"exact": 4.0}},
    ]
    semantic = [
        {"_id": "5", "_score": 0.70},
        {"_id": "2", "_score": 0.80, "matched_queries": {SEMANTIC_CLAUSE: 0.80}},
        {"_id": "6", "_score": 0.90},
    ]
    hits = joined(lexical, semantic)
    assert [h["_id"] for h in hits] == ["1", "2", "6", "5"]
    assert similarity(hits[0]) is None  # not compared
    assert abs((similarity(hits[1]) or 0) - 0.6) < 1e-9  # (1 + cos) / 2 = 0.8
    assert hits[1]["matched_queries"]["exact"] == 4.0
    assert hits[2]["_score"] == 0.0 and abs((similarity(hits[2]) or 0) - 0.8) < 1e-9
