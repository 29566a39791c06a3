"""The shopper's journey in headless Chromium: autocomplete → product → cart → sign in → order."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, make_user, reset_accounts


def test_search_with_autocomplete_then_buy_after_signing_in(
    open_page: Callable[[], Page],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    redis_client: Redis,
    indexed_catalog: int,
) -> None:
    reset_accounts(engine)
    redis_client.flushdb()
    with engine.begin() as connection:
        connection.execute(text("UPDATE products SET stock = 50"))
        connection.execute(text("TRUNCATE orders, order_items"))
    make_user(session_factory, settings, "casey@example.com")
    page = open_page()

    # Autocomplete: typing a prefix offers the product type; the keyboard picks it.
    page.goto("/")
    box = page.get_by_test_id("search-input")
    box.fill("lapt")
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions.get_by_role("option").first).to_be_visible()
    expect(suggestions).to_contain_text("Laptops")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"q=[Ll]aptop"))

    # A result leads to its product page, which adds to the (anonymous) cart.
    first = page.get_by_test_id("result-card").first
    title = first.get_by_role("link").first.inner_text()
    first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/product/\d+"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_role("status")).to_contain_text("Added to cart")
    expect(page.get_by_role("link", name=re.compile(r"Cart \(1\)"))).to_be_visible()

    # Checking out asks to sign in first; the anonymous cart follows the shopper in.
    page.goto("/cart")
    expect(page.get_by_text(title).first).to_be_visible()
    page.get_by_role("button", name="Review order").click()
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/cart"))
    page.get_by_label("Email").fill("casey@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/cart$"))
    expect(page.get_by_text(title).first).to_be_visible()
    page.get_by_role("button", name="Review order").click()

    # The review shows what will be bought; placing it goes to the order history.
    review = page.get_by_test_id("order-review")
    expect(review.get_by_test_id("review-line").first).to_contain_text(title)
    review.get_by_role("button", name="Place order").click()

    # The order is placed and listed in the order history.
    expect(page).to_have_url(re.compile(r"/orders\?placed=\d+"))
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Order \d+ placed"))
    expect(page.get_by_text(title).first).to_be_visible()
    page.screenshot(path="/tmp/aisle-orders.png", full_page=True)
    with engine.connect() as connection:
        kinds = set(connection.execute(text("SELECT DISTINCT event_type FROM events")).scalars())
    assert {"impression", "click", "product_view", "add_to_cart"} <= kinds  # the UI reported them
