"""`aisle analytics`: search reports from the rollups; run the rollup and retention now."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import typer

from core.cli_errors import exit_on_refusal
from core.runtime import open_runtime
from core.settings import get_settings
from core.spreadsheet import safe_cell

if TYPE_CHECKING:
    from analytics.report_schemas import Metrics, Report

analytics_app = typer.Typer(
    help="Search analytics: reports over date ranges, daily rollups, event retention.",
    no_args_is_help=True,
)
FORMATS = ("table", "csv", "json")
COLUMNS = (
    ("searches", "searches", "{:,}"),
    ("unique_queries", "unique", "{:,}"),
    ("zero_result_rate", "zero", "{:.1%}"),
    ("no_click_rate", "no click", "{:.1%}"),
    ("ctr_at_1", "CTR@1", "{:.1%}"),
    ("ctr_at_5", "CTR@5", "{:.1%}"),
    ("ctr_at_10", "CTR@10", "{:.1%}"),
    ("avg_click_position", "avg pos", "{:.2f}"),
    ("add_to_cart_rate", "cart", "{:.1%}"),
    ("conversion_rate", "conv", "{:.1%}"),
    ("revenue_per_search", "rev/search", "{:.2f}"),
)
LATENCY = ("p50", "p95", "p99")
# The export's columns, in order (a contract: spreadsheets and scripts read them by name).
SCOPE_COLUMNS = ("scope", *(key for key, _, _ in COLUMNS), *(f"latency_{p}_ms" for p in LATENCY))


def _day(value: str | None, name: str) -> date | None:
    """Parse a YYYY-MM-DD option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint=name) from None


@analytics_app.command("report")
def report_command(
    since: str = typer.Option(None, "--since", help="First day YYYY-MM-DD (default: 30 days ago)."),
    until: str = typer.Option(
        None, "--until", help="Last day YYYY-MM-DD, inclusive (default: today)."
    ),
    variant: str = typer.Option(None, "--variant", help="Only this ranking variant, e.g. bm25."),
    fmt: str = typer.Option("table", "--format", help="table, csv (one row per scope) or json."),
) -> None:
    """Print search figures: overall, per variant, per day, top and zero-result queries."""
    from analytics.reports import default_range, report

    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    first, last = default_range(_day(since, "--since"), _day(until, "--until"))
    with open_runtime(get_settings()) as rt, rt.session_factory() as db, exit_on_refusal():
        found = report(db, first, last, variant)
    if fmt == "json":
        typer.echo(found.model_dump_json(indent=2))
        return
    scopes = scope_frame(found)
    if fmt == "csv":
        _write_csv(scopes)
        return
    rolled = found.rolled_up_at.isoformat(timespec="seconds") if found.rolled_up_at else "never"
    typer.echo(f"{found.since} .. {found.until}  (rolled up {rolled})")
    _print_table(scopes)
    typer.echo("\ntop queries:")
    for q in found.top_queries:
        typer.echo(
            f"  {q.searches:>7,}  CTR {q.ctr:6.1%}  conv {q.conversion_rate:6.1%}  {q.query}"
        )
    typer.echo("zero-result queries:")
    for z in found.zero_result_queries:
        typer.echo(f"  {z.searches:>7,}  {z.query}")


def scope_frame(found: Report) -> pd.DataFrame:
    """Return one row per scope (overall, each variant, each day), every metric a column.

    Unknown figures (no clicks, no latencies) are missing values, so they print as `-` in the
    table and as empty cells in the CSV.
    """
    scopes: list[tuple[str, Metrics]] = [("overall", found.overall)]
    scopes += [(f"variant {v.variant}", v.metrics) for v in found.variants]
    scopes += [(f"day {d.day}", d.metrics) for d in found.days]
    rows = [
        {
            "scope": scope,
            **metrics.model_dump(exclude={"latency_ms"}),
            **{f"latency_{p}_ms": getattr(metrics.latency_ms, p) for p in LATENCY},
        }
        for scope, metrics in scopes
    ]
    return pd.DataFrame(rows, columns=list(SCOPE_COLUMNS))


def _print_table(scopes: pd.DataFrame) -> None:
    """Print one row per scope with the main metrics and the p95 latency."""
    header = (
        f"{'scope':<22}" + "".join(f"{title:>11}" for _, title, _ in COLUMNS) + f"{'p95 ms':>9}"
    )
    typer.echo(header)
    for row in scopes.to_dict("records"):
        cells = "".join(
            f"{(fmt.format(row[key]) if pd.notna(row[key]) else '-'):>11}"
            for key, _, fmt in COLUMNS
        )
        p95 = row["latency_p95_ms"]
        typer.echo(f"{row['scope']:<22}{cells}{(f'{p95:.0f}' if pd.notna(p95) else '-'):>9}")


def _write_csv(scopes: pd.DataFrame) -> None:
    """Write one CSV row per scope, every metric a column; unknown figures are empty cells.

    Every cell is a number except the scope (overall, variant NAME, day D); text cells go
    through `safe_cell` all the same, so none can be read as a spreadsheet formula. Floats are
    written in their shortest round-trip form and rows end in CRLF (RFC 4180), as the csv
    module does.
    """
    text_columns = [c for c in scopes.columns if pd.api.types.is_string_dtype(scopes[c])]
    guarded = scopes.assign(**{c: scopes[c].map(safe_cell) for c in text_columns})
    guarded.to_csv(sys.stdout, index=False, lineterminator="\r\n")


@analytics_app.command("query")
def query_command(
    q: str = typer.Argument(..., help="The query, as shoppers typed it."),
    since: str = typer.Option(None, "--since", help="First day YYYY-MM-DD (default: 30 days ago)."),
    until: str = typer.Option(None, "--until", help="Last day YYYY-MM-DD (default: today)."),
) -> None:
    """Print one query's figures, the products clicked and the searches that followed."""
    from analytics.reports import default_range, query_report

    first, last = default_range(_day(since, "--since"), _day(until, "--until"))
    with open_runtime(get_settings()) as rt, rt.session_factory() as db, exit_on_refusal():
        found = query_report(db, q, first, last)
    typer.echo(found.model_dump_json(indent=2))


@analytics_app.command("rollup")
def rollup_command() -> None:
    """Roll up the days since the last rollup now (the worker does it hourly)."""
    from analytics.rollups import roll_up

    with open_runtime(get_settings()) as rt:
        typer.echo(roll_up(rt.engine))


@analytics_app.command("retention")
def retention_command() -> None:
    """Remove raw events past AISLE_EVENT_RETENTION_DAYS now (the worker does it nightly)."""
    from behaviour.retention import apply_retention

    settings = get_settings()
    with open_runtime(settings) as rt:
        typer.echo(
            apply_retention(
                rt.engine,
                keep_days=settings.event_retention_days,
                archive_dir=settings.event_archive_dir,
            )
        )
