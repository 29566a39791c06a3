"""Sign up → verify (via the dev mailbox) → sign in → forgot and reset, in headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, make_user, reset_accounts

EMAIL = "casey@example.com"
FIRST_PASSWORD = "amber-kettle-drift-31"
NEW_PASSWORD = "violet-canyon-ledger-58"


@pytest.fixture()
def admin_email(
    engine: Engine, session_factory: sessionmaker[Session], settings: Settings, redis_client: object
) -> str:
    reset_accounts(engine)
    redis_client.flushdb()  # type: ignore[attr-defined]
    make_user(session_factory, settings, "boss@example.com", role=Role.ADMIN)
    return "boss@example.com"


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def mailed_link(admin: Page, to: str, subject: str) -> str:
    """Read the link of the newest message to `to` in the admin's dev mailbox page."""
    admin.goto("/admin/mailbox")
    admin.get_by_label("Recipient").fill(to)
    admin.get_by_label("Recipient").press("Enter")
    message = admin.locator("article.mail").filter(has_text=subject).first
    expect(message).to_be_visible()
    href = message.locator("pre a").first.get_attribute("href")
    assert href is not None
    return href


def test_sign_up_verify_sign_in_and_reset(open_page: Callable[[], Page], admin_email: str) -> None:
    shopper, admin = open_page(), open_page()
    sign_in(admin, admin_email, PASSWORD)
    expect(admin).to_have_url(re.compile(r"/admin$"))  # staff land in their console
    admin.goto("/admin/users")
    expect(admin.get_by_role("cell", name=admin_email, exact=True)).to_be_visible()
    admin.screenshot(path="/tmp/aisle-admin-users.png", full_page=True)

    # Sign up.
    shopper.goto("/sign-up")
    shopper.get_by_label("Email").fill(EMAIL)
    shopper.get_by_label("Display name").fill("Casey")
    shopper.get_by_label("Password", exact=True).fill(FIRST_PASSWORD)
    shopper.get_by_label("Confirm password").fill(FIRST_PASSWORD)
    shopper.get_by_role("button", name="Create account").click()
    expect(shopper.get_by_role("status")).to_contain_text("Check your inbox")

    # Not verified yet: signing in is refused with a way forward.
    sign_in(shopper, EMAIL, FIRST_PASSWORD)
    expect(shopper.get_by_role("alert")).to_contain_text("confirm your email")

    # The verification link from the dev mailbox, opened in the shopper's browser.
    link = mailed_link(admin, EMAIL, "Confirm your Aisle account")
    assert "/verify-email?token=" in link
    shopper.goto(link)
    expect(shopper.get_by_role("status")).to_contain_text("confirmed")

    sign_in(shopper, EMAIL, FIRST_PASSWORD)
    expect(shopper).to_have_url(re.compile(r"/account$"))
    expect(shopper.get_by_text(EMAIL)).to_be_visible()
    shopper.get_by_role("button", name="Sign out").click()
    expect(shopper.get_by_role("link", name="Sign in")).to_be_visible()

    # Forgot the password: a reset link, then the new password works and the old does not.
    shopper.goto("/forgot-password")
    shopper.get_by_label("Email").fill(EMAIL)
    shopper.get_by_role("button", name="Send reset link").click()
    expect(shopper.get_by_role("status")).to_contain_text("we sent it a link")
    reset_link = mailed_link(admin, EMAIL, "Reset your Aisle password")
    assert "/reset-password?token=" in reset_link
    shopper.goto(reset_link)
    shopper.get_by_label("New password").fill(NEW_PASSWORD)
    shopper.get_by_label("Confirm password").fill(NEW_PASSWORD)
    shopper.get_by_role("button", name="Set new password").click()
    expect(shopper.get_by_role("status")).to_contain_text("password has been changed")

    # The same link a second time is refused.
    shopper.goto(reset_link)
    shopper.get_by_label("New password").fill("x" + NEW_PASSWORD)
    shopper.get_by_label("Confirm password").fill("x" + NEW_PASSWORD)
    shopper.get_by_role("button", name="Set new password").click()
    expect(shopper.get_by_role("alert")).to_contain_text("already been used")

    sign_in(shopper, EMAIL, FIRST_PASSWORD)
    expect(shopper.get_by_role("alert")).to_contain_text("email or password is wrong")
    sign_in(shopper, EMAIL, NEW_PASSWORD)
    expect(shopper).to_have_url(re.compile(r"/account$"))
    expect(shopper.get_by_text(EMAIL)).to_be_visible()
    shopper.screenshot(path="/tmp/aisle-account.png", full_page=True)
