"""Signing up with a taken address costs what a new one does, at the production hash cost."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import PASSWORD, Browser, make_user

# The suite's cheap hash costs about what the database work does, which would hide the gap.
PRODUCTION_COST = {"argon2_memory_kib": 65536, "argon2_time_cost": 3}


@pytest.fixture(scope="module")
def costly_settings(settings: Settings) -> Settings:
    """Return the test settings with the production argon2id cost."""
    return settings.model_copy(update=PRODUCTION_COST)


@pytest.fixture(scope="module")
def app(costly_settings: Settings, engine: Engine) -> Iterator[FastAPI]:
    """Return the app hashing at the production cost (this module's `browser` uses it)."""
    application = create_app(costly_settings)
    with TestClient(application):
        yield application


def test_known_addresses_sign_up_as_slowly_as_new_ones(
    browser: Callable[..., Browser],
    session_factory: sessionmaker[Session],
    costly_settings: Settings,
) -> None:
    """Before both paths hashed, a taken address answered in ~5 % of a new one's time."""
    known = [f"known{n}@example.com" for n in range(7)]
    for email in known:
        make_user(session_factory, costly_settings, email)

    def timed(n: int, email: str) -> float:
        b = browser(f"10.20.0.{n}")  # one address each: the per-IP sign-up limit stays clear
        body = {"email": email, "password": PASSWORD, "display_name": "Sam"}
        started = time.perf_counter()
        assert b.post("/api/auth/sign-up", body).status_code == 202
        return time.perf_counter() - started

    taken = statistics.median(timed(n, email) for n, email in enumerate(known))
    new = statistics.median(timed(100 + n, f"new{n}@example.com") for n in range(7))
    assert 0.5 * new < taken < 2 * new, (taken, new)
