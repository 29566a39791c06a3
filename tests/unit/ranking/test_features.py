"""Feature vectors from candidate hits and session context, without a cluster."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from behaviour.profiles import Act, fold_acts
from ranking.context import FeatureContext, Signals
from ranking.features import FEATURE_BOOST, FEATURES, feature_clauses, feature_matrix
from retrieval.candidates import with_clauses

pytestmark = pytest.mark.clock


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
        FeatureContext(
            at=datetime(2026, 11, 23, 12, tzinfo=UTC),
            signals=lambda q, ids: Signals(ctr={1: 0.2}, query_ctr={}),
        ),
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
    body = with_clauses({"query": {"match_all": {}}, "size": 10}, clauses)
    assert body["query"]["bool"]["must"] == [{"match_all": {}}] and body["size"] == 10
    assert body["query"]["bool"]["should"] == clauses


def test_session_context_counts_the_last_half_hour_only() -> None:
    searched_at = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    acts = [
        ("Laptops", "Lenovo", 45),  # before this session: ignored
        ("Laptop bags & cases", "Targus", 20),
        ("Laptops", "HP", 10),
        ("Laptops", "Lenovo", 2),
    ]
    profile = fold_acts(
        Act("product_view", n, brand, kind, 500.0, searched_at - timedelta(minutes=ago))
        for n, (kind, brand, ago) in enumerate(acts)
    )
    assert profile is not None and len(profile.session_at(searched_at)) == 3
    hits = [
        hit(7, {}, product_type="Laptops", brand="Lenovo", price=600.0),
        hit(8, {}, product_type="Mice", brand="Logitech", price=20.0),
    ]
    rows = feature_matrix(hits, "laptop", FeatureContext(at=searched_at, profile=profile))
    laptop, mouse = (dict(zip(FEATURES, row, strict=True)) for row in rows)
    assert laptop["session_acts"] == 3.0
    assert math.isclose(laptop["session_type_share"], 2 / 3)
    assert math.isclose(laptop["session_brand_share"], 1 / 3)
    assert mouse["session_type_share"] == 0.0 and mouse["session_brand_share"] == 0.0
    # An hour later the session is over; without a profile there is none either.
    later = feature_matrix(
        hits, "laptop", FeatureContext(at=searched_at + timedelta(hours=1), profile=profile)
    )
    anonymous = feature_matrix(hits, "laptop", FeatureContext(at=searched_at))
    for row in (later[0], anonymous[0]):
        assert dict(zip(FEATURES, row, strict=True))["session_acts"] == 0.0


def test_uptake_tells_what_a_shopper_takes_up_from_what_search_showed_most() -> None:
    at = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    shown = [("Acer", 400.0)] * 8 + [("HP", 410.0)] * 2 + [("Dell", 2000.0)] * 4
    taken = [("Acer", 400.0), ("HP", 410.0), ("HP", 410.0)]
    profile = fold_acts(
        [
            Act("impression", n, brand, "Laptops", price, at)
            for n, (brand, price) in enumerate(shown)
        ]
        + [Act("click", 99, brand, "Laptops", price, at) for brand, price in taken]
    )
    assert profile is not None and profile.shown == 14 and profile.interest == 3
    hits = [
        hit(1, {}, brand="Acer", price=400.0),
        hit(2, {}, brand="HP", price=420.0),
        hit(3, {}, brand="Dell", price=2100.0),
        hit(4, {}, brand="Asus", price=None),
    ]
    rows = feature_matrix(hits, "laptop", FeatureContext(at=at, profile=profile))
    acer, hp, dell, asus = (dict(zip(FEATURES, row, strict=True)) for row in rows)
    # Acer holds a third of the shopper's interest but was shown four times as often as HP.
    assert acer["brand_affinity"] < hp["brand_affinity"]
    assert acer["brand_uptake"] < 1.0 < hp["brand_uptake"]
    assert dell["brand_uptake"] < acer["brand_uptake"]  # shown four times, never taken
    assert math.isclose(asus["brand_uptake"], 1.0)  # never shown: as usual
    assert math.isnan(asus["price_uptake"])  # no price
    assert dell["price_uptake"] < 1.0 < acer["price_uptake"]
    # Without impressions there is nothing to compare with; anonymous shoppers have nothing.
    unshown = fold_acts([Act("click", 1, "HP", "Laptops", 410.0, at)])
    for profile_or_none in (unshown, None):
        row = feature_matrix(hits[:1], "laptop", FeatureContext(at=at, profile=profile_or_none))[0]
        named = dict(zip(FEATURES, row, strict=True))
        assert math.isnan(named["brand_uptake"]) and math.isnan(named["price_uptake"])
