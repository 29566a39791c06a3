"""`aisle index`: rebuild, inspect, roll back, verify and sync the products index."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from core.cli_errors import exit_on_refusal
from core.jobs import create_job, report_progress, run_beating
from core.jobs_cli import follow_job, progress_printer, submit_from_cli
from core.runtime import open_runtime
from core.settings import get_settings
from indexer import versions
from indexer.outbox import follow, sync_until_empty
from indexer.parity import verify
from indexer.rebuild import RebuildProgress, rebuild
from indexer.status import index_status
from indexer.tasks import CANCELLABLE_PHASES

index_app = typer.Typer(
    help="Build and maintain the Elasticsearch products index.", no_args_is_help=True
)


@index_app.command("rebuild")
def rebuild_command(
    keep: int = typer.Option(None, min=1, help="Index versions to keep (default: settings)."),
    queue: bool = typer.Option(
        False, "--queue", help="Hand the rebuild to the worker and follow its progress."
    ),
) -> None:
    """Build a new index version from Postgres and swap the alias to it (recorded as a job)."""
    settings = get_settings()
    if queue:
        follow_job(submit_from_cli("rebuild"))
        return
    with open_runtime(settings, es_timeout=120) as rt:
        with rt.session_factory() as db:
            job = create_job(db, kind="rebuild", triggered_by="cli", params={})
        show = progress_printer()

        def progress(state: RebuildProgress) -> None:
            report_progress(
                rt.engine,
                job.id,
                phase=state.phase,
                done=state.indexed,
                total=state.total,
                cancellable=state.phase in CANCELLABLE_PHASES,
            )
            show(state.phase, state.indexed, state.total)

        def work() -> dict[str, object]:
            result = rebuild(
                engine=rt.engine,
                es=rt.es,
                alias=settings.products_alias,
                keep=keep or settings.keep_index_versions,
                on_progress=progress,
                chunk_size=settings.rebuild_chunk_size,
                shards=settings.es_shards,
                replicas=settings.es_replicas,
            )
            typer.echo(
                f"{result.index} is live ({result.documents} documents in {result.seconds:.1f}s, "
                f"{result.docs_per_second:.0f} docs/s; replayed {result.replayed} changes; "
                f"previous {result.previous or 'none'}; pruned {len(result.pruned)})"
            )
            return {"index": result.index, "documents": result.documents}

        outcome = run_beating(rt.engine, job.id, work, heartbeat_s=settings.job_heartbeat_s)
    if outcome is None:
        typer.echo(f"job {job.id} was cancelled")
        raise typer.Exit(1)


@index_app.command("status")
def status_command(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the live index, kept versions, counts and outbox backlog."""
    settings = get_settings()
    with open_runtime(settings) as rt, rt.session_factory() as session:
        status = index_status(session=session, es=rt.es, alias=settings.products_alias)
    if as_json:
        typer.echo(json.dumps(asdict(status), indent=2))
        return
    typer.echo(f"alias {status.alias} → {status.live or '(none)'}  cluster {status.cluster_health}")
    typer.echo(
        f"postgres products {status.postgres_products}, live index documents {status.es_documents}"
    )
    age = f"{status.outbox_oldest_age_s:.1f}s" if status.outbox_oldest_age_s is not None else "-"
    typer.echo(f"outbox pending {status.outbox_pending} (oldest {age})")
    for version in status.versions:
        mark = "*" if version.live else " "
        state = "complete" if version.complete else "INCOMPLETE"
        typer.echo(f" {mark} {version.name}  {version.docs} docs  {state}")


@index_app.command("rollback")
def rollback_command(
    to: str | None = typer.Option(None, "--to", help="A kept version (default: the previous)."),
) -> None:
    """Point the alias back at an earlier complete index version."""
    settings = get_settings()
    with open_runtime(settings) as rt, exit_on_refusal():
        left, now = versions.rollback(rt.es, settings.products_alias, to)
    typer.echo(f"rolled back: {settings.products_alias} → {now} (was {left})")


@index_app.command("verify")
def verify_command(
    sample: int = typer.Option(500, min=1, help="Products whose fields are compared."),
    queue: bool = typer.Option(False, "--queue", help="Run it in the worker, as a job."),
) -> None:
    """Compare Postgres and the live index: ids, versions and sampled field checksums."""
    settings = get_settings()
    if queue:
        follow_job(submit_from_cli("verify"))
        return
    with open_runtime(settings, es_timeout=60) as rt, rt.session_factory() as session:
        report = verify(session=session, es=rt.es, index=settings.products_alias, sample=sample)
    typer.echo(
        f"postgres {report.postgres_count}, elasticsearch {report.es_count}, "
        f"sampled {report.sampled}"
    )
    for label, ids in (
        ("missing in ES", report.missing_in_es),
        ("only in ES", report.extra_in_es),
        ("stale version", report.stale),
        ("field mismatch", report.mismatched),
    ):
        if ids:
            typer.echo(f"  {label}: {len(ids)} e.g. {ids[:10]}")
    typer.echo("in sync" if report.in_sync else "DRIFT found")
    if not report.in_sync:
        raise typer.Exit(1)


@index_app.command("sync")
def sync_command(
    follow_changes: bool = typer.Option(
        False, "--follow", help="Keep running and apply changes as they come."
    ),
) -> None:
    """Apply pending outbox changes to the live index (once, or continuously with --follow)."""
    settings = get_settings()
    with open_runtime(settings) as rt:
        if follow_changes:
            typer.echo("following the outbox; Ctrl-C to stop")
            follow(engine=rt.engine, es=rt.es, alias=settings.products_alias)
            return
        result = sync_until_empty(engine=rt.engine, es=rt.es, alias=settings.products_alias)
    typer.echo(
        f"applied {result.applied} changes from {result.claimed} entries ({result.failed} failed)"
    )
