"""serve(): the search use case with a fake Elasticsearch and fake runtime parts, no cluster."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest
from elastic_transport import ConnectionError as TransportConnectionError

from accounts.identity import Identity
from analytics.experiments.interleave import NO_TEAM, TEAM_A, TEAM_B
from analytics.experiments.models import Mode
from analytics.experiments.schemas import Arm, Ranking
from analytics.experiments.serving import Running
from core.refreshing import Fixed
from core.settings import Settings
from merchandising.compiled import EMPTY
from ranking.rerank import Reranker
from retrieval.params import Filters, SearchParams
from retrieval.queries import EXACT_CLAUSE
from search_service.failover import Failover
from search_service.runtime import SearchRuntime
from search_service.schemas import SearchResponse
from search_service.serving import SearchRequest, serve
from search_service.suggest import SuggestionIndex

WINDOW = 30  # above FEW_MATCHES: the exact words fill the window, no widening


def hit(product_id: int) -> dict[str, Any]:
    """One Elasticsearch hit, as the window query returns it."""
    return {
        "_id": str(product_id),
        "_score": float(100 - product_id),
        "matched_queries": {EXACT_CLAUSE: 1.0},
        "_source": {
            "product_id": product_id,
            "sku": f"SKU-{product_id}",
            "title": f"Laptop {product_id}",
            "price": 10.0 * product_id,
            "in_stock": True,
        },
    }


class FakeEs:
    """Answers every search with the same window, in product id order; or is down."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.down = False
        self.empty = False

    def search(self, *, index: str, **request: Any) -> SimpleNamespace:
        if self.down:
            raise TransportConnectionError("connection refused")
        self.requests.append(request)
        if self.empty:
            return SimpleNamespace(body={"hits": {"total": {"value": 0}, "hits": []}})
        start = int(request.get("from", 0))
        hits = [hit(n) for n in range(1, WINDOW + 1)][start : start + int(request.get("size", 10))]
        return SimpleNamespace(body={"hits": {"total": {"value": WINDOW}, "hits": hits}})


class FakeRedis:
    """No shopper has a profile."""

    def pipeline(self) -> FakeRedis:
        return self

    def hgetall(self, _key: str) -> dict[str, str]:
        return {}

    def lrange(self, _key: str, _start: int, _end: int) -> list[str]:
        return []

    def execute(self) -> list[Any]:
        return [{}, [], [], []]


class Reversing(Reranker):
    """A "model" that puts the window in reverse order (no XGBoost needed)."""

    def order(
        self, hits: Any, q: str, *, explain: bool = False, context: Any = None
    ) -> list[dict[str, Any]]:
        ordered = list(reversed(list(hits)))
        return [{**h, "_score": float(len(ordered) - i)} for i, h in enumerate(ordered)]


class Versions:
    """Stored versions by number."""

    def __init__(self, found: dict[int, Any]) -> None:
        self.found = found

    def get(self, version: int, /) -> Any:
        return self.found.get(version)


class NoSegments:
    def view(self, owner: str, profile: Any) -> None:
        return None


def runtime(
    es: FakeEs, *, model: Reranker | None = None, running: tuple[Running, ...] = ()
) -> SearchRuntime:
    """A serving runtime of fakes: no Postgres, Redis or Elasticsearch behind it."""
    clients = SimpleNamespace(
        settings=Settings(_env_file=None),  # type: ignore[call-arg]
        es=es,
        redis=FakeRedis(),
        session_factory=lambda: pytest.fail("serve must not touch Postgres here"),
    )
    return SearchRuntime(
        clients=cast(Any, clients),
        retrieval_cache=None,
        failover=Failover(),
        merch=Fixed(EMPTY),
        merch_versions=Versions({}),
        ranker=cast(Any, SimpleNamespace(get=lambda: model, current=model)),
        model_versions=Versions({model.model_id: model} if model else {}),
        experiments=Fixed(running),
        clusters=NoSegments(),
        suggestions=Fixed(SuggestionIndex()),
        index_version=Fixed(None),
    )


def laptops(**kw: Any) -> SearchRequest:
    return SearchRequest(SearchParams(q="laptop", filters=Filters(), size=5), **kw)


CALLER = Identity(anonymous_id="anon-1")


def test_without_a_model_bm25_serves_and_the_record_says_so() -> None:
    es = FakeEs()
    response, record = serve(runtime(es), CALLER, laptops())
    assert response.ranking == "bm25" and response.total == WINDOW
    assert record.product_ids == [1, 2, 3, 4, 5] == [h.product_id for h in response.results]
    assert record.query_id == response.query_id and record.variant == "bm25"
    assert record.anonymous_id == "anon-1" and record.teams is None and record.arm is None
    assert record.latency_ms is not None and record.latency_ms >= 0


def test_the_active_model_orders_the_window() -> None:
    model = Reversing(model_id=7, model=cast(Any, None))
    response, record = serve(runtime(FakeEs(), model=model), CALLER, laptops())
    assert response.ranking == "ltr:7" == record.variant
    assert record.product_ids == [30, 29, 28, 27, 26]
    bm25, _ = serve(runtime(FakeEs(), model=model), CALLER, laptops(ranking="bm25"))
    assert bm25.ranking == "bm25"


def test_an_empty_window_is_the_whole_answer() -> None:
    es = FakeEs()
    es.empty = True
    model = Reversing(model_id=7, model=cast(Any, None))
    response, record = serve(runtime(es, model=model), CALLER, laptops())
    assert response.total == 0 and response.ranking == "bm25" == record.variant
    # Strict, then widened window, then the spelling suggestion: no BM25 page asked again.
    assert len(es.requests) == 3 and "suggest" in es.requests[2]


def test_an_interleaving_returns_its_teams_with_the_page() -> None:
    model = Reversing(model_id=7, model=cast(Any, None))
    running = Running(
        id=3,
        mode=Mode.INTERLEAVE,
        bucket_start=0,
        traffic_percent=100,
        arms=(
            Arm(name="bm25", ranking=Ranking.BM25),
            Arm(name="model", ranking=Ranking.LTR, model_id=7),
        ),
    )
    response, record = serve(runtime(FakeEs(), model=model, running=(running,)), CALLER, laptops())
    assert response.ranking == "interleave:3" == record.variant
    assert record.experiment_id == 3 and record.arm == "interleaved"
    assert record.teams is not None and len(record.teams) == 5
    assert set(record.teams) <= {TEAM_A, TEAM_B} and NO_TEAM not in record.teams
    # Team A (BM25) picks from the front of the window, team B (reversed) from the back.
    for product_id, team in zip(record.product_ids, record.teams, strict=True):
        assert (product_id <= 15) == (team == TEAM_A)


def test_while_elasticsearch_is_away_the_fallback_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    es = FakeEs()
    es.down = True
    fallback = SearchResponse(
        query_id="q-1",
        query="laptop",
        total=0,
        page=1,
        size=5,
        took_ms=1,
        ranking="fallback",
        results=[],
        facets={},
    )
    monkeypatch.setattr("search_service.serving.fallback_search", lambda _f, _p: fallback)
    response, record = serve(runtime(es), CALLER, laptops())
    assert response is fallback and record.variant == "fallback" and record.teams is None
