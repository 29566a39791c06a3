"""Start, stop and inspect Postgres, Redis and Elasticsearch together for `aisle services`."""

from __future__ import annotations

import contextlib
import fcntl
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from core.settings import Settings
from infra import elasticsearch, postgres, redis_server
from infra.process import ServiceError, ServiceStatus

__all__ = ["SERVICE_NAMES", "ServiceError", "ServiceStatus", "down", "status", "up", "wait_healthy"]


@dataclass(frozen=True)
class Service:
    """The lifecycle functions of one service."""

    name: str
    start: Callable[[Settings], None]
    stop: Callable[[Settings], None]
    status: Callable[[Settings], ServiceStatus]
    healthy: Callable[[Settings], bool]


# Start order; stopping goes the other way round.
SERVICES = (
    Service(postgres.NAME, postgres.start, postgres.stop, postgres.status, postgres.healthy),
    Service(
        redis_server.NAME,
        redis_server.start,
        redis_server.stop,
        redis_server.status,
        redis_server.healthy,
    ),
    Service(
        elasticsearch.NAME,
        elasticsearch.start,
        elasticsearch.stop,
        elasticsearch.status,
        elasticsearch.healthy,
    ),
)
SERVICE_NAMES = tuple(service.name for service in SERVICES)


def select(only: Iterable[str] | None = None) -> list[Service]:
    """Return the services named in `only` (all when empty), in start order."""
    wanted = set(only or ())
    unknown = wanted - set(SERVICE_NAMES)
    if unknown:
        raise ServiceError(f"unknown service(s) {sorted(unknown)}; choose from {SERVICE_NAMES}")
    return [s for s in SERVICES if not wanted or s.name in wanted]


# What a failing start or stop may raise; each becomes one line of the combined error.
FAILURES = (ServiceError, OSError, subprocess.SubprocessError)


@contextlib.contextmanager
def exclusive(settings: Settings) -> Iterator[None]:
    """Hold a lock in the state dir so two `aisle services` runs do not race each other."""
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    with (settings.state_dir / ".services.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def up(
    settings: Settings,
    only: Iterable[str] | None = None,
    on_ready: Callable[[ServiceStatus], None] | None = None,
) -> list[ServiceStatus]:
    """Install and start the selected services, wait until healthy; raise if any failed."""
    results: list[ServiceStatus] = []
    failures: list[str] = []
    with exclusive(settings):
        for service in select(only):
            try:
                service.start(settings)
            except FAILURES as exc:
                failures.append(f"{service.name}: {exc}")
            result = service.status(settings)
            results.append(result)
            if on_ready is not None:
                on_ready(result)
    if failures:
        raise ServiceError("\n\n".join(failures))
    return results


def down(settings: Settings, only: Iterable[str] | None = None) -> list[ServiceStatus]:
    """Stop the selected services, newest dependency last; return their final status."""
    failures: list[str] = []
    with exclusive(settings):
        for service in reversed(select(only)):
            try:
                service.stop(settings)
            except FAILURES as exc:
                failures.append(f"{service.name}: {exc}")
    if failures:
        raise ServiceError("\n\n".join(failures))
    return status(settings, only)


def status(settings: Settings, only: Iterable[str] | None = None) -> list[ServiceStatus]:
    """Return the status of the selected services."""
    return [service.status(settings) for service in select(only)]


def wait_healthy(
    settings: Settings, only: Iterable[str] | None = None, timeout: float = 90.0
) -> None:
    """Wait until every selected service is healthy; raise naming those that are not."""
    deadline = time.monotonic() + timeout
    pending = select(only)
    while pending:
        pending = [service for service in pending if not service.healthy(settings)]
        if not pending:
            return
        if time.monotonic() >= deadline:
            names = ", ".join(service.name for service in pending)
            raise ServiceError(f"not healthy after {timeout:.0f} s: {names}; see {_logs(settings)}")
        time.sleep(0.5)


def _logs(settings: Settings) -> str:
    return str(settings.state_dir / "logs")
