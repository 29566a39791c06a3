"""axe-core in headless Chromium on the main pages: no serious or critical accessibility violation."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from core.settings import Settings
from tests.e2e.test_analytics_console import sign_in
from tests.fixtures.accounts import make_user, reset_accounts

# The npm devDependency's build, not a CDN: the machine has no internet, and the version is locked.
AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
MERCHANDISER = "a11y-merch@example.com"
ADMIN = "a11y-admin@example.com"


@pytest.fixture(scope="module")
def staff(engine: Engine, session_factory: sessionmaker[Session], settings: Settings) -> None:
    """Create the merchandiser and the admin the console pages are checked as; no merch draft."""
    reset_accounts(engine)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE merch_draft, merch_versions, merch_suggestions"))
    make_user(session_factory, settings, MERCHANDISER, role=Role.MERCHANDISER)
    make_user(session_factory, settings, ADMIN, role=Role.ADMIN)


def violations(page: Page) -> list[dict[str, Any]]:
    """Run axe's default rules on the page as it is now; return the serious and critical violations."""
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `npm ci` in frontend/")
    # Evaluated over the DevTools protocol, so the page's Content-Security-Policy does not block it.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, { resultTypes: ['violations'] })"
    )
    return [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]


def report(found: list[dict[str, Any]]) -> str:
    """Each violation with its rule, impact and the nodes it was found on."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(
            f"    {' '.join(node['target'])}: {node['html'][:160]}" for node in violation["nodes"]
        )
    return "\n".join(lines)


def open_home(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_test_id("result-card").first).to_be_visible()


def open_search(page: Page) -> None:
    page.goto("/search?q=laptop")
    expect(page.get_by_test_id("result-card").first).to_be_visible()
    expect(page.get_by_test_id("facet-brand")).to_be_visible()


def open_suggestions(page: Page) -> None:
    page.goto("/")
    page.get_by_test_id("search-input").fill("lapt")
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    expect(options.first).to_be_visible()
    page.get_by_test_id("search-input").press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")


def open_product(page: Page) -> None:
    open_search(page)
    page.get_by_test_id("result-card").first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/product/\d+"))
    expect(page.get_by_role("button", name="Add to cart")).to_be_visible()


def open_cart(page: Page) -> None:
    open_product(page)
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_role("status")).to_contain_text("Added to cart")
    page.goto("/cart")
    expect(page.get_by_role("button", name="Review order")).to_be_visible()


def open_sign_in(page: Page) -> None:
    page.goto("/sign-in")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def open_sign_in_refused(page: Page) -> None:
    open_sign_in(page)
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()


def open_merch_synonyms(page: Page) -> None:
    """The synonyms page with a saved set, so its table and the draft bar are checked too."""
    sign_in(page, MERCHANDISER, "/merch/synonyms")
    page.get_by_label("Set name").fill("a11y-slang")
    page.get_by_label("Synonyms (one per line)").fill("lappy => laptop")
    page.get_by_role("button", name="Save set").click()
    expect(page.get_by_text("Unpublished changes")).to_be_visible()


def open_admin_indexes(page: Page) -> None:
    sign_in(page, ADMIN, "/admin/indexes")
    expect(page.get_by_role("heading", name="Index status")).to_be_visible()
    expect(page.get_by_role("button", name="Rebuild index")).to_be_visible()


PAGES: dict[str, Callable[[Page], None]] = {
    "home": open_home,
    "search": open_search,
    "search-suggestions": open_suggestions,
    "product": open_product,
    "cart": open_cart,
    "sign-in": open_sign_in,
    "sign-in-refused": open_sign_in_refused,
    "merch-synonyms": open_merch_synonyms,
    "admin-indexes": open_admin_indexes,
}


@pytest.mark.usefixtures("staff")
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violation(
    name: str, open_page: Callable[[], Page], indexed_catalog: int
) -> None:
    page = open_page()
    PAGES[name](page)
    page.wait_for_load_state("networkidle")
    found = violations(page)
    assert not found, f"axe on {name} ({page.url}):\n{report(found)}"
