"""Every `aisle` command answers --help."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from search_service.cli import app


def command_paths() -> list[list[str]]:
    root = typer.main.get_command(app)
    paths: list[list[str]] = [[]]

    def walk(command: object, prefix: list[str]) -> None:
        # Typer vendors click, so test for sub-commands rather than a click class.
        subcommands: dict[str, object] = getattr(command, "commands", {})
        for name, sub in subcommands.items():
            paths.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(root, [])
    return paths


def test_the_expected_commands_exist() -> None:
    names = {" ".join(p) for p in command_paths()}
    for expected in [
        "services up",
        "services down",
        "services status",
        "db migrate",
        "catalog import",
        "catalog generate",
        "index rebuild",
        "index status",
        "index rollback",
        "index verify",
        "serve",
        "worker",
        "eval",
    ]:
        assert expected in names


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "aisle")
def test_every_command_has_help(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
