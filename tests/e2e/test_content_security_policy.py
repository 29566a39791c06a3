"""The built UI works under the Content-Security-Policy the API sends: no violation anywhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from playwright.sync_api import ConsoleMessage, Page, expect
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from analytics.rollups import roll_up
from core.settings import Settings
from search_service.security_headers import APP_CSP
from tests.e2e.test_analytics_console import sign_in
from tests.fixtures.accounts import make_user, reset_accounts
from tests.integration.analytics.test_reports import reset_analytics, serve

# Each document records the violations the browser reports (the event fires for blocked
# inline script, style, eval, frames and loads alike) before any of its own scripts run; a
# full navigation starts a new list, so every page is checked before leaving it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


def watched(page: Page) -> list[str]:
    """Record the page's CSP console errors; return the list they land in."""
    seen: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            seen.append(message.text)

    page.on("console", note)
    page.add_init_script(RECORD_VIOLATIONS)
    return seen


def assert_no_violations(page: Page, console: list[str]) -> None:
    """Fail on any violation the page or the console reported."""
    reported = page.evaluate("window.__cspViolations")
    assert reported == [] and console == [], (page.url, reported, console)


def test_the_storefront_works_under_the_policy(
    open_page: Callable[[], Page], engine: Engine, redis_client: Redis, indexed_catalog: int
) -> None:
    redis_client.flushdb()
    with engine.begin() as connection:
        connection.execute(text("UPDATE products SET stock = 50"))
    page = open_page()
    console = watched(page)

    home = page.goto("/")
    assert home is not None and home.headers["content-security-policy"] == APP_CSP
    assert home.headers["x-frame-options"] == "DENY"
    page.get_by_test_id("search-input").fill("lapt")
    expect(
        page.get_by_role("listbox", name="Suggestions").get_by_role("option").first
    ).to_be_visible()
    page.goto("/?q=laptop")
    first = page.get_by_test_id("result-card").first
    expect(first).to_be_visible()
    expect(first.locator(".stars")).to_have_count(1)  # its width comes from a style property
    assert_no_violations(page, console)
    first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/product/\d+"))
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_role("status")).to_contain_text("Added to cart")
    assert_no_violations(page, console)
    page.goto("/cart")
    expect(page.get_by_role("button", name="Review order")).to_be_visible()
    assert_no_violations(page, console)
    page.goto("/sign-in")
    expect(page.get_by_label("Email")).to_be_visible()
    assert_no_violations(page, console)


def test_the_staff_consoles_and_their_charts_work_under_the_policy(
    open_page: Callable[[], Page],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    indexed_catalog: int,
) -> None:
    reset_accounts(engine)
    reset_analytics(engine)
    now = datetime.now(UTC) - timedelta(minutes=30)
    serve(engine, now, "laptop", latency=20, anon="csp-1", products=[1, 2, 3])
    serve(engine, now - timedelta(days=1), "mouse", latency=40, anon="csp-2")
    roll_up(engine)
    make_user(session_factory, settings, "csp-merch@example.com", role=Role.MERCHANDISER)
    page = open_page()
    console = watched(page)

    sign_in(page, "csp-merch@example.com", "/analytics")
    expect(page.get_by_role("figure", name="Daily trends")).to_be_visible()
    expect(page.get_by_role("figure", name="Daily trends").locator("svg").first).to_be_visible()
    assert_no_violations(page, console)
    page.goto("/merch")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_violations(page, console)
