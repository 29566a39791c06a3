"""Pydantic shapes shared across packages: background job records, the error body."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class JobRead(BaseModel):
    """A background job as admins see it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    status: str
    triggered_by: str
    params: dict[str, Any]
    phase: str | None
    done: int
    total: int
    result: dict[str, Any] | None
    error: str | None
    cancel_requested: bool
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None


class JobPage(BaseModel):
    """One page of jobs, newest first."""

    total: int
    page: int
    size: int
    jobs: list[JobRead]


class ErrorItem(BaseModel):
    """One problem with a request: where it is, what is wrong, and its kind."""

    loc: list[str | int]
    msg: str
    type: str


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx answer (FastAPI's validation error shape)."""

    detail: list[ErrorItem]
