"""Serving the built web UI: page routes get the shell, API paths stay the API's."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from search_service.frontend import IMMUTABLE, accepted_encodings, mount_frontend


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


def compressed_ui(tmp_path: Path) -> Path:
    """Return a build whose asset has brotli and gzip copies and a source map."""
    dist = built_ui(tmp_path)
    assets = dist / "assets"
    (assets / "app.js.br").write_bytes(b"brotli bytes")
    (assets / "app.js.gz").write_bytes(b"gzip bytes")
    (assets / "app.js.map").write_text('{"sources": ["secret.ts"]}')
    (dist / "stray.js.map").write_text("{}")
    return dist


def test_assets_are_sent_precompressed_and_cached_for_good(tmp_path: Path) -> None:
    app = FastAPI()
    mount_frontend(app, compressed_ui(tmp_path))
    client = TestClient(app)
    cases = {"br, gzip": ("br", b"brotli bytes"), "gzip": ("gzip", b"gzip bytes")}
    for accept, (coding, body) in cases.items():
        with client.stream("GET", "/assets/app.js", headers={"Accept-Encoding": accept}) as answer:
            assert b"".join(answer.iter_raw()) == body
        assert answer.headers["content-encoding"] == coding
        assert answer.headers["content-type"].startswith("text/javascript")
        assert answer.headers["cache-control"] == IMMUTABLE
        assert answer.headers["vary"] == "Accept-Encoding"
    plain = client.get("/assets/app.js", headers={"Accept-Encoding": "identity"})
    assert plain.text == "console.log(1)" and "content-encoding" not in plain.headers
    assert plain.headers["cache-control"] == IMMUTABLE
    refused = client.get("/assets/app.js", headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "content-encoding" not in refused.headers


def test_revalidated_asset_is_304_with_its_cache_headers(tmp_path: Path) -> None:
    app = FastAPI()
    mount_frontend(app, compressed_ui(tmp_path))
    client = TestClient(app)
    first = client.get("/assets/app.js", headers={"Accept-Encoding": "br"})
    again = client.get(
        "/assets/app.js", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.headers["cache-control"] == IMMUTABLE


def test_shell_is_never_cached_and_maps_are_never_served(tmp_path: Path) -> None:
    app = FastAPI()
    mount_frontend(app, compressed_ui(tmp_path))
    client = TestClient(app)
    for path in ("/", "/search?q=tv", "/product/3", "/index.html"):
        answer = client.get(path)
        assert answer.text == "<html>shell</html>" and answer.headers["cache-control"] == "no-cache"
    for path in ("/assets/app.js.map", "/stray.js.map", "/assets/app.js.br", "/assets/app.js.gz"):
        assert client.get(path).status_code == 404, path
    assert client.get("/assets/missing.js").status_code == 404
    assert "cache-control" not in client.get("/assets/missing.js").headers


def test_accept_encoding_is_read_with_its_weights() -> None:
    assert accepted_encodings("gzip, deflate, br, zstd") == {"gzip", "deflate", "br", "zstd"}
    assert accepted_encodings("br;q=0, gzip;q=0.5") == {"gzip"}
    assert accepted_encodings("") == set()
