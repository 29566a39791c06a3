"""Process helpers, service selection and the CLI's output, without starting anything."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infra import cli, process, services
from infra.process import ServiceError, ServiceStatus


def test_read_pid(tmp_path: Path) -> None:
    pidfile = tmp_path / "x.pid"
    assert process.read_pid(pidfile) is None
    pidfile.write_text("1234\n/data\n")
    assert process.read_pid(pidfile) == 1234
    pidfile.write_text("\n")
    assert process.read_pid(pidfile) is None


def test_pid_alive_checks_the_command_line() -> None:
    assert process.pid_alive(os.getpid())
    assert process.pid_alive(os.getpid(), "python")
    assert not process.pid_alive(os.getpid(), "no-such-program-name")
    assert not process.pid_alive(None)


def test_tail_and_head(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text("".join(f"line {i}\n" for i in range(30)))
    assert process.tail(log, 2) == "line 28\nline 29"
    assert process.tail(log, 2, from_start=True) == "line 0\nline 1"
    assert "cannot read" in process.tail(tmp_path / "missing.log")


def test_port_open() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert process.port_open("127.0.0.1", port)
    assert not process.port_open("127.0.0.1", port)


def test_wait_for_times_out() -> None:
    calls: list[int] = []

    def never() -> bool:
        calls.append(1)
        return False

    assert not process.wait_for(never, timeout=0.05, interval=0.01)
    assert len(calls) >= 2
    assert process.wait_for(lambda: True, timeout=0)


def test_describe_failure_quotes_the_log(tmp_path: Path) -> None:
    log = tmp_path / "svc.log"
    log.write_text("boot\nFATAL: port in use\n")
    error = process.describe_failure("svc did not start", log)
    assert str(log) in str(error)
    assert "FATAL: port in use" in str(error)


def test_select_keeps_start_order_and_rejects_unknown_names() -> None:
    names = [s.name for s in services.select(["elasticsearch", "postgres"])]
    assert names == ["postgres", "elasticsearch"]
    assert [s.name for s in services.select(None)] == ["postgres", "redis", "elasticsearch"]
    with pytest.raises(ServiceError):
        services.select(["mysql"])


def fake_statuses(healthy: bool) -> list[ServiceStatus]:
    return [
        ServiceStatus(name="postgres", running=True, healthy=True, port=1, pid=10, version="15"),
        ServiceStatus(name="redis", running=healthy, healthy=healthy, port=2),
    ]


def test_status_command_exit_code_follows_health(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.setattr(services, "status", lambda settings, only: fake_statuses(True))
    result = runner.invoke(cli.services_app, ["status"])
    assert result.exit_code == 0
    assert "postgres" in result.output and "healthy" in result.output

    monkeypatch.setattr(services, "status", lambda settings, only: fake_statuses(False))
    result = runner.invoke(cli.services_app, ["status", "--json"])
    assert result.exit_code == 1
    assert [row["healthy"] for row in json.loads(result.output)] == [True, False]


def test_up_reports_failures_with_exit_code_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_up(settings: object, only: list[str], on_ready: object) -> None:
        raise ServiceError("redis: port 1 is taken")

    monkeypatch.setattr(services, "up", failing_up)
    result = CliRunner().invoke(cli.services_app, ["up", "--only", "redis"])
    assert result.exit_code == 1
    assert "port 1 is taken" in result.output


def test_every_command_has_help() -> None:
    for command in ("up", "down", "status"):
        result = CliRunner().invoke(cli.services_app, [command, "--help"])
        assert result.exit_code == 0
        assert "--only" in result.output
