"""The request-id and metrics middlewares over a small app: ids, route labels, access lines."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi import APIRouter, BackgroundTasks, FastAPI, Request
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from core.metrics import UNMATCHED, MetricsMiddleware, RouteLabels, status_class
from core.request_context import (
    RequestIdMiddleware,
    current_request_id,
    new_request_id,
    sane_request_id,
)

seen: dict[str, str | None] = {}


def build_app() -> FastAPI:
    inner = APIRouter(prefix="/things")

    @inner.get("/{thing_id}")
    def read_thing(thing_id: int, request: Request, background: BackgroundTasks) -> dict[str, str]:
        # A sync route runs in the thread pool; the background task after the response.
        background.add_task(lambda: seen.__setitem__("background", current_request_id()))
        seen["state"] = request.state.request_id
        return {"request_id": current_request_id() or ""}

    @inner.get("/boom/now")
    def boom() -> None:
        raise RuntimeError("broken")

    outer = APIRouter(prefix="/api")
    outer.include_router(inner)
    app = FastAPI()
    app.include_router(outer)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(RequestIdMiddleware)
    return app


@pytest.fixture()
def client() -> TestClient:
    seen.clear()
    return TestClient(build_app(), raise_server_exceptions=False)


def count(route: str, method: str = "GET", status: str = "2xx") -> float:
    value = REGISTRY.get_sample_value(
        "aisle_http_request_duration_seconds_count",
        {"route": route, "method": method, "status": status},
    )
    return value or 0.0


def test_sane_request_ids() -> None:
    assert sane_request_id("abc-123_x.y") == "abc-123_x.y"
    assert sane_request_id("a" * 64) == "a" * 64
    for bad in ("a" * 65, "has space", "semi;colon", "new\nline", "ünïcode", "", None):
        assert sane_request_id(bad) is None
    assert re.fullmatch(r"[0-9a-f]{32}", new_request_id())


def test_a_request_gets_an_id_everywhere_it_runs(client: TestClient) -> None:
    response = client.get("/api/things/7")
    request_id = response.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert response.json() == {"request_id": request_id}  # in the thread pool
    assert seen == {"state": request_id, "background": request_id}
    assert current_request_id() is None  # and nowhere after


def test_a_sane_incoming_id_is_kept_and_an_insane_one_replaced(client: TestClient) -> None:
    kept = client.get("/api/things/7", headers={"X-Request-ID": "edge-1234.abc"})
    assert kept.headers["x-request-id"] == "edge-1234.abc"
    assert kept.json()["request_id"] == "edge-1234.abc"
    for insane in ("x" * 65, "<script>", "two words"):
        replaced = client.get("/api/things/7", headers={"X-Request-ID": insane})
        assert replaced.headers["x-request-id"] != insane
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["x-request-id"])


def test_requests_are_timed_under_their_full_route_template(client: TestClient) -> None:
    before = count("/api/things/{thing_id}")
    before_raw = count("/api/things/7")
    for thing in (1, 2, 3):
        assert client.get(f"/api/things/{thing}").status_code == 200
    assert count("/api/things/{thing_id}") == before + 3
    assert count("/api/things/7") == before_raw == 0  # never the raw URL


def test_unmatched_paths_share_one_label_and_errors_count_as_5xx(client: TestClient) -> None:
    before = count(UNMATCHED, status="4xx")
    for path in ("/nope", "/nope/again", "/api/other"):
        assert client.get(path).status_code == 404
    assert count(UNMATCHED, status="4xx") == before + 3
    before_500 = count("/api/things/boom/now", status="5xx")
    assert client.get("/api/things/boom/now").status_code == 500
    assert count("/api/things/boom/now", status="5xx") == before_500 + 1


def test_unknown_methods_are_lumped_together(client: TestClient) -> None:
    before = count(UNMATCHED, method="other", status="4xx")
    client.request("BREW", "/nope")
    assert count(UNMATCHED, method="other", status="4xx") == before + 1


def test_one_access_line_per_request(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="aisle.access"):
        response = client.get("/api/things/5", headers={"X-Request-ID": "trace-me"})
    lines = [r for r in caplog.records if r.name == "aisle.access"]
    assert len(lines) == 1
    line = lines[0]
    assert line.__dict__["route"] == "/api/things/{thing_id}"
    assert line.__dict__["path"] == "/api/things/5"
    assert line.__dict__["status"] == response.status_code == 200
    assert line.__dict__["method"] == "GET"
    assert isinstance(line.__dict__["duration_ms"], float)


def test_route_labels_without_a_match_and_status_classes() -> None:
    assert RouteLabels().label({"type": "http"}) == UNMATCHED
    assert [status_class(s) for s in (200, 204, 302, 404, 503)] == [
        "2xx",
        "2xx",
        "3xx",
        "4xx",
        "5xx",
    ]
