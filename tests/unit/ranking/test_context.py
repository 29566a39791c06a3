"""The feature context builder and the named features, without a cluster."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from behaviour.profiles import Act, fold_acts
from behaviour.signals import ctr_key
from merchandising.compiled import EMPTY, compile_config
from ranking.context import (
    NO_SIGNALS,
    FeatureContext,
    MerchReplay,
    RedisSignals,
    Signals,
    feature_context,
)
from ranking.features import FEATURE_FUNCTIONS, FEATURES, candidate, feature_matrix, window_of
from retrieval.params import SearchParams

AT = datetime(2026, 6, 1, 12, tzinfo=UTC)


class FakePipeline:
    """Queues HMGETs and answers them from a dict of hashes, counting round trips."""

    def __init__(self, redis: FakeRedis) -> None:
        self.redis, self.queued = redis, []  # type: ignore[var-annotated]

    def hmget(self, key: str, members: list[str]) -> None:
        self.queued.append((key, members))

    def execute(self) -> list[list[str | None]]:
        self.redis.round_trips += 1
        if self.redis.down:
            raise RedisConnectionError("down")
        return [[self.redis.hashes.get(k, {}).get(m) for m in ms] for k, ms in self.queued]


class FakeRedis:
    """Just enough Redis for reading CTR hashes through a pipeline."""

    def __init__(self, hashes: dict[str, dict[str, str]], down: bool = False) -> None:
        self.hashes, self.down, self.round_trips = hashes, down, 0

    def pipeline(self, transaction: bool = True) -> FakePipeline:
        return FakePipeline(self)


def hit(product_id: int, **source: Any) -> dict[str, Any]:
    return {"_score": 1.0, "matched_queries": {}, "_source": {"product_id": product_id, **source}}


def rule_config(starts: datetime, ends: datetime) -> dict[str, Any]:
    """Return a configuration with a laptop synonym and a banner rule live between two times."""
    return {
        "synonym_sets": [
            {"name": "s", "entries": [{"kind": "synonym", "terms": ["laptop", "notebook"]}]}
        ],
        "rules": [
            {
                "id": "r1",
                "name": "sale",
                "condition": {"match": "contains", "pattern": "laptop"},
                "starts_at": starts.isoformat(),
                "ends_at": ends.isoformat(),
                "consequence": {"banner": {"text": "Laptop week"}},
            }
        ],
    }


def test_the_context_plans_the_merchandising_at_the_searchs_own_moment() -> None:
    merch = compile_config(rule_config(AT - timedelta(hours=1), AT + timedelta(hours=1)), 7)
    params = SearchParams(q="laptop")
    during = feature_context(params, at=AT, merch=merch)
    after = feature_context(params, at=AT + timedelta(days=1), merch=merch)
    assert during.plan.version == 7 and during.plan.variants  # the synonym widens the query
    assert [b.text for b in during.plan.effects.banners] == ["Laptop week"]
    assert not after.plan.effects.banners  # the rule has ended by the next day
    assert during.at == AT and during.profile is None
    assert feature_context(params, at=AT).plan.version is None  # nothing published


def test_signals_come_from_redis_in_one_round_trip_for_the_whole_window() -> None:
    redis = FakeRedis(
        {ctr_key(): {"1": "0.25", "2": "0.05"}, ctr_key("Laptop"): {"2": "0.5"}}  # type: ignore[dict-item]
    )
    context = feature_context(SearchParams(q="laptop"), at=AT, redis=redis)  # type: ignore[arg-type]
    rows = feature_matrix([hit(1), hit(2), hit(3)], "laptop", context)
    named = [dict(zip(FEATURES, row, strict=True)) for row in rows]
    assert redis.round_trips == 1
    assert [n["ctr"] for n in named][:2] == [0.25, 0.05] and math.isnan(named[2]["ctr"])
    assert math.isnan(named[0]["query_ctr"]) and named[1]["query_ctr"] == 0.5
    assert feature_matrix([], "laptop", context) == [] and redis.round_trips == 1


def test_unreachable_redis_leaves_the_ctrs_unknown_instead_of_failing_the_search() -> None:
    signals = RedisSignals(FakeRedis({}, down=True))  # type: ignore[arg-type]
    assert signals("laptop", [1, 2]) is NO_SIGNALS


def test_each_feature_is_one_named_function_and_vectors_follow_the_list() -> None:
    assert set(FEATURE_FUNCTIONS) == set(FEATURES) and len(set(FEATURES)) == len(FEATURES)
    acts = [Act("click", 1, "HP", "Laptops", 500.0, AT - timedelta(minutes=5))]
    context = FeatureContext(
        at=AT,
        profile=fold_acts(acts),
        signals=lambda q, ids: Signals({pid: pid / 10 for pid in ids}, {}),
    )
    hits = [
        hit(1, brand="HP", product_type="Laptops", price=500.0, release_date="2026-05-02"),
        hit(2, brand="Acer", price=700.0),
    ]
    rows = feature_matrix(hits, "hp laptop", context)
    window = window_of(hits, "hp laptop", context, context.signals("hp laptop", [1, 2]))
    for rank, (found, row) in enumerate(zip(hits, rows, strict=True), start=1):
        by_name = [FEATURE_FUNCTIONS[name](candidate(found, rank), window) for name in FEATURES]
        assert row == pytest.approx(by_name, nan_ok=True)
    first = dict(zip(FEATURES, rows[0], strict=True))
    assert first["age_days"] == 30.0  # from the search's own day, not the clock's
    assert first["ctr"] == 0.1 and first["session_acts"] == 1.0 and first["viewed_item"] == 1.0


class FakeDb:
    """Answers `get` with stored merchandising versions, counting lookups."""

    def __init__(self, rows: dict[int, Any]) -> None:
        self.rows, self.gets = rows, 0

    def get(self, model: Any, key: int) -> Any:
        self.gets += 1
        return self.rows.get(key)


def test_logged_searches_replay_the_merch_version_they_were_served_with() -> None:
    class Row:
        version = 3
        config = rule_config(AT - timedelta(days=1), AT + timedelta(days=1))

    db = FakeDb({3: Row()})
    replay = MerchReplay(db)  # type: ignore[arg-type]
    assert replay(3).version == 3 and replay(3) is replay(3) and db.gets == 1
    assert replay(None) is EMPTY and replay(99) is EMPTY  # none published, or since deleted


def test_fuzzy_only_reads_the_names_a_relaxed_window_returns() -> None:
    """Relaxed windows name typo matches all_words_typo; the fuzzy clause never comes back."""
    hits = [
        {"_score": 3.0, "matched_queries": {"all_words_typo": 1.0}, "_source": {"product_id": 1}},
        {
            "_score": 5.0,
            "matched_queries": {"all_words_typo": 1.0, "all_words": 1.0, "exact": 2.0},
            "_source": {"product_id": 2},
        },
        {"_score": 1.0, "matched_queries": {"exact": 1.0}, "_source": {"product_id": 3}},
    ]
    rows = feature_matrix(hits, "hedphones", FeatureContext(at=AT))
    assert [row[FEATURES.index("fuzzy_only")] for row in rows] == [1.0, 0.0, 0.0]
