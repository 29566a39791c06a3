"""Headless Chromium (Debian's) against the real API, the built web UI and the services."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Debian's Chromium as root, on a machine whose only network is loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist" / "index.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not DIST.is_file():
        pytest.fail("the web UI is not built: run `make frontend`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def open_page(browser: Browser, live_app_url: str) -> Iterator[Callable[[], Page]]:
    """Return a factory of pages, each in its own browser context (its own cookies)."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(
            base_url=live_app_url, viewport={"width": 1300, "height": 900}
        )
        # Product images point to the internet, which this machine cannot reach: fail them fast.
        context.route(
            "http*://**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(live_app_url) else route.abort()
            ),
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture()
def page(open_page: Callable[[], Page]) -> Page:
    """Return a page in a fresh browser context."""
    return open_page()
