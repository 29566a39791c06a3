"""The security review's hostile-input probes (bench.hostile_probe) against a real `aisle serve`.

Every operation as every role (anonymous, shopper, merchandiser, admin) gets NaN, infinities,
lone surrogates, NUL under odd JSON content types, integers past 32 and 64 bits, huge strings,
wrong types, deep nesting, empty and non-JSON bodies, in its body, path and query: none may
answer a 5xx. Then the abuse limits are probed from a spoofed X-Forwarded-For that changes on
every request: the sign-in and sign-up limits per IP and the events limit must still say 429.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from redis import Redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from bench.hostile_probe import PASSWORD, Limits, Report, render, run
from core.settings import Settings
from tests.fixtures.accounts import make_user, reset_accounts
from tests.fixtures.services import free_port, start_api

# Low enough that the events limit is reached within the probe's budget.
LIMITS = Limits(signin_per_ip=30, signup_per_ip=10, events_per_client=20)


@pytest.fixture(scope="module")
def report(
    indexed_catalog: int,
    settings: Settings,
    engine: Engine,
    session_factory: sessionmaker[Session],
    redis_client: Redis,
) -> Iterator[Report]:
    """Serve the test catalog with the limits above, make a user of each role, probe it all."""
    reset_accounts(engine)
    redis_client.flushdb()  # limits counted by an earlier run would answer 429 to the sign-ins
    users = {
        role.value: (
            f"probe-{role.value}@example.com",
            PASSWORD,
        )
        for role in (Role.SHOPPER, Role.MERCHANDISER, Role.ADMIN)
    }
    for role in (Role.SHOPPER, Role.MERCHANDISER, Role.ADMIN):
        make_user(session_factory, settings, users[role.value][0], role=role, password=PASSWORD)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "AISLE_API_PORT": str(port),
        "AISLE_PUBLIC_URL": url,
        "AISLE_SIGNIN_PER_IP": str(LIMITS.signin_per_ip),
        "AISLE_SIGNUP_PER_IP": str(LIMITS.signup_per_ip),
        "AISLE_EVENTS_PER_CLIENT": str(LIMITS.events_per_client),
    }
    server = start_api(port, env, settings.state_dir / "logs" / "test-hostile-probe.log")
    try:
        found = run(url, users, LIMITS)
        print(render(found))
        yield found
    finally:
        server.terminate()
        server.wait(timeout=15)
        redis_client.flushdb()


def test_every_route_as_every_role_answers_hostile_input_without_a_5xx(report: Report) -> None:
    assert report.sent > 5000  # every operation, four times over
    assert not report.server_errors, "\n".join(report.server_errors[:30])


def test_a_spoofed_x_forwarded_for_bypasses_no_limit(report: Report) -> None:
    assert len(report.limits) == 3
    assert not report.bypasses, render(report)
