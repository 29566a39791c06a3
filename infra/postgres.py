"""Run a private PostgreSQL cluster from the Debian packages, inside the state directory."""

from __future__ import annotations

import getpass
import re
from pathlib import Path

from core.settings import Settings
from infra import process
from infra.process import ServiceError, ServiceStatus

NAME = "postgres"
SYSTEM_USER = "postgres"
PG_ROOT = Path("/usr/lib/postgresql")
START_TIMEOUT_S = 60
# sun_path holds 108 bytes including the terminating NUL.
MAX_SOCKET_PATH = 107


def data_dir(settings: Settings) -> Path:
    """Return the cluster's data directory."""
    return settings.state_dir / "postgres"


def socket_dir(settings: Settings) -> Path:
    """Return the directory holding the cluster's unix socket."""
    return settings.state_dir / "run" / "postgres"


def log_file(settings: Settings) -> Path:
    """Return the server log file."""
    return settings.state_dir / "logs" / "postgres.log"


def superuser() -> str:
    """Return the cluster superuser: `postgres` as root, else the invoking user (peer auth)."""
    return SYSTEM_USER if process.is_root() else getpass.getuser()


def find_bin_dir(settings: Settings, pg_root: Path = PG_ROOT) -> Path | None:
    """Return the bin dir matching the cluster's PG_VERSION, else the newest installed one."""
    version_file = data_dir(settings) / "PG_VERSION"
    if version_file.is_file():
        wanted = pg_root / version_file.read_text().strip() / "bin"
        if (wanted / "postgres").is_file():
            return wanted
    majors = []
    for entry in pg_root.glob("*/bin/postgres") if pg_root.is_dir() else []:
        major = entry.parent.parent.name
        if major.isdigit():
            majors.append(int(major))
    return pg_root / str(max(majors)) / "bin" if majors else None


def render_conf(settings: Settings) -> str:
    """Return the settings Aisle adds to postgresql.conf (included from aisle.conf)."""
    return "\n".join(
        [
            "# Written by `aisle services up` on every start; edit core/settings.py instead.",
            "listen_addresses = '127.0.0.1'",
            f"port = {settings.pg_port}",
            f"unix_socket_directories = '{socket_dir(settings)}'",
            "max_connections = 100",
            # Sized for a 2-core, 24 GB development box shared with Elasticsearch and Redis.
            "shared_buffers = 256MB",
            "effective_cache_size = 4GB",
            "work_mem = 16MB",
            "maintenance_work_mem = 256MB",
            "wal_buffers = 16MB",
            "max_wal_size = 2GB",
            "random_page_cost = 1.1",
            "log_line_prefix = '%m [%p] %q%u@%d '",
            "log_min_duration_statement = 1000",
            "",
        ]
    )


def quote_literal(value: str) -> str:
    """Quote an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def render_bootstrap_sql(settings: Settings) -> str:
    """Return psql input that creates (or updates) the app role and its two databases."""
    # Every value goes through quote_literal and then format('%I'), so names cannot inject SQL.
    role = quote_literal(settings.pg_user)
    password = quote_literal(settings.pg_password)
    lines = [
        "SET client_min_messages = warning;",
        f"SELECT format('CREATE ROLE %I', {role}) "  # noqa: S608 - quoted above
        f"WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {role}) \\gexec",
        f"SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', {role}, {password}) \\gexec",
    ]
    for database in (settings.pg_database, f"{settings.pg_database}_test"):
        name = quote_literal(database)
        lines.append(
            f"SELECT format('CREATE DATABASE %I OWNER %I', {name}, {role}) "  # noqa: S608
            f"WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = {name}) \\gexec"
        )
    return "\n".join(lines) + "\n"


def _bin(settings: Settings) -> Path:
    bin_dir = find_bin_dir(settings)
    if bin_dir is None:
        process.apt_install(["postgresql"], "PostgreSQL (Debian package `postgresql`)")
        bin_dir = find_bin_dir(settings)
    if bin_dir is None:
        raise ServiceError("PostgreSQL is still missing after installing `postgresql`")
    return bin_dir


def _prepare_dirs(settings: Settings, owner: str | None) -> None:
    sock = socket_dir(settings) / f".s.PGSQL.{settings.pg_port}"
    if len(str(sock).encode()) > MAX_SOCKET_PATH:
        raise ServiceError(
            f"socket path {sock} is too long for unix; use a shorter AISLE_STATE_DIR"
        )
    process.ensure_traversable(settings.state_dir)
    process.make_dir(settings.state_dir)
    process.make_dir(settings.state_dir / "logs")
    process.make_dir(settings.state_dir / "run")
    process.make_dir(socket_dir(settings), owner=owner, mode=0o775)
    if not data_dir(settings).exists():
        process.make_dir(data_dir(settings), owner=owner, mode=0o700)
    log = log_file(settings)
    log.touch(exist_ok=True)
    if owner is not None:
        process.chown(log, owner)


def _init_cluster(settings: Settings, bin_dir: Path, owner: str | None) -> None:
    data = data_dir(settings)
    if not (data / "PG_VERSION").is_file():
        process.run(
            [
                str(bin_dir / "initdb"),
                "-D", str(data),
                "-U", superuser(),
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            user=owner,
        )  # fmt: skip
    conf = data / "postgresql.conf"
    include = "include_if_exists = 'aisle.conf'"
    if include not in conf.read_text():
        with conf.open("a") as handle:
            handle.write(f"\n{include}\n")
    aisle_conf = data / "aisle.conf"
    aisle_conf.write_text(render_conf(settings))
    if owner is not None:
        process.chown(aisle_conf, owner)


def pid(settings: Settings) -> int | None:
    """Return the postmaster's pid when it runs."""
    found = process.read_pid(data_dir(settings) / "postmaster.pid")
    return found if process.pid_alive(found, "postgres") else None


def healthy(settings: Settings) -> bool:
    """Return whether the server accepts connections on its TCP port."""
    bin_dir = find_bin_dir(settings)
    if bin_dir is None or pid(settings) is None:
        return False
    args = [str(bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(settings.pg_port)]
    return process.run(args, check=False, timeout=10).returncode == 0


def psql(settings: Settings, sql: str, database: str = "postgres") -> str:
    """Run SQL as the cluster superuser over the unix socket and return psql's output."""
    args = [
        str(_bin(settings) / "psql"),
        "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1",
        "-h", str(socket_dir(settings)),
        "-p", str(settings.pg_port),
        "-U", superuser(),
        "-d", database,
    ]  # fmt: skip
    user = process.service_user(SYSTEM_USER)
    return process.run(args, user=user, input_text=sql, timeout=60).stdout


def start(settings: Settings) -> None:
    """Install, initialise and start the cluster when needed, then create the app role."""
    bin_dir = _bin(settings)
    owner = process.service_user(SYSTEM_USER)
    if owner is not None:
        process.ensure_system_user(owner)
    _prepare_dirs(settings, owner)
    _init_cluster(settings, bin_dir, owner)
    if pid(settings) is None:
        if process.port_open("127.0.0.1", settings.pg_port):
            raise ServiceError(
                f"port {settings.pg_port} is taken by another process (AISLE_PG_PORT)"
            )
        args = [
            str(bin_dir / "pg_ctl"), "start", "-D", str(data_dir(settings)),
            "-l", str(log_file(settings)), "-w", "-t", str(START_TIMEOUT_S), "-s",
        ]  # fmt: skip
        proc = process.run(args, user=owner, check=False, timeout=START_TIMEOUT_S + 10)
        if proc.returncode != 0:
            raise process.describe_failure(
                "PostgreSQL did not start", log_file(settings), proc.stderr + proc.stdout
            )
    if not process.wait_for(lambda: healthy(settings), START_TIMEOUT_S):
        raise process.describe_failure("PostgreSQL does not accept connections", log_file(settings))
    psql(settings, render_bootstrap_sql(settings))


def stop(settings: Settings) -> None:
    """Stop the cluster with a fast shutdown (rolls back open transactions)."""
    if pid(settings) is None:
        return
    bin_dir = _bin(settings)
    args = [str(bin_dir / "pg_ctl"), "stop", "-D", str(data_dir(settings)), "-m", "fast", "-w"]
    args += ["-t", "60", "-s"]
    process.run(args, user=process.service_user(SYSTEM_USER), timeout=90)


def _version(settings: Settings) -> str | None:
    try:
        out = psql(settings, "SHOW server_version;").strip()
    except ServiceError:
        return None
    match = re.match(r"[\d.]+", out)
    return match.group(0) if match else out or None


def status(settings: Settings) -> ServiceStatus:
    """Report whether the cluster runs and accepts connections."""
    return process.probe_status(
        process.Probe(
            name=NAME,
            port=settings.pg_port,
            log=log_file(settings),
            pid=lambda: pid(settings),
            healthy=lambda: healthy(settings),
            version=lambda: _version(settings),
            ok_detail="accepting connections",
            sick_detail="not answering",
        )
    )
