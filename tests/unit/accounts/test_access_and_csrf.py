"""Access decisions are readable from routes; CSRF tokens bind to one session or browser."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from accounts.access import (
    PUBLIC,
    Access,
    Admin,
    Caller,
    CurrentUser,
    api_endpoints,
    undecided_routes,
)
from accounts.anonymous import AnonymousIdMiddleware
from accounts.csrf import csrf_token
from core.settings import Settings

SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]


def toy_app() -> FastAPI:
    app = FastAPI()
    router = APIRouter()

    @router.get("/open", dependencies=[PUBLIC])
    def open_route() -> None: ...

    @router.get("/mine")
    def mine(user: CurrentUser) -> None: ...

    @router.get("/admin")
    def admin(user: Admin, caller: Caller) -> None: ...

    @router.get("/forgotten")
    def forgotten() -> None: ...

    app.include_router(router)
    return app


def test_decisions_are_read_from_dependencies() -> None:
    app = toy_app()
    levels = {e.path: e.access for e in api_endpoints(app.routes)}
    assert levels == {
        "/open": Access.PUBLIC,
        "/mine": Access.SIGNED_IN,
        "/admin": Access.ADMIN,
        "/forgotten": None,
    }
    assert undecided_routes(app.routes) == ["GET /forgotten"]


def test_csrf_tokens_differ_per_session_and_browser() -> None:
    one = csrf_token(SETTINGS, session_id="s1", anonymous_id="a1")
    assert one == csrf_token(SETTINGS, session_id="s1", anonymous_id="a2")  # the session decides
    assert one != csrf_token(SETTINGS, session_id="s2", anonymous_id="a1")
    assert csrf_token(SETTINGS, session_id=None, anonymous_id="a1") != csrf_token(
        SETTINGS, session_id=None, anonymous_id="a2"
    )
    other_key = SETTINGS.model_copy(update={"secret_key": "another"})
    assert one != csrf_token(other_key, session_id="s1", anonymous_id="a1")


def test_the_anonymous_id_cookie_is_issued_once_and_kept() -> None:
    app = FastAPI()

    @app.get("/whoami")
    def whoami(caller: Caller) -> str:
        return caller.anonymous_id

    app.add_middleware(AnonymousIdMiddleware, settings=SETTINGS)
    client = TestClient(app)
    first = client.get("/whoami")
    cookie = first.headers["set-cookie"]
    assert "aisle_anon=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/whoami").json() == first.json()
    assert "set-cookie" not in client.get("/whoami").headers
    client.cookies.set("aisle_anon", "<script>", domain="testserver.local")
    assert client.get("/whoami").json() != "<script>"  # a malformed id is replaced
