"""arq jobs of ranking: train a model and promote it if it beats the active one."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import Elasticsearch
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from behaviour.models import Event
from core.clients import make_redis
from core.errors import ConflictError
from core.jobs import create_job, run_job_in_thread
from core.settings import Settings
from ranking.context import published_merch
from ranking.dataset import build
from ranking.judgments import load_judgments
from ranking.models import RankingModel
from ranking.registry import promote
from ranking.rerank import announce_active
from ranking.train import train_and_save

log = logging.getLogger(__name__)


def train_and_offer(
    engine: Engine, es: Elasticsearch, settings: Settings, *, trained_by: str
) -> dict[str, Any]:
    """Train on the configured judgments, store the model, promote it if it passes the gate.

    Any failure leaves the active model as it was: nothing is promoted until the end.
    Candidates come with the published merchandising and features read the live CTRs, as
    serving's do.
    """
    judgments = load_judgments(settings.ranking_judgments_path)
    redis = make_redis(settings)
    with Session(engine) as db:
        merch = published_merch(db)
    try:
        dataset = build(
            es,
            settings.products_alias,
            judgments,
            k=settings.ranking_window,
            merch=merch,
            redis=redis,
        )
    finally:
        redis.close()
    with Session(engine) as db:
        row, _, metrics = train_and_save(
            db,
            dataset,
            trained_by=trained_by,
            training_data={
                "judgments": str(settings.ranking_judgments_path),
                "queries": len(dataset),
                "k": settings.ranking_window,
            },
        )
        try:
            promote(db, row.id, by=f"{trained_by} (gate passed)")
            promoted = True
            redis = make_redis(settings)
            try:
                announce_active(redis)
            finally:
                redis.close()
        except ConflictError as exc:
            log.info("model %s stays inactive: %s", row.id, exc.message)
            promoted = False
        # The gate's comparison on the candidate's held-out queries, when a model was active.
        return {
            "model_id": row.id,
            "promoted": promoted,
            **metrics,
            "gate": row.metrics.get("gate"),
        }


async def train_ranker(ctx: dict[str, Any], job_id: int) -> dict[str, Any] | None:
    """Train a ranker as job `job_id`."""
    settings: Settings = ctx["settings"]

    def work() -> dict[str, Any]:
        return train_and_offer(ctx["engine"], ctx["es"], settings, trained_by=f"job {job_id}")

    return await run_job_in_thread(
        ctx["engine"], job_id, work, heartbeat_s=settings.job_heartbeat_s
    )


async def maybe_retrain(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Train when enough new events arrived, or enough time passed, since the last model."""
    settings: Settings = ctx["settings"]
    with Session(ctx["engine"]) as db:
        last = db.scalar(select(func.max(RankingModel.created_at)))
        since = last or datetime.now(UTC) - timedelta(days=3650)
        fresh = db.scalar(select(func.count()).select_from(Event).where(Event.received_at > since))
        due = last is None or datetime.now(UTC) - last > timedelta(
            hours=settings.ranking_retrain_hours
        )
        if not (due or (fresh or 0) >= settings.ranking_retrain_events):
            return None
        job_id = create_job(db, kind="train", triggered_by="cron", params={}).id
    return await train_ranker(ctx, job_id)
