"""Event retention: drop (or archive, then drop) raw behaviour older than the configured age.

Rollups are kept for good; only raw events and served-query records go, and only for days
the rollup job has computed, so no figure is ever lost. Rows go in small batches, each its
own short transaction, so ingestion (which only appends new rows) is never blocked. With an
archive directory, each batch is written to a gzipped JSON-lines file and synced before its
transaction commits: a failure before the commit keeps the rows in Postgres, a failure
after it leaves them both archived and gone, as intended; an interrupted run resumes next
night where it stopped.
"""

from __future__ import annotations

import gzip
import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

BATCH = 5000

OLDEST_UNROLLED = text(
    """
    SELECT min((served_at AT TIME ZONE 'UTC')::date) FROM served_queries
    WHERE served_at < :cutoff
      AND (served_at AT TIME ZONE 'UTC')::date NOT IN (SELECT day FROM rolled_days)
    """
)

# Table, its time column, its key: each batch deletes the oldest rows before the cutoff.
TABLES = (("events", "occurred_at", "id"), ("served_queries", "served_at", "query_id"))


def apply_retention(
    engine: Engine, *, keep_days: int, archive_dir: Path | None, today: date | None = None
) -> dict[str, Any]:
    """Remove raw rows older than `keep_days` whose days are rolled up; return the counts."""
    today = today or datetime.now(UTC).date()
    cutoff = datetime.combine(today - timedelta(days=keep_days), time(), tzinfo=UTC)
    with engine.connect() as connection:
        unrolled = connection.execute(OLDEST_UNROLLED, {"cutoff": cutoff}).scalar()
    if unrolled is not None:  # never drop what no rollup has counted yet
        cutoff = min(cutoff, datetime.combine(unrolled, time(), tzinfo=UTC))
    removed = {
        table: _remove_before(engine, table, column, key, cutoff, archive_dir)
        for table, column, key in TABLES
    }
    return {"cutoff": cutoff.isoformat(), **removed}


def _remove_before(
    engine: Engine, table: str, column: str, key: str, cutoff: datetime, archive_dir: Path | None
) -> int:
    """Delete a table's rows older than the cutoff in batches, archiving each batch first."""
    # Table and column names come from TABLES above, never from input.
    delete = text(
        f"DELETE FROM {table} WHERE {key} IN "  # noqa: S608
        f"(SELECT {key} FROM {table} WHERE {column} < :cutoff LIMIT :batch) "
        f"RETURNING row_to_json({table})::text"
    )
    total = 0
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    while True:
        with engine.begin() as connection:
            rows = [
                row[0] for row in connection.execute(delete, {"cutoff": cutoff, "batch": BATCH})
            ]
            if rows and archive_dir is not None:
                _archive(archive_dir / f"{table}-{stamp}-{total // BATCH:06d}.jsonl.gz", rows)
        total += len(rows)
        if len(rows) < BATCH:
            return total


def _archive(path: Path, rows: list[str]) -> None:
    """Write rows as gzipped JSON lines and sync them to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as archive:
        archive.writelines(row + "\n" for row in rows)
    with path.open("rb") as written:
        os.fsync(written.fileno())
