"""Learning-to-rank features: one code path builds training rows and request-time vectors.

Query-product features come from the candidate search itself: feature clauses are added to
the retrieval query with a tiny boost (so they barely move it) and named, and Elasticsearch
returns each hit's per-clause score (`include_named_queries_score`): one round trip for all
candidates. Missing values stay NaN, in training as in serving, for XGBoost to route.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from behaviour.profiles import Profile, SessionAct, price_band
from core.text import stem_text
from retrieval.queries import ALL_WORDS_CLAUSE, ALL_WORDS_TYPO_CLAUSE

# Small enough not to reorder retrieval, large enough to keep float precision.
FEATURE_BOOST = 0.001
FIELD_CLAUSES = {
    "bm25_title": "title_stem",
    "bm25_brand": "brand",
    "bm25_type": "type_stem",
    "bm25_description": "description_stem",
}
EXACT_CLAUSE = "exact"
FUZZY_CLAUSE = "fuzzy"
SYNONYM_CLAUSES = ("synonym", "correction")
OWN_WORDS_CLAUSE = "own_words"
PHRASE_CLAUSE = "f_phrase"
TYPE_INTENT_CLAUSE = "f_type_intent"
QUERY_PRODUCT_FEATURES = (
    *FIELD_CLAUSES,
    "exact_match",
    "fuzzy_only",
    "synonym_only",
    "phrase_match",
    "type_intent",
    "coverage",
    "retrieval_rank",
    "retrieval_score",
    "price",
    "price_relative",
    "rating",
    "log_reviews",
    "popularity",
    "ctr",
    "query_ctr",
    "age_days",
    "in_stock",
)
# The shopper (zero, or NaN for price fit and uptakes, when anonymous with no history).
SHOPPER_FEATURES = (
    "brand_affinity",
    "type_affinity",
    "price_fit",
    # Interest per time shown, against the shopper's usual (1: as usual): what they take up,
    # not just what search showed them most.
    "brand_uptake",
    "price_uptake",
    "viewed_item",
    "carted_item",
    # The shopper's KMeans segment: this product's and its type's share of the segment's interest.
    "cluster_item_share",
    "cluster_type_share",
)
# A brand or price band shown this many times counts half its own uptake, half the usual rate.
UPTAKE_SMOOTHING = 2.0
# Session context: the shopper's last half hour (behaviour.profiles.SESSION_S).
SESSION_FEATURES = ("session_acts", "session_type_share", "session_brand_share")
FEATURES = (*QUERY_PRODUCT_FEATURES, *SHOPPER_FEATURES, *SESSION_FEATURES)


def feature_clauses(q: str) -> list[dict[str, Any]]:
    """Return the named, nearly weightless clauses whose scores become features."""
    stemmed = stem_text(q)
    clauses: list[dict[str, Any]] = [
        {
            "match": {
                field: {
                    "query": stemmed if field != "brand" else q,
                    "boost": FEATURE_BOOST,
                    "_name": name,
                }
            }
        }
        for name, field in FIELD_CLAUSES.items()
    ]
    clauses.append(
        {
            "match_phrase": {
                "title": {"query": q, "slop": 1, "boost": FEATURE_BOOST, "_name": PHRASE_CLAUSE}
            }
        }
    )
    clauses.append(
        {
            "constant_score": {
                "filter": {"term": {"type_keys": stemmed}},
                "boost": FEATURE_BOOST,
                "_name": TYPE_INTENT_CLAUSE,
            }
        }
    )
    return clauses


@dataclass(frozen=True)
class Signals:
    """Behavioural numbers looked up per candidate (CTRs may be unknown: NaN)."""

    ctr: Mapping[int, float]
    query_ctr: Mapping[int, float]


NO_SIGNALS = Signals({}, {})


def feature_matrix(
    hits: Sequence[Mapping[str, Any]],
    q: str,
    *,
    today: date,
    signals: Signals = NO_SIGNALS,
    profile: Profile | None = None,
    now: datetime | None = None,
) -> list[list[float]]:
    """Return one feature vector per hit, in FEATURES order (`now`: the search's moment)."""
    prices = [float(h["_source"]["price"]) for h in hits if h["_source"].get("price") is not None]
    median_price = statistics.median(prices) if prices else math.nan
    words = set(stem_text(q).split())
    session = profile.session_at(now or datetime.now(UTC)) if profile else []
    return [
        _vector(hit, rank, words, median_price, today, signals)
        + shopper_vector(hit, profile)
        + session_vector(hit, session)
        for rank, hit in enumerate(hits, start=1)
    ]


def session_vector(hit: Mapping[str, Any], session: Sequence[SessionAct]) -> list[float]:
    """Return the session's size and the share of its acts on this product's type and brand."""
    if not session:
        return [0.0, 0.0, 0.0]
    source = hit["_source"]
    kind, brand = source.get("product_type"), source.get("brand")
    return [
        float(len(session)),
        sum(act.product_type == kind for act in session if kind) / len(session),
        sum(act.brand == brand for act in session if brand) / len(session),
    ]


def shopper_vector(hit: Mapping[str, Any], profile: Profile | None) -> list[float]:
    """Return how a candidate fits the shopper: brand, type, price, seen, carted, segment."""
    source = hit["_source"]
    if profile is None:
        return [0.0, 0.0, math.nan, math.nan, math.nan, 0.0, 0.0, 0.0, 0.0]
    product_id = int(source["product_id"])
    brands = sum(profile.brands.values()) or 1.0
    types = sum(profile.types.values()) or 1.0
    brand, price = source.get("brand"), source.get("price")
    return [
        profile.brands.get(brand or "", 0.0) / brands,
        profile.types.get(source.get("product_type") or "", 0.0) / types,
        _price_fit(profile, price),
        _brand_uptake(profile, brand) if brand else math.nan,
        _price_uptake(profile, float(price)) if price is not None else math.nan,
        float(product_id in profile.viewed),
        float(product_id in profile.carted),
        profile.cluster.items.get(product_id, 0.0) if profile.cluster else 0.0,
        profile.cluster.types.get(source.get("product_type") or "", 0.0)
        if profile.cluster
        else 0.0,
    ]


def _uptake(profile: Profile, interest: float, shown: float) -> float:
    """Return interest per impression over the shopper's usual rate (NaN: shown nothing yet).

    Smoothed toward the usual (UPTAKE_SMOOTHING impressions' worth), so one lucky click on a
    rarely shown brand does not look like a passion.
    """
    if not profile.shown:
        return math.nan
    usual = (profile.interest + 1.0) / (profile.shown + 2.0)
    rate = (interest + UPTAKE_SMOOTHING * usual) / (shown + UPTAKE_SMOOTHING)
    return rate / usual


def _brand_uptake(profile: Profile, brand: str) -> float:
    """Return the uptake of a brand."""
    return _uptake(profile, profile.brands.get(brand, 0.0), profile.shown_brands.get(brand, 0.0))


def _price_uptake(profile: Profile, price: float) -> float:
    """Return the uptake of the price band of `price`, its neighbour bands counting half."""
    band = price_band(price)
    near = {band - 1: 0.5, band: 1.0, band + 1: 0.5}
    interest = sum(w * profile.band_interest.get(b, 0.0) for b, w in near.items())
    shown = sum(w * profile.shown_bands.get(b, 0.0) for b, w in near.items())
    return _uptake(profile, interest, shown)


def _price_fit(profile: Profile, price: Any) -> float:
    """Return 1 at the shopper's usual price, falling off like a bell curve (NaN: unknown)."""
    if price is None or profile.price_n < 2:
        return math.nan
    mean = profile.price_sum / profile.price_n
    spread = math.sqrt(max(profile.price_sq / profile.price_n - mean * mean, (0.25 * mean) ** 2))
    return math.exp(-0.5 * ((float(price) - mean) / spread) ** 2) if spread else math.nan


def _vector(
    hit: Mapping[str, Any],
    rank: int,
    words: set[str],
    median_price: float,
    today: date,
    signals: Signals,
) -> list[float]:
    """Return the features of one candidate."""
    source = hit["_source"]
    named: Mapping[str, float] = hit.get("matched_queries") or {}
    if isinstance(named, list):  # older responses list names without scores
        named = dict.fromkeys(named, 0.0)
    product_id = int(source["product_id"])
    title_words = set((source.get("title_stem") or "").split())
    price = _number(source.get("price"))
    released = source.get("release_date")
    age = (today - date.fromisoformat(released[:10])).days if released else math.nan
    # With synonyms in play, products matching the shopper's own words get a fixed bonus
    # (retrieval.queries.OWN_WORDS_BONUS); the retrieval score feature leaves it out.
    # Likewise, relaxed, products matching every word (exactly, or with typos) get bonuses.
    bonuses = (OWN_WORDS_CLAUSE, ALL_WORDS_CLAUSE, ALL_WORDS_TYPO_CLAUSE)
    own_words = sum(named.get(name, 0.0) for name in bonuses)
    own_match = EXACT_CLAUSE in named or FUZZY_CLAUSE in named
    return [
        *(named.get(name, 0.0) / FEATURE_BOOST for name in FIELD_CLAUSES),
        float(EXACT_CLAUSE in named),
        float(FUZZY_CLAUSE in named and EXACT_CLAUSE not in named),
        float(not own_match and any(name in named for name in SYNONYM_CLAUSES)),
        float(PHRASE_CLAUSE in named),
        float(TYPE_INTENT_CLAUSE in named),
        len(words & title_words) / len(words) if words else 0.0,
        float(rank),
        float(hit.get("_score") or 0.0) - own_words,
        price,
        price / median_price if median_price and not math.isnan(price) else math.nan,
        _number(source.get("rating")),
        math.log1p(float(source.get("review_count") or 0)),
        float(source.get("popularity") or 0.0),
        signals.ctr.get(product_id, math.nan),
        signals.query_ctr.get(product_id, math.nan),
        float(age),
        float(bool(source.get("in_stock"))),
    ]


def _number(value: Any) -> float:
    """Return a float, or NaN for a missing value."""
    return float(value) if value is not None else math.nan
