"""Learning-to-rank features: one code path builds training rows and request-time vectors.

Each feature is a named function of one candidate and its window (FEATURE_FUNCTIONS); a
vector is those functions in FEATURES order, so a feature is defined once, by name, and its
position follows the list. Everything beyond the hits (shopper, signals, plan, the search's
moment) comes from one ranking.context.FeatureContext, for serving and both trainings.

Query-product features come from the candidate search itself: feature clauses are added to
the retrieval query with a tiny boost (so they barely move it) and named, and Elasticsearch
returns each hit's per-clause score (`include_named_queries_score`): one round trip for all
candidates. Missing values stay NaN, in training as in serving, for XGBoost to route.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from behaviour.profiles import Profile, SessionAct
from core.text import stem_text
from ranking.context import NO_SIGNALS, FeatureContext, Signals, window_ids
from ranking.shopper_features import SHOPPER_FUNCTIONS
from retrieval.queries import ALL_WORDS_CLAUSE, ALL_WORDS_TYPO_CLAUSE
from retrieval.semantic import similarity

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
    # Cosine similarity of query and product text embeddings (NaN: no encoder or no vector).
    "semantic_similarity",
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
class Window:
    """What every candidate's features share: the query's words, the window, the context."""

    words: set[str]
    median_price: float
    today: date
    signals: Signals
    profile: Profile | None
    session: Sequence[SessionAct]
    brand_total: float  # the shopper's brand interest (1 when none), for affinities
    type_total: float


@dataclass(frozen=True)
class Candidate:
    """One hit as features read it: its source, named-clause scores and retrieval rank."""

    hit: Mapping[str, Any]
    rank: int
    named: Mapping[str, float]

    @property
    def source(self) -> Mapping[str, Any]:
        """Return the hit's stored fields."""
        source: Mapping[str, Any] = self.hit["_source"]
        return source

    @property
    def product_id(self) -> int:
        """Return the product's id."""
        return int(self.source["product_id"])


Feature = Callable[[Candidate, Window], float]


def window_of(
    hits: Sequence[Mapping[str, Any]], q: str, context: FeatureContext, signals: Signals
) -> Window:
    """Return what the window's features share."""
    prices = [float(h["_source"]["price"]) for h in hits if h["_source"].get("price") is not None]
    profile = context.profile
    return Window(
        words=set(stem_text(q).split()),
        median_price=statistics.median(prices) if prices else math.nan,
        today=context.at.date(),
        signals=signals,
        profile=profile,
        session=context.session(),
        brand_total=(sum(profile.brands.values()) or 1.0) if profile else 1.0,
        type_total=(sum(profile.types.values()) or 1.0) if profile else 1.0,
    )


def candidate(hit: Mapping[str, Any], rank: int) -> Candidate:
    """Return a hit as features read it."""
    named: Mapping[str, float] = hit.get("matched_queries") or {}
    if isinstance(named, list):  # older responses list names without scores
        named = dict.fromkeys(named, 0.0)
    return Candidate(hit, rank, named)


def feature_matrix(
    hits: Sequence[Mapping[str, Any]], q: str, context: FeatureContext
) -> list[list[float]]:
    """Return one feature vector per hit, in FEATURES order (signals: one read per window)."""
    signals = context.signals(q, window_ids(hits)) if hits else NO_SIGNALS
    window = window_of(hits, q, context, signals)
    functions = [FEATURE_FUNCTIONS[name] for name in FEATURES]
    rows = []
    for rank, hit in enumerate(hits, start=1):
        found = candidate(hit, rank)
        rows.append([function(found, window) for function in functions])
    return rows


def shopper_vector(hit: Mapping[str, Any], profile: Profile | None) -> list[float]:
    """Return how one candidate fits the shopper (SHOPPER_FEATURES, in order)."""
    context = FeatureContext(at=datetime.now(UTC), profile=profile)
    window = window_of([hit], "", context, NO_SIGNALS)
    return [FEATURE_FUNCTIONS[name](candidate(hit, 1), window) for name in SHOPPER_FEATURES]


def _field_score(name: str) -> Feature:
    """Return the feature of one field clause's BM25 score (without its tiny boost)."""
    return lambda c, w: c.named.get(name, 0.0) / FEATURE_BOOST


def _exact_match(c: Candidate, w: Window) -> float:
    """Return 1 when every word matched exactly."""
    return float(EXACT_CLAUSE in c.named)


def _fuzzy_only(c: Candidate, w: Window) -> float:
    """Return 1 when every word matched, but only with typos.

    A window never carries the FUZZY_CLAUSE name: its strict request has no typos, and its
    relaxed one matches typos through the unnamed copy inside ALL_WORDS_TYPO_CLAUSE. Reading
    only FUZZY_CLAUSE left this feature 0 in every training row and served vector
    (tests/integration/ranking/test_feature_variety.py).
    """
    strict = FUZZY_CLAUSE in c.named and EXACT_CLAUSE not in c.named
    relaxed = ALL_WORDS_TYPO_CLAUSE in c.named and ALL_WORDS_CLAUSE not in c.named
    return float(strict or relaxed)


def _synonym_only(c: Candidate, w: Window) -> float:
    """Return 1 when only a synonym or correction matched, not the shopper's words."""
    own_match = EXACT_CLAUSE in c.named or FUZZY_CLAUSE in c.named
    return float(not own_match and any(name in c.named for name in SYNONYM_CLAUSES))


def _phrase_match(c: Candidate, w: Window) -> float:
    """Return 1 when the title holds the query as a phrase (slop 1)."""
    return float(PHRASE_CLAUSE in c.named)


def _type_intent(c: Candidate, w: Window) -> float:
    """Return 1 when the query names the product's type."""
    return float(TYPE_INTENT_CLAUSE in c.named)


def _coverage(c: Candidate, w: Window) -> float:
    """Return the share of the query's stemmed words found in the title."""
    title_words = set((c.source.get("title_stem") or "").split())
    return len(w.words & title_words) / len(w.words) if w.words else 0.0


def _semantic_similarity(c: Candidate, w: Window) -> float:
    """Return the query-product embedding similarity (NaN when it was not computed)."""
    found = similarity(c.hit)
    return found if found is not None else math.nan


def _retrieval_rank(c: Candidate, w: Window) -> float:
    """Return the candidate's position in retrieval order (1 = first)."""
    return float(c.rank)


def _retrieval_score(c: Candidate, w: Window) -> float:
    """Return the retrieval score without the fixed bonuses.

    With synonyms in play, products matching the shopper's own words get a fixed bonus
    (retrieval.queries.OWN_WORDS_BONUS); likewise, relaxed, products matching every word
    (exactly, or with typos) get bonuses. The feature leaves them out.
    """
    bonuses = (OWN_WORDS_CLAUSE, ALL_WORDS_CLAUSE, ALL_WORDS_TYPO_CLAUSE)
    own_words = sum(c.named.get(name, 0.0) for name in bonuses)
    return float(c.hit.get("_score") or 0.0) - own_words


def _price(c: Candidate, w: Window) -> float:
    """Return the price (NaN: unknown)."""
    return _number(c.source.get("price"))


def _price_relative(c: Candidate, w: Window) -> float:
    """Return the price against the window's median price."""
    price = _number(c.source.get("price"))
    return price / w.median_price if w.median_price and not math.isnan(price) else math.nan


def _rating(c: Candidate, w: Window) -> float:
    """Return the average rating (NaN: unrated)."""
    return _number(c.source.get("rating"))


def _log_reviews(c: Candidate, w: Window) -> float:
    """Return log(1 + review count)."""
    return math.log1p(float(c.source.get("review_count") or 0))


def _popularity(c: Candidate, w: Window) -> float:
    """Return the decayed interest score behaviour.signals stores on the product."""
    return float(c.source.get("popularity") or 0.0)


def _ctr(c: Candidate, w: Window) -> float:
    """Return the product's smoothed click-through rate over all searches (NaN: never shown)."""
    return w.signals.ctr.get(c.product_id, math.nan)


def _query_ctr(c: Candidate, w: Window) -> float:
    """Return the product's smoothed click-through rate for this query (NaN: never shown)."""
    return w.signals.query_ctr.get(c.product_id, math.nan)


def _age_days(c: Candidate, w: Window) -> float:
    """Return the product's age in days on the search's own day (NaN: no release date)."""
    released = c.source.get("release_date")
    return float((w.today - date.fromisoformat(released[:10])).days) if released else math.nan


def _in_stock(c: Candidate, w: Window) -> float:
    """Return 1 when in stock."""
    return float(bool(c.source.get("in_stock")))


def _number(value: Any) -> float:
    """Return a float, or NaN for a missing value."""
    return float(value) if value is not None else math.nan


FEATURE_FUNCTIONS: dict[str, Feature] = {
    **{name: _field_score(name) for name in FIELD_CLAUSES},
    "exact_match": _exact_match,
    "fuzzy_only": _fuzzy_only,
    "synonym_only": _synonym_only,
    "phrase_match": _phrase_match,
    "type_intent": _type_intent,
    "coverage": _coverage,
    "semantic_similarity": _semantic_similarity,
    "retrieval_rank": _retrieval_rank,
    "retrieval_score": _retrieval_score,
    "price": _price,
    "price_relative": _price_relative,
    "rating": _rating,
    "log_reviews": _log_reviews,
    "popularity": _popularity,
    "ctr": _ctr,
    "query_ctr": _query_ctr,
    "age_days": _age_days,
    "in_stock": _in_stock,
    **SHOPPER_FUNCTIONS,
}
# Every listed feature has exactly one function, and every function is listed.
if set(FEATURE_FUNCTIONS) != set(FEATURES) or len(FEATURES) != len(set(FEATURES)):
    raise RuntimeError(f"unmatched features: {set(FEATURE_FUNCTIONS) ^ set(FEATURES)}")
