"""What accounts cost per request: argon2id, sign-in, and session or token authentication.

    python -m bench.auth [--n 200]

Runs the app in-process (no HTTP) against the real Postgres and Redis, in the scratch
`aisle_bench` database and Redis db 14, with the production argon2id cost and abuse limits
raised so the benchmark is not itself rate limited.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from bench.common import BENCH_DB, ensure_database, save, summarize, use_bench_namespace

PASSWORD = "copper-harbour-velvet-42"  # a throwaway benchmark account


def timed(n: int, call: Callable[[], object]) -> dict[str, float]:
    """Return latency statistics (ms) of n calls."""
    latencies = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        latencies.append((time.perf_counter() - started) * 1000)
    return summarize(latencies)


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="Requests per measurement.")
    args = parser.parse_args()
    use_bench_namespace()
    os.environ.update(
        AISLE_REDIS_DB="14", AISLE_SIGNIN_PER_IP="1000000", AISLE_SIGNIN_PER_ACCOUNT="1000000"
    )
    ensure_database(BENCH_DB)

    from fastapi.testclient import TestClient
    from sqlalchemy import text

    from accounts.models import Role, UserStatus
    from accounts.passwords import hash_password
    from accounts.users import create_user, find_user_by_email
    from core import migrate
    from core.db import make_engine, make_session_factory
    from core.settings import get_settings
    from search_service.app import create_app

    settings = get_settings()
    migrate.upgrade(settings)
    engine = make_engine(settings)
    with make_session_factory(engine)() as db:
        db.execute(text("DELETE FROM users WHERE email = 'bench@example.com'"))
        create_user(
            db,
            settings,
            email="bench@example.com",
            password=PASSWORD,
            display_name="Bench",
            role=Role.SHOPPER,
            status=UserStatus.ACTIVE,
        )
        db.commit()
        assert find_user_by_email(db, "bench@example.com") is not None

    results: dict[str, dict[str, float]] = {}
    results["argon2id hash (production cost)"] = timed(
        20, lambda: hash_password(settings, PASSWORD)
    )
    with TestClient(create_app(settings)) as client:
        csrf = [client.get("/api/auth/session").json()["csrf_token"]]

        def sign_in() -> None:
            response = client.post(
                "/api/auth/sign-in",
                headers={"x-csrf-token": csrf[0]},
                json={"email": "bench@example.com", "password": PASSWORD},
            )
            assert response.status_code == 200, response.text
            csrf[0] = response.json()["csrf_token"]  # a new session, so a new token

        results["sign-in"] = timed(min(args.n, 50), sign_in)
        token = client.post(
            "/api/account/tokens",
            json={"name": "bench"},
            headers={"x-csrf-token": csrf[0]},
        ).json()["token"]
        anonymous = TestClient(client.app)
        results["GET /healthz (no identity)"] = timed(args.n, lambda: anonymous.get("/healthz"))
        results["GET /api/history, anonymous"] = timed(
            args.n, lambda: anonymous.get("/api/history")
        )
        results["GET /api/account, session"] = timed(args.n, lambda: client.get("/api/account"))
        results["GET /api/account, API token"] = timed(
            args.n,
            lambda: anonymous.get("/api/account", headers={"authorization": f"Bearer {token}"}),
        )
    engine.dispose()
    for name, stats in results.items():
        print(f"{name:<34} p50 {stats['p50']:7.2f} ms   p95 {stats['p95']:7.2f} ms")
    save("auth", results)


if __name__ == "__main__":
    main()
