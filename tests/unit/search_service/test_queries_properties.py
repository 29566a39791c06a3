"""Property-based tests of the query builders: whatever the API accepts becomes a well-formed
Elasticsearch body; whatever it refuses is refused with the app's 4xx error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InvalidInputError
from merchandising.schemas import Boost
from retrieval.params import (
    Filters,
    SearchParams,
    Sort,
    check_depth,
    clean_query,
    clean_values,
    parse_price,
)
from retrieval.plan import Effects, QueryPlan, SynonymKind, Variant
from retrieval.queries import SORTS, search_body, suggest_body, text_query
from tests.unit.search_service.test_params_properties import PRICE_TEXT, TEXT

PROPERTIES = settings(
    max_examples=200, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
MAX_DEPTH = 1000
# Query types user text may reach: match-family only, never a query parser.
TEXT_QUERIES = {"multi_match", "match_phrase", "fuzzy", "term"}
FORBIDDEN = {"query_string", "simple_query_string", "script", "script_score", "regexp", "wildcard"}


def build(
    q: str,
    brands: list[str],
    types: list[str],
    price: str | None,
    min_rating: float | None,
    in_stock: bool | None,
    sort: Sort,
    page: int,
    size: int,
) -> SearchParams:
    """Validate raw parameters the way GET /api/search does."""
    check_depth(page, size, MAX_DEPTH)
    return SearchParams(
        q=clean_query(q),
        filters=Filters(
            brands=clean_values(brands, "brand"),
            types=clean_values(types, "type"),
            price=parse_price(price),
            min_rating=min_rating,
            in_stock=in_stock,
        ),
        sort=sort,
        page=page,
        size=size,
    )


RAW_REQUESTS = st.tuples(
    TEXT,
    st.lists(TEXT.filter(lambda t: len(t) < 250), max_size=4),
    st.lists(TEXT.filter(lambda t: len(t) < 250), max_size=4),
    st.one_of(st.none(), PRICE_TEXT),
    st.one_of(st.none(), st.floats(min_value=0, max_value=5)),
    st.one_of(st.none(), st.booleans()),
    st.sampled_from(Sort),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=1, max_value=100),
)


def walk(node: Any) -> list[str]:
    """Return every key of a nested body."""
    if isinstance(node, dict):
        return [k for key, value in node.items() for k in (key, *walk(value))]
    if isinstance(node, list):
        return [k for item in node for k in walk(item)]
    return []


def assert_well_formed(body: dict[str, Any]) -> None:
    """Check a search body is what Elasticsearch accepts: strict JSON and known parts only."""
    text = json.dumps(body, allow_nan=False)  # no NaN or Infinity: ES refuses them
    assert json.loads(text) == body
    assert not FORBIDDEN & set(walk(body))


@PROPERTIES
@given(RAW_REQUESTS)
def test_accepted_requests_build_well_formed_bodies(raw: tuple[Any, ...]) -> None:
    try:
        params = build(*raw)
    except InvalidInputError as exc:
        assert 400 <= exc.status_code < 500 and exc.loc and exc.message
        return
    for relaxed in (False, True):
        body = search_body(params, relaxed=relaxed, typos=not relaxed)
        assert_well_formed(body)
        assert body["from"] == params.offset and body["size"] == params.size
        assert body["from"] + body["size"] <= MAX_DEPTH
        assert body["post_filter"]["bool"]["filter"][0] == {"term": {"active": True}}
        assert set(body["aggs"]) == {"brand", "product_type", "price", "rating"}
        if params.q:
            assert body["sort"] == SORTS[params.sort]
        else:
            assert body["query"] == {"match_all": {}}


@PROPERTIES
@given(TEXT)
def test_text_reaches_only_match_family_queries(raw: str) -> None:
    try:
        q = clean_query(raw)
    except InvalidInputError:
        return
    if not q:
        return
    query = text_query(q)
    assert_well_formed(query)
    leaves = {key for key in walk(query) if key in TEXT_QUERIES | FORBIDDEN}
    assert leaves <= TEXT_QUERIES
    assert_well_formed(suggest_body(q))


VARIANTS = st.lists(
    st.builds(Variant, text=st.text(min_size=1, max_size=40), kind=st.sampled_from(SynonymKind)),
    max_size=3,
).map(tuple)
EFFECTS = st.builds(
    Effects,
    hidden=st.frozensets(st.integers(min_value=1, max_value=2**40), max_size=5),
    boosts=st.lists(
        st.builds(
            Boost,
            field=st.sampled_from(["brand", "product_type", "attribute"]),
            name=st.text(min_size=1, max_size=20),  # attribute boosts need one
            value=st.text(min_size=1, max_size=20),
            weight=st.integers(min_value=-5, max_value=5).filter(bool),
        ),
        max_size=3,
    ).map(tuple),
    filter_brands=st.lists(st.text(min_size=1, max_size=20), max_size=3).map(tuple),
    filter_types=st.lists(st.text(min_size=1, max_size=20), max_size=3).map(tuple),
)


@PROPERTIES
@given(RAW_REQUESTS, VARIANTS, EFFECTS)
def test_merchandising_keeps_bodies_well_formed(
    raw: tuple[Any, ...], variants: tuple[Variant, ...], effects: Effects
) -> None:
    try:
        params = build(*raw)
    except InvalidInputError:
        return
    body = search_body(params, plan=QueryPlan(variants=variants, effects=effects))
    assert_well_formed(body)


@pytest.mark.parametrize("price", ["1-" + "9" * 400, "9" * 309 + "-", "0-1e5", "--", ".-."])
def test_prices_that_once_reached_elasticsearch_as_infinity_are_refused(price: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_price(price)
