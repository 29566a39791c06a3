"""Helpers shared by the benchmarks: a scratch database and percentiles."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path
from typing import Any

BENCH_DB = "aisle_bench"
BENCH_PREFIX = "aisle-bench"
RESULTS = Path(__file__).resolve().parent / "results"


def use_bench_namespace() -> None:
    """Point settings at a scratch database and index prefix (call before reading settings)."""
    os.environ["AISLE_PG_DATABASE"] = BENCH_DB
    os.environ["AISLE_ES_INDEX_PREFIX"] = BENCH_PREFIX


def ensure_database(name: str) -> None:
    """Create the scratch database if it does not exist yet."""
    import psycopg2

    from core.settings import Settings

    settings = Settings(pg_database="postgres")
    connection = psycopg2.connect(
        host=settings.pg_host,
        port=settings.pg_port,
        user=settings.pg_user,
        password=settings.pg_password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def percentile(values: list[float], pct: float) -> float:
    """Return the pct-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summarize(latencies_ms: list[float]) -> dict[str, float]:
    """Return median, p95, p99 and mean of latencies."""
    return {
        "p50": statistics.median(latencies_ms) if latencies_ms else 0.0,
        "p95": percentile(latencies_ms, 95),
        "p99": percentile(latencies_ms, 99),
        "mean": statistics.fmean(latencies_ms) if latencies_ms else 0.0,
    }


def save(name: str, payload: dict[str, Any]) -> Path:
    """Write a benchmark's figures as JSON under bench/results/."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2))
    return path
