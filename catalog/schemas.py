"""Pydantic shapes of a product as importers produce it and the API returns it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import ConfigDict, Field, field_validator

from catalog.stock import MAX_QUANTITY, available, stock_label, stock_left
from core.links import is_web_address, web_address_or_none
from core.schemas import ApiModel

JsonScalar = str | int | float | bool
# The largest value of a Postgres `integer` column (stock, review_count).
PG_INT_MAX = 2**31 - 1

__all__ = ["available"]  # re-exported: the shop and indexer read the rule from here too


class ProductIn(ApiModel):
    """One product as an importer or generator hands it to the catalog service."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    sku: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=500)
    description: str | None = Field(default=None, max_length=20_000)
    brand: str | None = Field(default=None, max_length=200)
    product_type: str | None = Field(default=None, max_length=200)
    # True when the type was learned from the catalog's titles (catalog.learning), not given:
    # it then groups products for facets and features but is not taken as a shopper's intent.
    type_learned: bool = False
    price: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    currency: str = Field(default="EUR", min_length=3, max_length=3)
    rating: float | None = Field(default=None, ge=0, le=5)
    review_count: int = Field(default=0, ge=0, le=PG_INT_MAX)
    # None: the catalog does not track stock, so the product is always available.
    stock: int | None = Field(default=None, ge=0, le=PG_INT_MAX)
    attributes: dict[str, JsonScalar] = Field(default_factory=dict)
    image_url: str | None = Field(default=None, max_length=2000)
    release_date: date | None = None
    active: bool = True

    @field_validator("currency")
    @classmethod
    def _upper_currency(cls, value: str) -> str:
        """Store ISO currency codes upper-case."""
        return value.upper()

    @field_validator("image_url")
    @classmethod
    def _web_image(cls, value: str | None) -> str | None:
        """Refuse an image address that is not http(s) ("javascript:", "data:", a path)."""
        return checked_image(value)


class ProductRead(ProductIn):
    """A stored product, with its database identity and bookkeeping."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    created_at: datetime
    updated_at: datetime
    in_stock: bool

    @field_validator("image_url", mode="before")
    @classmethod
    def _shown_image(cls, value: object) -> object:
        """Show no image for a row stored before images had to be http(s)."""
        return web_address_or_none(value) if isinstance(value, str) else value

    @classmethod
    def from_row(cls, row: Any) -> ProductRead:
        """Build from a SQLAlchemy ``Product`` row."""
        return cls.model_validate(row)


def checked_image(value: str | None) -> str | None:
    """Return an http(s) image address, or raise the error that names the rule."""
    if value is not None and not is_web_address(value):
        raise ValueError("must be an absolute http(s) URL, not javascript:, data: or a path")
    return value


class RowError(ApiModel):
    """A source row that was skipped, with where it was and why."""

    position: str
    reason: str


class ProductUpdate(ApiModel):
    """Fields a merchandiser may change on a product; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=500)
    description: str | None = Field(default=None, max_length=20_000)
    brand: str | None = Field(default=None, max_length=200)
    product_type: str | None = Field(default=None, max_length=200)
    price: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    stock: int | None = Field(default=None, ge=0, le=PG_INT_MAX)
    image_url: str | None = Field(default=None, max_length=2000)
    active: bool | None = None

    @field_validator("image_url")
    @classmethod
    def _web_image(cls, value: str | None) -> str | None:
        """Refuse an image address that is not http(s) ("javascript:", "data:", a path)."""
        return checked_image(value)


class CartQuantity(ApiModel):
    """How many of a product the cart should hold (0 removes it)."""

    model_config = ConfigDict(extra="forbid")

    quantity: int = Field(ge=0, le=MAX_QUANTITY)


class CartLine(ApiModel):
    """One product in a cart, at today's price."""

    product_id: int
    title: str
    brand: str | None
    image_url: str | None
    price: Decimal | None
    currency: str
    quantity: int
    line_total: Decimal
    in_stock: bool = Field(description="True when the line's whole quantity can be bought")
    stock_label: str = Field(description='"In stock", "Only N left" or "Out of stock"')
    max_quantity: int = Field(description="The most this line may hold now (stock and limit)")
    problem: str | None = Field(
        description="Why this line cannot be ordered as it is (a sentence), or null"
    )


class CartRead(ApiModel):
    """A cart with its totals."""

    items: list[CartLine]
    item_count: int
    total: Decimal
    currency: str
    checkout_blocked: str | None = Field(
        description="Why the cart cannot be ordered now (a sentence), or null when it can"
    )


class ReviewedLine(ApiModel):
    """One line as the review showed it."""

    model_config = ConfigDict(extra="forbid")

    product_id: int = Field(ge=1, le=PG_INT_MAX)
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class OrderRequest(ApiModel):
    """What the shopper reviewed: the order is refused if the cart no longer matches it."""

    model_config = ConfigDict(extra="forbid")

    lines: list[ReviewedLine] | None = Field(
        default=None, max_length=500, description="The lines reviewed; null: not checked"
    )
    total: Decimal | None = Field(
        default=None,
        ge=0,
        max_digits=14,
        decimal_places=2,
        description="The total reviewed; null: not checked",
    )


class OrderLine(ApiModel):
    """One line of an order."""

    product_id: int
    title: str
    price: Decimal
    quantity: int
    line_total: Decimal


class OrderRead(ApiModel):
    """A placed order."""

    id: int
    status: str
    created_at: datetime
    items: list[OrderLine]
    total: Decimal
    currency: str


class ProductSummary(ApiModel):
    """A product as a result card or a recommendation shows it."""

    product_id: int
    sku: str
    title: str
    brand: str | None
    product_type: str | None
    price: float | None
    currency: str
    rating: float | None
    review_count: int
    in_stock: bool
    stock_left: int | None = Field(
        description="Units left when few (at most catalog.stock.LOW_STOCK), else null"
    )
    stock_label: str = Field(description='"In stock", "Only N left" or "Out of stock"')
    image_url: str | None

    @classmethod
    def from_product(cls, product: Any) -> ProductSummary:
        """Build from a `catalog.models.Product` row."""
        return ProductSummary(**cls.summary_fields(product))

    @classmethod
    def summary_fields(cls, product: Any) -> dict[str, Any]:
        """Return the summary fields of a `catalog.models.Product` row."""
        return {
            "product_id": product.id,
            "sku": product.sku,
            "title": product.title,
            "brand": product.brand,
            "product_type": product.product_type,
            "price": float(product.price) if product.price is not None else None,
            "currency": product.currency,
            "rating": product.rating,
            "review_count": product.review_count,
            "in_stock": available(product.stock),
            "stock_left": stock_left(product.stock),
            "stock_label": stock_label(product.stock),
            "image_url": web_address_or_none(product.image_url),
        }
