"""Shared helpers for `aisle services`: users, ownership, pid files, ports, apt and log tails."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# apt-get update is slow; run it at most once per process.
_APT_UPDATED = False


class ServiceError(RuntimeError):
    """A service could not be installed, started or stopped; the message says what to do."""


@dataclass(frozen=True)
class ServiceStatus:
    """What `aisle services status` reports for one service."""

    name: str
    running: bool
    healthy: bool
    port: int
    pid: int | None = None
    version: str | None = None
    log: str | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the status as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class Probe:
    """How to check one service: its pid, health and version, and words for its states."""

    name: str
    port: int
    log: Path
    pid: Callable[[], int | None]
    healthy: Callable[[], bool]
    version: Callable[[], str | None]
    ok_detail: str
    sick_detail: str


def probe_status(probe: Probe) -> ServiceStatus:
    """Run a probe: running if its pid lives, healthy if it also answers."""
    running_pid = probe.pid()
    ok = running_pid is not None and probe.healthy()
    return ServiceStatus(
        name=probe.name,
        running=running_pid is not None,
        healthy=ok,
        port=probe.port,
        pid=running_pid,
        version=probe.version() if ok else None,
        log=str(probe.log),
        detail=probe.ok_detail if ok else (probe.sick_detail if running_pid else "stopped"),
    )


def is_root() -> bool:
    """Return whether this process runs as root."""
    return os.geteuid() == 0


def _command(args: Sequence[str], user: str | None, env: Mapping[str, str] | None) -> list[str]:
    cmd = list(args)
    if env:
        # runuser resets parts of the environment, so pass variables explicitly through env(1).
        cmd = ["env", *(f"{key}={value}" for key, value in env.items()), *cmd]
    if user is not None and is_root() and user != "root":
        cmd = ["runuser", "-u", user, "--", *cmd]
    return cmd


def run(
    args: Sequence[str],
    *,
    user: str | None = None,
    env: Mapping[str, str] | None = None,
    input_text: str | None = None,
    timeout: float = 120.0,
    check: bool = True,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command (as `user` when given and we are root) and capture its output."""
    proc = subprocess.run(
        _command(args, user, env),
        input=input_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )
    if check and proc.returncode != 0:
        output = (proc.stderr or proc.stdout).strip()
        raise ServiceError(f"`{' '.join(args)}` failed (exit {proc.returncode}): {output}")
    return proc


def run_logged(
    args: Sequence[str],
    *,
    log: Path,
    user: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 120.0,
    cwd: Path | None = None,
) -> int:
    """Run a command that daemonizes, writing its output to `log` afresh; return its exit code."""
    cmd = _command(args, user, env)
    # A file, not a pipe: a daemon that keeps our pipe open would make us wait for it forever.
    with log.open("w") as out:
        proc = subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
            cwd=cwd,
        )
    return proc.returncode


def ensure_system_user(name: str) -> None:
    """Create a system user without home or login shell when it does not exist yet."""
    try:
        pwd.getpwnam(name)
        return
    except KeyError:
        pass
    if not is_root():
        raise ServiceError(f"system user {name!r} is missing; create it as root or run as root")
    run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name])


def service_user(name: str) -> str | None:
    """Return the user a service runs as: `name` when we are root, else the current user."""
    return name if is_root() else None


def make_dir(path: Path, *, owner: str | None = None, mode: int = 0o755) -> Path:
    """Create `path` (and parents), then set its mode and, as root, its owner."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(mode)
    if owner is not None and is_root():
        chown(path, owner)
    return path


def chown(path: Path, owner: str, *, recursive: bool = False) -> None:
    """Give `path` (and, when recursive, everything under it) to `owner` and its group."""
    entry = pwd.getpwnam(owner)
    gid = entry.pw_gid if entry.pw_gid else grp.getgrnam(owner).gr_gid
    os.chown(path, entry.pw_uid, gid)
    if recursive:
        for root, dirs, files in os.walk(path):
            for name in (*dirs, *files):
                os.lchown(Path(root) / name, entry.pw_uid, gid)


def ensure_traversable(path: Path) -> None:
    """Add o+x to `path`'s ancestors so service users can reach their directories inside it."""
    if not is_root():
        return  # services then run as the invoking user, who can already reach the path
    for parent in [path, *path.parents]:
        if not parent.exists():
            continue
        mode = parent.stat().st_mode
        if mode & stat.S_IXOTH:
            continue
        parent.chmod(mode | stat.S_IXOTH)


def read_pid(pidfile: Path) -> int | None:
    """Return the pid in the first line of `pidfile`, or None when it is missing or empty."""
    try:
        first = pidfile.read_text().splitlines()[0].strip()
    except (OSError, IndexError):
        return None
    return int(first) if first.isdigit() else None


def pid_alive(pid: int | None, expect: str = "") -> bool:
    """Return whether `pid` runs and, when `expect` is given, its command line mentions it."""
    if pid is None or pid <= 0:
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    if "\nState:\tZ" in status:
        return False
    return expect in cmdline


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """Return whether something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for(check: Callable[[], bool], timeout: float, interval: float = 0.25) -> bool:
    """Call `check` until it returns True or `timeout` seconds pass; return the last result."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def terminate(pid: int, expect: str, timeout: float = 60.0) -> None:
    """Send SIGTERM to `pid`, wait for it to exit, and SIGKILL it after `timeout` seconds."""
    if not pid_alive(pid, expect):
        return
    os.kill(pid, signal.SIGTERM)
    if wait_for(lambda: not pid_alive(pid, expect), timeout):
        return
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not pid_alive(pid, expect), 10.0)


def tail(path: Path, lines: int = 20, *, from_start: bool = False) -> str:
    """Return the last (or first) `lines` lines of a log file, or a note when it is unreadable."""
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(cannot read {path}: {exc.strerror})"
    chosen = text.splitlines()[:lines] if from_start else text.splitlines()[-lines:]
    return "\n".join(chosen)


def apt_install(packages: Sequence[str], why: str) -> None:
    """Install Debian packages with apt-get as root, or explain which package is missing."""
    global _APT_UPDATED
    names = " ".join(packages)
    if not is_root() or shutil.which("apt-get") is None:
        raise ServiceError(f"{why} is missing: install it with `sudo apt-get install -y {names}`")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    if not _APT_UPDATED:
        run(["apt-get", "update"], env=env, timeout=600)
        _APT_UPDATED = True
    run(["apt-get", "install", "-y", "--no-install-recommends", *packages], env=env, timeout=1200)


def require_command(command: str, package: str, what: str) -> str:
    """Return the path of `command`, installing its Debian package first when it is missing."""
    found = shutil.which(command)
    if found is None:
        apt_install([package], f"{what} (Debian package `{package}`)")
        found = shutil.which(command)
    if found is None:
        raise ServiceError(f"{command} is still missing after installing `{package}`")
    return found


def apt_has_package(name: str) -> bool:
    """Return whether apt knows a package called `name`."""
    if shutil.which("apt-cache") is None:
        return False
    return run(["apt-cache", "show", name], check=False).returncode == 0


def describe_failure(what: str, log: Path, extra: str = "") -> ServiceError:
    """Build the error for a service that did not come up, quoting the end of its log."""
    parts = [f"{what}. Read {log}; its last lines:", tail(log)]
    if extra.strip():
        parts.append(extra.strip())
    return ServiceError("\n".join(parts))
