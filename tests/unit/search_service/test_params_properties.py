"""Property-based tests of search parameter parsing: any input is either cleaned or refused
with the app's 4xx error (InvalidInputError), never another exception."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InvalidInputError
from retrieval.params import (
    CONTROL,
    HAS_WORD,
    MAX_FILTER_VALUES,
    MAX_PRICE,
    MAX_QUERY_LENGTH,
    PriceRange,
    SearchParams,
    check_depth,
    clean_query,
    clean_values,
    parse_price,
)

# Derandomized: the same examples on every run, so CI is reproducible.
PROPERTIES = settings(
    max_examples=300, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
# Text as browsers send it, with the awkward parts over-represented: controls, NUL, syntax
# characters, whitespace of every kind, combining marks, surrogates excluded (not valid UTF-8).
AWKWARD = st.sampled_from(list("\x00\x01\x1f\x7f\t\n\r \u00a0\u2003()*~^\"'\\:-_/.,+&|!"))
TEXT = st.text(
    alphabet=st.one_of(AWKWARD, st.characters(codec="utf-8")), max_size=MAX_QUERY_LENGTH + 20
)
PRICE_TEXT = st.one_of(
    TEXT,
    st.from_regex(r"\A\s*[0-9.]{0,400}\s*-\s*[0-9.]{0,400}\s*\Z"),
    st.builds(
        "{}-{}".format,
        st.one_of(st.just(""), st.decimals(allow_nan=False, allow_infinity=False).map(str)),
        st.one_of(st.just(""), st.decimals(allow_nan=False, allow_infinity=False).map(str)),
    ),
)


def refused_or(function, *args):  # type: ignore[no-untyped-def]
    """Return the function's result, or None if it refused the input with InvalidInputError."""
    try:
        return function(*args)
    except InvalidInputError as exc:
        assert exc.status_code == 422 and exc.loc[0] == "query" and exc.message
        return None


@PROPERTIES
@given(TEXT)
def test_clean_query_cleans_or_refuses(raw: str) -> None:
    cleaned = refused_or(clean_query, raw)
    if cleaned is None:
        return
    assert len(cleaned) <= MAX_QUERY_LENGTH
    assert not CONTROL.search(cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert cleaned == "" or HAS_WORD.search(cleaned)
    assert clean_query(cleaned) == cleaned  # idempotent


@PROPERTIES
@given(st.lists(TEXT.filter(lambda t: len(t) < 260), max_size=MAX_FILTER_VALUES + 5))
def test_clean_values_cleans_or_refuses(values: list[str]) -> None:
    cleaned = refused_or(clean_values, values, "brand")
    if cleaned is None:
        return
    assert len(cleaned) <= MAX_FILTER_VALUES
    assert len(set(cleaned)) == len(cleaned)
    assert all(v and v == v.strip() and len(v) <= 200 and not CONTROL.search(v) for v in cleaned)
    assert list(cleaned) == list(dict.fromkeys(v.strip() for v in values))  # order kept


@PROPERTIES
@given(PRICE_TEXT)
def test_parse_price_parses_or_refuses(raw: str) -> None:
    found = refused_or(parse_price, raw)
    if found is None:
        return
    assert isinstance(found, PriceRange)
    bounds = [b for b in (found.low, found.high) if b is not None]
    assert bounds, "a range has at least one end"
    for bound in bounds:
        assert Decimal(0) <= bound <= MAX_PRICE
        assert math.isfinite(float(bound))
    if found.low is not None and found.high is not None:
        assert found.low <= found.high


@PROPERTIES
@given(
    st.decimals(min_value=0, max_value=MAX_PRICE, places=2),
    st.decimals(min_value=0, max_value=MAX_PRICE, places=2),
)
def test_parse_price_reads_back_what_it_was_given(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert parse_price(f"{low}-{high}") == PriceRange(low, high)
    assert parse_price(f" {low} - ") == PriceRange(low, None)
    assert parse_price(f"-{high}") == PriceRange(None, high)


@PROPERTIES
@given(st.decimals(min_value=MAX_PRICE + Decimal("0.01"), allow_nan=False, allow_infinity=False))
def test_parse_price_refuses_bounds_beyond_any_price(too_high: Decimal) -> None:
    text = format(too_high, "f")
    with pytest.raises(InvalidInputError, match="goes above"):
        parse_price(f"0-{text}")


@PROPERTIES
@given(st.integers(min_value=1, max_value=10**30), st.integers(min_value=1, max_value=100))
def test_check_depth_refuses_exactly_the_pages_beyond_the_limit(page: int, size: int) -> None:
    deep = page * size > 1000
    if deep:
        with pytest.raises(InvalidInputError):
            check_depth(page, size, 1000)
    else:
        check_depth(page, size, 1000)
        assert SearchParams(page=page, size=size).offset + size <= 1000


@PROPERTIES
@given(st.integers(min_value=1, max_value=1000), st.integers(min_value=1, max_value=100))
def test_offset_is_the_first_hit_of_the_page(page: int, size: int) -> None:
    assert SearchParams(page=page, size=size).offset == (page - 1) * size
