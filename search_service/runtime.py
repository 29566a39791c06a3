"""The serving runtime: the clients and the reloading state one search needs, built once.

The API builds it in its lifespan and hands it to routes as one typed dependency (`Serving`);
CLI commands that serve searches build the same thing. Every reloading part is a
`core.refreshing.Refreshing` (or holds them): merch and experiments reload on their Redis
tokens, the active model on its promotion token (with a timer as a backstop), the rest on
timers. Nothing here is typed `Any`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Protocol, TypeVar

from elasticsearch import Elasticsearch
from fastapi import Depends, Request
from redis import Redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from analytics.experiments.serving import Running, RunningExperiments
from behaviour.clusters import ClusterCache
from behaviour.profiles import ClusterView, Profile
from core.refreshing import Current
from core.runtime import Runtime, make_runtime
from core.settings import Settings
from merchandising.compiled import CompiledMerch
from merchandising.published import MerchVersions, PublishedMerch
from ranking.rerank import ActiveModel, ModelVersions, Reranker
from retrieval.cache import RetrievalCache, make_retrieval_cache
from retrieval.index_version import LiveIndexVersion
from search_service.failover import Failover
from search_service.suggest import SuggestionIndex, suggestions

V_co = TypeVar("V_co", covariant=True)


class Versions(Protocol[V_co]):
    """Stored versions by number (models, merch), each loaded once."""

    def get(self, version: int, /) -> V_co:
        """Return one version, None if it is missing or cannot serve."""
        ...


class Ranker(Protocol):
    """The active model: looked up (reloading when promoted), or the one last loaded."""

    def get(self) -> Reranker | None:
        """Return the active model's reranker, None for BM25 alone."""
        ...

    @property
    def current(self) -> Reranker | None:
        """Return the reranker last loaded, without looking for a newer one."""
        ...


class Segments(Protocol):
    """Shopper segments: a shopper's cluster view."""

    def view(self, owner: str, profile: Profile | None) -> ClusterView | None:
        """Return the shopper's cluster view, None without one."""
        ...


@dataclass(frozen=True)
class SearchRuntime:
    """What serving a search needs: clients, retrieval cache, failover, reloading state."""

    clients: Runtime
    retrieval_cache: RetrievalCache | None
    failover: Failover
    merch: Current[CompiledMerch]
    merch_versions: Versions[CompiledMerch | None]
    ranker: Ranker
    model_versions: Versions[Reranker | None]
    experiments: Current[tuple[Running, ...]]
    clusters: Segments
    suggestions: Current[SuggestionIndex]
    index_version: Current[str | None]

    @property
    def settings(self) -> Settings:
        """Return the settings the runtime was built with."""
        return self.clients.settings

    @property
    def engine(self) -> Engine:
        """Return the database engine."""
        return self.clients.engine

    @property
    def session_factory(self) -> sessionmaker[Session]:
        """Return the database session factory."""
        return self.clients.session_factory

    @property
    def es(self) -> Elasticsearch:
        """Return the Elasticsearch client."""
        return self.clients.es

    @property
    def redis(self) -> Redis[str]:
        """Return the Redis client."""
        return self.clients.redis

    def close(self) -> None:
        """Close every client."""
        if self.retrieval_cache is not None:
            self.retrieval_cache.redis.close()
        self.clients.close()


def serving_runtime(clients: Runtime) -> SearchRuntime:
    """Build the serving state on top of open clients (nothing loads until first asked)."""
    settings, factory, redis = clients.settings, clients.session_factory, clients.redis
    return SearchRuntime(
        clients=clients,
        retrieval_cache=make_retrieval_cache(settings),
        failover=Failover(),
        merch=PublishedMerch(factory, redis),
        merch_versions=MerchVersions(factory),
        ranker=ActiveModel(factory, redis),
        model_versions=ModelVersions(factory),
        experiments=RunningExperiments(factory, redis),
        clusters=ClusterCache(redis),
        suggestions=suggestions(factory),
        index_version=LiveIndexVersion(clients.es, factory, settings.products_alias),
    )


def build_runtime(settings: Settings, *, pool_size: int = 10) -> SearchRuntime:
    """Open the clients and build the serving runtime on them."""
    return serving_runtime(make_runtime(settings, pool_size=pool_size))


@contextmanager
def open_search_runtime(settings: Settings) -> Iterator[SearchRuntime]:
    """Build a serving runtime for a command, and close it at the end."""
    runtime = build_runtime(settings, pool_size=4)
    try:
        yield runtime
    finally:
        runtime.close()


def get_runtime(request: Request) -> SearchRuntime:
    """Return the app's serving runtime (built in its lifespan)."""
    runtime = request.app.state.runtime
    if not isinstance(runtime, SearchRuntime):
        raise RuntimeError("the app's lifespan has not built its serving runtime")
    return runtime


Serving = Annotated[SearchRuntime, Depends(get_runtime)]
