"""`aisle jobs`: list, inspect and cancel background jobs."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.orm import Session

from core.cli_errors import exit_on_refusal
from core.db import make_engine, make_session_factory
from core.jobs import ACTIVE, Job, JobStatus, get_job, list_jobs, request_cancel
from core.queue import open_pool, submit_job
from core.schemas import JobRead
from core.settings import get_settings

jobs_app = typer.Typer(help="List, inspect and cancel background jobs.", no_args_is_help=True)


@contextmanager
def db_session() -> Iterator[Session]:
    """Yield a database session; an Aisle error ends the command with its message (exit 2)."""
    engine = make_engine(get_settings(), pool_size=1)
    try:
        with exit_on_refusal(), make_session_factory(engine)() as db:
            yield db
    finally:
        engine.dispose()


def describe(job: Job) -> str:
    """Return a one-line summary of a job (and its error on a second line)."""
    progress = f"{job.phase or '-'} {job.done}/{job.total}" if job.total else (job.phase or "-")
    when = job.created_at.strftime("%Y-%m-%d %H:%M:%S")
    line = f"{job.id:>6}  {job.kind:<8} {job.status:<10} {progress:<24} {when}  {job.triggered_by}"
    return line + (f"\n        error: {job.error}" if job.error else "")


@jobs_app.command("list")
def list_command(
    kind: str | None = typer.Option(None, help="Only this kind (rebuild, verify, sync)."),
    status: JobStatus | None = typer.Option(None, help="Only this status."),
    limit: int = typer.Option(20, min=1, max=1000),
) -> None:
    """List jobs, newest first."""
    with db_session() as db:
        total, jobs = list_jobs(db, kind=kind, status=status, size=limit)
        for job in jobs:
            typer.echo(describe(job))
        typer.echo(f"{len(jobs)} of {total} jobs")


@jobs_app.command("show")
def show_command(job_id: int) -> None:
    """Print one job as JSON."""
    with db_session() as db:
        typer.echo(JobRead.model_validate(get_job(db, job_id)).model_dump_json(indent=2))


@jobs_app.command("cancel")
def cancel_command(job_id: int) -> None:
    """Cancel a queued job, or ask a running one to stop at its next step."""
    with db_session() as db:
        job = request_cancel(db, job_id)
        asked = ", stop requested" if job.cancel_requested else ""
        typer.echo(f"job {job.id}: {job.status}{asked}")


def progress_printer() -> Callable[[str | None, int, int], None]:
    """Return a printer of progress: one line per phase and per tenth of the work."""
    shown: set[tuple[str | None, int]] = set()

    def show(phase: str | None, done: int, total: int) -> None:
        tenth = done * 10 // total if total else 0
        if (phase, tenth) not in shown:
            shown.add((phase, tenth))
            typer.echo(f"  {phase or 'queued'}: {done}/{total}")

    return show


def submit_from_cli(kind: str) -> int:
    """Record and queue a job for the worker; return its id."""
    settings = get_settings()

    async def submit() -> int:
        pool = await open_pool(settings)
        try:
            with db_session() as db:
                job = await submit_job(db, pool, kind=kind, triggered_by="cli", params={})
                return job.id
        finally:
            await pool.aclose()  # type: ignore[attr-defined]  # missing from the stubs

    job_id = asyncio.run(submit())
    typer.echo(f"queued job {job_id} ({kind}); Ctrl-C stops following, not the job")
    return job_id


def follow_job(job_id: int, *, poll_s: float = 1.0) -> None:
    """Print a job's progress until it ends; exit 1 unless it succeeded."""
    show = progress_printer()
    while True:
        with db_session() as db:
            job = get_job(db, job_id)
            show(job.phase, job.done, job.total)
            if job.status not in ACTIVE:
                typer.echo(describe(job))
                if job.result:
                    typer.echo(json.dumps(job.result, indent=2))
                if job.status != JobStatus.SUCCEEDED:
                    raise typer.Exit(1)
                return
        time.sleep(poll_s)
