"""The API behind the real nginx that infra/nginx.py configures, with a real `aisle serve`."""

from __future__ import annotations

import dataclasses
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from redis import Redis

from core.settings import Settings
from infra import nginx, process
from tests.fixtures.servers import http_browser, read_until_closed, running_api
from tests.fixtures.services import free_port

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None,
    reason="nginx is not installed: `make nginx` (Debian's package) installs it",
)
PER_IP = 5
# Short for the test; the API's body and URL limits stay the defaults.
NGINX_HEADER_TIMEOUT_S = 2


@pytest.fixture(scope="module")
def api(indexed_catalog: int, settings: Settings) -> Iterator[str]:
    """The API, trusting only the private nginx's source address (as `aisle proxy run` says)."""
    env = {"AISLE_SIGNIN_PER_IP": str(PER_IP), "AISLE_TRUSTED_PROXIES": nginx.PRIVATE_SOURCE}
    with running_api(settings, "behind-nginx", env) as url:
        yield url


def start_nginx(settings: Settings, layout: nginx.Layout, prefix: Path) -> subprocess.Popen[bytes]:
    """Check and start nginx in the foreground; wait until it listens."""
    conf = nginx.prepare(settings, layout, prefix)
    nginx.check(layout, prefix, conf)
    server = subprocess.Popen(nginx.command(layout, prefix, conf))
    host, port = layout.listen.rsplit(":", 1)
    if not process.wait_for(lambda: process.port_open(host, int(port)), 15, 0.1):
        server.kill()
        raise AssertionError(f"nginx did not listen:\n{process.tail(Path(layout.error_log))}")
    return server


@pytest.fixture(scope="module")
def proxy(api: str, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx on a free port in a temporary prefix, in front of the API; yield its URL."""
    prefix = tmp_path_factory.mktemp("nginx")
    proxy_settings = settings.model_copy(
        update={
            "proxy_port": free_port(),
            "api_port": int(api.rsplit(":", 1)[1]),
            "header_timeout_s": NGINX_HEADER_TIMEOUT_S,
        }
    )
    layout = nginx.private_layout(proxy_settings, prefix)
    server = start_nginx(proxy_settings, layout, prefix)
    try:
        yield f"http://{layout.listen}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(autouse=True)
def fresh_limits(redis_client: Redis) -> None:
    """Start each test with no sign-in counted."""
    redis_client.flushdb()


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=5)


def test_requests_pass_through_with_the_apis_answers(proxy: str) -> None:
    with httpx.Client(base_url=proxy, timeout=10) as client:
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.headers["x-request-id"]  # the API's
        assert health.headers["server"] == "nginx"  # nginx's, without its version
        search = client.get("/api/search", params={"q": "laptop"})
        assert search.status_code == 200 and search.json()["total"] > 0
        assert client.get("/api/nowhere").status_code == 404


def test_the_client_is_the_real_peer_even_with_a_spoofed_header(proxy: str, api: str) -> None:
    """nginx appends its peer (this test, 127.0.0.1); the spoofed hops on its left are not taken.

    Sent straight to the API from 127.0.0.1, the header is not read at all (not trusted).
    """
    with http_browser(proxy) as browser:
        statuses = []
        for n in range(PER_IP + 3):
            body = {"email": f"u{n}@example.com", "password": "wrong-password-123"}
            headers = {"x-forwarded-for": f"203.0.113.{n}"}
            statuses.append(browser.post("/api/auth/sign-in", body, headers=headers).status_code)
    assert statuses == [401] * PER_IP + [429] * 3
    with http_browser(api) as direct:
        body = {"email": "direct@example.com", "password": "wrong-password-123"}
        spoofed = {"x-forwarded-for": "203.0.113.200"}
        assert direct.post("/api/auth/sign-in", body, headers=spoofed).status_code == 429


def test_a_body_over_the_apis_limit_gets_413_from_nginx_in_the_apis_shape(
    proxy: str, settings: Settings
) -> None:
    with http_browser(proxy) as browser:
        too_big = b"x" * (settings.max_body_bytes + 1)
        answer = browser.client.post(
            "/api/auth/sign-in", content=too_big, headers={"content-type": "application/json"}
        )
        assert answer.status_code == 413
        assert answer.json()["detail"][0]["type"] == "body_too_large"
        assert str(settings.max_body_bytes) in answer.json()["detail"][0]["msg"]
        assert "x-request-id" not in answer.headers  # nginx answered; the API never saw it
        # The events batch may be bigger: nginx lets it through and the API answers (CSRF).
        batch = b"[" + b" " * (settings.max_body_bytes * 2) + b"]"
        passed = browser.client.post(
            "/api/events/batch", content=batch, headers={"content-type": "application/json"}
        )
        assert passed.status_code != 413 and "x-request-id" in passed.headers


def test_nginx_cuts_off_a_stalled_head_and_a_stalled_body(proxy: str) -> None:
    with connect(proxy) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: aisle\r\n")
        _, waited = read_until_closed(conn, NGINX_HEADER_TIMEOUT_S + 5)
    assert waited <= NGINX_HEADER_TIMEOUT_S + 2
    started = time.monotonic()
    with connect(proxy) as conn:
        conn.sendall(
            b"POST /api/auth/sign-in HTTP/1.1\r\nHost: aisle\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        read_until_closed(conn, NGINX_HEADER_TIMEOUT_S + 5)
    assert time.monotonic() - started <= NGINX_HEADER_TIMEOUT_S + 2


def test_the_docker_config_is_valid_nginx(settings: Settings, tmp_path: Path) -> None:
    """docker-compose's config, with only its paths and upstream made local, passes nginx -t."""
    layout = dataclasses.replace(
        nginx.docker_layout(),
        listen=f"127.0.0.1:{free_port()}",
        upstream="127.0.0.1:1",
        pid=str(tmp_path / "nginx.pid"),
        error_log=str(tmp_path / "error.log"),
        access_log=str(tmp_path / "access.log"),
        temp_dir=tmp_path / "tmp",
        user=None,
    )
    conf = nginx.prepare(settings, layout, tmp_path)
    nginx.check(layout, tmp_path, conf)
