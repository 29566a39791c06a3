"""The built search page in headless Chromium (Debian's), against the real API and services."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect


def params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def settled(page: Page) -> None:
    """Wait until the page has rendered the response to its latest search."""
    expect(page.locator("section.results")).to_have_attribute("aria-busy", "false")


def card_values(page: Page, attribute: str) -> list[str]:
    return [c.get_attribute(attribute) or "" for c in page.get_by_test_id("result-card").all()]


def test_search_filter_sort_page_and_back(page: Page) -> None:
    page.goto("/?q=laptop")
    cards = page.get_by_test_id("result-card")
    expect(cards.first).to_be_visible()
    expect(page.get_by_test_id("total")).to_contain_text("for “laptop”")
    page.screenshot(path="/tmp/aisle-search.png", full_page=False)

    # A brand facet narrows the results and lands in the URL.
    brand_facet = page.get_by_test_id("facet-brand").locator("label").first
    brand = brand_facet.locator(".facet-value").inner_text()
    brand_facet.click()
    expect(page).to_have_url(re.compile(r"brand="))
    expect(page.get_by_test_id("facet-brand").locator("label.selected")).to_have_count(1)
    assert params(page)["brand"] == [brand]
    expect(page.locator(f'[data-testid=result-card]:not([data-brand="{brand}"])')).to_have_count(0)
    settled(page)
    assert set(card_values(page, "data-brand")) == {brand}

    # Clearing filters, then sorting by price, ascending.
    page.get_by_role("button", name="Clear all filters").click()
    page.get_by_test_id("sort-select").select_option("price_asc")
    expect(page).to_have_url(re.compile(r"sort=price_asc"))
    expect(page.get_by_test_id("sort-select")).to_have_value("price_asc")
    settled(page)
    prices = [float(p) for p in card_values(page, "data-price") if p]
    assert len(prices) > 3 and prices == sorted(prices)

    # Page 2, then the browser's back button restores page 1.
    first_page = card_values(page, "data-price")
    first_card = page.get_by_test_id("result-card").first
    page.get_by_test_id("pagination").get_by_role("button", name="2", exact=True).click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(first_card).not_to_have_attribute("data-price", first_page[0])
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"page="))
    expect(first_card).to_have_attribute("data-price", first_page[0])
    assert card_values(page, "data-price") == first_page


def test_typo_still_finds_products_and_offers_a_correction(page: Page) -> None:
    page.goto("/")
    box = page.get_by_test_id("search-input")
    box.fill("labtop")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"q=labtop"))
    expect(page.get_by_test_id("result-card").first).to_be_visible()
    expect(page.get_by_test_id("did-you-mean")).to_have_text("laptop")
    page.get_by_test_id("did-you-mean").click()
    expect(page).to_have_url(re.compile(r"q=laptop"))


def test_nothing_found_and_bad_input_are_explained(page: Page) -> None:
    page.goto("/?q=zzqxjv")
    expect(page.get_by_test_id("no-results")).to_be_visible()
    page.goto("/?q=" + "x" * 600)
    expect(page.get_by_role("alert")).to_contain_text("maximum is 512")
