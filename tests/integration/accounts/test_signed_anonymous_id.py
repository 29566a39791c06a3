"""Signed anonymous ids over the real app: a chosen cookie is replaced, a signed one keeps its arm."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.anonymous import verified_anonymous_id
from accounts.cookies import ANONYMOUS_COOKIE
from accounts.models import Role
from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts


@pytest.fixture(scope="module")
def app(settings: Settings, indexed_catalog: int) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture()
def experiment(
    app: FastAPI,
    engine: Engine,
    redis_client: Redis[str],
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> Iterator[int]:
    """A running A/B experiment on all search traffic."""
    reset_accounts(engine)
    redis_client.flushdb()
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE experiments RESTART IDENTITY CASCADE"))
    make_user(session_factory, settings, "merch@example.com", role=Role.MERCHANDISER)
    merch = Browser(app)
    merch.sign_in("merch@example.com")
    body = {
        "name": "signed ids",
        "traffic_percent": 100,
        "arms": [{"name": "A", "ranking": "bm25"}, {"name": "B", "ranking": "ltr"}],
    }
    created = merch.post("/api/experiments", body)
    assert created.status_code == 201, created.text
    number = int(created.json()["id"])
    assert merch.post(f"/api/experiments/{number}/start").status_code == 200
    yield number
    merch.post(f"/api/experiments/{number}/stop")


def served(engine: Engine, query_id: str) -> tuple[str, str]:
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT anonymous_id, arm FROM served_queries WHERE query_id = :q"),
            {"q": query_id},
        ).one()
    return str(row[0]), str(row[1])


def search(b: Browser) -> str:
    answer = b.get("/api/search", params={"q": "laptop", "size": 3})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["query_id"])


def test_a_chosen_or_tampered_cookie_is_replaced_by_a_signed_one(
    app: FastAPI, settings: Settings, engine: Engine, experiment: int
) -> None:
    b = Browser(app)
    issued = b.refresh()["anonymous_id"]
    assert verified_anonymous_id(settings.secret_key, issued) == issued
    nonce, mac = issued.split(".")
    for chosen in ["i-want-arm-b-please-0001", f"{nonce[:-2]}xy.{mac}"]:
        b.client.cookies.clear()
        b.client.cookies.set(ANONYMOUS_COOKIE, chosen)
        answer = b.get("/api/search", params={"q": "laptop", "size": 3})
        recorded, _ = served(engine, answer.json()["query_id"])
        assert recorded != chosen  # the search is not credited to the chosen id
        assert verified_anonymous_id(settings.secret_key, recorded) == recorded
        assert f"{ANONYMOUS_COOKIE}={recorded}" in answer.headers["set-cookie"]


def test_a_signed_id_keeps_its_arm(app: FastAPI, engine: Engine, experiment: int) -> None:
    arms = set()
    for _ in range(6):
        b = Browser(app)
        seen = {served(engine, search(b)) for _ in range(4)}
        assert len(seen) == 1  # one id, one arm, search after search
        arms |= {arm for _, arm in seen}
        assert "set-cookie" not in b.get("/api/search", params={"q": "tv"}).headers
    assert arms <= {"A", "B"}
