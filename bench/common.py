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


def empty_schema() -> None:
    """Drop and recreate the scratch schema (frees its disk at once), then migrate it."""
    from sqlalchemy import text

    from core import migrate
    from core.runtime import open_runtime
    from core.settings import get_settings

    settings = get_settings()
    with open_runtime(settings) as rt, rt.engine.begin() as connection:
        connection.execute(text("SET LOCAL statement_timeout = 0"))
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate.upgrade(settings)


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


def pid_listening_on(port: int) -> int | None:
    """Return the pid of the process listening on a local TCP port, if one is found."""
    import psutil  # type: ignore[import-untyped]

    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
            return int(conn.pid) if conn.pid else None
    return None


def rss_mb(pid: int | None) -> float | None:
    """Return a process's resident set size in MB (None when it cannot be read)."""
    import psutil

    if pid is None:
        return None
    try:
        return round(float(psutil.Process(pid).memory_info().rss) / 2**20, 1)
    except psutil.Error:
        return None


def es_memory(es_url: str) -> dict[str, float]:
    """Return the Elasticsearch node's JVM heap used/max and process RSS, in MB ({} if down)."""
    import httpx

    try:
        body = httpx.get(f"{es_url}/_nodes/_local/stats/jvm,process", timeout=10).json()
    except httpx.HTTPError:
        return {}  # e.g. restarted by someone's fault-injection tests; the caller carries on
    node = next(iter(body["nodes"].values()))
    heap = node["jvm"]["mem"]
    figures = {
        "heap_used_mb": round(heap["heap_used_in_bytes"] / 2**20, 1),
        "heap_max_mb": round(heap["heap_max_in_bytes"] / 2**20, 1),
    }
    es_port = int(es_url.rsplit(":", 1)[1].rstrip("/"))
    rss = rss_mb(pid_listening_on(es_port))
    if rss is not None:
        figures["rss_mb"] = rss
    return figures


def start_api(
    port: int, env: dict[str, str] | None = None, wait_s: float = 60, cwd: Path | None = None
) -> Any:
    """Start `aisle serve` on 127.0.0.1:port (extra env on top of ours); wait until ready.

    With `cwd`, the API runs the code checked out there (`python -m` imports from it first).
    """
    import subprocess
    import sys
    import time

    import httpx

    command = [sys.executable, "-m", "search_service", "serve", "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        env={**os.environ, **(env or {})},
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the API on port {port} exited with {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise RuntimeError(f"the API on port {port} did not become ready in {wait_s:.0f}s")


def stop_api(server: Any) -> None:
    """Stop an API started by start_api."""
    import subprocess

    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
