"""The search use case: one shopper's request in, the response and the record to log out.

`serve` is synchronous and blocking (Elasticsearch, Postgres, Redis): the route calls it in
one thread hop. It chooses the ranking (the active model, BM25, or an experiment's arm),
applies the published merchandising (or the arm's version), searches Elasticsearch and,
while Elasticsearch is away, Postgres's fallback, and returns the served record with the
interleaving teams when an interleaving ranked the page. Recording it is the caller's step,
so a test can serve without a database.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from accounts.identity import Identity
from analytics.experiments.interleave import teams_of
from behaviour.served import ServedRecord
from ranking.context import feature_context
from retrieval.cache import cache_scope
from retrieval.params import SearchParams
from search_service.fallback import fallback_search
from search_service.ranking_choice import RankingChoice, choose
from search_service.runtime import SearchRuntime
from search_service.schemas import SearchResponse
from search_service.search import Searched, search_ranked


@dataclass(frozen=True)
class SearchRequest:
    """What the shopper asked: cleaned parameters, the ranking wanted, explanations or not."""

    params: SearchParams
    ranking: Literal["auto", "bm25"] = "auto"
    explain: bool = False
    started: float | None = None  # time.perf_counter() when the request arrived


def serve(
    runtime: SearchRuntime, caller: Identity, request: SearchRequest
) -> tuple[SearchResponse, ServedRecord]:
    """Answer one search and return the response with the record of what was served."""
    started = time.perf_counter() if request.started is None else request.started
    params = request.params
    filters = params.filters_record()
    choice = choose(
        runtime,
        caller,
        bm25=request.ranking == "bm25",
        explain=request.explain,
        seed=f"{caller.history_key}|{params.q}|{filters}",
    )
    searched = runtime.failover.run(
        lambda: _search(runtime, request, choice),
        lambda: Searched(fallback_search(runtime.session_factory, params)),
    )
    response = searched.response
    shown = [hit.product_id for hit in response.results]
    assignment = choice.assignment
    record = ServedRecord(
        query_id=response.query_id,
        query=params.q,
        filters=filters,
        sort=params.sort.value,
        offset=params.offset,
        total=response.total,
        product_ids=shown,
        user_id=caller.user_id,
        anonymous_id=caller.anonymous_id,
        variant=response.ranking,
        merch_version=response.merch_version,
        latency_ms=round((time.perf_counter() - started) * 1000),
        experiment_id=assignment.experiment.id if assignment else None,
        arm=assignment.label if assignment else None,
        teams=teams_of(searched.teams, shown) if searched.teams is not None else None,
    )
    return response, record


def _search(runtime: SearchRuntime, request: SearchRequest, choice: RankingChoice) -> Searched:
    """Search Elasticsearch with the chosen ranking and merchandising."""
    merch = choice.merch if choice.merch is not None else runtime.merch.get()
    context = feature_context(
        request.params,
        at=datetime.now(UTC),
        merch=merch,
        profile=choice.profile,
        redis=runtime.redis,
    )
    plan = context.plan
    ranked_by = choice.ranker.name if choice.ranker else "bm25"
    return search_ranked(
        runtime.es,
        runtime.settings.products_alias,
        request.params,
        choice.ranker,
        explain=request.explain,
        context=context,
        plan=plan,
        cache=cache_scope(runtime.retrieval_cache, runtime.index_version, plan.version, ranked_by),
    )
