"""What a search's features read besides its hits, built by one function for every path.

Serving, judgment training (ranking.dataset) and behaviour training (ranking.behaviour) all
call `feature_context`, so a feature cannot read one thing when served and another when
trained on: the shopper's profile (as it stood at the search), the behavioural signals (the
CTRs behaviour.signals keeps in Redis, read once per window), the merchandising plan the
candidates were fetched with, and the search's own moment (a product's age and the session
are measured from it, never from the clock of whoever trains).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy.orm import Session

from behaviour.profiles import Profile, SessionAct
from behaviour.signals import click_throughs
from merchandising.compiled import EMPTY, CompiledMerch, compile_config
from merchandising.models import MerchVersion
from merchandising.service import latest_version
from retrieval.params import SearchParams
from retrieval.plan import NO_PLAN, QueryPlan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Signals:
    """Behavioural numbers per candidate (a CTR may be unknown: absent, so NaN)."""

    ctr: Mapping[int, float]
    query_ctr: Mapping[int, float]


NO_SIGNALS = Signals({}, {})


class SignalSource(Protocol):
    """Reads the signals of a window's products for a query, in one round trip."""

    def __call__(self, q: str, product_ids: Sequence[int]) -> Signals:
        """Return the signals of these products."""
        ...


def no_signals(q: str, product_ids: Sequence[int]) -> Signals:
    """Return no signals (every CTR unknown)."""
    return NO_SIGNALS


@dataclass(frozen=True)
class RedisSignals:
    """The CTRs the signals job keeps in Redis; unknown (NaN) while Redis is unreachable."""

    redis: Redis[str]

    def __call__(self, q: str, product_ids: Sequence[int]) -> Signals:
        """Return the products' overall and per-query CTRs."""
        try:
            ctr, query_ctr = click_throughs(self.redis, product_ids, q)
        except RedisError as exc:
            log.warning("signals unavailable, ranking without CTRs: %s", exc)
            return NO_SIGNALS
        return Signals(ctr, query_ctr)


@dataclass(frozen=True)
class FeatureContext:
    """Everything a search's features read besides the hits themselves."""

    at: datetime  # the search's own moment (timezone-aware)
    profile: Profile | None = None
    signals: SignalSource = no_signals
    plan: QueryPlan = field(default=NO_PLAN)

    def session(self) -> list[SessionAct]:
        """Return the shopper's session going on at the search (empty when anonymous)."""
        return self.profile.session_at(self.at) if self.profile else []


def feature_context(
    params: SearchParams,
    *,
    at: datetime,
    merch: CompiledMerch = EMPTY,
    profile: Profile | None = None,
    redis: Redis[str] | None = None,
) -> FeatureContext:
    """Return a search's feature context: the plan at its moment, its shopper, the signals."""
    return FeatureContext(
        at=at,
        profile=profile,
        signals=RedisSignals(redis) if redis is not None else no_signals,
        plan=merch.plan(params, at),
    )


def published_merch(db: Session) -> CompiledMerch:
    """Return the published merchandising search applies now, compiled (EMPTY: none)."""
    row = latest_version(db)
    return compile_config(row.config, row.version) if row is not None else EMPTY


class MerchReplay:
    """The merchandising versions logged searches were served with, each compiled once."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.compiled: dict[int, CompiledMerch] = {}

    def __call__(self, version: int | None) -> CompiledMerch:
        """Return a recorded version (EMPTY: none was published, or it is gone)."""
        if version is None:
            return EMPTY
        if version not in self.compiled:
            row = self.db.get(MerchVersion, version)
            self.compiled[version] = compile_config(row.config, row.version) if row else EMPTY
        return self.compiled[version]


def window_ids(hits: Sequence[Mapping[str, Any]]) -> list[int]:
    """Return the product ids of a window's hits, in order."""
    return [int(hit["_source"]["product_id"]) for hit in hits]
