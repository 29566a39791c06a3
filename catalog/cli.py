"""`aisle catalog`: import a catalog file or generate a synthetic one."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from catalog.generator import generate_products
from catalog.imports import import_catalog
from catalog.service import ImportReport, import_products
from core.runtime import open_runtime
from core.settings import get_settings

catalog_app = typer.Typer(help="Load products into Postgres.", no_args_is_help=True)

SHOWN_ERRORS = 20


@catalog_app.command("import")
def import_command(
    path: Path = typer.Argument(
        None,
        help="Icecat directory or .zip/.json, or a .csv/.jsonl file (see catalog/FORMAT.md). "
        "Default: AISLE_CATALOG_PATH.",
    ),
    batch_size: int = typer.Option(1000, min=1, max=10_000, help="Rows per transaction."),
    strict: bool = typer.Option(False, help="Exit 1 if any row was skipped."),
) -> None:
    """Upsert products by sku; bad rows are reported with position and reason, and skipped.

    Rows without a brand or product type get one learned from the catalog's titles.
    """
    settings = get_settings()
    source = path or settings.catalog_path
    if not source.exists():
        raise typer.BadParameter(f"{source} does not exist", param_hint="PATH")
    started = time.monotonic()
    with open_runtime(settings) as runtime:
        report = import_catalog(
            source, session_factory=runtime.session_factory, batch_size=batch_size
        )
    _print_report(report, time.monotonic() - started)
    if strict and report.errors:
        raise typer.Exit(1)


@catalog_app.command("generate")
def generate_command(
    n: int = typer.Option(10_000, "--n", min=1, help="How many products."),
    seed: int = typer.Option(42, "--seed", help="Same seed, same catalog."),
    output: Path | None = typer.Option(
        None, help="Write JSONL here instead of importing into Postgres."
    ),
    batch_size: int = typer.Option(2000, min=1, max=10_000, help="Rows per transaction."),
) -> None:
    """Generate a deterministic synthetic catalog (for demos without Icecat and scale tests)."""
    started = time.monotonic()
    if output is not None:
        with output.open("w", encoding="utf-8") as handle:
            for product in generate_products(n, seed):
                handle.write(product.model_dump_json() + "\n")
        typer.echo(f"wrote {n} products to {output} in {time.monotonic() - started:.1f}s")
        return
    with open_runtime(get_settings()) as runtime:
        report = import_products(
            generate_products(n, seed),
            session_factory=runtime.session_factory,
            batch_size=batch_size,
        )
    _print_report(report, time.monotonic() - started)


def _print_report(report: ImportReport, seconds: float) -> None:
    """Print an import summary and the first skipped rows."""
    typer.echo(
        f"imported in {seconds:.1f}s: {report.inserted} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.errors)} skipped"
    )
    for error in report.errors[:SHOWN_ERRORS]:
        typer.echo(f"  skipped {error.position}: {error.reason}", err=True)
    if len(report.errors) > SHOWN_ERRORS:
        typer.echo(f"  … and {len(report.errors) - SHOWN_ERRORS} more", err=True)
