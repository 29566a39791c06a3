"""What users type reaches mail and queries as plain text: names, passwords, search terms."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from core.settings import Settings
from tests.fixtures.accounts import PASSWORD, Browser, mailbox, make_user

EMAIL = "ann@example.com"
INJECTED = "x\n\nYour order is on hold. Pay at http://evil.example/pay"
GUESSABLE = ["dragondragon", "12345678901", "abcd1234efgh", "monkey123monkey", "zaq12wsxcde3"]


def only_error(response_json: dict[str, object]) -> dict[str, object]:
    """Return the one error of a 4xx answer."""
    detail = response_json["detail"]
    assert isinstance(detail, list) and len(detail) == 1, detail
    error = detail[0]
    assert isinstance(error, dict)
    return error


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        (INJECTED, "line breaks"),
        ("Ann\rBcc: someone", "line breaks"),
        ("Pay at evil.example/pay", "web address"),
        ("http://x", "web address"),
        ("visit www.example", "web address"),
        ("a\u202egnp.exe", "control characters"),
    ],
)
def test_display_names_with_lines_or_links_are_refused_and_no_mail_goes(
    browser: Callable[..., Browser], engine: Engine, name: str, problem: str
) -> None:
    b = browser()
    body = {"email": "victim@example.com", "password": PASSWORD, "display_name": name}
    refused = b.post("/api/auth/sign-up", body)
    assert refused.status_code == 422, refused.text
    error = only_error(refused.json())
    assert error["loc"] == ["body", "display_name"] and problem in str(error["msg"])
    assert mailbox(engine, "victim@example.com") == []


def test_a_profile_name_is_held_to_the_same_rule(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, EMAIL)
    b = browser()
    b.sign_in(EMAIL)
    refused = b.send("PATCH", "/api/account", {"display_name": INJECTED})
    assert refused.status_code == 422 and "line breaks" in refused.text
    kept = b.send("PATCH", "/api/account", {"display_name": "Ann O'Neil-Brown"})
    assert kept.status_code == 200 and kept.json()["display_name"] == "Ann O'Neil-Brown"


def test_a_name_stored_before_the_rule_still_cannot_add_lines_to_mail(
    browser: Callable[..., Browser],
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    make_user(session_factory, settings, EMAIL)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE users SET display_name = %s", (INJECTED,))
    assert browser().post("/api/auth/forgot-password", {"email": EMAIL}).status_code == 202
    (mail,) = mailbox(engine, EMAIL)
    lines = mail["body"].split("\n")
    assert lines[0] == "Hello x Your order is on hold. Pay at http://evil.example/pay,"
    assert not any(line.startswith("Your order") for line in lines)


@pytest.mark.parametrize("password", GUESSABLE)
def test_guessable_passwords_are_refused_at_sign_up_saying_why(
    browser: Callable[..., Browser], engine: Engine, password: str
) -> None:
    body = {"email": EMAIL, "password": password, "display_name": "Ann"}
    refused = browser().post("/api/auth/sign-up", body)
    assert refused.status_code == 422, refused.text
    error = only_error(refused.json())
    assert error["loc"] == ["body", "password"]
    assert "too easy to guess" in str(error["msg"]) or "too common" in str(error["msg"])
    assert mailbox(engine, EMAIL) == []


def test_a_password_made_of_the_display_name_is_refused(browser: Callable[..., Browser]) -> None:
    # Strong for a stranger (zxcvbn scores it 4), guessable by anyone who reads the name (1).
    body = {
        "email": "q@example.com",
        "password": "xanthippequorlby",
        "display_name": "Xanthippe Quorlby",
    }
    refused = browser().post("/api/auth/sign-up", body)
    assert refused.status_code == 422 and "too easy to guess" in refused.text
    body["display_name"] = "Sam"
    assert browser().post("/api/auth/sign-up", body).status_code == 202


def test_admin_search_takes_percent_and_underscore_literally(
    browser: Callable[..., Browser], session_factory: sessionmaker[Session], settings: Settings
) -> None:
    make_user(session_factory, settings, "boss@example.com", role=Role.ADMIN)
    for email in ("a_b@example.com", "axb@example.com", "c%d@example.com", "cxxd@example.com"):
        make_user(session_factory, settings, email)
    admin = browser()
    admin.sign_in("boss@example.com")

    def found(q: str) -> list[str]:
        answer = admin.get("/api/admin/users", params={"q": q})
        assert answer.status_code == 200, answer.text
        return sorted(u["email"] for u in answer.json()["users"])

    assert found("a_b") == ["a_b@example.com"]
    assert found("c%d") == ["c%d@example.com"]
    assert found("_") == ["a_b@example.com"]
    assert found("%") == ["c%d@example.com"]
    assert found("\\") == []
