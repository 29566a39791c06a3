"""Pydantic shapes shared across packages: background job records, the error body."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class ApiModel(BaseModel):
    """The base of every shape the API reads or answers with."""

    # An answer always carries a field that has a default, so its output schema marks it
    # required and the generated client's response types need no `| undefined`.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class JobRead(ApiModel):
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


class JobPage(ApiModel):
    """One page of jobs, newest first."""

    total: int
    page: int
    size: int
    jobs: list[JobRead]


class ErrorItem(ApiModel):
    """One problem with a request: where it is, what is wrong, and its kind."""

    loc: list[str | int]
    msg: str
    type: str


class ErrorBody(ApiModel):
    """The body of every 4xx/5xx answer (FastAPI's validation error shape)."""

    detail: list[ErrorItem]
