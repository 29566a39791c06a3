"""How every `aisle` command reports a refusal: the message in red, exit code 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from core.errors import AisleError


@contextmanager
def exit_on_refusal(label: str = "error") -> Iterator[None]:
    """End the command with exit code 2 and the message of an Aisle error raised inside."""
    try:
        yield
    except AisleError as exc:
        typer.secho(f"{label}: {exc.message}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc
