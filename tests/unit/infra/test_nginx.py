"""The nginx config infra/nginx.py renders: the API's own limits, headers and the Docker copy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import uvicorn

from core.settings import REPO_ROOT, Settings
from infra import nginx
from search_service.limits import LARGE_BODY_ROUTES


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(state_dir=tmp_path / "state", api_port=18400, proxy_port=18480)


def directives(conf: str, name: str) -> list[str]:
    """Return the arguments of every `name …;` line."""
    return [m.group(1) for m in re.finditer(rf"^\s*{name} (.+);$", conf, re.MULTILINE)]


def test_body_limits_are_the_apis_and_the_big_routes_are_the_same_routes(
    settings: Settings,
) -> None:
    conf = nginx.render_conf(settings, nginx.private_layout(settings))
    assert directives(conf, "client_max_body_size") == [
        str(settings.max_body_bytes),
        *[str(settings.max_large_body_bytes)] * len(LARGE_BODY_ROUTES),
    ]
    # nginx's locations select exactly the paths the API gives its larger limit.
    matchers = []
    for location in nginx.LARGE_BODY_LOCATIONS:
        _, kind, pattern = location.split(" ", 2)
        matchers.append(re.compile(f"^{re.escape(pattern)}$" if kind == "=" else pattern))
    paths = [
        "/api/events/batch",
        "/api/events/batch/x",
        "/api/events",
        "/api/merch/draft/synonym-sets/colours",
        "/api/merch/draft/synonym-sets/",
        "/api/merch/draft/synonym-sets/a/b",
        "/api/merch/draft",
    ]
    for path in paths:
        assert any(m.match(path) for m in matchers) == any(
            p.match(path) for _, p in LARGE_BODY_ROUTES
        ), path


def test_timeouts_headers_and_upstream(settings: Settings) -> None:
    conf = nginx.render_conf(settings, nginx.private_layout(settings))
    assert directives(conf, "client_header_timeout") == ["10s"]
    assert directives(conf, "listen") == ["127.0.0.1:18480"]
    assert directives(conf, "server") == ["127.0.0.1:18400"]
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in directives(conf, "proxy_set_header")
    assert directives(conf, "proxy_bind") == [nginx.PRIVATE_SOURCE]
    # nginx gives up an idle connection to the API before uvicorn closes it under it.
    assert uvicorn.Config("x:y").timeout_keep_alive > nginx.UPSTREAM_KEEPALIVE_S
    # The request line of the longest URL the API accepts fits nginx's buffer.
    size = int(directives(conf, "large_client_header_buffers")[0].split()[1].rstrip("k"))
    assert size * 1024 >= settings.max_url_bytes + len("DELETE  HTTP/1.1\r\n")


def test_an_api_on_another_host_is_reached_from_the_systems_address(settings: Settings) -> None:
    remote = settings.model_copy(update={"api_host": "10.0.0.7"})
    conf = nginx.render_conf(remote, nginx.private_layout(remote))
    assert directives(conf, "server") == ["10.0.0.7:18400"]
    assert directives(conf, "proxy_bind") == []
    ipv6 = settings.model_copy(update={"api_host": "::1"})
    assert directives(nginx.render_conf(ipv6, nginx.private_layout(ipv6)), "server") == [
        "[::1]:18400"
    ]


def test_nginxs_own_refusals_are_the_apis_error_shape(settings: Settings) -> None:
    conf = nginx.render_conf(settings, nginx.private_layout(settings))
    bodies = re.findall(r"return (\d+) '(.*)';", conf)
    assert {status for status, _ in bodies} == {"413", "429", "503"}
    for _, body in bodies:
        detail = json.loads(body.replace("\\'", "'"))["detail"][0]
        assert set(detail) == {"loc", "msg", "type"}


def test_the_docker_compose_config_is_the_rendered_one() -> None:
    committed = (REPO_ROOT / "infra" / "docker" / "nginx.conf").read_text()
    rendered = nginx.render_conf(Settings(_env_file=None), nginx.docker_layout())
    assert committed == rendered, "run: aisle proxy render --docker > infra/docker/nginx.conf"
    compose = (REPO_ROOT / "docker-compose.yml").read_text()
    assert "./infra/docker/nginx.conf:/etc/nginx/nginx.conf:ro" in compose
