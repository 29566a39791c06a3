"""Security headers on the real app's every kind of response: page, JSON, asset, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from core.settings import Settings
from search_service.app import create_app
from search_service.security_headers import APP_CSP, DOCS_CSP, HSTS

EXPECTED = {
    "content-security-policy": APP_CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def assert_secured(response: httpx.Response, csp: str = APP_CSP) -> None:
    """Check the security headers of one response (and that it is not HSTS'd over http)."""
    for name, value in {**EXPECTED, "content-security-policy": csp}.items():
        assert response.headers.get(name) == value, (response.request.url, name)
    assert "strict-transport-security" not in response.headers


@pytest.fixture(scope="module")
def built_ui(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a minimal Vite-like build: the shell and one asset."""
    dist = tmp_path_factory.mktemp("dist")
    (dist / "assets").mkdir()
    (dist / "index.html").write_text('<!doctype html><script type="module" src="/assets/a.js">')
    (dist / "assets" / "a.js").write_text("console.log('ui')")
    return dist


@pytest.fixture(scope="module")
def client(settings: Settings, built_ui: Path) -> Iterator[TestClient]:
    """Return a client of the real app (real services) serving that build."""
    app = create_app(
        settings.model_copy(update={"frontend_dist": built_ui, "metrics_token": "scrape"})
    )
    with TestClient(app) as test_client:
        yield test_client


def test_pages_json_and_assets_carry_the_headers(client: TestClient) -> None:
    page = client.get("/search?q=tv")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert_secured(page)
    asset = client.get("/assets/a.js")
    assert asset.status_code == 200 and "javascript" in asset.headers["content-type"]
    assert_secured(asset)
    for path in ("/healthz", "/api/auth/session"):
        answer = client.get(path)
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
        assert_secured(answer)


def test_error_responses_carry_the_headers(client: TestClient) -> None:
    for path, status in (
        ("/api/no-such-route", 404),
        ("/assets/missing.js", 404),
        ("/api/search?q=tv&page=first", 422),
        ("/metrics", 401),
    ):
        answer = client.get(path)
        assert answer.status_code == status, (path, answer.text)
        assert_secured(answer)
    refused = client.post("/api/events/batch", content=b"{", headers={"X-CSRF-Token": "x"})
    assert refused.status_code in (400, 403, 422)
    assert_secured(refused)


def test_an_unexpected_500_carries_the_headers(settings: Settings, tmp_path: Path) -> None:
    app = create_app(settings.model_copy(update={"frontend_dist": tmp_path}))

    @app.get("/api/test-only-failure", dependencies=[])
    def fail() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/test-only-failure")
    assert answer.status_code == 500
    assert_secured(answer)


def test_the_docs_get_their_own_policy_and_are_off_in_production(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert_secured(docs, csp=DOCS_CSP)
    assert_secured(client.get("/redoc"), csp=DOCS_CSP)
    assert "'unsafe-inline'" not in APP_CSP and "'unsafe-inline'" in DOCS_CSP

    production = settings.model_copy(
        update={
            "environment": "production",
            "frontend_dist": tmp_path,
            "metrics_token": "scrape",
            "public_url": "https://shop.example",
        }
    )
    with TestClient(create_app(production)) as prod:
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert prod.get(path).status_code == 404, path
        health = prod.get("/healthz")
        assert health.headers["strict-transport-security"] == HSTS
        assert health.headers["content-security-policy"] == APP_CSP


def test_assets_carry_no_cookie_so_shared_caches_keep_them(client: TestClient) -> None:
    client.cookies.clear()  # a first visit: no anonymous id yet
    asset = client.get("/assets/a.js")
    assert asset.status_code == 200 and "set-cookie" not in asset.headers
    assert asset.headers["cache-control"].startswith("public")
    client.cookies.clear()
    # The page itself still hands a first visitor its anonymous id.
    assert "aisle_anon=" in client.get("/search?q=tv").headers.get("set-cookie", "")
