"""The analytics dashboard and the experiment flow in headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from analytics.rollups import roll_up
from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, make_user, reset_accounts
from tests.integration.analytics.test_reports import event, reset_analytics, serve


def sign_in(page: Page, email: str, next_path: str) -> None:
    """Sign in through the form and land on `next_path`."""
    page.goto(f"/sign-in?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def test_dashboard_shows_the_rolled_up_figures_and_a_query(
    open_page: Callable[[], Page],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    indexed_catalog: int,
) -> None:
    reset_accounts(engine)
    reset_analytics(engine)
    now = datetime.now(UTC) - timedelta(minutes=30)
    first = serve(engine, now, "laptop", latency=20, anon="e2e-1", products=[1, 2, 3])
    event(engine, first, "click", 2, now, position=2, anon="e2e-1")
    serve(engine, now, "laptop", latency=30, anon="e2e-2")
    serve(engine, now, "nothing here", total=0, latency=10, anon="e2e-3")
    serve(engine, now - timedelta(days=1), "mouse", variant="ltr:1", latency=40, anon="e2e-4")
    roll_up(engine)
    make_user(session_factory, settings, "merch@example.com", role=Role.MERCHANDISER)

    page = open_page()
    sign_in(page, "merch@example.com", "/analytics")
    expect(page.get_by_role("heading", name="Search analytics")).to_be_visible()
    cards = page.locator("dl")
    expect(cards.first).to_contain_text("Searches")
    searches = page.locator("dt", has_text=re.compile("^Searches$")).locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(searches).to_have_text("4")
    expect(page.get_by_role("figure", name="Daily trends")).to_be_visible()
    by_variant = page.locator("table", has=page.locator("caption", has_text="By variant"))
    expect(by_variant).to_contain_text("ltr:1")
    zero = page.locator("table", has=page.locator("caption", has_text="Zero-result queries"))
    expect(zero).to_contain_text("nothing here")
    page.screenshot(path="/tmp/aisle-analytics.png", full_page=True)

    page.locator("table", has=page.locator("caption", has_text="Top queries")).get_by_role(
        "link", name="laptop"
    ).click()
    expect(page.get_by_role("heading", name="Query “laptop”")).to_be_visible()
    clicked = page.locator("table", has=page.locator("caption", has_text="Clicked products"))
    expect(clicked.get_by_role("row")).to_have_count(2)  # the header and product 2

    page.get_by_role("link", name="Back to analytics").click()
    page.get_by_role("button", name="Refresh figures").click()
    expect(page.get_by_role("status")).to_contain_text("rolling up")


def test_merchandiser_creates_starts_and_stops_an_experiment(
    open_page: Callable[[], Page],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    indexed_catalog: int,
) -> None:
    reset_accounts(engine)
    reset_analytics(engine)
    make_user(session_factory, settings, "merch@example.com", role=Role.MERCHANDISER)
    page = open_page()
    sign_in(page, "merch@example.com", "/experiments")
    expect(page.get_by_role("heading", name="Experiments")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("bm25 against personal ltr")
    page.get_by_label("Mode", exact=True).select_option("ab")
    first = page.locator("fieldset", has=page.locator("legend", has_text="Arm 1"))
    second = page.locator("fieldset", has=page.locator("legend", has_text="Arm 2"))
    first.get_by_label("Ranking").select_option("bm25")
    second.get_by_label("Ranking").select_option("ltr_personal")
    # The analytics were reset: no history to plan from, so the merchandiser assumes a CTR.
    page.get_by_label("Assumed baseline CTR", exact=False).fill("20")
    page.get_by_role("button", name="Create experiment").click()

    expect(page.get_by_role("heading", name="bm25 against personal ltr")).to_be_visible()
    expect(page.get_by_text("Status: draft")).to_be_visible()
    # A draft has no results to show, not a table of zeros.
    expect(page.get_by_test_id("not-started")).to_be_visible()
    expect(page.get_by_role("table", name="Comparisons")).to_have_count(0)
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("Status: running")).to_be_visible()
    # The fixed horizon: no winner before the planned shoppers per arm.
    expect(page.get_by_role("status").first).to_contain_text("No winner yet: 0 of")
    expect(page.get_by_role("status").first).to_contain_text("planned shoppers per arm")
    arms = page.locator("table", has=page.locator("caption", has_text="Arms"))
    expect(arms).to_contain_text("ltr_personal")
    page.screenshot(path="/tmp/aisle-experiment.png", full_page=True)
    page.get_by_role("button", name="Stop").click()
    expect(page.get_by_text("Status: stopped")).to_be_visible()

    page.goto("/experiments")
    listing = page.locator("table", has=page.locator("caption", has_text="All experiments"))
    expect(listing).to_contain_text("bm25 against personal ltr")
    expect(listing).to_contain_text("stopped")
