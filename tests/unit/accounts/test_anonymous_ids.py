"""Signed anonymous ids: issued by the server, verified by HMAC, anything else refused."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from accounts.access import Caller
from accounts.anonymous import AnonymousIdMiddleware, new_anonymous_id, verified_anonymous_id
from accounts.cookies import ANONYMOUS_ID
from core.settings import Settings

KEY = "a-server-secret"


def test_an_issued_id_verifies_and_fits_the_columns() -> None:
    issued = new_anonymous_id(KEY)
    assert verified_anonymous_id(KEY, issued) == issued
    assert ANONYMOUS_ID.match(issued) and len(issued) <= 64
    assert new_anonymous_id(KEY) != issued  # random, not derived from anything the client sends


def test_a_chosen_tampered_or_foreign_id_is_refused() -> None:
    issued = new_anonymous_id(KEY)
    nonce, mac = issued.split(".")
    flipped = mac[:-1] + ("0" if mac[-1] != "0" else "1")
    for forged in [
        None,
        "",
        "my-chosen-anonymous-id",  # the old format: any 16-64 URL-safe characters
        nonce,
        f"{nonce}.{flipped}",
        f"{'A' * 22}.{mac}",  # someone else's MAC on a chosen id
        f"{nonce}.{mac.upper()}",
        f"{issued}x",
    ]:
        assert verified_anonymous_id(KEY, forged) is None, forged
    assert verified_anonymous_id("another-server", issued) is None  # signed under another key


def test_the_middleware_replaces_a_tampered_cookie_and_keeps_a_signed_one() -> None:
    settings = Settings(_env_file=None, secret_key=KEY)
    app = FastAPI()

    @app.get("/whoami")
    def whoami(caller: Caller) -> str:
        return caller.anonymous_id

    app.add_middleware(AnonymousIdMiddleware, settings=settings)
    client = TestClient(app)
    mine = client.get("/whoami").json()
    assert verified_anonymous_id(KEY, mine) == mine
    assert client.get("/whoami").json() == mine  # stable while the cookie is kept
    nonce, mac = mine.split(".")
    for tampered in ["steer-me-into-arm-b-0001", f"{nonce[::-1]}.{mac}"]:
        client.cookies.clear()
        client.cookies.set("aisle_anon", tampered, domain="testserver.local")
        answer = client.get("/whoami")
        fresh = answer.json()
        assert fresh != tampered and verified_anonymous_id(KEY, fresh) == fresh
        assert f"aisle_anon={fresh}" in answer.headers["set-cookie"]
