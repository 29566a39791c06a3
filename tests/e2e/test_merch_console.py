"""The merchandiser console in headless Chromium: add a synonym, preview it, publish it, and a
shopper's search changes."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from redis import Redis
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from behaviour.models import ServedQuery
from catalog.models import Product
from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, Browser, make_user, reset_accounts


def test_merchandiser_publishes_a_synonym_and_shoppers_see_it(
    open_page: Callable[[], Page],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    redis_client: Redis,
    indexed_catalog: int,
) -> None:
    reset_accounts(engine)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE merch_draft, merch_versions, merch_suggestions"))
    make_user(session_factory, settings, "merch@example.com", role=Role.MERCHANDISER)

    shopper = open_page()
    shopper.goto("/search?q=lappy")
    expect(shopper.get_by_test_id("no-results")).to_be_visible()

    page = open_page()
    page.goto("/sign-in?next=/merch/synonyms")
    page.get_by_label("Email").fill("merch@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/merch/synonyms$"))
    expect(page.get_by_role("heading", name="Synonyms")).to_be_visible()
    page.get_by_label("Set name").fill("slang")
    page.get_by_label("Synonyms (one per line)").fill("lappy => laptop")
    page.get_by_role("button", name="Save set").click()
    expect(page.get_by_role("cell", name="slang")).to_be_visible()
    expect(page.get_by_text("Unpublished changes")).to_be_visible()

    page.goto("/merch/preview")
    page.get_by_label("Query").fill("lappy")
    page.get_by_role("button", name="Preview", exact=True).click()
    draft = page.get_by_role("region", name="Draft")
    expect(draft.get_by_role("listitem").first).to_be_visible()
    expect(page.get_by_role("region", name="Published").get_by_role("listitem")).to_have_count(0)
    expect(page.get_by_role("cell", name="new", exact=True).first).to_be_visible()
    page.screenshot(path="/tmp/aisle-merch-preview.png", full_page=True)

    page.get_by_label("Publish note").fill("slang for laptops")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Published version 1.")).to_be_visible()

    shopper.goto("/search?q=lappy")
    expect(shopper.get_by_test_id("result-card").first).to_be_visible()
    expect(shopper.get_by_test_id("result-card").first).to_contain_text(re.compile("laptop", re.I))


def sign_in(page: Page, email: str) -> None:
    """Sign in through the form, with no `next`."""
    page.goto("/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_delete_and_discard_ask_first_and_show_whose_changes_go(
    open_page: Callable[[], Page],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    live_app_url: str,
) -> None:
    reset_accounts(engine)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE merch_draft, merch_versions, merch_suggestions"))
    make_user(session_factory, settings, "ana@example.com", role=Role.MERCHANDISER)
    make_user(session_factory, settings, "ben@example.com", role=Role.MERCHANDISER)
    ben = Browser.over_http(live_app_url)
    assert ben.sign_in("ben@example.com").status_code == 200
    saved = ben.send("PUT", "/api/merch/draft/synonym-sets/bens", {"text": "sofa, couch"})
    assert saved.status_code == 200, saved.text
    ben.client.close()

    page = open_page()
    sign_in(page, "ana@example.com")
    # A merchandiser lands in the console, on its index of pages.
    expect(page).to_have_url(re.compile(r"/merch$"))
    expect(page.get_by_role("heading", name="Merchandising", exact=True)).to_be_visible()
    page.get_by_role("link", name="Synonyms", exact=True).first.click()
    page.get_by_label("Set name").fill("anas")
    page.get_by_label("Synonyms (one per line)").fill("tv, television")
    page.get_by_role("button", name="Save set").click()
    expect(page.get_by_role("cell", name="anas")).to_be_visible()

    dialog = page.get_by_role("dialog")
    row = page.get_by_role("row", name=re.compile("anas"))
    row.get_by_role("button", name="Delete set").click()
    expect(dialog).to_contain_text("Delete the set “anas”?")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("cell", name="anas")).to_be_visible()
    row.get_by_role("button", name="Delete set").click()
    page.keyboard.press("Escape")  # Escape cancels too
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("cell", name="anas")).to_be_visible()

    page.get_by_role("button", name="Discard draft").click()
    expect(dialog).to_contain_text("Discard the draft for everyone?")
    changes = dialog.get_by_role("list", name="Unpublished changes by merchandiser")
    expect(changes).to_contain_text("ana@example.com (1 change)")
    expect(changes).to_contain_text("ben@example.com (1 change)")
    expect(changes).to_contain_text("added synonym set “bens”")
    page.screenshot(path="/tmp/aisle-merch-discard.png", full_page=True)
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("Unpublished changes")).to_be_visible()
    expect(page.get_by_role("cell", name="bens")).to_be_visible()

    row.get_by_role("button", name="Delete set").click()
    dialog.get_by_role("button", name="Delete set").click()
    expect(page.get_by_text("Set “anas” deleted from the draft.")).to_be_visible()
    expect(page.get_by_role("cell", name="anas")).to_have_count(0)

    page.get_by_role("button", name="Discard draft").click()
    expect(dialog).to_contain_text("ben@example.com (1 change)")
    expect(dialog).not_to_contain_text("ana@example.com")
    dialog.get_by_role("button", name="Discard 1 change").click()
    expect(page.get_by_text("Draft discarded")).to_be_visible()
    expect(page.get_by_role("cell", name="bens")).to_have_count(0)


def test_rule_picker_finds_by_sku_and_title_without_logging_a_search(
    open_page: Callable[[], Page],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    reset_accounts(engine)
    make_user(session_factory, settings, "merch@example.com", role=Role.MERCHANDISER)
    with session_factory() as db:
        sku, title = db.execute(
            select(Product.sku, Product.title).where(Product.active.is_(True)).limit(1)
        ).one()
        served_before = db.scalar(select(func.count()).select_from(ServedQuery))

    page = open_page()
    page.goto("/sign-in?next=/merch/rules")
    page.get_by_label("Email").fill("merch@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/merch/rules$"))
    finder = page.get_by_label("Find product to pin or hide")
    finder.fill(sku.lower())
    finder.press("Enter")  # Enter looks up; it does not save the rule
    found = page.get_by_role("list", name="Products found")
    expect(found.get_by_role("listitem").first).to_contain_text("exact sku")
    expect(found.get_by_role("listitem").first).to_contain_text(title)
    finder.fill(title)
    finder.press("Enter")
    expect(found.get_by_role("listitem").filter(has_text=title).first).to_be_visible()
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(ServedQuery)) == served_before
