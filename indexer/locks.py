"""A rebuild lock held in Postgres: released by the server if its holder dies."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

from indexer.exceptions import RebuildInProgress

# An arbitrary constant naming "the products rebuild" among advisory locks.
REBUILD_LOCK_KEY = 0x41_49_53_4C  # "AISL"
LOCK_POLL_S = 0.1


@contextmanager
def rebuild_lock(engine: Engine, *, wait_s: float = 0.0) -> Iterator[None]:
    """Hold the rebuild lock for the block, or raise RebuildInProgress after `wait_s`.

    A session-level advisory lock lives exactly as long as its connection, so a worker
    killed mid-rebuild cannot hold it forever.
    """
    deadline = time.monotonic() + wait_s
    with engine.connect() as connection:
        while not connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": REBUILD_LOCK_KEY}
        ).scalar():
            if time.monotonic() >= deadline:
                raise RebuildInProgress("another index rebuild is running")
            time.sleep(LOCK_POLL_S)
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": REBUILD_LOCK_KEY})
            connection.commit()
