"""nginx in front of the API: one config template, rendered for a private instance or Docker.

nginx absorbs slow clients (it buffers each request before the API sees a byte), caps bodies
and connections per client, and appends the peer it saw to X-Forwarded-For, which the API
reads only from the proxies in AISLE_TRUSTED_PROXIES (core/proxies.py). The private instance
(`aisle proxy run`) keeps everything under a prefix in the state dir and runs unprivileged;
docker-compose.yml mounts the same config rendered for the official image
(`aisle proxy render --docker`).
"""

from __future__ import annotations

import json
import math
import string
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path

from core.proxies import parse_address
from core.settings import Settings
from infra import process
from infra.process import ServiceError

SYSTEM_USER = "www-data"
# Keep-alive to the API ends before uvicorn's own 5 s, so nginx never reuses a connection
# the API is closing at that moment (which would fail the request with a 502).
UPSTREAM_KEEPALIVE_S = 4
# The routes that take big bodies on purpose, as search_service.limits.LARGE_BODY_ROUTES
# names them (a unit test holds the two together; infra may not import the app).
# The private instance reaches a loopback API from its own address, so the API can trust it
# alone (AISLE_TRUSTED_PROXIES=127.0.0.2): trusting 127.0.0.1 would trust every local client,
# whose forged X-Forwarded-For would then be believed. All of 127/8 is loopback on Linux.
PRIVATE_SOURCE = "127.0.0.2"
LARGE_BODY_LOCATIONS = (
    "location = /api/events/batch",
    "location ~ ^/api/merch/draft/synonym-sets/[^/]+$",
)


class _Template(string.Template):
    """`@name` placeholders: nginx uses `$` for its own variables."""

    delimiter = "@"


TEMPLATE = _Template(
    """\
# Written by infra/nginx.py from core/settings.py; edit those, not this file.
@user
worker_processes 1;
pid @pid;
error_log @error_log warn;

events {
    worker_connections 1024;
}

http {
    include @mime_types;
    default_type application/octet-stream;
    access_log @access_log;
    server_tokens off;
@temp_paths
    # Slow clients stop at nginx, which waits cheaply: a whole head in header_timeout_s;
    # the body and the answer may pause that long and send_timeout between two reads/writes.
    client_header_timeout @header_timeout;
    client_body_timeout @header_timeout;
    send_timeout 30s;
    keepalive_timeout 15s;
    keepalive_requests 1000;
    # The request line must fit one buffer: the API's URL limit plus method and version.
    large_client_header_buffers 4 @header_buffer;
    client_body_buffer_size 128k;

    # Sockets per client address (the per-IP request limits are the API's, in Redis).
    limit_conn_zone $binary_remote_addr zone=aisle_per_ip:10m;
    limit_conn aisle_per_ip 64;
    limit_conn_status 429;

    upstream aisle_api {
        server @upstream;
        keepalive 16;
        keepalive_timeout @upstream_keepalive;
    }

    server {
        listen @listen;
        client_max_body_size @max_body;

@bind
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        # Appended, not replaced: the API walks the list from the right past its trusted
        # proxies, so a proxy in front of this one (a load balancer) keeps its hop, and
        # whatever the client wrote on the left is never taken for the client.
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 5s;
        proxy_read_timeout 60s;
        proxy_send_timeout 60s;
        # The whole body is read here first, so the API never waits on a slow client.
        proxy_request_buffering on;

        # nginx's own refusals in the API's error shape.
        error_page 413 /_aisle/413;
        error_page 429 /_aisle/429;
        error_page 502 503 504 /_aisle/5xx;

        location / {
            proxy_pass http://aisle_api;
        }
@large_locations
        location = /_aisle/413 {
            internal;
            default_type application/json;
            return 413 '@too_large';
        }
        location = /_aisle/413-large {
            internal;
            default_type application/json;
            return 413 '@too_large_large';
        }
        location = /_aisle/429 {
            internal;
            default_type application/json;
            return 429 '@too_many';
        }
        # The status stays nginx's (502, 504 on a timeout); only the body is replaced.
        location = /_aisle/5xx {
            internal;
            default_type application/json;
            return 503 '@unavailable';
        }
    }
}
"""
)


@dataclass(frozen=True)
class Layout:
    """Where one nginx instance listens, what it proxies to, and where its files go."""

    listen: str
    upstream: str
    pid: str
    error_log: str
    access_log: str
    mime_types: str = "/etc/nginx/mime.types"
    # Temp files under this directory; None: the paths nginx was built with (Docker's image).
    temp_dir: Path | None = None
    # The worker user; None when nginx runs unprivileged (the directive is then ignored).
    user: str | None = None
    # The source address of nginx's connections to the API (None: the system's choice).
    bind: str | None = None


def prefix_dir(settings: Settings) -> Path:
    """Return the private instance's prefix (config, pid, temp files)."""
    return settings.state_dir / "nginx"


def private_layout(settings: Settings, prefix: Path | None = None) -> Layout:
    """Return the layout of the private instance in front of AISLE_API_HOST:AISLE_API_PORT."""
    prefix = prefix or prefix_dir(settings)
    logs = settings.state_dir / "logs" if prefix == prefix_dir(settings) else prefix / "logs"
    # An API bound to every interface is reached on loopback.
    host = "127.0.0.1" if settings.api_host in ("0.0.0.0", "", "::") else settings.api_host  # noqa: S104
    address = parse_address(host)
    loopback = isinstance(address, IPv4Address) and address.is_loopback
    upstream = f"[{host}]" if isinstance(address, IPv6Address) else host
    return Layout(
        listen=f"{settings.proxy_host}:{settings.proxy_port}",
        upstream=f"{upstream}:{settings.api_port}",
        pid=str(prefix / "nginx.pid"),
        error_log=str(logs / "nginx-error.log"),
        access_log=str(logs / "nginx-access.log"),
        temp_dir=prefix / "tmp",
        bind=PRIVATE_SOURCE if loopback else None,
    )


def docker_layout() -> Layout:
    """Return the layout for the official nginx image in docker-compose.yml."""
    return Layout(
        listen="80",
        upstream="api:8400",
        pid="/run/nginx.pid",
        error_log="stderr",
        access_log="/dev/stdout",
        user="nginx",
    )


def render_conf(settings: Settings, layout: Layout) -> str:
    """Return nginx.conf for the layout, with the API's own body and URL limits."""
    large = "\n".join(
        f"        {location} {{\n"
        f"            client_max_body_size {settings.max_large_body_bytes};\n"
        "            error_page 413 /_aisle/413-large;\n"
        "            proxy_pass http://aisle_api;\n"
        "        }"
        for location in LARGE_BODY_LOCATIONS
    )
    temp = ""
    if layout.temp_dir is not None:
        temp = "".join(
            f"    {kind}_temp_path {layout.temp_dir / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
    return TEMPLATE.substitute(
        user=f"user {layout.user};" if layout.user else "# (no user: runs as whoever starts it)",
        bind=f"        proxy_bind {layout.bind};" if layout.bind else "",
        pid=layout.pid,
        error_log=layout.error_log,
        access_log=layout.access_log,
        mime_types=layout.mime_types,
        temp_paths=temp,
        header_timeout=f"{math.ceil(settings.header_timeout_s)}s",
        header_buffer=f"{math.ceil((settings.max_url_bytes + 1024) / 1024)}k",
        upstream=layout.upstream,
        upstream_keepalive=f"{UPSTREAM_KEEPALIVE_S}s",
        listen=layout.listen,
        max_body=settings.max_body_bytes,
        large_locations=large,
        too_large=_error_json("body", _too_large(settings.max_body_bytes), "body_too_large"),
        too_large_large=_error_json(
            "body", _too_large(settings.max_large_body_bytes), "body_too_large"
        ),
        too_many=_error_json(
            "connections", "too many connections from your address", "too_many_requests"
        ),
        unavailable=_error_json(
            "server", "the API is not answering; try again shortly", "service_unavailable"
        ),
    )


def _too_large(limit: int) -> str:
    # The API's own words (search_service.limits.too_large_message).
    return f"the request body is larger than this route's limit of {limit} bytes"


def _error_json(loc: str, msg: str, kind: str) -> str:
    """Return the API's error body, escaped for a '…' string in nginx's config."""
    body = json.dumps({"detail": [{"loc": [loc], "msg": msg, "type": kind}]})
    assert "$" not in body  # nginx would read it as a variable
    return body.replace("\\", "\\\\").replace("'", "\\'")


def nginx_bin() -> str:
    """Return the nginx binary, installing Debian's package when it is missing."""
    return process.require_command("nginx", "nginx", "nginx")


def prepare(settings: Settings, layout: Layout, prefix: Path) -> Path:
    """Write the config and make the directories; return the config's path."""
    owner = process.service_user(SYSTEM_USER)
    process.ensure_traversable(prefix)
    process.make_dir(prefix, owner=owner, mode=0o750)
    for log in (Path(layout.error_log), Path(layout.access_log)):
        if log.is_absolute() and log.parent != Path("/dev"):
            process.make_dir(log.parent)
            log.touch(exist_ok=True)
            if owner is not None:
                process.chown(log, owner)
    if layout.temp_dir is not None:
        process.make_dir(layout.temp_dir, owner=owner, mode=0o750)
    conf = prefix / "nginx.conf"
    conf.write_text(render_conf(settings, layout))
    return conf


def command(layout: Layout, prefix: Path, conf: Path, *, test: bool = False) -> list[str]:
    """Return the command that runs nginx in the foreground (or checks its config)."""
    args = [nginx_bin(), "-p", str(prefix), "-c", str(conf), "-e", layout.error_log]
    args += ["-t"] if test else ["-g", "daemon off;"]
    owner = process.service_user(SYSTEM_USER)
    if owner is None:
        return args
    # Unprivileged (as root: as www-data), so the master cannot bind below 1024 or change
    # user. setpriv execs nginx in its own place (runuser would stay as a parent), so signals
    # reach nginx itself.
    ids = ["--reuid", owner, "--regid", owner, "--init-groups"]
    return ["setpriv", *ids, "--", *args]


def check(layout: Layout, prefix: Path, conf: Path) -> None:
    """Run `nginx -t` on the config, raising its complaint."""
    found = process.run(command(layout, prefix, conf, test=True), check=False, timeout=30)
    if found.returncode != 0:
        raise ServiceError(f"nginx refuses {conf}:\n{(found.stderr + found.stdout).strip()}")
