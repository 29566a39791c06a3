"""Serving the built web UI: page routes get the shell, API paths stay the API's."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from search_service.frontend import mount_frontend


def built_ui(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<html>shell</html>")
    (dist / "assets" / "app.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("not for you")
    return dist


def test_pages_get_the_shell_and_assets_are_served(tmp_path: Path) -> None:
    app = FastAPI()
    mount_frontend(app, built_ui(tmp_path))
    client = TestClient(app)
    for path in ("/", "/search?q=tv", "/deep/link"):
        assert client.get(path).text == "<html>shell</html>"
    assert client.get("/assets/app.js").text == "console.log(1)"
    assert "not for you" not in client.get("/../secret.txt").text


def test_api_paths_are_not_swallowed_by_the_shell(tmp_path: Path) -> None:
    app = FastAPI()
    mount_frontend(app, built_ui(tmp_path))
    client = TestClient(app)
    for path in ("/api", "/api/nope", "/readyz", "/healthz"):
        assert client.get(path).status_code == 404


def test_missing_build_only_warns(tmp_path: Path) -> None:
    app = FastAPI()
    mount_frontend(app, tmp_path / "nothing")
    assert TestClient(app).get("/").status_code == 404
