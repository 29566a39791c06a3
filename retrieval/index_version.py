"""What the live index holds, as one string: its name and the last product change synced in.

Read at most once a second per API process (one alias lookup and one indexed query), so
the retrieval cache can key on it: a rebuild or rollback changes the name, a synced product
change the number.
"""

from __future__ import annotations

import logging
import threading
import time

from elasticsearch import Elasticsearch
from sqlalchemy.orm import Session, sessionmaker

from indexer.outbox import last_synced_id
from indexer.versions import live_index

log = logging.getLogger(__name__)

POLL_S = 1.0


class LiveIndexVersion:
    """The live index's version, re-read when older than a second."""

    def __init__(self, poll_s: float = POLL_S) -> None:
        self.poll_s = poll_s
        self._value: str | None = None
        self._synced = 0
        self._read_at = float("-inf")
        self._lock = threading.Lock()

    def get(self, es: Elasticsearch, factory: sessionmaker[Session], alias: str) -> str | None:
        """Return the version, or None while it cannot be told (then nothing is cached)."""
        if time.monotonic() - self._read_at < self.poll_s:
            return self._value
        if not self._lock.acquire(blocking=False):
            return self._value  # another request is reading it
        try:
            self._read(es, factory, alias)
        finally:
            self._lock.release()
        return self._value

    def _read(self, es: Elasticsearch, factory: sessionmaker[Session], alias: str) -> None:
        """Read both parts; a part that cannot be read keeps its last value."""
        self._read_at = time.monotonic()
        try:
            index = live_index(es.options(request_timeout=1), alias)
        except Exception as exc:  # ES away: search fails over, nothing to cache
            log.debug("index version: alias unreadable: %s", exc)
            index = None
        try:
            with factory() as db:
                self._synced = last_synced_id(db)
        except Exception as exc:  # Postgres away: no product can change meanwhile
            log.debug("index version: outbox unreadable: %s", exc)
        self._value = f"{index}@{self._synced}" if index else None
