"""The experiment record: its arms, traffic share, statistical settings and lifecycle."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Float, Integer, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class Mode(StrEnum):
    """How arms are compared."""

    AB = "ab"
    INTERLEAVE = "interleave"


class Status(StrEnum):
    """Where an experiment is in its life: draft, then running, then stopped (for good)."""

    DRAFT = "draft"
    RUNNING = "running"
    STOPPED = "stopped"


class Experiment(Base):
    """One experiment on the search surface."""

    __tablename__ = "experiments"
    __table_args__ = (
        CheckConstraint("mode IN ('ab', 'interleave')", name="mode_known"),
        CheckConstraint("status IN ('draft', 'running', 'stopped')", name="status_known"),
        CheckConstraint("traffic_percent BETWEEN 1 AND 100", name="traffic_percent_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    surface: Mapped[str] = mapped_column(String(40), server_default="search")
    mode: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), server_default="draft")
    traffic_percent: Mapped[int] = mapped_column(Integer)
    # While running, the experiment owns traffic buckets [bucket_start, bucket_start + traffic).
    bucket_start: Mapped[int | None] = mapped_column(Integer)
    alpha: Mapped[float] = mapped_column(Float)
    power: Mapped[float] = mapped_column(Float)
    min_detectable_effect: Mapped[float] = mapped_column(Float)
    baseline_ctr: Mapped[float | None] = mapped_column(Float)
    # The plan (fixed horizon): shoppers per arm from the per-shopper spread of CTR.
    baseline_shopper_sd: Mapped[float | None] = mapped_column(Float)
    planned_shoppers_per_arm: Mapped[int | None] = mapped_column(Integer)
    plan_basis: Mapped[str | None] = mapped_column(String(200))
    arms: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    created_by: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    promoted_arm: Mapped[str | None] = mapped_column(String(40))
    promoted_by: Mapped[str | None] = mapped_column(String(320))
