"""`aisle users` and `aisle mail` against the real Postgres and Redis."""

from __future__ import annotations

import re
from collections.abc import Callable

from typer.testing import CliRunner

from search_service.cli import app as aisle
from tests.fixtures.accounts import Browser

runner = CliRunner()


def test_create_admin_from_the_environment(browser: Callable[..., Browser]) -> None:
    result = runner.invoke(
        aisle,
        ["users", "create-admin", "--email", "root@example.com"],
        env={"AISLE_ADMIN_PASSWORD": "granite-meadow-falcon-9"},
    )
    assert result.exit_code == 0, result.output
    b = browser()
    assert (
        b.sign_in("root@example.com", "granite-meadow-falcon-9").json()["user"]["role"] == "admin"
    )
    again = runner.invoke(
        aisle,
        ["users", "create-admin", "--email", "ROOT@example.com"],
        env={"AISLE_ADMIN_PASSWORD": "granite-meadow-falcon-9"},
    )
    assert again.exit_code == 2 and "already exists" in again.output


def test_create_admin_prompts_and_checks_the_password() -> None:
    weak = runner.invoke(
        aisle,
        ["users", "create-admin", "--email", "a@example.com"],
        input="password1\npassword1\n",
        env={"AISLE_ADMIN_PASSWORD": ""},
    )
    assert weak.exit_code == 2 and "at least 10" in weak.output
    ok = runner.invoke(
        aisle,
        ["users", "create-admin", "--email", "a@example.com"],
        input="granite-meadow-falcon-9\ngranite-meadow-falcon-9\n",
        env={"AISLE_ADMIN_PASSWORD": ""},
    )
    assert ok.exit_code == 0, ok.output
    listed = runner.invoke(aisle, ["users", "list", "--role", "admin"])
    assert "a@example.com" in listed.output and "1 of 1 users" in listed.output


def test_demo_users_can_sign_in_with_the_printed_credentials(
    browser: Callable[..., Browser],
) -> None:
    result = runner.invoke(aisle, ["users", "demo"])
    assert result.exit_code == 0, result.output
    credentials = re.findall(r"(\w+)\s+(\S+@example\.com)\s+(\S+)", result.output)
    assert [role for role, _, _ in credentials] == ["shopper", "merchandiser", "admin"]
    for role, email, password in credentials:
        assert browser().sign_in(email, password).json()["user"]["role"] == role


def test_new_demo_passwords_revoke_the_demo_users_tokens(browser: Callable[..., Browser]) -> None:
    first = runner.invoke(aisle, ["users", "demo"]).output
    password = re.findall(r"shopper\s+shopper@example\.com\s+(\S+)", first)[0]
    b = browser()
    b.sign_in("shopper@example.com", password)
    secret = b.post("/api/account/tokens", {"name": "script"}).json()["token"]
    bearer = {"authorization": f"Bearer {secret}"}
    assert browser().client.get("/api/account", headers=bearer).status_code == 200
    assert runner.invoke(aisle, ["users", "demo"]).exit_code == 0
    assert browser().client.get("/api/account", headers=bearer).status_code == 401


def test_roles_and_status_from_the_cli(browser: Callable[..., Browser]) -> None:
    runner.invoke(aisle, ["users", "demo"])
    assert (
        runner.invoke(aisle, ["users", "set-role", "shopper@example.com", "merchandiser"]).exit_code
        == 0
    )
    assert runner.invoke(aisle, ["users", "disable", "shopper@example.com"]).exit_code == 0
    listed = runner.invoke(aisle, ["users", "list", "--q", "shopper"]).output
    assert "merchandiser" in listed and "disabled" in listed
    missing = runner.invoke(aisle, ["users", "disable", "ghost@example.com"])
    assert missing.exit_code == 2 and "no user" in missing.output


def test_mail_list_shows_the_dev_mailbox(browser: Callable[..., Browser]) -> None:
    browser().post(
        "/api/auth/sign-up",
        {"email": "new@example.com", "password": "granite-meadow-falcon-9", "display_name": "N"},
    )
    result = runner.invoke(aisle, ["mail", "list", "--to", "new@example.com"])
    assert result.exit_code == 0 and "Confirm your Aisle account" in result.output
    assert "/verify-email?token=" in result.output
