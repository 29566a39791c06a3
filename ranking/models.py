"""The model registry's table: every trained ranker, its metrics, and which one is active."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Index, LargeBinary, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column

from core.db import Base


class RankingModel(Base):
    """A trained ranker: artifact with checksum, features, data window and validation metrics."""

    __tablename__ = "ranking_models"
    __table_args__ = (
        # At most one model serves at a time.
        Index("uq_ranking_models_active", "active", unique=True, postgresql_where=text("active")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    trained_by: Mapped[str] = mapped_column(String(320))
    features: Mapped[list[str]] = mapped_column(JSONB)
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # What it learned from: judgment files and/or the event window.
    training_data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    artifact: Mapped[bytes] = mapped_column(LargeBinary)
    checksum: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    promoted_by: Mapped[str | None] = mapped_column(String(320))
    promoted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when an admin promoted it although it did not beat the active model.
    promotion_note: Mapped[str | None] = mapped_column(Text)
    # Its held-out queries' candidates with their feature rows and judgments
    # (ranking.holdout.pack): the gate scores the active model on these very rows. Loaded only
    # when read (megabytes on a large judgment set); None for models stored before the gate
    # compared on the same queries.
    holdout: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
