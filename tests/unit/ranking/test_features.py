"""Feature vectors from candidate hits, without a cluster."""

from __future__ import annotations

import math
from datetime import date

from ranking.features import (
    FEATURE_BOOST,
    FEATURES,
    Signals,
    feature_clauses,
    feature_matrix,
    with_feature_clauses,
)


def hit(product_id: int, named: dict[str, float], **source: object) -> dict[str, object]:
    return {
        "_score": 10.0 - product_id,
        "matched_queries": named,
        "_source": {"product_id": product_id, "sku": str(product_id), **source},
    }


def test_vectors_follow_the_feature_list_and_name_their_sources() -> None:
    hits = [
        hit(
            1,
            {"exact": 5.0, "bm25_title": 3 * FEATURE_BOOST, "f_phrase": FEATURE_BOOST},
            title_stem="lenovo laptop 14 inch",
            price=800.0,
            rating=4.5,
            review_count=99,
            popularity=2.5,
            release_date="2026-11-13",
            in_stock=True,
        ),
        hit(
            2,
            {"fuzzy": 1.0},
            title_stem="labtop bag",
            price=None,
            rating=None,
            review_count=0,
            in_stock=False,
        ),
    ]
    rows = feature_matrix(
        hits,
        "lenovo laptops",
        today=date(2026, 11, 23),
        signals=Signals(ctr={1: 0.2}, query_ctr={}),
    )
    first = dict(zip(FEATURES, rows[0], strict=True))
    second = dict(zip(FEATURES, rows[1], strict=True))
    assert len(rows[0]) == len(FEATURES)
    assert math.isclose(first["bm25_title"], 3.0) and first["exact_match"] == 1.0
    assert first["phrase_match"] == 1.0 and first["coverage"] == 1.0
    assert first["retrieval_rank"] == 1.0 and first["price_relative"] == 1.0
    assert first["age_days"] == 10.0 and first["ctr"] == 0.2 and math.isnan(first["query_ctr"])
    assert second["fuzzy_only"] == 1.0 and second["exact_match"] == 0.0
    # Missing values are NaN, the same in training and serving.
    assert math.isnan(second["price"]) and math.isnan(second["rating"])
    assert math.isnan(second["age_days"]) and second["in_stock"] == 0.0


def test_feature_clauses_are_named_and_nearly_weightless() -> None:
    clauses = feature_clauses("usb hub")
    names = [
        next(iter(c.values()))[next(iter(next(iter(c.values()))))]["_name"]
        if "match" in c
        else next(iter(c.values())).get("_name")
        for c in clauses
    ]
    assert "bm25_title" in names and "f_type_intent" in names
    body = with_feature_clauses({"query": {"match_all": {}}, "size": 10}, "usb hub")
    assert body["query"]["bool"]["must"] == [{"match_all": {}}] and body["size"] == 10
    assert "title_stem" in body["_source"]
