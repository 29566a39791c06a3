"""Record what the search API served for each query_id, so training need not trust clients."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from analytics.models import ServedQuery

log = logging.getLogger(__name__)


def record_served(
    factory: sessionmaker[Session],
    *,
    query_id: str,
    query: str,
    filters: dict[str, Any],
    sort: str,
    offset: int,
    total: int,
    product_ids: list[int],
    user_id: int | None,
    anonymous_id: str | None,
    variant: str = "bm25",
    merch_version: int | None = None,
) -> None:
    """Store one served result list; a database failure is logged, never fails the search."""
    row = ServedQuery(
        query_id=uuid.UUID(query_id),
        user_id=user_id,
        anonymous_id=anonymous_id,
        query=query,
        filters=filters,
        sort=sort,
        offset=offset,
        total=total,
        product_ids=product_ids,
        variant=variant,
        merch_version=merch_version,
    )
    try:
        with factory() as db:
            db.add(row)
            db.commit()
    except SQLAlchemyError as exc:
        log.warning("could not record served query %s: %s", query_id, exc)
