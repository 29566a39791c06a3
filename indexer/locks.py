"""A rebuild lock held in Postgres: released by the server if its holder dies."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

from indexer.exceptions import RebuildInProgress

# An arbitrary constant naming "the products rebuild" among advisory locks.
REBUILD_LOCK_KEY = 0x41_49_53_4C  # "AISL"


@contextmanager
def rebuild_lock(engine: Engine) -> Iterator[None]:
    """Hold the rebuild lock for the block, or raise RebuildInProgress at once.

    A session-level advisory lock lives exactly as long as its connection, so a worker
    killed mid-rebuild cannot hold it forever.
    """
    with engine.connect() as connection:
        got = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": REBUILD_LOCK_KEY}
        ).scalar()
        if not got:
            raise RebuildInProgress("another index rebuild is running")
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": REBUILD_LOCK_KEY})
            connection.commit()
