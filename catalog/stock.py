"""The one stock rule: what a shopper is told about availability, and how many they may buy.

Every surface (product page, cart, shelves, checkout refusals) takes its wording from here, so
the product page can never say "In stock" while the cart says "Out of stock" for the same
units. Untracked stock (None) never runs out and is never "low".
"""

from __future__ import annotations

# At or below this many units the shopper is told the exact count ("Only 3 left"): few enough
# that it changes whether to buy now; above it the exact count is a warehouse detail.
LOW_STOCK = 5
# The most of one product a cart line may hold (the cart's own limit, stock aside).
MAX_QUANTITY = 99


def available(stock: int | None, quantity: int = 1) -> bool:
    """Say whether this many units can be sold: untracked stock (None) never runs out."""
    return stock is None or stock >= quantity


def stock_left(stock: int | None) -> int | None:
    """Return the units left when they are few (1..LOW_STOCK), else None."""
    return stock if stock is not None and 0 < stock <= LOW_STOCK else None


def stock_label(stock: int | None) -> str:
    """Return "In stock", "Only N left" or "Out of stock"."""
    if not available(stock):
        return "Out of stock"
    left = stock_left(stock)
    return f"Only {left} left" if left is not None else "In stock"


def label_for(in_stock: bool, left: int | None) -> str:
    """Return the same wording from a search document's in_stock flag and low count."""
    if not in_stock:
        return "Out of stock"
    return f"Only {left} left" if left is not None else "In stock"


def max_quantity(stock: int | None) -> int:
    """Return how many a cart line may hold now: the stock, within the cart's own limit."""
    return MAX_QUANTITY if stock is None else min(stock, MAX_QUANTITY)


def shortage(title: str, stock: int | None, quantity: int) -> str | None:
    """Say, as a sentence, why `quantity` of a product cannot be bought; None when it can."""
    if available(stock, quantity):
        return None
    if not stock:
        return f"{title} is out of stock."
    verb = "is" if stock == 1 else "are"
    return f"Only {stock} of {title} {verb} left, so you can buy at most {stock}."
