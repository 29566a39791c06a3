"""Every page at phone size (390 by 844) in headless Chromium: nothing wider than the screen."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, make_user, reset_accounts

PHONE = {"width": 390, "height": 844}
STAFF_EMAIL = "phone-admin@example.com"
# Real catalogs carry long unbroken specification values (part lists, model codes); the
# synthetic one does not, so the product under test gets one.
LONG_VALUE = "CF259A,CF259X,CF259XC,W1490A,W1490X,CF258A,CF258X,CF217A,CF218A,CF219A,CF230A"

# (path, signed in as admin, an element that shows the page has loaded its data)
PAGES: list[tuple[str, bool, str]] = [
    ("/", False, "[data-testid=product-tile]"),
    ("/?q=laptop", False, "[data-testid=result-card]"),
    ("/search?q=printer&sort=price_asc", False, "[data-testid=result-card]"),
    ("/product/{product}", True, "[data-testid=product]"),
    ("/cart", True, "table"),
    ("/orders", True, "main h1"),
    ("/sign-in", False, "form"),
    ("/sign-up", False, "form"),
    ("/forgot-password", False, "form"),
    ("/account", True, "main h2"),
    ("/merch/synonyms", True, "main h2"),
    ("/merch/rules", True, "main h2"),
    ("/merch/preview", True, "main form"),
    ("/merch/versions", True, "main h1"),
    ("/merch/suggestions", True, "main h1"),
    ("/admin/users", True, "table"),
    ("/admin/mailbox", True, "main h1"),
    ("/admin/indexes", True, "table"),
    ("/admin/jobs", True, "main h1"),
    ("/admin/models", True, "main h1"),
    ("/analytics", True, "main h1"),
    ("/analytics/query?q=laptop", True, "main h1"),
    ("/experiments", True, "table"),
    ("/experiments/view?id={experiment}", True, "main h1"),
]


def cases() -> Iterator[Any]:
    for path, staff, ready in PAGES:
        yield pytest.param(path, staff, ready, id=path)


@pytest.fixture(scope="module")
def staff_state(
    browser: Browser,
    live_app_url: str,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> dict[str, Any]:
    """Sign an admin in once (with a cart line and an experiment); return the browser state."""
    reset_accounts(engine)
    make_user(session_factory, settings, STAFF_EMAIL, role=Role.ADMIN)
    context = browser.new_context(base_url=live_app_url)
    try:
        request = context.request
        csrf = request.get("/api/auth/session").json()["csrf_token"]
        signed = request.post(
            "/api/auth/sign-in",
            data={"email": STAFF_EMAIL, "password": PASSWORD},
            headers={"x-csrf-token": csrf},
        )
        assert signed.ok, signed.text()
        csrf = signed.json()["csrf_token"]
        product = request.get("/api/search?q=laptop").json()["results"][0]["product_id"]
        with engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE products SET attributes = attributes || CAST(:extra AS jsonb) WHERE id = :id"
                ),
                {"extra": json.dumps({"compatible_cartridges": LONG_VALUE}), "id": product},
            )
        added = request.put(
            f"/api/cart/items/{product}", data={"quantity": 1}, headers={"x-csrf-token": csrf}
        )
        assert added.ok, added.text()
        experiment = request.post(
            "/api/experiments",
            data={
                "name": "phone layout",
                "arms": [{"name": "A", "ranking": "bm25"}, {"name": "B", "ranking": "ltr"}],
            },
            headers={"x-csrf-token": csrf},
        )
        assert experiment.ok, experiment.text()
        state: dict[str, Any] = dict(context.storage_state())
        state["ids"] = {"product": product, "experiment": experiment.json()["id"]}
        return state
    finally:
        context.close()


def phone_context(browser: Browser, url: str, state: dict[str, Any] | None) -> BrowserContext:
    """A phone-sized context (signed in when given a state) that reaches only the app."""
    storage = {k: v for k, v in state.items() if k != "ids"} if state else None
    context = browser.new_context(
        base_url=url, viewport=PHONE, is_mobile=True, has_touch=True, storage_state=storage
    )
    context.route(
        "http*://**/*",
        lambda route: route.continue_() if route.request.url.startswith(url) else route.abort(),
    )
    return context


def settle(page: Page, ready: str) -> None:
    """Wait for the page's data, then for every loading marker to go."""
    expect(page.locator(ready).first).to_be_visible()
    expect(page.locator("[aria-busy=true]")).to_have_count(0)


def overflow(page: Page) -> int:
    """How many pixels the document is wider than the phone's screen."""
    # Against the screen, not innerWidth: a mobile browser may widen its layout viewport to fit.
    return int(page.evaluate("document.documentElement.scrollWidth")) - PHONE["width"]


def sticking_out(page: Page) -> list[str]:
    """The outermost elements reaching past the screen's right edge, to name in a failure."""
    return list(
        page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
              .filter((el) => el.getBoundingClientRect().right > width + 1)
              .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1)
              .slice(0, 5)
              .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().width)} px)`)""",
            PHONE["width"],
        )
    )


@pytest.mark.parametrize(("path", "staff", "ready"), list(cases()))
def test_every_page_fits_a_phone(
    browser: Browser,
    live_app_url: str,
    staff_state: dict[str, Any],
    path: str,
    staff: bool,
    ready: str,
) -> None:
    context = phone_context(browser, live_app_url, staff_state if staff else None)
    try:
        page = context.new_page()
        page.goto(path.format(**staff_state["ids"]))
        settle(page, ready)
        assert overflow(page) <= 0, (
            f"{path} is {overflow(page)} px wider than the phone: {sticking_out(page)}"
        )
        if staff:
            # The staff links fold into two menus: the header stays at most two lines high.
            nav = page.get_by_role("navigation", name="Account").bounding_box()
            assert nav is not None and nav["height"] < 90, nav
    finally:
        context.close()


def test_staff_menus_open_and_close(
    browser: Browser, live_app_url: str, staff_state: dict[str, Any]
) -> None:
    context = phone_context(browser, live_app_url, staff_state)
    try:
        page = context.new_page()
        page.goto("/account")
        merch = page.get_by_role("button", name="Merchandising")
        expect(merch).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("link", name="Synonyms")).to_be_hidden()
        merch.click()
        expect(merch).to_have_attribute("aria-expanded", "true")
        expect(page.get_by_role("link", name="Synonyms")).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.get_by_role("link", name="Synonyms")).to_be_hidden()
        expect(merch).to_be_focused()
        page.get_by_role("button", name="Admin").click()
        page.get_by_role("link", name="Jobs").click()
        expect(page).to_have_url(re.compile(r"/admin/jobs$"))
    finally:
        context.close()


def test_filter_sheet_on_a_phone_and_the_sidebar_on_a_desktop(
    browser: Browser, live_app_url: str
) -> None:
    context = phone_context(browser, live_app_url, None)
    try:
        page = context.new_page()
        page.goto("/?q=laptop")
        settle(page, "[data-testid=result-card]")
        sheet = page.get_by_role("dialog", name="Filters")
        expect(page.locator("#filters")).to_be_hidden()
        page.get_by_test_id("filters-toggle").click()

        # Full screen, with rows a thumb can hit.
        expect(sheet).to_be_visible()
        box = sheet.bounding_box()
        assert (
            box is not None and box["width"] == PHONE["width"] and box["height"] == PHONE["height"]
        )
        rows = sheet.get_by_test_id("facet-brand").locator("label")
        heights = [r["height"] for r in (rows.nth(i).bounding_box() for i in range(3)) if r]
        assert heights and min(heights) >= 44, heights

        # Choosing applies at once; the sticky button counts the results it will show.
        brand = rows.first.locator(".facet-value").inner_text()
        rows.first.click()
        expect(page).to_have_url(re.compile(r"brand="))
        expect(sheet).to_be_visible()
        expect(page.locator("section.results")).to_have_attribute("aria-busy", "false")
        total = page.get_by_test_id("total").inner_text().split(" ")[0]
        show = sheet.get_by_test_id("show-results")
        expect(show).to_have_text(re.compile(rf"^Show {re.escape(total)} results?$"))
        assert show.bounding_box() is not None
        assert (show.bounding_box() or {}).get("y", 9999) < PHONE["height"]  # sticky: on screen
        show.click()
        expect(page.locator("#filters")).to_be_hidden()
        expect(page.get_by_test_id("filters-toggle")).to_be_focused()
        expect(
            page.locator(f'[data-testid=result-card]:not([data-brand="{brand}"])')
        ).to_have_count(0)

        # Escape closes it too.
        page.get_by_test_id("filters-toggle").click()
        expect(sheet).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.locator("#filters")).to_be_hidden()

        # On a desktop the filters are a sidebar, always there, with no sheet controls.
        page.set_viewport_size({"width": 1280, "height": 800})
        expect(page.locator("#filters")).to_be_visible()
        expect(page.get_by_test_id("filters-toggle")).to_be_hidden()
        expect(page.get_by_test_id("show-results")).to_be_hidden()
    finally:
        context.close()
