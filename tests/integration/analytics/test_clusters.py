"""Shopper segments: KMeans over real events in Postgres, stored in Redis, read for ranking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine

from behaviour.clusters import OWNERS_KEY, ClusterCache, _store, refresh_clusters
from behaviour.profiles import Profile
from ranking.features import SHOPPER_FEATURES, shopper_vector
from tests.fixtures.accounts import reset_accounts

pytestmark = pytest.mark.clock


def two_tastes(engine: Engine) -> tuple[list[int], list[int], str, str]:
    """Give 15 anonymous shoppers a taste for one product type and 15 for another."""
    with engine.connect() as connection:
        kinds = (
            connection.execute(
                text(
                    "SELECT product_type FROM products WHERE product_type IS NOT NULL "
                    "GROUP BY product_type ORDER BY count(*) DESC LIMIT 2"
                )
            )
            .scalars()
            .all()
        )
        ids = {
            kind: connection.execute(
                text("SELECT id FROM products WHERE product_type = :k ORDER BY id LIMIT 5"),
                {"k": kind},
            )
            .scalars()
            .all()
            for kind in kinds
        }
    now = datetime.now(UTC)
    rows = []
    for group, kind in enumerate(kinds):
        for shopper in range(15):
            for n, product_id in enumerate(ids[kind]):
                rows.append(
                    {
                        "cid": f"seg-{group}-{shopper}-{n}",
                        "pid": product_id,
                        "anon": f"anon-{group}-{shopper}",
                        "at": now - timedelta(hours=n + 1),
                    }
                )
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO events (client_event_id, event_type, product_id, anonymous_id, "
                "occurred_at) VALUES (:cid, 'product_view', :pid, :anon, :at)"
            ),
            rows,
        )
    return list(ids[kinds[0]]), list(ids[kinds[1]]), kinds[0], kinds[1]


def test_segments_separate_tastes_and_feed_ranking_features(
    engine: Engine, redis_client: Redis, indexed_catalog: int
) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    first_ids, second_ids, first, second = two_tastes(engine)
    summary = refresh_clusters(engine, redis_client)
    assert summary["owners"] == 30 and summary["clusters"] >= 2
    one = redis_client.hget(OWNERS_KEY, "a:anon-0-0")
    assert {redis_client.hget(OWNERS_KEY, f"a:anon-0-{n}") for n in range(15)} == {one}
    other = redis_client.hget(OWNERS_KEY, "a:anon-1-0")
    assert other != one

    cache = ClusterCache(redis_client)
    known = cache.view("a:anon-0-3", None)
    assert known is not None and known.types[first] == 1.0
    assert known.items[first_ids[0]] == 0.2 and second_ids[0] not in known.items
    # A shopper the last run never saw is placed by their live profile.
    newcomer = Profile(types={second: 3.0})
    placed = cache.view("a:someone-new", newcomer)
    assert placed is not None and placed.cluster == int(other or -1)

    newcomer.cluster = placed
    hit = {"_source": {"product_id": second_ids[0], "product_type": second, "price": 10.0}}
    vector = dict(zip(SHOPPER_FEATURES, shopper_vector(hit, newcomer), strict=True))
    assert vector["cluster_item_share"] == 0.2 and vector["cluster_type_share"] == 1.0


def test_a_product_only_one_shopper_touched_is_not_a_segment_taste(
    redis_client: Redis,
) -> None:
    redis_client.flushdb()
    interest = {"a:one": {1: 1.0, 2: 3.0}, "a:two": {1: 1.0}}
    profiles = {owner: Profile(types={"Laptops": 1.0}) for owner in interest}
    _store(
        redis_client, ["Laptops"], np.zeros((1, 2)), list(interest), [0, 0], interest, profiles, []
    )
    view = ClusterCache(redis_client).view("a:one", None)
    assert view is not None and view.items == {1: 2 / 5}


def test_segments_fitted_as_of_a_moment_leave_later_events_out(
    engine: Engine, redis_client: Redis, indexed_catalog: int
) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    first_ids, _, _, _ = two_tastes(engine)
    refresh_clusters(engine, redis_client, now=datetime.now(UTC) - timedelta(hours=3, minutes=30))
    earlier = ClusterCache(redis_client).view("a:anon-0-0", None)
    assert earlier is not None and set(earlier.items) == set(first_ids[3:])


def test_too_few_shoppers_skip_the_fit(engine: Engine, redis_client: Redis) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    assert refresh_clusters(engine, redis_client)["clusters"] == 0
    assert ClusterCache(redis_client).view("a:x", Profile(types={"x": 1.0})) is None
