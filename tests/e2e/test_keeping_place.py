"""Keeping the shopper's place in headless Chromium: scroll on Back, the query, titles, headings."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def settled(page: Page) -> None:
    """Wait until the results page shows the answer to its latest search."""
    expect(page.get_by_test_id("result-card").first).to_be_visible()
    expect(page.locator("section.results")).to_have_attribute("aria-busy", "false")


def test_back_from_a_product_returns_to_the_same_place_in_the_results(page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/?q=laptop")
    settled(page)
    expect(page).to_have_title(re.compile(r"^“laptop” — \d+ results? · Aisle$"))

    card = page.get_by_test_id("result-card").nth(13)
    card.scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    page.wait_for_function("window.scrollY > 600")
    page.wait_for_timeout(300)  # past the save's debounce
    before = int(page.evaluate("window.scrollY"))
    card.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/product/\d+"))

    # The product page keeps the query in its search box.
    expect(page.get_by_test_id("search-input")).to_have_value("laptop")
    page.go_back()
    settled(page)
    page.wait_for_function(f"Math.abs(window.scrollY - {before}) < 4")

    # Other pages reached from the search keep it too, and can search.
    page.goto("/cart")
    box = page.get_by_test_id("search-input")
    expect(box).to_have_value("laptop")
    expect(page).to_have_title("Your cart — Aisle")
    box.fill("mouse")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/\?q=mouse"))
    settled(page)
    expect(page.get_by_test_id("search-input")).to_have_value("mouse")


def test_one_heading_per_page_a_skip_link_and_big_enough_targets(page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    for path in ("/", "/?q=laptop"):
        page.goto(path)
        settled(page)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("[data-testid=result-card] h2")).to_have_count(0)

    # The first Tab reaches the skip link, which moves the focus past ~40 filters.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to results")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()

    small = page.evaluate(
        """() => [...document.querySelectorAll(
            '.facets label, .facets button, .pagination button, .user-nav a, .user-nav button')]
          .map((el) => [el.textContent.trim(), el.getBoundingClientRect()])
          .filter(([, r]) => r.width > 0 && r.height < 24)
          .map(([text, r]) => `${text} (${Math.round(r.height)} px)`)"""
    )
    assert small == []


def test_a_new_visitor_is_not_shown_trending_twice(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Trending now")).to_be_visible()
    expect(page.get_by_role("heading", name="Recommended for you")).to_have_count(0)
    expect(page).to_have_title("Aisle — search the catalog")
