"""The real app over the real Postgres and Redis, emptied of accounts before each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy.engine import Engine

from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import Browser, reset_accounts


@pytest.fixture(scope="module")
def app(settings: Settings, engine: Engine) -> Iterator[FastAPI]:
    """Return the running app (its lifespan opened once for the module)."""
    application = create_app(settings)
    with TestClient(application):
        yield application


@pytest.fixture(autouse=True)
def clean_accounts(engine: Engine, redis_client: Redis) -> None:
    """Start every test with no users and no sessions, limits or history in Redis."""
    reset_accounts(engine)
    redis_client.flushdb()


@pytest.fixture()
def browser(app: FastAPI) -> Callable[..., Browser]:
    """Return a factory of fresh browsers (each with its own cookies)."""
    return lambda ip="testclient": Browser(app, ip)
