"""Record what the search API served for each query_id, so training need not trust clients."""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from behaviour.models import ServedQuery

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServedRecord:
    """One served result page: the request, what was shown, and how it was ranked."""

    query_id: str
    query: str
    filters: dict[str, Any]
    sort: str
    offset: int
    total: int
    product_ids: list[int]
    user_id: int | None
    anonymous_id: str | None
    variant: str = "bm25"
    merch_version: int | None = None
    latency_ms: int | None = None
    experiment_id: int | None = None
    arm: str | None = None
    teams: list[int] | None = None


def record_served(factory: sessionmaker[Session], record: ServedRecord) -> None:
    """Store one served result list; a database failure is logged, never fails the search."""
    row = ServedQuery(**{**asdict(record), "query_id": uuid.UUID(record.query_id)})
    try:
        with factory() as db:
            # A log, not a ledger: waiting for the WAL flush would add ~5 ms to every search,
            # and a crash can lose at most the last few hundred milliseconds of records.
            db.execute(text("SET LOCAL synchronous_commit = off"))
            db.add(row)
            db.commit()
    except SQLAlchemyError as exc:
        log.warning("could not record served query %s: %s", record.query_id, exc)
