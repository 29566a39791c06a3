"""Labels from behaviour: clicks on what search really showed, debiased for position.

Every product a search showed (its impression event) becomes a training row: a click grades
1, an add-to-cart 2, a product left alone 0. Shoppers click higher positions more whatever
they hold, so the rows keep the order they were shown in and training corrects for position
(XGBoost's unbiased LambdaMART, `lambdarank_unbiased`: it estimates how much each position
is looked at, jointly with the ranker). The older cascade reading (keep only positions up to
the last click) remains for comparison; it makes the deepest kept product always a click,
which teaches a ranker that deeper is better. Features are recomputed for the query against
today's index, but as of the search itself: the merchandising version it was served with
(replayed, so synonym-only matches and the own-words bonus are what the shopper saw), the
shopper's profile as it stood just before it, and its own day and session.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from elasticsearch import Elasticsearch
from redis import Redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.identity import owner_key
from behaviour import profiles
from behaviour.models import Event, ServedQuery
from ranking.context import MerchReplay, feature_context
from ranking.dataset import QueryCandidates, retrieve
from ranking.features import feature_matrix
from ranking.metrics import hit_at_k
from ranking.train import CLICKS, fit, rerank, score
from retrieval.params import SearchParams, clean_query

GRADES = {"click": 1, "add_to_cart": 2}
# Looks up a shopper's segment: (owner key, profile) -> view, e.g. ClusterCache.view bound to Redis.
ClusterLookup = Callable[[str, profiles.Profile | None], profiles.ClusterView | None]


@dataclass(frozen=True)
class LoggedSearch:
    """One served query with its shopper, time and graded, examined products."""

    query_id: str
    query: str
    user_id: int | None
    anonymous_id: str | None
    at: datetime  # when the shopper saw it (their first event about it)
    grades: dict[int, int]
    positions: dict[int, int]  # where each graded product was shown (1 = first)
    merch_version: int | None = None  # the merchandising version it was served with


def logged_searches(
    db: Session, *, since: datetime | None = None, cascade: bool = False
) -> list[LoggedSearch]:
    """Return served queries that got clicks, every product shown graded (unclicked: 0).

    With `cascade`, only positions up to the last click are kept (the cascade model's
    "examined"); see the module docstring for why that is no longer the default.
    """
    acts: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)  # query -> pid -> (pos, grade)
    first: dict[str, datetime] = {}
    query = select(
        Event.query_id, Event.event_type, Event.product_id, Event.position, Event.occurred_at
    ).where(Event.query_id.is_not(None), Event.event_type.in_(("impression", *GRADES)))
    if since is not None:
        query = query.where(Event.occurred_at >= since)
    for query_id, kind, product_id, position, occurred_at in db.execute(query):
        key = str(query_id)
        first[key] = min(first.get(key, occurred_at), occurred_at)
        seen = acts[key]
        old_pos, old_grade = seen.get(product_id, (position or 0, 0))
        seen[product_id] = (position or old_pos, max(old_grade, GRADES.get(kind, 0)))
    found = []
    rows = db.execute(
        select(ServedQuery).where(
            ServedQuery.query_id.in_([q for q, s in acts.items() if any(g for _, g in s.values())])
        )
    )
    for served in rows.scalars():
        seen = acts[str(served.query_id)]
        kept = {pid: (pos, grade) for pid, (pos, grade) in seen.items() if pos > 0}
        if cascade:
            last_click = max((pos for pos, grade in kept.values() if grade), default=0)
            kept = {pid: act for pid, act in kept.items() if act[0] <= last_click}
        found.append(
            LoggedSearch(
                str(served.query_id),
                served.query,
                served.user_id,
                served.anonymous_id,
                first[str(served.query_id)],
                {pid: grade for pid, (_, grade) in kept.items()},
                {pid: pos for pid, (pos, _) in kept.items()},
                served.merch_version,
            )
        )
    return sorted(found, key=lambda s: s.at)


def build_from_behaviour(
    db: Session,
    es: Elasticsearch,
    alias: str,
    searches: list[LoggedSearch],
    *,
    k: int = 100,
    personal: bool = True,
    clusters: ClusterLookup | None = None,
    redis: Redis[str] | None = None,
) -> list[QueryCandidates]:
    """Featurise each logged search's examined products (with the shopper's then-profile).

    The shopper's segment is today's (`clusters`), as serving would see it: segments are
    refreshed hourly and not kept per moment. So are the CTRs read from `redis` (the
    signals job keeps only the current ones).
    """
    dataset = []
    replay = MerchReplay(db)
    for search in searches:
        params = SearchParams(q=clean_query(search.query), size=k)
        profile = _profile_before(db, search, clusters) if personal else None
        context = feature_context(
            params, at=search.at, merch=replay(search.merch_version), profile=profile, redis=redis
        )
        window = retrieve(es, alias, params.q, k, plan=context.plan)
        pid_at = [int(h["_source"]["product_id"]) for h in window]
        # In the order they were shown: unbiased LambdaMART reads positions from row order.
        kept = sorted(
            (i for i, pid in enumerate(pid_at) if pid in search.grades),
            key=lambda i: search.positions[pid_at[i]],
        )
        if not kept:
            continue
        # Features of the whole window, as serving computes them (a product's retrieval rank
        # and its price against the window's median), then the examined products' rows.
        rows = feature_matrix(window, params.q, context)
        pids = [pid_at[i] for i in kept]
        dataset.append(
            QueryCandidates(
                query=search.query_id,
                skus=[str(pid) for pid in pids],
                features=[rows[i] for i in kept],
                grades=[search.grades[pid] for pid in pids],
                judged={str(pid): grade for pid, grade in search.grades.items()},
            )
        )
    return dataset


def _profile_before(
    db: Session, search: LoggedSearch, clusters: ClusterLookup | None
) -> profiles.Profile | None:
    """Rebuild the shopper's profile as it stood when they searched, with their segment."""
    owner = (
        (Event.user_id == search.user_id)
        if search.user_id is not None
        else (Event.anonymous_id == search.anonymous_id)
    )
    profile = profiles.rebuild(db, owner, before=search.at)
    if profile is not None and clusters is not None:
        profile.cluster = clusters(owner_key(search.user_id, search.anonymous_id), profile)
    return profile


@dataclass(frozen=True)
class BehaviourScores:
    """NDCG@10 and MRR of clicks and carts, and CTR@1/@3: searches with one at or above."""

    ndcg: float
    mrr: float
    ctr_at_1: float
    ctr_at_3: float


def behaviour_scores(rankings: Sequence[tuple[list[str], dict[str, int]]]) -> BehaviourScores:
    """Score rankings of logged searches against what the shoppers clicked and carted."""
    judged = score(rankings)
    return BehaviourScores(
        ndcg=judged.ndcg,
        mrr=judged.mrr,
        ctr_at_1=round(statistics.fmean(hit_at_k(r, j, 1) for r, j in rankings), 4),
        ctr_at_3=round(statistics.fmean(hit_at_k(r, j, 3) for r, j in rankings), 4),
    )


def time_split(
    db: Session, *, test_share: float = 0.25
) -> tuple[list[LoggedSearch], list[LoggedSearch]]:
    """Split logged searches by time: cascade-labelled earlier ones, and the latest to test.

    Test searches keep every product shown, clicked or not, so a model cannot learn where
    clicks stop.
    """
    searches = logged_searches(db)
    cut = int(len(searches) * (1 - test_share))
    shown = {s.query_id: s for s in logged_searches(db, cascade=False)}
    return searches[:cut], [shown[s.query_id] for s in searches[cut:]]


def compare_personalization(
    db: Session,
    es: Elasticsearch,
    alias: str,
    split: tuple[list[LoggedSearch], list[LoggedSearch]],
    *,
    k: int = 100,
    clusters: ClusterLookup | None = None,
    redis: Redis[str] | None = None,
) -> dict[str, BehaviourScores]:
    """Train on earlier logged searches, test on the latest: BM25, LTR, LTR with shopper features.

    `split` comes from `time_split`, so no model sees the future; the shopper's profile is
    rebuilt as of each search.
    """
    train_searches, test_searches = split
    results: dict[str, BehaviourScores] = {}
    for name, personal in (("ltr", False), ("ltr+shopper", True)):
        train = build_from_behaviour(
            db, es, alias, train_searches, k=k, personal=personal, clusters=clusters, redis=redis
        )
        test = build_from_behaviour(
            db, es, alias, test_searches, k=k, personal=personal, clusters=clusters, redis=redis
        )
        if "bm25" not in results:
            results["bm25"] = behaviour_scores([(case.skus, case.judged) for case in test])
        model = fit(train, recipe=CLICKS)
        results[name] = behaviour_scores([(rerank(model, case), case.judged) for case in test])
    return results
