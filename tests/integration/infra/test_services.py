"""The services `aisle services up` started are running and healthy."""

from __future__ import annotations

from core.settings import Settings
from infra import services


def test_all_services_are_healthy(settings: Settings) -> None:
    results = {result.name: result for result in services.status(settings)}
    assert set(results) == {"postgres", "redis", "elasticsearch"}
    for name, result in results.items():
        assert result.running, f"{name} is not running; run `aisle services up`"
        assert result.healthy, f"{name} is not healthy: {result.detail}; read {result.log}"
        assert result.pid is not None
    assert results["elasticsearch"].version == settings.es_version
    assert results["postgres"].port == settings.pg_port


def test_wait_healthy_returns_at_once_when_everything_runs(settings: Settings) -> None:
    services.wait_healthy(settings, timeout=5)
