"""Readiness: ask each backing service whether it answers."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text

from embedding.shared import shared_encoder
from search_service.runtime import SearchRuntime
from search_service.schemas import ReadinessStatus


def readiness(state: SearchRuntime) -> ReadinessStatus:
    """Probe Postgres, Redis and Elasticsearch; degraded while search can still answer."""
    services = {
        "postgres": _probe(lambda: _ping_postgres(state)),
        "redis": _probe(lambda: bool(state.redis.ping())),
        "elasticsearch": _probe(lambda: _ping_es(state)),
    }
    up = {name for name, value in services.items() if value == "ok"}
    # Search answers while Elasticsearch does, or from Postgres's fallback while it does not.
    if up == set(services):
        status = "ready"
    elif up & {"elasticsearch", "postgres"}:
        status = "degraded"
    else:
        status = "unready"
    encoder = shared_encoder()
    return ReadinessStatus(
        status=status,
        degraded=services["elasticsearch"] != "ok",
        services=services,
        semantic="ok" if encoder.encoder is not None else f"unavailable: {encoder.reason}",
    )


def _probe(check: Callable[[], bool]) -> str:
    """Run one check; return 'ok' or a short reason."""
    try:
        return "ok" if check() else "unavailable"
    except LookupError as exc:
        return f"unavailable: {exc}"
    except Exception as exc:  # any failure of a probe is an answer, not a crash
        return f"unavailable: {type(exc).__name__}"


def _ping_postgres(state: SearchRuntime) -> bool:
    """Run SELECT 1."""
    with state.engine.connect() as connection:
        return bool(connection.execute(text("SELECT 1")).scalar() == 1)


def _ping_es(state: SearchRuntime) -> bool:
    """Check the cluster is at least yellow and the products alias exists."""
    es = state.es.options(request_timeout=2)
    if str(es.cluster.health().body["status"]) not in ("green", "yellow"):
        return False
    if not es.indices.exists_alias(name=state.settings.products_alias):
        raise LookupError("no products index built yet (run `aisle index rebuild`)")
    return True
