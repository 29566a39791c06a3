"""Pydantic shapes of the ranking admin API and of search explanations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field

from core.schemas import ApiModel


class RankingModelRead(ApiModel):
    """A stored ranker as admins see it (never its artifact)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: datetime
    trained_by: str
    features: list[str]
    metrics: dict[str, Any]
    training_data: dict[str, Any]
    checksum: str
    active: bool
    promoted_by: str | None
    promoted_at: datetime | None
    promotion_note: str | None


class PromoteRequest(ApiModel):
    """Promote through the gate, or past it with a recorded reason."""

    model_config = ConfigDict(extra="forbid")

    force: bool = False
    note: str | None = Field(default=None, max_length=500)


class FeatureContribution(ApiModel):
    """One feature's value and how much it moved the model's score."""

    name: str
    value: float | None
    contribution: float


class Explanation(ApiModel):
    """Why a result sits where it does under the learned ranker."""

    model: str
    score: float
    features: list[FeatureContribution]
