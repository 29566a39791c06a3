"""Browser sessions (cookies, fixation, sign-out) and CSRF protection, on the real Redis."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy.orm import Session, sessionmaker

from accounts.secrets import digest
from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import PASSWORD, Browser, make_user

pytestmark = pytest.mark.clock

EMAIL = "ann@example.com"


@pytest.fixture()
def ann(session_factory: sessionmaker[Session], settings: Settings) -> int:
    return make_user(session_factory, settings, EMAIL)


def test_the_session_cookie_is_http_only_and_same_site(
    browser: Callable[..., Browser], ann: int
) -> None:
    cookie = browser().sign_in(EMAIL).headers["set-cookie"].lower()
    assert "aisle_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie


def test_secure_cookies_when_configured(settings: Settings, ann: int) -> None:
    secure = create_app(settings.model_copy(update={"cookie_secure": True}))
    with TestClient(secure, base_url="https://testserver") as client:
        first = client.get("/api/auth/session")
        assert "secure" in first.headers["set-cookie"].lower()  # the anonymous id
        signed_in = client.post(
            "/api/auth/sign-in",
            json={"email": EMAIL, "password": PASSWORD},
            headers={"x-csrf-token": first.json()["csrf_token"]},
        )
        assert "secure" in signed_in.headers["set-cookie"].lower()


def test_sessions_live_in_redis_under_a_digest_only(
    browser: Callable[..., Browser], ann: int, redis_client: Redis
) -> None:
    b = browser()
    b.sign_in(EMAIL)
    session_id = b.client.cookies["aisle_session"]
    assert redis_client.exists(f"aisle:session:{digest(session_id)}")
    assert not any(session_id in key for key in redis_client.keys("*"))
    assert 0 < redis_client.ttl(f"aisle:session:{digest(session_id)}") <= 7 * 24 * 3600


def test_sign_in_issues_a_fresh_session_id(browser: Callable[..., Browser], ann: int) -> None:
    """Session fixation: an id planted before sign-in (even a once-valid one) is never adopted."""
    attacker = browser()
    attacker.sign_in(EMAIL)
    planted = attacker.client.cookies["aisle_session"]
    victim = browser()
    victim.client.cookies.set("aisle_session", planted, domain="testserver.local")
    victim.refresh()
    assert victim.sign_in(EMAIL).status_code == 200
    assert victim.client.cookies["aisle_session"] != planted
    # The planted id stopped working: nobody holding it is signed in.
    attacker.client.cookies.set("aisle_session", planted, domain="testserver.local")
    assert attacker.get("/api/account").status_code == 401


def test_an_invented_session_id_is_not_adopted(browser: Callable[..., Browser], ann: int) -> None:
    b = browser()
    b.client.cookies.set("aisle_session", "chosen-by-the-attacker", domain="testserver.local")
    b.refresh()
    b.sign_in(EMAIL)
    assert b.client.cookies["aisle_session"] != "chosen-by-the-attacker"


def test_sign_out_ends_the_session(browser: Callable[..., Browser], ann: int) -> None:
    b = browser()
    b.sign_in(EMAIL)
    session_id = b.client.cookies["aisle_session"]
    signed_out = b.post("/api/auth/sign-out")
    assert signed_out.status_code == 200 and signed_out.json()["user"] is None
    replay = browser()
    replay.client.cookies.set("aisle_session", session_id, domain="testserver.local")
    assert replay.get("/api/account").status_code == 401


def test_the_anonymous_id_is_stable(browser: Callable[..., Browser]) -> None:
    b = browser()
    first = b.refresh()["anonymous_id"]
    assert b.refresh()["anonymous_id"] == first
    assert browser().refresh()["anonymous_id"] != first


def test_state_changes_without_a_csrf_token_are_refused(
    browser: Callable[..., Browser], ann: int
) -> None:
    b = browser()
    b.sign_in(EMAIL)
    for method, path, body in [
        ("POST", "/api/auth/sign-out", None),
        ("PATCH", "/api/account", {"display_name": "Mallory"}),
        ("POST", "/api/account/tokens", {"name": "stolen"}),
        ("PUT", "/api/cart/items/1", {"quantity": 1}),
    ]:
        response = b.client.request(method, path, json=body)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["detail"][0]["type"] == "csrf_failed"
        assert "X-CSRF-Token" in response.json()["detail"][0]["msg"]
    assert b.get("/api/account").json()["display_name"] == "ann"  # nothing changed


def test_sign_in_itself_needs_the_token(browser: Callable[..., Browser], ann: int) -> None:
    """Login CSRF: a cross-site form must not sign the victim into the attacker's account."""
    response = browser().client.post(
        "/api/auth/sign-in", json={"email": EMAIL, "password": PASSWORD}
    )
    assert response.status_code == 403 and response.json()["detail"][0]["type"] == "csrf_failed"


def test_a_token_from_another_browser_or_session_is_refused(
    browser: Callable[..., Browser], ann: int
) -> None:
    b, other = browser(), browser()
    b.sign_in(EMAIL)
    forged = b.client.patch(
        "/api/account", json={"display_name": "X"}, headers={"x-csrf-token": other.csrf}
    )
    assert forged.status_code == 403
    anonymous_token = browser().csrf
    stale = b.client.patch(
        "/api/account", json={"display_name": "X"}, headers={"x-csrf-token": anonymous_token}
    )
    assert stale.status_code == 403
    assert b.send("PATCH", "/api/account", {"display_name": "Ann"}).status_code == 200


def test_the_token_changes_with_the_session(browser: Callable[..., Browser], ann: int) -> None:
    b = browser()
    before = b.csrf
    b.sign_in(EMAIL)
    assert b.csrf != before
    pre_sign_in = b.client.post("/api/auth/sign-out", headers={"x-csrf-token": before})
    assert pre_sign_in.status_code == 403


def test_api_token_requests_need_no_csrf_token(
    browser: Callable[..., Browser], ann: int, app: object
) -> None:
    b = browser()
    b.sign_in(EMAIL)
    secret = b.post("/api/account/tokens", {"name": "script"}).json()["token"]
    script = TestClient(app)  # type: ignore[arg-type]
    response = script.patch(
        "/api/account", json={"display_name": "Bot"}, headers={"authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    bad = script.put(
        "/api/cart/items/1", json={"quantity": 1}, headers={"authorization": "Bearer aisle_wrong"}
    )
    assert bad.status_code == 401  # a bad token is refused, never treated as anonymous
