"""Run a private Redis from Debian's `redis-server`, daemonized with a generated config."""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path

from core.settings import Settings
from infra import process
from infra.process import ServiceError, ServiceStatus

NAME = "redis"
SYSTEM_USER = "redis"
START_TIMEOUT_S = 30


def redis_dir(settings: Settings) -> Path:
    """Return the directory holding Redis's config, pid file and data."""
    return settings.state_dir / "redis"


def pid_file(settings: Settings) -> Path:
    """Return the pid file Redis writes."""
    return redis_dir(settings) / "redis.pid"


def log_file(settings: Settings) -> Path:
    """Return the Redis log file."""
    return settings.state_dir / "logs" / "redis.log"


def render_conf(settings: Settings) -> str:
    """Return redis.conf for a loopback-only, append-only Redis."""
    data = redis_dir(settings) / "data"
    return "\n".join(
        [
            "# Written by `aisle services up` on every start; edit core/settings.py instead.",
            "bind 127.0.0.1",
            "protected-mode yes",
            f"port {settings.redis_port}",
            "daemonize yes",
            "supervised no",
            f'pidfile "{pid_file(settings)}"',
            f'logfile "{log_file(settings)}"',
            "loglevel notice",
            f'dir "{data}"',
            # Queued jobs and caches survive restarts: AOF every second plus periodic RDB snapshots.
            "appendonly yes",
            "appendfsync everysec",
            "save 900 1 300 10 60 10000",
            "databases 16",
            # Plenty for caches and queues here; evicting queued jobs would lose work, so no policy.
            "maxmemory 1gb",
            "maxmemory-policy noeviction",
            "",
        ]
    )


def command(port: int, *args: str, timeout: float = 2.0) -> bytes:
    """Send one command to Redis on 127.0.0.1:port and return the raw reply."""
    payload = f"*{len(args)}\r\n".encode()
    for arg in args:
        data = arg.encode()
        payload += b"$" + str(len(data)).encode() + b"\r\n" + data + b"\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(payload)
        chunks: list[bytes] = []
        while True:
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if _reply_complete(b"".join(chunks)):
                break
    return b"".join(chunks)


def _reply_complete(reply: bytes) -> bool:
    if reply[:1] in (b"+", b"-", b":"):
        return reply.endswith(b"\r\n")
    if reply[:1] == b"$" and b"\r\n" in reply:
        header, _, body = reply.partition(b"\r\n")
        size = int(header[1:])
        return size < 0 or len(body) >= size + 2
    return False


def _bin() -> str:
    return process.require_command("redis-server", "redis-server", "Redis")


def pid(settings: Settings) -> int | None:
    """Return the Redis server's pid when it runs."""
    found = process.read_pid(pid_file(settings))
    return found if process.pid_alive(found, "redis-server") else None


def healthy(settings: Settings) -> bool:
    """Return whether Redis answers PING."""
    try:
        return command(settings.redis_port, "PING").startswith(b"+PONG")
    except OSError:
        return False


def _prepare_dirs(settings: Settings, owner: str | None) -> Path:
    process.ensure_traversable(settings.state_dir)
    process.make_dir(settings.state_dir)
    process.make_dir(settings.state_dir / "logs")
    process.make_dir(redis_dir(settings), owner=owner, mode=0o750)
    process.make_dir(redis_dir(settings) / "data", owner=owner, mode=0o750)
    log = log_file(settings)
    log.touch(exist_ok=True)
    conf = redis_dir(settings) / "redis.conf"
    conf.write_text(render_conf(settings))
    if owner is not None:
        process.chown(log, owner)
        process.chown(conf, owner)
    return conf


def start(settings: Settings) -> None:
    """Install and start Redis when it is not running, then wait for PING."""
    binary = _bin()
    owner = process.service_user(SYSTEM_USER)
    if owner is not None:
        process.ensure_system_user(owner)
    conf = _prepare_dirs(settings, owner)
    if pid(settings) is None:
        if process.port_open("127.0.0.1", settings.redis_port):
            raise ServiceError(
                f"port {settings.redis_port} is taken by another process (AISLE_REDIS_PORT)"
            )
        proc = process.run([binary, str(conf)], user=owner, check=False, timeout=30)
        if proc.returncode != 0:
            raise process.describe_failure(
                "Redis did not start", log_file(settings), proc.stderr + proc.stdout
            )
    if not process.wait_for(lambda: healthy(settings), START_TIMEOUT_S):
        raise process.describe_failure("Redis does not answer PING", log_file(settings))


def stop(settings: Settings) -> None:
    """Shut Redis down, saving its data, and wait for the process to exit."""
    running = pid(settings)
    if running is None:
        return
    with contextlib.suppress(OSError):  # the server closes the connection as it exits
        command(settings.redis_port, "SHUTDOWN", timeout=30)
    if not process.wait_for(lambda: not process.pid_alive(running, "redis-server"), 30):
        process.terminate(running, "redis-server")


def _version(settings: Settings) -> str | None:
    try:
        info = command(settings.redis_port, "INFO", "server").decode(errors="replace")
    except OSError:
        return None
    for line in info.splitlines():
        if line.startswith("redis_version:"):
            return line.split(":", 1)[1].strip()
    return None


def status(settings: Settings) -> ServiceStatus:
    """Report whether Redis runs and answers PING."""
    return process.probe_status(
        process.Probe(
            name=NAME,
            port=settings.redis_port,
            log=log_file(settings),
            pid=lambda: pid(settings),
            healthy=lambda: healthy(settings),
            version=lambda: _version(settings),
            ok_detail="answering PING",
            sick_detail="not answering",
        )
    )
