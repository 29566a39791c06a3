"""Rebuilds through the admin API and a real worker: progress, 409, cancel, SIGKILL, rollback.

Runs the real API (`aisle serve`) and a real, deliberately slow `aisle worker` against the real
Postgres, Redis and Elasticsearch.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from elasticsearch import Elasticsearch
from redis import Redis
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.models import Role
from core.settings import Settings
from indexer import versions
from tests.fixtures.accounts import Browser, make_user, reset_accounts
from tests.fixtures.services import WorkerProcess

pytestmark = pytest.mark.usefixtures("slow_worker")


@pytest.fixture(scope="module")
def admin(
    live_app_url: str, engine: Engine, session_factory: sessionmaker[Session], settings: Settings
) -> Iterator[Browser]:
    reset_accounts(engine)
    make_user(session_factory, settings, "ops@example.com", role=Role.ADMIN)
    browser = Browser.over_http(live_app_url)
    assert browser.sign_in("ops@example.com").status_code == 200
    yield browser
    browser.client.close()


def wait_for(admin: Browser, job_id: int, until: Any, timeout: float = 60) -> dict[str, Any]:
    """Poll a job until `until(job)` holds; return the job."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = admin.get(f"/api/admin/jobs/{job_id}").json()
        if until(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} never got there: {job}")


def ended(job: dict[str, Any]) -> bool:
    return job["status"] not in ("queued", "running")


def loading(job: dict[str, Any]) -> bool:
    return job["phase"] == "loading" and job["done"] > 0


def index_names(es: Elasticsearch, settings: Settings) -> set[str]:
    return {v.name for v in versions.list_versions(es, settings.products_alias)}


def test_rebuild_through_the_api_reports_progress_and_goes_live(
    admin: Browser, es: Elasticsearch, settings: Settings, indexed_catalog: int
) -> None:
    before = versions.live_index(es, settings.products_alias)
    started = admin.post("/api/admin/index/rebuild")
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["kind"] == "rebuild" and job["status"] == "queued"
    assert job["triggered_by"] == "ops@example.com"
    seen = wait_for(admin, job["id"], loading)
    assert 0 < seen["done"] < seen["total"] == indexed_catalog
    done = wait_for(admin, job["id"], ended)
    assert done["status"] == "succeeded", done
    assert done["result"]["documents"] == indexed_catalog
    live = versions.live_index(es, settings.products_alias)
    assert live == done["result"]["index"] != before
    status = admin.get("/api/admin/index").json()
    assert status["live"] == live and status["es_documents"] == status["postgres_products"]
    assert [v["name"] for v in status["versions"] if v["live"]] == [live]


def test_a_second_rebuild_is_refused_while_one_runs(admin: Browser) -> None:
    first = admin.post("/api/admin/index/rebuild").json()
    second = admin.post("/api/admin/index/rebuild")
    assert second.status_code == 409
    assert f"job {first['id']}" in second.json()["detail"][0]["msg"]
    assert wait_for(admin, first["id"], ended)["status"] == "succeeded"
    third = admin.post("/api/admin/index/rebuild")  # free again
    assert third.status_code == 202
    wait_for(admin, third.json()["id"], ended)


def test_cancel_leaves_the_live_index_and_removes_the_partial_one(
    admin: Browser, es: Elasticsearch, settings: Settings
) -> None:
    live = versions.live_index(es, settings.products_alias)
    kept = index_names(es, settings)
    job = admin.post("/api/admin/index/rebuild").json()
    wait_for(admin, job["id"], loading)
    cancelling = admin.post(f"/api/admin/jobs/{job['id']}/cancel")
    assert cancelling.status_code == 200 and cancelling.json()["cancel_requested"]
    done = wait_for(admin, job["id"], ended)
    assert done["status"] == "cancelled"
    assert versions.live_index(es, settings.products_alias) == live
    assert index_names(es, settings) == kept
    again = admin.post(f"/api/admin/jobs/{job['id']}/cancel")
    assert again.status_code == 409 and "already cancelled" in again.text


def test_a_worker_killed_mid_rebuild_fails_the_job_and_is_cleaned_up(
    admin: Browser, es: Elasticsearch, settings: Settings, slow_worker: WorkerProcess
) -> None:
    live = versions.live_index(es, settings.products_alias)
    job = admin.post("/api/admin/index/rebuild").json()
    wait_for(admin, job["id"], loading)
    partial = index_names(es, settings) - {
        v.name for v in versions.list_versions(es, settings.products_alias) if v.complete
    }
    assert partial, "the build should have an incomplete index by now"
    slow_worker.kill()
    assert versions.live_index(es, settings.products_alias) == live  # shoppers never noticed
    time.sleep(3.5)  # the heartbeat goes stale
    slow_worker.start()  # a fresh worker reaps the dead job at startup
    done = wait_for(admin, job["id"], ended, timeout=30)
    assert done["status"] == "failed" and "worker running this job stopped" in done["error"]
    assert versions.live_index(es, settings.products_alias) == live
    assert not partial & index_names(es, settings), "the partial index was not removed"
    retry = admin.post("/api/admin/index/rebuild").json()  # the lock died with the worker
    assert wait_for(admin, retry["id"], ended)["status"] == "succeeded"


def test_rollback_through_the_api(admin: Browser, es: Elasticsearch, settings: Settings) -> None:
    kept = versions.list_versions(es, settings.products_alias)
    live, previous = kept[0], kept[1]
    assert live.live and previous.complete
    rolled = admin.post("/api/admin/index/rollback", {})
    assert rolled.status_code == 200, rolled.text
    assert rolled.json() == {"left": live.name, "live": previous.name}
    assert versions.live_index(es, settings.products_alias) == previous.name
    back = admin.post("/api/admin/index/rollback", {"to": live.name})
    assert back.json()["live"] == live.name
    bad = admin.post("/api/admin/index/rollback", {"to": "no-such-index"})
    assert bad.status_code == 409 and "choose from" in bad.text


def test_searches_never_fail_during_a_rebuild(admin: Browser, live_app_url: str) -> None:
    failures: list[str] = []
    count = 0
    stop = threading.Event()

    def search() -> None:
        nonlocal count
        with httpx.Client(base_url=live_app_url, timeout=10) as client:
            while not stop.is_set():
                response = client.get("/api/search", params={"q": "laptop"})
                count += 1
                if response.status_code != 200 or response.json()["total"] == 0:
                    failures.append(f"{response.status_code} {response.text[:200]}")

    searcher = threading.Thread(target=search)
    searcher.start()
    try:
        job = admin.post("/api/admin/index/rebuild").json()
        assert wait_for(admin, job["id"], ended)["status"] == "succeeded"
    finally:
        stop.set()
        searcher.join()
    assert count > 20 and not failures, failures[:5]


def test_parity_check_and_sync_jobs(admin: Browser) -> None:
    verify = admin.post("/api/admin/index/verify").json()
    done = wait_for(admin, verify["id"], ended)
    assert done["status"] == "succeeded" and done["result"]["in_sync"] is True
    sync = admin.post("/api/admin/index/sync").json()
    assert wait_for(admin, sync["id"], ended)["status"] == "succeeded"


def test_job_history_survives_a_redis_flush(admin: Browser, redis_client: Redis) -> None:
    before = admin.get("/api/admin/jobs").json()
    assert before["total"] >= 5
    redis_client.flushdb()  # the queue, and every session, are gone
    admin.refresh()
    assert admin.sign_in("ops@example.com").status_code == 200
    assert admin.get("/api/admin/jobs").json()["total"] == before["total"]  # kept in Postgres
    kinds = {
        job["kind"]
        for job in admin.get("/api/admin/jobs", params={"status": "failed"}).json()["jobs"]
    }
    assert kinds == {"rebuild"}


def test_health_reports_every_piece(admin: Browser, slow_worker: WorkerProcess) -> None:
    slow_worker.stop()
    slow_worker.start()  # the flush above removed its heartbeat key; a fresh start beats again
    health = admin.get("/api/admin/health").json()
    assert health["services"] == {
        "postgres": "ok",
        "redis": "ok",
        "elasticsearch": "ok",
        "worker": "ok",
    }
    assert health["workers"] and health["outbox_pending"] >= 0
