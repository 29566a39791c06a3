"""What the live index holds, as one string: its name and the last product change synced in.

Read at most once a second per API process (one alias lookup and one indexed query), so
the retrieval cache can key on it: a rebuild or rollback changes the name, a synced product
change the number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from elasticsearch import Elasticsearch
from sqlalchemy.orm import Session, sessionmaker

from core.refreshing import Refreshing
from indexer.outbox import last_synced_id
from indexer.versions import live_index

log = logging.getLogger(__name__)

POLL_S = 1.0


@dataclass(frozen=True)
class IndexVersion:
    """The live index's name (None while unreadable) and the last synced product change."""

    index: str | None
    synced: int

    def __str__(self) -> str:
        """Return the version as the cache keys on it."""
        return f"{self.index}@{self.synced}"


class LiveIndexVersion:
    """The live index's version, re-read when older than a second."""

    def __init__(
        self,
        es: Elasticsearch,
        factory: sessionmaker[Session],
        alias: str,
        poll_s: float = POLL_S,
    ) -> None:
        self.es, self.factory, self.alias = es, factory, alias
        self.state: Refreshing[IndexVersion] = Refreshing(
            lambda previous, _token: self._read(previous),
            IndexVersion(None, 0),
            ttl_s=poll_s,
            what="index version",
        )

    def get(self) -> str | None:
        """Return the version, or None while it cannot be told (then nothing is cached)."""
        found = self.state.get()
        return str(found) if found.index else None

    def _read(self, previous: IndexVersion) -> IndexVersion:
        """Read both parts; a part that cannot be read keeps its last value."""
        try:
            index = live_index(self.es.options(request_timeout=1), self.alias)
        except Exception as exc:  # ES away: search fails over, nothing to cache
            log.debug("index version: alias unreadable: %s", exc)
            index = None
        synced = previous.synced
        try:
            with self.factory() as db:
                synced = last_synced_id(db)
        except Exception as exc:  # Postgres away: no product can change meanwhile
            log.debug("index version: outbox unreadable: %s", exc)
        return IndexVersion(index, synced)
