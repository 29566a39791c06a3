"""arq jobs of the indexer: rebuild, parity check and on-demand outbox sync, each recorded."""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from core.jobs import report_progress, run_job_in_thread
from core.settings import Settings
from indexer import versions
from indexer.outbox import sync_until_empty
from indexer.parity import verify
from indexer.rebuild import RebuildProgress, rebuild

# Up to the alias swap a rebuild can still be abandoned; after it, it must finish.
CANCELLABLE_PHASES = frozenset({"starting", "loading", "finalizing", "swapping"})


def _clients(ctx: dict[str, Any]) -> tuple[Settings, Engine, Elasticsearch]:
    """Return the worker's settings, engine and ES client."""
    return ctx["settings"], ctx["engine"], ctx["es"]


async def rebuild_index(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Rebuild the products index as job `job_id`, reporting progress and honouring cancel."""
    settings, engine, es = _clients(ctx)

    def progress(state: RebuildProgress) -> None:
        report_progress(
            engine,
            job_id,
            phase=state.phase,
            done=state.indexed,
            total=state.total,
            cancellable=state.phase in CANCELLABLE_PHASES,
        )

    def work() -> dict[str, Any]:
        result = rebuild(
            engine=engine,
            es=es,
            alias=settings.products_alias,
            keep=settings.keep_index_versions,
            chunk_size=settings.rebuild_chunk_size,
            shards=settings.es_shards,
            replicas=settings.es_replicas,
            on_progress=progress,
            pause_s=settings.rebuild_batch_pause_s,
        )
        return {
            "index": result.index,
            "previous": result.previous,
            "documents": result.documents,
            "seconds": round(result.seconds, 2),
            "replayed": result.replayed,
            "pruned": result.pruned,
        }

    return await run_job_in_thread(engine, job_id, work, heartbeat_s=settings.job_heartbeat_s)


async def verify_index(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Compare Postgres with the live index as job `job_id`."""
    settings, engine, es = _clients(ctx)

    def work() -> dict[str, Any]:
        with Session(engine) as session:
            report = verify(session=session, es=es, index=settings.products_alias)
        return {
            "in_sync": report.in_sync,
            "postgres_count": report.postgres_count,
            "es_count": report.es_count,
            "sampled": report.sampled,
            "missing_in_es": report.missing_in_es[:20],
            "extra_in_es": report.extra_in_es[:20],
            "stale": report.stale[:20],
            "mismatched": report.mismatched[:20],
        }

    return await run_job_in_thread(engine, job_id, work, heartbeat_s=settings.job_heartbeat_s)


async def sync_outbox(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Apply every pending outbox change now, as job `job_id`."""
    settings, engine, es = _clients(ctx)

    def work() -> dict[str, Any]:
        versions.ensure_fields(es, settings.products_alias)
        result = sync_until_empty(engine=engine, es=es, alias=settings.products_alias)
        return {"claimed": result.claimed, "applied": result.applied, "failed": result.failed}

    return await run_job_in_thread(engine, job_id, work, heartbeat_s=settings.job_heartbeat_s)
