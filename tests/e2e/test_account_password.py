"""A new password revokes the account's API tokens, and the pages say so, in headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect
from redis import Redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, make_user, reset_accounts, token_from_mail

EMAIL = "casey@example.com"
NEW_PASSWORD = "violet-canyon-ledger-58"
RESET_PASSWORD = "saffron-quarry-lantern-64"
SHOTS = Path("/tmp/shots-auth")
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture()
def shopper(
    engine: Engine, session_factory: sessionmaker[Session], settings: Settings, redis_client: Redis
) -> str:
    reset_accounts(engine)
    redis_client.flushdb()
    make_user(session_factory, settings, EMAIL)
    return EMAIL


def screenshots(page: Page, name: str) -> None:
    """Save the page at desktop and phone sizes, then go back to desktop."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in [*SIZES.items(), ("desktop", SIZES["desktop"])]:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.scrollTo(0, 0)")  # else the sticky header lands mid-page
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)


def create_token(page: Page, name: str) -> str:
    """Create an API token on the account page; return its secret, shown once."""
    page.get_by_label("Token name").fill(name)
    page.get_by_role("button", name="Create token").click()
    secret = page.locator(".new-token code").inner_text()
    assert secret.startswith("aisle_")
    return secret


def bearer_status(url: str, secret: str) -> int:
    """Return what a script holding the token gets for the account."""
    headers = {"authorization": f"Bearer {secret}"}
    return httpx.get(f"{url}/api/account", headers=headers, timeout=30).status_code


def test_changing_and_resetting_the_password_revoke_the_tokens_it_names(
    open_page: Callable[[], Page], shopper: str, live_app_url: str, engine: Engine
) -> None:
    page = open_page()
    page.goto("/sign-in")
    page.get_by_label("Email").fill(shopper)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account$"))
    warning = page.locator("#password-revokes")
    expect(warning).to_contain_text("none will be revoked")

    secret = create_token(page, "nightly export")
    expect(warning).to_contain_text("revokes your API token: “nightly export”")
    assert bearer_status(live_app_url, secret) == 200
    screenshots(page, "account-before-change")

    section = page.locator("section", has=page.get_by_role("heading", name="Change password"))
    section.get_by_label("Current password").fill(PASSWORD)
    section.get_by_label("New password").fill("dragondragon")
    section.get_by_label("Confirm password").fill("dragondragon")
    section.get_by_role("button", name="Change password").click()
    expect(section.get_by_role("alert")).to_contain_text("too easy to guess")
    assert bearer_status(live_app_url, secret) == 200  # a refused change revokes nothing

    section.get_by_label("New password").fill(NEW_PASSWORD)
    section.get_by_label("Confirm password").fill(NEW_PASSWORD)
    section.get_by_role("button", name="Change password").click()
    expect(section.get_by_role("status")).to_contain_text(
        "Your password has been changed. Revoked API token: “nightly export”"
    )
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    expect(page.locator(".new-token")).to_have_count(0)  # the dead secret is not shown
    assert bearer_status(live_app_url, secret) == 401
    screenshots(page, "account-after-change")

    # A reset link says so too, and revokes a token made since.
    second = create_token(page, "backup")
    page.get_by_role("button", name="Sign out").first.click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.goto("/forgot-password")
    page.get_by_label("Email").fill(shopper)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("status")).to_contain_text("we sent it a link")
    page.goto(f"/reset-password?token={token_from_mail(engine, shopper, '/reset-password')}")
    expect(page.locator("#reset-revokes")).to_contain_text("revokes all its API tokens")
    screenshots(page, "reset-password")
    page.get_by_label("New password").fill(RESET_PASSWORD)
    page.get_by_label("Confirm password").fill(RESET_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("status")).to_contain_text("your API token revoked")
    expect(page.get_by_role("status")).to_contain_text("Revoked: “backup”")
    assert bearer_status(live_app_url, second) == 401
    screenshots(page, "reset-password-done")


def test_sign_up_shows_the_servers_reasons(open_page: Callable[[], Page], shopper: str) -> None:
    page = open_page()
    page.goto("/sign-up")
    page.get_by_label("Email").fill("new@example.com")
    page.get_by_label("Display name").fill("Pay at evil.example/pay")
    page.get_by_label("Password", exact=True).fill("zaq12wsxcde3")
    page.get_by_label("Confirm password").fill("zaq12wsxcde3")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("web address or link")
    page.get_by_label("Display name").fill("Sam")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("too easy to guess")
    screenshots(page, "sign-up-refused")
