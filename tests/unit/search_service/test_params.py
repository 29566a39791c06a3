from decimal import Decimal

import pytest

from core.errors import InvalidInputError
from retrieval.params import check_depth, clean_query, clean_values, parse_price


def test_clean_query_collapses_whitespace() -> None:
    assert clean_query("  usb   c  cable ") == "usb c cable"


@pytest.mark.parametrize("q", ["x" * 513, "a\x00b", "()*~^", '"+-"'])
def test_clean_query_refuses_bad_text(q: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        clean_query(q)
    assert info.value.loc == ("query", "q")


def test_syntax_characters_inside_words_are_plain_text() -> None:
    assert clean_query('title:laptop AND (hp OR "dell")~2') == 'title:laptop AND (hp OR "dell")~2'


@pytest.mark.parametrize(
    ("raw", "low", "high"),
    [
        ("10-100", "10", "100"),
        ("-50", None, "50"),
        ("500-", "500", None),
        ("9.99-19.5", "9.99", "19.5"),
    ],
)
def test_parse_price_accepts_open_ranges(raw: str, low: str | None, high: str | None) -> None:
    price = parse_price(raw)
    assert price is not None
    assert price.low == (Decimal(low) if low else None)
    assert price.high == (Decimal(high) if high else None)


@pytest.mark.parametrize("raw", ["abc", "10", "-", "100-10", "1-2-3", "1..2-3", "-5-10"])
def test_parse_price_refuses_malformed_ranges(raw: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_price(raw)
    assert "price" in info.value.message


def test_clean_values_dedupes_and_refuses_empty() -> None:
    assert clean_values(["HP", " HP ", "Dell"], "brand") == ("HP", "Dell")
    with pytest.raises(InvalidInputError):
        clean_values([""], "brand")


def test_check_depth_refuses_deep_pages() -> None:
    check_depth(10, 100, 1000)
    with pytest.raises(InvalidInputError):
        check_depth(11, 100, 1000)
