"""The one stock rule: wording, low-stock threshold, cart limit and refusal sentences."""

from __future__ import annotations

import pytest

from catalog.stock import LOW_STOCK, MAX_QUANTITY, label_for, max_quantity, shortage, stock_label


@pytest.mark.parametrize(
    ("stock", "label"),
    [
        (None, "In stock"),
        (0, "Out of stock"),
        (1, "Only 1 left"),
        (LOW_STOCK, f"Only {LOW_STOCK} left"),
        (LOW_STOCK + 1, "In stock"),
        (10_000, "In stock"),
    ],
)
def test_stock_label_says_only_n_left_when_low(stock: int | None, label: str) -> None:
    assert stock_label(stock) == label


def test_a_search_document_gets_the_same_wording() -> None:
    assert label_for(True, 2) == stock_label(2)
    assert label_for(True, None) == stock_label(50)
    assert label_for(False, None) == stock_label(0)


def test_max_quantity_is_the_stock_within_the_cart_limit() -> None:
    assert max_quantity(None) == MAX_QUANTITY
    assert max_quantity(3) == 3
    assert max_quantity(0) == 0
    assert max_quantity(500) == MAX_QUANTITY


def test_shortage_is_a_sentence_naming_the_product_and_what_is_left() -> None:
    assert shortage("Lamp", 1, 1) is None
    assert shortage("Lamp", None, 99) is None
    assert shortage("Lamp", 1, 2) == "Only 1 of Lamp is left, so you can buy at most 1."
    assert shortage("Lamp", 3, 4) == "Only 3 of Lamp are left, so you can buy at most 3."
    assert shortage("Lamp", 0, 1) == "Lamp is out of stock."
