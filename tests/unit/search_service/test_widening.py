"""retrieval.candidates.widened with near matches: one rule, counted by the all-word matches."""

from __future__ import annotations

from typing import Any

from retrieval.candidates import count_only, widened
from retrieval.params import SearchParams
from retrieval.queries import ALL_WORDS_AGG, NEAR_LIMIT, search_body

Q = "fire proof insulation foam"


def answer(total: int, every: int | None) -> dict[str, Any]:
    """A raw answer matching `total` products, `every` of them holding every word."""
    raw: dict[str, Any] = {"hits": {"total": {"value": total}, "hits": []}}
    if every is not None:
        brand = {"doc_count": every, "values": {"buckets": []}}
        raw["aggregations"] = {
            ALL_WORDS_AGG: {"doc_count": every, "shown": {"doc_count": every}, "brand": brand}
        }
    return raw


def asks(answers: dict[tuple[bool, bool], dict[str, Any]]) -> tuple[list[tuple[bool, bool]], Any]:
    """Return the log of widening steps asked and a fetch answering each step."""
    log: list[tuple[bool, bool]] = []

    def request_for(relaxed: bool, typos: bool) -> dict[str, Any]:
        log.append((relaxed, typos))
        return {"step": (relaxed, typos)}

    def fetch(request: dict[str, Any]) -> dict[str, Any]:
        return answers[request["step"]]

    return log, (fetch, request_for)


def test_total_counts_every_word_matches_and_a_bounded_tail_of_near_ones() -> None:
    log, (fetch, request_for) = asks({(False, False): answer(40_000, 30)})
    found = widened(fetch, Q, request_for, fill=None)
    assert log == [(False, False)] and not found.relaxed
    assert found.total == 30 + NEAR_LIMIT
    # The facets are the all-word matches', lifted to where the response reads them.
    assert set(found.raw["aggregations"]) == {"brand"}


def test_few_products_with_every_word_widen_even_when_near_matches_are_many() -> None:
    log, (fetch, request_for) = asks(
        {(False, False): answer(500, 3), (True, True): answer(9_000, None)}
    )
    found = widened(fetch, Q, request_for, fill=None)
    assert log == [(False, False), (True, True)] and found.relaxed and found.total == 9_000


def test_a_page_the_every_word_matches_do_not_fill_asks_with_typos() -> None:
    log, (fetch, request_for) = asks(
        {(False, False): answer(500, 15), (False, True): answer(600, 20)}
    )
    found = widened(fetch, Q, request_for, fill=24)
    assert log == [(False, False), (False, True)] and found.total == 20 + NEAR_LIMIT


def test_a_training_window_keeps_the_count_without_facets() -> None:
    aggs = count_only(search_body(SearchParams(q=Q))["aggs"])
    assert set(aggs[ALL_WORDS_AGG]["aggs"]) == {"shown"}
    assert count_only(search_body(SearchParams(q="usb cable"))["aggs"]) == {}
