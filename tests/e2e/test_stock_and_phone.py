"""Honest stock and the phone layout in headless Chromium: the product page and cart say the same
thing about stock, checkout waits for a cart that can be ordered, the review step places exactly
what was reviewed, and neither page is wider than a 390 px phone."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, make_user, reset_accounts

PHONE = {"width": 390, "height": 844}
# A part-number list with no space to break at: it must wrap, not widen the page.
LONG_VALUE = "HP-" + "X" * 140


@pytest.fixture()
def product(engine: Engine, redis_client: Redis, indexed_catalog: int) -> dict[str, object]:
    """A priced product with two left, a description, a weight in grams and a long spec value."""
    reset_accounts(engine)
    redis_client.flushdb()
    extra = {"compatible_products": LONG_VALUE, "weight": 17300, "wi_fi": True}
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE orders, order_items"))
        row = connection.execute(
            text(
                "UPDATE products SET stock = 2, review_count = 0,"
                " description = 'A sturdy thing.\n\nIt lasts.',"
                " attributes = attributes || CAST(:extra AS jsonb)"
                " WHERE id = (SELECT min(id) FROM products WHERE price IS NOT NULL AND active)"
                " RETURNING id, title"
            ),
            {"extra": json.dumps(extra)},
        ).one()
    return {"id": row.id, "title": row.title}


def set_stock(engine: Engine, product_id: object, stock: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE products SET stock = :s WHERE id = :id"), {"s": stock, "id": product_id}
        )


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))


def test_stock_is_told_the_same_way_and_checkout_waits_for_it(
    open_page: Callable[[], Page],
    product: dict[str, object],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user(session_factory, settings, "dana@example.com")
    page = open_page()
    sign_in(page, "dana@example.com")

    # The product page: "Only 2 left", a quantity capped at 2, readable specs, no "(0)" stars.
    page.goto(f"/product/{product['id']}")
    info = page.get_by_test_id("product")
    expect(info.get_by_test_id("stock")).to_have_text("Only 2 left")
    expect(info.get_by_label("Quantity")).to_have_attribute("max", "2")
    expect(info.locator(".rating")).to_have_count(0)
    expect(page.get_by_role("heading", name="Description")).to_be_visible()
    key_specs = page.locator(".key-specs")
    expect(key_specs).to_contain_text("Weight")
    expect(key_specs).to_contain_text("17.3 kg")
    expect(key_specs).to_contain_text("Wi-Fi")
    all_specs = page.get_by_test_id("all-specs")
    expect(all_specs.get_by_text(LONG_VALUE)).to_be_hidden()
    all_specs.get_by_text(re.compile(r"Show all specifications")).click()
    expect(all_specs.get_by_text(LONG_VALUE)).to_be_visible()
    info.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_role("status")).to_contain_text("Added to cart")

    # One sells elsewhere: the cart says so and will not check out until the line fits.
    set_stock(engine, product["id"], 1)
    page.goto("/cart")
    line = page.get_by_test_id("cart-line")
    expect(line.get_by_test_id("stock")).to_have_text("Only 1 left")
    problem = f"Only 1 of {product['title']} is left, so you can buy at most 1."
    expect(line.get_by_test_id("line-problem")).to_have_text(problem)
    expect(page.get_by_test_id("checkout-blocked")).to_contain_text(problem)
    review = page.get_by_role("button", name="Review order")
    expect(review).to_be_disabled()
    page.screenshot(path="/tmp/aisle-cart-over-stock.png", full_page=True)
    line.get_by_label(re.compile(r"Quantity for")).fill("1")
    expect(review).to_be_enabled()
    expect(page.get_by_test_id("checkout-blocked")).to_have_count(0)

    # The review shows what will be charged; the last unit sells meanwhile: nothing is ordered.
    review.click()
    summary = page.get_by_test_id("order-review")
    expect(summary.get_by_test_id("review-line")).to_have_count(1)
    expect(summary.get_by_test_id("review-line")).to_contain_text(str(product["title"]))
    page.screenshot(path="/tmp/aisle-checkout-review.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]
    page.screenshot(path="/tmp/aisle-checkout-review-phone.png", full_page=True)
    set_stock(engine, product["id"], 0)
    summary.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "is out of stock. Nothing was ordered; your cart is unchanged."
    )
    expect(page.get_by_test_id("cart-line")).to_have_count(1)
    expect(page.get_by_role("button", name="Review order")).to_be_disabled()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM orders")).scalar() == 0

    # Back in stock: reviewed and placed.
    set_stock(engine, product["id"], 5)
    page.reload()
    page.get_by_role("button", name="Review order").click()
    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url(re.compile(r"/orders\?placed=\d+"))


def test_product_page_and_cart_fit_a_phone(
    open_page: Callable[[], Page], product: dict[str, object]
) -> None:
    page = open_page()
    page.set_viewport_size(PHONE)
    page.goto(f"/product/{product['id']}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_test_id("all-specs").get_by_text(re.compile(r"Show all specifications")).click()
    expect(page.get_by_text(LONG_VALUE)).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    title = page.get_by_role("heading", level=1).bounding_box()
    assert title is not None and title["x"] >= 0 and title["x"] + title["width"] <= PHONE["width"]
    page.screenshot(path="/tmp/aisle-product-phone.png", full_page=True)

    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_role("status")).to_contain_text("Added to cart")
    page.goto("/cart")
    line = page.get_by_test_id("cart-line")
    expect(line).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    for part in (line.get_by_test_id("line-total"), line.get_by_role("button", name="Remove")):
        box = part.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], box
    page.screenshot(path="/tmp/aisle-cart-phone.png", full_page=True)
