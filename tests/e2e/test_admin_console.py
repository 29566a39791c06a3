"""The admin console in headless Chromium: rebuild with live progress, against a real worker."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from elasticsearch import Elasticsearch
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
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
    # The slow worker loads 20 documents per chunk: progress is seen part-way.
    expect(page.get_by_test_id("rebuild-phase")).to_contain_text(
        re.compile(r"loading: ([1-9]\d*) / " + str(indexed_catalog))
    )
    page.screenshot(path="/tmp/aisle-admin-rebuild.png", full_page=True)
    expect(page.get_by_test_id("rebuild-status")).to_contain_text("succeeded", timeout=60_000)
    live = versions.live_index(es, settings.products_alias)
    assert live != before
    expect(page.get_by_text(live or "").first).to_be_visible()

    page.goto("/admin/jobs")
    expect(page.get_by_role("heading", name="Jobs")).to_be_visible()
    expect(page.get_by_role("cell", name="rebuild").first).to_be_visible()
