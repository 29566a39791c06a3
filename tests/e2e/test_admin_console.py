"""The admin console in headless Chromium: rebuild with live progress, against a real worker."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from elasticsearch import Elasticsearch
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role, User
from core.settings import Settings
from indexer import versions
from tests.fixtures.accounts import PASSWORD, make_user, reset_accounts

pytestmark = pytest.mark.usefixtures("slow_worker")


def test_rebuild_from_the_console_with_live_progress(
    open_page: Callable[[], Page],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
    es: Elasticsearch,
    indexed_catalog: int,
) -> None:
    reset_accounts(engine)
    make_user(session_factory, settings, "ops@example.com", role=Role.ADMIN)
    before = versions.live_index(es, settings.products_alias)
    page = open_page()
    page.goto("/sign-in?next=/admin/indexes")
    page.get_by_label("Email").fill("ops@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/indexes$"))
    expect(page.get_by_role("heading", name="System health")).to_be_visible()
    expect(page.get_by_text(before or "").first).to_be_visible()

    page.get_by_role("button", name="Rebuild index").click()
    progress = page.get_by_label("Rebuild progress")
    expect(progress).to_be_visible()
    # While the job is queued or running the button says so and cannot start a second one.
    busy = page.get_by_role("button", name=re.compile(r"^Rebuild(ing| queued)…$"))
    expect(busy).to_be_disabled()
    expect(page.get_by_test_id("rebuild-button-state")).to_contain_text("the button comes back")
    # The version being filled says so, rather than "0 incomplete".
    versions_table = page.locator(
        "table", has=page.locator("caption", has_text="Kept index versions")
    )
    expect(versions_table.get_by_text("building…").first).to_be_visible()
    # The slow worker loads 20 documents per chunk: progress is seen part-way.
    expect(page.get_by_test_id("rebuild-phase")).to_contain_text(
        re.compile(r"loading: ([1-9]\d*) / " + str(indexed_catalog))
    )
    page.screenshot(path="/tmp/aisle-admin-rebuild.png", full_page=True)
    expect(page.get_by_test_id("rebuild-status")).to_contain_text("succeeded", timeout=60_000)
    expect(page.get_by_role("button", name="Rebuild index")).to_be_enabled()
    expect(page.locator(".job-box .job-summary")).to_contain_text("documents")
    live = versions.live_index(es, settings.products_alias)
    assert live != before
    expect(page.get_by_text(live or "").first).to_be_visible()

    page.goto("/admin/jobs")
    expect(page.get_by_role("heading", name="Jobs")).to_be_visible()
    expect(page.get_by_role("cell", name="rebuild").first).to_be_visible()
    expect(page.get_by_role("cell", name="ops@example.com").first).to_be_visible()
    # Cron jobs (roll-ups) may be listed too: open the rebuild's raw result.
    rebuilt = page.locator("tr", has=page.get_by_role("cell", name="rebuild", exact=True)).first
    expect(rebuilt).to_contain_text("documents into")
    rebuilt.get_by_text("Raw result").click()
    expect(rebuilt.locator("details.job-raw[open] pre")).to_contain_text('"documents"')


def test_role_change_and_disable_ask_first(
    open_page: Callable[[], Page],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    reset_accounts(engine)
    make_user(session_factory, settings, "ops@example.com", role=Role.ADMIN)
    make_user(session_factory, settings, "sam@example.com")
    page = open_page()
    page.goto("/sign-in")
    page.get_by_label("Email").fill("ops@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # An admin lands on the admin index.
    expect(page).to_have_url(re.compile(r"/admin$"))
    page.get_by_role("link", name="Users", exact=True).first.click()
    role = page.get_by_label("Role for sam@example.com")
    expect(role).to_have_value("shopper")
    dialog = page.get_by_role("dialog")

    role.select_option("merchandiser")
    expect(dialog).to_contain_text("Make sam@example.com a merchandiser?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(role).to_have_value("shopper")
    assert stored(session_factory, "sam@example.com") == ("shopper", "active")
    role.select_option("merchandiser")
    dialog.get_by_role("button", name="Make merchandiser").click()
    expect(dialog).to_have_count(0)
    expect(role).to_have_value("merchandiser")
    assert stored(session_factory, "sam@example.com") == ("merchandiser", "active")

    row = page.get_by_role("row", name=re.compile("sam@example.com"))
    row.get_by_role("button", name="Disable").click()
    expect(dialog).to_contain_text("Disable sam@example.com?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(row).to_contain_text("active")
    assert stored(session_factory, "sam@example.com") == ("merchandiser", "active")
    row.get_by_role("button", name="Disable").click()
    dialog.get_by_role("button", name="Disable user").click()
    expect(row.get_by_role("button", name="Enable")).to_be_visible()
    assert stored(session_factory, "sam@example.com") == ("merchandiser", "disabled")


def stored(session_factory: sessionmaker[Session], email: str) -> tuple[str, str]:
    """Return a user's role and status as Postgres holds them."""
    with session_factory() as db:
        user = db.scalar(select(User).where(User.email == email))
        assert user is not None
        return user.role, user.status
