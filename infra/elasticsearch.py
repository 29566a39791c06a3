"""Run a single-node Elasticsearch as an unprivileged user, with its config in the state dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx

from core.settings import Settings
from infra import es_dist, process
from infra.process import ServiceError, ServiceStatus

NAME = "elasticsearch"
MAIN_CLASS = "org.elasticsearch.bootstrap.Elasticsearch"
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 60.0


def es_dir(settings: Settings) -> Path:
    """Return the directory holding ES's config, data, tmp dir and pid file."""
    return settings.state_dir / "elasticsearch"


def config_dir(settings: Settings) -> Path:
    """Return ES_PATH_CONF."""
    return es_dir(settings) / "config"


def logs_dir(settings: Settings) -> Path:
    """Return ES's path.logs."""
    return settings.state_dir / "logs" / "elasticsearch"


def log_file(settings: Settings) -> Path:
    """Return the main server log (named after the cluster)."""
    return logs_dir(settings) / "aisle.log"


def startup_log(settings: Settings) -> Path:
    """Return the file that collects the launcher's own output."""
    return logs_dir(settings) / "startup.log"


def pid_file(settings: Settings) -> Path:
    """Return the pid file ES writes."""
    return es_dir(settings) / "es.pid"


def render_yml(settings: Settings) -> str:
    """Return elasticsearch.yml for a loopback-only single node without security."""
    return "\n".join(
        [
            "# Written by `aisle services up` on every start; edit core/settings.py instead.",
            "cluster.name: aisle",
            "node.name: aisle-1",
            "discovery.type: single-node",
            # Loopback only, which also keeps ES in development mode (no bootstrap checks).
            "network.host: 127.0.0.1",
            f"http.port: {settings.es_port}",
            f"transport.port: {settings.es_transport_port}",
            "xpack.security.enabled: false",
            f"path.data: {es_dir(settings) / 'data'}",
            f"path.logs: {logs_dir(settings)}",
            "action.destructive_requires_name: true",
            # A laptop disk fills up; do not flip indices to read-only at 95 %.
            "cluster.routing.allocation.disk.threshold_enabled: false",
            "",
        ]
    )


def render_env(settings: Settings, es_home: Path, java_home: Path) -> dict[str, str]:
    """Return the environment the ES launcher needs (ES ignores JAVA_HOME)."""
    return {
        "ES_JAVA_HOME": str(java_home),
        "ES_PATH_CONF": str(config_dir(settings)),
        "ES_TMPDIR": str(es_dir(settings) / "tmp"),
        "ES_JAVA_OPTS": f"-Xms{settings.es_heap} -Xmx{settings.es_heap}",
        "ES_HOME": str(es_home),
    }


def _write_config(settings: Settings, es_home: Path, owner: str | None) -> None:
    conf = config_dir(settings)
    process.make_dir(conf, owner=owner, mode=0o750)
    # Copy the distribution's defaults once; keep local edits and the keystore ES creates.
    for source in (es_home / "config").rglob("*"):
        target = conf / source.relative_to(es_home / "config")
        if source.is_dir():
            target.mkdir(exist_ok=True)
        elif not target.exists():
            shutil.copy2(source, target)
    (conf / "elasticsearch.yml").write_text(render_yml(settings))
    if owner is not None:
        process.chown(conf, owner, recursive=True)


def _prepare(settings: Settings, es_home: Path, owner: str | None) -> None:
    process.ensure_traversable(settings.state_dir)
    process.make_dir(settings.state_dir)
    process.make_dir(settings.state_dir / "logs")
    for path in (es_dir(settings), es_dir(settings) / "data", es_dir(settings) / "tmp"):
        process.make_dir(path, owner=owner, mode=0o750)
    process.make_dir(logs_dir(settings), owner=owner, mode=0o755)
    _write_config(settings, es_home, owner)


def pid(settings: Settings) -> int | None:
    """Return the ES server's pid when it runs."""
    found = process.read_pid(pid_file(settings))
    return found if process.pid_alive(found, MAIN_CLASS) else None


def _get(settings: Settings, path: str, timeout: float = 5.0) -> httpx.Response | None:
    try:
        return httpx.get(f"http://127.0.0.1:{settings.es_port}{path}", timeout=timeout)
    except httpx.HTTPError:
        return None


def healthy(settings: Settings, wait_s: float = 0.0) -> bool:
    """Return whether the cluster is yellow or green (this distribution answers 405 on `/`)."""
    query = "/_cluster/health"
    if wait_s > 0:
        query += f"?wait_for_status=yellow&timeout={max(1, int(wait_s))}s"
    resp = _get(settings, query, timeout=wait_s + 5.0)
    if resp is None or resp.status_code != 200:
        return False
    return str(resp.json().get("status")) in ("green", "yellow")


def wait_healthy(settings: Settings, timeout: float = START_TIMEOUT_S) -> None:
    """Wait until ES is yellow or green; raise with the log's tail if it dies or times out."""

    def ready() -> bool:
        started = process.read_pid(pid_file(settings))
        if started is not None and not process.pid_alive(started, MAIN_CLASS):
            raise process.describe_failure(
                "Elasticsearch exited while starting", log_file(settings)
            )
        return healthy(settings, wait_s=1.0)

    if not process.wait_for(ready, timeout, interval=0.5):
        raise process.describe_failure(
            f"Elasticsearch was not healthy within {timeout:.0f} s", log_file(settings)
        )


def _check_ports_free(settings: Settings) -> None:
    ports = {
        "AISLE_ES_PORT": settings.es_port,
        "AISLE_ES_TRANSPORT_PORT": settings.es_transport_port,
    }
    for var, port in ports.items():
        if process.port_open("127.0.0.1", port):
            raise ServiceError(f"port {port} is taken by another process ({var})")


def start(settings: Settings) -> None:
    """Fetch ES and a JDK when missing, start ES unless it runs, and wait for yellow health."""
    es_home, java = es_dist.ensure_installed(settings)
    owner = process.service_user(settings.es_user)
    if owner is not None:
        process.ensure_system_user(owner)
    _prepare(settings, es_home, owner)
    if pid(settings) is None:
        _check_ports_free(settings)
        pid_file(settings).unlink(missing_ok=True)
        args = [str(es_home / "bin" / "elasticsearch"), "-d", "-p", str(pid_file(settings))]
        code = process.run_logged(
            args,
            log=startup_log(settings),
            user=owner,
            env=render_env(settings, es_home, java.home),
            timeout=START_TIMEOUT_S,
            cwd=es_home,
        )
        if code != 0:
            launcher = startup_log(settings)
            raise process.describe_failure(
                f"Elasticsearch did not start (launcher exit {code})",
                log_file(settings),
                f"Launcher output ({launcher}):\n{process.tail(launcher, 15, from_start=True)}",
            )
    wait_healthy(settings)


def stop(settings: Settings) -> None:
    """Stop ES with SIGTERM and wait until it has released its data directory."""
    running = pid(settings)
    if running is None:
        return
    process.terminate(running, MAIN_CLASS, timeout=STOP_TIMEOUT_S)
    pid_file(settings).unlink(missing_ok=True)


def _version(settings: Settings) -> str | None:
    resp = _get(settings, "/_nodes/_local?filter_path=nodes.*.version")
    if resp is None or resp.status_code != 200:
        return None
    nodes = resp.json().get("nodes", {})
    return next((str(node.get("version")) for node in nodes.values()), None)


def status(settings: Settings) -> ServiceStatus:
    """Report whether ES runs and its cluster is yellow or green."""
    return process.probe_status(
        process.Probe(
            name=NAME,
            port=settings.es_port,
            log=log_file(settings),
            pid=lambda: pid(settings),
            healthy=lambda: healthy(settings),
            version=lambda: _version(settings),
            ok_detail="cluster yellow or green",
            sick_detail="not healthy",
        )
    )
