"""Hostile input: schemathesis over every operation of the OpenAPI spec, against the real stack.

Each operation is fuzzed as an anonymous shopper and as a signed-in admin (session cookie plus
the CSRF header), with valid and invalid inputs, and valid inputs with one value made hostile
(tests/fixtures/hostile_mutations.py: NaN, lone surrogates, NUL under odd JSON content types,
integers past their column), and no answer may be a 5xx; answers with a declared status must
match their declared schema. The run is bounded (a fixed number of
examples per operation, derandomized) so it fits the suite's time and is the same on every run.

It runs on its own database, index prefix and Redis db, served by a real `aisle serve`: the
destructive admin operations (delete products, rebuild and roll back the index, publish merch,
start experiments, queue jobs) are fuzzed too, and nothing they do reaches the shared test data.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from redis import Redis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from accounts.anonymous import new_anonymous_id
from accounts.cookies import ANONYMOUS_COOKIE, SESSION_COOKIE
from accounts.csrf import csrf_token
from accounts.models import Role
from accounts.sessions import create_session
from catalog.generator import generate_products
from catalog.service import import_products
from core import migrate
from core.clients import make_es, make_redis
from core.db import make_engine, make_session_factory
from core.settings import Settings, get_settings
from indexer.rebuild import rebuild
from search_service.app import create_app
from tests.fixtures.accounts import make_user
from tests.fixtures.hostile_mutations import MUTATIONS, Mutation, hostile_request
from tests.fixtures.services import delete_indices, free_port, start_api

# Examples per operation and caller: ~85 operations x 2 callers keeps the module at about
# 2-3.5 minutes on a 2-core machine. A third of them are hostile mutations, which the app
# refuses in a few ms; the rest keep the valid and invalid counts they had before those.
# An offline evaluation runs every judged query per call.
EXAMPLES = {"anonymous": 15, "admin": 45}
SLOW_OPERATIONS = {("POST", "/api/merch/preview/evaluate"): 12}
CATALOG_SIZE = 120
CHECKS = [not_a_server_error, response_schema_conformance]


def spec_operations() -> list[tuple[str, str]]:
    """Return (method, path) of every operation the app's OpenAPI spec declares."""
    spec = create_app(get_settings()).openapi()
    return [(method.upper(), path) for path, ops in spec["paths"].items() for method in ops]


OPERATIONS = spec_operations()


@dataclass
class Target:
    """The running fuzz server and what acting as each caller needs."""

    url: str
    schema: Any
    settings: Settings
    redis: Redis
    engine: Engine
    admin_id: int
    http: requests.Session
    log: Path  # the server's log: a 500's reference leads to its traceback there
    spec: dict[str, Any]  # the raw OpenAPI document, for the hostile mutations' parameters


def fuzz_settings(settings: Settings) -> Settings:
    """Return the test settings moved to the fuzz run's own database and index prefix.

    Redis stays the suite's db (emptied before and after): sessions and queued jobs are all
    the run leaves there.
    """
    return settings.model_copy(
        update={
            "pg_database": f"{settings.pg_database}_fuzz",
            "es_index_prefix": f"{settings.es_index_prefix}-fuzz",
        }
    )


def recreate_database(settings: Settings, name: str, *, create: bool) -> None:
    """Drop (and optionally recreate) a database of the test cluster."""
    admin = create_engine(settings.database_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if create:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


@pytest.fixture(scope="module")
def target(settings: Settings, engine: Engine) -> Iterator[Target]:
    """Serve a fresh catalog from its own namespace with a real `aisle serve`."""
    own = fuzz_settings(settings)
    recreate_database(settings, own.pg_database, create=True)
    migrate.upgrade(own)
    own_engine = make_engine(own, pool_size=2)
    es = make_es(own, timeout=60)
    redis = make_redis(own)
    redis.flushdb()
    delete_indices(es, f"{own.es_index_prefix}-*")
    import_products(
        generate_products(CATALOG_SIZE, 11), session_factory=make_session_factory(own_engine)
    )
    rebuild(engine=own_engine, es=es, alias=own.products_alias, keep=2)
    admin_id = make_user(
        make_session_factory(own_engine), own, "fuzz-admin@example.com", role=Role.ADMIN
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "AISLE_PG_DATABASE": own.pg_database,
        "AISLE_ES_INDEX_PREFIX": own.es_index_prefix,
        "AISLE_API_PORT": str(port),
        "AISLE_PUBLIC_URL": url,
    }
    log = settings.state_dir / "logs" / "test-fuzz-api.log"
    server = start_api(port, env, log)
    try:
        schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
        spec = requests.get(f"{url}/openapi.json", timeout=30).json()
        with requests.Session() as http:
            yield Target(url, schema, own, redis, own_engine, admin_id, http, log, spec)
    finally:
        server.terminate()
        server.wait(timeout=15)
        redis.flushdb()
        redis.close()
        delete_indices(es, f"{own.es_index_prefix}-*")
        es.close()
        own_engine.dispose()
        recreate_database(settings, own.pg_database, create=False)


def credentials(target: Target, caller: str) -> tuple[dict[str, str], dict[str, str]]:
    """Return fresh (cookies, headers) of a caller: an anonymous browser or a signed-in admin.

    Every case gets its own session, and the admin is put back as an active admin first, so a
    fuzzed sign-out, role change or account switch-off cannot shut the rest of the run out.
    """
    anonymous_id = new_anonymous_id(target.settings.secret_key)
    cookies = {ANONYMOUS_COOKIE: anonymous_id}
    session_id = None
    if caller == "admin":
        with target.engine.begin() as connection:
            connection.execute(
                text("UPDATE users SET role = 'admin', status = 'active' WHERE id = :id"),
                {"id": target.admin_id},
            )
        session_id = create_session(
            target.redis, user_id=target.admin_id, role=Role.ADMIN.value, idle_s=600
        )
        cookies[SESSION_COOKIE] = session_id
    token = csrf_token(target.settings, session_id=session_id, anonymous_id=anonymous_id)
    return cookies, {"x-csrf-token": token}


@pytest.mark.parametrize("caller", ["anonymous", "admin"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_server_errors(target: Target, method: str, path: str, caller: str) -> None:
    """Fuzz one operation as one caller: no 5xx, and declared answers match their schema."""
    operation = target.schema[path][method]
    positive = operation.as_strategy(GenerationMode.POSITIVE)
    strategy = st.one_of(
        positive, operation.as_strategy(GenerationMode.NEGATIVE), st.tuples(positive, MUTATIONS)
    )
    parameters = target.spec["paths"][path][method.lower()].get("parameters", [])
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    examples = min(EXAMPLES[caller], SLOW_OPERATIONS.get((method, path), EXAMPLES[caller]))

    @hypothesis_settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def fuzz(case: Any) -> None:
        cookies, headers = credentials(target, caller)
        if isinstance(case, tuple):
            send_hostile(*case, cookies, headers)
            return
        # The CSRF header is a declared (optional) parameter; the fuzzer's value would only
        # ever be refused, so the real one replaces it and the body gets through to the route.
        case.headers = {**(case.headers or {}), **headers}
        case.cookies = {**(case.cookies or {}), **cookies}
        target.http.cookies.clear()  # what earlier answers set (a sign-in's session) goes
        response = case.call(base_url=target.url, session=target.http, timeout=30)
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as exc:  # a FailureGroup naming every failed check
            if len(failures) < 3:
                failures.append(f"{exc}\n  reproduce: {case.as_curl_command()}")

    def send_hostile(
        case: Any, mutation: Mutation, cookies: dict[str, str], headers: dict[str, str]
    ) -> None:
        url, body, content_type = hostile_request(case, mutation, parameters)
        target.http.cookies.clear()
        response = target.http.request(
            method,
            target.url + url,
            data=body,
            headers={**headers, "content-type": content_type},
            cookies=cookies,
            timeout=30,
        )
        statuses[response.status_code] += 1
        if response.status_code >= 500 and len(failures) < 3:
            failures.append(
                f"{response.status_code} on a hostile {method} {url} ({content_type}) "
                f"body {body[:300] if body else body!r}: {response.text[:300]}"
            )

    fuzz()
    assert not failures, f"{method} {path} as {caller} (server log: {target.log}):\n" + (
        "\n\n".join(failures)
    )
    if caller == "admin":  # the session and CSRF token work: the fuzzed input reached the route
        assert set(statuses) - {401, 403}, f"{method} {path}: only {dict(statuses)}"
