"""/metrics, request ids and JSON logs on the real API (`aisle serve`) and a real worker."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from core.jobs import Job, JobStatus, create_job
from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import Browser, make_user, reset_accounts
from tests.fixtures.services import WorkerProcess, free_port

Samples = list[tuple[str, dict[str, str], float]]


def scrape(url: str, **kwargs: Any) -> Samples:
    """Return every sample of a Prometheus endpoint."""
    response = httpx.get(url, timeout=10, **kwargs)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return [
        (sample.name, sample.labels, sample.value)
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    ]


def value(samples: Samples, name: str, **labels: str) -> float | None:
    """Return the sum of the samples of `name` whose labels include `labels` (None: none)."""
    found = [v for n, lab, v in samples if n == name and labels.items() <= lab.items()]
    return sum(found) if found else None


def log_lines(path: Path, needle: str, *, wait_s: float = 5) -> list[dict[str, Any]]:
    """Return the JSON log lines of a file that mention `needle` (waiting a little for them)."""
    deadline = time.monotonic() + wait_s
    while True:
        lines = [
            json.loads(line)
            for line in path.read_text(errors="replace").splitlines()
            if needle in line and line.startswith("{")
        ]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


@pytest.fixture()
def failed_job(session_factory: sessionmaker[Session], engine: Engine) -> Iterator[int]:
    """A failed verify job created just now (removed afterwards)."""
    with session_factory() as db:
        job_id = create_job(db, kind="verify", triggered_by="test", params={}).id
    with engine.begin() as connection:
        connection.execute(
            update(Job).where(Job.id == job_id).values(status=JobStatus.FAILED.value)
        )
    yield job_id
    with engine.begin() as connection:
        connection.execute(delete(Job).where(Job.id == job_id))


def test_metrics_after_a_search(live_app_url: str, failed_job: int) -> None:
    assert httpx.get(f"{live_app_url}/api/search", params={"q": "laptop"}).status_code == 200
    samples = scrape(f"{live_app_url}/metrics")

    searches = value(
        samples,
        "aisle_http_request_duration_seconds_count",
        route="/api/search",
        method="GET",
        status="2xx",
    )
    assert searches is not None and searches >= 1
    assert value(samples, "aisle_http_requests_total", route="/api/search") == searches
    # Never a raw URL as a label.
    assert not [lab for n, lab, _ in samples if "?" in lab.get("route", "")]

    es_searches = value(
        samples, "aisle_backend_call_seconds_count", backend="elasticsearch", operation="_search"
    )
    assert es_searches is not None and es_searches >= 1
    for backend in ("postgres", "redis"):
        calls = value(samples, "aisle_backend_call_seconds_count", backend=backend)
        assert calls is not None and calls >= 1, f"no {backend} calls recorded"

    assert value(samples, "aisle_outbox_pending") is not None
    assert value(samples, "aisle_outbox_oldest_age_seconds") is not None
    model = [lab for n, lab, v in samples if n == "aisle_ranking_model_info" and v == 1]
    assert len(model) == 1 and model[0]["version"]

    failed = value(samples, "aisle_jobs_recent", kind="verify", status="failed")
    assert failed is not None and failed >= 1
    assert (value(samples, "aisle_job_failures_24h", kind="verify") or 0) >= 1
    for source in ("jobs", "outbox", "ranking_model"):
        assert value(samples, "aisle_scrape_errors", source=source) == 0


def test_the_metrics_token_is_enforced_when_set(settings: Settings, indexed_catalog: int) -> None:
    app = create_app(settings.model_copy(update={"metrics_token": "scrape-secret"}))
    with TestClient(app) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert (
            client.get("/metrics", headers={"Authorization": "Basic scrape-secret"}).status_code
            == 401
        )
        allowed = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
        assert allowed.status_code == 200
        assert "aisle_http_request_duration_seconds" in allowed.text
        # The refusals were timed too, under the route's template.
        assert 'route="/metrics",status="4xx"' in allowed.text


def test_the_metrics_route_is_not_in_the_openapi_schema(live_app_url: str) -> None:
    paths = httpx.get(f"{live_app_url}/openapi.json").json()["paths"]
    assert "/metrics" not in paths


def test_responses_carry_a_request_id_that_reaches_the_access_log(
    live_app_url: str, settings: Settings
) -> None:
    fresh = httpx.get(f"{live_app_url}/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", fresh.headers["x-request-id"])

    sane = f"edge-{uuid.uuid4().hex[:12]}"
    echoed = httpx.get(
        f"{live_app_url}/api/search", params={"q": "laptop"}, headers={"X-Request-ID": sane}
    )
    assert echoed.headers["x-request-id"] == sane

    for insane in ("x" * 65, "two words", "<script>"):
        replaced = httpx.get(f"{live_app_url}/healthz", headers={"X-Request-ID": insane})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["x-request-id"])

    access = [
        line
        for line in log_lines(settings.state_dir / "logs" / "test-api.log", sane)
        if line["logger"] == "aisle.access"
    ]
    assert len(access) == 1, access
    line = access[0]
    assert line["request_id"] == sane
    assert (line["method"], line["route"], line["status"]) == ("GET", "/api/search", 200)
    assert line["duration_ms"] >= 0 and line["level"] == "INFO" and line["time"].endswith("Z")


@pytest.fixture(scope="module")
def metrics_worker(settings: Settings, engine: Engine, indexed_catalog: int) -> Iterator[int]:
    """Run a real worker that serves its metrics on a free port; yield the port."""
    port = free_port()
    worker = WorkerProcess(settings, {"AISLE_WORKER_METRICS_PORT": str(port)})
    worker.start()
    yield port
    worker.stop()


def test_a_job_queued_by_a_request_logs_that_request_id_in_the_worker(
    live_app_url: str,
    metrics_worker: int,
    engine: Engine,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    reset_accounts(engine)
    make_user(session_factory, settings, "metrics-ops@example.com", role=Role.ADMIN)
    admin = Browser.over_http(live_app_url)
    assert admin.sign_in("metrics-ops@example.com").status_code == 200
    request_id = f"job-trace-{uuid.uuid4().hex[:10]}"

    queued = admin.post("/api/admin/index/sync", headers={"X-Request-ID": request_id})
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert job["params"]["request_id"] == request_id

    deadline = time.monotonic() + 30
    while (status := admin.get(f"/api/admin/jobs/{job['id']}").json()["status"]) in (
        "queued",
        "running",
    ):
        assert time.monotonic() < deadline, "the sync job never finished"
        time.sleep(0.2)
    assert status == "succeeded"

    lines = log_lines(settings.state_dir / "logs" / "test-worker.log", request_id)
    ours = [line for line in lines if line.get("request_id") == request_id]
    assert len(ours) >= 2, lines  # at least arq's start and finish lines of the job
    assert {(line["job_id"], line["job_kind"]) for line in ours} == {(job["id"], "sync")}
    assert any("sync_outbox" in line["message"] for line in ours)

    worker_samples = scrape(f"http://127.0.0.1:{metrics_worker}/metrics")
    runs = value(
        worker_samples, "aisle_job_duration_seconds_count", kind="sync", status="succeeded"
    )
    assert runs is not None and runs >= 1
    assert (value(worker_samples, "aisle_jobs_finished_total", kind="sync") or 0) >= 1
    # The worker's own backend calls (the job's and the outbox follower's) are there too.
    assert value(worker_samples, "aisle_backend_call_seconds_count", backend="postgres")
    admin.client.close()


def test_a_down_postgres_is_reported_in_the_scrape_not_a_500(
    settings: Settings, indexed_catalog: int
) -> None:
    nobody = settings.model_copy(update={"pg_port": free_port()})  # nothing listens there
    with TestClient(create_app(nobody)) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    samples = [
        (sample.name, sample.labels, sample.value)
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    ]
    assert value(samples, "aisle_scrape_errors", source="jobs") == 1
    assert value(samples, "aisle_scrape_errors", source="outbox") == 1
    assert value(samples, "aisle_jobs_recent") is None
    assert value(samples, "aisle_outbox_pending") is None
    errors = value(samples, "aisle_backend_errors_total", backend="postgres", operation="connect")
    assert errors is not None and errors >= 1
