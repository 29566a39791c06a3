"""Replay the security review's hostile-input probes against a running `aisle serve`.

    python -m bench.hostile_probe --url http://127.0.0.1:8400

Every operation of the server's /openapi.json is probed (bench.hostile_cases) as an anonymous
browser, a shopper, a merchandiser and an admin, and then the abuse limits are probed with a
spoofed X-Forwarded-For that changes on every request: the sign-in and sign-up limits per IP
and the events limit per anonymous client must still answer 429. Prints the probes sent per
route class with their median latency, the 5xx seen (must be 0) and the limits bypassed (must
be 0); exits 1 otherwise. The probe users are made in the database the settings name (run it
with the server's environment) and removed afterwards. Not part of pass/fail: the same probes
run in tests/integration/test_hostile_probe.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from bench.hostile_cases import Probe, probes

ROLES = ("anonymous", "shopper", "merchandiser", "admin")
PASSWORD = "copper-harbour-velvet-42"  # throwaway probe accounts
# Extra requests past a limit before it counts as bypassed (a window may straddle a second).
MARGIN = 3
SHOWN_FAILURES = 20


@dataclass(frozen=True)
class Limits:
    """The abuse limits the server runs with (its AISLE_* settings)."""

    signin_per_ip: int
    signup_per_ip: int
    events_per_client: int


@dataclass
class Report:
    """What the probes found."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server_errors: list[str] = field(default_factory=list)
    errors_by_class: Counter[str] = field(default_factory=Counter)
    limits: list[tuple[str, int, bool]] = field(default_factory=list)  # name, sent, 429 seen

    @property
    def sent(self) -> int:
        """Return how many probes were sent."""
        return sum(len(values) for values in self.latencies.values())

    @property
    def bypasses(self) -> list[str]:
        """Return the limits that never answered 429."""
        return [name for name, _, limited in self.limits if not limited]


class Caller:
    """One browser of the server: its cookies and current CSRF token."""

    def __init__(self, url: str, credentials: tuple[str, str] | None = None) -> None:
        self.http = httpx.Client(base_url=url, timeout=60)
        self.csrf = self.http.get("/api/auth/session").json()["csrf_token"]
        if credentials is not None:
            email, password = credentials
            answer = self.send("POST", "/api/auth/sign-in", {"email": email, "password": password})
            if answer.status_code != 200:
                raise RuntimeError(f"probe user {email} cannot sign in: {answer.text}")
            self.csrf = answer.json()["csrf_token"]

    def send(
        self, method: str, url: str, json: object = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        """Send a JSON request with the CSRF header."""
        return self.http.request(
            method, url, json=json, headers={"x-csrf-token": self.csrf, **(headers or {})}
        )

    def probe(self, probe: Probe) -> httpx.Response:
        """Send one probe as it is, bytes and content type untouched."""
        headers = {"x-csrf-token": self.csrf}
        if probe.content_type is not None:
            headers["content-type"] = probe.content_type
        return self.http.request(probe.method, probe.url, content=probe.body, headers=headers)


def run(url: str, users: dict[str, tuple[str, str]], limits: Limits) -> Report:
    """Send every probe as every role, then the limit probes; return what they found."""
    spec = httpx.get(f"{url}/openapi.json", timeout=30).json()
    cases = list(probes(spec))
    report = Report()
    # Everyone signs in first: the limit probes afterwards may leave this address limited.
    callers = {role: Caller(url, users.get(role)) for role in ROLES}
    for role, caller in callers.items():
        for case in cases:
            started = time.perf_counter()
            try:
                answer = caller.probe(case)
                status, reference = answer.status_code, answer.headers.get("x-request-id", "")
            except httpx.HTTPError as exc:  # a dropped connection is as bad as a 500
                status, reference = 599, repr(exc)
            report.latencies[case.route_class].append((time.perf_counter() - started) * 1000)
            if status >= 500:
                report.errors_by_class[case.route_class] += 1
                report.server_errors.append(
                    f"{status} {case.operation} [{case.name}] as {role} (ref {reference})"
                )
    for caller in callers.values():
        caller.http.close()
    report.limits = list(limit_probes(url, limits))
    return report


def limit_probes(url: str, limits: Limits) -> Iterator[tuple[str, int, bool]]:
    """Yield (limit, requests sent, whether a 429 came) for each abuse limit."""
    run_id = uuid.uuid4().hex[:8]

    def sign_in(i: int) -> object:
        return {"email": f"probe-nobody-{run_id}-{i}@example.com", "password": "not-it-at-all-1"}

    def sign_up(i: int) -> object:
        email = f"probe-signup-{run_id}-{i}@example.com"
        return {"email": email, "password": PASSWORD, "display_name": "probe"}

    def event(i: int) -> object:
        now = datetime.now(UTC).isoformat()
        return {
            "client_event_id": f"probe-{run_id}-{i}",
            "type": "product_view",
            "timestamp": now,
            "product_id": 1,
        }

    for name, path, body, limit in (
        ("sign-in per IP", "/api/auth/sign-in", sign_in, limits.signin_per_ip),
        ("sign-up per IP", "/api/auth/sign-up", sign_up, limits.signup_per_ip),
        ("events per anonymous client", "/api/events", event, limits.events_per_client),
    ):
        sent, limited = _until_limited(Caller(url), path, body, limit + MARGIN)
        yield name, sent, limited


def _until_limited(
    caller: Caller, path: str, body: Callable[[int], object], attempts: int
) -> tuple[int, bool]:
    """Send up to `attempts` requests, each from a new spoofed address; stop at a 429."""
    try:
        for i in range(attempts):
            # Documentation addresses (RFC 5737), only ever written into the header.
            spoofed = f"198.51.{100 + i // 250}.{i % 250 + 1}"
            answer = caller.send("POST", path, body(i), headers={"x-forwarded-for": spoofed})
            if answer.status_code == 429:
                return i + 1, True
        return attempts, False
    finally:
        caller.http.close()


def render(report: Report) -> str:
    """Return the report as a short table and its verdict lines."""
    lines = [f"{'route class':<20} {'probes':>7} {'5xx':>5} {'median ms':>10}"]
    for route_class, values in sorted(report.latencies.items()):
        errors = report.errors_by_class[route_class]
        median = statistics.median(values)
        lines.append(f"{route_class:<20} {len(values):>7} {errors:>5} {median:>10.1f}")
    every = [v for values in report.latencies.values() for v in values]
    median = statistics.median(every) if every else 0.0
    lines.append(f"{'all':<20} {len(every):>7} {len(report.server_errors):>5} {median:>10.1f}")
    lines.append("")
    lines.append(
        f"{'limit (rotating X-Forwarded-For)':<34} {'requests':>8} {'429':>4} {'bypass':>6}"
    )
    for name, sent, limited in report.limits:
        verdict = ("yes", "no") if limited else ("NO", "YES")
        lines.append(f"{name:<34} {sent:>8} {verdict[0]:>4} {verdict[1]:>6}")
    lines.append("")
    lines += [f"  {line}" for line in report.server_errors[:SHOWN_FAILURES]]
    lines.append(f"probes sent: {report.sent}")
    lines.append(f"5xx seen: {len(report.server_errors)}")
    lines.append(f"limits bypassed: {len(report.bypasses)}")
    return "\n".join(lines)


@contextmanager
def probe_users() -> Iterator[dict[str, tuple[str, str]]]:
    """Make a shopper, a merchandiser and an admin in the settings' database; remove them after."""
    from sqlalchemy import delete

    from accounts.models import Role, User, UserStatus
    from accounts.users import create_user
    from core.db import make_engine, make_session_factory
    from core.settings import get_settings

    settings = get_settings()
    engine = make_engine(settings, pool_size=1)
    factory = make_session_factory(engine)
    run_id = uuid.uuid4().hex[:8]
    users = {}
    with factory() as db:
        for role in (Role.SHOPPER, Role.MERCHANDISER, Role.ADMIN):
            email = f"probe-{role.value}-{run_id}@example.com"
            create_user(
                db,
                settings,
                email=email,
                password=PASSWORD,
                display_name="probe",
                role=role,
                status=UserStatus.ACTIVE,
            )
            users[role.value] = (email, PASSWORD)
        db.commit()
    try:
        yield users
    finally:
        with factory() as db:
            db.execute(delete(User).where(User.email.like(f"probe-%-{run_id}%@example.com")))
            db.execute(delete(User).where(User.email.like("probe-signup-%@example.com")))
            db.commit()
        engine.dispose()


def main() -> None:
    """Probe the server at --url and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8400", help="The running server.")
    args = parser.parse_args()
    from core.settings import get_settings

    settings = get_settings()
    limits = Limits(settings.signin_per_ip, settings.signup_per_ip, settings.events_per_client)
    with probe_users() as users:
        report = run(args.url.rstrip("/"), users, limits)
    print(render(report))
    sys.exit(1 if report.server_errors or report.bypasses else 0)


if __name__ == "__main__":
    main()
