"""Search parameters: parsing and validation of what a shopper's browser sends."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from core.errors import InvalidInputError

MAX_QUERY_LENGTH = 512
MAX_FILTER_VALUES = 50
# Above any price the catalog can hold (12 digits, 2 decimals); a bound beyond it is a typo or
# a probe, and a number past float range would reach Elasticsearch as "Infinity".
MAX_PRICE = Decimal("10000000000")
PRICE_RANGE = re.compile(r"^\s*(?P<low>[0-9]*\.?[0-9]*)\s*-\s*(?P<high>[0-9]*\.?[0-9]*)\s*$")
# Text a search can work with: some letter or digit. A query of only syntax characters
# ("()*~^") cannot mean anything and is refused rather than silently matching everything.
HAS_WORD = re.compile(r"[^\W_]", re.UNICODE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Sort(StrEnum):
    """The orders a shopper can pick."""

    RELEVANCE = "relevance"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    RATING = "rating"
    NEWEST = "newest"
    POPULAR = "popular"


@dataclass(frozen=True)
class PriceRange:
    """An inclusive price range; either end may be open."""

    low: Decimal | None = None
    high: Decimal | None = None


@dataclass(frozen=True)
class Filters:
    """Filters narrowing a search; empty means no filter."""

    brands: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    price: PriceRange | None = None
    min_rating: float | None = None
    in_stock: bool | None = None


@dataclass(frozen=True)
class SearchParams:
    """A validated search request."""

    q: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    size: int = 24

    def filters_record(self) -> dict[str, object]:
        """Return the filters as JSON-ready values, leaving out the unset ones."""
        found = self.filters
        record: dict[str, object] = {
            "brand": list(found.brands),
            "type": list(found.types),
            "min_rating": found.min_rating,
            "in_stock": found.in_stock,
        }
        if found.price is not None:
            record["price"] = [
                None if found.price.low is None else str(found.price.low),
                None if found.price.high is None else str(found.price.high),
            ]
        return {key: value for key, value in record.items() if value not in (None, [])}

    @property
    def offset(self) -> int:
        """Return the index of the first hit of the page."""
        return (self.page - 1) * self.size


def clean_query(raw: str) -> str:
    """Return the query text trimmed, or raise naming what is wrong with it."""
    if len(raw) > MAX_QUERY_LENGTH:
        raise InvalidInputError(
            f"q is {len(raw)} characters long; the maximum is {MAX_QUERY_LENGTH}",
            loc=("query", "q"),
        )
    if CONTROL.search(raw):
        raise InvalidInputError("q contains control characters", loc=("query", "q"))
    text = " ".join(raw.split())
    if text and not HAS_WORD.search(text):
        raise InvalidInputError(
            "q has no letters or digits to search for (search syntax characters are not "
            "supported; type plain words)",
            loc=("query", "q"),
        )
    return text


def parse_price(raw: str | None) -> PriceRange | None:
    """Parse 'LOW-HIGH' (either side optional) or raise naming the mistake."""
    if raw is None or raw.strip() == "":
        return None
    match = PRICE_RANGE.match(raw)
    if match is None or not (match["low"] or match["high"]):
        raise InvalidInputError(
            f"price {raw!r} is not a range like '10-100', '-50' or '500-'", loc=("query", "price")
        )
    try:
        low = Decimal(match["low"]) if match["low"] else None
        high = Decimal(match["high"]) if match["high"] else None
    except InvalidOperation as exc:
        raise InvalidInputError(
            f"price {raw!r} has a malformed number", loc=("query", "price")
        ) from exc
    if any(bound is not None and bound > MAX_PRICE for bound in (low, high)):
        raise InvalidInputError(
            f"price {raw!r} goes above {MAX_PRICE}; leave a side empty for no limit",
            loc=("query", "price"),
        )
    if low is not None and high is not None and low > high:
        raise InvalidInputError(
            f"price range {raw!r} starts above where it ends", loc=("query", "price")
        )
    return PriceRange(low, high)


def clean_values(values: list[str], name: str) -> tuple[str, ...]:
    """Return distinct, trimmed filter values, refusing empty or too many."""
    if len(values) > MAX_FILTER_VALUES:
        raise InvalidInputError(
            f"{name} has {len(values)} values; at most {MAX_FILTER_VALUES} are allowed",
            loc=("query", name),
        )
    cleaned = tuple(dict.fromkeys(v.strip() for v in values))
    if any(not v or len(v) > 200 or CONTROL.search(v) for v in cleaned):
        raise InvalidInputError(f"{name} has an empty or invalid value", loc=("query", name))
    return cleaned


def check_depth(page: int, size: int, max_depth: int) -> None:
    """Refuse pages beyond the deepest result a search may reach."""
    if page * size > max_depth:
        raise InvalidInputError(
            f"page {page} of size {size} reaches result {page * size}; "
            f"results beyond {max_depth} are not served, refine the search instead",
            loc=("query", "page"),
        )
