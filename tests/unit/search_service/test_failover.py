"""Failing over from Elasticsearch to the Postgres fallback, and back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from elasticsearch import BadRequestError, ConnectionError

from search_service.failover import Failover, es_unavailable
from search_service.fallback import DOCUMENT_SQL, tsquery_text
from search_service.schemas import SearchResponse
from tests.unit.indexer.test_retry import api_error

MIGRATION = Path(__file__).parents[3] / "core/migrations/versions/0009_products_fulltext.py"


def answer(ranking: str) -> SearchResponse:
    return SearchResponse(
        query_id="q",
        query="x",
        total=0,
        page=1,
        size=1,
        took_ms=0,
        ranking=ranking,
        results=[],
        facets={},
    )


class Primary:
    """An Elasticsearch stand-in that fails while told to."""

    def __init__(self) -> None:
        self.calls = 0
        self.error: Exception | None = None

    def __call__(self) -> SearchResponse:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return answer("bm25")


def test_a_dead_elasticsearch_is_skipped_for_a_cool_down_then_tried_again() -> None:
    failover, primary = Failover(cooldown_s=0.05), Primary()
    assert failover.run(primary, lambda: answer("fallback")).ranking == "bm25"
    primary.error = ConnectionError("refused")
    assert failover.run(primary, lambda: answer("fallback")).ranking == "fallback"
    assert failover.tripped and primary.calls == 2
    assert failover.run(primary, lambda: answer("fallback")).ranking == "fallback"
    assert primary.calls == 2  # not asked during the cool-down
    time.sleep(0.06)
    primary.error = None
    assert failover.run(primary, lambda: answer("fallback")).ranking == "bm25"
    assert not failover.tripped


def test_a_bad_request_is_not_an_outage() -> None:
    primary = Primary()
    primary.error = BadRequestError(message="bad", meta=api_error(400).meta, body={})
    with pytest.raises(BadRequestError):
        Failover().run(primary, lambda: answer("fallback"))
    assert not es_unavailable(api_error(400))
    assert es_unavailable(api_error(503)) and es_unavailable(api_error(429))


def test_when_the_fallback_fails_too_the_elasticsearch_error_is_raised() -> None:
    primary = Primary()
    primary.error = ConnectionError("refused")

    def broken() -> SearchResponse:
        raise RuntimeError("postgres is gone too")

    with pytest.raises(ConnectionError):
        Failover().run(primary, broken)


def test_fallback_words_match_by_prefix_and_drop_syntax() -> None:
    assert tsquery_text("Lapt 15.6'' (i7)!", any_word=False) == "lapt:* & 15:* & 6:* & i7:*"
    assert tsquery_text("usb hub", any_word=True) == "usb:* | hub:*"
    assert tsquery_text("&|!:*()", any_word=False) is None


def test_the_migration_indexes_exactly_the_fallback_document() -> None:
    namespace: dict[str, object] = {}
    exec(compile(MIGRATION.read_text(), str(MIGRATION), "exec"), namespace)
    assert namespace["DOCUMENT_SQL"] == DOCUMENT_SQL
