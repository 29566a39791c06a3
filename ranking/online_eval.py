"""Online scores of a ranking: what the live API served, and what shoppers did with it.

Each search is judged on the list its ranking really showed (the server's `served_queries`
record, not the client's memory): the top 10, graded by what the shopper clicked (1) or
carted (2) from that search's events. Unlike re-ordering logged lists, a ranking that brings
up a product the old ranking buried gets credit when the shopper takes it. A search without
a click scores 0 in NDCG@10 over all searches (nothing the shopper wanted was within reach);
`ndcg_clicked` averages over the searches with a click only.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from behaviour.models import Event, ServedQuery
from ranking.behaviour import GRADES
from ranking.metrics import hit_at_k, ndcg_at_k

K = 10


@dataclass(frozen=True)
class ServedSearch:
    """One search a shopper made: what was shown, in order, and what they did there."""

    query_id: str
    user_id: int
    query: str
    served_at: datetime
    variant: str  # "bm25" or "ltr:<model id>", as the server recorded it
    shown: tuple[int, ...]
    grades: dict[int, int]  # product -> 1 clicked, 2 carted
    clicks: int
    carts: int


@dataclass(frozen=True)
class OnlineScores:
    """Per-ranking figures over searches (CTR@k: share of searches with a click at or above k)."""

    searches: int
    clicked_searches: int
    ndcg: float
    ndcg_clicked: float
    ctr_at_1: float
    ctr_at_3: float
    ctr_at_10: float
    clicks_per_search: float
    carts_per_search: float
    variants: dict[str, int]


@dataclass(frozen=True)
class Paired:
    """The per-search difference of NDCG@10 (b minus a) over searches matched across runs."""

    pairs: int
    mismatched: int  # matched by shopper and order, but the queries differ
    mean_difference: float
    standard_error: float
    top10_overlap: float  # mean share of the top 10 the two rankings had in common
    outside_page: float  # mean share of b's top 10 that a did not show at all


def served_searches(db: Session, *, since: datetime) -> list[ServedSearch]:
    """Return the first result pages signed-in shoppers got since a moment, with their acts."""
    rows = db.execute(
        select(ServedQuery)
        .where(
            ServedQuery.served_at >= since,
            ServedQuery.offset == 0,
            ServedQuery.query != "",
            ServedQuery.user_id.is_not(None),
        )
        .order_by(ServedQuery.served_at)
    ).scalars()
    served = list(rows)
    grades: dict[str, dict[int, int]] = defaultdict(dict)
    acts: dict[str, Counter[str]] = defaultdict(Counter)
    ids = [s.query_id for s in served]
    for start in range(0, len(ids), 5000):
        for query_id, kind, product_id in db.execute(
            select(Event.query_id, Event.event_type, Event.product_id).where(
                Event.query_id.in_(ids[start : start + 5000]),
                Event.event_type.in_(tuple(GRADES)),
            )
        ):
            key = str(query_id)
            grades[key][product_id] = max(grades[key].get(product_id, 0), GRADES[kind])
            acts[key][kind] += 1
    return [
        ServedSearch(
            query_id=str(s.query_id),
            user_id=int(s.user_id or 0),
            query=s.query,
            served_at=s.served_at,
            variant=s.variant,
            shown=tuple(s.product_ids),
            grades=grades[str(s.query_id)],
            clicks=acts[str(s.query_id)]["click"],
            carts=acts[str(s.query_id)]["add_to_cart"],
        )
        for s in served
    ]


def search_ndcg(search: ServedSearch, k: int = K) -> float:
    """Return NDCG@k of the list shown against its own clicks and carts (0 without any)."""
    return ndcg_at_k([str(p) for p in search.shown], _judged(search), k)


def online_scores(searches: Sequence[ServedSearch]) -> OnlineScores:
    """Average the online figures over searches."""
    if not searches:
        raise ValueError("no searches to score")
    clicked = [s for s in searches if s.grades]

    def ctr(k: int) -> float:
        return _mean(hit_at_k([str(p) for p in s.shown], _judged(s), k) for s in searches)

    return OnlineScores(
        searches=len(searches),
        clicked_searches=len(clicked),
        ndcg=_mean(search_ndcg(s) for s in searches),
        ndcg_clicked=_mean(search_ndcg(s) for s in clicked) if clicked else 0.0,
        ctr_at_1=ctr(1),
        ctr_at_3=ctr(3),
        ctr_at_10=ctr(10),
        clicks_per_search=_mean(s.clicks for s in searches),
        carts_per_search=_mean(s.carts for s in searches),
        variants=dict(Counter(s.variant.split(":")[0] for s in searches)),
    )


def paired(a: Sequence[ServedSearch], b: Sequence[ServedSearch]) -> Paired:
    """Match each shopper's n-th search across two runs and compare their NDCG@10."""
    first, second = _by_shopper(a), _by_shopper(b)
    differences: list[float] = []
    overlaps: list[float] = []
    outside: list[float] = []
    mismatched = 0
    for user, mine in first.items():
        for x, y in zip(mine, second.get(user, []), strict=False):
            if x.query != y.query:
                mismatched += 1
                continue
            differences.append(search_ndcg(y) - search_ndcg(x))
            overlaps.append(len(set(x.shown[:K]) & set(y.shown[:K])) / K)
            outside.append(len(set(y.shown[:K]) - set(x.shown)) / K)
    n = len(differences)
    spread = statistics.stdev(differences) if n > 1 else math.nan
    return Paired(
        pairs=n,
        mismatched=mismatched,
        mean_difference=_mean(differences) if n else math.nan,
        standard_error=round(spread / math.sqrt(n), 4) if n > 1 else math.nan,
        top10_overlap=_mean(overlaps) if n else math.nan,
        outside_page=_mean(outside) if n else math.nan,
    )


def _by_shopper(searches: Sequence[ServedSearch]) -> dict[int, list[ServedSearch]]:
    """Group searches by shopper, in the order they were served."""
    grouped: dict[int, list[ServedSearch]] = defaultdict(list)
    for search in sorted(searches, key=lambda s: s.served_at):
        grouped[search.user_id].append(search)
    return grouped


def _judged(search: ServedSearch) -> dict[str, int]:
    """Return a search's grades keyed as the metrics expect."""
    return {str(p): g for p, g in search.grades.items()}


def _mean(values: Iterable[float]) -> float:
    """Return the mean of numbers, rounded to 4 places."""
    return round(statistics.fmean(values), 4)
